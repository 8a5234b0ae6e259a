"""Fixtures of the proxy tests: the fake upstream, a cache, and the proxy in-process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from proxy_helpers import ADMIN_TOKEN, MakeClient
from semcache_proxy import Settings, create_app
from starlette.testclient import TestClient

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder


@pytest.fixture
def fake() -> FakeUpstream:
    return FakeUpstream()


@pytest.fixture
def proxy_cache() -> Iterator[SemanticCache]:
    """An in-memory cache on the hashing embedder."""
    with SemanticCache(None, embedder=HashingEmbedder(), threshold=0.8) as cache:
        yield cache


@pytest.fixture
def make_client(fake: FakeUpstream, proxy_cache: SemanticCache) -> Iterator[MakeClient]:
    """Builds in-process proxies (started) over the fake upstream; settings overridable."""
    clients: list[TestClient] = []

    def make(**settings: Any) -> TestClient:
        # anonymous="share": most tests send no key and are about caching, not tenancy
        options = {
            "upstream": "http://upstream.test/v1",
            "admin_token": ADMIN_TOKEN,
            "anonymous": "share",
            **settings,
        }
        transport = httpx.ASGITransport(app=fake)
        app = create_app(Settings(**options), cache=proxy_cache, transport=transport)
        client = TestClient(app, base_url="http://proxy.test")
        clients.append(client.__enter__())
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    """The proxy with default settings (and an admin token), in-process."""
    return make_client()
