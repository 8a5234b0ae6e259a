"""Keep-alive HTTP/1.1 connections on the event loop's own transports, answers parsed
by httptools: the upstream POSTs of misses (:class:`Pool`).

httpcore's connection runs every request through h11 (pure Python: a request and a
response model, an event per part, header validation), anyio streams and a
readability poll of the socket; for one small POST and its small answer that was
about 0.4 ms of CPU, most of an upstream call's own cost. Here a request is one
write of bytes built in one join, its answer parsed in C as it arrives, and a
server's close is seen as an event, not polled. The failures are httpcore's
exceptions with httpcore's and h11's messages, so the upstream's errors read as
before. Used only for what it is measured on: POSTs whose whole body is known; the
rest (streamed bodies, other methods) keeps httpcore's connections.

Not thread-safe: one event loop.
"""

from __future__ import annotations

import asyncio
import re
import socket
import ssl
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, cast

import httpcore
import httptools

__all__ = ["Answer", "Pool", "Timeouts", "plain_head"]

#: Body bytes held unread past which the connection stops reading (a slow relay).
_READ_HIGH = 256 * 1024
_READ_LOW = 64 * 1024
# What h11 accepts in a header it sends (its token and field-value patterns): a head
# with anything else goes through httpcore, which refuses it with h11's message.
_HEAD_LINES = re.compile(
    rb"(?:[-!#$%&'*+.^_`|~0-9a-zA-Z]+: (?:[^\x00\s]+(?:[ \t]+[^\x00\s]+)*)?\r\n)*"
)
_NO_BODY = frozenset({204, 304})


class Timeouts:
    """Seconds allowed to connect, to wait for each read, to finish a write."""

    __slots__ = ("connect", "read", "write")

    def __init__(self, *, connect: float, read: float, write: float) -> None:
        self.connect, self.read, self.write = connect, read, write


def plain_head(lines: bytes) -> bool:
    """Whether header lines (``name: value\\r\\n`` each) are all ones h11 would send."""
    return _HEAD_LINES.fullmatch(lines) is not None


class Answer:
    """A response as it arrives: status and headers first, then the body's chunks
    (async-iterate them), then :meth:`aclose`."""

    __slots__ = (
        "_chunks",
        "_connection",
        "_done",
        "_error",
        "_expected",
        "_held",
        "_received",
        "_waiter",
        "chunked",
        "headers",
        "status",
        "until_close",
    )

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunked = self.until_close = False
        self._expected: int | None = None
        self._chunks: deque[bytes] = deque()
        self._held = self._received = 0
        self._done = False
        self._error: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None

    @property
    def error(self) -> BaseException | None:
        """Why the answer broke off, if it did."""
        return self._error

    @property
    def complete(self) -> bool:
        """Whether the whole body has arrived."""
        return self._done

    def __aiter__(self) -> Answer:
        return self

    async def __anext__(self) -> bytes:
        while not self._chunks:
            if self._error is not None:
                raise self._error
            if self._done:
                raise StopAsyncIteration
            await self._connection.wait_data(self)
        chunk = self._chunks.popleft()
        self._held -= len(chunk)
        if self._held < _READ_LOW:
            self._connection.resume()
        return chunk

    async def aclose(self) -> None:
        """Done with it: a body not read to its end leaves the connection unusable."""
        if self._done:
            self._chunks.clear()
            self._connection.resume()  # paused for chunks nobody will read now
        else:
            self._connection.close()

    # -- fed by the connection --

    def begin(self, headers: list[tuple[bytes, bytes]], status: int) -> None:
        self.headers, self.status = headers, status
        for name, value in headers:
            lowered = name.lower()
            if lowered == b"content-length" and value.strip().isdigit():
                self._expected = int(value)
            elif lowered == b"transfer-encoding" and b"chunked" in value.lower():
                self.chunked = True
        self.until_close = not self.chunked and self._expected is None
        self.until_close &= status not in _NO_BODY

    def feed(self, chunk: bytes) -> bool:
        """Keep a chunk of the body; whether the reader should pause."""
        self._chunks.append(chunk)
        self._held += len(chunk)
        self._received += len(chunk)
        self._wake()
        return self._held > _READ_HIGH

    def finish(self) -> None:
        self._done = True
        self._wake()

    def fail(self, error: BaseException) -> None:
        if not self._done and self._error is None:
            self._error = error
            self._wake()

    def cut_short(self) -> BaseException:
        """The error of a body the server stopped sending (h11's words)."""
        if self.chunked:
            detail = "incomplete chunked read"
        else:
            detail = f"received {self._received} bytes, expected {self._expected}"
        return httpcore.RemoteProtocolError(
            f"peer closed connection without sending complete message body: {detail}"
        )

    def waiting(self, waiter: asyncio.Future[None]) -> None:
        self._waiter = waiter

    def _wake(self) -> None:
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)


