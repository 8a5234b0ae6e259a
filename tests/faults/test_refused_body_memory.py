"""A refused large body is freed at once, not left for the cyclic garbage collector."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator

import httpx
import pytest
from semcache_proxy import ServerThread, Settings, create_app

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

ITEMS = 20_000  # over the 10,000-item limit: a 400 after parsing (off the event loop)


@pytest.fixture
def proxy_url() -> Iterator[str]:
    cache = SemanticCache(embedder=HashingEmbedder())
    with ServerThread(FakeUpstream()) as upstream:
        settings = Settings(upstream=upstream.url + "/v1", anonymous="share")
        with ServerThread(create_app(settings, cache=cache)) as proxy:
            yield proxy.url
    cache.close()


def _alive_lists(length: int) -> int:
    """Lists of ``length`` items the interpreter tracks: alive or awaiting collection."""
    return sum(1 for o in gc.get_objects() if type(o) is list and len(o) == length)


def test_refused_bodies_are_not_kept_until_a_full_collection(proxy_url: str) -> None:
    """Before the fix each refused 200,000-message body (~70 MB parsed) stayed in a
    reference cycle with the worker thread's error until a full collection."""
    messages = [{"role": "user", "content": f"m{i}"} for i in range(ITEMS)]
    body = json.dumps({"model": "m", "messages": messages}).encode()
    del messages
    gc.collect()
    gc.disable()
    try:
        with httpx.Client(timeout=30) as client:
            for _ in range(5):
                answer = client.post(
                    proxy_url + "/v1/chat/completions",
                    content=body,
                    headers={"content-type": "application/json", "authorization": "Bearer sk-m"},
                )
                assert answer.status_code == 400
                assert "over the limit of 10000" in answer.json()["error"]["message"]
        assert _alive_lists(ITEMS) == 0
    finally:
        gc.enable()
