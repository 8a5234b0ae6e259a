"""Vector search per bucket: one (namespace, scope) pair.

Every (namespace, scope) pair has its own bucket, so the namespace and scope
filter is exact by construction: a search only ever looks at one bucket. A small
bucket is a flat matrix searched exactly by one matrix product; one that grows
past ``flat_limit`` entries is promoted to its own hnswlib graph. A graph that
shrank below half the limit goes back to flat at its next compaction.

While a copy of a bucket is rebuilt elsewhere (see _compaction.py), a Journal
records the changes made to the bucket meanwhile, to be replayed onto the copy.

hnswlib labels are the SQLite rowids of the entries, so no per-entry mapping is
kept in Python. Similarities are inner products of unit vectors: higher is closer
(hnswlib's 'ip' space reports ``1 - dot`` as the distance).

Not thread-safe on its own: the local store serializes all calls with its lock.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import hnswlib
import numpy as np
import numpy.typing as npt

__all__ = [
    "DEFAULT_EF",
    "DEFAULT_EF_CONSTRUCTION",
    "DEFAULT_FLAT_LIMIT",
    "DEFAULT_M",
    "BucketSet",
    "BuildStopped",
    "Changes",
    "FlatBucket",
    "HnswBucket",
    "HnswParams",
    "Journal",
    "bucket_id",
    "ef_for",
    "fresh_bucket",
]

DEFAULT_M = 16
DEFAULT_EF_CONSTRUCTION = 200
DEFAULT_EF = 64
DEFAULT_FLAT_LIMIT = 1024
#: Rebuild a graph once this share of its slots holds deleted entries.
COMPACT_RATIO = 0.25
#: Graphs up to this size search with ``ef`` as set; bigger ones widen it (ef_for).
EF_BASE_SIZE = 250_000
#: Graphs are built this many vectors at a time, so a build can stop in between.
BUILD_CHUNK = 10_000

Labels = npt.NDArray[np.int64]
Matrix = npt.NDArray[np.float32]
Similarities = npt.NDArray[np.float32]
#: Loads (rowids, vectors) of one bucket from the source of truth.
Loader = Callable[[str], tuple[Labels, Matrix]]
#: Asked between chunks of a build: True abandons it (BuildStopped).
StopCheck = Callable[[], bool]


class BuildStopped(Exception):
    """A graph build was abandoned because its stop check said so."""


@functools.lru_cache(maxsize=4096)
def bucket_id(namespace: str, scope: str) -> str:
    """The bucket of a (namespace, scope) pair: 16 hex digits of a keyed hash."""
    h = hashlib.blake2b(digest_size=8)
    for part in ("bucket/v1", namespace, scope):
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))  # length-prefixed: no ambiguity
        h.update(data)
    return h.hexdigest()


def ef_for(ef: int, size: int) -> int:
    """The search beam for a graph of ``size`` live entries: ``ef`` up to
    ``EF_BASE_SIZE`` entries, then growing with the square root of the size (twice
    ``ef`` at 1M). Measured with benchmarks/bench_scale.py: at 1M entries ef=64
    finds 0.935 of the true 10 nearest for unrelated queries, ef=128 finds 0.971."""
    if size <= EF_BASE_SIZE:
        return ef
    return math.ceil(ef * math.sqrt(size / EF_BASE_SIZE))


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

    def __init__(self, index: hnswlib.Index, live: int) -> None:
        self.index = index
        self.live = live
        self.changes = 0  # since the graph was last saved

    @classmethod
    def build(
        cls, params: HnswParams, labels: Labels, vectors: Matrix, stop: StopCheck | None = None
    ) -> HnswBucket:
        """A new graph holding ``vectors`` (built on all cores); raises BuildStopped
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
        for start in range(0, len(labels), BUILD_CHUNK):
            if stop is not None and stop():
                raise BuildStopped
            end = start + BUILD_CHUNK
            bucket.add(labels[start:end], vectors[start:end], threads=-1)
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
        for label in labels:
            try:
                self.index.mark_deleted(int(label))
            except RuntimeError:  # not in the graph (already gone): nothing to do
                continue
            self.live -= 1
            self.changes += 1

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


Bucket = FlatBucket | HnswBucket


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


@dataclass(frozen=True, slots=True)
class Changes:
    """Net changes to apply to a bucket: labels to add (with vectors), then to remove."""

    added: Labels
    vectors: Matrix
    removed: Labels

    def __len__(self) -> int:
        return len(self.added) + len(self.removed)

    def apply(self, bucket: Bucket) -> None:
        if len(self.added):
            bucket.add(self.added, self.vectors, threads=-1)
        bucket.remove(self.removed)


