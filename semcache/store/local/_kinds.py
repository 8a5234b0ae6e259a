"""The kinds of bucket a store searches: exact (flat), a graph, and a graph held
still while it is saved.

A small bucket is a flat matrix searched exactly by one matrix product; a big one
is an hnswlib graph whose labels are the SQLite rowids of the entries, so no
per-entry mapping is kept in Python. Similarities are inner products of unit
vectors: higher is closer (hnswlib's 'ip' space reports ``1 - dot`` as the distance).

hnswlib writes a graph to disk without holding the GIL, and searches may run
meanwhile, but nothing may change it: while it is saved in the background, a
HeldGraph stands in for it and keeps the changes made meanwhile beside it.

Not thread-safe on their own: the local store serializes all calls with its lock
(a held graph's hnswlib index is only read while the lock is not held).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import hnswlib
import numpy as np
import numpy.typing as npt

__all__ = [
    "BUILD_CHUNK",
    "COMPACT_RATIO",
    "DEFAULT_EF",
    "DEFAULT_EF_CONSTRUCTION",
    "DEFAULT_FLAT_LIMIT",
    "DEFAULT_M",
    "Bucket",
    "BuildStopped",
    "FlatBucket",
    "HeldGraph",
    "HnswBucket",
    "HnswParams",
    "Labels",
    "Matrix",
    "Similarities",
    "StopCheck",
    "fresh_bucket",
]

DEFAULT_M = 16
DEFAULT_EF_CONSTRUCTION = 200
DEFAULT_EF = 64
DEFAULT_FLAT_LIMIT = 1024
#: Rebuild a graph once this share of its slots holds deleted entries.
COMPACT_RATIO = 0.25
#: Graphs are built this many vectors at a time, so a build can stop in between.
BUILD_CHUNK = 10_000
#: Graphs of at most this many vectors are built on one thread: it costs little, and the
#: graph (so each search's result) is then the same on every run, however loaded the machine.
SERIAL_BUILD_MAX = 2_048
#: A held graph is asked for at most this many extra results to make up for
#: entries removed from it while it is held.
_EXTRA_FOR_REMOVED = 64

Labels = npt.NDArray[np.int64]
Matrix = npt.NDArray[np.float32]
Similarities = npt.NDArray[np.float32]
#: Asked between chunks of a build: True abandons it (BuildStopped).
StopCheck = Callable[[], bool]


class BuildStopped(Exception):
    """A graph build was abandoned because its stop check said so."""


@dataclass(frozen=True, slots=True)
class HnswParams:
    """hnswlib settings: graph degree, build-time and search-time beam widths."""

    M: int = DEFAULT_M
    ef_construction: int = DEFAULT_EF_CONSTRUCTION
    ef: int = DEFAULT_EF


def _top_k(sims: Similarities, k: int) -> npt.NDArray[np.intp]:
    if k >= len(sims):
        return np.argsort(-sims, kind="stable")
    part = np.argpartition(-sims, k - 1)[:k]
    return part[np.argsort(-sims[part], kind="stable")]


class FlatBucket:
    """Exact search over a matrix of vectors, for small buckets."""

    kind = "flat"

    def __init__(self, labels: Labels, vectors: Matrix) -> None:
        self._labels = np.array(labels, dtype=np.int64)
        self._vectors = np.array(vectors, dtype=np.float32)
        self._n = len(self._labels)

    def __len__(self) -> int:
        return self._n

    def items(self) -> tuple[Labels, Matrix]:
        return self._labels[: self._n], self._vectors[: self._n]

    def add(self, labels: Labels, vectors: Matrix, threads: int = 1) -> None:
        need = self._n + len(labels)
        if need > len(self._labels):
            capacity = max(need, 2 * len(self._labels))
            labels_grown = np.empty(capacity, np.int64)
            vectors_grown = np.empty((capacity, self._vectors.shape[1]), np.float32)
            labels_grown[: self._n] = self._labels[: self._n]
            vectors_grown[: self._n] = self._vectors[: self._n]
            self._labels, self._vectors = labels_grown, vectors_grown
        self._labels[self._n : need] = labels
        self._vectors[self._n : need] = vectors
        self._n = need

    def remove(self, labels: Labels) -> None:
        for label in labels:
            (where,) = np.nonzero(self._labels[: self._n] == label)
            if where.size:
                last = self._n - 1  # swap with the last row: O(1) and no hole
                self._labels[where[0]] = self._labels[last]
                self._vectors[where[0]] = self._vectors[last]
                self._n = last

    def search(self, vector: Matrix, k: int, ef: int) -> tuple[Labels, Similarities]:
        sims = self._vectors[: self._n] @ vector
        order = _top_k(sims, k)
        return self._labels[order], sims[order]


class HnswBucket:
    """An hnswlib graph whose labels are rowids; deleted slots are reused."""

    kind = "hnsw"

    def __init__(self, index: hnswlib.Index, live: int, deleted: Labels | None = None) -> None:
        self.index = index
        self.live = live
        self.changes = 0  # since the graph was last saved
        # Every label marked deleted is in here (``deleted``: those of a loaded
        # graph); a label whose slot was reused since may be too, until the next
        # ``deleted_labels``. Rowids are never reused, so a label once removed is
        # never live again.
        self._removed: list[Labels] = [] if deleted is None else [deleted]
        self._n_removed = 0 if deleted is None else len(deleted)

    @classmethod
    def build(
        cls, params: HnswParams, labels: Labels, vectors: Matrix, stop: StopCheck | None = None
    ) -> HnswBucket:
        """A new graph holding ``vectors`` (on all cores past SERIAL_BUILD_MAX); raises BuildStopped
        when ``stop()`` turns true between two chunks of BUILD_CHUNK vectors."""
        index = hnswlib.Index(space="ip", dim=vectors.shape[1])
        index.init_index(
            max_elements=max(2 * len(labels), 16),
            M=params.M,
            ef_construction=params.ef_construction,
            allow_replace_deleted=True,
        )
        index.set_ef(params.ef)
        bucket = cls(index, 0)
        threads = 1 if len(labels) <= SERIAL_BUILD_MAX else -1
        for start in range(0, len(labels), BUILD_CHUNK):
            if stop is not None and stop():
                raise BuildStopped
            end = start + BUILD_CHUNK
            bucket.add(labels[start:end], vectors[start:end], threads=threads)
        return bucket

    def __len__(self) -> int:
        return self.live

    @property
    def deleted(self) -> int:
        return int(self.index.element_count) - self.live

    def add(self, labels: Labels, vectors: Matrix, threads: int = 1) -> None:
        if not len(labels):
            return
        needed = self.index.element_count + max(0, len(labels) - self.deleted)
        if needed > self.index.get_max_elements():
            self.index.resize_index(max(needed, 2 * self.index.get_max_elements()))
        self.index.add_items(vectors, labels, num_threads=threads, replace_deleted=True)
        self.live += len(labels)
        self.changes += len(labels)

    def remove(self, labels: Labels) -> None:
        self._removed.append(np.array(labels, np.int64))
        self._n_removed += len(labels)
        if self._n_removed > max(1024, int(self.index.element_count) // 4):
            self.deleted_labels()  # trims the list: an unsaved graph keeps it bounded
        for label in labels:
            try:
                self.index.mark_deleted(int(label))
            except RuntimeError:  # not in the graph (already gone): nothing to do
                continue
            self.live -= 1
            self.changes += 1

    def deleted_labels(self) -> Labels:
        """The labels the graph still holds, marked deleted (a saved graph's file
        records them: hnswlib keeps their slots). Reads only the graph."""
        present = np.asarray(self.index.get_ids_list(), np.int64)
        removed = np.concatenate([np.empty(0, np.int64), *self._removed])
        deleted = present[np.isin(present, removed)]
        self._removed = [deleted]  # forget the labels whose slots were reused
        self._n_removed = len(deleted)
        return deleted

    def search(self, vector: Matrix, k: int, ef: int) -> tuple[Labels, Similarities]:
        k = min(k, self.live)
        if k == 0:
            return np.empty(0, np.int64), np.empty(0, np.float32)
        self.index.set_ef(max(ef, k))
        while True:
            try:
                labels, distances = self.index.knn_query(vector, k=k, num_threads=1)
                return labels[0].astype(np.int64), 1.0 - distances[0]
            except RuntimeError:
                # Too few reachable live nodes (many deletions): ask for fewer.
                if k == 1:
                    return np.empty(0, np.int64), np.empty(0, np.float32)
                k //= 2

    def needs_compaction(self) -> bool:
        return self.deleted > COMPACT_RATIO * int(self.index.element_count)


class HeldGraph:
    """A graph held still while it is written to disk off the store lock.

    Entries added meanwhile wait in a flat bucket beside it and are searched
    exactly; entries removed from the graph meanwhile are left out of its results.
    ``release`` applies both to the graph and returns it.
    """

    kind = "held"

    def __init__(self, graph: HnswBucket) -> None:
        self.graph = graph
        dim = int(graph.index.dim)
        self._added = FlatBucket(np.empty(0, np.int64), np.empty((0, dim), np.float32))
        self._removed: list[Labels] = []
        self._n_removed = 0

    def __len__(self) -> int:
        return self.graph.live + len(self._added) - self._n_removed

    def add(self, labels: Labels, vectors: Matrix, threads: int = 1) -> None:
        self._added.add(labels, vectors)

    def remove(self, labels: Labels) -> None:
        labels = np.asarray(labels, np.int64)
        waiting = np.isin(labels, self._added.items()[0])
        self._added.remove(labels[waiting])
        # Rowids are never reused: what is not waiting was in the graph.
        self._removed.append(labels[~waiting])
        self._n_removed += int((~waiting).sum())

    def search(self, vector: Matrix, k: int, ef: int) -> tuple[Labels, Similarities]:
        extra = min(self._n_removed, _EXTRA_FOR_REMOVED)
        labels, sims = self.graph.search(vector, k + extra, ef)
        if self._n_removed:
            keep = np.isin(labels, np.concatenate(self._removed), invert=True)
            labels, sims = labels[keep], sims[keep]
        if len(self._added):
            more_labels, more_sims = self._added.search(vector, k, ef)
            labels = np.concatenate([labels, more_labels])
            sims = np.concatenate([sims, more_sims])
        order = _top_k(sims, k)
        return labels[order], sims[order]

    def release(self) -> HnswBucket:
        """The graph, with the changes made while it was held applied."""
        labels, vectors = self._added.items()
        self.graph.add(labels, vectors, threads=1 if len(labels) < 64 else -1)
        if self._removed:
            self.graph.remove(np.concatenate(self._removed))
        return self.graph


Bucket = FlatBucket | HnswBucket | HeldGraph


def fresh_bucket(
    params: HnswParams,
    flat_limit: int,
    labels: Labels,
    vectors: Matrix,
    stop: StopCheck | None = None,
) -> Bucket:
    """A new bucket holding exactly ``vectors``: flat below half of ``flat_limit``,
    else a graph (see HnswBucket.build for ``stop``)."""
    if len(labels) < flat_limit // 2:
        return FlatBucket(labels, vectors)
    return HnswBucket.build(params, labels, vectors, stop)
