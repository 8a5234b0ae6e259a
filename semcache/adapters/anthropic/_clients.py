"""The drop-in ``Anthropic`` and ``AsyncAnthropic`` clients: the SDK's own, with
``messages.create`` through the cache (see the package docstring)."""

from __future__ import annotations

import functools
import logging
import typing
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import anthropic
import anyio.to_thread
from anthropic.resources import AsyncMessages as _SdkAsyncMessages
from anthropic.resources import Messages as _SdkMessages
from anthropic.types import Message, RawMessageStreamEvent

from ... import wire
from ..._cache import SemanticCache
from ..._config import MAX_NAMESPACE
from ..._errors import ConfigError, InvalidRequestError
from ..._records import Hit
from .. import _raw as raw
from .._info import annotate, coalesced_info, hit_info, miss_info
from ..openai import AsyncCachedStream, CachedStream

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Anthropic", "AsyncAnthropic"]

_log = logging.getLogger("semcache")
_R = TypeVar("_R")
#: The seat of a call that leads no flight (its leader failed): nothing to share.
_ALONE = wire.Flights(0).join(wire.Call(None))

# Arguments of create() that configure the HTTP call, not the request body.
_TRANSPORT_ARGS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
# Helper calls (messages.stream(), .parse()) expect the SDK's own return types:
# uncached. with_raw_response and with_streaming_response go through the cache.
_SDK_MARKERS = frozenset({"x-stainless-helper-method", "____stainless_override_cast_to"})


class _Options:
    """The cache options of one drop-in client, and its calls in flight."""

    def __init__(
        self,
        cache: SemanticCache,
        namespace: str,
        coalesce_timeout: float = wire.DEFAULT_COALESCE_TIMEOUT,
    ) -> None:
        if not isinstance(namespace, str) or not 1 <= len(namespace) <= MAX_NAMESPACE:
            raise ConfigError(
                f"cache_namespace must be a string of 1 to {MAX_NAMESPACE} characters; "
                f"got {namespace!r}"
            )
        try:
            self.flights = wire.Flights(coalesce_timeout)
        except ValueError as exc:
            raise ConfigError(f"cache_{exc}") from exc
        self.cache, self.namespace = cache, namespace


# -- one create() call ------------------------------------------------------------


def _prepare(options: _Options, kwargs: Mapping[str, Any]) -> tuple[dict[str, Any], wire.Call]:
    """What goes upstream (controls stripped) and the call as the cache sees it."""
    own: Mapping[str, object] = kwargs.get("extra_headers") or {}
    forwarded = {name: list(v) if isinstance(v, Iterator) else v for name, v in kwargs.items()}
    if own:
        forwarded["extra_headers"] = wire.strip_controls(own)
    if any(name.lower() in _SDK_MARKERS for name in own) or _raw_kind(own) == "other":
        return forwarded, wire.Call(None, dialect=wire.MESSAGES, reason="SDK helper call")
    body = {
        name: _jsonable(value)
        for name, value in forwarded.items()
        if name not in _TRANSPORT_ARGS and _given(value)
    }
    extra = forwarded.get("extra_body")
    if isinstance(extra, Mapping):
        body.update({str(name): _jsonable(value) for name, value in extra.items()})
        forwarded["extra_body"] = wire.strip_body_controls(extra)
    controls = wire.parse_controls({name.lower(): value for name, value in own.items()}, body)
    namespace = controls.namespace or options.namespace
    try:
        call = wire.prepare(wire.MESSAGES, body, controls, namespace=namespace)
    except InvalidRequestError as exc:
        _log.debug("semcache: request not keyed, forwarding it uncached: %s", exc)
        call = wire.Call(None, controls, wire.MESSAGES, body, f"request not keyed: {exc}")
    return forwarded, call


def _raw_kind(headers: Mapping[str, object]) -> str | None:
    """``true`` (with_raw_response), ``stream`` (with_streaming_response), ``other``
    (an SDK marker semcache does not know: passed through) or None."""
    value = next((v for k, v in headers.items() if k.lower() == raw.MARKER), None)
    if value is None:
        return None
    return str(value) if value in raw.KINDS else "other"


