"""The cached endpoints, in-process: hits, misses, streaming, what is (not) stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from proxy_helpers import KEY_A, KEY_B, MakeClient, chat, flush
from starlette.testclient import TestClient

from semcache import SemanticCache
from semcache.testing import FakeUpstream

URL = "/v1/chat/completions"


def sse_events(text: str) -> list[Any]:
    """The data payloads of an SSE body, JSON-decoded ("[DONE]" kept as is)."""
    events = []
    for block in text.split("\n\n"):
        if block.startswith("data: "):
            data = block[len("data: ") :]
            events.append(data if data == "[DONE]" else json.loads(data))
    return events


def streamed_text(events: list[Any]) -> str:
    return "".join(
        choice["delta"].get("content") or ""
        for event in events
        if isinstance(event, dict)
        for choice in event["choices"]
    )


def test_first_request_is_a_miss_answered_by_the_upstream(
    client: TestClient, fake: FakeUpstream
) -> None:
    """A new question goes upstream and comes back marked x-semcache: miss."""
    response = client.post(URL, json=chat("What is the capital of France?"), headers=KEY_A)
    assert response.status_code == 200
    assert response.headers["x-semcache"] == "miss"
    assert "x-semcache-kind" not in response.headers
    assert response.json()["choices"][0]["message"]["content"].startswith("Answer to: What")
    assert fake.completion_calls == 1


def test_repeat_is_an_exact_hit_with_a_fresh_id(client: TestClient, fake: FakeUpstream) -> None:
    """The same question again is served from the cache, with a new id and no upstream call."""
    first = client.post(URL, json=chat("What is the capital of France?"), headers=KEY_A)
    flush(client)
    again = client.post(URL, json=chat("what is the capital of  France?"), headers=KEY_A)
    assert again.headers["x-semcache"] == "hit"
    assert again.headers["x-semcache-kind"] == "exact"
    assert again.headers["x-semcache-similarity"] == "1.0000"
    assert again.json()["choices"] == first.json()["choices"]
    assert again.json()["id"] != first.json()["id"]
    assert fake.completion_calls == 1


def test_similar_question_is_a_semantic_hit(client: TestClient, fake: FakeUpstream) -> None:
    """A question sharing almost all words is a semantic hit with its similarity."""
    client.post(URL, json=chat("what is the capital city of France"), headers=KEY_A)
    flush(client)
    hit = client.post(URL, json=chat("so what is the capital city of France"), headers=KEY_A)
    assert hit.headers["x-semcache"] == "hit"
    assert hit.headers["x-semcache-kind"] == "semantic"
    assert 0.8 <= float(hit.headers["x-semcache-similarity"]) < 1.0
    assert fake.completion_calls == 1


def test_stream_hit_is_replayed_as_server_sent_events(client: TestClient) -> None:
    """A hit asked as a stream is valid SSE: chunks with one fresh id, then [DONE]."""
    first = client.post(URL, json=chat("Tell me about the moon"), headers=KEY_A)
    flush(client)
    replay = client.post(URL, json=chat("Tell me about the moon", stream=True), headers=KEY_A)
    assert replay.headers["x-semcache"] == "hit"
    assert replay.headers["content-type"].startswith("text/event-stream")
    events = sse_events(replay.text)
    assert events[-1] == "[DONE]"
    assert streamed_text(events) == first.json()["choices"][0]["message"]["content"]
    assert len({event["id"] for event in events[:-1]}) == 1
    assert all(event["object"] == "chat.completion.chunk" for event in events[:-1])
    assert not any("usage" in event for event in events[:-1])


def test_stream_hit_ends_with_usage_when_asked(client: TestClient) -> None:
    """stream_options.include_usage adds a last chunk with no choices and the usage."""
    first = client.post(URL, json=chat("Tell me about the sun"), headers=KEY_A)
    flush(client)
    body = chat("Tell me about the sun", stream=True, stream_options={"include_usage": True})
    events = sse_events(client.post(URL, json=body, headers=KEY_A).text)
    assert events[-2]["choices"] == []
    assert events[-2]["usage"] == first.json()["usage"]


def test_stream_miss_is_relayed_then_served_whole(client: TestClient, fake: FakeUpstream) -> None:
    """A streamed miss reaches the caller as the upstream sent it and is stored assembled."""
    streamed = client.post(URL, json=chat("Name three rivers", stream=True), headers=KEY_A)
    assert streamed.headers["x-semcache"] == "miss"
    events = sse_events(streamed.text)
    assert events[-1] == "[DONE]"
    assert events[0]["id"] == "chatcmpl-fake1"
    flush(client)
    whole = client.post(URL, json=chat("Name three rivers"), headers=KEY_A)
    assert whole.headers["x-semcache"] == "hit"
    assert whole.json()["choices"][0]["message"]["content"] == streamed_text(events)
    assert whole.json()["choices"][0]["finish_reason"] == "stop"
    assert fake.completion_calls == 1


def test_legacy_completions_are_cached(client: TestClient, fake: FakeUpstream) -> None:
    """/v1/completions is cached under its prompt like chat is."""
    body = {"model": "gpt-3.5-turbo-instruct", "prompt": "Say hello"}
    first = client.post("/v1/completions", json=body, headers=KEY_A)
    flush(client)
    again = client.post("/v1/completions", json=body, headers=KEY_A)
    assert (first.headers["x-semcache"], again.headers["x-semcache"]) == ("miss", "hit")
    assert again.json()["choices"][0]["text"] == first.json()["choices"][0]["text"]
    assert again.json()["object"] == "text_completion"
    assert fake.completion_calls == 1


# -- what is never stored ---------------------------------------------------------------


def ask_twice(client: TestClient, body: dict[str, Any], **headers: str) -> tuple[Any, Any]:
    first = client.post(URL, json=body, headers={**KEY_A, **headers})
    flush(client)
    return first, client.post(URL, json=body, headers=KEY_A)


def test_upstream_error_reaches_the_caller_and_is_not_cached(
    client: TestClient, fake: FakeUpstream
) -> None:
    """An upstream 500 comes back with its status and body; the next request goes upstream."""
    first, second = ask_twice(client, chat("Explain gravity"), **{"x-fake-fail": "500"})
    assert first.status_code == 500
    assert first.json()["error"]["message"] == "fake upstream failure 500"
    assert first.headers["x-semcache"] == "miss"
    assert second.headers["x-semcache"] == "miss"
    assert fake.completion_calls == 2


@pytest.mark.parametrize("mode", ["truncate", "error-event"])
def test_incomplete_stream_is_not_cached(
    client: TestClient, fake: FakeUpstream, proxy_cache: SemanticCache, mode: str
) -> None:
    """A stream ending without [DONE], or carrying an error event, is relayed but not stored."""
    body = chat(f"Describe a storm [fail:{mode}]", stream=True)
    first, _ = ask_twice(client, body)
    assert "[DONE]" not in first.text
    assert list(proxy_cache.entries()) == []
    assert fake.completion_calls == 2


def test_answer_without_finish_reason_is_not_cached(
    client: TestClient, proxy_cache: SemanticCache
) -> None:
    """A complete-looking answer whose finish_reason is missing is not stored."""
    first, second = ask_twice(client, chat("Count to three [fail:no-finish]"))
    assert first.status_code == 200
    assert second.headers["x-semcache"] == "miss"
    assert list(proxy_cache.entries()) == []


def test_length_cut_answer_is_not_cached_by_default(client: TestClient) -> None:
    """finish_reason "length" (cut by max_tokens) is not cached unless configured."""
    _, second = ask_twice(client, chat("Write a long story", max_tokens=2))
    assert second.headers["x-semcache"] == "miss"


def test_length_cut_answer_is_cached_when_configured(make_client: MakeClient) -> None:
    """With cache_length, an answer cut by max_tokens is cached (same max_tokens, same cut)."""
    client = make_client(cache_length=True)
    first, second = ask_twice(client, chat("Write a long story", max_tokens=2))
    assert first.json()["choices"][0]["finish_reason"] == "length"
    assert second.headers["x-semcache"] == "hit"


def test_sampled_n_is_bypassed(client: TestClient, fake: FakeUpstream) -> None:
    """n > 1 with temperature > 0 asks for varied answers: never served from the cache."""
    first, second = ask_twice(client, chat("Name a color", n=2, temperature=1.0))
    assert first.headers["x-semcache"] == second.headers["x-semcache"] == "bypass"
    assert len(first.json()["choices"]) == 2
    assert fake.completion_calls == 2


# -- tenants --------------------------------------------------------------------------


def test_two_api_keys_never_share_entries(client: TestClient, fake: FakeUpstream) -> None:
    """The same question under another API key is a miss."""
    client.post(URL, json=chat("What is my balance?"), headers=KEY_A)
    flush(client)
    other = client.post(URL, json=chat("What is my balance?"), headers=KEY_B)
    assert other.headers["x-semcache"] == "miss"
    assert fake.completion_calls == 2


def test_shared_namespace_is_shared_across_keys(make_client: MakeClient) -> None:
    """An operator-configured shared namespace lets different keys share answers."""
    client = make_client(shared_namespace="team")
    client.post(URL, json=chat("What is the speed of sound?"), headers=KEY_A)
    flush(client)
    other = client.post(URL, json=chat("What is the speed of sound?"), headers=KEY_B)
    assert other.headers["x-semcache"] == "hit"


def test_api_keys_are_stored_only_as_digests(
    client: TestClient, proxy_cache: SemanticCache
) -> None:
    """Entries are namespaced by a digest of the key; the key itself is nowhere in them."""
    client.post(URL, json=chat("Where is the key?"), headers=KEY_A)
    client.post(URL, json=chat("Where is the key?"))
    flush(client)
    namespaces = sorted(entry.namespace for entry in proxy_cache.entries())
    assert namespaces[0] == "anonymous"
    assert namespaces[1].startswith("k-") and len(namespaces[1]) == 34
    assert all("sk-test" not in repr(entry) for entry in proxy_cache.entries())
