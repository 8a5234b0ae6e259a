"""Hits recorded by the local store, buffered to be written to SQLite in batches.

A hit is written with the store's next write, within about a second, or once
many are waiting, rather than in a transaction of its own; reads apply the
buffered hits of the rows they return.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from ._rows import Touch
from ._sqlite import PayloadDB, Row

__all__ = ["HitBuffer"]

_TOUCH_SECONDS = 1.0  # buffered hits are written at least this often ...
_TOUCH_LIMIT = 10_000  # ... or once this many are waiting


class HitBuffer:
    """Hits not yet written, by entry id. Not thread-safe: the store's lock guards it."""

    def __init__(self) -> None:
        self._pending: dict[str, Touch] = {}
        self._flushed_at = time.monotonic()

    def add(self, entry_id: str, accessed_at: float, priority: float) -> bool:
        """Buffer one hit; returns whether the buffer is due to be written."""
        hits = self._pending.get(entry_id, (0, 0.0, 0.0))[0]
        self._pending[entry_id] = (hits + 1, accessed_at, priority)
        due = time.monotonic() - self._flushed_at >= _TOUCH_SECONDS
        return due or len(self._pending) >= _TOUCH_LIMIT

    def flush(self, open_db: Callable[[], PayloadDB]) -> None:
        """Write buffered hits in their own transaction; kept if that fails.

        ``open_db`` is called only when hits are waiting, so flushing an empty
        buffer works on a closed store.
        """
        if self._pending:
            db = open_db()
            with db.transaction():
                db.touch((h, at, p, i) for i, (h, at, p) in self._pending.items())
            self._pending.clear()
        self._flushed_at = time.monotonic()

    def pending_for(self, rows: Iterable[Row]) -> dict[str, Touch]:
        """The buffered hits of these rows' entries, by entry id."""
        if not self._pending:
            return {}
        return {row[1]: self._pending[row[1]] for row in rows if row[1] in self._pending}
