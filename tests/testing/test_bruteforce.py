"""semcache.testing.BruteForceIndex: exact nearest neighbours, the recall ground truth."""

from __future__ import annotations

import numpy as np
import pytest

from semcache.testing import BruteForceIndex


def test_knn_is_exact(rng: np.random.Generator) -> None:
    """knn returns the k largest inner products, closest first, with their values."""
    vs = rng.standard_normal((500, 8)).astype(np.float32)
    index = BruteForceIndex(8)
    index.add(np.arange(1000, 1500), vs)
    q = rng.standard_normal(8).astype(np.float32)
    labels, sims = index.knn(q, 5)
    order = np.argsort(-(vs @ q))[:5]
    assert labels.tolist() == (order + 1000).tolist()
    np.testing.assert_allclose(sims, (vs @ q)[order], rtol=1e-5)


def test_knn_batch_shape(rng: np.random.Generator) -> None:
    """A batch of queries gives one row per query, capped at the number of vectors."""
    index = BruteForceIndex(4)
    index.add([1, 2, 3], rng.standard_normal((3, 4)))
    labels, sims = index.knn(rng.standard_normal((6, 4)), 10)
    assert labels.shape == sims.shape == (6, 3)


def test_remove_forgets_vectors() -> None:
    """Removed labels are never returned again."""
    index = BruteForceIndex(2)
    index.add([1, 2], [[1.0, 0.0], [0.0, 1.0]])
    index.remove([1])
    labels, _ = index.knn([1.0, 0.0], 5)
    assert labels.tolist() == [2]
    assert len(index) == 1


def test_empty_index_returns_nothing() -> None:
    """knn on an empty index returns empty arrays."""
    labels, sims = BruteForceIndex(3).knn([1.0, 0.0, 0.0], 4)
    assert labels.size == sims.size == 0


def test_mismatched_add_is_refused() -> None:
    """add with a different number of labels and vectors raises ValueError."""
    with pytest.raises(ValueError, match="2 labels for 1 vectors"):
        BruteForceIndex(2).add([1, 2], [[1.0, 0.0]])
