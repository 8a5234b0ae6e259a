"""``POST /v1/chat/completions``, ``/v1/completions``, ``/v1/responses``,
``/v1/messages`` (Anthropic) and ``/v1/embeddings`` (exact only): the cached endpoints.

A request is read (size-limited), its ``x-semcache-*`` controls parsed and keyed
by its dialect (:mod:`semcache.wire`); a lookup that finds a fresh answer is served
from the cache (as one object or replayed as a stream), anything else goes
upstream. A miss streams back to the caller byte for byte as it arrives while a
copy is assembled; only a complete, successful answer is stored, in the
background, after the caller has it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

import anyio
from starlette.background import BackgroundTask
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from semcache import Hit, InvalidRequestError, wire

from ._errors import invalid_request, upstream_failed
from ._hot import Kept, RequestKey, Template
from ._json import dumps, loads, loads_storable
from ._log import fields, logger
from ._passthrough import raw_headers, raw_path
from ._sse import DONE, EventSplitter, SSEReader, encode, is_usage_only
from ._state import ProxyState, state_of
from ._tenancy import ANONYMOUS, namespace_for, tenant_for
from ._upstream import (
    UpstreamError,
    UpstreamResponse,
    forwardable_request_headers,
    forwardable_response_headers,
)

__all__ = ["handle_completion"]


class _TooSlow(Exception):
    pass


class _TooLarge(Exception):
    pass


@dataclass(frozen=True)
class _Exchange:
    """One request to a cached endpoint as the proxy handles it: the HTTP side
    (request, raw body, log fields) beside the cache's view of it (``call``)."""

    proxy: ProxyState
    request: Request
    call: wire.Call
    raw: bytes
    log: dict[str, Any]
    #: The flight this request leads (single-flight), if any.
    seat: wire.Seat | None = None
    #: The request headers as sent (``raw_headers``), decoded once per request.
    headers: list[tuple[str, str]] | None = None

    @property
    def dialect(self) -> wire.Dialect:
        assert self.call.dialect is not None  # always set for API requests
        return self.call.dialect

    def release(self) -> None:
        """Leave the flight unless an answer was handed out (its store then leaves)."""
        if self.seat is not None and not self.seat.published:
            self.seat.leave()


async def handle_completion(request: Request) -> Response:
    """Serve one completion request from the cache or the upstream."""
    proxy = state_of(request)
    dialect = _dialect_of(request.scope["path"])  # not request.url: no URL to build
    log = fields(request)
    log["endpoint"] = dialect.name
    try:
        raw = await _read(request, proxy)
        headers = raw_headers(request)
        tenant = tenant_for(
            headers, shared=proxy.settings.shared_namespace, anonymous=proxy.settings.anonymous
        )
        pairs = _control_pairs(request)
        same = (request.scope["path"], tenant, pairs, raw)
        again = _served_again(proxy, same)
        if again is not None:
            _note_key(log, again.call)
            exchange = _Exchange(proxy, request, again.call, raw, log)
            return _serve_hit(exchange, again.hit, again.served)[0]
        call, raw = await _parse(pairs, dialect, raw, tenant)
    except _TooSlow:
        too_slow = _too_slow(proxy.settings.body_timeout)
        return _shaped(dialect, _client_error(proxy, too_slow, "body_timeout"))
    except _TooLarge:
        too_large = _too_large(proxy.settings.max_body_bytes)
        return _shaped(dialect, _client_error(proxy, too_large, "body_too_large"))
    except InvalidRequestError as exc:
        return _shaped(dialect, _client_error(proxy, invalid_request(str(exc)), "invalid_request"))
    exchange = _Exchange(proxy, request, call, raw, log, headers=headers)
    _note_key(log, call)
    if call.reads:
        hit = await _lookup(exchange)
        if hit is not None:
            response, served = _serve_hit(exchange, hit)
            proxy.answers.keep(same, call, hit, served)
            return response
        seat = flights_of(request).join(call)
        if not seat.leader:
            shared = await seat.wait_async()  # an identical request is in flight
            if shared is not None:
                return _serve_shared(exchange, shared)
        else:
            exchange = dataclasses.replace(exchange, seat=seat)
        proxy.metrics.misses.inc()
        log["outcome"] = "miss"
    else:
        label = _bypass_label(call)
        proxy.metrics.bypasses.labels(reason=label).inc()
        log["outcome"], log["reason"] = "bypass", call.reason or label
    try:
        response = await _forward(exchange)
    except BaseException:
        exchange.release()
        raise
    if not isinstance(response, StreamingResponse):  # a stream's relay releases it
        exchange.release()
    return response


