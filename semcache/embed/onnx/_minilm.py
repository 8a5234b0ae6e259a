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

__all__ = ["MINILM_MODEL", "MINILM_NAME", "MINILM_SHA256", "MINILM_TOKENIZER", "default_embedder"]

MINILM_NAME = "all-MiniLM-L6-v2-dynint8"
MINILM_SHA256 = "deda5308ceec9f030145ff4a75eb33b3a230f1ca4b40f91a3f93e36214b5f83c"
#: The shipped model and tokenizer files (package data of semcache.embed).
MINILM_MODEL = Path(__file__).parents[1] / "data" / "all-MiniLM-L6-v2-dynint8.onnx"
MINILM_TOKENIZER = Path(__file__).parents[1] / "data" / "tokenizer.json"
_MINILM_DIM = 384


def default_embedder(*, threads: int | None = None) -> OnnxEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX, 384 dims), shipped with semcache.

    The model file's sha256 is checked now (once per process per file version) and
    raises :class:`EmbeddingError` if it does not match; the model itself loads on
    first use. Each call returns a new, independent embedder. ``threads`` is as for
    :class:`OnnxEmbedder`.

    Texts run one per model run (``batch_size=1``): the model quantizes activations
    with one scale per run, so a text batched with others would get a slightly
    different vector depending on its neighbours, and whether a lookup hits would
    depend on what else was being embedded at the time. One at a time, a text
    always gets the same vector; it costs nothing here, as the int8 model embeds as
    many texts per second alone as in batches (docs/benchmarks.md).
    """
    path = MINILM_MODEL
    fix = "reinstall semcache: pip install --force-reinstall semcache"
    if not path.is_file():
        raise EmbeddingError(f"the default model file {str(path)!r} is missing; {fix}")
    verify_sha256(path, MINILM_SHA256, fix=fix)
    return OnnxEmbedder(
        path,
        MINILM_TOKENIZER,
        name=MINILM_NAME,
        batch_size=1,
        threads=threads,
        sha256=MINILM_SHA256,
        dim=_MINILM_DIM,
    )
