"""Serving the proxy with uvicorn: its connection limits, a header read deadline,
and a server on a background thread (tests, demo, benchmarks)."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Iterable
from types import TracebackType
from typing import Any, ClassVar, cast

import h11
import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.h11_impl import H11Protocol

from semcache import SemcacheError

from ._settings import DEFAULT_MAX_HEADER_BYTES, Settings

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools (the fast extra) is not installed
    _HTTPTOOLS = False
else:
    _HTTPTOOLS = True

__all__ = ["ServerThread", "header_deadline_protocol", "uvicorn_limits"]

_log = logging.getLogger("semcache.proxy")
_TIMED_OUT_BODY = b"the request line and headers were not sent in time (--header-timeout)\n"
_TIMED_OUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(_TIMED_OUT_BODY), _TIMED_OUT_BODY)
)


def uvicorn_limits(settings: Settings, *, fast: bool | None = None) -> dict[str, Any]:
    """The uvicorn.Config options that bound what one client can hold open
    (``fast``: the HTTP parser, see :func:`header_deadline_protocol`), and whose
    forwarded headers are believed.

    uvicorn believes ``X-Forwarded-For`` and ``-Proto`` from 127.0.0.1 unless told
    otherwise, a middleware on every request; here only from the addresses the
    operator names (``forwarded_allow_ips``), and by default from nobody."""
    protocol = header_deadline_protocol(
        settings.header_timeout, settings.max_header_bytes, fast=fast
    )
    forwarded = settings.forwarded_allow_ips
    return {
        "proxy_headers": forwarded is not None,
        "forwarded_allow_ips": forwarded,
        "timeout_keep_alive": settings.keep_alive,
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        "limit_concurrency": settings.limit_concurrency,
        "http": protocol,
    }


def header_deadline_protocol(
    seconds: float, max_header_bytes: int = DEFAULT_MAX_HEADER_BYTES, *, fast: bool | None = None
) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol with a deadline on each request head: ``seconds``
    from the connection opening (or the previous answer ending) to the last header.

    uvicorn has no such timeout: its keep-alive timer stops at the first byte of
    a request, so a client sending half a head and stalling held the connection
    for ever. A stalled head gets a 408 (if any of it came) and the connection is
    closed. Subclassing the protocol, not wrapping the transport, because only the
    parser's state tells a finished head from a slow one.

    ``fast`` (default: where httptools is installed, the ``fast`` extra): uvicorn's
    httptools protocol, whose parser is C (h11 is pure Python: about a third of an
    exact hit's CPU), with the head limit ``max_header_bytes`` kept here, as h11's
    ``h11_max_incomplete_event_size`` keeps it otherwise.
    """
    fast = _HTTPTOOLS if fast is None else fast and _HTTPTOOLS
    base: type[asyncio.Protocol] = _FastHeaderDeadline if fast else _HeaderDeadline
    values = {"header_timeout": seconds, "max_header_bytes": max_header_bytes}
    return type("HeaderDeadlineProtocol", (base,), values)


class _HeaderDeadline(H11Protocol):
    header_timeout: ClassVar[float]
    max_header_bytes: ClassVar[int]  # h11 keeps it (h11_max_incomplete_event_size)
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


if _HTTPTOOLS:

    class _FastHeaderDeadline(HttpToolsProtocol):
        """The header deadline and the head size limit on uvicorn's httptools protocol.

        The head is what arrives from the connection's start (or the previous
        answer's end) until httptools reports the headers complete; a head that is
        still incomplete past ``max_header_bytes`` gets h11's answer to the same
        (400, connection closed).
        """

        header_timeout: ClassVar[float]
        max_header_bytes: ClassVar[int]
        _head_timer: asyncio.TimerHandle | None = None
        _head_bytes = 0
        _in_head = True

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(cast(asyncio.Transport, _Coalescing(transport, self.loop)))
            self._arm()

        def data_received(self, data: bytes) -> None:
            counted = self._in_head
            if counted:
                self._head_bytes += len(data)
            super().data_received(data)
            if counted and self._in_head and self._head_bytes > self.max_header_bytes:
                self._disarm()
                if not self.transport.is_closing():
                    self.send_400_response("Invalid HTTP request received.")

        def on_headers_complete(self) -> None:
            self._in_head = False
            self._disarm()
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if self.cycle is not None and not self.cycle.response_complete:
                return  # a pipelined request started: its head is in, its end arms
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._in_head, self._head_bytes = True, 0
            self._head_timer = self.loop.call_later(self.header_timeout, self._expired)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _expired(self) -> None:
            self._head_timer = None
            busy = self.cycle is not None and not self.cycle.response_complete
            if self.transport.is_closing() or busy or self.pipeline or not self._in_head:
                return  # a request is being answered, or its head is in
            if self._head_bytes:
                _log.info('{"event": "header_timeout", "client": "%s"}', _client(self.client))
                self.transport.write(_TIMED_OUT)
            self.transport.close()


class _Coalescing:
    """A transport whose writes in one turn of the event loop leave as one: uvicorn
    writes a response's head and its body apart, two sends (two TCP segments, two
    wake-ups of the client) for an answer that fits in one. The rest of the transport
    is the one wrapped; closing it sends what is held first, aborting drops it."""

    __slots__ = ("_held", "_loop", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport, self._loop = transport, loop
        self._held: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._held:
            self._loop.call_soon(self._flush)
        self._held.append(bytes(data))  # a caller may reuse its buffer once write returns

    def writelines(self, lines: Iterable[bytes | bytearray | memoryview]) -> None:
        for data in lines:
            self.write(data)

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def write_eof(self) -> None:
        self._flush()
        self._transport.write_eof()

    def abort(self) -> None:
        self._held.clear()
        self._transport.abort()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._held))

    def _flush(self) -> None:
        held, self._held = self._held, []
        if held and not self._transport.is_closing():
            self._transport.write(held[0] if len(held) == 1 else b"".join(held))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


def _client(address: tuple[str, int] | None) -> str:
    return "" if address is None else f"{address[0]}:{address[1]}"


class ServerThread:
    """Runs ``app`` under uvicorn on ``host:port`` (port 0: a free one) in a thread.

    ``settings``: take uvicorn's connection limits from them (keep-alive, header
    size, concurrency), as `semcache serve` does; ``fast``: with them, httptools
    (True, where installed) or h11 (False) parses HTTP (default: httptools where
    installed).

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
        fast: bool | None = None,
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
            **(uvicorn_limits(settings, fast=fast) if settings else {"proxy_headers": False}),
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