def _note_key(log: dict[str, Any], call: wire.Call) -> None:
    if call.key is not None:
        log["namespace"] = call.key.namespace
        if logger.isEnabledFor(logging.DEBUG):
            log["prompt"] = call.key.text[:200]


def flights_of(request: Request) -> wire.Flights:
    """The requests in flight of the app serving ``request`` (single-flight)."""
    flights: wire.Flights = request.app.state.flights
    return flights


# -- parsing ----------------------------------------------------------------------

_DIALECTS: dict[str, wire.Dialect] = {
    "/chat/completions": wire.CHAT,
    "/completions": wire.COMPLETIONS,
    "/responses": wire.RESPONSES,
    "/messages": wire.MESSAGES,
    "/embeddings": wire.EMBEDDINGS,
}


def _dialect_of(path: str) -> wire.Dialect:
    return next(dialect for end, dialect in _DIALECTS.items() if path.endswith(end))


#: Bodies larger than this are parsed and keyed on a worker thread, so that a few
#: multi-megabyte requests do not stall every other request on the event loop.
_INLINE_BYTES = 64 * 1024
_ANONYMOUS_REASON = "no credential in the request (start the proxy with --anonymous share to cache)"


async def _read(request: Request, proxy: ProxyState) -> bytes:
    try:
        async with _deadline(proxy.settings.body_timeout):
            return await _read_limited(request, proxy.settings.max_body_bytes)
    except TimeoutError as exc:  # a body stalled mid-way must not hold its connection
        raise _TooSlow from exc


def _served_again(proxy: ProxyState, same: RequestKey) -> Kept | None:
    """The call and exact hit of a request answered lately, the same as this one, if
    its entry may still be served (:class:`~._hot.HotAnswers`): no parse, no lookup."""
    started = time.perf_counter()
    again = proxy.answers.again(proxy.cache, same)
    if again is not None:
        proxy.metrics.lookup_latency.observe(time.perf_counter() - started)
    return again


async def _parse(
    pairs: ControlPairs, dialect: wire.Dialect, raw: bytes, tenant: str | None
) -> tuple[wire.Call, bytes]:
    parse = partial(_parse_or_refuse, pairs, dialect, raw, tenant)
    parsed = parse() if len(raw) <= _INLINE_BYTES else await anyio.to_thread.run_sync(parse)
    if isinstance(parsed, str):
        raise InvalidRequestError(parsed)
    return parsed


if sys.version_info >= (3, 11):
    _deadline = asyncio.timeout  # half the CPU of anyio's cancel scope, on every request
else:  # pragma: no cover - Python 3.10

    @asynccontextmanager
    async def _deadline(seconds: float) -> AsyncIterator[None]:
        with anyio.fail_after(seconds):
            yield


def _parse_or_refuse(
    pairs: ControlPairs, dialect: wire.Dialect, raw: bytes, tenant: str | None
) -> tuple[wire.Call, bytes] | str:
    """_parse_body, or the message of its refusal. An error raised out of the worker
    thread joins a reference cycle (its traceback, the awaiting frames, the future
    that holds it), and everything those frames hold, the parsed body and the raw
    bytes, stayed in memory until a full garbage collection: about 70 MB per refused
    200,000-message request. A message holds nothing."""
    try:
        return _parse_body(pairs, dialect, raw, tenant)
    except InvalidRequestError as exc:
        return str(exc)


