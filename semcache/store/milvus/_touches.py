"""Touches recorded in memory and written to Milvus in batches.

A touch changes three fields of a row (hits, accessed_at, priority). Writing it
at once would put a write round trip (two, with the read of the current hit
count) on every cache hit; instead touches are merged per entry in memory and a
background thread writes them every ``interval`` seconds, sooner once
``batch`` entries wait, and on close.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Final

from .._touches import Touch, Touches

__all__ = ["DEFAULT_FLUSH_INTERVAL", "TouchWriter"]

#: Seconds between writes of buffered touches.
DEFAULT_FLUSH_INTERVAL: Final = 1.0
_BATCH = 256  # entries waiting that wake the writer before the interval is up
_CAP = 100_000  # entries kept while Milvus is down; beyond that touches are dropped
_log = logging.getLogger("semcache.store")


class TouchWriter:
    """Pending touches per entry id, written by ``write`` from a daemon thread.

    ``write`` gets a batch ``{entry id: (hits added, accessed_at, priority)}``
    and raises if it could not write it; the batch is then kept for the next
    round (up to a cap). Thread-safe.
    """

    def __init__(
        self,
        write: Callable[[dict[str, Touch]], None],
        *,
        interval: float = DEFAULT_FLUSH_INTERVAL,
    ) -> None:
        self._write = write
        self._interval = interval
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._pending = Touches()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing = False

    def add(self, entry_id: str, accessed_at: float, priority: float) -> None:
        """Record one touch of ``entry_id``."""
        with self._lock:
            waiting = self._pending.record(entry_id, accessed_at, priority)
            if self._thread is None:
                self._start()
        if waiting >= _BATCH:
            self._wake.set()

    def pending(self, entry_ids: Iterable[str]) -> dict[str, Touch]:
        """The buffered touches of those of ``entry_ids`` that have some."""
        with self._lock:
            return self._pending.of(entry_ids)

    def discard(self, entry_ids: Iterable[str] | None = None) -> None:
        """Forget the buffered touches of deleted entries (None: of all)."""
        with self._lock:
            self._pending.discard(entry_ids)

    def flush(self) -> None:
        """Write every buffered touch now; re-raises the writer's error (touches kept)."""
        with self._flushing:
            with self._lock:
                batch = self._pending.take()
            if not batch:
                return
            try:
                self._write(batch)
            except BaseException:
                self._keep(batch)
                raise

    def close(self) -> None:
        """Stop the writer thread and write what is left (logged if that fails)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
        try:
            self.flush()
        except Exception as exc:
            _log.warning("semcache: %d buffered hits were lost on close: %s", self._size(), exc)

    def _start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="semcache-milvus-hits", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.flush()
            except Exception as exc:
                if not self._failing:
                    _log.warning("semcache: could not write buffered hits (kept): %s", exc)
                self._failing = True
            else:
                if self._failing:
                    _log.info("semcache: buffered hits written again")
                self._failing = False

    def _keep(self, batch: dict[str, Touch]) -> None:
        with self._lock:
            self._pending.restore(batch, cap=_CAP)

    def _size(self) -> int:
        with self._lock:
            return len(self._pending)
