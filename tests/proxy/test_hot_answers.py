"""A request answered lately by an exact hit, served again without a lookup: only
while its entry may be served, and never to another tenant."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from proxy_helpers import KEY_A, KEY_B, chat, flush
from semcache_proxy import Settings, create_app
from starlette.testclient import TestClient

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

BODY = json.dumps(chat("what is a hot answer")).encode()
JSON = {"content-type": "application/json"}


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[SemanticCache]:
    with SemanticCache(tmp_path / "c", embedder=HashingEmbedder()) as opened:
        yield opened


@pytest.fixture
def client(cache: SemanticCache) -> Iterator[TestClient]:
    settings = Settings(upstream="http://upstream.test/v1")
    transport = httpx.ASGITransport(app=FakeUpstream())
    with TestClient(create_app(settings, cache=cache, transport=transport)) as opened:
        yield opened


def _post(
    client: TestClient, key: dict[str, str] = KEY_A, headers: dict[str, str] | None = None
) -> httpx.Response:
    sent = {**key, **JSON, **(headers or {})}
    response = client.post("/v1/chat/completions", content=BODY, headers=sent)
    assert response.status_code == 200
    return response


def _hot_count(client: TestClient) -> int:
    return len(client.app.state.proxy.answers)  # type: ignore[attr-defined]


def _stored(client: TestClient) -> None:
    _post(client)
    flush(client)
    assert _post(client).headers["x-semcache-kind"] == "exact"  # now kept


def test_the_same_request_again_is_a_hit_counted_by_the_cache(
    client: TestClient, cache: SemanticCache
) -> None:
    """A repeated request is served from the kept answers, with a fresh identity,
    and counted as an exact hit by the cache."""
    _stored(client)
    assert _hot_count(client) == 1
    again = _post(client)
    assert again.headers["x-semcache-kind"] == "exact"
    first, second = _post(client).json(), again.json()
    assert first["id"] != second["id"]
    assert first["choices"] == second["choices"]
    assert cache.stats()["exact_hits"] == 3


def test_a_deleted_entry_is_not_served_again(client: TestClient, cache: SemanticCache) -> None:
    """After its entry is deleted, the kept request goes upstream again."""
    _stored(client)
    assert cache.delete(_post(client).headers["x-semcache-entry-id"])
    assert _post(client).headers["x-semcache"] == "miss"
    assert _hot_count(client) == 0


def test_a_cleared_cache_serves_nothing_kept(client: TestClient, cache: SemanticCache) -> None:
    """After a clear, the kept request goes upstream again."""
    _stored(client)
    cache.clear()
    assert _post(client).headers["x-semcache"] == "miss"


def test_an_expired_entry_is_not_served_again(tmp_path: Path) -> None:
    """An entry past its TTL is not served from the kept answers."""
    settings = Settings(upstream="http://upstream.test/v1")
    transport = httpx.ASGITransport(app=FakeUpstream())
    with (
        SemanticCache(tmp_path / "t", embedder=HashingEmbedder(), ttl=0.5) as cache,
        TestClient(create_app(settings, cache=cache, transport=transport)) as client,
    ):
        _stored(client)
        time.sleep(0.6)
        assert _post(client).headers["x-semcache"] == "miss"


def test_another_tenant_never_gets_a_kept_answer(client: TestClient) -> None:
    """The same body with another credential is that tenant's own miss."""
    _stored(client)
    assert _post(client, KEY_B).headers["x-semcache"] == "miss"


def test_other_controls_are_another_request(client: TestClient) -> None:
    """A control header makes the request another one: a bypass is not served."""
    _stored(client)
    assert _post(client, headers={"x-semcache-bypass": "1"}).headers["x-semcache"] == "bypass"
    assert _post(client, headers={"x-semcache-refresh": "1"}).headers["x-semcache"] == "bypass"


def test_a_max_age_is_checked_on_every_repeat(client: TestClient) -> None:
    """``Cache-Control: max-age`` is honoured for a kept answer as for a lookup."""
    _stored(client)
    assert _post(client, headers={"cache-control": "max-age=1"}).headers["x-semcache"] == "hit"
    time.sleep(1.1)
    assert _post(client, headers={"cache-control": "max-age=1"}).headers["x-semcache"] == "miss"


def test_the_kept_answers_stay_within_their_byte_budget(
    client: TestClient, cache: SemanticCache
) -> None:
    """Past the byte budget the oldest kept request goes first."""
    from semcache_proxy._hot import HotAnswers

    _stored(client)
    kept = client.app.state.proxy.answers  # type: ignore[attr-defined]
    (request, first), *_ = kept._kept.items()
    small = HotAnswers(max_bytes=2 * first.size)
    for n in range(3):
        other = (request[0], request[1], request[2], request[3] + b" " * n)
        small.keep(other, first.call, first.hit, first.served)
    assert len(small) == 1