def _parse_body(
    pairs: ControlPairs, dialect: wire.Dialect, raw: bytes, tenant: str | None
) -> tuple[wire.Call, bytes]:
    """The call of a request body with the cache controls' headers ``pairs``
    (:func:`_control_pairs`), and the bytes to send upstream."""
    try:
        body = loads(raw)
    except RecursionError as exc:
        raise InvalidRequestError(
            "request body is nested too deeply to parse; keep JSON under 64 levels"
        ) from exc
    except ValueError as exc:
        raise InvalidRequestError(
            f"request body must be valid JSON; {exc} (send Content-Type: application/json)"
        ) from exc
    if not isinstance(body, dict):
        raise InvalidRequestError(f"request body must be a JSON object; got {type(body).__name__}")
    controls = wire.parse_controls(_control_headers(pairs), body)
    if isinstance(body.get(wire.BODY_FIELD), dict):  # LiteLLM's controls: not for upstream
        raw = json.dumps(wire.strip_body_controls(body), ensure_ascii=False).encode()
    namespace = namespace_for(tenant or ANONYMOUS, controls.namespace)
    call = wire.prepare(dialect, body, controls, namespace=namespace)  # checked either way
    if call.key is not None:
        _check_text(call.key.text)
    if tenant is None and call.key is not None:
        call = dataclasses.replace(call, key=None, reason=_ANONYMOUS_REASON)
    if _adds_usage(call):
        options = call.body.get("stream_options")
        asked = {**(options if isinstance(options, dict) else {}), "include_usage": True}
        raw = json.dumps({**call.body, "stream_options": asked}, ensure_ascii=False).encode()
    return call, raw


def _adds_usage(call: wire.Call) -> bool:
    """Whether a stream to be stored is sent with ``include_usage`` the caller did not
    ask for: the stored answer then has its usage (served on every later hit), and the
    usage chunk is taken out of the caller's stream."""
    dialect = call.dialect
    typed = dialect is None or dialect.typed_events
    return call.writes and call.stream and not call.include_usage and not typed


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # json.loads lets "\ud800" through; nothing can embed it
        raise InvalidRequestError(
            f"the prompt holds a lone UTF-16 surrogate ({text[exc.start]!r} at character "
            f"{exc.start}), which is not valid Unicode; send the pair or remove it"
        ) from exc


_CONTROL_PREFIX = wire.PREFIX.encode("latin-1")


def _control_headers(pairs: ControlPairs) -> Headers:
    """The headers the cache controls are read from. Others may repeat (two
    X-Forwarded-For behind a proxy chain); only a control given twice is an error."""
    return Headers(raw=list(pairs))


#: The cache controls' headers of a request, as :func:`_control_pairs` gives them.
ControlPairs = tuple[tuple[bytes, bytes], ...]


def _control_pairs(request: Request) -> ControlPairs:
    """The cache controls' headers (lower-cased names, ``Pragma`` joined), as sent."""
    kept: list[tuple[bytes, bytes]] = []
    pragma: list[bytes] = []
    for name, value in request.headers.raw:
        name = name.lower()
        if name.startswith(_CONTROL_PREFIX) or name == b"cache-control":
            kept.append((name, value))
        elif name == b"pragma":
            pragma.append(value)
    if pragma:
        kept.append((b"pragma", b", ".join(pragma)))
    return tuple(kept)


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        if chunk:
            chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)  # one chunk: no copy


def _too_slow(timeout: float) -> JSONResponse:
    return invalid_request(
        f"the request body did not arrive within the proxy's limit of {timeout:g} seconds; "
        "send it at once or raise --body-timeout",
        status=408,
        code="request_timeout",
    )


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


