"""The model variant and onnxruntime settings: the CPU table, overrides, and their vectors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from semcache import ConfigError
from semcache.embed import OnnxEmbedder, default_embedder
from semcache.embed.onnx import (
    DEFAULT_VARIANT,
    ENV_THREADS,
    ENV_VARIANT,
    MINILM_MODEL,
    MINILM_TOKENIZER,
    MINILM_VARIANTS,
    TUNING_TABLE,
    OnnxTuning,
    cpu_class,
    cpu_flags,
    select_tuning,
)

AVX2 = frozenset({"sse4_2", "avx", "avx2", "fma"})
AVX512_VNNI = AVX2 | {"avx512f", "avx512bw", "avx512_vnni"}
AVX_VNNI = AVX2 | {"avx_vnni"}
REFERENCE = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text())


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (AVX512_VNNI, "avx512_vnni"),
        (AVX_VNNI, "avx_vnni"),
        (AVX2, "avx2"),
        (AVX2 | {"avx512_vnni"}, "avx2"),  # VNNI without AVX-512 foundation: not usable
        (frozenset({"sse4_2"}), "baseline"),
        (frozenset(), "baseline"),
    ],
)
def test_cpu_class_is_the_first_class_whose_flags_the_cpu_has(
    flags: frozenset[str], expected: str
) -> None:
    """A CPU falls in the best class whose flags it has all of, else the baseline."""
    assert cpu_class(flags) == expected


def test_cpu_flags_are_read_from_cpuinfo(tmp_path: Path) -> None:
    """The flags line of /proc/cpuinfo becomes a set; a missing file gives no flags."""
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu avx2 fma\n")
    assert cpu_flags(cpuinfo) == {"fpu", "avx2", "fma"}
    assert cpu_flags(tmp_path / "missing") == frozenset()


def test_every_cpu_class_has_a_row_and_all_rows_share_one_variant() -> None:
    """Each class has a row; all rows run the same variant, so shared caches agree."""
    assert set(TUNING_TABLE) == {"avx512_vnni", "avx_vnni", "avx2", "baseline"}
    assert {row.variant for row in TUNING_TABLE.values()} == {DEFAULT_VARIANT}
    assert DEFAULT_VARIANT in MINILM_VARIANTS
    assert "measured" in TUNING_TABLE["avx2"].source
    assert "measured" in TUNING_TABLE["avx512_vnni"].source
    assert "not measured here" in TUNING_TABLE["avx_vnni"].source


@pytest.mark.parametrize("flags", [AVX2, AVX512_VNNI, AVX_VNNI, frozenset()])
def test_select_tuning_without_overrides_is_the_table_row(flags: frozenset[str]) -> None:
    """With no argument and no environment variable, the CPU's row is chosen as is."""
    assert select_tuning(flags=flags, environ={}) == TUNING_TABLE[cpu_class(flags)]


def test_arguments_override_the_row_and_say_so() -> None:
    """Given threads and spinning replace the row's; the source names what was given."""
    tuning = select_tuning(intra_op_threads=2, spinning=True, flags=AVX2, environ={})
    assert (tuning.variant, tuning.intra_op_threads, tuning.spinning) == ("dynint8", 2, True)
    assert tuning.source.startswith("intra_op_threads, spinning given")
    assert TUNING_TABLE["avx2"].source in tuning.source


def test_environment_overrides_the_row_and_arguments_override_the_environment() -> None:
    """SEMCACHE_ONNX_THREADS / _VARIANT apply when no argument is given; arguments win."""
    env = {ENV_THREADS: " 2 ", ENV_VARIANT: "dynint8"}
    from_env = select_tuning(flags=AVX2, environ=env)
    assert from_env.intra_op_threads == 2 and ENV_THREADS in from_env.source
    assert ENV_VARIANT in from_env.source
    assert select_tuning(intra_op_threads=1, flags=AVX2, environ=env).intra_op_threads == 1
    assert select_tuning(flags=AVX2, environ={ENV_THREADS: ""}) == TUNING_TABLE["avx2"]


