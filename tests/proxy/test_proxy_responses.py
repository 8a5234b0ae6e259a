"""POST /v1/responses end to end over loopback: the real openai SDK -> the proxy under
uvicorn -> the fake upstream under uvicorn, all on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import openai
import pytest
from semcache_proxy import ServerThread, Settings, create_app
from semcache_proxy._upstream import Upstream

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

MODEL = "gpt-4.1-mini"
TOOLS = [
    {
        "type": "function",
        "name": "lookup",
        "description": "Look something up",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}},
    }
]


@dataclass
class Servers:
    fake: FakeUpstream
    app: Any
    proxy: ServerThread

    def flush(self) -> None:
        assert self.app.state.proxy.writes.wait_idle(10)

    def client(self, key: str = "sk-resp-a") -> openai.OpenAI:
        return openai.OpenAI(base_url=self.proxy.url + "/v1", api_key=key, max_retries=0)


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    fake = FakeUpstream(hang_seconds=5)
    with SemanticCache(None, embedder=HashingEmbedder()) as cache, ServerThread(fake) as up:
        settings = Settings(upstream=up.url + "/v1", upstream_timeout=2.0, anonymous="share")
        app = create_app(settings, cache=cache)
        with ServerThread(app) as proxy:
            yield Servers(fake, app, proxy)


def ask(servers: Servers, prompt: Any, *, key: str = "sk-resp-a", **params: Any) -> tuple[str, Any]:
    """(x-semcache, parsed Response) of one non-streamed call; stores are flushed."""
    with servers.client(key) as client:
        raw = client.responses.with_raw_response.create(model=MODEL, input=prompt, **params)
    servers.flush()
    return raw.headers["x-semcache"], raw.parse()


def stream(servers: Servers, prompt: str, **params: Any) -> tuple[list[str], Any]:
    """(event types, final Response) of one call through the SDK's responses.stream()."""
    with (
        servers.client() as client,
        client.responses.stream(model=MODEL, input=prompt, **params) as events,
    ):
        types = [event.type for event in events]
        final = events.get_final_response()
    servers.flush()
    return types, final


def test_miss_then_exact_hit(servers: Servers) -> None:
    """The same request twice: a miss, then the same answer from the cache, one upstream call."""
    before = servers.fake.calls["/v1/responses"]
    first = ask(servers, "resp: what is the capital of France?", instructions="Be brief.")
    second = ask(servers, "resp: what is the capital of France?", instructions="Be brief.")
    assert (first[0], second[0]) == ("miss", "hit")
    assert (
        second[1].output_text
        == first[1].output_text
        == ("Answer to: resp: what is the capital of France?")
    )
    assert second[1].id != first[1].id and second[1].id.startswith("resp_")
    assert servers.fake.calls["/v1/responses"] - before == 1


def test_reworded_input_is_a_semantic_hit(servers: Servers) -> None:
    """A rewording with the same words (hashing embedder) is a semantic hit."""
    ask(servers, "resp2: what is the capital of Spain?")
    with servers.client() as client:
        raw = client.responses.with_raw_response.create(
            model=MODEL, input="resp2: Spain: what is the capital of?"
        )
    assert (raw.headers["x-semcache"], raw.headers["x-semcache-kind"]) == ("hit", "semantic")


def test_instructions_are_part_of_the_key(servers: Servers) -> None:
    """Other instructions (the system part) miss."""
    ask(servers, "resp3: name a river", instructions="Answer in French.")
    assert ask(servers, "resp3: name a river", instructions="Answer in German.")[0] == "miss"


def test_list_input_and_string_input_share_an_entry(servers: Servers) -> None:
    """input as a string and as one user message item are the same request."""
    ask(servers, "resp4: name a mountain")
    item = [{"role": "user", "content": [{"type": "input_text", "text": "resp4: name a mountain"}]}]
    assert ask(servers, item)[0] == "hit"


def test_streamed_hit_replays_events_the_sdk_parses(servers: Servers) -> None:
    """A streamed hit is the full event sequence; stream.get_final_response() works."""
    _, missed = stream(servers, "resp5: tell me about lakes")
    hit_types, hit = stream(servers, "resp5: tell me about lakes")
    assert hit.output_text == missed.output_text == "Answer to: resp5: tell me about lakes"
    assert hit.id != missed.id
    assert hit_types[:4] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
    ]
    assert hit_types[-1] == "response.completed" and "response.output_text.delta" in hit_types
    assert hit.usage is not None and hit.usage.total_tokens == missed.usage.total_tokens


