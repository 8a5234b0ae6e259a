"""Single-flight: concurrent calls with the same exact key wait for the one in flight.

Ten identical requests arriving together would otherwise all miss and make ten
upstream calls. With :class:`Flights`, the first to miss becomes the *leader* and
goes upstream; the others (*followers*) wait for its answer and are served it, as
the exact tier would have served them a moment later. Keys are the exact-tier hash
of (namespace, scope, normalized text), so tenants never meet, and only calls that
may both read and write the cache take part.

The leader's failure is not shared: if it ends without a complete answer (an
upstream error, a stream cut short, a consumer that stopped reading), its
followers are released empty-handed and each goes upstream itself. The wait is
bounded by ``timeout``; a flight older than that no longer holds anyone back. The
proxy, the drop-in clients and ``@cached`` each hold one ``Flights`` and use it
from threads or event loops alike::

    seat = flights.join(call)
    if not seat.leader:
        answer = seat.wait()            # or: await seat.wait_async()
        if answer is not None:
            ...                         # serve it (a fresh identity, as for a hit)
    else:
        with seat:                      # leave() on the way out, whatever happens
            answer = ...                # the upstream call
            seat.publish(answer)        # if it is complete
"""

from __future__ import annotations

import asyncio
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from .._keys import exact_key
from .._records import Key

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["DEFAULT_COALESCE_TIMEOUT", "Flights", "Seat"]


class _Call(Protocol):
    """What a flight reads of a call (``wire.exchange.Call``)."""

    @property
    def key(self) -> Key | None: ...
    @property
    def reads(self) -> bool: ...
    @property
    def writes(self) -> bool: ...


#: Seconds a follower waits for the leader's answer before going upstream itself.
DEFAULT_COALESCE_TIMEOUT = 5.0


class _Flight:
    """One call in flight: its answer once published, and who waits for it."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.done = threading.Event()
        self.answer: Any = None
        self.waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    def finish(self, answer: Any) -> None:
        """Hand out ``answer`` (None: no answer) to every waiter, once."""
        if self.done.is_set():
            return
        self.answer = answer
        self.done.set()
        for loop, future in self.waiters:
            try:
                loop.call_soon_threadsafe(_wake, future)
            except RuntimeError:  # that loop has closed: nobody left to wake
                continue
        self.waiters.clear()


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class Flights:
    """The calls in flight of one cache face, by exact key; thread-safe.

    ``timeout`` is how long a follower waits (seconds); 0 switches coalescing off.
    ``coalesced`` counts followers that were served a leader's answer.
    """

    def __init__(self, timeout: float = DEFAULT_COALESCE_TIMEOUT) -> None:
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout >= 0:
            raise ValueError(
                f"coalesce_timeout must be a number of seconds, 0 or more (0: off); got {timeout!r}"
            )
        self.timeout = float(timeout)
        self.coalesced = 0
        self._lock = threading.Lock()
        self._flights: dict[str, _Flight] = {}
        self._waiting = 0

    @property
    def waiting(self) -> int:
        """Followers waiting for a leader right now."""
        with self._lock:
            return self._waiting

    def join(self, call: _Call) -> Seat:
        """The seat of ``call``: the leader's if no equal call is in flight (or the call
        does not take part), a follower's otherwise."""
        key = call.key
        if self.timeout == 0 or key is None or not (call.reads and call.writes):
            return Seat(self, None, None, leader=True)
        digest = exact_key(key.namespace, key.scope, key.text)
        with self._lock:
            flight = self._flights.get(digest)
            stale = flight is not None and time.monotonic() - flight.started > self.timeout
            if flight is None or stale:
                flight = self._flights[digest] = _Flight()
                return Seat(self, digest, flight, leader=True)
        return Seat(self, digest, flight, leader=False)

    def _leave(self, digest: str, flight: _Flight) -> None:
        with self._lock:
            if self._flights.get(digest) is flight:
                del self._flights[digest]
        flight.finish(None)  # no-op once published

    def _count(self, delta: int) -> None:
        with self._lock:
            self._waiting += delta

    def _served(self) -> None:
        with self._lock:
            self.coalesced += 1


class Seat:
    """One call's place in a flight: the leader publishes and leaves, a follower waits.

    A leader's seat is a context manager that leaves on exit. Seats of calls that
    do not take part are leaders of nothing: ``publish`` and ``leave`` do nothing.
    """

    def __init__(
        self, flights: Flights, digest: str | None, flight: _Flight | None, *, leader: bool
    ) -> None:
        self._flights = flights
        self._digest = digest
        self._flight = flight
        self.leader = leader

    @property
    def published(self) -> bool:
        """Whether this leader has handed out an answer (its store then leaves)."""
        return self._flight is not None and self.leader and self._flight.answer is not None

    def publish(self, answer: Any) -> None:
        """Hand the leader's complete ``answer`` to its followers (and to calls that join
        until :meth:`leave`, e.g. while the answer is being stored)."""
        if self.leader and self._flight is not None and answer is not None:
            self._flight.finish(answer)

    def leave(self) -> None:
        """The leader is done: later calls start their own flight. Followers still
        waiting get nothing if no answer was published. Safe to call twice."""
        if self.leader and self._flight is not None and self._digest is not None:
            self._flights._leave(self._digest, self._flight)

    def wait(self) -> Any | None:
        """(Follower) Block until the leader's answer, or None: the leader failed, or
        the wait went past the timeout."""
        flight = self._flight
        if self.leader or flight is None:
            return None
        remaining = self._remaining(flight)
        self._flights._count(1)
        try:
            flight.done.wait(remaining)
        finally:
            self._flights._count(-1)
        return self._taken(flight)

    async def wait_async(self) -> Any | None:
        """(Follower) :meth:`wait` without blocking the event loop."""
        flight = self._flight
        if self.leader or flight is None:
            return None
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._flights._lock:  # finish() reads the waiters under no lock: add them first
            flight.waiters.append((loop, future))
        if flight.done.is_set():
            _wake(future)
        self._flights._count(1)
        try:
            await asyncio.wait_for(future, self._remaining(flight))
        except TimeoutError:
            pass
        finally:
            self._flights._count(-1)
        return self._taken(flight)

    def _remaining(self, flight: _Flight) -> float:
        return max(0.0, self._flights.timeout - (time.monotonic() - flight.started))

    def _taken(self, flight: _Flight) -> Any | None:
        if not flight.done.is_set() or flight.answer is None:
            return None
        self._flights._served()
        return flight.answer

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.leave()
