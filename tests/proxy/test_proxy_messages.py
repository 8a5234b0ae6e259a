"""POST /v1/messages (Anthropic) end to end over loopback: the real anthropic SDK ->
the proxy under uvicorn -> the fake Anthropic upstream under uvicorn, on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import anthropic
import pytest
from semcache_proxy import ServerThread, Settings, create_app

from semcache import SemanticCache
from semcache.testing import FakeAnthropic, HashingEmbedder

MODEL = "claude-sonnet-4-5"
TOOLS = [
    {
        "name": "lookup",
        "description": "Look something up",
        "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}},
    }
]


@dataclass
class Servers:
    fake: FakeAnthropic
    app: Any
    proxy: ServerThread

    def flush(self) -> None:
        assert self.app.state.proxy.writes.wait_idle(10)

    def client(self, key: str = "sk-ant-a") -> anthropic.Anthropic:
        return anthropic.Anthropic(base_url=self.proxy.url, api_key=key, max_retries=0)


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    fake = FakeAnthropic()
    with SemanticCache(None, embedder=HashingEmbedder()) as cache, ServerThread(fake) as up:
        settings = Settings(upstream=up.url + "/v1", upstream_timeout=2.0)
        app = create_app(settings, cache=cache)
        with ServerThread(app) as proxy:
            yield Servers(fake, app, proxy)


def user(text: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": text}]


def ask(servers: Servers, prompt: str, *, key: str = "sk-ant-a", **params: Any) -> tuple[str, Any]:
    """(x-semcache, parsed Message) of one non-streamed call; stores are flushed."""
    params.setdefault("messages", user(prompt))
    with servers.client(key) as client:
        raw = client.messages.with_raw_response.create(model=MODEL, max_tokens=256, **params)
    servers.flush()
    return raw.headers["x-semcache"], raw.parse()


def stream(servers: Servers, prompt: str, **params: Any) -> tuple[str, Any]:
    """(streamed text, final Message) through the SDK's messages.stream() helper."""
    params.setdefault("messages", user(prompt))
    with (
        servers.client() as client,
        client.messages.stream(model=MODEL, max_tokens=256, **params) as events,
    ):
        text = "".join(events.text_stream)
        final = events.get_final_message()
    servers.flush()
    return text, final


def test_miss_then_exact_hit(servers: Servers) -> None:
    """The same request twice: a miss, then the same message from the cache."""
    before = servers.fake.message_calls
    first = ask(servers, "msg: what is the capital of France?", system="Be brief.")
    second = ask(servers, "msg: what is the capital of France?", system="Be brief.")
    assert (first[0], second[0]) == ("miss", "hit")
    assert second[1].content[0].text == "Answer to: msg: what is the capital of France?"
    assert second[1].id != first[1].id and second[1].id.startswith("msg_")
    assert second[1].stop_reason == "end_turn" and second[1].usage.output_tokens > 0
    assert servers.fake.message_calls - before == 1


def test_reworded_message_is_a_semantic_hit(servers: Servers) -> None:
    """A rewording with the same words (hashing embedder) is a semantic hit."""
    ask(servers, "msg2: what is the capital of Spain?")
    with servers.client() as client:
        raw = client.messages.with_raw_response.create(
            model=MODEL, max_tokens=256, messages=user("msg2: Spain: what is the capital of?")
        )
    assert (raw.headers["x-semcache"], raw.headers["x-semcache-kind"]) == ("hit", "semantic")


def test_system_and_max_tokens_are_part_of_the_key(servers: Servers) -> None:
    """Another system prompt, or another max_tokens, misses."""
    ask(servers, "msg3: name a river", system="Answer in French.")
    assert ask(servers, "msg3: name a river", system="Answer in German.")[0] == "miss"
    with servers.client() as client:
        raw = client.messages.with_raw_response.create(
            model=MODEL,
            max_tokens=64,
            system="Answer in French.",
            messages=user("msg3: name a river"),
        )
    assert raw.headers["x-semcache"] == "miss"


