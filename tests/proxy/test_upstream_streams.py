"""The plain-TCP upstream connections on the event loop's transports (proxy/_streams.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpcore
import pytest
from semcache_proxy._streams import LoopStream, connect_tcp
from semcache_proxy._upstream import Upstream, _HoldingBackend

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _with_server(handler: Handler, body: Callable[[int], Awaitable[None]]) -> None:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        await body(port)
        await asyncio.sleep(0.05)  # the handler's own close finishes
    finally:
        server.close()
        await server.wait_closed()


async def _connect(port: int) -> LoopStream:
    return await connect_tcp("127.0.0.1", port, timeout=5, local_address=None, socket_options=None)


def test_bytes_written_come_back_and_a_close_reads_as_the_end() -> None:
    """A write reaches the server; its answer is read; its close reads as b""."""

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write((await reader.readexactly(5)).upper())
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    async def body(port: int) -> None:
        stream = await _connect(port)
        await stream.write(b"hello")
        assert await stream.read(3) == b"HEL"
        assert await stream.read(100) == b"LO"
        assert await stream.read(100) == b""
        await stream.aclose()

    asyncio.run(_with_server(echo, body))


def test_a_silent_server_is_a_read_timeout() -> None:
    """A read past its deadline raises httpcore's ReadTimeout."""

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()
        writer.close()
        await writer.wait_closed()

    async def body(port: int) -> None:
        stream = await _connect(port)
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(100, timeout=0.05)
        await stream.aclose()

    asyncio.run(_with_server(silent, body))


def test_an_idle_connection_closed_by_the_server_is_readable() -> None:
    """is_readable (httpcore's check of an idle connection) turns true once the server
    has closed it."""

    async def closing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()
        await writer.wait_closed()

    async def body(port: int) -> None:
        stream = await _connect(port)
        for _ in range(100):
            if stream.get_extra_info("is_readable"):
                break
            await asyncio.sleep(0.01)
        assert stream.get_extra_info("is_readable") is True
        assert stream.get_extra_info("server_addr")[1] == port
        await stream.aclose()

    asyncio.run(_with_server(closing, body))


def test_nothing_listening_is_a_connect_error() -> None:
    """A refused connection raises httpcore's ConnectError (the proxy's 502)."""

    async def refused() -> None:
        server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        server.close()
        await server.wait_closed()
        with pytest.raises(httpcore.ConnectError):
            await _connect(port)

    asyncio.run(refused())


def test_a_large_answer_is_read_whole_past_the_read_ahead() -> None:
    """An answer larger than the read-ahead (the socket paused, then resumed) arrives whole."""
    size = 1024 * 1024

    async def big(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"x" * size)
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    async def body(port: int) -> None:
        stream = await _connect(port)
        got = 0
        await asyncio.sleep(0.1)  # let the read-ahead fill and pause the socket
        while chunk := await stream.read(65536, timeout=5):
            got += len(chunk)
        assert got == size
        await stream.aclose()

    asyncio.run(_with_server(big, body))


def test_plain_http_upstreams_use_the_loop_streams_and_tls_ones_do_not() -> None:
    """The pool of an http:// upstream connects on the loop's transports; https:// keeps
    httpcore's anyio backend (its TLS)."""
    plain = Upstream("http://127.0.0.1:9/v1", timeout=5)
    secure = Upstream("https://example.invalid/v1", timeout=5)
    assert isinstance(plain._pool._backend, _HoldingBackend)
    assert plain._pool._backend._loop_streams is True
    assert secure._pool._backend._loop_streams is False
