"""Bringing the vector side in line with SQLite: on open, after writes, and when
saving graphs (at once, or held still while written off the store lock).

SQLite is the source of truth. After a committed write, the rows it inserted and
deleted are added to and removed from their buckets. On open, small buckets are
read back from it; a big bucket's saved graph is loaded and caught up (rows added
since the save are inserted, rows deleted since are marked deleted), or rebuilt
from SQLite when its file is missing or unusable.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable

import numpy as np

from ._buckets import BucketSet
from ._indexfiles import IndexFiles
from ._kinds import FlatBucket, HnswBucket, Labels, Matrix
from ._sqlite import PayloadDB

__all__ = [
    "bucket_reader",
    "index_rows",
    "load_bucket",
    "open_buckets",
    "save_graph",
    "save_held",
    "unindex_rows",
]

_log = logging.getLogger("semcache.store")


def open_buckets(
    db: PayloadDB, files: IndexFiles | None, buckets: BucketSet, dim: int
) -> list[str]:
    """Fill ``buckets`` from the database and the saved graphs; returns the buckets
    whose loaded graphs hold too many deleted slots, for the caller to compact (a
    big one in the background: rebuilding it here would hold up the open)."""
    counts = db.bucket_counts()
    flat = [b for b, n in counts.items() if n < buckets.flat_limit]
    for bucket, labels, vectors in db.bucket_vectors(flat, dim):
        buckets.put(bucket, FlatBucket(labels, vectors))
    big = set(counts) - set(flat)
    to_compact = []
    for bucket in big:
        loaded = None if files is None else files.load(bucket, dim)
        if loaded is None:
            buckets.rebuild(bucket)
            continue
        try:
            if _catch_up(db, buckets, bucket, *loaded, dim).needs_compaction():
                to_compact.append(bucket)
        except RuntimeError as exc:  # hnswlib refused the loaded graph
            _log.warning(
                "semcache: index of bucket %s is unusable (%s); rebuilding it", bucket, exc
            )
            buckets.rebuild(bucket)
    if files is not None:
        files.prune(keep=big)
    return to_compact


def _catch_up(
    db: PayloadDB, buckets: BucketSet, bucket: str, index: object, deleted: Labels, dim: int
) -> HnswBucket:
    graph = HnswBucket(index, live=0, deleted=deleted)
    in_graph = _minus(np.asarray(graph.index.get_ids_list(), np.int64), deleted)
    graph.live = len(in_graph)
    graph.index.set_ef(buckets.params.ef)
    live = db.bucket_labels(bucket)
    stale, missing = _minus(in_graph, live), _minus(live, in_graph)
    graph.remove(stale)
    if missing.size:
        graph.add(*db.vectors_of(missing, dim), threads=-1)
    if stale.size or missing.size:
        _log.info(
            "semcache: index of bucket %s caught up: %d added, %d removed",
            bucket,
            missing.size,
            stale.size,
        )
    buckets.put(bucket, graph)
    return graph


def index_rows(buckets: BucketSet, names: list[str], labels: Labels, vectors: Matrix) -> set[str]:
    """Add inserted rows (rowids ``labels``, buckets ``names``) to their buckets;
    returns the buckets changed."""
    threads = 1 if len(labels) < 64 else -1
    if len(set(names)) == 1:  # the usual case: one add, or a bulk load of one bucket
        buckets.add(names[0], labels, vectors, threads)
        return {names[0]}
    unique, inverse = np.unique(np.asarray(names), return_inverse=True)
    bounds = np.cumsum(np.bincount(inverse))[:-1]
    parts = np.split(np.argsort(inverse, kind="stable"), bounds)
    for name, part in zip(unique.tolist(), parts, strict=True):
        buckets.add(name, labels[part], vectors[part], threads)
    return set(unique.tolist())


def unindex_rows(buckets: BucketSet, gone: list[tuple[int, str]]) -> set[str]:
    """Remove deleted rows, as (rowid, bucket) pairs, from their buckets; returns
    the buckets changed."""
    by_bucket: dict[str, list[int]] = {}
    for label, bucket in gone:
        by_bucket.setdefault(bucket, []).append(label)
    for bucket, labels in by_bucket.items():
        buckets.remove(bucket, np.asarray(labels, np.int64))
    return set(by_bucket)


def bucket_reader(db: PayloadDB, bucket: str, dim: int) -> Callable[[], tuple[Labels, Matrix]]:
    """How to read a bucket's rowids and vectors as they are now from another
    thread, without the store lock: from a read snapshot (in memory: read now)."""
    snapshot = db.snapshot()
    if snapshot is None:
        labels, vectors = load_bucket(db, bucket, dim)
        return lambda: (labels, vectors)
    return functools.partial(snapshot.bucket, bucket, dim)


def load_bucket(db: PayloadDB, bucket: str, dim: int) -> tuple[Labels, Matrix]:
    """The rowids and vectors of one bucket."""
    for _, labels, vectors in db.bucket_vectors([bucket], dim):
        return labels, vectors
    return np.empty(0, np.int64), np.empty((0, dim), np.float32)


def save_graph(files: IndexFiles, bucket: str, graph: HnswBucket) -> None:
    """Save a graph with the labels it still holds as deleted."""
    files.save(bucket, graph.index, graph.deleted_labels())
    graph.changes = 0


def save_held(lock: threading.RLock, files: IndexFiles, buckets: BucketSet, bucket: str) -> None:
    """Save a graph without holding up its store: held still under ``lock`` (the
    store's), written off it, then put back under it with the changes made
    meanwhile. The file is moved into place only if the bucket was not dropped or
    replaced meanwhile. (hnswlib holds the GIL while it writes the graph itself,
    about 0.5 s per 500k entries; the rest lets other threads run.)"""
    with lock:
        graph = buckets.get(bucket)
        if not isinstance(graph, HnswBucket):
            return
        saved_changes = graph.changes
        held = buckets.hold(bucket)
    assert held is not None  # a graph, just checked under the lock
    written, replaced = None, None
    try:
        written = files.write(bucket, graph.index, graph.deleted_labels())
    finally:
        with lock:
            current = buckets.release(bucket, held)
            if written is not None and current:
                replaced = files.commit(written)
                graph.changes -= saved_changes
        if written is not None and not current:
            files.discard(written)
        files.clean_up(replaced)


def _minus(labels: Labels, other: Labels) -> Labels:
    """Labels not in ``other``; both hold unique values, which makes this fast."""
    return labels[np.isin(labels, other, assume_unique=True, invert=True)]
