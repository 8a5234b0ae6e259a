"""The connection to the upstream API: a keep-alive pool of httpcore connections,
header hygiene, and transport failures translated into OpenAI-shaped 502/504 errors.

httpcore's connections are used directly, not through an httpx client: the client's
per-request models (URL, headers, cookies, auth, redirects, event hooks) and its
pool's scan of every connection (a readability poll of each idle one, per request
and per response closed) cost more CPU than the rest of a miss's HTTP work. The
pool here takes the most recently used idle connection and polls only that one.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol
from urllib.parse import unquote

import httpcore
import httpx

from semcache import InvalidRequestError, SemcacheError

from . import _streams

__all__ = [
    "MAX_PATH_BYTES",
    "Upstream",
    "UpstreamError",
    "UpstreamResponse",
    "UpstreamURL",
    "check_path",
    "forwardable_request_headers",
    "forwardable_response_headers",
]

# Per-connection headers (RFC 9110 §7.6.1) and those the proxy sets itself.
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
    }
)
# The serving uvicorn adds its own; relaying the upstream's would send two of each.
_SET_BY_SERVER = frozenset({"date", "server"})
_OWN_PREFIX = "x-semcache"
_CONNECT_TIMEOUT = 10.0
#: Longest path plus query string relayed upstream (bytes); real API paths are short.
MAX_PATH_BYTES = 8192
# Decoded repeatedly: "%252e" is "%2e" once decoded, which a second decoder may read as ".".
_DECODE_ROUNDS = 3
_SEGMENT_SPLIT = re.compile(r"[/\\]")
_MAX_CONNECTIONS = 256
_KEEPALIVE_SECONDS = 5.0  # httpx's default: idle connections older than this are closed
_KNOWN_URLS = 1024  # paths whose upstream URL is kept (passthrough paths may be many)
# What the transports raise: httpcore's own connections, or an httpx transport given.
_TRANSPORT_ERRORS = (
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpx.TransportError,
)
_TIMEOUTS = (httpcore.TimeoutException, httpx.TimeoutException)
#: The largest write held to leave with the next one (see :class:`_HeldWrites`).
_HOLD_BYTES = 64 * 1024
_CONNECT_ERRORS = (httpcore.ConnectError, httpx.ConnectError)


class UpstreamError(SemcacheError):
    """The upstream could not be reached or broke off: ``status`` is 502 or 504."""

    def __init__(self, message: str, *, status: int, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


def _map_transport_error(exc: Exception) -> UpstreamError:
    if isinstance(exc, _TIMEOUTS):
        return UpstreamError(
            f"the upstream did not answer in time ({type(exc).__name__})",
            status=504,
            code="upstream_timeout",
        )
    if isinstance(exc, _CONNECT_ERRORS):
        return UpstreamError(
            f"cannot connect to the upstream: {exc}", status=502, code="upstream_unreachable"
        )
    return UpstreamError(
        f"the upstream connection failed: {type(exc).__name__}: {exc}",
        status=502,
        code="upstream_error",
    )


def check_path(raw_path: str, query: bytes) -> None:
    """Refuse a path that could leave the upstream base path or cannot be relayed.

    Dot segments (``/v1/../ctl``), in any percent-encoding (``%2e%2e``, ``%252e``),
    backslashes and encoded slashes are refused rather than normalized: no API path
    has them, and a path the proxy and the upstream would resolve differently is
    the classic way past a base path. Raises :class:`~semcache.InvalidRequestError`.
    """
    size = len(raw_path.encode("latin-1", "replace")) + len(query)
    if size > MAX_PATH_BYTES:
        raise InvalidRequestError(
            f"the path and query are {size} bytes, over the proxy's limit of "
            f"{MAX_PATH_BYTES}; send parameters in the body"
        )
    shown = raw_path[:100]
    decoded = raw_path
    for _ in range(_DECODE_ROUNDS):
        segments = _SEGMENT_SPLIT.split(decoded)
        if any(segment in (".", "..") for segment in segments) or "\\" in decoded:
            raise InvalidRequestError(
                f"path {shown!r} has dot segments or backslashes, which could leave the "
                "upstream's base path; send the plain path (e.g. /v1/models)"
            )
        if any(ord(char) < 0x20 or char == "\x7f" for char in decoded):
            raise InvalidRequestError(
                f"path {shown!r} holds control characters; send the plain path"
            )
        decoded, before = unquote(decoded, encoding="latin-1"), decoded
        if decoded == before:
            break


def _decoded(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    """Headers as sent (bytes decoded as latin-1, so they round-trip exactly)."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]


