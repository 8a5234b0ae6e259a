"""Recovery on open: the buckets brought in line with SQLite, the source of truth.

Small buckets are read back from SQLite; a big bucket's saved graph is loaded and
caught up (rows added since the save are inserted, rows deleted since are marked
deleted), or rebuilt from SQLite when its file is missing or unusable. (After
each write, BucketSet.index and BucketSet.unindex keep the buckets in line.)
"""

from __future__ import annotations

import logging

import numpy as np

from ._buckets import BucketSet
from ._indexfiles import IndexFiles
from ._kinds import FlatBucket, HnswBucket, Labels
from ._sqlite import PayloadDB

__all__ = ["open_buckets"]

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


def _minus(labels: Labels, other: Labels) -> Labels:
    """Labels not in ``other``; both hold unique values, which makes this fast."""
    return labels[np.isin(labels, other, assume_unique=True, invert=True)]
