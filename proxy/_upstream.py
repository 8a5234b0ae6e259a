"""The connection to the upstream API: one pooled httpx client, header hygiene,
and transport failures translated into OpenAI-shaped 502/504 errors."""

from __future__ import annotations

import re
from collections.abc import AsyncIterable, Iterable
from http.cookiejar import Cookie, CookieJar
from typing import Any
from urllib.parse import unquote

import httpx

from semcache import InvalidRequestError, SemcacheError

__all__ = [
    "MAX_PATH_BYTES",
    "Upstream",
    "UpstreamError",
    "check_path",
    "forwardable_request_headers",
    "forwardable_response_headers",
    "header_items",
    "upstream_error_of",
]

# Per-connection headers (RFC 9110 §7.6.1) and those httpx sets itself.
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
_KNOWN_URLS = 1024  # paths whose upstream URL is kept (passthrough paths may be many)


class _NoCookies(CookieJar):
    """A jar that never holds a cookie.

    One client serves every tenant: a kept Set-Cookie would ride on the next
    caller's request. Refusing at the jar (rather than by a domain policy) also
    skips the policy's parsing of every response's headers on each request.
    """

    def extract_cookies(self, response: Any, request: Any) -> None:
        """Keep nothing from a response."""

    def set_cookie(self, cookie: Cookie) -> None:
        """Keep nothing."""

    def set_cookie_if_ok(self, cookie: Cookie, request: Any) -> None:
        """Keep nothing."""


class UpstreamError(SemcacheError):
    """The upstream could not be reached or broke off: ``status`` is 502 or 504."""

    def __init__(self, message: str, *, status: int, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


def _map_transport_error(exc: httpx.HTTPError) -> UpstreamError:
    if isinstance(exc, httpx.TimeoutException):
        return UpstreamError(
            f"the upstream did not answer in time ({type(exc).__name__})",
            status=504,
            code="upstream_timeout",
        )
    if isinstance(exc, httpx.ConnectError):
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


def header_items(headers: httpx.Headers) -> list[tuple[str, str]]:
    """The headers as sent (bytes decoded as latin-1, so they round-trip exactly)."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers.raw]


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


class Upstream:
    """Sends requests to the upstream base URL over one pooled keep-alive client.

    ``base_url`` ends where the OpenAI path starts (``https://api.openai.com/v1``):
    a proxy path ``/v1/<rest>`` goes to ``<base_url>/<rest>``.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._urls: dict[tuple[str, bytes], httpx.URL] = {}  # httpx.URL is immutable
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, _CONNECT_TIMEOUT)),
            limits=httpx.Limits(
                max_connections=_MAX_CONNECTIONS, max_keepalive_connections=_MAX_CONNECTIONS
            ),
            transport=transport,
            follow_redirects=False,
            trust_env=False,
            cookies=_NoCookies(),  # one client serves every tenant: it keeps no cookie
        )

    def url(self, raw_path: str, query: bytes) -> httpx.URL:
        """The upstream URL of a proxy path (``/v1/...``) and its raw query string."""
        found = self._urls.get((raw_path, query))
        if found is None:  # checked and parsed once per path: the cached endpoints are few
            check_path(raw_path, query)
            rest = raw_path[len("/v1") :] if raw_path.startswith("/v1") else raw_path
            found = httpx.URL(self._base + rest, query=query or None)  # no query: no "?"
            if len(self._urls) >= _KNOWN_URLS:
                self._urls.clear()
            self._urls[raw_path, query] = found
        return found

    async def send(
        self,
        method: str,
        url: httpx.URL,
        headers: list[tuple[str, str]],
        content: bytes | AsyncIterable[bytes],
    ) -> httpx.Response:
        """Send a request; the response body is left unread (stream it, then close).

        Header values go out as the bytes the caller sent (``X-Title: Café Bot`` in
        UTF-8 stays so): httpx would encode text as ASCII and fail.
        """
        raw = [(k.encode("latin-1"), v.encode("latin-1", "replace")) for k, v in headers]
        request = self._client.build_request(method, url, headers=raw, content=content)
        try:
            return await self._client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise _map_transport_error(exc) from exc

    async def read(self, response: httpx.Response) -> bytes:
        """The whole (decoded) body of a response; closes it."""
        try:
            return await response.aread()
        except httpx.HTTPError as exc:
            raise _map_transport_error(exc) from exc
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self._client.aclose()


def upstream_error_of(exc: httpx.HTTPError) -> UpstreamError:
    """The UpstreamError a transport failure met while streaming maps to."""
    return _map_transport_error(exc)
