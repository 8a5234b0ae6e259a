"""The drop-in OpenAI client (sync) against a scripted upstream."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import openai
import pytest
from openai.types import Completion
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from openai_fake import Upstream

from semcache import ConfigError, InvalidRequestError, SemanticCache
from semcache.adapters.openai import CachedStream, OpenAI

MODEL = "gpt-4o-mini"
QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


def ask(client: OpenAI, messages: Any = QUESTION, **params: Any) -> Any:
    return client.chat.completions.create(model=MODEL, messages=messages, **params)


def text_of(stream: Any) -> str:
    return "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)


def test_second_identical_call_does_not_reach_upstream(client: OpenAI, upstream: Upstream) -> None:
    """The same request twice calls the upstream once and returns the same answer."""
    first = ask(client)
    second = ask(client)
    assert upstream.calls == 1
    assert second.choices[0].message.content == first.choices[0].message.content


def test_answers_are_the_sdks_own_types(client: OpenAI) -> None:
    """Misses and hits are ChatCompletion objects."""
    assert isinstance(ask(client), ChatCompletion)
    assert isinstance(ask(client), ChatCompletion)


def test_hits_are_visible_and_misses_say_stored(client: OpenAI) -> None:
    """The semcache field tells a stored miss from an exact hit."""
    miss, hit = ask(client), ask(client)
    assert miss.semcache == {"status": "miss", "stored": True}
    assert hit.semcache["status"] == "hit" and hit.semcache["kind"] == "exact"
    assert hit.semcache["similarity"] == 1.0


def test_hit_gets_a_fresh_id(client: OpenAI) -> None:
    """A replayed answer has its own id, not the stored one."""
    miss, hit = ask(client), ask(client)
    assert hit.id != miss.id and hit.id.startswith("chatcmpl-")


def test_similar_wording_hits_semantically(client: OpenAI, upstream: Upstream) -> None:
    """A rewording with the same words (hashing embedder) is a semantic hit."""
    ask(client)
    hit = ask(client, [{"role": "user", "content": "France: what is the capital of?"}])
    assert upstream.calls == 1 and hit.semcache["kind"] == "semantic"


@pytest.mark.parametrize(
    "change",
    [
        {"model": "gpt-4o"},
        {"temperature": 0.9},
        {"tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}]},
        {"messages": [{"role": "system", "content": "Answer in French."}, *QUESTION]},
        {
            "messages": [
                {"role": "user", "content": "Answer in French from now on."},
                {"role": "assistant", "content": "D'accord."},
                *QUESTION,
            ]
        },
    ],
)
def test_what_changes_the_answer_misses(
    client: OpenAI, upstream: Upstream, change: dict[str, Any]
) -> None:
    """Different model, temperature, tools, system prompt or earlier turns miss."""
    client.chat.completions.create(**{"model": MODEL, "messages": QUESTION, "temperature": 0})
    client.chat.completions.create(
        **{"model": MODEL, "messages": QUESTION, "temperature": 0, **change}
    )
    assert upstream.calls == 2


def test_ignored_parameters_still_hit(client: OpenAI, upstream: Upstream) -> None:
    """user and metadata do not split the cache."""
    ask(client, user="alice")
    ask(client, user="bob", metadata={"k": "v"})
    assert upstream.calls == 1


def test_streamed_miss_then_streamed_hit(client: OpenAI, upstream: Upstream) -> None:
    """A streamed miss is stored when complete and replays as a stream of chunks."""
    first = ask(client, stream=True)
    first_text = text_of(first)
    assert first.semcache == {"status": "miss", "stored": True}
    second = ask(client, stream=True)
    chunks = list(second)
    assert upstream.calls == 1 and second.semcache["status"] == "hit"
    assert len(chunks) >= 3 and all(isinstance(c, ChatCompletionChunk) for c in chunks)
    assert text_of(chunks) == first_text
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_streamed_miss_serves_a_non_streamed_hit(client: OpenAI, upstream: Upstream) -> None:
    """An answer stored from a stream is served to a non-streamed call."""
    streamed = text_of(ask(client, stream=True))
    hit = ask(client)
    assert upstream.calls == 1 and hit.choices[0].message.content == streamed
    assert hit.choices[0].finish_reason == "stop"


def test_non_streamed_miss_serves_a_streamed_hit(client: OpenAI, upstream: Upstream) -> None:
    """An answer stored from a plain call replays as a stream."""
    content = ask(client).choices[0].message.content
    with ask(client, stream=True) as stream:
        assert isinstance(stream, CachedStream)
        assert text_of(stream) == content
    assert upstream.calls == 1


def test_streamed_hit_sends_usage_only_when_asked(client: OpenAI) -> None:
    """stream_options.include_usage adds the usage chunk to a replay."""
    ask(client)
    plain = list(ask(client, stream=True))
    with_usage = list(ask(client, stream=True, stream_options={"include_usage": True}))
    assert all(chunk.usage is None for chunk in plain)
    assert with_usage[-1].choices == [] and with_usage[-1].usage.total_tokens == 8


def test_stream_passes_chunks_through_as_they_come(client: OpenAI, upstream: Upstream) -> None:
    """A streamed miss yields the upstream's own chunks, one by one."""
    stream = ask(client, stream=True)
    first = next(stream)
    assert isinstance(first, ChatCompletionChunk) and first.id == "up-1"
    stream.close()


