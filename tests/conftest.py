"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from semcache import SemanticCache
from semcache.embed.base import Vectors
from semcache.testing import HashingEmbedder


class CountingEmbedder(HashingEmbedder):
    """A HashingEmbedder that counts the texts it embeds."""

    def __init__(self, dim: int = 64) -> None:
        super().__init__(dim)
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.texts.extend(texts)
        return super().embed(texts)


@pytest.fixture
def embedder() -> CountingEmbedder:
    return CountingEmbedder()


@pytest.fixture
def cache(embedder: CountingEmbedder) -> Iterator[SemanticCache]:
    """An in-memory cache on the hashing embedder, threshold 0.8."""
    with SemanticCache(None, embedder=embedder, threshold=0.8) as c:
        yield c
