"""Cache writes after a miss: in the background so they never delay an answer
(the default), or before the answer ends (``--sync-writes``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["DEFAULT_MAX_PENDING", "Writes"]

#: Writes queued beyond this are dropped (and counted): a cache that cannot keep
#: up must not grow the proxy's memory without bound.
DEFAULT_MAX_PENDING = 1024

_log = logging.getLogger("semcache.proxy")


@dataclass(frozen=True, slots=True)
class _Write:
    write: Callable[[], object]
    on_done: Callable[[bool], None]
    #: Set when the write has finished, for a caller that waits (``sync``).
    finished: asyncio.Future[None] | None = None


class Writes:
    """Runs cache writes on one writer thread of its own, in the order they came.

    The thread takes every write queued at once (under load, writes wake no pool
    thread once each; the store serializes them anyway) and tells each outcome
    itself: ``on_done`` runs on the writer thread, so a background write never wakes
    the event loop (that wake-up, and the loop taking the GIL back from the writer
    for it, cost more CPU than the callback does); only ``sync`` writes, whose
    caller awaits them, wake it, once per batch. Running the writes on the loop
    itself would cost less still, but a WAL checkpoint (milliseconds, more on a
    slow disk) would then stall every request. :meth:`aclose` (the app's lifespan,
    at shutdown) waits for every pending write: nothing accepted is lost on a
    graceful stop. On a crash (``kill -9``, power loss) the pending
    ones are lost: up to ``max_pending`` answers already sent are then not in the
    store. With ``sync`` the caller of :meth:`write` waits until the store has
    committed, so every answer whose response has ended is in the store (it costs
    the response the write's time: one SQLite commit and the index insert).
    ``pending`` and :meth:`wait_idle` may be used from any thread, and
    :meth:`submit` and :meth:`write` from the event loop's.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        *,
        max_pending: int = DEFAULT_MAX_PENDING,
        sync: bool = False,
    ) -> None:
        self._loop = loop
        self._max_pending = max_pending
        self.sync = sync
        self._pending = 0
        self._idle = threading.Condition()
        self._queue: queue.SimpleQueue[_Write | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name="semcache-writes", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Writes accepted and not finished yet."""
        with self._idle:
            return self._pending

    async def write(self, write: Callable[[], object], on_done: Callable[[bool], None]) -> bool:
        """Run ``write`` and wait for it if ``sync``, else :meth:`submit` it.

        False if it was dropped (too many pending); ``on_done(ok)`` as for submit.
        """
        if not self.sync:
            return self.submit(write, on_done)
        finished = self._loop.create_future()
        with self._idle:
            self._pending += 1  # counted, so wait_idle and the stop log see it
        self._queue.put(_Write(write, on_done, finished))
        await asyncio.shield(finished)  # a caller gone does not undo its write
        return True

    def submit(self, write: Callable[[], object], on_done: Callable[[bool], None]) -> bool:
        """Queue ``write`` (a blocking call); False if too many are pending.

        ``on_done(ok)`` is called on the writer thread when the write has finished:
        it must be thread-safe (counting, leaving a flight) and quick.
        """
        with self._idle:
            if self._pending >= self._max_pending:
                return False
            self._pending += 1
        self._queue.put(_Write(write, on_done))
        return True

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no write is pending (from the event loop's thread too, if no
        ``sync`` write is pending: those need the loop). Returns False if
        ``timeout`` seconds passed first.
        """
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    async def aclose(self) -> None:
        """Finish every pending write, then stop the writer thread (on the loop)."""
        stopped = self._loop.create_future()
        self._queue.put(None)
        await asyncio.to_thread(self._thread.join)
        self._loop.call_soon(stopped.set_result, None)  # after the last results' callback
        await stopped

    def _next(self) -> _Write | None:
        # Its own frame, so that a profiler tells the writer's wait (in C: no CPU,
        # though py-spy samples it as running) from its work.
        return self._queue.get()

    def _work(self) -> None:
        while True:
            batch = [self._next()]
            with contextlib.suppress(queue.Empty):
                while len(batch) < self._max_pending:
                    batch.append(self._queue.get_nowait())
            writes = [item for item in batch if item is not None]
            results = [(item, _run(item.write)) for item in writes]
            for item, ok in results:
                _tell(item, ok)
            awaited = [item.finished for item in writes if item.finished is not None]
            if awaited:
                with contextlib.suppress(RuntimeError):  # the loop is gone: nobody to tell
                    self._loop.call_soon_threadsafe(self._released, awaited)
            self._done(len(writes) - len(awaited))
            if len(writes) < len(batch):  # aclose: everything before it is done
                return

    def _done(self, count: int) -> None:
        if count:
            with self._idle:
                self._pending -= count
                self._idle.notify_all()

    def _released(self, futures: list[asyncio.Future[None]]) -> None:
        _release(futures)
        self._done(len(futures))


def _tell(item: _Write, ok: bool) -> None:
    try:
        item.on_done(ok)
    except Exception:
        _log.warning("semcache proxy: a write's callback failed", exc_info=True)


def _release(futures: list[asyncio.Future[None]]) -> None:
    for future in futures:
        if not future.done():
            future.set_result(None)


def _run(write: Callable[[], object]) -> bool:
    try:
        # A write that returns False (e.g. the exchange failing open) did not store.
        return write() is not False
    except Exception:  # the cache fails open: a lost write is only a later miss
        _log.warning("semcache proxy: cache write failed", exc_info=True)
        return False
