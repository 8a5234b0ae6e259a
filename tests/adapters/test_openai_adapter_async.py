"""The drop-in AsyncOpenAI client against a scripted upstream."""

from __future__ import annotations

import threading
from typing import Any

import openai
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from openai_fake import Upstream

from semcache import InvalidRequestError, SemanticCache
from semcache.adapters.openai import AsyncCachedStream, AsyncOpenAI

MODEL = "gpt-4o-mini"
QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


async def ask(client: AsyncOpenAI, messages: Any = QUESTION, **params: Any) -> Any:
    return await client.chat.completions.create(model=MODEL, messages=messages, **params)


async def text_of(stream: Any) -> str:
    return "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])


async def test_second_identical_call_does_not_reach_upstream(
    aclient: AsyncOpenAI, upstream: Upstream
) -> None:
    """The same request twice calls the upstream once."""
    first = await ask(aclient)
    second = await ask(aclient)
    assert isinstance(second, ChatCompletion) and second.semcache["status"] == "hit"
    assert second.choices[0].message.content == first.choices[0].message.content
    assert upstream.calls == 1


async def test_different_system_prompt_misses(aclient: AsyncOpenAI, upstream: Upstream) -> None:
    """A different system prompt does not share the answer."""
    await ask(aclient)
    await ask(aclient, [{"role": "system", "content": "Answer in French."}, *QUESTION])
    assert upstream.calls == 2


async def test_streamed_miss_then_streamed_and_plain_hits(
    aclient: AsyncOpenAI, upstream: Upstream
) -> None:
    """A completed async stream is stored and replays as a stream and as an object."""
    miss = await ask(aclient, stream=True)
    content = await text_of(miss)
    assert miss.semcache == {"status": "miss", "stored": True}
    replay = await ask(aclient, stream=True)
    chunks = [chunk async for chunk in replay]
    assert isinstance(replay, AsyncCachedStream) and len(chunks) >= 3
    assert all(isinstance(chunk, ChatCompletionChunk) for chunk in chunks)
    assert await text_of(_again(chunks)) == content
    assert (await ask(aclient)).choices[0].message.content == content
    assert upstream.calls == 1


async def _again(chunks: list[Any]) -> Any:
    for chunk in chunks:
        yield chunk


async def test_non_streamed_miss_replays_as_a_stream(
    aclient: AsyncOpenAI, upstream: Upstream
) -> None:
    """A plain answer replays as an async stream usable with async with."""
    content = (await ask(aclient)).choices[0].message.content
    async with await ask(aclient, stream=True) as stream:
        assert await text_of(stream) == content
    assert upstream.calls == 1


async def test_closing_a_stream_early_stores_nothing(
    aclient: AsyncOpenAI, upstream: Upstream
) -> None:
    """An async stream closed before its end is not stored."""
    stream = await ask(aclient, stream=True)
    await stream.__anext__()
    await stream.close()
    assert stream.semcache["stored"] is False
    await ask(aclient)
    assert upstream.calls == 2


async def test_upstream_drop_stores_nothing(aclient: AsyncOpenAI, upstream: Upstream) -> None:
    """A connection cut mid-stream raises and stores nothing."""
    upstream.drop_after = 2
    with pytest.raises(openai.APIConnectionError):
        await text_of(await ask(aclient, stream=True))
    upstream.drop_after = None
    assert (await ask(aclient)).semcache["status"] == "miss"


async def test_upstream_errors_propagate_uncached(aclient: AsyncOpenAI, upstream: Upstream) -> None:
    """An upstream 500 reaches the caller as the SDK's error; nothing is stored."""
    upstream.status = 500
    with pytest.raises(openai.InternalServerError):
        await ask(aclient)
    upstream.status = None
    assert (await ask(aclient)).semcache["status"] == "miss"


async def test_bypass_and_bad_header(aclient: AsyncOpenAI, upstream: Upstream) -> None:
    """Controls work on the async client, and a bad value raises before any call."""
    await ask(aclient)
    bypassed = await ask(aclient, extra_headers={"x-semcache-bypass": "1"})
    assert bypassed.semcache["status"] == "bypass" and upstream.calls == 2
    with pytest.raises(InvalidRequestError, match="x-semcache-ttl must be a positive number"):
        await ask(aclient, extra_headers={"x-semcache-ttl": "-5"})
    assert upstream.calls == 2


async def test_cache_work_runs_off_the_event_loop(
    aclient: AsyncOpenAI, cache: SemanticCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lookups and stores (embedding is CPU work) run in worker threads."""
    threads: list[threading.Thread] = []
    get, put = cache.lookup, cache.insert

    def recording(method: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            threads.append(threading.current_thread())
            return method(*args, **kwargs)

        return call

    monkeypatch.setattr(cache, "lookup", recording(get))
    monkeypatch.setattr(cache, "insert", recording(put))
    await text_of(await ask(aclient, stream=True))
    await ask(aclient)
    assert len(threads) == 3
    assert all(thread is not threading.main_thread() for thread in threads)


async def test_legacy_completions_async(aclient: AsyncOpenAI, upstream: Upstream) -> None:
    """AsyncOpenAI caches completions.create too."""
    await aclient.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hi")
    again = await aclient.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hi")
    assert again.semcache["status"] == "hit" and upstream.calls == 1
