"""Plain-TCP connections to the upstream for httpcore, on the event loop's own
transports instead of anyio's streams.

httpcore's anyio backend wraps each read and write in an anyio cancel scope and
ends every write with a checkpoint (a turn of the event loop of its own); the
asyncio transport under it does the same work. Here a read waits on the protocol's
buffer and a write goes straight to the transport, their deadlines set by
``asyncio.timeout``. TLS connections keep httpcore's anyio backend
(:class:`~._upstream._HoldingBackend` picks by the upstream's scheme): its TLS
wrapper is what httpcore is tested with.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Iterable
from typing import Any, cast

import httpcore

__all__ = ["connect_tcp"]

#: Bytes read ahead of httpcore before the socket is paused (a slow relay).
_READ_AHEAD = 256 * 1024


class _Reader(asyncio.Protocol):
    """The bytes that arrived and not yet read, the end of the stream, and the write
    side's back-pressure (the transport paused us)."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.eof = False
        self.error: BaseException | None = None
        self.transport: asyncio.Transport | None = None
        self._readable: asyncio.Future[None] | None = None
        self._writable: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is no subclass

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > _READ_AHEAD and self.transport is not None:
            self.transport.pause_reading()
        self._wake_reader()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake_reader()
        return False  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.eof = True
        self.error = exc
        self._wake_reader()
        self._wake_writer()

    def pause_writing(self) -> None:
        if self._writable is None:
            self._writable = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        self._wake_writer()

    async def readable(self) -> None:
        """Wait until there are bytes to read or the stream has ended."""
        self._readable = asyncio.get_running_loop().create_future()
        try:
            await self._readable
        finally:
            self._readable = None

    async def writable(self) -> None:
        """Wait until the transport takes writes again (if paused)."""
        if self._writable is not None:
            await asyncio.shield(self._writable)

    def _wake_reader(self) -> None:
        if self._readable is not None and not self._readable.done():
            self._readable.set_result(None)

    def _wake_writer(self) -> None:
        waiter, self._writable = self._writable, None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)


class LoopStream(httpcore.AsyncNetworkStream):
    """One plain TCP connection on an asyncio transport, as httpcore reads and
    writes it: httpcore's exceptions (``ReadTimeout``, ``WriteError``, ...) as its
    anyio backend raises them. Used from one event loop."""

    def __init__(self, transport: asyncio.Transport, reader: _Reader) -> None:
        self._transport, self._reader = transport, reader

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        reader = self._reader
        if not reader.buffer and not reader.eof:
            try:
                async with asyncio.timeout(timeout):
                    await reader.readable()
            except TimeoutError as exc:
                raise httpcore.ReadTimeout(str(exc)) from exc
        if reader.buffer:
            data = bytes(reader.buffer[:max_bytes])
            del reader.buffer[:max_bytes]
            if len(reader.buffer) <= _READ_AHEAD and not self._transport.is_closing():
                self._transport.resume_reading()
            return data
        if reader.error is not None:
            raise httpcore.ReadError(str(reader.error)) from reader.error
        return b""  # the server closed the connection

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        if self._transport.is_closing():
            raise httpcore.WriteError("the upstream connection is closed")
        self._transport.write(buffer)
        if self._reader._writable is None:  # written, or in the transport's buffer
            return
        try:
            async with asyncio.timeout(timeout):
                await self._reader.writable()
        except TimeoutError as exc:
            raise httpcore.WriteTimeout(str(exc)) from exc
        if self._reader.error is not None:
            raise httpcore.WriteError(str(self._reader.error)) from self._reader.error

    async def aclose(self) -> None:
        self._transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("TLS upstreams connect through httpcore's anyio backend")

    def get_extra_info(self, info: str) -> Any:
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        if info == "socket":
            return self._transport.get_extra_info("socket")
        if info == "is_readable":
            # As httpcore asks of an idle connection: has the server closed it (or sent
            # bytes no request asked for)? Both show here without polling the socket.
            return self._reader.eof or bool(self._reader.buffer)
        return None


async def connect_tcp(
    host: str,
    port: int,
    *,
    timeout: float | None,
    local_address: str | None,
    socket_options: Iterable[Any] | None,
) -> LoopStream:
    """A plain TCP connection to ``host:port`` (``TCP_NODELAY``, as asyncio sets it)."""
    loop = asyncio.get_running_loop()
    local = None if local_address is None else (local_address, 0)
    try:
        async with asyncio.timeout(timeout):
            transport, reader = await loop.create_connection(_Reader, host, port, local_addr=local)
    except TimeoutError as exc:
        raise httpcore.ConnectTimeout(str(exc)) from exc
    except OSError as exc:
        raise httpcore.ConnectError(str(exc)) from exc
    raw: socket.socket | None = transport.get_extra_info("socket")
    for option in socket_options or ():
        if raw is not None:
            raw.setsockopt(*option)
    return LoopStream(transport, reader)