def test_consumer_stopping_early_stores_nothing(client: OpenAI, upstream: Upstream) -> None:
    """A stream closed before its end is not stored."""
    with ask(client, stream=True) as stream:
        next(stream)
        next(stream)
    assert stream.semcache["stored"] is False
    ask(client)
    assert upstream.calls == 2


def test_breaking_out_of_a_stream_stores_nothing(client: OpenAI, upstream: Upstream) -> None:
    """Leaving a for loop early and dropping the stream stores nothing."""
    stream = ask(client, stream=True)
    for _ in stream:
        break
    del stream
    ask(client)
    assert upstream.calls == 2


def test_upstream_dropping_mid_stream_stores_nothing(client: OpenAI, upstream: Upstream) -> None:
    """A connection cut mid-stream raises to the caller and stores nothing."""
    upstream.drop_after = 2
    with pytest.raises(openai.APIConnectionError):
        text_of(ask(client, stream=True))
    upstream.drop_after = None
    assert ask(client).semcache["status"] == "miss"


def test_stream_without_finish_reason_stores_nothing(client: OpenAI, upstream: Upstream) -> None:
    """A stream that ends without a finish_reason is incomplete: not stored."""
    upstream.finish = None  # type: ignore[assignment]
    stream = ask(client, stream=True)
    text_of(stream)
    assert stream.semcache["stored"] is False


def test_content_filter_answers_are_not_stored(client: OpenAI, upstream: Upstream) -> None:
    """A filtered answer is passed on but never cached."""
    upstream.finish = "content_filter"
    assert ask(client).semcache == {"status": "miss", "stored": False}
    ask(client)
    assert upstream.calls == 2


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, openai.BadRequestError),
        (429, openai.RateLimitError),
        (500, openai.InternalServerError),
    ],
)
def test_upstream_errors_propagate_and_are_never_cached(
    client: OpenAI, upstream: Upstream, status: int, error: type[Exception]
) -> None:
    """An upstream error reaches the caller as the SDK's exception; nothing is stored."""
    upstream.status = status
    with pytest.raises(error):
        ask(client)
    upstream.status = None
    assert ask(client).semcache["status"] == "miss"


def test_tool_call_answers_round_trip(client: OpenAI, upstream: Upstream) -> None:
    """Tool calls survive storing and replay, streamed and not."""
    upstream.finish = "tool_calls"
    upstream.tool_call = {
        "id": "call_1",
        "type": "function",
        "function": {"name": "capital", "arguments": '{"country": "France"}'},
    }
    text_of(ask(client, stream=True))
    call = ask(client).choices[0].message.tool_calls[0]
    assert upstream.calls == 1
    assert (call.id, call.function.name) == ("call_1", "capital")
    assert call.function.arguments == '{"country": "France"}'


def test_bypass_header_neither_reads_nor_writes(client: OpenAI, upstream: Upstream) -> None:
    """x-semcache-bypass: 1 goes upstream and stores nothing."""
    ask(client)
    bypassed = ask(client, extra_headers={"x-semcache-bypass": "1"})
    assert bypassed.semcache == {"status": "bypass", "reason": "x-semcache-bypass"}
    assert upstream.calls == 2