def _shaped(dialect: wire.Dialect, response: JSONResponse) -> JSONResponse:
    """The proxy's own error in the shape of the API called: the anthropic SDK reads
    ``{"type": "error", "error": {"type", "message"}}``, the others OpenAI's shape."""
    if dialect is not wire.MESSAGES:
        return response
    error = json.loads(bytes(response.body))["error"]
    kind = error["type"] if error["type"] == "invalid_request_error" else "api_error"
    body = {"type": "error", "error": {"type": kind, "message": error["message"]}}
    dropped = ("content-length", "content-type")
    headers = {k: v for k, v in response.headers.items() if k.lower() not in dropped}
    return JSONResponse(body, status_code=response.status_code, headers=headers)


def _bypass_label(call: wire.Call) -> str:
    if call.controls.bypass:
        return "header"
    return "refresh" if not call.controls.read else "uncacheable"


# -- hits ---------------------------------------------------------------------------


async def _lookup(exchange: _Exchange) -> Hit | None:
    """The lookup on the event loop, awaiting the embedding (a thread hop costs more
    than an exact hit's own work, and a worker blocked on the model does nothing);
    what could block (a judge, a busy store) runs on a worker thread."""
    proxy, started = exchange.proxy, time.perf_counter()
    hit = await wire.lookup_async(proxy.cache, exchange.call, proxy.in_thread)
    proxy.metrics.lookup_latency.observe(time.perf_counter() - started)
    return hit


def _serve_hit(
    exchange: _Exchange, hit: Hit, served: Template | None = None
) -> tuple[Response, Template | None]:
    """The response of ``hit`` (rendered as ``served`` was, if given), and how it was
    rendered, to render it again so."""
    exchange.log.update(outcome="hit", kind=hit.kind, similarity=round(hit.similarity, 4))
    # for the access log and the dashboard's recent hits
    exchange.log.update(entry_id=hit.entry_id, verified=hit.verified)
    _count_savings(exchange.proxy, hit.kind, hit.response)
    headers = {
        "x-semcache": "hit",
        "x-semcache-kind": hit.kind,
        "x-semcache-similarity": f"{hit.similarity:.4f}",
        "x-semcache-verified": hit.verified,  # judge | threshold | learned
        "x-semcache-entry-id": hit.entry_id,  # what an admin reports a wrong hit by
        "age": _age(hit),
    }
    if served is None:  # an entry served lately in the same form: its bytes again
        call = exchange.call
        form = (
            hit.entry_id,
            exchange.dialect.name,
            bool(call.body.get("stream")),
            call.include_usage,
        )
        served = exchange.proxy.renderings.get(form)
        if served is None:
            content, media_type, template = _rendered(exchange, hit.response)
            exchange.proxy.renderings.keep(form, template)
            return Response(content, media_type=media_type, headers=headers), template
    return Response(served.render(), media_type=served.media_type, headers=headers), served


def _serve_shared(exchange: _Exchange, answer: Any) -> Response:
    """The answer of the identical request that was in flight: an exact hit, served
    as this request asked for it (stream or not), with a fresh identity."""
    exchange.log.update(outcome="hit", kind="exact", similarity=1.0, coalesced=True)
    exchange.proxy.metrics.coalesced.inc()
    _count_savings(exchange.proxy, "exact", answer)
    headers = {
        "x-semcache": "hit",
        "x-semcache-kind": "exact",
        "x-semcache-similarity": "1.0000",
        "x-semcache-coalesced": "1",
        "age": "0",
    }
    content, media_type, _ = _rendered(exchange, answer)
    return Response(content, media_type=media_type, headers=headers)


def _rendered(exchange: _Exchange, answer: Any) -> tuple[bytes, str, Template | None]:
    """``answer`` as this call asked for it (an object or a replayed stream) with a
    fresh identity: its bytes, media type, and its :class:`Template` where the
    identity can be told apart in it (to serve it again)."""
    call, dialect = exchange.call, exchange.dialect
    if call.body.get("stream"):
        chunks = dialect.replay(answer, include_usage=call.include_usage)
        if dialect.typed_events:  # event: TYPE lines, ended by the terminal event
            content = b"".join(encode(chunk, event=chunk["type"]) for chunk in chunks)
        else:
            content = b"".join(encode(chunk) for chunk in chunks) + DONE
        media_type, identity = "text/event-stream", chunks[0] if chunks else {}
    else:
        identity = dialect.refresh(answer)
        media_type, content = "application/json", dumps(identity)
    return content, media_type, Template.of(content, media_type, identity)


