"""The connection to the upstream API: one pooled httpx client, header hygiene,
and transport failures translated into OpenAI-shaped 502/504 errors."""

from __future__ import annotations

from collections.abc import AsyncIterable, Iterable

import httpx

from semcache import SemcacheError

__all__ = [
    "Upstream",
    "UpstreamError",
    "forwardable_request_headers",
    "forwardable_response_headers",
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
_MAX_CONNECTIONS = 256


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
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, _CONNECT_TIMEOUT)),
            limits=httpx.Limits(
                max_connections=_MAX_CONNECTIONS, max_keepalive_connections=_MAX_CONNECTIONS
            ),
            transport=transport,
            follow_redirects=False,
            trust_env=False,
        )

    def url(self, raw_path: str, query: bytes) -> httpx.URL:
        """The upstream URL of a proxy path (``/v1/...``) and its raw query string."""
        rest = raw_path[len("/v1") :] if raw_path.startswith("/v1") else raw_path
        return httpx.URL(self._base + rest, query=query or None)  # no query: no stray "?"

    async def send(
        self,
        method: str,
        url: httpx.URL,
        headers: list[tuple[str, str]],
        content: bytes | AsyncIterable[bytes],
    ) -> httpx.Response:
        """Send a request; the response body is left unread (stream it, then close)."""
        request = self._client.build_request(method, url, headers=headers, content=content)
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