class _Connection(asyncio.Protocol):
    """One HTTP/1.1 connection: a request written at once, its answer parsed by
    httptools as the bytes come (the parser calls the ``on_*`` methods)."""

    def __init__(self, timeouts: Timeouts, keepalive: float) -> None:
        self._timeouts, self._keepalive = timeouts, keepalive
        self._transport: asyncio.Transport | None = None
        self._parser = httptools.HttpResponseParser(self)
        self._answer: Answer | None = None
        self._head: asyncio.Future[None] | None = None
        self._headers: list[tuple[bytes, bytes]] = []
        self._informational = False
        self._reusable = True
        self._closed = False
        self._paused_reading = False
        self._writable: asyncio.Future[None] | None = None
        self._idle_since = time.monotonic()

    # -- the pool's view --

    def usable(self) -> bool:
        """Idle, open and not kept past the keep-alive expiry."""
        return (
            not self._closed
            and self._answer is None
            and time.monotonic() - self._idle_since < self._keepalive
        )

    def idle(self) -> bool:
        return not self._closed and self._answer is None

    def close(self) -> None:
        self._closed = True
        if self._transport is not None:
            self._transport.close()

    async def request(self, data: bytes) -> Answer:
        """Send a whole request; its answer once its head is in (body still coming)."""
        assert self._transport is not None and self._answer is None
        answer = self._answer = Answer(self)
        loop = asyncio.get_running_loop()
        self._head = loop.create_future()
        self._transport.write(data)
        if self._writable is not None:  # the transport's buffer is full: wait for it
            try:
                async with asyncio.timeout(self._timeouts.write):
                    await self._writable
            except TimeoutError as exc:
                raise httpcore.WriteTimeout() from exc
        try:
            async with asyncio.timeout(self._timeouts.read):
                await self._head
        except TimeoutError as exc:
            raise httpcore.ReadTimeout() from exc
        if answer.error is not None and not answer.status:
            raise answer.error
        return answer

    async def wait_data(self, answer: Answer) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        answer.waiting(waiter)
        try:
            async with asyncio.timeout(self._timeouts.read):
                await waiter
        except TimeoutError as exc:
            raise httpcore.ReadTimeout() from exc

    def resume(self) -> None:
        if self._paused_reading and not self._closed and self._transport is not None:
            self._paused_reading = False
            self._transport.resume_reading()

    # -- asyncio's protocol --

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)  # uvloop's: no subclass of it

    def use(self, transport: asyncio.Transport) -> None:
        """Carry on over ``transport`` (the TLS one started on this connection's)."""
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        if self._answer is None:  # bytes nobody asked for: the connection is unusable
            self.close()
            return
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._failed(httpcore.RemoteProtocolError(str(exc)))
            self.close()

    def eof_received(self) -> bool:
        answer = self._answer
        if answer is not None:
            if answer.status and answer.until_close:
                self.on_message_complete()
            elif answer.status:
                self._failed(answer.cut_short())
            else:
                self._failed(
                    httpcore.RemoteProtocolError("Server disconnected without sending a response.")
                )
        self._closed = True
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        if self._answer is not None and not self._answer.complete:
            self._failed(
                httpcore.ReadError(str(exc))
                if exc is not None
                else httpcore.RemoteProtocolError("Server disconnected without sending a response.")
            )
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)

    def pause_writing(self) -> None:
        self._writable = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        writable, self._writable = self._writable, None
        if writable is not None and not writable.done():
            writable.set_result(None)

    # -- httptools' callbacks --

    def on_message_begin(self) -> None:
        self._headers = []

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers.append((name, value))

    def on_headers_complete(self) -> None:
        status = self._parser.get_status_code()
        self._informational = 100 <= status < 200
        if self._informational or self._answer is None:
            return  # a 100 Continue and the like: the answer comes after it
        self._answer.begin(self._headers, status)
        self._reusable = bool(self._parser.should_keep_alive())
        self._head_in()

    def on_body(self, body: bytes) -> None:
        if self._answer is not None and not self._informational:
            full = self._answer.feed(body)
            if full and not self._paused_reading and self._transport is not None:
                self._paused_reading = True
                self._transport.pause_reading()

    def on_message_complete(self) -> None:
        answer = self._answer
        if self._informational or answer is None or answer.complete:
            return
        answer.finish()
        self._answer = None
        self._idle_since = time.monotonic()
        if not (self._reusable and self._parser.should_keep_alive()) or answer.until_close:
            self.close()

    def _failed(self, error: BaseException) -> None:
        if self._answer is not None:
            self._answer.fail(error)
        self._head_in()

    def _head_in(self) -> None:
        head, self._head = self._head, None
        if head is not None and not head.done():
            head.set_result(None)


