"""``POST /v1/chat/completions`` and ``POST /v1/completions``: the cached endpoints.

A request is read (size-limited), keyed (:mod:`semcache._canonical`) and its
``x-semcache-*`` controls parsed; a lookup that finds a fresh answer is served
from the cache (as one object or replayed as a stream), anything else goes
upstream. A miss streams back to the caller byte for byte as it arrives while a
copy is assembled; only a complete, successful answer is stored, in the
background, after the caller has it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import anyio
import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from semcache import Hit, InvalidRequestError, Key
from semcache._canonical import Endpoint, bypass_reason, canonicalize
from semcache._controls import Controls, parse_controls
from semcache._replay import (
    assemble,
    include_usage,
    is_complete_success,
    refresh_identity,
    to_chunks,
)

from ._errors import error_response, invalid_request
from ._log import fields, logger
from ._passthrough import raw_headers, raw_path
from ._sse import DONE, SSEReader, encode
from ._state import ProxyState, state_of
from ._tenancy import namespace_for
from ._upstream import (
    UpstreamError,
    forwardable_request_headers,
    forwardable_response_headers,
    upstream_error_of,
)

__all__ = ["handle_completion"]


class _TooLarge(Exception):
    pass


@dataclass(frozen=True)
class _Call:
    """One parsed request to a cached endpoint."""

    endpoint: Endpoint
    raw: bytes
    body: dict[str, Any]
    controls: Controls
    key: Key | None  # None: the request is not cacheable (see bypass)
    bypass: str | None  # why the cache is skipped, if it is

    @property
    def read(self) -> bool:
        return self.bypass is None and self.controls.read

    @property
    def write(self) -> bool:
        return self.key is not None and self.controls.write and self.bypass in (None, "refresh")


async def handle_completion(request: Request) -> Response:
    """Serve one completion request from the cache or the upstream."""
    proxy = state_of(request)
    endpoint: Endpoint = "chat" if request.url.path.endswith("/chat/completions") else "completion"
    log = fields(request)
    log["endpoint"] = endpoint
    try:
        call = await _parse(request, proxy, endpoint)
    except _TooLarge:
        return _client_error(proxy, _too_large(proxy.settings.max_body_bytes), "body_too_large")
    except InvalidRequestError as exc:
        return _client_error(proxy, invalid_request(str(exc)), "invalid_request")
    if call.key is not None:
        log["namespace"] = call.key.namespace
    if logger.isEnabledFor(logging.DEBUG) and call.key is not None:
        log["prompt"] = call.key.text[:200]
    if call.read:
        hit = await _lookup(proxy, call)
        if hit is not None:
            return _serve_hit(proxy, request, call, hit)
        proxy.metrics.misses.inc()
        log["outcome"] = "miss"
    else:
        reason = call.bypass or "header"
        proxy.metrics.bypasses.labels(reason=_reason_label(reason)).inc()
        log["outcome"], log["reason"] = "bypass", reason
    return await _forward(proxy, request, call)


# -- parsing ----------------------------------------------------------------------


async def _parse(request: Request, proxy: ProxyState, endpoint: Endpoint) -> _Call:
    raw = await _read_limited(request, proxy.settings.max_body_bytes)
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise InvalidRequestError(
            f"request body must be valid JSON; {exc} (send Content-Type: application/json)"
        ) from exc
    if not isinstance(body, dict):
        raise InvalidRequestError(f"request body must be a JSON object; got {type(body).__name__}")
    controls = parse_controls(request.headers)
    reason = bypass_reason(endpoint, body)  # raises for a malformed body
    if reason is not None:
        return _Call(endpoint, raw, body, controls, None, reason)
    namespace = namespace_for(request.headers, controls.namespace, proxy.settings.shared_namespace)
    key = canonicalize(endpoint, body, namespace=namespace)
    return _Call(endpoint, raw, body, controls, key, _control_bypass(controls))


def _control_bypass(controls: Controls) -> str | None:
    if controls.bypass:
        return "header"
    if controls.refresh or controls.no_cache:
        return "refresh"
    return None


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _TooLarge
    return bytes(body)


def _too_large(limit: int) -> JSONResponse:
    return invalid_request(
        f"request body is larger than the proxy's limit of {limit} bytes; "
        "send a smaller request or raise --max-body-bytes",
        status=413,
        code="request_too_large",
    )


def _client_error(proxy: ProxyState, response: JSONResponse, kind: str) -> JSONResponse:
    proxy.metrics.errors.labels(type=kind).inc()
    return response


def _reason_label(reason: str) -> str:
    return reason if reason in ("header", "refresh") else "uncacheable"


# -- hits ---------------------------------------------------------------------------


async def _lookup(proxy: ProxyState, call: _Call) -> Hit | None:
    assert call.key is not None
    key, started = call.key, time.perf_counter()
    try:
        hit: Hit | None = await proxy.in_thread(
            proxy.cache.get,
            key.text,
            namespace=key.namespace,
            scope=key.scope,
            threshold=call.controls.threshold,
        )
    except Exception:  # fail open: a broken cache is a miss, never a failed request
        logger.warning("semcache proxy: lookup failed; treating it as a miss", exc_info=True)
        hit = None
    proxy.metrics.lookup_latency.observe(time.perf_counter() - started)
    if hit is None or not call.controls.fresh_enough(hit.created_at, time.time()):
        return None
    return hit if is_complete_success(call.endpoint, hit.response) else None


def _serve_hit(proxy: ProxyState, request: Request, call: _Call, hit: Hit) -> Response:
    log = fields(request)
    log.update(outcome="hit", kind=hit.kind, similarity=round(hit.similarity, 4))
    _count_savings(proxy, hit)
    headers = {
        "x-semcache": "hit",
        "x-semcache-kind": hit.kind,
        "x-semcache-similarity": f"{hit.similarity:.4f}",
        "x-semcache-entry-id": hit.entry_id,  # what an admin reports a wrong hit by
    }
    if call.body.get("stream"):
        chunks = to_chunks(call.endpoint, hit.response, include_usage=include_usage(call.body))
        content = b"".join(encode(chunk) for chunk in chunks) + DONE
        return Response(content, media_type="text/event-stream", headers=headers)
    return JSONResponse(refresh_identity(call.endpoint, hit.response), headers=headers)


def _count_savings(proxy: ProxyState, hit: Hit) -> None:
    proxy.metrics.hits.labels(kind=hit.kind).inc()
    usage = hit.response.get("usage") if isinstance(hit.response, dict) else None
    tokens = usage.get("total_tokens") if isinstance(usage, dict) else None
    if isinstance(tokens, int) and tokens > 0:
        proxy.metrics.tokens_saved.inc(tokens)
        price = proxy.settings.price_per_million(str(hit.response.get("model", "")))
        proxy.metrics.cost_saved.inc(tokens * price / 1_000_000)


# -- misses -------------------------------------------------------------------------


async def _forward(proxy: ProxyState, request: Request, call: _Call) -> Response:
    headers = forwardable_request_headers(raw_headers(request), keep_length=False)
    headers.append(("accept-encoding", "identity"))  # the answer is read on the way
    url = proxy.upstream.url(raw_path(request), request.scope.get("query_string", b""))
    started = time.perf_counter()
    try:
        upstream = await proxy.upstream.send("POST", url, headers, call.raw)
    except UpstreamError as exc:
        return _upstream_failed(proxy, request, exc)
    own = {"x-semcache": fields(request)["outcome"]}
    fields(request)["upstream_status"] = upstream.status_code
    if upstream.is_success and _is_event_stream(upstream):
        relay = _relay(proxy, request, call, upstream, started)
        response: Response = StreamingResponse(relay, status_code=upstream.status_code)
    else:
        try:
            content = await proxy.upstream.read(upstream)
        except UpstreamError as exc:
            return _upstream_failed(proxy, request, exc)
        _observe_upstream(proxy, request, call, started)
        _after_whole(proxy, request, call, upstream, content)
        response = Response(content, status_code=upstream.status_code)
    _add_headers(
        response, forwardable_response_headers(upstream.headers.multi_items(), decoded=True)
    )
    _add_headers(response, own.items())
    return response


def _after_whole(
    proxy: ProxyState, request: Request, call: _Call, upstream: httpx.Response, content: bytes
) -> None:
    if not upstream.is_success:
        proxy.metrics.errors.labels(type="upstream_status").inc()
        fields(request)["error"] = f"upstream status {upstream.status_code}"
        return
    if call.write:
        try:
            answer = json.loads(content)
        except ValueError:
            answer = None
        _store(proxy, call, answer)


async def _relay(
    proxy: ProxyState, request: Request, call: _Call, upstream: httpx.Response, started: float
) -> AsyncIterator[bytes]:
    """Yield the upstream's bytes as they come, reading the stream on the way."""
    reader = SSEReader()
    try:
        async for data in upstream.aiter_bytes():
            reader.feed(data)
            yield data
    except httpx.HTTPError as exc:
        failure = upstream_error_of(exc)
        proxy.metrics.errors.labels(type="stream_interrupted").inc()
        fields(request)["error"] = f"stream interrupted: {failure}"
        message = f"the upstream stream broke off: {failure}"
        yield encode(
            {"error": {"message": message, "type": "upstream_error", "code": failure.code}}
        )
        return
    finally:
        with anyio.CancelScope(shield=True):
            await upstream.aclose()
        _observe_upstream(proxy, request, call, started)
    if not reader.complete:
        fields(request)["error"] = "stream ended without [DONE] or carried an error"
        proxy.metrics.errors.labels(type="stream_incomplete").inc()
        proxy.metrics.writes.labels(result="skipped").inc()
    elif call.write:
        _store(proxy, call, assemble(call.endpoint, reader.chunks))


