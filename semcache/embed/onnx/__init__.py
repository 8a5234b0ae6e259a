"""Sentence embedders on onnxruntime: the default all-MiniLM-L6-v2 int8, or any model directory.

onnxruntime and tokenizers are imported when a model is first loaded, never at import time.
"""

from __future__ import annotations

from ._embedder import DEFAULT_BATCH_SIZE, DEFAULT_MAX_LENGTH, DEFAULT_THREADS, OnnxEmbedder
from ._minilm import MINILM_MODEL, MINILM_NAME, MINILM_SHA256, MINILM_TOKENIZER, default_embedder
from ._tokens import TokenStats

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MAX_LENGTH",
    "DEFAULT_THREADS",
    "MINILM_MODEL",
    "MINILM_NAME",
    "MINILM_SHA256",
    "MINILM_TOKENIZER",
    "OnnxEmbedder",
    "TokenStats",
    "default_embedder",
]