def test_streamed_hit_replays_every_event(servers: Servers) -> None:
    """A streamed hit is message_start .. message_stop; the SDK's stream helper assembles it."""
    text, missed = stream(servers, "msg4: tell me about lakes")
    with servers.client() as client:
        events = list(
            client.messages.create(
                model=MODEL, max_tokens=256, messages=user("msg4: tell me about lakes"), stream=True
            )
        )
    kinds = [event.type for event in events]
    assert kinds[0] == "message_start" and kinds[-2:] == ["message_delta", "message_stop"]
    assert {"content_block_start", "content_block_delta", "content_block_stop"} <= set(kinds)
    again, hit = stream(servers, "msg4: tell me about lakes")
    assert again == text == "Answer to: msg4: tell me about lakes"
    assert hit.stop_reason == "end_turn" and hit.id != missed.id


def test_tool_use_is_cached_and_replayed(servers: Servers) -> None:
    """A tool_use answer is stored and replayed, streamed and not, input intact."""
    params: dict[str, Any] = {"tools": TOOLS, "tool_choice": {"type": "any"}}
    ask(servers, "msg5: look up the weather", **params)
    outcome, hit = ask(servers, "msg5: look up the weather", **params)
    block = hit.content[0]
    assert outcome == "hit" and block.type == "tool_use" and block.name == "lookup"
    assert block.input == {"query": "msg5: look up the weather"}
    _, streamed = stream(servers, "msg5: look up the weather", **params)
    assert streamed.content[0].input == block.input and streamed.stop_reason == "tool_use"


def test_tool_result_turn_keys_on_the_user_text_with_stable_ids(servers: Servers) -> None:
    """A follow-up with a tool result is keyed on the user text; tool-use ids do not split it."""

    def follow_up(tool_id: str) -> list[dict[str, Any]]:
        call = {"type": "tool_use", "id": tool_id, "name": "lookup", "input": {"q": "x"}}
        result = {"type": "tool_result", "tool_use_id": tool_id, "content": "sunny"}
        return [
            *user("msg6: weather in Paris?"),
            {"role": "assistant", "content": [call]},
            {"role": "user", "content": [result]},
        ]

    ask(servers, "", messages=follow_up("toolu_first"), tools=TOOLS)
    assert ask(servers, "", messages=follow_up("toolu_second"), tools=TOOLS)[0] == "hit"


def test_upstream_error_is_never_cached(servers: Servers) -> None:
    """A 500 reaches the SDK as an error twice: it was not stored."""
    for _ in range(2):
        with pytest.raises(anthropic.InternalServerError), servers.client() as client:
            client.messages.create(model=MODEL, max_tokens=64, messages=user("msg7: [fail:500]"))
        servers.flush()


def test_interrupted_stream_is_not_cached(servers: Servers) -> None:
    """A stream with an error event half-way is not stored: the next call goes upstream."""
    before = servers.fake.message_calls
    for _ in range(2):
        with pytest.raises(anthropic.APIStatusError), servers.client() as client:
            list(
                client.messages.create(
                    model=MODEL,
                    max_tokens=64,
                    messages=user("msg8: [fail:error-event] hi"),
                    stream=True,
                )
            )
        servers.flush()
    assert servers.fake.message_calls - before == 2


def test_tenants_do_not_share_entries(servers: Servers) -> None:
    """Another x-api-key misses on what the first one stored."""
    ask(servers, "msg9: a secret", key="sk-ant-a")
    assert ask(servers, "msg9: a secret", key="sk-ant-b")[0] == "miss"
    assert ask(servers, "msg9: a secret", key="sk-ant-a")[0] == "hit"


def test_proxy_errors_are_anthropic_shaped(servers: Servers) -> None:
    """A bad control header on /v1/messages is a 400 in Anthropic's error shape."""
    with pytest.raises(anthropic.BadRequestError) as caught, servers.client() as client:
        client.messages.create(
            model=MODEL,
            max_tokens=64,
            messages=user("msg10: hi"),
            extra_headers={"x-semcache-ttl": "-5"},
        )
    assert caught.value.body == {
        "type": "error",
        "error": {
            "type": "invalid_request_error",
            "message": "x-semcache-ttl must be a positive number of seconds, e.g. 3600; got '-5'",
        },
    }
