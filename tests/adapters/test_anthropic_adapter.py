"""messages.create through the drop-in Anthropic clients, against the fake Anthropic
upstream served on 127.0.0.1 (the real anthropic SDK end to end)."""

from __future__ import annotations

from typing import Any

import anthropic
import pytest
from served import served_fixtures

from semcache import SemanticCache
from semcache.adapters.anthropic import Anthropic, AsyncAnthropic
from semcache.testing import FakeAnthropic

MODEL = "claude-sonnet-4-5"
TOOLS = [{"name": "lookup", "input_schema": {"type": "object"}}]


upstream, fake, cache, client = served_fixtures("anthropic")


def create(client: Anthropic, text: str = "What is the capital of France?", **params: Any) -> Any:
    messages = [{"role": "user", "content": text}]
    return client.messages.create(model=MODEL, max_tokens=256, messages=messages, **params)


def test_second_call_is_an_exact_hit(client: Anthropic, fake: FakeAnthropic) -> None:
    """The same call twice makes one upstream call; the hit is a Message with .semcache."""
    miss, hit = create(client), create(client)
    assert miss.semcache == {"status": "miss", "stored": True}
    assert hit.semcache["kind"] == "exact" and isinstance(hit, anthropic.types.Message)
    assert hit.content[0].text == miss.content[0].text and hit.id != miss.id
    assert fake.message_calls == 1


def test_reworded_message_is_a_semantic_hit(client: Anthropic, fake: FakeAnthropic) -> None:
    """A rewording with the same words (hashing embedder) is a semantic hit."""
    create(client)
    assert create(client, "France: what is the capital of?").semcache["kind"] == "semantic"
    assert fake.message_calls == 1


def test_other_message_misses(client: Anthropic, fake: FakeAnthropic) -> None:
    """An unrelated message goes upstream."""
    create(client)
    assert create(client, "How tall is Mont Blanc?").semcache["status"] == "miss"
    assert fake.message_calls == 2


def test_streamed_hit_yields_every_event(client: Anthropic, fake: FakeAnthropic) -> None:
    """A streamed hit yields the SDK's event types from message_start to message_stop."""
    list(create(client, stream=True))
    stream = create(client, stream=True)
    events = list(stream)
    assert stream.semcache["status"] == "hit" and fake.message_calls == 1
    assert [events[0].type, events[-2].type, events[-1].type] == [
        "message_start",
        "message_delta",
        "message_stop",
    ]
    text = "".join(e.delta.text for e in events if e.type == "content_block_delta")
    assert text == "Answer to: What is the capital of France?"
    assert events[-2].delta.stop_reason == "end_turn"


def test_tool_use_is_replayed(client: Anthropic) -> None:
    """A tool_use answer is stored and served with its input, streamed and not."""
    params: dict[str, Any] = {"tools": TOOLS, "tool_choice": {"type": "any"}}
    create(client, "look it up", **params)
    hit = create(client, "look it up", **params)
    assert hit.semcache["status"] == "hit" and hit.content[0].input == {"query": "look it up"}
    events = list(create(client, "look it up", stream=True, **params))
    partial = "".join(e.delta.partial_json for e in events if e.type == "content_block_delta")
    assert partial == '{"query":"look it up"}'


def test_upstream_error_is_not_cached(client: Anthropic, fake: FakeAnthropic) -> None:
    """An upstream 500 raises the SDK's error each time; nothing is stored."""
    for _ in range(2):
        with pytest.raises(anthropic.InternalServerError):
            create(client, "[fail:500] hello")
    assert fake.message_calls == 2


def test_namespaces_do_not_share_entries(
    upstream: tuple[FakeAnthropic, str], cache: SemanticCache, client: Anthropic
) -> None:
    """A client with another cache_namespace misses on the first one's entries."""
    create(client)
    with Anthropic(
        cache=cache, cache_namespace="other", base_url=upstream[1], api_key="k", max_retries=0
    ) as other:
        assert create(other).semcache["status"] == "miss"


def test_controls_are_not_sent_upstream(client: Anthropic, fake: FakeAnthropic) -> None:
    """x-semcache-bypass skips the cache and is not forwarded."""
    result = create(client, extra_headers={"x-semcache-bypass": "1"})
    assert result.semcache["status"] == "bypass"
    assert "x-semcache-bypass" not in fake.requests[-1].headers


async def test_async_client_hits(upstream: tuple[FakeAnthropic, str], cache: SemanticCache) -> None:
    """AsyncAnthropic caches messages.create, streamed and not."""
    messages = [{"role": "user", "content": "async question"}]
    async with AsyncAnthropic(cache=cache, base_url=upstream[1], api_key="k", max_retries=0) as aio:
        await aio.messages.create(model=MODEL, max_tokens=64, messages=messages)
        hit = await aio.messages.create(model=MODEL, max_tokens=64, messages=messages)
        stream = await aio.messages.create(
            model=MODEL, max_tokens=64, messages=messages, stream=True
        )
        events = [event async for event in stream]
    assert hit.semcache["status"] == "hit" and stream.semcache["status"] == "hit"
    assert events[-1].type == "message_stop"


def test_with_options_keeps_the_cache(client: Anthropic, fake: FakeAnthropic) -> None:
    """A client made by with_options reads the same cache."""
    create(client)
    assert create(client.with_options(timeout=5)).semcache["status"] == "hit"
    assert fake.message_calls == 1