class Journal:
    """The changes made to one bucket while a copy of it is rebuilt.

    Rowids are never reused (SQLite AUTOINCREMENT), so a label once removed is
    never added again: replaying all adds, then all removals, ends in the same
    bucket as replaying them interleaved as they happened, and each side becomes
    one batch. ``cancelled`` turns true when the bucket is dropped or replaced.
    """

    def __init__(self) -> None:
        self.cancelled = False
        self._added: list[tuple[Labels, Matrix]] = []
        self._removed: list[Labels] = []
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, labels: Labels, vectors: Matrix) -> None:
        # Copies: a caller may reuse its arrays (the store passes views of them).
        self._added.append((np.array(labels, np.int64), np.array(vectors, np.float32)))
        self._size += len(labels)

    def remove(self, labels: Labels) -> None:
        self._removed.append(np.array(labels, np.int64))
        self._size += len(labels)

    def take(self) -> Changes:
        """The changes recorded so far, which the journal then forgets."""
        added, removed = self._added, self._removed
        self._added, self._removed, self._size = [], [], 0
        gone = np.concatenate([np.empty(0, np.int64), *removed])
        if not added:
            return Changes(gone[:0], np.empty((0, 0), np.float32), gone)
        labels = np.concatenate([labels for labels, _ in added])
        vectors = np.concatenate([vectors for _, vectors in added])
        keep = np.isin(labels, gone, invert=True)  # added, then removed: skip both
        return Changes(labels[keep], vectors[keep], gone)


class BucketSet:
    """All buckets of a store: adds, removals, promotion, compaction and search.

    Every path that drops or replaces a bucket goes through ``_replace``, which
    cancels the journal of a copy being rebuilt, so a stale copy is never swapped in.
    """

    def __init__(self, params: HnswParams, flat_limit: int, loader: Loader) -> None:
        self.params = params
        self.flat_limit = flat_limit
        self._load = loader
        self._buckets: dict[str, Bucket] = {}
        self._journals: dict[str, Journal] = {}

    def __iter__(self) -> Iterator[tuple[str, Bucket]]:
        return iter(list(self._buckets.items()))

    def __len__(self) -> int:
        return len(self._buckets)

    def put(self, bucket: str, value: Bucket) -> None:
        self._replace(bucket, value)

    def get(self, bucket: str) -> Bucket | None:
        return self._buckets.get(bucket)

    def drop(self, bucket: str) -> None:
        self._replace(bucket, None)

    def _replace(self, bucket: str, value: Bucket | None) -> None:
        journal = self._journals.pop(bucket, None)
        if journal is not None:
            journal.cancelled = True
        if value is None:
            self._buckets.pop(bucket, None)
        else:
            self._buckets[bucket] = value

    def add(self, bucket: str, labels: Labels, vectors: Matrix, threads: int = 1) -> None:
        """Add vectors to a bucket, promoting it to a graph when it grows big."""
        found = self._buckets.get(bucket)
        if found is None:
            found = FlatBucket(labels[:0], vectors[:0])
            self._replace(bucket, found)
        if isinstance(found, FlatBucket) and len(found) + len(labels) >= self.flat_limit:
            old_labels, old_vectors = found.items()
            graph = HnswBucket.build(
                self.params,
                np.concatenate([old_labels, labels]),
                np.concatenate([old_vectors, vectors]),
            )
            self._replace(bucket, graph)
            return
        found.add(labels, vectors, threads)
        if bucket in self._journals:
            self._journals[bucket].add(labels, vectors)

    def remove(self, bucket: str, labels: Labels) -> None:
        """Remove labels from a bucket; drops it when empty."""
        found = self._buckets.get(bucket)
        if found is None:
            return
        found.remove(labels)
        if bucket in self._journals:
            self._journals[bucket].remove(labels)
        if not len(found):
            self._replace(bucket, None)

    def rebuild(self, bucket: str) -> Bucket:
        """Rebuild a bucket from the source of truth (flat if it is small)."""
        labels, vectors = self._load(bucket)
        fresh = fresh_bucket(self.params, self.flat_limit, labels, vectors)
        self._replace(bucket, fresh if len(fresh) else None)
        return fresh

    # -- rebuilding a copy elsewhere (see _compaction.py) --------------------------

    def watch(self, bucket: str) -> tuple[Journal, Labels, Matrix]:
        """Load a bucket from the source of truth and journal its changes from now on."""
        labels, vectors = self._load(bucket)
        journal = self._journals[bucket] = Journal()
        return journal, labels, vectors

    def unwatch(self, bucket: str, journal: Journal) -> None:
        """Stop ``journal`` (if it still runs): its copy will not be swapped in."""
        if self._journals.get(bucket) is journal:
            del self._journals[bucket]
            journal.cancelled = True

    def swap(self, bucket: str, journal: Journal, fresh: Bucket) -> bool:
        """Replay the rest of ``journal`` onto ``fresh`` and put it in place of the
        bucket; False (nothing changed) if the bucket was dropped or replaced since."""
        if self._journals.get(bucket) is not journal or journal.cancelled:
            return False
        journal.take().apply(fresh)
        self._replace(bucket, fresh if len(fresh) else None)
        return True

    def search(self, bucket: str, vector: Matrix, k: int) -> tuple[Labels, Similarities]:
        found = self._buckets.get(bucket)
        if found is None:
            return np.empty(0, np.int64), np.empty(0, np.float32)
        return found.search(vector, k, ef_for(self.params.ef, len(found)))