def _given(value: object) -> bool:
    return not isinstance(value, anthropic.NotGiven | anthropic.Omit)


def _jsonable(value: Any) -> Any:
    if isinstance(value, anthropic.BaseModel):
        return value.model_dump(mode="json", exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items() if _given(v)}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def _dump(obj: Any) -> dict[str, Any]:
    data: dict[str, Any] = obj.model_dump(mode="json", exclude_unset=True)
    data.pop("semcache", None)
    return data


def _hit_message(hit: Hit) -> Any:
    return Message.construct(**wire.MESSAGES.refresh(hit.response), semcache=hit_info(hit))


def _hit_events(hit: Hit) -> list[Any]:
    return _events(hit.response)


def _events(response: Any) -> list[Any]:
    events = _event_models()
    return [
        events.get(event["type"], anthropic.BaseModel).construct(**event)
        for event in wire.MESSAGES.replay(response)
    ]


@functools.cache
def _event_models() -> dict[str, type[anthropic.BaseModel]]:
    """The SDK's stream event classes by their ``type`` literal."""
    union = typing.get_args(RawMessageStreamEvent)[0]
    return {
        typing.get_args(event.model_fields["type"].annotation)[0]: event
        for event in typing.get_args(union)
    }


def _shared(call: wire.Call, answer: Any, *, sync: bool) -> Any:
    """The answer of an identical call that was in flight, as this call asked for it."""
    info = coalesced_info()
    if not call.stream:
        return Message.construct(**wire.MESSAGES.refresh(answer), semcache=info)
    events = _events(answer)
    if sync:
        return CachedStream(iter(events), semcache=info)
    return AsyncCachedStream(_aiter(events), semcache=info)


def _keep(cache: SemanticCache, call: wire.Call, result: Any, seat: wire.Seat) -> Any:
    info = miss_info(call)
    if call.writes:
        info["stored"] = wire.settle(cache, call, seat, _dump(result))
    seat.leave()
    return annotate(result, info)


def _finish(
    cache: SemanticCache, call: wire.Call, events: list[Any], info: dict[str, Any], seat: wire.Seat
) -> None:
    """A streamed miss ended normally: assemble and store (blocking; never raises)."""
    if call.writes and events:
        info["stored"] = wire.settle(cache, call, seat, wire.MESSAGES.assemble(events))
    seat.leave()


def _create(options: _Options, upstream: Callable[..., Any], kwargs: Any) -> Any:
    forwarded, call = _prepare(options, kwargs)
    if call.key is None and call.reason == "SDK helper call":
        return upstream(**forwarded)
    if _raw_kind(kwargs.get("extra_headers") or {}) is not None:
        return _raw_create(options, call, forwarded, upstream)
    hit = wire.lookup(options.cache, call)
    if hit is not None:
        if call.stream:
            return CachedStream(iter(_hit_events(hit)), semcache=hit_info(hit))
        return _hit_message(hit)
    seat = options.flights.join(call)
    if not seat.leader:
        shared = seat.wait()
        if shared is not None:
            return _shared(call, shared, sync=True)
        seat = _ALONE  # the leader failed or took too long: go upstream alone
    try:
        result = upstream(**forwarded)
    except BaseException:
        seat.leave()  # errors are not shared: each waiting call tries itself
        raise
    if not call.stream:
        return _keep(options.cache, call, result, seat)
    info = miss_info(call)
    chunks = _relay(options.cache, call, result, info, seat)
    return CachedStream(chunks, semcache=info, upstream=result)


def _relay(
    cache: SemanticCache, call: wire.Call, upstream: Any, info: dict[str, Any], seat: wire.Seat
) -> Any:
    seen: list[Any] = []
    try:
        try:
            for event in upstream:
                if call.writes:
                    seen.append(_dump(event))
                yield event
        finally:
            upstream.close()
        _finish(cache, call, seen, info, seat)  # reached only when the stream ended normally
    finally:
        seat.leave()


