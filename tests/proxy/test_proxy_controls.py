"""Request headers that steer the cache, and bad input: always a 4xx, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from proxy_helpers import KEY_A, MakeClient, chat, flush
from starlette.testclient import TestClient

from semcache import SemanticCache
from semcache.testing import FakeUpstream

URL = "/v1/chat/completions"


def stored(client: TestClient, body: dict[str, Any], **headers: str) -> Any:
    response = client.post(URL, json=body, headers={**KEY_A, **headers})
    flush(client)
    return response


def test_bypass_neither_reads_nor_writes(
    client: TestClient, fake: FakeUpstream, proxy_cache: SemanticCache
) -> None:
    """x-semcache-bypass: 1 goes upstream even for a cached question, and stores nothing."""
    first = stored(client, chat("Tell a fact"), **{"x-semcache-bypass": "1"})
    assert first.headers["x-semcache"] == "bypass"
    assert list(proxy_cache.entries()) == []
    stored(client, chat("Tell a fact"))
    again = stored(client, chat("Tell a fact"), **{"x-semcache-bypass": "true"})
    assert again.headers["x-semcache"] == "bypass"
    assert fake.completion_calls == 3


def test_refresh_skips_the_read_and_replaces_the_entry(
    client: TestClient, fake: FakeUpstream, proxy_cache: SemanticCache
) -> None:
    """x-semcache-refresh: 1 asks upstream again and stores the new answer in place."""
    stored(client, chat("What time zone is Paris in?"))
    fresh = stored(client, chat("What time zone is Paris in?"), **{"x-semcache-refresh": "1"})
    assert fresh.headers["x-semcache"] == "bypass"
    entries = list(proxy_cache.entries())
    assert [entry.response["id"] for entry in entries] == [fresh.json()["id"]]
    assert fake.completion_calls == 2


def test_no_store_serves_from_cache_but_never_writes(
    client: TestClient, proxy_cache: SemanticCache
) -> None:
    """Cache-Control: no-store keeps the answer out of the cache; hits are still served."""
    miss = stored(client, chat("Secret question"), **{"Cache-Control": "no-store"})
    assert miss.headers["x-semcache"] == "miss"
    assert list(proxy_cache.entries()) == []
    stored(client, chat("Public question"))
    hit = stored(client, chat("Public question"), **{"Cache-Control": "no-store"})
    assert hit.headers["x-semcache"] == "hit"


def test_no_cache_goes_upstream_and_stores(client: TestClient, fake: FakeUpstream) -> None:
    """Cache-Control: no-cache skips the cached answer (it cannot be revalidated) and stores."""
    stored(client, chat("Is it raining?"))
    response = stored(client, chat("Is it raining?"), **{"Cache-Control": "no-cache"})
    assert response.headers["x-semcache"] == "bypass"
    assert stored(client, chat("Is it raining?")).headers["x-semcache"] == "hit"
    assert fake.completion_calls == 2


def test_ttl_header_sets_the_entry_lifetime(client: TestClient, proxy_cache: SemanticCache) -> None:
    """x-semcache-ttl: SECONDS gives the stored entry that lifetime."""
    stored(client, chat("Short-lived answer"), **{"x-semcache-ttl": "60"})
    (entry,) = proxy_cache.entries()
    assert entry.expires_at is not None
    assert entry.expires_at - entry.created_at == pytest.approx(60, abs=1)


def test_threshold_header_applies_to_the_lookup(client: TestClient) -> None:
    """x-semcache-threshold raises the bar for this lookup: a near match becomes a miss."""
    stored(client, chat("what is the capital city of France"))
    near = chat("so what is the capital city of France")
    strict = stored(client, near, **{"x-semcache-threshold": "0.999"})
    assert strict.headers["x-semcache"] == "miss"


def test_namespace_header_separates_entries(client: TestClient) -> None:
    """x-semcache-namespace puts entries into a sub-namespace of the caller's."""
    stored(client, chat("Which project is this?"), **{"x-semcache-namespace": "alpha"})
    other = stored(client, chat("Which project is this?"), **{"x-semcache-namespace": "beta"})
    same = stored(client, chat("Which project is this?"), **{"x-semcache-namespace": "alpha"})
    assert (other.headers["x-semcache"], same.headers["x-semcache"]) == ("miss", "hit")


def test_max_age_refuses_older_entries(client: TestClient) -> None:
    """Cache-Control: max-age=N serves only entries at most N seconds old."""
    stored(client, chat("Old news"))
    assert (
        stored(client, chat("Old news"), **{"Cache-Control": "max-age=3600"}).headers["x-semcache"]
        == "hit"
    )


BAD_BODIES = [
    pytest.param(b"{not json", "valid JSON", id="malformed-json"),
    pytest.param(b"[1, 2]", "JSON object", id="not-an-object"),
    pytest.param(b'{"messages": [{"role": "user", "content": "hi"}]}', "model", id="no-model"),
    pytest.param(b'{"model": 5, "messages": []}', "model", id="model-not-string"),
    pytest.param(b'{"model": "m"}', "messages", id="no-messages"),
    pytest.param(b'{"model": "m", "messages": "hi"}', "messages", id="messages-not-list"),
    pytest.param(b'{"model": "m", "messages": [7]}', "messages[0]", id="message-not-object"),
    pytest.param(b"\xff\xfe", "valid JSON", id="not-utf8"),
]


@pytest.mark.parametrize(("raw", "named"), BAD_BODIES)
def test_malformed_body_is_a_400(
    client: TestClient, fake: FakeUpstream, raw: bytes, named: str
) -> None:
    """A body that cannot be read gets an OpenAI-shaped 400 naming the problem; no upstream."""
    response = client.post(URL, content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert named in error["message"]
    assert fake.completion_calls == 0


BAD_HEADERS = [
    ("x-semcache-threshold", "abc"),
    ("x-semcache-threshold", "1.5"),
    ("x-semcache-ttl", "-5"),
    ("x-semcache-ttl", "soon"),
    ("x-semcache-bypass", "maybe"),
    ("x-semcache-namespace", " "),
    ("x-semcache-unknown", "1"),
    ("Cache-Control", "max-age=soon"),
]


@pytest.mark.parametrize(("name", "value"), BAD_HEADERS)
def test_invalid_header_value_is_a_400(
    client: TestClient, fake: FakeUpstream, name: str, value: str
) -> None:
    """An unreadable x-semcache-* value gets a 400 naming the header; nothing is sent upstream."""
    response = client.post(URL, json=chat("hello"), headers={name: value})
    assert response.status_code == 400
    assert name.lower() in response.json()["error"]["message"].lower()
    assert fake.completion_calls == 0


def test_body_over_the_limit_is_a_413(make_client: MakeClient, fake: FakeUpstream) -> None:
    """A body larger than max_body_bytes gets a 413 before it is parsed."""
    client = make_client(max_body_bytes=1000)
    response = client.post(URL, json=chat("x" * 2000))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    assert "1000 bytes" in response.json()["error"]["message"]
    assert fake.completion_calls == 0


def test_chunked_body_over_the_limit_is_a_413(make_client: MakeClient) -> None:
    """The limit also holds for a body sent without Content-Length."""
    client = make_client(max_body_bytes=1000)
    chunks = iter([b'{"model": "m", "messages": [', b" " * 2000, b"]}"])
    assert client.post(URL, content=chunks).status_code == 413
