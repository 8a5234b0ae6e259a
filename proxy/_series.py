"""The dashboard's memory: requests over time and the most recent hits, both bounded.

:class:`TimeSeries` keeps one bucket per ``BUCKET_SECONDS`` for the last
``SERIES_BUCKETS`` (an hour): requests by outcome, tokens and USD saved, and a
log-scale latency histogram per outcome (p50/p99 within about 6%, from ~140 small
integers instead of every sample). :class:`RecentHits` keeps the last ``RECENT_HITS``
hits: when, which namespace (hashed tenant id), kind, similarity, entry id. Neither
keeps a prompt: the dashboard reads those from the cache, for the admin only.

Both are fed by ``ProxyMetrics.observe_request`` once per finished request, and
read by the dashboard's JSON endpoints; both are thread-safe.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "BUCKET_SECONDS",
    "OUTCOMES",
    "RECENT_HITS",
    "SERIES_BUCKETS",
    "RecentHits",
    "TimeSeries",
]

#: Seconds per bucket of the time series, and buckets kept (an hour).
BUCKET_SECONDS = 10
SERIES_BUCKETS = 360
#: Hits the recent-hits list keeps.
RECENT_HITS = 100
#: The outcomes plotted: hits by kind, misses, bypasses (misses and bypasses call upstream).
OUTCOMES = ("exact", "semantic", "miss", "bypass")

# Latency bins: 20 per decade from 10 µs; a bin's midpoint is within 6% of its edges.
_BIN_FLOOR = 1e-5
_BINS_PER_DECADE = 20
_BINS = 7 * _BINS_PER_DECADE  # up to 100 s; slower requests land in the last bin


def _bin(seconds: float) -> int:
    if seconds <= _BIN_FLOOR:
        return 0
    return min(int(math.log10(seconds / _BIN_FLOOR) * _BINS_PER_DECADE), _BINS - 1)


def _bin_ms(index: int) -> float:
    """The midpoint of a bin (geometric), in milliseconds."""
    return _BIN_FLOOR * 10 ** ((index + 0.5) / _BINS_PER_DECADE) * 1000


class _Bucket:
    __slots__ = ("cost", "counts", "latency", "start", "tokens")

    def __init__(self, start: int) -> None:
        self.start = start
        self.counts = dict.fromkeys(OUTCOMES, 0)
        self.latency: dict[str, dict[int, int]] = {}
        self.tokens = 0.0
        self.cost = 0.0

    def quantile(self, outcome: str, q: float) -> float | None:
        bins = self.latency.get(outcome)
        if not bins:
            return None
        rank, seen = q * sum(bins.values()), 0
        for index in sorted(bins):
            seen += bins[index]
            if seen >= rank:
                return round(_bin_ms(index), 3)
        return round(_bin_ms(max(bins)), 3)  # pragma: no cover (rank <= total)


class TimeSeries:
    """Requests per ``step`` seconds for the last ``buckets`` steps (a ring).

    ``clock`` gives Unix seconds (tests pass their own).
    """

    def __init__(
        self,
        *,
        step: int = BUCKET_SECONDS,
        buckets: int = SERIES_BUCKETS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.step, self.buckets = step, buckets
        self._clock = clock
        self._lock = threading.Lock()
        self._ring: deque[_Bucket] = deque(maxlen=buckets)

    def record(self, outcome: str, seconds: float, *, tokens: float = 0, cost: float = 0) -> None:
        """Count one request of ``outcome`` (exact, semantic, miss, bypass) that took
        ``seconds``; a hit also brings the ``tokens`` and ``cost`` (USD) it saved."""
        if outcome not in OUTCOMES:
            return
        start = int(self._clock() // self.step * self.step)
        with self._lock:
            if not self._ring or self._ring[-1].start < start:
                self._ring.append(_Bucket(start))
            bucket = self._ring[-1]  # a clock stepping back counts in the newest bucket
            bucket.counts[outcome] += 1
            bins = bucket.latency.setdefault(outcome, {})
            index = _bin(seconds)
            bins[index] = bins.get(index, 0) + 1
            bucket.tokens += tokens
            bucket.cost += cost

    def snapshot(self) -> dict[str, Any]:
        """The series as dense arrays, one value per step from the oldest kept bucket
        (at most ``buckets`` steps ago) to now: ``times`` (bucket starts), ``requests``
        by outcome, ``hit_rate`` (None where nothing was looked up), ``upstream_calls``,
        ``tokens_saved``, ``cost_saved_usd`` and ``latency_ms`` p50/p99 by outcome."""
        now = int(self._clock() // self.step * self.step)
        oldest = now - (self.buckets - 1) * self.step
        with self._lock:
            kept = {b.start: b for b in self._ring if b.start >= oldest}
        first = min(kept, default=now)
        times = list(range(first, now + 1, self.step))
        rows = [kept.get(t) or _Bucket(t) for t in times]
        return {
            "step": self.step,
            "times": times,
            "requests": {o: [b.counts[o] for b in rows] for o in OUTCOMES},
            "hit_rate": [_hit_rate(b.counts) for b in rows],
            "upstream_calls": [b.counts["miss"] + b.counts["bypass"] for b in rows],
            "tokens_saved": [round(b.tokens, 3) for b in rows],
            "cost_saved_usd": [round(b.cost, 9) for b in rows],
            "latency_ms": {
                o: {
                    "p50": [b.quantile(o, 0.5) for b in rows],
                    "p99": [b.quantile(o, 0.99) for b in rows],
                }
                for o in OUTCOMES
            },
        }


def _hit_rate(counts: Mapping[str, int]) -> float | None:
    hits = counts["exact"] + counts["semantic"]
    looked = hits + counts["miss"]
    return round(hits / looked, 4) if looked else None


class RecentHits:
    """The last ``size`` hits, newest first when read."""

    def __init__(self, size: int = RECENT_HITS, *, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._ring: deque[dict[str, Any]] = deque(maxlen=size)

    def add(self, endpoint: str, seconds: float, fields: Mapping[str, Any]) -> None:
        """Remember one hit from its log ``fields`` (kind, similarity, namespace,
        entry_id; verified when a judge confirmed it)."""
        hit = {
            "time": round(self._clock(), 3),
            "endpoint": endpoint,
            "namespace": fields.get("namespace"),
            "kind": fields.get("kind"),
            "similarity": fields.get("similarity"),
            "entry_id": fields.get("entry_id"),
            "verified": fields.get("verified"),
            "latency_ms": round(seconds * 1000, 3),
        }
        with self._lock:
            self._ring.append(hit)

    def snapshot(self) -> list[dict[str, Any]]:
        """The hits kept, newest first (copies)."""
        with self._lock:
            return [dict(hit) for hit in reversed(self._ring)]