def _store(proxy: ProxyState, call: _Call, answer: Any) -> None:
    allow_length = proxy.settings.cache_length
    if call.key is None or not is_complete_success(
        call.endpoint, answer, allow_length=allow_length
    ):
        proxy.metrics.writes.labels(result="skipped").inc()
        return
    key, usage = call.key, answer.get("usage")
    tokens = usage.get("total_tokens") if isinstance(usage, dict) else None
    write = partial(
        proxy.cache.put,
        key.text,
        answer,
        namespace=key.namespace,
        scope=key.scope,
        ttl=call.controls.ttl,
        cost=float(tokens) if isinstance(tokens, int) and tokens > 0 else None,
    )

    def done(ok: bool) -> None:
        proxy.metrics.writes.labels(result="stored" if ok else "failed").inc()

    if not proxy.writes.submit(write, done):
        proxy.metrics.writes.labels(result="dropped").inc()


def _upstream_failed(proxy: ProxyState, request: Request, exc: UpstreamError) -> JSONResponse:
    proxy.metrics.errors.labels(type=exc.code).inc()
    fields(request)["error"] = str(exc)
    headers = {"x-semcache": fields(request).get("outcome", "miss")}
    return error_response(
        exc.status, str(exc), type_="upstream_error", code=exc.code, headers=headers
    )


def _observe_upstream(proxy: ProxyState, request: Request, call: _Call, started: float) -> None:
    elapsed = time.perf_counter() - started
    proxy.metrics.upstream_latency.labels(endpoint=call.endpoint).observe(elapsed)
    fields(request)["upstream_ms"] = round(elapsed * 1000, 2)


def _is_event_stream(response: httpx.Response) -> bool:
    content_type: str = response.headers.get("content-type", "")
    return content_type.startswith("text/event-stream")


def _add_headers(response: Response, pairs: Any) -> None:
    present = {name for name, _ in response.raw_headers}
    for name, value in pairs:
        encoded = name.lower().encode("latin-1")
        if encoded not in present or encoded == b"set-cookie":
            response.raw_headers.append((encoded, value.encode("latin-1")))
