"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pytest

from semcache import SemanticCache
from semcache._conversation import ContextCheck
from semcache.embed import Embedder, default_embedder
from semcache.testing import CountingEmbedder
from semcache.verify import default_verifier


@pytest.fixture
def embedder() -> CountingEmbedder:
    return CountingEmbedder()


@pytest.fixture
def cache(embedder: CountingEmbedder) -> Iterator[SemanticCache]:
    """An in-memory cache on the hashing embedder, threshold 0.8."""
    with SemanticCache(None, embedder=embedder, threshold=0.8) as c:
        yield c


@pytest.fixture(scope="session")
def context_check() -> ContextCheck:
    """The conversation check on the real model and the default verifier (loaded once)."""
    model: Embedder = default_embedder()

    def embed(texts: Sequence[str]) -> np.ndarray:
        return model.embed(list(texts))

    return ContextCheck(embed, default_verifier(model).choose)