def _dropped_by_connection(headers: Iterable[tuple[str, str]]) -> set[str]:
    named = set(_HOP_BY_HOP)
    for name, value in headers:
        if name == "connection":
            named.update(token.strip().lower() for token in value.split(","))
    return named


def forwardable_request_headers(
    headers: Iterable[tuple[str, str]], *, keep_length: bool
) -> list[tuple[str, str]]:
    """Request headers to send upstream: the caller's, minus hop-by-hop ones and the
    proxy's own ``x-semcache-*`` controls."""
    pairs = [(k.lower(), v) for k, v in headers]
    dropped = _dropped_by_connection(pairs)
    if not keep_length:
        dropped.add("content-length")
    return [(k, v) for k, v in pairs if k not in dropped and not k.startswith(_OWN_PREFIX)]


def forwardable_response_headers(
    headers: Iterable[tuple[str, str]], *, decoded: bool
) -> list[tuple[str, str]]:
    """Response headers to relay to the caller. ``decoded``: the body is relayed
    decompressed, so its length and encoding headers no longer apply."""
    pairs = [(k.lower(), v) for k, v in headers]
    dropped = _dropped_by_connection(pairs) | _SET_BY_SERVER
    if decoded:
        dropped.update(("content-length", "content-encoding"))
    return [(k, v) for k, v in pairs if k not in dropped]


@dataclass(frozen=True, slots=True)
class UpstreamURL:
    """An upstream URL, parsed once (``str()`` gives it as text)."""

    text: str
    parsed: httpcore.URL

    def __str__(self) -> str:
        return self.text


class _Body(Protocol):
    """A response body as both transports give it: chunks, then closed."""

    def __aiter__(self) -> AsyncIterator[bytes]: ...

    async def aclose(self) -> None: ...


class UpstreamResponse:
    """One upstream answer, its body unread: read it (:meth:`aread`) or stream it
    (:meth:`aiter_raw`), then :meth:`aclose` it (reading to the end closes it too).

    The body is relayed as sent (``content-encoding`` untouched): the proxy asks for
    ``identity`` where it reads the answer. A transport failure while reading is
    raised as :class:`UpstreamError`. Not thread-safe (one event loop).
    """

    __slots__ = ("_body", "_closed", "_release", "headers", "status_code")

    def __init__(
        self,
        status_code: int,
        headers: list[tuple[str, str]],
        body: _Body,
        release: Callable[[], Awaitable[None]],
    ) -> None:
        self.status_code = status_code
        #: The response headers as sent, names and values decoded as latin-1.
        self.headers = headers
        self._body, self._release, self._closed = body, release, False

    @property
    def is_success(self) -> bool:
        """Whether the status is 2xx."""
        return 200 <= self.status_code < 300

    def header(self, name: str) -> str:
        """The first value of header ``name`` (lower case), or ""."""
        return next((v for k, v in self.headers if k.lower() == name), "")

    async def aiter_raw(self) -> AsyncIterator[bytes]:
        """The body's bytes as they arrive; closes the response at the end."""
        try:
            async for chunk in self._body:
                yield chunk
        except _TRANSPORT_ERRORS as exc:
            raise _map_transport_error(exc) from exc
        finally:
            await self.aclose()

    async def aread(self) -> bytes:
        """The whole body; closes the response."""
        return b"".join([chunk async for chunk in self.aiter_raw()])

    async def aclose(self) -> None:
        """Give the connection back (or close it, if the body was not read to the end)."""
        if self._closed:
            return
        self._closed = True
        try:
            await self._body.aclose()
        finally:
            await self._release()


