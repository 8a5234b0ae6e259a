"""The evictor: keeps a store within its entry and byte limits, and sweeps expired
entries, by the priorities of one eviction policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .._records import Entry
from .base import EvictionPolicy

if TYPE_CHECKING:
    from ..store.base import Bookkeeping

__all__ = ["Evicted", "Evictor"]

# Victims fetched per round when over a limit: one ordered scan serves many puts.
_BATCH = 64
# Expired entries deleted per round of a sweep.
_SWEEP_BATCH = 1000


class Evicted(NamedTuple):
    """What one round of upkeep removed."""

    evicted: int = 0
    expired: int = 0


class Evictor:
    """Evicts the lowest-priority entries of ``store`` when it is over its limits.

    It owns the policy's clock (the GreedyDual inflation value: the priority of
    the last victim), so priorities of new and hit entries are computed here. Not
    thread-safe: the cache calls it under its write lock (``priority`` may be
    called from any thread; it only reads the clock).
    """

    def __init__(
        self,
        policy: EvictionPolicy,
        store: Bookkeeping,
        *,
        max_entries: int | None,
        max_bytes: int | None,
        sweep_interval: float,
    ) -> None:
        self.policy = policy
        self._store = store
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._sweep_interval = sweep_interval
        self._clock = 0.0
        self._next_sweep = 0.0

    def priority(self, entry: Entry) -> float:
        """The entry's priority now (lowest is evicted first)."""
        return self.policy.priority(entry, self._clock)

    def after_put(self, now: float) -> Evicted:
        """Sweep expired entries if a sweep is due, then evict until within limits."""
        expired = 0
        if now >= self._next_sweep:
            expired = self.sweep(now)
            self._next_sweep = now + self._sweep_interval
        return Evicted(self._evict(), expired)

    def sweep(self, now: float) -> int:
        """Delete every entry expired at ``now``; returns how many."""
        removed = 0
        while expired := self._store.expired(now, _SWEEP_BATCH):
            removed += self._store.delete(expired)
        return removed

    def _evict(self) -> int:
        count, size = self._store.usage()
        extra_entries = count - (self._max_entries or count)
        extra_bytes = size - (self._max_bytes or size)
        evicted = 0
        while extra_entries > 0 or extra_bytes > 0:
            chosen: list[str] = []
            for entry_id, entry_size, priority in self._store.lowest_priority(
                max(extra_entries, _BATCH)
            ):
                if extra_entries <= 0 and extra_bytes <= 0:
                    break
                chosen.append(entry_id)
                extra_entries, extra_bytes = extra_entries - 1, extra_bytes - entry_size
                self._clock = max(self._clock, priority)
            if not chosen:
                break
            evicted += self._store.delete(chosen)
        return evicted
