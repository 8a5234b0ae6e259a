"""Drop-in ``openai`` clients that answer from a :class:`~semcache.SemanticCache`.

Change one import line::

    from semcache.adapters.openai import OpenAI   # was: from openai import OpenAI

    client = OpenAI(cache=SemanticCache("./cache"))
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[...])
    reply.semcache    # {"status": "hit", "kind": "semantic", "similarity": 0.93, ...}

``chat.completions.create`` and ``completions.create`` (streamed or not) go through
the cache; everything else is the SDK's own client, unchanged. Answers are the SDK's
own types (``ChatCompletion``, ``ChatCompletionChunk``, ``Completion``) with an extra
``semcache`` field: ``status`` is ``"hit"`` (with ``kind``, ``similarity``,
``entry_id``, ``cached_at``), ``"miss"`` (with ``stored``) or ``"bypass"`` (with
``reason``). A streamed call returns a :class:`CachedStream` (an
:class:`AsyncCachedStream` on the async client), which iterates, closes and works
in ``with`` like the SDK's ``Stream``; its ``semcache`` attribute says the same.

A streamed miss is passed on chunk by chunk as it arrives and stored only if the
stream ends complete and successful: a consumer that stops early, or an upstream
that fails mid-stream, stores nothing. Upstream errors propagate unchanged and are
never cached. Per-call controls go in ``extra_headers`` (``x-semcache-bypass``,
``-refresh``, ``-ttl``, ``-threshold``, ``-namespace``, ``Cache-Control``; see
``docs/keys.md``), or in the client's ``default_headers`` for every call (a
call's own override them); they are removed before the request goes upstream. Calls made
through ``with_raw_response``, ``with_streaming_response``, ``.parse()`` and
``.stream()`` pass through uncached. A fault inside the cache never breaks a call:
it is logged and the call goes upstream.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import anyio.to_thread
import openai
from openai.resources import AsyncCompletions as _SdkAsyncCompletions
from openai.resources import Completions as _SdkCompletions
from openai.resources.chat import AsyncChat as _SdkAsyncChat
from openai.resources.chat import AsyncCompletions as _SdkAsyncChatCompletions
from openai.resources.chat import Chat as _SdkChat
from openai.resources.chat import Completions as _SdkChatCompletions

if TYPE_CHECKING:
    from typing_extensions import Self

from .._cache import SemanticCache
from .._canonical import Endpoint
from . import _openai_core as core

__all__ = ["AsyncCachedStream", "AsyncOpenAI", "CachedStream", "OpenAI"]

_T = TypeVar("_T")
_R = TypeVar("_R")


class CachedStream(Generic[_T]):
    """The chunks of a streamed call: iterate, ``close()``, or use in ``with``.

    ``semcache`` tells hit, miss or bypass; ``response`` is the upstream HTTP
    response on a miss and None on a hit (no HTTP call was made).
    """

    def __init__(
        self, chunks: Iterator[_T], *, semcache: dict[str, Any], upstream: Any = None
    ) -> None:
        self._chunks = chunks
        self._upstream = upstream
        self.semcache = semcache
        self.response = getattr(upstream, "response", None)

    def __iter__(self) -> Iterator[_T]:
        return self

    def __next__(self) -> _T:
        return next(self._chunks)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the stream and release the connection; an unfinished miss is not stored."""
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()
        if self._upstream is not None:
            self._upstream.close()


