"""Embedders: text to unit vectors.

``default_embedder()`` is all-MiniLM-L6-v2 (int8 ONNX on onnxruntime), loaded
lazily on first use; ``OnnxEmbedder.from_dir(model_dir)`` runs any other ONNX
sentence-embedding model directory (``model.onnx`` + ``tokenizer.json``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Embedder, Vectors

if TYPE_CHECKING:
    from .onnx import OnnxEmbedder, default_embedder

__all__ = ["Embedder", "OnnxEmbedder", "Vectors", "default_embedder"]


def __getattr__(name: str) -> Any:
    # onnxruntime and tokenizers are imported only when an ONNX embedder is asked
    # for, so `import semcache` stays fast.
    if name in ("OnnxEmbedder", "default_embedder"):
        from . import onnx

        return getattr(onnx, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
