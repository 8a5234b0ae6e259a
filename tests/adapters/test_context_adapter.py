"""The drop-in OpenAI client's cache_context= with the real model: conversations matched
in substance, or byte for byte."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from openai_fake import Upstream

from semcache import ConfigError, SemanticCache
from semcache.adapters.openai import OpenAI
from semcache.embed import Embedder, default_embedder

pytestmark = pytest.mark.slow

FINAL = "What is its population?"


@pytest.fixture(scope="module")
def model() -> Embedder:
    return default_embedder()


@pytest.fixture
def real_cache(model: Embedder) -> Iterator[SemanticCache]:
    with SemanticCache(None, embedder=model) as made:
        yield made


def client(upstream: Upstream, cache: SemanticCache, **options: Any) -> OpenAI:
    http = httpx.Client(transport=httpx.MockTransport(upstream))
    return OpenAI(cache=cache, api_key="sk-test", http_client=http, max_retries=0, **options)


def ask(made: OpenAI, history: list[str], final: str) -> str:
    messages: list[Any] = []
    for turn in history:
        messages += [{"role": "user", "content": turn}, {"role": "assistant", "content": "OK."}]
    messages.append({"role": "user", "content": final})
    reply = made.chat.completions.create(model="gpt-4o-mini", messages=messages)
    return str(reply.choices[0].message.content)


def test_cache_context_substance_serves_a_reworded_history(
    upstream: Upstream, real_cache: SemanticCache
) -> None:
    """One upstream call for the same follow-up after a reworded question; another
    country is another call."""
    with client(upstream, real_cache, cache_context="substance") as made:
        first = ask(made, ["What is the capital of France?"], FINAL)
        assert ask(made, ["Which city is France's capital?"], FINAL) == first
        assert upstream.calls == 1
        ask(made, ["What is the capital of Germany?"], FINAL)
        assert upstream.calls == 2


def test_the_default_follows_the_cache(upstream: Upstream, model: Embedder) -> None:
    """Without cache_context the cache's own mode (exact here) decides: a reworded
    history is another upstream call."""
    with (
        SemanticCache(None, embedder=model, context="exact") as cache,
        client(upstream, cache) as made,
    ):
        ask(made, ["What is the capital of France?"], FINAL)
        ask(made, ["Which city is France's capital?"], FINAL)
    assert upstream.calls == 2


def test_cache_context_exact_keeps_byte_for_byte_matching(
    upstream: Upstream, real_cache: SemanticCache
) -> None:
    """cache_context="exact" over a substance cache: a reworded history is another call."""
    with client(upstream, real_cache, cache_context="exact") as made:
        ask(made, ["What is the capital of France?"], FINAL)
        ask(made, ["Which city is France's capital?"], FINAL)
    assert upstream.calls == 2


def test_copies_keep_the_context(upstream: Upstream, real_cache: SemanticCache) -> None:
    """with_options() keeps cache_context."""
    with client(upstream, real_cache, cache_context="substance") as made:
        ask(made, ["What is the capital of France?"], FINAL)
        ask(made.with_options(timeout=5), ["Which city is France's capital?"], FINAL)
    assert upstream.calls == 1


def test_an_unknown_cache_context_raises(upstream: Upstream, real_cache: SemanticCache) -> None:
    """cache_context= names its choices."""
    with pytest.raises(ConfigError, match=r"cache_context must be one of exact, substance"):
        client(upstream, real_cache, cache_context="fuzzy")