def _age(hit: Hit) -> str:
    """RFC 9111 Age: whole seconds since the answer was stored (from the upstream)."""
    return str(max(0, int(time.time() - hit.created_at)))


def _count_savings(proxy: ProxyState, kind: str, answer: Any) -> None:
    tokens = wire.usage_tokens(answer)
    usd = 0.0
    if tokens is not None:
        price = proxy.settings.price_per_million(str(answer.get("model", "")))
        usd = tokens * price / 1_000_000
    proxy.metrics.count_hit(kind, tokens, usd)


# -- misses -------------------------------------------------------------------------


async def _forward(exchange: _Exchange) -> Response:
    proxy, request = exchange.proxy, exchange.request
    sent = exchange.headers if exchange.headers is not None else raw_headers(request)
    headers = forwardable_request_headers(sent, keep_length=False)
    headers.append(("accept-encoding", "identity"))  # the answer is read on the way
    url = proxy.upstream.url(raw_path(request), request.scope.get("query_string", b""))
    started = time.perf_counter()
    try:
        upstream = await proxy.upstream.send("POST", url, headers, exchange.raw)
    except UpstreamError as exc:
        return _upstream_failed(exchange, exc)
    own = {"x-semcache": exchange.log["outcome"]}
    exchange.log["upstream_status"] = upstream.status_code
    if upstream.is_success and _is_event_stream(upstream):
        relay = _relay(exchange, upstream, started)
        # A client gone before the relay starts never runs the relay's cleanup (an
        # async generator not started has nothing to close): Starlette still runs the
        # background task, which gives the connection back and leaves the flight.
        cleanup = BackgroundTask(_close_unrelayed, exchange, upstream)
        response: Response = StreamingResponse(
            relay, status_code=upstream.status_code, background=cleanup
        )
    else:
        try:
            content = await upstream.aread()
        except UpstreamError as exc:
            return _upstream_failed(exchange, exc)
        _observe_upstream(exchange, started)
        await _after_whole(exchange, upstream, content)
        response = Response(content, status_code=upstream.status_code)
    # Relayed as sent (the request asked for identity); a stream's length goes: the
    # relay may leave out the usage chunk it asked for itself.
    pairs = forwardable_response_headers(upstream.headers, decoded=False)
    dropped = "content-length" if isinstance(response, StreamingResponse) else ""
    _add_headers(response, [(k, v) for k, v in pairs if k != dropped])
    _add_headers(response, own.items())
    return response


async def _after_whole(exchange: _Exchange, upstream: UpstreamResponse, content: bytes) -> None:
    if not upstream.is_success:
        exchange.proxy.metrics.errors.labels(type="upstream_status").inc()
        exchange.log["error"] = f"upstream status {upstream.status_code}"
        return
    if exchange.call.writes:
        try:
            answer, encoded = loads_storable(content)
        except (ValueError, RecursionError):
            answer, encoded = None, None
        await _store(exchange, answer, encoded)


async def _close_unrelayed(exchange: _Exchange, upstream: UpstreamResponse) -> None:
    """After a stream: close the upstream answer and leave the flight (both no-ops
    when the relay ran to its end)."""
    with anyio.CancelScope(shield=True):
        await upstream.aclose()
    exchange.release()


async def _relay(
    exchange: _Exchange, upstream: UpstreamResponse, started: float
) -> AsyncIterator[bytes]:
    """Yield the upstream's bytes as they come, reading the stream on the way."""
    try:
        async for data in _read_relay(exchange, upstream, started):
            yield data
    finally:
        exchange.release()  # a stream cut short or broken hands nothing to its followers


