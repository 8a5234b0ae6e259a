"""The onnxruntime session of a model file: its settings, shared by every embedder of the file.

onnxruntime is imported when a session is first loaded, never at import time.
"""

from __future__ import annotations

import threading
import weakref
from pathlib import Path
from typing import Any

from ..._errors import EmbeddingError
from ._tuning import OnnxTuning

__all__ = ["shared_session"]

# Loaded sessions by model file (path, size, mtime) and settings: embedders of the same
# file share one (~170 MB for MiniLM; onnxruntime sessions are safe to run from many
# threads). Weak values: a session is freed with the last embedder using it.
_Key = tuple[str, int, int, int, bool]
_SESSIONS: weakref.WeakValueDictionary[_Key, Any] = weakref.WeakValueDictionary()
_SESSIONS_LOCK = threading.Lock()


def shared_session(path: Path, tuning: OnnxTuning) -> Any:
    info = path.stat()
    key: _Key = (str(path.resolve()), info.st_size, info.st_mtime_ns, *_settings(tuning))
    with _SESSIONS_LOCK:
        session = _SESSIONS.get(key)
        if session is None:
            session = _SESSIONS[key] = _load_session(path, tuning)
    return session


def _settings(tuning: OnnxTuning) -> tuple[int, bool]:
    return tuning.intra_op_threads, tuning.spinning


def _load_session(path: Path, tuning: OnnxTuning) -> Any:
    try:
        import onnxruntime as ort  # type: ignore[import-untyped]

        options = ort.SessionOptions()
        # Threads inside one run (see _tuning.TUNING_TABLE and _embedder.DEFAULT_THREADS).
        options.intra_op_num_threads = tuning.intra_op_threads
        spinning = "1" if tuning.spinning else "0"
        options.add_session_config_entry("session.intra_op.allow_spinning", spinning)
        # The graph is a chain: nothing to run in parallel (inter-op threads and the
        # parallel executor were slower, docs/benchmarks.md).
        options.inter_op_num_threads = 1
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
