"""Touches (recorded hits) not yet written, merged per entry: shared by both stores.

A touch changes three fields of an entry (hits, accessed_at, priority). Writing
each at once would put a write on every cache hit; instead the stores merge
touches per entry here and write them in batches (the local store with its next
write, the Milvus store from a background thread), applying the pending ones to
the entries they read meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["Touch", "Touches"]


class Touch(NamedTuple):
    """The pending touches of one entry: how many, and the latest access and priority."""

    hits: int
    accessed_at: float
    priority: float


class Touches:
    """Pending touches by entry id. Not thread-safe: the owning buffer locks."""

    def __init__(self) -> None:
        self._pending: dict[str, Touch] = {}

    def __len__(self) -> int:
        return len(self._pending)

    def record(self, entry_id: str, accessed_at: float, priority: float) -> int:
        """Add one touch of ``entry_id``; returns how many entries have touches waiting."""
        hits, last, _ = self._pending.get(entry_id, (0, accessed_at, priority))
        self._pending[entry_id] = Touch(hits + 1, max(last, accessed_at), priority)
        return len(self._pending)

    def of(self, entry_ids: Iterable[str]) -> dict[str, Touch]:
        """The pending touches of those of ``entry_ids`` that have some."""
        if not self._pending:
            return {}
        return {i: self._pending[i] for i in entry_ids if i in self._pending}

    def take(self) -> dict[str, Touch]:
        """Every pending touch, which this object then forgets."""
        batch, self._pending = self._pending, {}
        return batch

    def restore(self, batch: dict[str, Touch], cap: int) -> None:
        """Put back a batch that could not be written, merged with touches recorded
        meanwhile (counts add up, the newer access and priority win); entries new
        to the buffer are kept only while fewer than ``cap`` wait."""
        for entry_id, touch in batch.items():
            newer = self._pending.get(entry_id)
            if newer is not None:
                self._pending[entry_id] = Touch(
                    touch.hits + newer.hits, newer.accessed_at, newer.priority
                )
            elif len(self._pending) < cap:
                self._pending[entry_id] = touch

    def discard(self, entry_ids: Iterable[str] | None = None) -> None:
        """Forget the pending touches of deleted entries (None: of all)."""
        if entry_ids is None:
            self._pending.clear()
        for entry_id in entry_ids or ():
            self._pending.pop(entry_id, None)