@pytest.mark.parametrize(
    ("kwargs", "environ", "message"),
    [
        ({}, {ENV_THREADS: "two"}, "SEMCACHE_ONNX_THREADS must be an integer from 1 to 64; "),
        ({}, {ENV_THREADS: "0"}, "SEMCACHE_ONNX_THREADS must be an integer from 1 to 64; got '0'"),
        ({}, {ENV_VARIANT: "fp32"}, "SEMCACHE_ONNX_VARIANT must be one of dynint8; got 'fp32'"),
        ({"variant": "fp16"}, {}, "variant must be one of dynint8; got 'fp16'"),
        ({"intra_op_threads": 0}, {}, "intra_op_threads must be an integer from 1 to 64; got 0"),
        ({"intra_op_threads": True}, {}, "intra_op_threads must be an integer"),
        ({"spinning": "yes"}, {}, "spinning must be True or False; got 'yes'"),
    ],
)
def test_bad_values_raise_naming_the_value_and_the_choices(
    kwargs: dict[str, object], environ: dict[str, str], message: str
) -> None:
    """A bad argument or environment value raises ConfigError with the value and the fix."""
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        select_tuning(flags=AVX2, environ=environ, **kwargs)  # type: ignore[arg-type]


def test_onnx_embedder_refuses_a_tuning_that_is_not_one() -> None:
    """tuning= takes an OnnxTuning; anything else is refused by name."""
    with pytest.raises(ConfigError, match="tuning must be an OnnxTuning; got 2"):
        OnnxEmbedder(MINILM_MODEL, MINILM_TOKENIZER, tuning=2)  # type: ignore[arg-type]


def test_default_embedder_reads_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library takes no settings from the environment (only the proxy reads SEMCACHE_*)."""
    monkeypatch.setenv(ENV_THREADS, "2")
    monkeypatch.setenv(ENV_VARIANT, "int4")
    assert default_embedder().tuning == TUNING_TABLE[cpu_class(cpu_flags())]
    assert default_embedder(intra_op_threads=2).tuning.intra_op_threads == 2
    with pytest.raises(ConfigError, match="variant must be one of"):
        default_embedder(variant="int4")


def cosines(vectors: np.ndarray) -> np.ndarray:
    reference = np.array(REFERENCE["vectors"], dtype=np.float32)
    return np.asarray((vectors * reference).sum(axis=1))


SETTINGS = {
    "t1": OnnxTuning(),
    "t2 no-spin": OnnxTuning(intra_op_threads=2, spinning=False),
    "t2 spin": OnnxTuning(intra_op_threads=2, spinning=True),
}


@pytest.fixture(scope="module")
def embedders() -> dict[str, OnnxEmbedder]:
    """The shipped model under each setting, loaded once for the module."""
    made = {
        name: default_embedder(
            variant=t.variant, intra_op_threads=t.intra_op_threads, spinning=t.spinning
        )
        for name, t in SETTINGS.items()
    }
    for embedder in made.values():
        embedder.load()
    return made


@pytest.mark.parametrize("name", SETTINGS)
def test_each_setting_gives_the_reference_vectors(
    embedders: dict[str, OnnxEmbedder], name: str
) -> None:
    """Under every setting (and on this CPU) the shipped model gives the reference vectors."""
    embedder = embedders[name]
    assert embedder.tuning.intra_op_threads == SETTINGS[name].intra_op_threads
    assert embedder.tuning.spinning == SETTINGS[name].spinning
    vectors = embedder.embed(REFERENCE["texts"])
    assert cosines(vectors).min() >= 0.9999


def test_sessions_are_shared_per_setting_not_across_settings(
    embedders: dict[str, OnnxEmbedder],
) -> None:
    """Embedders with the same settings share one session; other settings get their own."""
    same = default_embedder(intra_op_threads=1, spinning=False)
    same.load()
    sessions = {name: e._state().session for name, e in embedders.items()}
    assert same._state().session is sessions["t1"]
    assert len({id(s) for s in sessions.values()}) == len(SETTINGS)