class _HeldWrites(httpcore.AsyncNetworkStream):
    """A connection on which a request's head leaves with the first bytes after it.

    httpcore writes a request's head, then its body, each a send of its own: two TCP
    segments, two wake-ups of the upstream and two timeout scopes for one small
    request. Here a small write (a head) is held until the next write, which takes
    it along, or the first read. A streamed body's later chunks go as they come, as
    before. A failed send at the read is what httpcore does with a failed body
    write: the response is still read, in case the server answered before it closed.
    """

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream
        self._held = b""
        self._timeout: float | None = None

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        if len(buffer) + len(self._held) <= _HOLD_BYTES:
            if not self._held:
                self._held, self._timeout = buffer, timeout
                return
            buffer, self._held = self._held + buffer, b""
        await self._flush()  # with a large write (a body): two sends, no copy of it
        await self._stream.write(buffer, timeout)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        # As httpcore after a failed body write: the server may have answered first.
        with contextlib.suppress(httpcore.WriteError):
            await self._flush()
        return await self._stream.read(max_bytes, timeout)

    async def _flush(self) -> None:
        if self._held:
            held, self._held = self._held, b""
            await self._stream.write(held, self._timeout)

    async def aclose(self) -> None:
        self._held = b""
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        await self._flush()
        tls = await self._stream.start_tls(ssl_context, server_hostname, timeout)
        return _HeldWrites(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _HoldingBackend(httpcore.AsyncNetworkBackend):
    """Connections whose writes are held (:class:`_HeldWrites`): plain TCP on the
    event loop's transports (:mod:`._streams`, with ``loop_streams``), TLS and Unix
    sockets through httpcore's own anyio backend."""

    def __init__(self, *, loop_streams: bool = False) -> None:
        self._backend = httpcore.AnyIOBackend()
        self._loop_streams = loop_streams

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream: httpcore.AsyncNetworkStream
        if self._loop_streams:
            stream = await _streams.connect_tcp(
                host,
                port,
                timeout=timeout,
                local_address=local_address,
                socket_options=socket_options,
            )
            return _HeldWrites(stream)
        stream = await self._backend.connect_tcp(
            host, port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )
        return _HeldWrites(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._backend.connect_unix_socket(
            path, timeout=timeout, socket_options=socket_options
        )
        return _HeldWrites(stream)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


class _Pool:
    """Keep-alive HTTP/1.1 connections to one origin, at most ``limit`` at once.

    A request takes the most recently used idle connection (the one least likely
    to have been closed by the server) and checks only that one; a request beyond
    ``limit`` waits up to the pool timeout. Used from one event loop.
    """

    def __init__(self, origin: httpcore.Origin, *, limit: int, wait: float) -> None:
        self._origin, self._wait = origin, wait
        self._idle: list[httpcore.AsyncHTTPConnection] = []
        self._slots = asyncio.Semaphore(limit)
        self._backend = _HoldingBackend(loop_streams=origin.scheme == b"http")

    async def send(self, request: httpcore.Request) -> UpstreamResponse:
        """The response of ``request``, its body unread (see :class:`UpstreamResponse`)."""
        if self._slots.locked():  # a free slot is taken at once: no deadline to set
            try:
                async with asyncio.timeout(self._wait):
                    await self._slots.acquire()
            except TimeoutError as exc:
                raise httpcore.PoolTimeout("no upstream connection free in time") from exc
        else:
            await self._slots.acquire()
        connection = await self._connection()
        try:
            response = await connection.handle_async_request(request)
        except BaseException:
            self._slots.release()
            await connection.aclose()
            raise
        body: _Body = response.stream  # type: ignore[assignment]  # an async stream here
        headers = _decoded(response.headers)
        return UpstreamResponse(response.status, headers, body, partial(self._back, connection))

    async def _connection(self) -> httpcore.AsyncHTTPConnection:
        while self._idle:
            connection = self._idle.pop()
            if connection.is_available() and not connection.has_expired():
                return connection
            await connection.aclose()  # expired, or closed by the server
        return httpcore.AsyncHTTPConnection(
            self._origin, keepalive_expiry=_KEEPALIVE_SECONDS, network_backend=self._backend
        )

    async def _back(self, connection: httpcore.AsyncHTTPConnection) -> None:
        self._slots.release()
        if connection.is_idle():
            self._idle.append(connection)
        else:
            await connection.aclose()

    async def aclose(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.aclose()


class Upstream:
    """Sends requests to the upstream base URL over a pool of keep-alive connections.

    ``base_url`` ends where the OpenAI path starts (``https://api.openai.com/v1``):
    a proxy path ``/v1/<rest>`` goes to ``<base_url>/<rest>``. ``transport``: an
    httpx transport to send through instead (tests pass ``httpx.ASGITransport``).
    No cookie is kept, no redirect followed: one pool serves every tenant.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._urls: dict[tuple[str, bytes], UpstreamURL] = {}
        connect = min(timeout, _CONNECT_TIMEOUT)
        timeouts = {"connect": connect, "read": timeout, "write": timeout, "pool": timeout}
        self._extensions = {"timeout": timeouts}
        base = httpcore.URL(self._base)
        self._host = _host_header(base)
        self._transport = transport
        self._pool = _Pool(base.origin, limit=_MAX_CONNECTIONS, wait=timeout)

    def url(self, raw_path: str, query: bytes) -> UpstreamURL:
        """The upstream URL of a proxy path (``/v1/...``) and its raw query string."""
        found = self._urls.get((raw_path, query))
        if found is None:  # checked and parsed once per path: the cached endpoints are few
            check_path(raw_path, query)
            rest = raw_path[len("/v1") :] if raw_path.startswith("/v1") else raw_path
            text = self._base + rest + ("?" + query.decode("latin-1") if query else "")
            found = UpstreamURL(text, httpcore.URL(text))  # no query: no "?"
            if len(self._urls) >= _KNOWN_URLS:
                self._urls.clear()
            self._urls[raw_path, query] = found
        return found

    async def send(
        self,
        method: str,
        url: UpstreamURL,
        headers: list[tuple[str, str]],
        content: bytes | AsyncIterable[bytes],
    ) -> UpstreamResponse:
        """Send a request; the response body is left unread (stream it, then close).

        Header values go out as the bytes the caller sent (``X-Title: Café Bot`` in
        UTF-8 stays so). ``Host`` and the body's framing (``Content-Length``, or
        chunked for a stream without one) are added as httpx would.
        """
        raw = [(b"host", self._host)]
        raw += [(k.encode("latin-1"), v.encode("latin-1", "replace")) for k, v in headers]
        raw += _framing(raw, content)
        try:
            if self._transport is not None:
                return await self._send_through(method, url, raw, content)
            request = httpcore.Request(
                method, url.parsed, headers=raw, content=content, extensions=self._extensions
            )
            return await self._pool.send(request)
        except _TRANSPORT_ERRORS as exc:
            raise _map_transport_error(exc) from exc

    async def _send_through(
        self,
        method: str,
        url: UpstreamURL,
        headers: list[tuple[bytes, bytes]],
        content: bytes | AsyncIterable[bytes],
    ) -> UpstreamResponse:
        assert self._transport is not None
        request = httpx.Request(method, url.text, headers=headers, content=content)
        request.extensions = dict(self._extensions)
        response = await self._transport.handle_async_request(request)
        body: _Body = response.stream  # type: ignore[assignment]  # an async transport's
        return UpstreamResponse(response.status_code, _decoded(response.headers.raw), body, _no_op)

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self._pool.aclose()
        if self._transport is not None:
            await self._transport.aclose()


async def _no_op() -> None:
    return None


def _host_header(url: httpcore.URL) -> bytes:
    default = {b"http": 80, b"https": 443}.get(url.scheme)
    host = b"[" + url.host + b"]" if b":" in url.host else url.host
    return host if url.port in (None, default) else host + b":%d" % url.port


def _framing(
    headers: list[tuple[bytes, bytes]], content: bytes | AsyncIterable[bytes]
) -> list[tuple[bytes, bytes]]:
    """The body's length header, unless the caller's is kept: its length, or chunked."""
    if any(k.lower() == b"content-length" for k, _ in headers):
        return []
    if isinstance(content, bytes):
        return [(b"content-length", b"%d" % len(content))] if content else []
    return [(b"transfer-encoding", b"chunked")]
