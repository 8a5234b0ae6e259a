"""Vector search per bucket: one (namespace, scope) pair.

Every (namespace, scope) pair has its own bucket, so the namespace and scope
filter is exact by construction: a search only ever looks at one bucket. A small
bucket is a flat matrix searched exactly by one matrix product; one that grows
past ``flat_limit`` entries is promoted to its own hnswlib graph. A graph that
shrank below half the limit goes back to flat at its next compaction.

While a copy of a bucket is rebuilt elsewhere (see _compaction.py), a Journal
records the changes made to the bucket meanwhile, to be replayed onto the copy.
While a graph is saved in the background, a HeldGraph stands in for it (hold,
release). The kinds of bucket are in _kinds.py.

Not thread-safe on its own: the local store serializes all calls with its lock.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from ._kinds import (
    Bucket,
    FlatBucket,
    HeldGraph,
    HnswBucket,
    HnswParams,
    Labels,
    Matrix,
    Similarities,
    fresh_bucket,
)

__all__ = ["EF_BASE_SIZE", "BucketSet", "Changes", "Journal", "bucket_id", "ef_for"]

#: Graphs up to this size search with ``ef`` as set; bigger ones widen it (ef_for).
EF_BASE_SIZE = 250_000

#: Loads (rowids, vectors) of one bucket from the source of truth.
Loader = Callable[[str], tuple[Labels, Matrix]]


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

    def index(self, names: list[str], labels: Labels, vectors: Matrix) -> set[str]:
        """Add inserted rows (rowids ``labels``, buckets ``names``) to their buckets;
        returns the buckets changed. Runs after every committed write."""
        threads = 1 if len(labels) < 64 else -1
        if len(set(names)) == 1:  # the usual case: one add, or a bulk load of one bucket
            self.add(names[0], labels, vectors, threads)
            return {names[0]}
        unique, inverse = np.unique(np.asarray(names), return_inverse=True)
        bounds = np.cumsum(np.bincount(inverse))[:-1]
        parts = np.split(np.argsort(inverse, kind="stable"), bounds)
        for name, part in zip(unique.tolist(), parts, strict=True):
            self.add(name, labels[part], vectors[part], threads)
        return set(unique.tolist())

    def unindex(self, gone: list[tuple[int, str]]) -> set[str]:
        """Remove deleted rows, as (rowid, bucket) pairs, from their buckets; returns
        the buckets changed. Runs after every committed write."""
        by_bucket: dict[str, list[int]] = {}
        for label, bucket in gone:
            by_bucket.setdefault(bucket, []).append(label)
        for bucket, labels in by_bucket.items():
            self.remove(bucket, np.asarray(labels, np.int64))
        return set(by_bucket)

    def rebuild(self, bucket: str) -> Bucket:
        """Rebuild a bucket from the source of truth (flat if it is small)."""
        labels, vectors = self._load(bucket)
        fresh = fresh_bucket(self.params, self.flat_limit, labels, vectors)
        self._replace(bucket, fresh if len(fresh) else None)
        return fresh

    # -- rebuilding a copy elsewhere (see _compaction.py) --------------------------

    def watch(self, bucket: str) -> Journal:
        """Journal the bucket's changes from now on."""
        journal = self._journals[bucket] = Journal()
        return journal

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

    # -- saving a graph elsewhere (see LocalStore._save_held) ---------------------

    def hold(self, bucket: str) -> HeldGraph | None:
        """Hold the bucket's graph still (None if it is not a graph) so that another
        thread can write it while this set goes on changing (see HeldGraph)."""
        found = self._buckets.get(bucket)
        if not isinstance(found, HnswBucket):
            return None
        held = self._buckets[bucket] = HeldGraph(found)  # a journal, if any, runs on
        return held

    def release(self, bucket: str, held: HeldGraph) -> bool:
        """Apply the changes made while ``held`` and put its graph back; False if the
        bucket was dropped or replaced meanwhile (the graph written is stale)."""
        if self._buckets.get(bucket) is not held:
            return False
        try:
            self._buckets[bucket] = held.release()
        except BaseException:  # the graph may lack some of them: rebuild it from SQLite
            self.rebuild(bucket)
            raise
        return True

    def search(self, bucket: str, vector: Matrix, k: int) -> tuple[Labels, Similarities]:
        found = self._buckets.get(bucket)
        if found is None:
            return np.empty(0, np.int64), np.empty(0, np.float32)
        return found.search(vector, k, ef_for(self.params.ef, len(found)))
