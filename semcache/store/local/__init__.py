"""The local store: entries in SQLite, vectors searched per (namespace, scope).

Parts: ``_store`` (LocalStore), ``_sqlite`` (the payload database) and ``_rows``
(its row shapes), ``_buckets`` (one vector bucket per pair) and ``_kinds`` (flat
and hnswlib buckets), ``_recovery`` (buckets caught up on open), ``_compaction``
(graphs rebuilt and saved off the store lock), ``_indexfiles`` (saved graphs),
``_lock`` (the directory's owner), ``_touches`` (buffered hits).
"""

from __future__ import annotations

from ._buckets import bucket_id, ef_for
from ._kinds import DEFAULT_EF, DEFAULT_EF_CONSTRUCTION, DEFAULT_FLAT_LIMIT, DEFAULT_M, HnswParams
from ._store import DEFAULT_SAVE_EVERY, LocalStore

__all__ = [
    "DEFAULT_EF",
    "DEFAULT_EF_CONSTRUCTION",
    "DEFAULT_FLAT_LIMIT",
    "DEFAULT_M",
    "DEFAULT_SAVE_EVERY",
    "HnswParams",
    "LocalStore",
    "bucket_id",
    "ef_for",
]
