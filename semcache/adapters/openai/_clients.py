"""The drop-in ``OpenAI`` and ``AsyncOpenAI`` clients: the SDK's own, with ``create``
of chat and legacy completions through the cache (see the package docstring)."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import anyio.to_thread
import openai
from openai.resources import AsyncCompletions as _SdkAsyncCompletions
from openai.resources import AsyncEmbeddings as _SdkAsyncEmbeddings
from openai.resources import Completions as _SdkCompletions
from openai.resources import Embeddings as _SdkEmbeddings
from openai.resources.chat import AsyncChat as _SdkAsyncChat
from openai.resources.chat import AsyncCompletions as _SdkAsyncChatCompletions
from openai.resources.chat import Chat as _SdkChat
from openai.resources.chat import Completions as _SdkChatCompletions
from openai.resources.responses import AsyncResponses as _SdkAsyncResponses
from openai.resources.responses import Responses as _SdkResponses

if TYPE_CHECKING:
    from typing_extensions import Self

from ... import wire
from ..._cache import SemanticCache
from ..._errors import ConfigError
from .. import _raw as raw
from .._info import coalesced_info, hit_info, miss_info
from . import _calls as calls
from ._streams import AsyncCachedStream, CachedStream

__all__ = ["AsyncOpenAI", "OpenAI"]

_T = TypeVar("_T")
_R = TypeVar("_R")


# -- one create() call, sync and async ---------------------------------------------


def _create(
    options: calls.ClientOptions,
    dialect: wire.Dialect,
    upstream: Callable[..., Any],
    kwargs: Any,
) -> Any:
    forward = calls.prepare(options, dialect, kwargs)
    call = forward.call
    if forward.passthrough:
        return upstream(**forward.kwargs)
    if forward.raw is not None:
        return _raw_create(options, call, forward, upstream)
    hit = wire.lookup(options.cache, call)
    if hit is not None:
        if call.stream:
            return CachedStream(iter(calls.hit_chunks(call, hit)), semcache=hit_info(hit))
        return calls.hit_response(call, hit)
    seat = options.flights.join(call) if call.reads else None
    if seat is not None and not seat.leader:
        shared = seat.wait()  # an identical call is in flight: its answer, or None
        if shared is not None:
            return _shared(call, shared)
        seat = None  # the leader failed or took too long: go upstream alone
    return _lead(options, call, forward, seat, upstream)


def _lead(
    options: calls.ClientOptions,
    call: wire.Call,
    forward: calls.Forward,
    seat: wire.Seat | None,
    upstream: Callable[..., Any],
) -> Any:
    try:
        result = upstream(**forward.kwargs)
    except BaseException:
        if seat is not None:
            seat.leave()  # errors are not shared: each waiting call tries itself
        raise
    if call.stream:
        info = miss_info(call)
        recorder = calls.Recorder(options.cache, call, info, seat)
        chunks = _relay(result, recorder, forward.strip_usage)
        return CachedStream(chunks, semcache=info, upstream=result)
    return calls.keep(options.cache, call, result, seat)


def _shared(call: wire.Call, answer: Any) -> Any:
    """The answer of the identical call that was in flight, as this call asked for it."""
    if call.stream:
        return CachedStream(iter(calls.answer_chunks(call, answer)), semcache=coalesced_info())
    return calls.answer_response(call, answer, coalesced_info())


def _ashared(call: wire.Call, answer: Any) -> Any:
    if call.stream:
        chunks = _aiter(calls.answer_chunks(call, answer))
        return AsyncCachedStream(chunks, semcache=coalesced_info())
    return calls.answer_response(call, answer, coalesced_info())


def _relay(upstream: Any, recorder: calls.Recorder, strip_usage: bool) -> Iterator[Any]:
    try:
        try:
            for chunk in upstream:
                recorder.add(chunk)
                if not (strip_usage and calls.is_usage_only(chunk)):
                    yield chunk
        finally:
            upstream.close()
        recorder.finish()  # reached only when the upstream stream ended normally
    finally:
        recorder.abandon()


async def _acreate(
    options: calls.ClientOptions,
    dialect: wire.Dialect,
    upstream: Callable[..., Awaitable[Any]],
    kwargs: Any,
) -> Any:
    forward = calls.prepare(options, dialect, kwargs)
    call = forward.call
    if forward.passthrough:
        return await upstream(**forward.kwargs)
    if forward.raw is not None:
        return await _araw_create(options, call, forward, upstream)
    hit = await _in_thread(wire.lookup, options.cache, call) if call.reads else None
    if hit is not None:
        if call.stream:
            chunks = _aiter(calls.hit_chunks(call, hit))
            return AsyncCachedStream(chunks, semcache=hit_info(hit))
        return calls.hit_response(call, hit)
    seat = options.flights.join(call) if call.reads else None
    if seat is not None and not seat.leader:
        shared = await seat.wait_async()
        if shared is not None:
            return _ashared(call, shared)
        seat = None
    try:
        result = await upstream(**forward.kwargs)
    except BaseException:
        if seat is not None:
            seat.leave()
        raise
    if call.stream:
        info = miss_info(call)
        recorder = calls.Recorder(options.cache, call, info, seat)
        relayed = _arelay(result, recorder, forward.strip_usage)
        return AsyncCachedStream(relayed, semcache=info, upstream=result)
    if call.writes:
        return await _in_thread(calls.keep, options.cache, call, result, seat)
    return calls.keep(options.cache, call, result, seat)


async def _arelay(upstream: Any, recorder: calls.Recorder, strip_usage: bool) -> AsyncIterator[Any]:
    try:
        try:
            async for chunk in upstream:
                recorder.add(chunk)
                if not (strip_usage and calls.is_usage_only(chunk)):
                    yield chunk
        finally:
            await upstream.close()
        await _in_thread(recorder.finish)
    finally:
        recorder.abandon()


# -- with_raw_response / with_streaming_response ------------------------------------


def _raw_create(
    options: calls.ClientOptions,
    call: wire.Call,
    forward: calls.Forward,
    upstream: Callable[..., Any],
) -> raw.RawResponse:
    hit = wire.lookup(options.cache, call)
    if hit is not None:
        http = _hit_http(call, hit, upstream)
        return raw.RawResponse(
            http, lambda: _hit_answer(call, hit, sync=True), semcache=hit_info(hit)
        )
    result = upstream(**forward.kwargs)
    info = miss_info(call)
    raw.mark(result, info)

    def parsed() -> Any:
        value = result.parse()
        if not call.stream:
            return calls.keep(options.cache, call, value, info=info)
        chunks = _relay(value, calls.Recorder(options.cache, call, info), forward.strip_usage)
        return CachedStream(chunks, semcache=info, upstream=value)

    return raw.RawResponse(result.http_response, parsed, semcache=info, sdk=result)


async def _araw_create(
    options: calls.ClientOptions,
    call: wire.Call,
    forward: calls.Forward,
    upstream: Callable[..., Awaitable[Any]],
) -> raw.RawResponse:
    streaming = forward.raw != raw.RAW  # an AsyncAPIResponse: parse() is awaited
    hit = await _in_thread(wire.lookup, options.cache, call) if call.reads else None
    if hit is not None:
        http = _hit_http(call, hit, upstream)
        if streaming:

            async def served() -> Any:
                return _hit_answer(call, hit, sync=False)

            return raw.AsyncRawResponse(http, served, semcache=hit_info(hit))
        return raw.RawResponse(
            http, lambda: _hit_answer(call, hit, sync=False), semcache=hit_info(hit)
        )
    result = await upstream(**forward.kwargs)
    info = miss_info(call)
    raw.mark(result, info)

    def wrap(value: Any) -> Any:
        relayed = _arelay(value, calls.Recorder(options.cache, call, info), forward.strip_usage)
        return AsyncCachedStream(relayed, semcache=info, upstream=value)

    if not streaming:  # the legacy raw response parses synchronously, also when async

        def parsed() -> Any:
            value = result.parse()
            return wrap(value) if call.stream else calls.keep(options.cache, call, value, info=info)

        return raw.RawResponse(result.http_response, parsed, semcache=info, sdk=result)

    async def aparsed() -> Any:
        value = await result.parse()
        if call.stream:
            return wrap(value)
        return await _in_thread(calls.keep, options.cache, call, value, None, info)

    return raw.AsyncRawResponse(result.http_response, aparsed, semcache=info, sdk=result)


_PATHS = {"chat": "chat/completions", "completion": "completions", "responses": "responses"}
_PATHS["embeddings"] = "embeddings"


def _hit_http(call: wire.Call, hit: Any, upstream: Callable[..., Any]) -> Any:
    client = getattr(upstream, "__self__", None)
    sdk = getattr(client, "_client", None)  # the resource's SDK client
    path = _PATHS.get(call.dialect.name if call.dialect else "", "")
    url = f"{str(getattr(sdk, 'base_url', '')).rstrip('/')}/{path}"
    return raw.hit_http_response(call, hit, getattr(sdk, "_client", None), url)


def _hit_answer(call: wire.Call, hit: Any, *, sync: bool) -> Any:
    if not call.stream:
        return calls.hit_response(call, hit)
    chunks = calls.hit_chunks(call, hit)
    if sync:
        return CachedStream(iter(chunks), semcache=hit_info(hit))
    return AsyncCachedStream(_aiter(chunks), semcache=hit_info(hit))


async def _aiter(items: list[_T]) -> AsyncIterator[_T]:
    for item in items:
        yield item


async def _in_thread(function: Callable[..., _R], *args: Any) -> _R:
    # Embedding is CPU work: keep it off the event loop.
    return await anyio.to_thread.run_sync(functools.partial(function, *args))


def _options(client: object) -> calls.ClientOptions:
    return cast("OpenAI | AsyncOpenAI", client)._semcache


# -- the SDK resources, with create() through the cache ------------------------------


class _ChatCompletions(_SdkChatCompletions):
    def create(self, **kwargs: Any) -> Any:
        return _create(_options(self._client), wire.CHAT, super().create, kwargs)


class _AsyncChatCompletions(_SdkAsyncChatCompletions):
    async def create(self, **kwargs: Any) -> Any:
        return await _acreate(_options(self._client), wire.CHAT, super().create, kwargs)


class _Completions(_SdkCompletions):
    def create(self, **kwargs: Any) -> Any:
        return _create(_options(self._client), wire.COMPLETIONS, super().create, kwargs)


class _AsyncCompletions(_SdkAsyncCompletions):
    async def create(self, **kwargs: Any) -> Any:
        return await _acreate(_options(self._client), wire.COMPLETIONS, super().create, kwargs)


class _Responses(_SdkResponses):
    def create(self, **kwargs: Any) -> Any:
        return _create(_options(self._client), wire.RESPONSES, super().create, kwargs)


class _AsyncResponses(_SdkAsyncResponses):
    async def create(self, **kwargs: Any) -> Any:
        return await _acreate(_options(self._client), wire.RESPONSES, super().create, kwargs)


class _Embeddings(_SdkEmbeddings):
    def create(self, **kwargs: Any) -> Any:
        return _create(_options(self._client), wire.EMBEDDINGS, super().create, kwargs)


class _AsyncEmbeddings(_SdkAsyncEmbeddings):
    async def create(self, **kwargs: Any) -> Any:
        return await _acreate(_options(self._client), wire.EMBEDDINGS, super().create, kwargs)


class _Chat(_SdkChat):
    def __init__(self, client: Any) -> None:
        super().__init__(client)
        self.__dict__.pop("completions", None)  # SDKs that set resources eagerly

    @functools.cached_property
    def completions(self) -> _ChatCompletions:
        return _ChatCompletions(self._client)


class _AsyncChat(_SdkAsyncChat):
    def __init__(self, client: Any) -> None:
        super().__init__(client)
        self.__dict__.pop("completions", None)

    @functools.cached_property
    def completions(self) -> _AsyncChatCompletions:
        return _AsyncChatCompletions(self._client)


# -- the clients ----------------------------------------------------------------------


class OpenAI(openai.OpenAI):
    """``openai.OpenAI`` with chat, legacy completions and responses answered from ``cache``.

    Args:
        cache: the :class:`~semcache.SemanticCache` to read and fill.
        cache_namespace: the namespace of this client's entries (``x-semcache-namespace``
            overrides it per call).
        cache_sampled_n: also cache ``n > 1`` with a temperature above 0 (off: such
            calls ask for varied answers and bypass the cache).
        cache_coalesce_timeout: seconds a call waits for an identical one in flight
            (single-flight: concurrent duplicates make one upstream call); 0: off.
        cache_context: how a chat's earlier turns must match, "exact" or "substance"
            (None: the cache's ``context``; ``x-semcache-context`` overrides it per call).
        **kwargs: everything ``openai.OpenAI`` accepts.

    Thread-safe as far as the SDK client and the cache are.
    """

    def __init__(
        self,
        *,
        cache: SemanticCache,
        cache_namespace: str = "default",
        cache_sampled_n: bool = False,
        cache_coalesce_timeout: float = wire.DEFAULT_COALESCE_TIMEOUT,
        cache_context: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._semcache = _client_options(
            cache,
            cache_namespace,
            cache_sampled_n,
            cache_coalesce_timeout,
            self._custom_headers,
            cache_context,
        )
        for name in ("chat", "completions", "responses", "embeddings"):  # set eagerly by SDKs
            self.__dict__.pop(name, None)

    @functools.cached_property
    def chat(self) -> _Chat:
        return _Chat(self)

    @functools.cached_property
    def completions(self) -> _Completions:
        return _Completions(self)

    @functools.cached_property
    def responses(self) -> _Responses:
        return _Responses(self)

    @functools.cached_property
    def embeddings(self) -> _Embeddings:
        return _Embeddings(self)

    def copy(self, **kwargs: Any) -> Self:
        """``openai.OpenAI.copy`` keeping the cache options."""
        extra = {**kwargs.pop("_extra_kwargs", {}), **_copied(self._semcache)}
        return super().copy(_extra_kwargs=extra, **kwargs)

    with_options = copy


class AsyncOpenAI(openai.AsyncOpenAI):
    """``openai.AsyncOpenAI`` with chat, completions and responses answered from ``cache``.

    Same arguments as :class:`OpenAI`. Cache lookups and stores (embedding is CPU
    work) run in a worker thread, so the event loop stays free.
    """

    def __init__(
        self,
        *,
        cache: SemanticCache,
        cache_namespace: str = "default",
        cache_sampled_n: bool = False,
        cache_coalesce_timeout: float = wire.DEFAULT_COALESCE_TIMEOUT,
        cache_context: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._semcache = _client_options(
            cache,
            cache_namespace,
            cache_sampled_n,
            cache_coalesce_timeout,
            self._custom_headers,
            cache_context,
        )
        for name in ("chat", "completions", "responses", "embeddings"):
            self.__dict__.pop(name, None)

    @functools.cached_property
    def chat(self) -> _AsyncChat:
        return _AsyncChat(self)

    @functools.cached_property
    def completions(self) -> _AsyncCompletions:
        return _AsyncCompletions(self)

    @functools.cached_property
    def responses(self) -> _AsyncResponses:
        return _AsyncResponses(self)

    @functools.cached_property
    def embeddings(self) -> _AsyncEmbeddings:
        return _AsyncEmbeddings(self)

    def copy(self, **kwargs: Any) -> Self:
        """``openai.AsyncOpenAI.copy`` keeping the cache options."""
        extra = {**kwargs.pop("_extra_kwargs", {}), **_copied(self._semcache)}
        return super().copy(_extra_kwargs=extra, **kwargs)

    with_options = copy


def _client_options(
    cache: SemanticCache,
    namespace: str,
    sampled_n: bool,
    coalesce_timeout: float,
    headers: Mapping[str, object] | None,
    context: str | None,
) -> calls.ClientOptions:
    try:
        flights = wire.Flights(coalesce_timeout)
    except ValueError as exc:
        raise ConfigError(f"cache_{exc}") from exc
    return calls.ClientOptions(
        cache, namespace, sampled_n, calls.default_controls(headers), flights, context
    )


def _copied(options: calls.ClientOptions) -> dict[str, Any]:
    return {
        "cache": options.cache,
        "cache_namespace": options.namespace,
        "cache_sampled_n": options.cache_sampled_n,
        "cache_coalesce_timeout": options.flights.timeout,
        "cache_context": options.context,
    }