def test_control_headers_are_not_forwarded(client: OpenAI, upstream: Upstream) -> None:
    """x-semcache-* headers are stripped; other extra headers are forwarded."""
    ask(client, extra_headers={"x-semcache-bypass": "1", "x-trace": "abc"})
    assert "x-semcache-bypass" not in upstream.headers[0]
    assert upstream.headers[0]["x-trace"] == "abc"


def test_refresh_header_replaces_the_answer(client: OpenAI, upstream: Upstream) -> None:
    """x-semcache-refresh: 1 calls upstream and stores the new answer."""
    ask(client)
    fresh = ask(client, extra_headers={"x-semcache-refresh": "1"})
    assert fresh.semcache == {"status": "miss", "stored": True, "reason": "refresh"}
    assert ask(client).choices[0].message.content == fresh.choices[0].message.content
    assert upstream.calls == 2


def test_no_store_serves_but_does_not_write(client: OpenAI, upstream: Upstream) -> None:
    """Cache-Control: no-store leaves the cache empty."""
    ask(client, extra_headers={"Cache-Control": "no-store"})
    ask(client)
    assert upstream.calls == 2


def test_namespace_header_separates_entries(client: OpenAI, upstream: Upstream) -> None:
    """An answer stored in one namespace is not served in another."""
    ask(client, extra_headers={"x-semcache-namespace": "tenant-a"})
    ask(client)
    ask(client, extra_headers={"x-semcache-namespace": "tenant-a"})
    assert upstream.calls == 2


def test_cache_namespace_option(client: OpenAI, upstream: Upstream, cache: SemanticCache) -> None:
    """Clients with different cache_namespace do not share answers."""
    ask(client)
    other = client.with_options(max_retries=0)
    assert ask(other).semcache["status"] == "hit"
    http = httpx.Client(transport=httpx.MockTransport(upstream))
    tenant = OpenAI(cache=cache, cache_namespace="b", api_key="sk-test", http_client=http)
    assert ask(tenant).semcache["status"] == "miss"


def test_controls_in_default_headers_apply_to_every_call(
    upstream: Upstream, cache: SemanticCache
) -> None:
    """x-semcache-* in the client's default_headers are controls, never sent upstream;
    a call's extra_headers override them, also in copies made by with_options."""
    http = httpx.Client(transport=httpx.MockTransport(upstream))
    tenant = OpenAI(
        cache=cache,
        api_key="sk-test",
        http_client=http,
        default_headers={"X-Semcache-Namespace": "tenant-a", "x-team": "blue"},
    )
    ask(tenant)
    assert "x-semcache-namespace" not in {name.lower() for name in upstream.headers[0]}
    assert upstream.headers[0]["x-team"] == "blue"
    assert ask(tenant.with_options(max_retries=0)).semcache["status"] == "hit"
    other_namespace = {"x-semcache-namespace": "tenant-b"}
    assert ask(tenant, extra_headers=other_namespace).semcache["status"] == "miss"
    (stored_a, stored_b) = sorted(entry.namespace for entry in cache.entries())
    assert (stored_a, stored_b) == ("tenant-a", "tenant-b")
    assert upstream.calls == 2


def test_bad_control_in_default_headers_is_refused_at_construction(cache: SemanticCache) -> None:
    """An unreadable x-semcache-* default header is a ConfigError naming it, before any call."""
    with pytest.raises(ConfigError, match="default_headers: x-semcache-ttl"):
        OpenAI(cache=cache, api_key="sk-test", default_headers={"x-semcache-ttl": "soon"})


def test_threshold_header_is_used(client: OpenAI, upstream: Upstream) -> None:
    """x-semcache-threshold: 1 turns a semantic hit into a miss."""
    ask(client)
    reworded = [{"role": "user", "content": "France: what is the capital of?"}]
    strict = ask(client, reworded, extra_headers={"x-semcache-threshold": "1"})
    assert strict.semcache["status"] == "miss"


def test_ttl_header_is_stored(client: OpenAI, cache: SemanticCache) -> None:
    """x-semcache-ttl sets the stored entry's expiry."""
    ask(client, extra_headers={"x-semcache-ttl": "60"})
    (entry,) = list(cache.entries())
    assert entry.expires_at is not None
    assert entry.expires_at - entry.created_at == pytest.approx(60.0)


def test_bad_control_value_raises_a_clear_error(client: OpenAI, upstream: Upstream) -> None:
    """An unreadable header value raises before any upstream call."""
    with pytest.raises(InvalidRequestError, match="x-semcache-threshold must be a number"):
        ask(client, extra_headers={"x-semcache-threshold": "abc"})
    assert upstream.calls == 0


