"""Counters and lookup-latency percentiles of a SemanticCache."""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

import numpy as np

from ._records import Hit

__all__ = ["CacheStats"]

# Percentiles come from the most recent lookups only, so they follow the current
# load rather than the whole life of the process, in bounded memory.
_WINDOW = 10_000


class CacheStats:
    """Thread-safe counters; ``snapshot()`` returns them as a plain dict."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(
            ("hits", "misses", "exact_hits", "semantic_hits", "errors", "puts", "evictions",
             "expirations"),
            0,
        )  # fmt: skip
        self._latencies: deque[float] = deque(maxlen=_WINDOW)

    def lookup(self, hit: Hit | None, seconds: float) -> None:
        """Count one lookup and its latency."""
        with self._lock:
            if hit is None:
                self._counts["misses"] += 1
            else:
                self._counts["hits"] += 1
                self._counts[f"{hit.kind}_hits"] += 1
            self._latencies.append(seconds)

    def add(self, name: str, n: int = 1) -> None:
        """Add ``n`` to the counter ``name`` (puts, errors, evictions, expirations)."""
        with self._lock:
            self._counts[name] += n

    def snapshot(self) -> dict[str, Any]:
        """Counters, hit rate and lookup latency percentiles in milliseconds."""
        with self._lock:
            counts: dict[str, Any] = dict(self._counts)
            latencies = np.fromiter(self._latencies, dtype=np.float64)
        lookups = counts["hits"] + counts["misses"]
        counts["hit_rate"] = counts["hits"] / lookups if lookups else 0.0
        counts["lookup_ms"] = _percentiles(latencies)
        return counts


def _percentiles(seconds: np.ndarray[Any, np.dtype[np.float64]]) -> dict[str, float | None]:
    if seconds.size == 0:
        return {"p50": None, "p90": None, "p99": None}
    p50, p90, p99 = np.percentile(seconds * 1000.0, [50, 90, 99])
    return {"p50": float(p50), "p90": float(p90), "p99": float(p99)}
