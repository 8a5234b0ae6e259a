"""Touches recorded by the local store, buffered to be written to SQLite in batches.

A touch is written with the store's next write, within about a second, or once
many are waiting, rather than in a transaction of its own; reads apply the
buffered touches of the rows they return.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from .._touches import Touch, Touches
from ._rows import EntryRow
from ._sqlite import PayloadDB

__all__ = ["TouchBuffer"]

_TOUCH_SECONDS = 1.0  # buffered touches are written at least this often ...
_TOUCH_LIMIT = 10_000  # ... or once this many are waiting


class TouchBuffer:
    """Touches not yet written, by entry id. Not thread-safe: the store's lock guards it."""

    def __init__(self) -> None:
        self._pending = Touches()
        self._flushed_at = time.monotonic()

    def add(self, entry_id: str, accessed_at: float, priority: float) -> bool:
        """Buffer one touch; returns whether the buffer is due to be written."""
        waiting = self._pending.record(entry_id, accessed_at, priority)
        due = time.monotonic() - self._flushed_at >= _TOUCH_SECONDS
        return due or waiting >= _TOUCH_LIMIT

    def due(self) -> bool:
        """Whether the buffer is due to be written (a touch added now would say so)."""
        waiting = len(self._pending)
        return waiting >= _TOUCH_LIMIT or (
            waiting > 0 and time.monotonic() - self._flushed_at >= _TOUCH_SECONDS
        )

    def flush(self, open_db: Callable[[], PayloadDB]) -> None:
        """Write buffered touches in their own transaction; kept if that fails.

        ``open_db`` is called only when touches are waiting, so flushing an empty
        buffer works on a closed store.
        """
        if len(self._pending):
            db = open_db()
            batch = self._pending.take()
            try:
                with db.transaction():
                    db.touch((t.hits, t.accessed_at, t.priority, i) for i, t in batch.items())
            except BaseException:  # all kept: the store lock held, none came meanwhile
                self._pending.restore(batch, cap=len(batch))
                raise
        self._flushed_at = time.monotonic()

    def pending_for(self, rows: Iterable[EntryRow]) -> dict[str, Touch]:
        """The buffered touches of these rows' entries, by entry id."""
        return self._pending.of(row.id for row in rows)