def test_sampled_n_bypasses(client: OpenAI, upstream: Upstream) -> None:
    """n > 1 with temperature > 0 is never served from the cache."""
    ask(client, n=2, temperature=0.7)
    second = ask(client, n=2, temperature=0.7)
    assert upstream.calls == 2 and second.semcache["status"] == "bypass"


def test_uncacheable_body_is_forwarded_uncached(client: OpenAI, upstream: Upstream) -> None:
    """A request without a user turn goes upstream as is."""
    reply = ask(client, [{"role": "system", "content": "Say hi."}])
    assert reply.semcache["status"] == "bypass" and upstream.calls == 1


def test_generator_messages_reach_upstream(client: OpenAI, upstream: Upstream) -> None:
    """Messages given as a generator are read once, for the key and the upstream."""
    ask(client, (message for message in QUESTION))
    assert upstream.bodies[0]["messages"] == QUESTION


def test_sdk_message_objects_in_messages(client: OpenAI, upstream: Upstream) -> None:
    """A returned message object appended to the conversation keys fine."""
    first = ask(client)
    follow_up = [*QUESTION, first.choices[0].message, {"role": "user", "content": "And Spain?"}]
    ask(client, follow_up)
    ask(client, follow_up)
    assert upstream.calls == 2


def test_raw_response_calls_use_the_cache(client: OpenAI, upstream: Upstream) -> None:
    """with_raw_response is served from the cache: a raw response whose parse() is the
    SDK's type (tests/adapters/test_raw_response.py covers it over loopback)."""
    ask(client)
    raw = client.chat.completions.with_raw_response.create(model=MODEL, messages=QUESTION)
    assert raw.http_response.status_code == 200 and upstream.calls == 1
    assert raw.headers["x-semcache"] == "hit"
    assert isinstance(raw.parse(), ChatCompletion)


def test_other_resources_pass_through(client: OpenAI, upstream: Upstream) -> None:
    """Resources other than chat and completions are the SDK's own."""
    assert type(client.models).__module__.startswith("openai.")


def test_cache_failure_fails_open(
    client: OpenAI,
    upstream: Upstream,
    cache: SemanticCache,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A cache that raises is logged and the call goes upstream."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cache, "lookup", broken)
    monkeypatch.setattr(cache, "insert", broken)
    with caplog.at_level(logging.WARNING, logger="semcache"):
        reply = ask(client)
    assert reply.choices[0].message.content.startswith("Answer 1") and upstream.calls == 1
    assert "cache lookup failed" in caplog.text and "could not store" in caplog.text


def test_legacy_completions_are_cached(client: OpenAI, upstream: Upstream) -> None:
    """completions.create hits on a repeated prompt, streamed or not."""
    first = client.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hi")
    again = client.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hi")
    streamed = client.completions.create(
        model="gpt-3.5-turbo-instruct", prompt="Say hi", stream=True
    )
    text = "".join(chunk.choices[0].text for chunk in streamed)
    assert isinstance(again, Completion) and again.semcache["status"] == "hit"
    assert text == first.choices[0].text and upstream.calls == 1


def test_bad_cache_namespace_raises(cache: SemanticCache) -> None:
    """An empty cache_namespace is a configuration error naming the option."""
    with pytest.raises(ValueError, match="cache_namespace must be a string of 1 to 256"):
        OpenAI(cache=cache, cache_namespace="", api_key="sk-test")


def test_stream_helper_passes_through(client: OpenAI, upstream: Upstream) -> None:
    """The SDK's .stream() helper works on the drop-in client, uncached."""
    for _ in range(2):
        with client.chat.completions.stream(model=MODEL, messages=QUESTION) as stream:
            final = stream.get_final_completion()
        assert final.choices[0].message.content.startswith("Answer")
    assert upstream.calls == 2


def test_no_store_and_no_cache_together_bypass(client: OpenAI, upstream: Upstream) -> None:
    """Cache-Control: no-store, no-cache neither reads nor writes, and says why."""
    ask(client)
    reply = ask(client, extra_headers={"Cache-Control": "no-store, no-cache"})
    assert reply.semcache == {"status": "bypass", "reason": "Cache-Control: no-store, no-cache"}
    assert upstream.calls == 2
