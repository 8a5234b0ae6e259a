"""How the shipped model runs on this CPU: a measured table by CPU features, and overrides.

The table is data (one row per class of CPU), filled from benchmarks/bench_model.py; see
docs/benchmarks.md, "The model on this CPU". A row that nobody measured says so, and
keeps the settings of the measured rows.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..._errors import ConfigError

__all__ = [
    "CPU_CLASSES",
    "DEFAULT_VARIANT",
    "ENV_THREADS",
    "ENV_VARIANT",
    "MINILM_VARIANTS",
    "TUNING_TABLE",
    "OnnxTuning",
    "cpu_class",
    "cpu_flags",
    "select_tuning",
]

#: The shipped model variants by name. One file only: every other variant measured
#: (fp32, 8-bit or per-tensor int8, static QDQ int8, fp16) was slower or no faster on
#: the CPU measured, and all give other vectors (below the 0.995 cosine a drop-in needs).
MINILM_VARIANTS: tuple[str, ...] = ("dynint8",)
DEFAULT_VARIANT = "dynint8"
#: Operator overrides, read when the matching argument is not given (like OMP_NUM_THREADS:
#: the model is loaded deep inside a cache, and the right value depends on the machine).
ENV_VARIANT = "SEMCACHE_ONNX_VARIANT"
ENV_THREADS = "SEMCACHE_ONNX_THREADS"
_MAX_THREADS = 64


def _variant_setting(value: object, setting: str) -> str:
    if value not in MINILM_VARIANTS:
        raise ConfigError(f"{setting} must be one of {', '.join(MINILM_VARIANTS)}; got {value!r}")
    return str(value)


def _threads_setting(value: object, setting: str) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= _MAX_THREADS
    if not ok:
        raise ConfigError(f"{setting} must be an integer from 1 to {_MAX_THREADS}; got {value!r}")
    return value  # type: ignore[return-value]


@dataclass(frozen=True)
class OnnxTuning:
    """The variant and onnxruntime settings one model session runs with.

    ``intra_op_threads``: threads inside one model run (onnxruntime's intra-op pool).
    ``spinning``: whether those threads busy-wait between operators (lower latency,
    but they burn the CPU other threads of the process need). ``source`` says where the
    values come from: a measured table row, "not measured here", or an override.
    """

    variant: str = DEFAULT_VARIANT
    intra_op_threads: int = 1
    spinning: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        _variant_setting(self.variant, "variant")
        _threads_setting(self.intra_op_threads, "intra_op_threads")
        if not isinstance(self.spinning, bool):
            raise ConfigError(f"spinning must be True or False; got {self.spinning!r}")


#: CPU classes, best first: a CPU belongs to the first class whose flags it has all of.
#: The flag names are Linux's (/proc/cpuinfo).
CPU_CLASSES: tuple[tuple[str, frozenset[str]], ...] = (
    ("avx512_vnni", frozenset({"avx512f", "avx512_vnni"})),
    ("avx_vnni", frozenset({"avx2", "avx_vnni"})),
    ("avx2", frozenset({"avx2", "fma"})),
    ("baseline", frozenset()),
)

_AVX2 = "measured: bench_model.py on a 2-core AMD EPYC VM (AVX2, FMA, no AVX-512, no VNNI)"
_AVX512_VNNI = (
    "measured: bench_model.py on a 2-core AMD EPYC VM (family 25 model 17: AVX-512, "
    "AVX512-VNNI); the shipped vectors on it match the AVX2 reference"
)
_AVX_VNNI = "not measured here (no AVX-VNNI machine); the AVX512-VNNI row's settings"
#: One row per CPU class. One intra-op thread everywhere: a second thread cut a 25-token
#: embedding's latency little and cost CPU the proxy's other threads need; spinning
#: costs more still (docs/benchmarks.md). The same variant on every row, so every
#: machine sharing a cache computes the same vectors.
TUNING_TABLE: Mapping[str, OnnxTuning] = {
    "avx512_vnni": OnnxTuning("dynint8", 1, False, _AVX512_VNNI),
    "avx_vnni": OnnxTuning("dynint8", 1, False, _AVX_VNNI),
    "avx2": OnnxTuning("dynint8", 1, False, _AVX2),
    "baseline": OnnxTuning("dynint8", 1, False, "not measured here (no AVX2)"),
}


@functools.lru_cache(maxsize=8)  # /proc/cpuinfo is long on big machines; read it once
def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """This CPU's feature flags as Linux names them; empty where /proc/cpuinfo is not."""
    try:
        text = cpuinfo.read_text()
    except OSError:
        return frozenset()
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() in ("flags", "Features"):
            return frozenset(value.split())
    return frozenset()


def cpu_class(flags: frozenset[str]) -> str:
    """The first of ``CPU_CLASSES`` whose flags are all in ``flags``."""
    return next(name for name, needed in CPU_CLASSES if needed <= flags)


def select_tuning(
    *,
    variant: str | None = None,
    intra_op_threads: int | None = None,
    spinning: bool | None = None,
    flags: frozenset[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> OnnxTuning:
    """The tuning for this CPU: its ``TUNING_TABLE`` row, then overrides.

    An argument that is given wins; else ``SEMCACHE_ONNX_VARIANT`` /
    ``SEMCACHE_ONNX_THREADS`` from ``environ`` when one is passed (the library reads no
    environment of its own: ``semcache serve`` reads these as its ``--onnx-variant`` /
    ``--onnx-threads`` settings); else the row.
    ``flags`` defaults to :func:`cpu_flags`. Raises :class:`ConfigError` naming the bad
    value and the choices.
    """
    env: Mapping[str, str] = {} if environ is None else environ
    row = TUNING_TABLE[cpu_class(cpu_flags() if flags is None else flags)]
    tuning, overrides = row, []
    if variant is None and env.get(ENV_VARIANT, "").strip():
        variant, setting = env[ENV_VARIANT].strip(), ENV_VARIANT
    else:
        setting = "variant"
    if variant is not None:
        tuning = replace(tuning, variant=_variant_setting(variant, setting))
        overrides.append(setting)
    if intra_op_threads is None and env.get(ENV_THREADS, "").strip():
        tuning = replace(tuning, intra_op_threads=_threads_from_env(env[ENV_THREADS]))
        overrides.append(ENV_THREADS)
    elif intra_op_threads is not None:
        threads = _threads_setting(intra_op_threads, "intra_op_threads")
        tuning = replace(tuning, intra_op_threads=threads)
        overrides.append("intra_op_threads")
    if spinning is not None:
        tuning = replace(tuning, spinning=spinning)
        overrides.append("spinning")
    if not overrides:
        return row
    return replace(tuning, source=f"{', '.join(overrides)} given; table row: {row.source}")


def _threads_from_env(value: str) -> int:
    try:
        return _threads_setting(int(value.strip()), ENV_THREADS)
    except ValueError:
        pass
    raise ConfigError(f"{ENV_THREADS} must be an integer from 1 to {_MAX_THREADS}; got {value!r}")
