"""The upstream client (httpcore's connections) on a real socket: the bytes sent, the
pool (connections kept, reused and replaced), how answers are framed and cut short,
timeouts, cancellation, slow readers and TLS, each failure an UpstreamError in
httpcore's and h11's words; and the held writes that send a small request in one go."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpcore
import pytest
from semcache_proxy._upstream import _HOLD_BYTES, Upstream, UpstreamError, _HeldWrites

OK = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"
Answer = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


class Scripted:
    """A server that reads each request whole and answers with ``answer``; it
    records every request's bytes as they came (``requests``) and its body decoded
    (``bodies``: a chunked body as its chunks' data), and counts connections."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.connections = 0
        self.requests: list[bytes] = []
        self.bodies: list[bytes] = []
        self.writers: list[asyncio.StreamWriter] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.append(writer)
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                raw, body = await self._body(reader, head.lower())
                self.requests.append(head + raw)
                self.bodies.append(body)
                await self.answer(reader, writer)
                if writer.is_closing():
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    @staticmethod
    async def _body(reader: asyncio.StreamReader, head: bytes) -> tuple[bytes, bytes]:
        """The body's bytes as sent and its data."""
        if b"transfer-encoding: chunked" in head:
            raw, data = b"", b""
            while True:
                size_line = await reader.readuntil(b"\r\n")
                size = int(size_line.strip(), 16)
                chunk = await reader.readexactly(size + 2)
                raw += size_line + chunk
                data += chunk[:-2]
                if size == 0:
                    return raw, data
        for line in head.split(b"\r\n"):
            if line.startswith(b"content-length:"):
                body = await reader.readexactly(int(line.split(b":")[1]))
                return body, body
        return b"", b""


def send(data: bytes) -> Answer:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(data)
        await writer.drain()

    return answer


def send_and_close(data: bytes) -> Answer:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(data)
        await writer.drain()
        writer.close()

    return answer


@pytest.fixture
async def serve() -> AsyncIterator[Callable[..., Awaitable[tuple[Scripted, Upstream]]]]:
    closing: list[tuple[asyncio.Server, Scripted, Upstream]] = []

    async def start(
        answer: Answer,
        *,
        timeout: float = 5.0,
        scheme: str = "http",
        tls: ssl.SSLContext | None = None,
    ) -> tuple[Scripted, Upstream]:
        server = Scripted(answer)
        listening = await asyncio.start_server(server.handle, "127.0.0.1", 0, ssl=tls)
        port = listening.sockets[0].getsockname()[1]
        upstream = Upstream(f"{scheme}://127.0.0.1:{port}/v1", timeout=timeout)
        closing.append((listening, server, upstream))
        return server, upstream

    yield start
    for listening, server, upstream in closing:
        await upstream.aclose()
        listening.close()
        for writer in server.writers:
            writer.close()
            with contextlib.suppress(ConnectionError, ssl.SSLError):
                await writer.wait_closed()


async def post(upstream: Upstream, body: bytes = b"{}", **headers: str) -> bytes:
    url = upstream.url("/v1/chat/completions", b"")
    pairs = [("content-type", "application/json"), *headers.items()]
    response = await upstream.send("POST", url, pairs, body)
    return await response.aread()


async def test_a_post_is_the_bytes_httpcore_wrote(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """Request line, Host, the caller's headers in order, Content-Length, then the body."""
    server, upstream = await serve(send(OK))
    assert await post(upstream, b'{"a": 1}') == b"{}"
    port = upstream.url("/v1/x", b"").parsed.port
    assert server.requests == [
        b"POST /v1/chat/completions HTTP/1.1\r\n"
        + f"host: 127.0.0.1:{port}\r\n".encode()
        + b"content-type: application/json\r\ncontent-length: 8\r\n\r\n"
        + b'{"a": 1}'
    ]


async def test_no_header_of_the_clients_own_is_added(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """A POST without headers leaves with Host and its length only: no User-Agent,
    Accept, Accept-Encoding or Content-Type the caller did not send."""
    server, upstream = await serve(send(OK))
    url = upstream.url("/v1/chat/completions", b"")
    response = await upstream.send("POST", url, [], b"{}")
    assert await response.aread() == b"{}"
    port = url.parsed.port
    assert server.requests == [
        b"POST /v1/chat/completions HTTP/1.1\r\n"
        + f"host: 127.0.0.1:{port}\r\ncontent-length: 2\r\n\r\n{{}}".encode()
    ]


async def test_header_values_leave_as_the_bytes_sent(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """A UTF-8 value and one that is no UTF-8 (Latin-1) both leave byte for byte, and
    answer headers come back as sent."""
    answer = OK.replace(b"content-length", "x-note: caf\u00e9\r\ncontent-length".encode())
    server, upstream = await serve(send(answer))
    url = upstream.url("/v1/chat/completions", b"")
    utf8, latin1 = "Café".encode().decode("latin-1"), "Café"
    for title in (utf8, latin1):
        response = await upstream.send("POST", url, [("x-title", title)], b"{}")
        assert response.header("x-note") == "café".encode().decode("latin-1")
        await response.aread()
    assert b"x-title: Caf\xc3\xa9\r\n" in server.requests[0]
    assert b"x-title: Caf\xe9\r\n" in server.requests[1]


async def test_a_path_leaves_as_given(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """A path's percent-escapes and query are not re-quoted on the way."""
    server, upstream = await serve(send(OK))
    url = upstream.url("/v1/files/a%20b%2Fc", b"x=%7E&y=1+2")
    response = await upstream.send("POST", url, [], b"{}")
    await response.aread()
    assert server.requests[0].startswith(b"POST /v1/files/a%20b%2Fc?x=%7E&y=1+2 HTTP/1.1\r\n")


async def test_posts_in_turn_share_one_connection(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """A connection is kept and reused while the server keeps it open."""
    server, upstream = await serve(send(OK))
    for _ in range(4):
        assert await post(upstream) == b"{}"
    assert server.connections == 1


async def test_concurrent_requests_open_connections_then_reuse_them(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """Four requests at once take four connections; the next four reuse them."""
    server, upstream = await serve(send(OK))
    for _ in range(2):
        assert await asyncio.gather(*(post(upstream) for _ in range(4))) == [b"{}"] * 4
    assert server.connections == 4


async def test_a_connection_the_server_closed_is_replaced(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """An idle connection the server has closed is not reused: the request gets a new one."""
    server, upstream = await serve(send_and_close(OK))
    for _ in range(3):
        assert await post(upstream) == b"{}"
        await asyncio.sleep(0.05)  # the server's close reaches the idle connection
    assert server.connections == 3


async def test_an_answer_saying_close_is_not_reused(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """``connection: close`` in the answer: the next POST opens a new connection."""
    closing = OK.replace(b"content-length", b"connection: close\r\ncontent-length")
    server, upstream = await serve(send(closing))
    for _ in range(2):
        assert await post(upstream) == b"{}"
    assert server.connections == 2


async def test_a_body_until_close_is_read_whole(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """No length and not chunked: the body is what comes until the server closes."""
    head = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n"
    _, upstream = await serve(send_and_close(head + b"data: 1\n\ndata: [DONE]\n\n"))
    assert await post(upstream) == b"data: 1\n\ndata: [DONE]\n\n"


async def test_a_chunked_answer_is_decoded(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """A chunked body is relayed as its chunks' data, and the connection kept."""
    chunked = (
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    )
    server, upstream = await serve(send(chunked))
    assert await post(upstream) == b"abcde"
    assert await post(upstream) == b"abcde"
    assert server.connections == 1


async def test_an_interim_answer_is_skipped(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """A ``100 Continue`` before the answer is not taken for it."""
    _, upstream = await serve(send(b"HTTP/1.1 100 Continue\r\n\r\n" + OK))
    assert await post(upstream) == b"{}"


async def test_a_body_cut_short_is_a_502_in_h11s_words(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """A body shorter than its length, then a close: upstream_error, as h11 said it."""
    cut = b'HTTP/1.1 200 OK\r\ncontent-length: 500\r\n\r\n{"id"'
    _, upstream = await serve(send_and_close(cut))
    with pytest.raises(UpstreamError) as raised:
        await post(upstream)
    assert (raised.value.status, raised.value.code) == (502, "upstream_error")
    assert str(raised.value) == (
        "the upstream connection failed: RemoteProtocolError: peer closed connection "
        "without sending complete message body (received 5 bytes, expected 500)"
    )


async def test_a_close_without_an_answer_is_a_502(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """The server closes after the request: httpcore's words."""
    _, upstream = await serve(send_and_close(b""))
    with pytest.raises(UpstreamError) as raised:
        await post(upstream)
    assert str(raised.value) == (
        "the upstream connection failed: RemoteProtocolError: "
        "Server disconnected without sending a response."
    )


async def test_a_garbled_answer_is_a_502(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """Bytes that are no HTTP answer: upstream_error, and the connection dropped."""
    server, upstream = await serve(send(b"SMTP ready\r\n\r\n"))
    with pytest.raises(UpstreamError) as raised:
        await post(upstream)
    assert raised.value.code == "upstream_error"
    assert "RemoteProtocolError" in str(raised.value)
    server.answer = send(OK)
    assert await post(upstream) == b"{}"
    assert server.connections == 2


async def test_an_answer_too_slow_is_a_504(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """Nothing within the read timeout: upstream_timeout (ReadTimeout); a later POST
    gets a connection of its own."""

    async def never(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(3)

    server, upstream = await serve(never, timeout=0.2)
    with pytest.raises(UpstreamError) as raised:
        await post(upstream)
    assert (raised.value.status, raised.value.code) == (504, "upstream_timeout")
    assert "ReadTimeout" in str(raised.value)
    server.answer = send(OK)
    assert await post(upstream) == b"{}"
    assert server.connections == 2


async def test_a_body_the_server_does_not_take_is_a_504() -> None:
    """A server that reads no byte of a large body: upstream_timeout (the write's or
    the read's, as the kernel's buffers decide), not a wait without end."""
    release = asyncio.Event()

    async def deaf(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await release.wait()
        writer.close()

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # its connections' too
    sock.bind(("127.0.0.1", 0))
    listening = await asyncio.start_server(deaf, sock=sock)
    upstream = Upstream(f"http://127.0.0.1:{sock.getsockname()[1]}/v1", timeout=0.2)
    try:
        url = upstream.url("/v1/chat/completions", b"")
        with pytest.raises(UpstreamError) as raised:
            await upstream.send("POST", url, [], b"x" * (1 << 20))
        assert (raised.value.status, raised.value.code) == (504, "upstream_timeout")
    finally:
        release.set()
        await upstream.aclose()
        listening.close()
        await listening.wait_closed()


async def test_a_cancelled_post_gives_its_slot_back(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """A caller cancelled while waiting: its connection closed, the next POST served."""
    release = asyncio.Event()

    async def held(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await release.wait()

    server, upstream = await serve(held)
    waiting = asyncio.ensure_future(post(upstream))
    while not server.requests:
        await asyncio.sleep(0.01)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    server.answer = send(OK)
    release.set()
    assert await post(upstream) == b"{}"
    assert server.connections == 2


async def test_a_large_answer_read_slowly_arrives_intact(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """A body past the read buffer's bound pauses the connection and loses nothing."""
    body = bytes(range(256)) * 8192  # 2 MiB
    head = b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n" % len(body)
    server, upstream = await serve(send(head + body))
    url = upstream.url("/v1/chat/completions", b"")
    response = await upstream.send("POST", url, [], b"{}")
    parts = []
    async for chunk in response.aiter_raw():
        parts.append(chunk)
        await asyncio.sleep(0)
    assert b"".join(parts) == body
    assert await post(upstream) == body
    assert server.connections == 1


async def test_a_header_h11_refuses_is_refused_as_before(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """A header value with a NUL goes through httpcore, which refuses it as before
    (LocalProtocolError, 502) with nothing sent."""
    server, upstream = await serve(send(OK))
    with pytest.raises(UpstreamError) as raised:
        await post(upstream, **{"x-title": "a\x00b"})
    assert raised.value.code == "upstream_error"
    assert "LocalProtocolError" in str(raised.value)
    assert server.requests == []


def _certificate(tmp_path: Path) -> tuple[Path, Path]:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    ip = __import__("ipaddress").ip_address("127.0.0.1")
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ip)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert, private = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, private


async def test_an_https_upstream_is_verified(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]], tmp_path: Path
) -> None:
    """TLS to an upstream whose certificate no known authority signed: refused as
    unreachable (502) with the verification's reason, nothing sent."""
    cert, key = _certificate(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    server, upstream = await serve(send(OK), scheme="https", tls=tls)
    with pytest.raises(UpstreamError) as raised:
        await post(upstream)
    assert (raised.value.status, raised.value.code) == (502, "upstream_unreachable")
    assert "CERTIFICATE_VERIFY_FAILED" in str(raised.value)
    assert server.requests == []


async def test_closing_the_upstream_closes_its_connections(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """``aclose`` (the proxy's shutdown) closes the kept connection: the server reads
    its end."""
    server, upstream = await serve(send(OK))
    assert await post(upstream) == b"{}"
    await upstream.aclose()
    reader_done = asyncio.get_running_loop().create_future()

    async def wait_end() -> None:
        while not server.writers[0].transport.is_closing():
            await asyncio.sleep(0.01)
        reader_done.set_result(True)

    await asyncio.wait_for(wait_end(), 5)
    assert reader_done.result()


def test_an_upstream_made_outside_a_loop_serves_on_the_loop_that_posts() -> None:
    """The client is made on the first POST's running loop, so an Upstream built
    before the loop (as the proxy's app is) serves and closes without a warning."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        await reader.readexactly(2)
        writer.write(OK)
        await writer.drain()
        writer.close()

    async def run(upstream: Upstream) -> bytes:
        listening = await asyncio.start_server(answer, "127.0.0.1", 18260)
        try:
            return await post(upstream)
        finally:
            await upstream.aclose()
            listening.close()

    upstream = Upstream("http://127.0.0.1:18260/v1", timeout=5.0)
    assert asyncio.run(run(upstream)) == b"{}"


async def test_a_streamed_body_without_length_goes_chunked(
    serve: Callable[..., Awaitable[tuple[Scripted, Upstream]]],
) -> None:
    """A request body given as a stream, with no Content-Length, is sent chunked."""
    server, upstream = await serve(send(OK))

    async def parts() -> AsyncIterator[bytes]:
        yield b'{"a": '
        yield b"1}"

    url = upstream.url("/v1/files", b"")
    response = await upstream.send("POST", url, [], parts())
    assert await response.aread() == b"{}"
    assert b"transfer-encoding: chunked\r\n" in server.requests[0].lower()
    assert server.bodies == [b'{"a": 1}']


async def test_an_unreachable_upstream_is_a_502() -> None:
    """Nothing listening: UpstreamError with status 502 and code upstream_unreachable."""
    listening = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    listening.close()
    await listening.wait_closed()
    upstream = Upstream(f"http://127.0.0.1:{port}/v1", timeout=2.0)
    with pytest.raises(UpstreamError) as raised:
        await post(upstream)
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
