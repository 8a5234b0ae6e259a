"""Sentence embedders on onnxruntime: the default all-MiniLM-L6-v2 int8, or any model directory.

onnxruntime's settings come from a table measured per class of CPU (``TUNING_TABLE``,
``select_tuning``), with overrides. onnxruntime and tokenizers are imported when a model
is first loaded, never at import time.
"""

from __future__ import annotations

from ._embedder import DEFAULT_BATCH_SIZE, DEFAULT_MAX_LENGTH, DEFAULT_THREADS, OnnxEmbedder
from ._minilm import MINILM_MODEL, MINILM_NAME, MINILM_SHA256, MINILM_TOKENIZER, default_embedder
from ._tokens import TokenStats
from ._tuning import (
    CPU_CLASSES,
    DEFAULT_VARIANT,
    ENV_THREADS,
    ENV_VARIANT,
    MINILM_VARIANTS,
    TUNING_TABLE,
    OnnxTuning,
    cpu_class,
    cpu_flags,
    select_tuning,
)

__all__ = [
    "CPU_CLASSES",
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MAX_LENGTH",
    "DEFAULT_THREADS",
    "DEFAULT_VARIANT",
    "ENV_THREADS",
    "ENV_VARIANT",
    "MINILM_MODEL",
    "MINILM_NAME",
    "MINILM_SHA256",
    "MINILM_TOKENIZER",
    "MINILM_VARIANTS",
    "TUNING_TABLE",
    "OnnxEmbedder",
    "OnnxTuning",
    "TokenStats",
    "cpu_class",
    "cpu_flags",
    "default_embedder",
    "select_tuning",
]
