"""The evictor: keeps a store within its entry and byte limits, and sweeps expired
entries, by the priorities of one eviction policy."""

from __future__ import annotations

import math
import time
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
# Far from its limits, the store is measured again after this many puts or seconds
# at most (each measure is a few SQLite queries and file stats: ~0.1 ms per put).
_MEASURE_EVERY = 64
_MEASURE_SECONDS = 1.0
# What one put may add to a footprint on disk besides its own size: the log frames
# of its transaction (~8 pages of 4 KiB) and page slack, with room to spare.
_PUT_GROWTH = 64 * 1024


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
        # Entries and bytes left below the limits at the last measure, less what the
        # puts since may have added (None: measure at the next put). Only for a store
        # this process owns (the local store): puts of other processes sharing a store
        # (Milvus) would not be counted.
        self._owned = isinstance(store, _OnDisk)
        self._room: tuple[float, float] | None = None
        self._unmeasured = 0
        self._measured_at = -math.inf
        if self._disk is not None and max_bytes is not None:
            self._disk.limit_log(max_bytes)

    def priority(self, entry: Entry) -> float:
        """The entry's priority now (lowest is evicted first)."""
        return self.policy.priority(entry, self._clock)

    def after_put(self, now: float, size: int | None = None) -> Evicted:
        """Sweep expired entries if a sweep is due, then evict until within limits.

        ``size`` is the put's ``Entry.size``: a store measured lately and far from its
        limits, by more than this put can add, is not measured again (every put that
        can change the store's usage passes through here). None: measure now."""
        expired = 0
        if now >= self._next_sweep:
            expired = self.sweep(now)
            self._next_sweep = now + self._sweep_interval
        if size is not None and self._still_within(size):
            return Evicted(0, expired)
        return Evicted(self._evict(), expired)

    def _still_within(self, size: int) -> bool:
        """Whether the store is surely within its limits after a put of ``size``
        bytes, by the last measure; if so, that put is taken off the room left."""
        if not self._owned or self._room is None or self._unmeasured >= _MEASURE_EVERY:
            return False
        if time.monotonic() - self._measured_at >= _MEASURE_SECONDS:
            return False
        growth = size + (_PUT_GROWTH if self._disk is not None else 0)
        entries, spare = self._room[0] - 1, self._room[1] - growth
        if entries < 0 or spare < 0:
            return False
        self._room, self._unmeasured = (entries, spare), self._unmeasured + 1
        return True

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
        # Far from the limits, the next puts are counted instead (_still_within).
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
        self._remember_room(None if evicted else (extra_entries, extra_bytes))
        return evicted

    def _remember_room(self, extra: tuple[int, int] | None) -> None:
        """Keep what was left below the limits as measured (None: after evicting,
        what the victims gave back is an estimate, so measure again next time)."""
        if extra is None:
            self._room = None
            return
        entries = -extra[0] if self._max_entries is not None else math.inf
        spare = -extra[1] if self._max_bytes is not None else math.inf
        self._room, self._unmeasured, self._measured_at = (entries, spare), 0, time.monotonic()
