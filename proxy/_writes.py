"""Cache writes after a miss: in the background so they never delay an answer
(the default), or before the answer ends (``--sync-writes``)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import anyio
import anyio.abc

__all__ = ["DEFAULT_MAX_PENDING", "Writes"]

#: Writes queued beyond this are dropped (and counted): a cache that cannot keep
#: up must not grow the proxy's memory without bound.
DEFAULT_MAX_PENDING = 1024

_log = logging.getLogger("semcache.proxy")


class Writes:
    """Runs cache writes on worker threads within the app's task group.

    The task group belongs to the app's lifespan, so leaving it at shutdown waits
    for every pending write: nothing accepted is lost on a graceful stop. On a
    crash (``kill -9``, power loss) the pending ones are lost: up to
    ``max_pending`` answers already sent are then not in the store. With ``sync``
    the caller of :meth:`write` waits until the store has committed, so every
    answer whose response has ended is in the store (it costs the response the
    write's time: embedding and one SQLite commit).
    ``pending`` and :meth:`wait_idle` may be used from any thread.
    """

    def __init__(
        self,
        task_group: anyio.abc.TaskGroup,
        limiter: anyio.CapacityLimiter,
        *,
        max_pending: int = DEFAULT_MAX_PENDING,
        sync: bool = False,
    ) -> None:
        self._task_group = task_group
        self._limiter = limiter
        self._max_pending = max_pending
        self.sync = sync
        self._pending = 0
        self._idle = threading.Condition()

    @property
    def pending(self) -> int:
        """Writes accepted and not finished yet."""
        with self._idle:
            return self._pending

    async def write(self, write: Callable[[], object], on_done: Callable[[bool], None]) -> bool:
        """Run ``write`` now and wait for it if ``sync``, else :meth:`submit` it.

        False if it was dropped (too many pending); ``on_done(ok)`` as for submit.
        """
        if not self.sync:
            return self.submit(write, on_done)
        with self._idle:
            self._pending += 1  # counted, so wait_idle and the stop log see it
        await self._run(write, on_done)
        return True

    def submit(self, write: Callable[[], object], on_done: Callable[[bool], None]) -> bool:
        """Queue ``write`` (a blocking call); False if too many are pending.

        ``on_done(ok)`` is called on the event loop when the write has finished.
        """
        with self._idle:
            if self._pending >= self._max_pending:
                return False
            self._pending += 1
        self._task_group.start_soon(self._run, write, on_done)
        return True

    async def _run(self, write: Callable[[], object], on_done: Callable[[bool], None]) -> None:
        ok = False
        try:
            # A write that returns False (e.g. the exchange failing open) did not store.
            ok = await anyio.to_thread.run_sync(write, limiter=self._limiter) is not False
        except Exception:  # the cache fails open: a lost write is only a later miss
            _log.warning("semcache proxy: cache write failed", exc_info=True)
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()
            on_done(ok)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no write is pending (from any thread but the event loop's).

        Returns False if ``timeout`` seconds passed first.
        """
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)
