"""Every other ``/v1/*`` route: relayed unchanged (method, headers, body, status,
streaming) in both directions, without reading or buffering the bodies."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ._errors import upstream_failed
from ._log import fields
from ._state import state_of
from ._upstream import (
    UpstreamError,
    UpstreamResponse,
    forwardable_request_headers,
    forwardable_response_headers,
)

__all__ = ["handle_passthrough", "raw_headers", "raw_path"]


async def handle_passthrough(request: Request) -> Response:
    """Relay one request to the upstream as it is and its answer back as it comes."""
    proxy = state_of(request)
    log = fields(request)
    log.update(endpoint="passthrough", outcome="passthrough")
    headers = forwardable_request_headers(raw_headers(request), keep_length=True)
    url = proxy.upstream.url(raw_path(request), request.scope.get("query_string", b""))
    try:
        upstream = await proxy.upstream.send(request.method, url, headers, _body(request))
    except UpstreamError as exc:
        proxy.metrics.errors.labels(type=exc.code).inc()
        log.update(outcome="error", error=str(exc))
        return upstream_failed(exc)
    log["upstream_status"] = upstream.status_code
    response = StreamingResponse(_relay(upstream), status_code=upstream.status_code)
    pairs = forwardable_response_headers(upstream.headers, decoded=False)
    response.raw_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in pairs]
    return response


def _body(request: Request) -> bytes | AsyncIterator[bytes]:
    has_body = "content-length" in request.headers or "transfer-encoding" in request.headers
    return request.stream() if has_body else b""


async def _relay(upstream: UpstreamResponse) -> AsyncIterator[bytes]:
    try:
        async for data in upstream.aiter_raw():  # still encoded: the headers say how
            yield data
    finally:
        with anyio.CancelScope(shield=True):
            await upstream.aclose()


def raw_path(request: Request) -> str:
    """The request path as the client sent it (percent-encoding kept)."""
    raw: bytes = request.scope.get("raw_path") or request.url.path.encode()
    return raw.decode("latin-1")


def raw_headers(request: Request) -> list[tuple[str, str]]:
    """The request headers as sent, in order, duplicates kept."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw]
