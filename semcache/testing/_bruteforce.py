"""An exact nearest-neighbour index: the ground truth for recall tests."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["BruteForceIndex"]

Labels = npt.NDArray[np.int64]
Matrix = npt.NDArray[np.float32]


class BruteForceIndex:
    """Exact inner-product search over every stored vector (like hnswlib's BFIndex).

    ``knn`` compares the query with all vectors, so it is exact and O(n) per
    query: use it to measure the recall of an approximate index, not to serve.
    Similarities are inner products (cosine for unit vectors): higher is closer.
    Not thread-safe.
    """

    def __init__(self, dim: int) -> None:
        if dim < 1:
            raise ValueError(f"dim must be at least 1; got {dim}")
        self._dim = dim
        self._labels = np.empty(0, np.int64)
        self._vectors = np.empty((0, dim), np.float32)

    def __len__(self) -> int:
        return len(self._labels)

    def add(self, labels: npt.ArrayLike, vectors: npt.ArrayLike) -> None:
        """Add vectors (shape ``(n, dim)``) under integer ``labels`` (shape ``(n,)``)."""
        ids = np.asarray(labels, dtype=np.int64).reshape(-1)
        rows = np.asarray(vectors, dtype=np.float32).reshape(-1, self._dim)
        if len(ids) != len(rows):
            raise ValueError(f"got {len(ids)} labels for {len(rows)} vectors; give one each")
        self._labels = np.concatenate([self._labels, ids])
        self._vectors = np.concatenate([self._vectors, rows])

    def remove(self, labels: npt.ArrayLike) -> None:
        """Forget the vectors stored under ``labels`` (unknown labels are ignored)."""
        keep = ~np.isin(self._labels, np.asarray(labels, dtype=np.int64))
        self._labels, self._vectors = self._labels[keep], self._vectors[keep]

    def knn(self, vector: npt.ArrayLike, k: int) -> tuple[Labels, Matrix]:
        """The ``k`` nearest labels and their similarities, closest first.

        ``vector`` of shape ``(dim,)`` gives 1-D results; a batch of shape
        ``(m, dim)`` gives arrays of shape ``(m, min(k, len(self)))``.
        """
        queries = np.asarray(vector, dtype=np.float32)
        batch = queries.reshape(-1, self._dim)
        sims = batch @ self._vectors.T
        k = min(k, len(self._labels))
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k else np.empty((len(batch), 0), int)
        top = np.take_along_axis(sims, part, axis=1)
        order = np.take_along_axis(part, np.argsort(-top, axis=1, kind="stable"), axis=1)
        labels, best = self._labels[order], np.take_along_axis(sims, order, axis=1)
        return (labels[0], best[0]) if queries.ndim == 1 else (labels, best)
