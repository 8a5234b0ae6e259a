"""When a miss's answer reaches the store: after the response (default) or before it
ends (``sync_writes``, `semcache serve --sync-writes`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from semcache_proxy import Settings, create_app
from starlette.testclient import TestClient

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

KEY = {"Authorization": "Bearer sk-sync-writes"}


class HeldCache(SemanticCache):
    """A cache whose inserts wait until ``release`` is set (or 0.3 s in ``slow`` mode)."""

    def __init__(self, *, slow: bool) -> None:
        super().__init__(None, embedder=HashingEmbedder())
        self.release = threading.Event()
        self.slow = slow

    def insert(self, *args: Any, **kwargs: Any) -> Any:
        if self.slow:
            self.release.wait(0.3)
        else:
            assert self.release.wait(30)
        return super().insert(*args, **kwargs)


def _client(cache: SemanticCache, *, sync: bool) -> TestClient:
    settings = Settings(upstream="http://upstream.test/v1", sync_writes=sync)
    transport = httpx.ASGITransport(app=FakeUpstream())
    return TestClient(create_app(settings, cache=cache, transport=transport))


def _body(text: str, *, stream: bool = False) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": text}], "stream": stream}


@pytest.fixture
def slow() -> Iterator[HeldCache]:
    cache = HeldCache(slow=True)
    with cache:
        yield cache


@pytest.mark.parametrize("stream", [False, True])
def test_sync_writes_commit_before_the_response_ends(slow: HeldCache, stream: bool) -> None:
    """With sync_writes a miss is in the store once its response (or stream) has ended."""
    with _client(slow, sync=True) as client:
        answer = client.post("/v1/chat/completions", json=_body("hi", stream=stream), headers=KEY)
        assert answer.headers["x-semcache"] == "miss"
        assert slow.stats()["entries"] == 1
        assert client.app.state.proxy.writes.pending == 0  # type: ignore[attr-defined]
        again = client.post("/v1/chat/completions", json=_body("hi", stream=stream), headers=KEY)
        assert again.headers["x-semcache"] == "hit"


def test_background_writes_may_be_pending_after_the_response() -> None:
    """By default the response does not wait: the write is pending until the store is free."""
    held = HeldCache(slow=False)
    with held, _client(held, sync=False) as client:
        answer = client.post("/v1/chat/completions", json=_body("hello"), headers=KEY)
        assert answer.status_code == 200 and held.stats()["entries"] == 0
        writes = client.app.state.proxy.writes  # type: ignore[attr-defined]
        assert writes.pending == 1
        held.release.set()
        assert writes.wait_idle(10)
        assert held.stats()["entries"] == 1
