"""The evictor: keeps a store within its entry and byte limits, and sweeps expired
entries, by the priorities of one eviction policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol, runtime_checkable

from .._records import Entry
from .base import EvictionPolicy

if TYPE_CHECKING:
    from ..store.base import Bookkeeping

__all__ = ["Evicted", "Evictor"]

# Victims fetched per round when over a limit: one ordered scan serves many puts.
_BATCH = 64
# Expired entries deleted per round of a sweep.
_SWEEP_BATCH = 1000


@runtime_checkable
class _OnDisk(Protocol):
    """A store that knows its footprint on disk (the local store): a byte limit
    bounds that, not only prompt + response bytes. Its log (SQLite's write-ahead
    log) is told the limit once, to keep to a share of it."""

    def footprint(self) -> int | None: ...

    def limit_log(self, max_bytes: int) -> None: ...


class Evicted(NamedTuple):
    """What one round of upkeep removed."""

    evicted: int = 0
    expired: int = 0


class Evictor:
    """Evicts the lowest-priority entries of ``store`` when it is over its limits.

    ``max_bytes`` bounds a store's footprint on disk where it has one (the local
    store with a directory: SQLite pages in use, write-ahead log, graph files),
    else its prompt + response bytes (in memory, Milvus).

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
        self._disk = store if max_bytes is not None and isinstance(store, _OnDisk) else None
        if self._disk is not None and max_bytes is not None:
            self._disk.limit_log(max_bytes)

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
        # On disk, the footprint is what is bounded; each victim is taken to give
        # back its own bytes plus the average of the rest (vector, columns, index
        # entries, page slack, the log): an estimate, measured again at the next put.
        footprint = self._disk.footprint() if self._disk is not None else None
        overhead = 0 if footprint is None else max(0, footprint - size) // max(count, 1)
        extra_entries = count - (self._max_entries or count)
        used = size if footprint is None else footprint
        extra_bytes = used - (self._max_bytes or used)
        evicted = 0
        while extra_entries > 0 or extra_bytes > 0:
            chosen: list[str] = []
            for entry_id, entry_size, priority in self._store.lowest_priority(
                max(extra_entries, _BATCH)
            ):
                if extra_entries <= 0 and extra_bytes <= 0:
                    break
                chosen.append(entry_id)
                extra_entries, extra_bytes = extra_entries - 1, extra_bytes - entry_size - overhead
                self._clock = max(self._clock, priority)
            if not chosen:
                break
            evicted += self._store.delete(chosen)
        return evicted
