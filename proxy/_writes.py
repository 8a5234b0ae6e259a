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


#: Writes waiting for the loop beyond this go to the writer thread together (one hop
#: for many: under load the loop has better things to do than write each).
_LOOP_BATCH = 4


@dataclass(frozen=True, slots=True)
class _Write:
    write: Callable[[], object]
    on_done: Callable[[bool], None]
    #: Set when the write has finished, for a caller that waits (``sync``).
    finished: asyncio.Future[None] | None = None
    #: The write if it can be done at once on the loop: True/False (stored or not),
    #: or None where it would wait (then ``write`` runs on the writer thread).
    nowait: Callable[[], bool | None] | None = None


class Writes:
    """Runs cache writes in the order they came: on the event loop when a write can
    be done at once, else on one writer thread of its own.

    A write given a ``nowait`` form (the exchange's ``store_nowait``) while nothing
    else is pending runs on the loop, soon after its caller's answer has left: an
    uncontended put is a SQLite commit and an index add (~0.3 ms), and the hop to a
    thread, its wake-up and the GIL traded back and forth cost about as much again.
    It never waits there: the store's locks are tried, not taken, and the store's
    log is checkpointed by a thread of the store (never inside a commit). A write
    that would wait, every write while the thread has some, and a bunch of more
    than a few at once go to the thread.

    The thread takes every write queued at once (under load, writes wake no pool
    thread once each; the store serializes them anyway) and tells each outcome
    itself: ``on_done`` runs on the writer thread, so a background write never wakes
    the event loop (that wake-up, and the loop taking the GIL back from the writer
    for it, cost more CPU than the callback does); only ``sync`` writes, whose
    caller awaits them, wake it, once per batch. :meth:`aclose` (the app's lifespan,
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
        self._on_loop: list[_Write] = []  # waiting for the loop, in order (loop thread only)
        self._loop_thread = threading.get_ident()  # made on the loop (the app's lifespan)
        self._thread = threading.Thread(target=self._work, name="semcache-writes", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Writes accepted and not finished yet."""
        with self._idle:
            return self._pending

    async def write(
        self,
        write: Callable[[], object],
        on_done: Callable[[bool], None],
        nowait: Callable[[], bool | None] | None = None,
    ) -> bool:
        """Run ``write`` and wait for it if ``sync``, else :meth:`submit` it.

        False if it was dropped (too many pending); ``on_done(ok)`` and ``nowait``
        as for submit (with ``sync``, ``nowait`` runs at once when nothing else is
        pending).
        """
        if not self.sync:
            return self.submit(write, on_done, nowait)
        if nowait is not None and not self.pending and (ok := _run_nowait(nowait)) is not None:
            _tell(_Write(write, on_done), ok)
            return True
        finished = self._loop.create_future()
        with self._idle:
            self._pending += 1  # counted, so wait_idle and the stop log see it
        self._queue.put(_Write(write, on_done, finished))
        await asyncio.shield(finished)  # a caller gone does not undo its write
        return True

    def submit(
        self,
        write: Callable[[], object],
        on_done: Callable[[bool], None],
        nowait: Callable[[], bool | None] | None = None,
    ) -> bool:
        """Queue ``write`` (a blocking call); False if too many are pending.

        ``on_done(ok)`` is called when the write has finished, on the writer thread
        or the loop: it must be thread-safe (counting, leaving a flight) and quick.
        ``nowait``, the same write if it can be done without waiting (True or False:
        done; None: it would wait), is tried on the loop when nothing else is pending.
        """
        with self._idle:
            if self._pending >= self._max_pending:
                return False
            idle = not self._pending
            self._pending += 1
        item = _Write(write, on_done, nowait=nowait)
        if nowait is not None and (idle or self._on_loop):
            self._on_loop.append(item)
            if len(self._on_loop) == 1:
                self._loop.call_soon(self._run_on_loop)
        else:
            self._queue.put(item)
        return True

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no write is pending (from the event loop's thread too, if no
        ``sync`` write is pending: those need the loop). Returns False if
        ``timeout`` seconds passed first.
        """
        if threading.get_ident() == self._loop_thread:
            self._run_on_loop()  # those waiting for the loop, which is blocked here
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    async def aclose(self) -> None:
        """Finish every pending write, then stop the writer thread (on the loop)."""
        self._run_on_loop()
        stopped = self._loop.create_future()
        self._queue.put(None)
        await asyncio.to_thread(self._thread.join)
        self._loop.call_soon(stopped.set_result, None)  # after the last results' callback
        await stopped

    def _work(self) -> None:
        while True:
            batch = [self._queue.get()]
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

    def _run_on_loop(self) -> None:
        """Do the writes waiting for the loop, in order, until one would wait: that
        one and the rest go to the writer thread (so do all of a bunch)."""
        waiting, self._on_loop = self._on_loop, []
        done = 0
        for item in waiting if len(waiting) <= _LOOP_BATCH else ():
            assert item.nowait is not None  # only those are queued here
            ok = _run_nowait(item.nowait)
            if ok is None:
                break
            _tell(item, ok)
            done += 1
        for item in waiting[done:]:
            self._queue.put(item)
        self._done(done)

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


def _run_nowait(nowait: Callable[[], bool | None]) -> bool | None:
    try:
        return nowait()
    except Exception:  # the cache fails open, as in _run
        _log.warning("semcache proxy: cache write failed", exc_info=True)
        return False


def _run(write: Callable[[], object]) -> bool:
    try:
        # A write that returns False (e.g. the exchange failing open) did not store.
        return write() is not False
    except Exception:  # the cache fails open: a lost write is only a later miss
        _log.warning("semcache proxy: cache write failed", exc_info=True)
        return False
