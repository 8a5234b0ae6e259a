"""The fixtures of a loopback adapter test, made once: a fake upstream served on
127.0.0.1 for the module, reset before each test, an in-memory cache, and a drop-in
client pointed at it (the real openai or anthropic SDK end to end).

A test module takes them with one line, named as its tests expect::

    upstream, fake, cache, client = served_fixtures("openai")
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import pytest
from semcache_proxy import ServerThread

from semcache import SemanticCache
from semcache.adapters.anthropic import Anthropic
from semcache.adapters.openai import OpenAI
from semcache.testing import FakeAnthropic, FakeUpstream, HashingEmbedder

Dialect = Literal["openai", "anthropic"]


def served_fixtures(dialect: Dialect, *, threshold: float | None = 0.9) -> tuple[Any, ...]:
    """``(upstream, fake, cache, client)`` fixtures for one dialect.

    ``upstream`` is ``(fake, base_url)`` for the module; ``threshold=None`` keeps the
    cache's default threshold.
    """

    @pytest.fixture(scope="module")
    def upstream() -> Iterator[tuple[Any, str]]:
        made = FakeUpstream(hang_seconds=5) if dialect == "openai" else FakeAnthropic()
        with ServerThread(made) as server:
            yield made, server.url + ("/v1" if dialect == "openai" else "")

    @pytest.fixture
    def fake(upstream: tuple[Any, str]) -> Any:
        upstream[0].reset()
        return upstream[0]

    @pytest.fixture
    def cache() -> Iterator[SemanticCache]:
        options = {} if threshold is None else {"threshold": threshold}
        with SemanticCache(None, embedder=HashingEmbedder(), **options) as made:
            yield made

    @pytest.fixture
    def client(upstream: tuple[Any, str], cache: SemanticCache) -> Iterator[Any]:
        made: OpenAI | Anthropic
        if dialect == "openai":
            made = OpenAI(cache=cache, base_url=upstream[1], api_key="sk-test", max_retries=0)
        else:
            made = Anthropic(cache=cache, base_url=upstream[1], api_key="sk-ant", max_retries=0)
        with made:
            yield made

    return upstream, fake, cache, client
