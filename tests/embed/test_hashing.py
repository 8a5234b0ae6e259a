"""semcache.testing.HashingEmbedder: the deterministic fake embedder for tests."""

from __future__ import annotations

import numpy as np
import pytest

from semcache.embed import Embedder
from semcache.testing import HashingEmbedder


def test_is_an_embedder_named_after_its_dim() -> None:
    """It satisfies the Embedder protocol; its name carries its dim."""
    embedder = HashingEmbedder(32)
    assert isinstance(embedder, Embedder)
    assert (embedder.dim, embedder.name) == (32, "hashing-32")


def test_returns_float32_unit_rows() -> None:
    """embed gives a (n, dim) float32 array of unit rows, even for empty text."""
    vectors = HashingEmbedder().embed(["one two three", "", "!!!"])
    assert (vectors.shape, vectors.dtype) == ((3, 64), np.dtype(np.float32))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_empty_list_gives_empty_array() -> None:
    """No texts gives a (0, dim) array."""
    assert HashingEmbedder(16).embed([]).shape == (0, 16)


def test_same_text_same_vector_across_instances() -> None:
    """Vectors depend only on the text (and dim), never on the instance or call."""
    texts = ["What is the capital of France?", "hello"]
    np.testing.assert_array_equal(HashingEmbedder().embed(texts), HashingEmbedder().embed(texts))


def test_known_vector_is_stable() -> None:
    """The hashing is fixed (blake2b), so a known text maps to a known coordinate."""
    (vector,) = HashingEmbedder(8).embed(["hello"])
    assert np.count_nonzero(vector) == 1 and abs(vector.sum()) == pytest.approx(1.0)


def test_shared_words_score_higher_than_disjoint_ones() -> None:
    """Texts sharing most words are close; texts sharing none are near orthogonal."""
    a, b, c = HashingEmbedder(256).embed(
        [
            "what is the capital of france",
            "What is the capital of France?",
            "recipe pancakes flour eggs milk",
        ]
    )
    assert float(a @ b) == pytest.approx(1.0, abs=1e-6)  # case and punctuation ignored
    assert abs(float(a @ c)) < 0.3


def test_dim_below_two_is_refused() -> None:
    """A dim under 2 raises ValueError naming the value."""
    with pytest.raises(ValueError, match="dim must be at least 2; got 1"):
        HashingEmbedder(1)