def test_stored_non_streamed_answer_serves_a_stream(servers: Servers) -> None:
    """An answer stored from a non-streamed call is replayed to a streamed one."""
    before = servers.fake.calls["/v1/responses"]
    ask(servers, "resp6: describe a forest")
    _, final = stream(servers, "resp6: describe a forest")
    assert final.output_text == "Answer to: resp6: describe a forest"
    assert servers.fake.calls["/v1/responses"] - before == 1


def test_function_call_is_cached_and_replayed(servers: Servers) -> None:
    """A function-call answer is stored and replayed, streamed and not, arguments intact."""
    params: dict[str, Any] = {"tools": TOOLS, "tool_choice": "required"}
    ask(servers, "resp7: look up the weather", **params)
    outcome, hit = ask(servers, "resp7: look up the weather", **params)
    call = hit.output[0]
    assert outcome == "hit" and call.type == "function_call" and call.name == "lookup"
    assert call.arguments == '{"query": "resp7: look up the weather"}'
    _, streamed = stream(servers, "resp7: look up the weather", **params)
    assert streamed.output[0].arguments == call.arguments


def test_tools_are_part_of_the_key(servers: Servers) -> None:
    """The same input with and without tools is two entries."""
    ask(servers, "resp8: find a book")
    assert ask(servers, "resp8: find a book", tools=TOOLS)[0] == "miss"


def test_scope_parameters_split_the_cache(servers: Servers) -> None:
    """previous_response_id, text.format and reasoning are part of the key."""
    ask(servers, "resp9: a fact")
    assert ask(servers, "resp9: a fact", previous_response_id="resp_earlier")[0] == "miss"
    fmt = {"format": {"type": "json_object"}}
    assert ask(servers, "resp9: a fact", text=fmt)[0] == "miss"
    assert ask(servers, "resp9: a fact", reasoning={"effort": "high"})[0] == "miss"


def test_store_and_background_bypass(servers: Servers) -> None:
    """Requests that keep server state (store=true, background) bypass the cache."""
    ask(servers, "resp10: a poem")
    assert ask(servers, "resp10: a poem", store=True)[0] == "bypass"
    assert ask(servers, "resp10: a poem", background=True)[0] == "bypass"
    assert ask(servers, "resp10: a poem", store=False)[0] == "hit"


def test_upstream_error_is_never_cached(servers: Servers) -> None:
    """A 500 reaches the SDK as an error twice: it was not stored."""
    for _ in range(2):
        with pytest.raises(openai.InternalServerError), servers.client() as client:
            client.responses.create(model=MODEL, input="resp11: [fail:500] hello")
        servers.flush()


def test_unfinished_stream_is_not_cached(servers: Servers) -> None:
    """A stream that stops before response.completed is not stored."""
    before = servers.fake.calls["/v1/responses"]
    for _ in range(2):
        with servers.client() as client:
            events = client.responses.create(
                model=MODEL, input="resp12: [fail:truncate] hi", stream=True
            )
            types = [event.type for event in events]
        servers.flush()
        assert "response.completed" not in types
    assert servers.fake.calls["/v1/responses"] - before == 2


def test_tenants_do_not_share_entries(servers: Servers) -> None:
    """Another API key misses on what the first one stored."""
    ask(servers, "resp13: a secret", key="sk-resp-a")
    assert ask(servers, "resp13: a secret", key="sk-resp-b")[0] == "miss"
    assert ask(servers, "resp13: a secret", key="sk-resp-a")[0] == "hit"


def test_upstream_url_has_no_stray_question_mark() -> None:
    """A request without a query goes upstream without a trailing '?'; a query is kept."""
    upstream = Upstream("http://upstream.test/v1", timeout=1.0)
    assert str(upstream.url("/v1/responses", b"")) == "http://upstream.test/v1/responses"
    assert str(upstream.url("/v1/responses", b"a=1")) == "http://upstream.test/v1/responses?a=1"


def test_litellm_cache_controls_are_honoured_and_stripped(servers: Servers) -> None:
    """extra_body cache: no-cache refreshes, no-store is not stored; neither goes upstream."""
    ask(servers, "resp15: a colour")
    outcome, _ = ask(servers, "resp15: a colour", extra_body={"cache": {"no-cache": True}})
    assert outcome == "bypass" and "cache" not in servers.fake.requests[-1].body  # refreshed
    ask(servers, "resp16: a shape", extra_body={"cache": {"no-store": True}})
    assert ask(servers, "resp16: a shape")[0] == "miss"
