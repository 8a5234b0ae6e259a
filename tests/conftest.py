"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from semcache import SemanticCache
from semcache.testing import CountingEmbedder


@pytest.fixture
def embedder() -> CountingEmbedder:
    return CountingEmbedder()


@pytest.fixture
def cache(embedder: CountingEmbedder) -> Iterator[SemanticCache]:
    """An in-memory cache on the hashing embedder, threshold 0.8."""
    with SemanticCache(None, embedder=embedder, threshold=0.8) as c:
        yield c