class Pool:
    """Keep-alive connections to one ``http``/``https`` origin, the most recently
    used idle one taken first; ``slots`` bounds the connections in use (shared with
    the other pool of the same upstream)."""

    def __init__(
        self,
        origin: httpcore.Origin,
        *,
        timeouts: Timeouts,
        keepalive: float,
        slots: asyncio.Semaphore,
        take_slot: Callable[[], Awaitable[None]],
    ) -> None:
        self._host = origin.host.decode("ascii")
        self._port = origin.port
        self._tls = origin.scheme == b"https"
        self._timeouts, self._keepalive = timeouts, keepalive
        self._slots, self._take_slot = slots, take_slot
        self._idle: list[_Connection] = []
        self._context: ssl.SSLContext | None = None

    async def send(self, data: bytes) -> tuple[Answer, Callable[[], Awaitable[None]]]:
        """The answer of a whole request's bytes and the call that gives its
        connection back (after the body is read or the answer closed)."""
        await self._take_slot()
        try:
            connection = await self._connection()
        except BaseException:
            self._slots.release()
            raise
        try:
            answer = await connection.request(data)
        except BaseException:  # cancelled, timed out or failed: the connection's state is lost
            self._slots.release()
            connection.close()
            raise
        return answer, lambda: self._back(connection)

    async def _back(self, connection: _Connection) -> None:
        self._slots.release()
        if connection.idle():
            self._idle.append(connection)
        else:
            connection.close()

    async def _connection(self) -> _Connection:
        while self._idle:
            connection = self._idle.pop()
            if connection.usable():
                return connection
            connection.close()
        return await self._connect()

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        timeout = self._timeouts.connect
        try:
            async with asyncio.timeout(timeout):
                transport, connection = await loop.create_connection(
                    lambda: _Connection(self._timeouts, self._keepalive), self._host, self._port
                )
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout() from exc
        except socket.gaierror as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        except OSError as exc:  # anyio's words, which httpcore's connections gave
            raise httpcore.ConnectError("All connection attempts failed") from exc
        if self._tls:
            await self._start_tls(loop, transport, connection)
        return connection

    async def _start_tls(
        self, loop: asyncio.AbstractEventLoop, transport: Any, connection: _Connection
    ) -> None:
        if self._context is None:  # as httpcore's: the system's defaults, certifi's roots
            self._context = httpcore_default_context()
        try:
            async with asyncio.timeout(self._timeouts.connect):
                tls = await loop.start_tls(
                    transport, connection, self._context, server_hostname=self._host
                )
        except BaseException as exc:
            transport.close()
            if isinstance(exc, TimeoutError):
                raise httpcore.ConnectTimeout() from exc
            if isinstance(exc, OSError):  # ssl.SSLError among them
                raise httpcore.ConnectError(str(exc)) from exc
            raise
        assert tls is not None
        connection.use(tls)

    async def aclose(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


def httpcore_default_context() -> ssl.SSLContext:
    """The TLS context httpcore's connections made: the default one, certifi's CA
    bundle loaded, HTTP/1.1 offered by ALPN."""
    import certifi

    context = ssl.create_default_context()
    context.load_verify_locations(certifi.where())
    context.set_alpn_protocols(["http/1.1"])
    return context
