"""Clients of the drop-in adapter on a scripted upstream (httpx.MockTransport)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from openai_fake import Upstream

from semcache import SemanticCache
from semcache.adapters.openai import AsyncOpenAI, OpenAI
from semcache.testing import HashingEmbedder


@pytest.fixture
def upstream() -> Upstream:
    return Upstream()


@pytest.fixture
def cache() -> Iterator[SemanticCache]:
    with SemanticCache(None, embedder=HashingEmbedder(), threshold=0.9) as made:
        yield made


@pytest.fixture
def client(upstream: Upstream, cache: SemanticCache) -> Iterator[OpenAI]:
    http = httpx.Client(transport=httpx.MockTransport(upstream))
    made = OpenAI(cache=cache, api_key="sk-test", http_client=http, max_retries=0)
    yield made
    made.close()


@pytest.fixture
async def aclient(upstream: Upstream, cache: SemanticCache) -> AsyncIterator[AsyncOpenAI]:
    http = httpx.AsyncClient(transport=httpx.MockTransport(upstream))
    made = AsyncOpenAI(cache=cache, api_key="sk-test", http_client=http, max_retries=0)
    yield made
    await made.close()