async def _acreate(options: _Options, upstream: Callable[..., Awaitable[Any]], kwargs: Any) -> Any:
    forwarded, call = _prepare(options, kwargs)
    if call.key is None and call.reason == "SDK helper call":
        return await upstream(**forwarded)
    kind = _raw_kind(kwargs.get("extra_headers") or {})
    if kind is not None:
        return await _araw_create(options, call, forwarded, upstream, kind)
    hit = await _in_thread(wire.lookup, options.cache, call) if call.reads else None
    if hit is not None:
        if call.stream:
            return AsyncCachedStream(_aiter(_hit_events(hit)), semcache=hit_info(hit))
        return _hit_message(hit)
    seat = options.flights.join(call)
    if not seat.leader:
        shared = await seat.wait_async()
        if shared is not None:
            return _shared(call, shared, sync=False)
        seat = _ALONE
    try:
        result = await upstream(**forwarded)
    except BaseException:
        seat.leave()
        raise
    if not call.stream:
        if call.writes:
            return await _in_thread(_keep, options.cache, call, result, seat)
        return _keep(options.cache, call, result, seat)
    info = miss_info(call)
    relayed = _arelay(options.cache, call, result, info, seat)
    return AsyncCachedStream(relayed, semcache=info, upstream=result)


async def _arelay(
    cache: SemanticCache, call: wire.Call, upstream: Any, info: dict[str, Any], seat: wire.Seat
) -> AsyncIterator[Any]:
    seen: list[Any] = []
    try:
        try:
            async for event in upstream:
                if call.writes:
                    seen.append(_dump(event))
                yield event
        finally:
            await upstream.close()
        await _in_thread(_finish, cache, call, seen, info, seat)
    finally:
        seat.leave()


# -- with_raw_response / with_streaming_response (see semcache.adapters._raw) ---------


def _raw_hit(call: wire.Call, hit: Hit, *, sync: bool) -> Any:
    if not call.stream:
        return _hit_message(hit)
    if sync:
        return CachedStream(iter(_hit_events(hit)), semcache=hit_info(hit))
    return AsyncCachedStream(_aiter(_hit_events(hit)), semcache=hit_info(hit))


def _raw_create(
    options: _Options, call: wire.Call, forwarded: dict[str, Any], upstream: Callable[..., Any]
) -> raw.RawResponse:
    hit = wire.lookup(options.cache, call)
    if hit is not None:
        http = raw.hit_http_response(call, hit, _http_client(upstream), _url(upstream))
        return raw.RawResponse(http, lambda: _raw_hit(call, hit, sync=True), semcache=hit_info(hit))
    result = upstream(**forwarded)
    info = miss_info(call)
    raw.mark(result, info)

    def parsed() -> Any:
        value = result.parse()
        if not call.stream:
            return _keep(options.cache, call, value, _ALONE)
        chunks = _relay(options.cache, call, value, info, _ALONE)
        return CachedStream(chunks, semcache=info, upstream=value)

    return raw.RawResponse(result.http_response, parsed, semcache=info, sdk=result)


async def _araw_create(
    options: _Options,
    call: wire.Call,
    forwarded: dict[str, Any],
    upstream: Callable[..., Awaitable[Any]],
    kind: str,
) -> raw.RawResponse:
    streaming = kind != raw.RAW  # an AsyncAPIResponse: parse() is awaited
    hit = await _in_thread(wire.lookup, options.cache, call) if call.reads else None
    if hit is not None:
        http = raw.hit_http_response(call, hit, _http_client(upstream), _url(upstream))
        if streaming:

            async def served() -> Any:
                return _raw_hit(call, hit, sync=False)

            return raw.AsyncRawResponse(http, served, semcache=hit_info(hit))
        return raw.RawResponse(
            http, lambda: _raw_hit(call, hit, sync=False), semcache=hit_info(hit)
        )
    result = await upstream(**forwarded)
    info = miss_info(call)
    raw.mark(result, info)

    def wrap(value: Any) -> Any:
        relayed = _arelay(options.cache, call, value, info, _ALONE)
        return AsyncCachedStream(relayed, semcache=info, upstream=value)

    if not streaming:

        def parsed() -> Any:
            value = result.parse()
            return wrap(value) if call.stream else _keep(options.cache, call, value, _ALONE)

        return raw.RawResponse(result.http_response, parsed, semcache=info, sdk=result)

    async def aparsed() -> Any:
        value = await result.parse()
        if call.stream:
            return wrap(value)
        return await _in_thread(_keep, options.cache, call, value, _ALONE)

    return raw.AsyncRawResponse(result.http_response, aparsed, semcache=info, sdk=result)


