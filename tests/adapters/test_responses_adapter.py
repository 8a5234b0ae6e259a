"""client.responses.create through the drop-in OpenAI clients, against the fake
upstream served on 127.0.0.1 (the real openai SDK end to end)."""

from __future__ import annotations

from typing import Any

import openai
import pytest
from served import served_fixtures

from semcache import SemanticCache
from semcache.adapters.openai import AsyncOpenAI, OpenAI
from semcache.testing import FakeUpstream

MODEL = "gpt-4.1-mini"
TOOLS = [
    {
        "type": "function",
        "name": "lookup",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}},
    }
]


upstream, fake, cache, client = served_fixtures("openai")


def create(client: OpenAI, prompt: str = "What is the capital of France?", **params: Any) -> Any:
    return client.responses.create(model=MODEL, input=prompt, **params)


def test_second_call_is_an_exact_hit(client: OpenAI, fake: FakeUpstream) -> None:
    """The same call twice makes one upstream call; the hit is a Response with .semcache."""
    miss, hit = create(client), create(client)
    assert miss.semcache == {"status": "miss", "stored": True}
    assert hit.semcache["status"] == "hit" and hit.semcache["kind"] == "exact"
    assert isinstance(hit, openai.types.responses.Response)
    assert hit.output_text == miss.output_text and hit.id != miss.id
    assert fake.calls["/v1/responses"] == 1


def test_reworded_input_is_a_semantic_hit(client: OpenAI, fake: FakeUpstream) -> None:
    """A rewording with the same words (hashing embedder) is a semantic hit."""
    create(client)
    hit = create(client, "France: what is the capital of?")
    assert hit.semcache["kind"] == "semantic" and fake.calls["/v1/responses"] == 1


def test_other_input_misses(client: OpenAI, fake: FakeUpstream) -> None:
    """An unrelated input goes upstream."""
    create(client)
    assert create(client, "How tall is Mont Blanc?").semcache["status"] == "miss"
    assert fake.calls["/v1/responses"] == 2


def test_streamed_hit_yields_the_sdk_event_types(client: OpenAI, fake: FakeUpstream) -> None:
    """A streamed hit yields the SDK's typed events ending in response.completed."""
    list(create(client, stream=True))
    stream = create(client, stream=True)
    events = list(stream)
    assert stream.semcache["status"] == "hit" and fake.calls["/v1/responses"] == 1
    assert type(events[0]).__name__ == "ResponseCreatedEvent"
    assert events[-1].type == "response.completed"
    assert events[-1].response.output_text == "Answer to: What is the capital of France?"
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == events[-1].response.output_text


def test_function_call_answer_is_replayed(client: OpenAI) -> None:
    """A function call is stored and served with its name and arguments."""
    create(client, "look it up", tools=TOOLS, tool_choice="required")
    hit = create(client, "look it up", tools=TOOLS, tool_choice="required")
    assert hit.semcache["status"] == "hit" and hit.output[0].type == "function_call"
    assert hit.output[0].arguments == '{"query": "look it up"}'


def test_upstream_error_is_not_cached(client: OpenAI, fake: FakeUpstream) -> None:
    """An upstream 500 raises the SDK's error each time; nothing is stored."""
    for _ in range(2):
        with pytest.raises(openai.InternalServerError):
            create(client, "[fail:500] hello")
    assert fake.calls["/v1/responses"] == 2


def test_store_true_bypasses(client: OpenAI) -> None:
    """store=True keeps server state: the call bypasses the cache."""
    create(client)
    assert create(client, store=True).semcache["status"] == "bypass"


def test_namespaces_do_not_share_entries(
    upstream: tuple[FakeUpstream, str], cache: SemanticCache, client: OpenAI
) -> None:
    """A client with another cache_namespace misses on the first one's entries."""
    create(client)
    with OpenAI(
        cache=cache, cache_namespace="other", base_url=upstream[1], api_key="k", max_retries=0
    ) as other:
        assert create(other).semcache["status"] == "miss"


def test_litellm_cache_body_controls(client: OpenAI, fake: FakeUpstream) -> None:
    """extra_body cache.no-store is honoured and not sent upstream."""
    create(client, extra_body={"cache": {"no-store": True}})
    assert "cache" not in fake.requests[-1].body
    assert create(client).semcache["status"] == "miss"


async def test_async_client_hits(upstream: tuple[FakeUpstream, str], cache: SemanticCache) -> None:
    """AsyncOpenAI caches responses.create, streamed and not."""
    async with AsyncOpenAI(cache=cache, base_url=upstream[1], api_key="k", max_retries=0) as aio:
        await aio.responses.create(model=MODEL, input="async question")
        hit = await aio.responses.create(model=MODEL, input="async question")
        stream = await aio.responses.create(model=MODEL, input="async question", stream=True)
        events = [event async for event in stream]
    assert hit.semcache["status"] == "hit" and stream.semcache["status"] == "hit"
    assert events[-1].response.output_text == "Answer to: async question"
