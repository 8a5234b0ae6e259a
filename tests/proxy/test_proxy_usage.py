"""usage is always present on hits: a stream to be stored is sent with include_usage,
and the usage chunk is kept out of the stream of a caller who did not ask for it."""

from __future__ import annotations

import json
from typing import Any

from proxy_helpers import KEY_A, chat, flush
from starlette.testclient import TestClient

from semcache.testing import FakeUpstream


def events(client: TestClient, body: dict[str, Any]) -> tuple[str, list[Any]]:
    """(x-semcache, parsed data lines) of a streamed chat request."""
    response = client.post("/v1/chat/completions", json=body, headers=KEY_A)
    data = [line[6:] for line in response.text.split("\n") if line.startswith("data: ")]
    return response.headers["x-semcache"], [json.loads(d) for d in data if d != "[DONE]"]


def test_stream_is_stored_with_usage_the_caller_did_not_see(
    client: TestClient, fake: FakeUpstream
) -> None:
    """The upstream is asked for usage; the caller gets no usage chunk; a hit has usage."""
    outcome, chunks = events(client, chat("usage: name a lake", stream=True))
    assert outcome == "miss" and all(chunk["choices"] for chunk in chunks)
    assert fake.requests[-1].body["stream_options"] == {"include_usage": True}
    flush(client)
    hit = client.post("/v1/chat/completions", json=chat("usage: name a lake"), headers=KEY_A)
    assert hit.headers["x-semcache"] == "hit"
    assert hit.json()["usage"]["total_tokens"] > 0


def test_replay_with_include_usage_ends_with_the_usage_chunk(client: TestClient) -> None:
    """An entry stored from a stream without include_usage replays its usage on request."""
    events(client, chat("usage: name a sea", stream=True))
    flush(client)
    asked = chat("usage: name a sea", stream=True, stream_options={"include_usage": True})
    outcome, chunks = events(client, asked)
    assert outcome == "hit" and chunks[-1]["choices"] == []
    assert chunks[-1]["usage"]["total_tokens"] > 0


def test_caller_who_asks_for_usage_gets_it_on_a_miss(client: TestClient) -> None:
    """A caller's own include_usage is forwarded and its usage chunk relayed."""
    asked = chat("usage: name a bay", stream=True, stream_options={"include_usage": True})
    outcome, chunks = events(client, asked)
    assert outcome == "miss" and chunks[-1]["usage"]["total_tokens"] > 0


def test_uncached_stream_is_forwarded_as_sent(client: TestClient, fake: FakeUpstream) -> None:
    """A stream that will not be stored is not given stream_options."""
    headers = {**KEY_A, "x-semcache-bypass": "1"}
    client.post("/v1/chat/completions", json=chat("usage: hi", stream=True), headers=headers)
    assert "stream_options" not in fake.requests[-1].body
