"""with_raw_response and with_streaming_response on the drop-in Anthropic clients go
through the cache (the real anthropic SDK against the fake Anthropic on 127.0.0.1)."""

from __future__ import annotations

from typing import Any

from served import served_fixtures

from semcache import SemanticCache
from semcache.adapters.anthropic import Anthropic, AsyncAnthropic
from semcache.testing import FakeAnthropic

MODEL = "claude-sonnet-4-5"
MESSAGES = [{"role": "user", "content": "What is the capital of France?"}]


upstream, fake, cache, client = served_fixtures("anthropic")


def text(message: Any) -> str:
    return str(message.content[0].text)


def test_raw_response_miss_then_hit(client: Anthropic, fake: FakeAnthropic) -> None:
    """The second raw call is a hit with x-semcache headers; parse() is a Message."""
    create = client.messages.with_raw_response.create
    miss = create(model=MODEL, max_tokens=256, messages=MESSAGES)
    assert miss.headers["x-semcache"] == "miss"
    first = text(miss.parse())
    hit = create(model=MODEL, max_tokens=256, messages=MESSAGES)
    assert hit.headers["x-semcache"] == "hit"
    assert text(hit.parse()) == first
    assert hit.parse().semcache["status"] == "hit"
    assert fake.message_calls == 1


def test_streamed_raw_hit(client: Anthropic, fake: FakeAnthropic) -> None:
    """stream=True through with_raw_response: stored from the stream, replayed as events."""
    create = client.messages.with_raw_response.create
    miss = create(model=MODEL, max_tokens=256, messages=MESSAGES, stream=True)
    first = streamed_text(list(miss.parse()))
    hit = create(model=MODEL, max_tokens=256, messages=MESSAGES, stream=True)
    assert hit.headers["x-semcache"] == "hit"
    events = list(hit.parse())
    assert (events[0].type, events[-1].type) == ("message_start", "message_stop")
    assert streamed_text(events) == first
    assert fake.message_calls == 1


def streamed_text(events: list[Any]) -> str:
    deltas = [e.delta for e in events if e.type == "content_block_delta"]
    return "".join(getattr(delta, "text", "") for delta in deltas)


async def test_async_streaming_response(
    upstream: tuple[FakeAnthropic, str], fake: FakeAnthropic, cache: SemanticCache
) -> None:
    """The async client's with_streaming_response: awaited parse() on miss and hit."""
    async with AsyncAnthropic(cache=cache, base_url=upstream[1], api_key="k", max_retries=0) as c:
        streaming = c.messages.with_streaming_response.create
        async with streaming(model=MODEL, max_tokens=256, messages=MESSAGES) as miss:
            assert miss.headers["x-semcache"] == "miss"
            first = text(await miss.parse())
        async with streaming(model=MODEL, max_tokens=256, messages=MESSAGES) as hit:
            assert hit.headers["x-semcache"] == "hit"
            assert text(await hit.parse()) == first
    assert fake.message_calls == 1
