"""Serving the proxy with uvicorn: its connection limits, a header read deadline,
and a server on a background thread (tests, demo, benchmarks)."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from types import TracebackType
from typing import Any, ClassVar

import h11
import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.h11_impl import H11Protocol

from semcache import SemcacheError

from ._settings import Settings

__all__ = ["ServerThread", "header_deadline_protocol", "uvicorn_limits"]

_log = logging.getLogger("semcache.proxy")
_TIMED_OUT_BODY = b"the request line and headers were not sent in time (--header-timeout)\n"
_TIMED_OUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(_TIMED_OUT_BODY), _TIMED_OUT_BODY)
)


def uvicorn_limits(settings: Settings) -> dict[str, Any]:
    """The uvicorn.Config options that bound what one client can hold open."""
    return {
        "timeout_keep_alive": settings.keep_alive,
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        "limit_concurrency": settings.limit_concurrency,
        "http": header_deadline_protocol(settings.header_timeout),
    }


def header_deadline_protocol(seconds: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a deadline on each request head: ``seconds``
    from the connection opening (or the previous answer ending) to the last header.

    uvicorn has no such timeout: its keep-alive timer stops at the first byte of
    a request, so a client sending half a head and stalling held the connection
    for ever. A stalled head gets a 408 (if any of it came) and the connection is
    closed. Subclassing H11Protocol, not wrapping the transport, because only the
    h11 state tells a finished head from a slow one; h11 is uvicorn's protocol
    whenever httptools is not installed, and this pins it (httptools has no
    ``h11_max_incomplete_event_size`` limit either).
    """
    return type("HeaderDeadlineProtocol", (_HeaderDeadline,), {"header_timeout": seconds})


class _HeaderDeadline(H11Protocol):
    header_timeout: ClassVar[float]
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the head is in: the body has its own
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()  # the next head (a pipelined one may be in already)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.header_timeout, self._expired)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _expired(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        started = bool(self.conn.trailing_data[0])
        if started:
            _log.info('{"event": "header_timeout", "client": "%s"}', _client(self.client))
            self.transport.write(_TIMED_OUT)
        self.transport.close()


def _client(address: tuple[str, int] | None) -> str:
    return "" if address is None else f"{address[0]}:{address[1]}"


class ServerThread:
    """Runs ``app`` under uvicorn on ``host:port`` (port 0: a free one) in a thread.

    ``settings``: take uvicorn's connection limits from them (keep-alive, header
    size, concurrency), as `semcache serve` does.

    The socket is bound in the constructor, so ``url`` is known before ``start``
    and no other process can take the port in between. ``stop`` shuts down
    gracefully: in-flight requests finish and the app's lifespan shutdown runs.

        with ServerThread(app) as server:
            httpx.get(server.url + "/healthz")
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "warning",
        graceful_timeout: int = 10,
        settings: Settings | None = None,
    ) -> None:
        # proto must be IPPROTO_TCP, not 0: asyncio only disables Nagle's algorithm
        # on accepted sockets of that proto, and with it on, every response whose
        # body is written after its headers waits ~40 ms for a delayed ACK.
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.host, self.port = host, self._socket.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_level=log_level,
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=graceful_timeout,
            **(uvicorn_limits(settings) if settings is not None else {}),
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321``."""
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 60.0) -> ServerThread:
        """Start serving; returns once the app's startup has completed."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise SemcacheError(f"the server on {self.url} failed to start (see the log)")
            time.sleep(0.01)
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop gracefully and wait for the thread (at most ``timeout`` seconds)."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._socket.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