def _http_client(upstream: Callable[..., Any]) -> Any:
    sdk = getattr(getattr(upstream, "__self__", None), "_client", None)
    return getattr(sdk, "_client", None)


def _url(upstream: Callable[..., Any]) -> str:
    sdk = getattr(getattr(upstream, "__self__", None), "_client", None)
    return f"{str(getattr(sdk, 'base_url', '')).rstrip('/')}/v1/messages"


async def _aiter(items: list[Any]) -> AsyncIterator[Any]:
    for item in items:
        yield item


async def _in_thread(function: Callable[..., _R], *args: Any) -> _R:
    return await anyio.to_thread.run_sync(functools.partial(function, *args))


# -- the SDK resources and clients --------------------------------------------------


def _options_of(client: object) -> _Options:
    options: _Options = getattr(client, "_semcache")  # noqa: B009 - set by our clients
    return options


class _Messages(_SdkMessages):
    def create(self, **kwargs: Any) -> Any:
        return _create(_options_of(self._client), super().create, kwargs)


class _AsyncMessages(_SdkAsyncMessages):
    async def create(self, **kwargs: Any) -> Any:
        return await _acreate(_options_of(self._client), super().create, kwargs)


class Anthropic(anthropic.Anthropic):
    """``anthropic.Anthropic`` with ``messages.create`` answered from ``cache``.

    Args:
        cache: the :class:`~semcache.SemanticCache` to read and fill.
        cache_namespace: the namespace of this client's entries (``x-semcache-namespace``
            overrides it per call).
        cache_coalesce_timeout: seconds a call waits for an identical one in flight
            (single-flight: concurrent duplicates make one upstream call); 0: off.
        **kwargs: everything ``anthropic.Anthropic`` accepts.

    Thread-safe as far as the SDK client and the cache are.
    """

    def __init__(
        self,
        *,
        cache: SemanticCache,
        cache_namespace: str = "default",
        cache_coalesce_timeout: float = wire.DEFAULT_COALESCE_TIMEOUT,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._semcache = _Options(cache, cache_namespace, cache_coalesce_timeout)
        self.__dict__.pop("messages", None)

    @functools.cached_property
    def messages(self) -> _Messages:
        return _Messages(self)

    def copy(self, **kwargs: Any) -> Self:
        """``anthropic.Anthropic.copy`` keeping the cache options."""
        options = self._semcache
        extra = {**kwargs.pop("_extra_kwargs", {}), "cache": options.cache}
        extra["cache_namespace"] = options.namespace
        extra["cache_coalesce_timeout"] = options.flights.timeout
        return super().copy(_extra_kwargs=extra, **kwargs)

    with_options = copy


class AsyncAnthropic(anthropic.AsyncAnthropic):
    """``anthropic.AsyncAnthropic`` with ``messages.create`` answered from ``cache``.

    Same arguments as :class:`Anthropic`; cache lookups and stores run in a worker thread.
    """

    def __init__(
        self,
        *,
        cache: SemanticCache,
        cache_namespace: str = "default",
        cache_coalesce_timeout: float = wire.DEFAULT_COALESCE_TIMEOUT,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._semcache = _Options(cache, cache_namespace, cache_coalesce_timeout)
        self.__dict__.pop("messages", None)

    @functools.cached_property
    def messages(self) -> _AsyncMessages:
        return _AsyncMessages(self)

    def copy(self, **kwargs: Any) -> Self:
        """``anthropic.AsyncAnthropic.copy`` keeping the cache options."""
        options = self._semcache
        extra = {**kwargs.pop("_extra_kwargs", {}), "cache": options.cache}
        extra["cache_namespace"] = options.namespace
        extra["cache_coalesce_timeout"] = options.flights.timeout
        return super().copy(_extra_kwargs=extra, **kwargs)

    with_options = copy
