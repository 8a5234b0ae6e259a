"""The local store: entries in SQLite, vectors searched per (namespace, scope).

Layout of a data directory::

    LOCK                 flock'ed by the owning process, holds its pid
    entries.sqlite3      the payload store and source of truth (see _sqlite.py)
    index/<bucket>.hnsw  hnswlib graph of one big bucket, with a .json sidecar

Small buckets are searched exactly (flat matrices rebuilt from SQLite on open);
big ones use hnswlib, saved on close and every so often, and caught up or rebuilt
from SQLite when the files are stale, missing or damaged (see _buckets.py and
_indexfiles.py).
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import numpy as np

from ..._config import check_minimums
from ..._errors import InvalidRequestError, StoreError
from ..._records import Entry
from ...embed.base import Vectors
from .._batch import checked_batch, encoded_responses, last_of_each
from ..base import Candidate
from ._buckets import BucketSet, bucket_id
from ._compaction import Compactor, Reader
from ._indexfiles import IndexFiles
from ._kinds import (
    DEFAULT_EF,
    DEFAULT_EF_CONSTRUCTION,
    DEFAULT_FLAT_LIMIT,
    DEFAULT_M,
    HnswBucket,
    HnswParams,
    Labels,
    Matrix,
)
from ._lock import DirectoryLock
from ._recovery import open_buckets
from ._rows import NewRow
from ._sqlite import PayloadDB
from ._touches import TouchBuffer
from ._verdicts import delete_aliases, read_verdicts, record_verdict

__all__ = ["DEFAULT_SAVE_EVERY", "LocalStore"]

#: A graph is saved once this many changes (or a quarter of its size) are unsaved.
DEFAULT_SAVE_EVERY = 10_000
_PAGE = 1000
#: The write-ahead log's share of a byte limit (see limit_log), and its bounds.
_LOG_SHARE = 8
_LOG_MIN, _LOG_MAX = 64 * 1024, 4 * 1024 * 1024
#: Seconds the size of the index files is remembered (a directory scan per put is waste).
_INDEX_SIZE_TTL = 1.0


@contextmanager
def _translated(action: str) -> Iterator[None]:
    try:
        yield
    except (sqlite3.Error, RuntimeError, OSError) as exc:  # hnswlib raises RuntimeError
        raise StoreError(f"local store: {action} failed: {exc}") from exc


class LocalStore:
    """The embedded store: SQLite payload + exact or hnswlib search per bucket.

    ``path`` is the data directory (created if needed); ``None`` keeps everything
    in memory for the life of the object. ``dim`` and ``model`` name the vectors:
    a directory written with another embedder raises SchemaMismatchError. One
    process owns a directory (StoreLockedError for a second opener).
    ``M``, ``ef_construction`` and ``ef`` tune hnswlib; buckets below
    ``flat_limit`` entries are searched exactly. Thread-safe; similarities are
    inner products of unit vectors, higher is closer.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None,
        *,
        dim: int,
        model: str,
        M: int = DEFAULT_M,
        ef_construction: int = DEFAULT_EF_CONSTRUCTION,
        ef: int = DEFAULT_EF,
        flat_limit: int = DEFAULT_FLAT_LIMIT,
        save_every: int = DEFAULT_SAVE_EVERY,
    ) -> None:
        check_minimums(dim=(dim, 1), M=(M, 2), ef_construction=(ef_construction, 1), ef=(ef, 1))
        check_minimums(flat_limit=(flat_limit, 2), save_every=(save_every, 1))
        self._dim, self._save_every = dim, save_every
        self._lock = threading.RLock()
        self._touches = TouchBuffer()
        self._closed = False
        directory = None if path is None else Path(path)
        self._owner = None if directory is None else DirectoryLock.acquire(directory)
        self._files: IndexFiles | None = None
        self._db: PayloadDB | None = None
        self._index_size, self._index_sized_at = 0, -math.inf
        try:
            hnsw = {"M": str(M), "ef_construction": str(ef_construction)}
            where = None if directory is None else directory / "entries.sqlite3"
            self._db = PayloadDB(where, model=model, dim=dim, extra=hnsw)
            self._buckets = BucketSet(HnswParams(M, ef_construction, ef), flat_limit, self._load)
            self._compactor = Compactor(_Site(self))
            if directory is not None:
                self._files = IndexFiles(directory / "index")
            with _translated("opening the store"):
                to_compact = open_buckets(self._db, self._files, self._buckets, dim)
            with self._lock:
                for bucket in to_compact:
                    self._compactor.settle(bucket)
        except BaseException:
            self._release()
            raise

    def _load(self, bucket: str) -> tuple[Labels, Matrix]:
        return self._check_open().load_bucket(bucket, self._dim)

    def _reader(self, bucket: str) -> Reader:
        return self._check_open().bucket_reader(bucket, self._dim)

    def _check_open(self) -> PayloadDB:
        if self._closed or self._db is None:
            raise StoreError("store is closed; open a new LocalStore to use it again")
        return self._db

    def __repr__(self) -> str:
        where = self._owner.directory if self._owner is not None else "memory"
        state = "closed" if self._closed else "open"
        return f"<LocalStore {where} dim={self._dim} {state}>"

    # -- writes ---------------------------------------------------------------

    def add(
        self, entry: Entry, vector: Vectors, *, exact_key: str, priority: float, payload: str
    ) -> None:
        """Store ``entry``, its response as ``payload`` (its JSON, stored as is); an
        entry with the same ``exact_key`` (or id) is replaced."""
        query = self._vector(vector)
        row = NewRow.of(entry, query, exact_key=exact_key, priority=priority, payload=payload)
        self._write([row], query[None, :])

    def add_many(
        self,
        entries: Sequence[Entry],
        vectors: Vectors,
        exact_keys: Sequence[str],
        priorities: Sequence[float],
    ) -> None:
        """Bulk ``add`` in one transaction (later duplicates of a key or id win);
        each response is encoded here, once (there is no caller's ``payload``)."""
        matrix = checked_batch(entries, vectors, exact_keys, priorities, self._dim)
        keep = last_of_each(entries, exact_keys)
        kept = [entries[i] for i in keep]
        rows = [
            NewRow.of(entry, matrix[i], exact_key=exact_keys[i], priority=priorities[i], payload=p)
            for i, entry, p in zip(keep, kept, encoded_responses(kept, allow_nan=True), strict=True)
        ]
        self._write(rows, matrix[keep])

    def _write(self, rows: list[NewRow], vectors: Matrix) -> None:
        with self._lock, _translated("add"):
            db = self._check_open()
            self._touches.flush(self._check_open)
            with db.transaction():
                keys, ids = [row.exact_key for row in rows], [row.id for row in rows]
                gone, replaced = db.delete_replaced(keys, ids)
                # An alias never outlives its entry (delete takes both), so only the
                # rows replaced here can have aliases: a new id has none.
                gone += delete_aliases(db.conn, replaced)
                labels = db.insert(rows)
            touched = self._buckets.unindex(gone)
            buckets = [row.bucket for row in rows]
            try:
                touched |= self._buckets.index(buckets, labels, vectors)
            except BaseException:
                with db.transaction():  # all or nothing: undo the whole batch
                    db.delete_rowids(labels)
                added = [(int(label), b) for label, b in zip(labels, buckets, strict=True)]
                self._buckets.unindex(added)
                raise
            self._settle(touched)

    def _settle(self, buckets: set[str]) -> None:
        """Compact and save the graphs a committed write changed, as they need it
        (big graphs are compacted in the background: see _compaction.py)."""
        for bucket in buckets:
            self._compactor.settle(bucket)
            self._save_if_due(bucket)

    def _save_if_due(self, bucket: str) -> None:
        """Save a graph with enough unsaved changes: a big one in the background."""
        found = self._buckets.get(bucket)
        if self._files is None or not isinstance(found, HnswBucket):
            return
        if found.changes >= max(self._save_every, found.live // 4):
            if self._compactor.in_background(found.live):
                self._compactor.save_soon(bucket)
            else:
                self._save(bucket, found)

    def delete(self, entry_ids: Iterable[str]) -> int:
        """Remove entries, and their aliases (ids under ``"<id>."``), from payload and
        index; returns how many existed."""
        ids = list(dict.fromkeys(entry_ids))
        with self._lock, _translated("delete"):
            db = self._check_open()
            if not ids:
                return 0
            self._touches.flush(self._check_open)
            with db.transaction():
                gone = db.delete_where("id", ids)
                gone += delete_aliases(db.conn, ids)  # an alias never outlives its entry
            self._settle(self._buckets.unindex(gone))
        return len(gone)

    def clear(self, namespace: str | None = None) -> int:
        """Remove every entry (of one namespace if given); returns how many."""
        with self._lock, _translated("clear"):
            db = self._check_open()
            self._touches.flush(self._check_open)
            with db.transaction():
                count, buckets = db.delete_namespace(namespace)
            for bucket in buckets:
                self._buckets.drop(bucket)
                if self._files is not None:
                    self._files.remove(bucket)
        return count

    def raise_floor(self, entry_id: str, floor: float) -> bool:
        """Raise the entry's own threshold to ``floor`` if higher; returns whether
        the entry exists. Written at once (not buffered like touches)."""
        value = float(floor)
        if not math.isfinite(value):
            raise InvalidRequestError(f"floor must be a finite number; got {floor!r}")
        with self._lock, _translated("raise_floor"):
            return self._check_open().raise_floor(entry_id, value)

    def verdicts(self, entry_id: str) -> dict[str, tuple[float, float]]:
        """The judge's verdicts on the entry: text digest -> (probability, similarity)."""
        with self._lock, _translated("reading verdicts"):
            return read_verdicts(self._check_open().conn, entry_id)

    def record_verdict(
        self, entry_id: str, text: str, probability: float, similarity: float
    ) -> bool:
        """Keep a judge's verdict on the entry for a text digest (and the two texts'
        similarity); returns whether the entry exists. Written at once; deleted
        with the entry."""
        value, close = float(probability), float(similarity)
        if not 0.0 <= value <= 1.0 or not math.isfinite(close):
            raise InvalidRequestError(
                f"probability must be between 0 and 1 and similarity finite; "
                f"got {probability!r}, {similarity!r}"
            )
        with self._lock, _translated("recording a verdict"):
            db = self._check_open()
            with db.transaction():
                return record_verdict(db.conn, entry_id, text, value, close)

    def touch(self, entry_id: str, *, accessed_at: float, priority: float) -> None:
        """Record a hit; buffered, written with the next write, within ~1 s or on close."""
        with self._lock:
            self._check_open()
            if self._touches.add(entry_id, accessed_at, priority):
                with _translated("recording hits"):
                    self._touches.flush(self._check_open)

    # -- reads ----------------------------------------------------------------

    def search(
        self,
        vector: Vectors,
        *,
        namespace: str,
        scope: str,
        k: int,
        min_similarity: float | None = None,
    ) -> list[Candidate]:
        """The up to ``k`` nearest entries of (namespace, scope), closest first;
        none less similar than ``min_similarity`` (those rows are not read)."""
        query = self._vector(vector)
        if k < 1:
            raise InvalidRequestError(f"k must be at least 1; got {k}")
        bucket = bucket_id(namespace, scope)
        with self._lock, _translated("search"):
            db = self._check_open()
            labels, sims = self._buckets.search(bucket, query, k)
            if min_similarity is not None:
                keep = sims >= min_similarity
                labels, sims = labels[keep], sims[keep]
            if not len(labels):
                return []
            rows = db.fetch(labels.tolist())
            pending = self._touches.pending_for(rows.values())
        found = []
        for label, sim in zip(labels.tolist(), sims.tolist(), strict=True):
            row = rows.get(label)
            # The bucket already filters; checking the pair again costs nothing.
            if row is not None and row.namespace == namespace and row.scope == scope:
                found.append((row.entry(pending), sim))
        return found

    def search_nowait(
        self,
        vector: Vectors,
        *,
        namespace: str,
        scope: str,
        k: int,
        min_similarity: float | None = None,
    ) -> tuple[bool, list[Candidate]]:
        """``(True, search(...))`` if no other thread holds the store, else
        ``(False, [])``: for callers on an event loop, as :meth:`find_exact_nowait`."""
        if not self._lock.acquire(blocking=False):
            return False, []
        try:
            found = self.search(
                vector, namespace=namespace, scope=scope, k=k, min_similarity=min_similarity
            )
            return True, found
        finally:
            self._lock.release()

    def find_exact(self, exact_key: str) -> Entry | None:
        """The entry stored under ``exact_key``, if any."""
        return self._one("exact_key", exact_key)

    def find_exact_nowait(self, exact_key: str) -> tuple[bool, Entry | None]:
        """``(True, find_exact(exact_key))`` if the store can answer at once, else
        ``(False, None)``: another thread holds the store (a write, a save), or
        buffered touches are due to be written. For callers on an event loop, which
        then ask :meth:`find_exact` on a worker thread; SQLite reads themselves do
        not wait in WAL mode."""
        if not self._lock.acquire(blocking=False):
            return False, None
        try:
            if self._touches.due():
                return False, None
            return True, self._one("exact_key", exact_key)
        finally:
            self._lock.release()

    def touch_nowait(self, entry_id: str, *, accessed_at: float, priority: float) -> bool:
        """Buffer a hit as :meth:`touch` does if that needs no wait and no write;
        False (nothing recorded) if it would."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            if self._closed or self._touches.due():
                return False
            self._touches.add(entry_id, accessed_at, priority)  # if due now: the next touch()
            return True
        finally:
            self._lock.release()

    def get(self, entry_id: str) -> Entry | None:
        """The entry with id ``entry_id``, if any."""
        return self._one("id", entry_id)

    def _one(self, column: str, value: str) -> Entry | None:
        with self._lock, _translated("lookup"):
            row = self._check_open().fetch_one(column, value)
            pending = self._touches.pending_for([row] if row else [])
        return None if row is None else row.entry(pending)

    def iterate(self, namespace: str | None = None) -> Iterator[Entry]:
        """All entries (of one namespace if given), read in pages of 1,000 rows."""
        self._check_open()  # now, not at the first next()
        return self._pages(namespace)

    def _pages(self, namespace: str | None) -> Iterator[Entry]:
        after = 0
        while True:
            with self._lock, _translated("iterate"):
                rows = self._check_open().page(after, namespace, _PAGE)
                pending = self._touches.pending_for(rows)
            yield from (row.entry(pending) for row in rows)
            if len(rows) < _PAGE:
                return
            after = rows[-1].rowid

    def lowest_priority(self, n: int) -> list[tuple[str, int, float]]:
        """Up to ``n`` (entry id, size, priority) triples, lowest priority first."""
        with self._lock, _translated("lowest_priority"):
            db = self._check_open()
            self._touches.flush(self._check_open)  # priorities changed by hits must count
            return db.lowest_priority(n) if n > 0 else []

    def expired(self, now: float, limit: int) -> list[str]:
        """Ids of up to ``limit`` entries whose ``expires_at`` is at or before ``now``."""
        with self._lock, _translated("expired"):
            return self._check_open().expired(now, limit) if limit > 0 else []

    def usage(self) -> tuple[int, int]:
        """(number of entries, total bytes), from totals kept up to date by SQLite."""
        with self._lock, _translated("usage"):
            return self._check_open().usage()

    def footprint(self) -> int | None:
        """Bytes the store takes on disk (None in memory): the SQLite pages in use
        (free pages are reused by later writes), the write-ahead log and its index,
        and the graph files. What a byte limit bounds (see the Evictor)."""
        with self._lock, _translated("footprint"):
            db = self._check_open()
            if self._files is None:
                return None
            return db.page_bytes() + db.log_bytes() + self._index_bytes(self._files)

    def _index_bytes(self, files: IndexFiles) -> int:
        now = time.monotonic()
        if now - self._index_sized_at >= _INDEX_SIZE_TTL:
            self._index_size, self._index_sized_at = files.size(), now
        return self._index_size

    def limit_log(self, max_bytes: int) -> None:
        """Keep the write-ahead log within its share of ``max_bytes`` (an eighth,
        64 KiB to 4 MiB), so that a byte limit bounds the directory: the evictor
        calls this once. A background compaction's read snapshot can hold the log
        past it until the compaction ends."""
        limit = min(_LOG_MAX, max(_LOG_MIN, max_bytes // _LOG_SHARE))
        with self._lock, _translated("limiting the log"):
            db = self._check_open()
            if self._files is not None:
                db.limit_log(limit)
                db.checkpoint()

    # -- persistence --------------------------------------------------------------

    def flush(self) -> None:
        """Write buffered touches and save every graph with unsaved changes (but one
        being saved in the background: that save is under way)."""
        with self._lock, _translated("flush"):
            self._touches.flush(self._check_open)
            for bucket, found in self._buckets:
                if isinstance(found, HnswBucket) and found.changes:
                    self._save(bucket, found)

    def _save(self, bucket: str, graph: HnswBucket) -> None:
        """Save a graph with the labels it still holds as deleted."""
        if self._files is not None:
            self._files.save(bucket, graph.index, graph.deleted_labels())
            graph.changes = 0
            self._index_sized_at = -math.inf  # measured again at the next usage()

    def _save_held(self, bucket: str) -> None:
        """Save a graph without holding up searches (run by the compaction worker)."""
        if self._files is not None:
            with _translated("saving an index"):
                self._write_held(self._files, bucket)

    def _write_held(self, files: IndexFiles, bucket: str) -> None:
        """Save a graph without holding up its store: held still under the store
        lock, written off it, then put back under it with the changes made
        meanwhile. The file is moved into place only if the bucket was not dropped or
        replaced meanwhile. (hnswlib holds the GIL while it writes the graph itself,
        about 0.5 s per 500k entries; the rest lets other threads run.)"""
        with self._lock:
            graph = self._buckets.get(bucket)
            if not isinstance(graph, HnswBucket):
                return
            saved_changes = graph.changes
            held = self._buckets.hold(bucket)
        assert held is not None  # a graph, just checked under the lock
        written, replaced = None, None
        try:
            written = files.write(bucket, graph.index, graph.deleted_labels())
        finally:
            with self._lock:
                current = self._buckets.release(bucket, held)
                if written is not None and current:
                    replaced = files.commit(written)
                    graph.changes -= saved_changes
            if written is not None and not current:
                files.discard(written)
            files.clean_up(replaced)

    def close(self) -> None:
        """Write buffered touches, save graphs, release the directory. Idempotent.

        A compaction in flight is given up (or swapped in, if already built) first.
        """
        self._compactor.stop()  # not under the lock: the worker needs it to finish
        with self._lock:
            if self._closed:
                return
            try:
                self.flush()
                if self._files is not None:
                    graphs = {b for b, f in self._buckets if isinstance(f, HnswBucket)}
                    self._files.prune(keep=graphs)
            finally:
                self._closed = True
                self._release()

    def _release(self) -> None:
        if self._db is not None:
            self._db.close()
        if self._owner is not None:
            self._owner.release()

    def __enter__(self) -> LocalStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _vector(self, vector: Vectors) -> Matrix:
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        if query.shape != (self._dim,) or not np.isfinite(query).all():
            raise InvalidRequestError(
                f"vector must hold {self._dim} finite numbers for this store; got shape "
                f"{np.shape(vector)}: embed with the embedder the store was created with"
            )
        return query


class _Site:
    """What the compactor needs of a LocalStore (a CompactionSite)."""

    def __init__(self, store: LocalStore) -> None:
        self._store = store

    @property
    def lock(self) -> threading.RLock:
        return self._store._lock

    @property
    def buckets(self) -> BucketSet:
        return self._store._buckets

    def reader(self, bucket: str) -> Reader:
        return self._store._reader(bucket)

    def swapped(self, bucket: str) -> None:
        self._store._save_if_due(bucket)

    def save_held(self, bucket: str) -> None:
        self._store._save_held(bucket)
