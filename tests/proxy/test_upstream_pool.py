"""The upstream pool on a real socket: connections kept and reused, a connection the
server closed replaced, and each request framed (Host, Content-Length, chunked) as
an HTTP/1.1 server needs it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpcore
import pytest
from semcache_proxy._upstream import _HOLD_BYTES, Upstream, UpstreamError, _HeldWrites

OK = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"


class Server:
    """An HTTP/1.1 server that answers ``{}`` to every request and records each
    request's head (and whether its body was chunked), per connection."""

    def __init__(self, *, close_after: bool = False) -> None:
        self.close_after = close_after
        self.connections = 0
        self.heads: list[bytes] = []
        self.bodies: list[bytes] = []
        self.writers: list[asyncio.StreamWriter] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.append(writer)
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                self.heads.append(head.lower())
                self.bodies.append(await self._body(reader, head.lower()))
                writer.write(OK)
                await writer.drain()
                if self.close_after:
                    break  # the server closes an idle keep-alive connection
        except asyncio.IncompleteReadError:
            pass
        writer.close()

    async def _body(self, reader: asyncio.StreamReader, head: bytes) -> bytes:
        if b"transfer-encoding: chunked" in head:
            body = b""
            while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
                body += await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
            return b"chunked:" + body
        for line in head.split(b"\r\n"):
            if line.startswith(b"content-length:"):
                return await reader.readexactly(int(line.split(b":")[1]))
        return b""


@pytest.fixture
async def served() -> AsyncIterator[tuple[Server, Upstream]]:
    server = Server()
    listening = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    upstream = Upstream(f"http://127.0.0.1:{port}/v1", timeout=5.0)
    yield server, upstream
    await upstream.aclose()
    listening.close()
    for writer in server.writers:
        writer.close()
        await writer.wait_closed()


async def ask(upstream: Upstream, body: bytes = b"{}") -> bytes:
    url = upstream.url("/v1/chat/completions", b"")
    response = await upstream.send("POST", url, [("content-type", "application/json")], body)
    assert response.status_code == 200 and response.is_success
    return await response.aread()


async def test_one_connection_serves_requests_one_after_another(
    served: tuple[Server, Upstream],
) -> None:
    """Requests in sequence go over one kept-alive connection."""
    server, upstream = served
    for _ in range(5):
        assert await ask(upstream) == b"{}"
    assert server.connections == 1


async def test_concurrent_requests_open_connections_then_reuse_them(
    served: tuple[Server, Upstream],
) -> None:
    """Four requests at once take four connections; the next four reuse them."""
    server, upstream = served
    for _ in range(2):
        assert await asyncio.gather(*(ask(upstream) for _ in range(4))) == [b"{}"] * 4
    assert server.connections == 4


async def test_a_connection_the_server_closed_is_replaced(
    served: tuple[Server, Upstream],
) -> None:
    """An idle connection the server has closed is not reused: the request gets a new one."""
    server, upstream = served
    server.close_after = True
    for _ in range(3):
        assert await ask(upstream) == b"{}"
        await asyncio.sleep(0.05)  # the server's close reaches the idle connection
    assert server.connections == 3


async def test_requests_are_framed_with_host_and_length(served: tuple[Server, Upstream]) -> None:
    """A request carries the upstream's Host and its body's Content-Length."""
    server, upstream = served
    await ask(upstream, b'{"model": "m"}')
    port = upstream.url("/v1/x", b"").parsed.port
    assert f"host: 127.0.0.1:{port}\r\n".encode() in server.heads[0]
    assert b"content-length: 14\r\n" in server.heads[0]
    assert server.bodies == [b'{"model": "m"}']


async def test_a_streamed_body_without_length_goes_chunked(
    served: tuple[Server, Upstream],
) -> None:
    """A request body given as a stream, with no Content-Length, is sent chunked."""
    server, upstream = served

    async def parts() -> AsyncIterator[bytes]:
        yield b'{"a": '
        yield b"1}"

    url = upstream.url("/v1/files", b"")
    response = await upstream.send("POST", url, [], parts())
    assert await response.aread() == b"{}"
    assert server.bodies == [b"chunked:" + b'{"a": \r\n' + b"1}\r\n"]


async def test_an_unreachable_upstream_is_a_502() -> None:
    """Nothing listening: UpstreamError with status 502 and code upstream_unreachable."""
    listening = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    listening.close()
    await listening.wait_closed()
    upstream = Upstream(f"http://127.0.0.1:{port}/v1", timeout=2.0)
    with pytest.raises(UpstreamError) as raised:
        await ask(upstream)
    assert (raised.value.status, raised.value.code) == (502, "upstream_unreachable")
    await upstream.aclose()


class Recorded(httpcore.AsyncNetworkStream):
    """A connection that records each send and answers reads with ``OK``; its sends
    fail with ``fail``."""

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[bytes] = []
        self.fail = fail

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if self.fail:
            raise httpcore.WriteError("the server closed")
        self.sent.append(buffer)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return OK

    async def aclose(self) -> None:
        return None


async def test_a_small_request_leaves_in_one_send() -> None:
    """A request's head is held and sent with its body."""
    stream = Recorded()
    held = _HeldWrites(stream)
    await held.write(b"POST / HTTP/1.1\r\n\r\n")
    assert stream.sent == []
    await held.write(b"{}")
    await held.write(b"")
    assert await held.read(65536) == OK
    assert stream.sent == [b"POST / HTTP/1.1\r\n\r\n{}"]


async def test_a_head_alone_is_sent_at_the_read() -> None:
    """A request without a body is sent when its response is read."""
    stream = Recorded()
    held = _HeldWrites(stream)
    await held.write(b"GET / HTTP/1.1\r\n\r\n")
    await held.read(65536)
    assert stream.sent == [b"GET / HTTP/1.1\r\n\r\n"]


async def test_a_streamed_body_goes_as_it_comes() -> None:
    """Past the head, a chunk that would overflow the hold is sent at once, the held
    bytes first."""
    stream = Recorded()
    held = _HeldWrites(stream)
    big = b"x" * (_HOLD_BYTES + 1)
    await held.write(b"head")
    await held.write(big)
    assert stream.sent == [b"head", big]


async def test_a_failed_send_still_reads_the_answer() -> None:
    """A send that fails at the read leaves the response to be read, as httpcore does
    with a body write refused by a server that answered first."""
    held = _HeldWrites(Recorded(fail=True))
    await held.write(b"POST / HTTP/1.1\r\n\r\n")
    assert await held.read(65536) == OK