class AsyncCachedStream(Generic[_T]):
    """The async twin of :class:`CachedStream`: ``async for``, ``async with``, ``await close()``."""

    def __init__(
        self, chunks: AsyncIterator[_T], *, semcache: dict[str, Any], upstream: Any = None
    ) -> None:
        self._chunks = chunks
        self._upstream = upstream
        self.semcache = semcache
        self.response = getattr(upstream, "response", None)

    def __aiter__(self) -> AsyncIterator[_T]:
        return self

    async def __anext__(self) -> _T:
        return await self._chunks.__anext__()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Stop the stream and release the connection; an unfinished miss is not stored."""
        aclose = getattr(self._chunks, "aclose", None)
        if aclose is not None:
            await aclose()
        if self._upstream is not None:
            await self._upstream.close()


# -- one create() call, sync and async ---------------------------------------------


def _create(
    settings: core.Settings, endpoint: Endpoint, upstream: Callable[..., Any], kwargs: Any
) -> Any:
    call = core.prepare(settings, endpoint, kwargs)
    if call.passthrough:
        return upstream(**call.kwargs)
    hit = core.lookup(settings, call)
    if hit is not None:
        if call.stream:
            return CachedStream(iter(core.hit_chunks(call, hit)), semcache=core.hit_info(hit))
        return core.hit_response(call, hit)
    result = upstream(**call.kwargs)
    if call.stream:
        info = core.miss_info(call)
        chunks = _relay(result, core.Recorder(settings, call, info))
        return CachedStream(chunks, semcache=info, upstream=result)
    return core.settle(settings, call, result)


def _relay(upstream: Any, recorder: core.Recorder) -> Iterator[Any]:
    try:
        for chunk in upstream:
            recorder.add(chunk)
            yield chunk
    finally:
        upstream.close()
    recorder.finish()  # reached only when the upstream stream ended normally


async def _acreate(
    settings: core.Settings,
    endpoint: Endpoint,
    upstream: Callable[..., Awaitable[Any]],
    kwargs: Any,
) -> Any:
    call = core.prepare(settings, endpoint, kwargs)
    if call.passthrough:
        return await upstream(**call.kwargs)
    hit = await _in_thread(core.lookup, settings, call) if call.reads else None
    if hit is not None:
        if call.stream:
            chunks = _aiter(core.hit_chunks(call, hit))
            return AsyncCachedStream(chunks, semcache=core.hit_info(hit))
        return core.hit_response(call, hit)
    result = await upstream(**call.kwargs)
    if call.stream:
        info = core.miss_info(call)
        relayed = _arelay(result, core.Recorder(settings, call, info))
        return AsyncCachedStream(relayed, semcache=info, upstream=result)
    if call.writes:
        return await _in_thread(core.settle, settings, call, result)
    return core.settle(settings, call, result)


async def _arelay(upstream: Any, recorder: core.Recorder) -> AsyncIterator[Any]:
    try:
        async for chunk in upstream:
            recorder.add(chunk)
            yield chunk
    finally:
        await upstream.close()
    await _in_thread(recorder.finish)


async def _aiter(items: list[_T]) -> AsyncIterator[_T]:
    for item in items:
        yield item


async def _in_thread(function: Callable[..., _R], *args: Any) -> _R:
    # Embedding is CPU work: keep it off the event loop.
    return await anyio.to_thread.run_sync(functools.partial(function, *args))


def _settings(client: object) -> core.Settings:
    return cast("OpenAI | AsyncOpenAI", client)._semcache


# -- the SDK resources, with create() through the cache ------------------------------


class _ChatCompletions(_SdkChatCompletions):
    def create(self, **kwargs: Any) -> Any:
        return _create(_settings(self._client), "chat", super().create, kwargs)


class _AsyncChatCompletions(_SdkAsyncChatCompletions):
    async def create(self, **kwargs: Any) -> Any:
        return await _acreate(_settings(self._client), "chat", super().create, kwargs)


class _Completions(_SdkCompletions):
    def create(self, **kwargs: Any) -> Any:
        return _create(_settings(self._client), "completion", super().create, kwargs)


class _AsyncCompletions(_SdkAsyncCompletions):
    async def create(self, **kwargs: Any) -> Any:
        return await _acreate(_settings(self._client), "completion", super().create, kwargs)


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
    """``openai.OpenAI`` with chat and legacy completions answered from ``cache``.

    Args:
        cache: the :class:`~semcache.SemanticCache` to read and fill.
        cache_namespace: the namespace of this client's entries (``x-semcache-namespace``
            overrides it per call).
        cache_sampled_n: also cache ``n > 1`` with a temperature above 0 (off: such
            calls ask for varied answers and bypass the cache).
        **kwargs: everything ``openai.OpenAI`` accepts.

    Thread-safe as far as the SDK client and the cache are.
    """

    def __init__(
        self,
        *,
        cache: SemanticCache,
        cache_namespace: str = "default",
        cache_sampled_n: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._semcache = core.Settings(
            cache, cache_namespace, cache_sampled_n, core.default_controls(self._custom_headers)
        )
        for name in ("chat", "completions"):  # SDKs that set resources eagerly
            self.__dict__.pop(name, None)

    @functools.cached_property
    def chat(self) -> _Chat:
        return _Chat(self)

    @functools.cached_property
    def completions(self) -> _Completions:
        return _Completions(self)

    def copy(self, **kwargs: Any) -> Self:
        """``openai.OpenAI.copy`` keeping the cache options."""
        extra = {**kwargs.pop("_extra_kwargs", {}), **_options(self._semcache)}
        return super().copy(_extra_kwargs=extra, **kwargs)

    with_options = copy


class AsyncOpenAI(openai.AsyncOpenAI):
    """``openai.AsyncOpenAI`` with chat and legacy completions answered from ``cache``.

    Same arguments as :class:`OpenAI`. Cache lookups and stores (embedding is CPU
    work) run in a worker thread, so the event loop stays free.
    """

    def __init__(
        self,
        *,
        cache: SemanticCache,
        cache_namespace: str = "default",
        cache_sampled_n: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._semcache = core.Settings(
            cache, cache_namespace, cache_sampled_n, core.default_controls(self._custom_headers)
        )
        for name in ("chat", "completions"):
            self.__dict__.pop(name, None)

    @functools.cached_property
    def chat(self) -> _AsyncChat:
        return _AsyncChat(self)

    @functools.cached_property
    def completions(self) -> _AsyncCompletions:
        return _AsyncCompletions(self)

    def copy(self, **kwargs: Any) -> Self:
        """``openai.AsyncOpenAI.copy`` keeping the cache options."""
        extra = {**kwargs.pop("_extra_kwargs", {}), **_options(self._semcache)}
        return super().copy(_extra_kwargs=extra, **kwargs)

    with_options = copy


def _options(settings: core.Settings) -> dict[str, Any]:
    return {
        "cache": settings.cache,
        "cache_namespace": settings.namespace,
        "cache_sampled_n": settings.cache_sampled_n,
    }
