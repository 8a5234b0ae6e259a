"""Setting up an OnnxEmbedder: its settings checked, its files verified and loaded.

The settings are checked when the embedder is made; the files are read on first use.
onnxruntime and tokenizers are imported only then, never at import time.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import ConfigError, EmbeddingError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = [
    "default_name",
    "existing_file",
    "load_tokenizer",
    "name_setting",
    "positive_int",
    "sha256_setting",
    "shared_session",
    "verify_sha256",
]

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def existing_file(path: str | os.PathLike[str], setting: str) -> Path:
    resolved = Path(path)
    if not resolved.is_file():
        raise ConfigError(f"{setting} must be an existing file; got {str(resolved)!r}")
    return resolved


def positive_int(value: int, setting: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{setting} must be an integer >= {minimum}; got {value!r}")
    return value


def sha256_setting(value: str) -> str:
    if not isinstance(value, str) or not _SHA256_HEX.fullmatch(value.lower()):
        raise ConfigError(f"sha256 must be 64 hex digits; got {value!r}")
    return value.lower()


def name_setting(value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"name must be a non-empty string; got {value!r}")
    return value


def default_name(model_path: Path) -> str:
    # "model.onnx" says nothing; its directory usually names the model.
    stem = model_path.stem
    return model_path.absolute().parent.name if stem == "model" else stem


def verify_sha256(path: Path, expected: str, *, fix: str) -> None:
    try:
        info = path.stat()
        actual = _file_sha256(str(path.resolve()), info.st_size, info.st_mtime_ns)
    except OSError as exc:
        raise EmbeddingError(f"cannot read model file {str(path)!r}: {exc}") from exc
    if actual != expected:
        raise EmbeddingError(
            f"model file {str(path)!r} has sha256 {actual}, expected {expected}: "
            f"it is damaged or not the pinned model; {fix}"
        )


@functools.lru_cache(maxsize=32)
def _file_sha256(path: str, size: int, mtime_ns: int) -> str:
    # Keyed by size and mtime as well as path, so a replaced file is hashed again,
    # while creating many embedders of one file hashes its 23 MB only once.
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_tokenizer(path: Path, max_length: int) -> Tokenizer:
    try:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(path))
        tokenizer.no_padding()  # padding happens per batch, to the longest member
        tokenizer.enable_truncation(max_length)
    except Exception as exc:  # tokenizers raises plain Exception on a bad file
        raise EmbeddingError(f"cannot load tokenizer {str(path)!r}: {exc}") from exc
    return tokenizer


# Loaded sessions by model file (path, size, mtime): embedders of the same file share
# one (~170 MB for MiniLM; onnxruntime sessions are safe to run from many threads).
# Weak values: a session is freed with the last embedder using it.
_SESSIONS: weakref.WeakValueDictionary[tuple[str, int, int], Any] = weakref.WeakValueDictionary()
_SESSIONS_LOCK = threading.Lock()


def shared_session(path: Path) -> Any:
    info = path.stat()
    key = (str(path.resolve()), info.st_size, info.st_mtime_ns)
    with _SESSIONS_LOCK:
        session = _SESSIONS.get(key)
        if session is None:
            session = _SESSIONS[key] = _load_session(path)
    return session


def _load_session(path: Path) -> Any:
    try:
        import onnxruntime as ort  # type: ignore[import-untyped]

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # see onnx.DEFAULT_THREADS
        options.inter_op_num_threads = 1  # the graph is a chain: nothing to run in parallel
        # The arena would keep the peak of the largest batch ever run (1.2 GB after 32
        # texts of 256 tokens) for the life of the process; without it memory goes
        # back after each run. Short prompts run as fast; big batches ~10% slower.
        options.enable_cpu_mem_arena = False
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # errors only: warnings would go to the caller's stderr
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped exceptions
        raise EmbeddingError(f"cannot load ONNX model {str(path)!r}: {exc}") from exc
