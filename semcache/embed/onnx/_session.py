"""The onnxruntime session of a model file: its settings, shared by every embedder of the file.

onnxruntime is imported when a session is first loaded, never at import time.
"""

from __future__ import annotations

import threading
import weakref
from pathlib import Path
from typing import Any

from ..._errors import EmbeddingError

__all__ = ["shared_session"]

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
        options.intra_op_num_threads = 1  # see _embedder.DEFAULT_THREADS
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