async def _read_relay(
    exchange: _Exchange, upstream: UpstreamResponse, started: float
) -> AsyncIterator[bytes]:
    metrics, reader = exchange.proxy.metrics, SSEReader()
    splitter = EventSplitter() if _adds_usage(exchange.call) else None
    try:
        async for data in upstream.aiter_raw():
            reader.feed(data)
            if splitter is None:
                yield data
                continue
            kept = b"".join(e for e in splitter.feed(data) if not is_usage_only(e))
            if kept:
                yield kept
        if splitter is not None and (rest := splitter.rest()):
            yield rest
    except UpstreamError as failure:
        metrics.errors.labels(type="stream_interrupted").inc()
        exchange.log["error"] = f"stream interrupted: {failure}"
        message = f"the upstream stream broke off: {failure}"
        error = {"message": message, "type": "upstream_error", "code": failure.code}
        if exchange.dialect.typed_events:  # an `error` event both SDKs raise on
            yield encode({"type": "error", "error": error}, event="error")
        else:
            yield encode({"error": error})
        return
    finally:
        with anyio.CancelScope(shield=True):
            await upstream.aclose()
        _observe_upstream(exchange, started)
    if reader.broken or not (reader.done or exchange.dialect.typed_events):
        # typed-event streams have no [DONE]: the assembled answer shows if it finished
        exchange.log["error"] = "stream ended without [DONE] or carried an error"
        metrics.errors.labels(type="stream_incomplete").inc()
        metrics.count_write("skipped")
    elif exchange.call.writes:
        await _store(exchange, exchange.dialect.assemble(reader.chunks))


async def _store(exchange: _Exchange, answer: Any, encoded: bytes | None = None) -> None:
    """Store ``answer`` on the writer thread; ``encoded``: its JSON as read (the
    upstream's bytes, or orjson's compact writing of them), stored as it is (no
    encoding on the writer thread) where nothing wraps the answer."""
    proxy, call = exchange.proxy, exchange.call
    allow_length = proxy.settings.cache_length
    if not call.writes or not call.complete(answer, allow_length=allow_length):
        proxy.metrics.count_write("skipped")
        return
    seat = exchange.seat
    if seat is not None:
        seat.publish(answer)  # followers are served now; late arrivals until it is stored
    write = partial(
        wire.store, proxy.cache, call, answer, allow_length=allow_length, encoded=encoded
    )

    def done(ok: bool) -> None:
        proxy.metrics.count_write("stored" if ok else "failed")
        if seat is not None:
            seat.leave()

    if not await proxy.writes.write(write, done):  # --sync-writes: committed on return
        proxy.metrics.count_write("dropped")
        if seat is not None:
            seat.leave()


def _upstream_failed(exchange: _Exchange, exc: UpstreamError) -> JSONResponse:
    exchange.proxy.metrics.errors.labels(type=exc.code).inc()
    exchange.log["error"] = str(exc)
    headers = {"x-semcache": exchange.log.get("outcome", "miss")}
    return _shaped(exchange.dialect, upstream_failed(exc, headers=headers))


def _observe_upstream(exchange: _Exchange, started: float) -> None:
    elapsed = time.perf_counter() - started
    outcome = exchange.log.get("outcome", "miss")
    exchange.proxy.metrics.observe_upstream(exchange.dialect.name, outcome, elapsed)
    exchange.log["upstream_ms"] = round(elapsed * 1000, 2)


def _is_event_stream(response: UpstreamResponse) -> bool:
    return response.header("content-type").startswith("text/event-stream")


def _add_headers(response: Response, pairs: Any) -> None:
    present = {name for name, _ in response.raw_headers}
    for name, value in pairs:
        encoded = name.lower().encode("latin-1")
        if encoded not in present or encoded == b"set-cookie":
            response.raw_headers.append((encoded, value.encode("latin-1")))
