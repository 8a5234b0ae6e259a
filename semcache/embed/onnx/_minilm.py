"""The shipped model: all-MiniLM-L6-v2 int8, its files pinned by sha256.

Its MatMuls are quantized to int8 (weights per channel, activations at run time),
built by training/build_model.py; see embed/data/NOTICE. Vectors differ slightly
from the fp32 model's, so stores record ``MINILM_NAME`` and refuse vectors of
another model.
"""

from __future__ import annotations

from pathlib import Path

from ..._errors import EmbeddingError
from ._embedder import OnnxEmbedder
from ._files import verify_sha256
from ._tuning import select_tuning

__all__ = ["MINILM_MODEL", "MINILM_NAME", "MINILM_SHA256", "MINILM_TOKENIZER", "default_embedder"]

MINILM_NAME = "all-MiniLM-L6-v2-dynint8"
MINILM_SHA256 = "dd71104cbe79a98046f47f1584f3c3c30cf6defe9d8ca3267eebf8282938bc70"
#: The shipped model and tokenizer files (package data of semcache.embed).
MINILM_MODEL = Path(__file__).parents[1] / "data" / "all-MiniLM-L6-v2-dynint8.onnx"
MINILM_TOKENIZER = Path(__file__).parents[1] / "data" / "tokenizer.json"
_MINILM_DIM = 384


def _variant_file(variant: str) -> tuple[Path, str, str]:
    """A shipped variant's (_tuning.MINILM_VARIANTS) file, store name and sha256.

    A variant with other vectors needs its own name, so stores do not mix the two.
    """
    files = {"dynint8": (MINILM_MODEL, MINILM_NAME, MINILM_SHA256)}
    return files[variant]


def default_embedder(
    *,
    threads: int | None = None,
    variant: str | None = None,
    intra_op_threads: int | None = None,
    spinning: bool | None = None,
) -> OnnxEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX, 384 dims), shipped with semcache.

    The model file's sha256 is checked now (once per process per file version) and
    raises :class:`EmbeddingError` if it does not match; the model itself loads on
    first use. Each call returns a new, independent embedder. ``threads`` is as for
    :class:`OnnxEmbedder`. ``variant`` (one of ``MINILM_VARIANTS``),
    ``intra_op_threads`` and ``spinning`` override this CPU's row of the measured
    table (``select_tuning``). The library reads no environment variables; ``semcache
    serve`` takes ``--onnx-variant`` / ``--onnx-threads`` (``SEMCACHE_ONNX_VARIANT``,
    ``SEMCACHE_ONNX_THREADS``) and passes them here.

    Texts run one per model run (``batch_size=1``): the model quantizes activations
    with one scale per run, so a text batched with others would get a slightly
    different vector depending on its neighbours, and whether a lookup hits would
    depend on what else was being embedded at the time. One at a time, a text
    always gets the same vector. It has a price: on the AVX512-VNNI VM a short
    prompt costs about 1.8 ms of model CPU in runs of 8 and 3.2 ms alone, but a text
    batched with others gets a vector as far as cosine 0.975 from its own (below the
    0.995 a cache can tolerate; docs/history/benchmarks.md, "Session of 2026-12-03").
    """
    tuning = select_tuning(variant=variant, intra_op_threads=intra_op_threads, spinning=spinning)
    path, name, digest = _variant_file(tuning.variant)
    fix = "reinstall semcache: pip install --force-reinstall semcache"
    if not path.is_file():
        raise EmbeddingError(f"the default model file {str(path)!r} is missing; {fix}")
    verify_sha256(path, digest, fix=fix)
    return OnnxEmbedder(
        path,
        MINILM_TOKENIZER,
        name=name,
        batch_size=1,
        threads=threads,
        sha256=digest,
        dim=_MINILM_DIM,
        tuning=tuning,
    )
