"""The payload database of the local store: SQLite, the source of truth.

Why SQLite rather than diskcache: entries are looked up by id, by exact key and by
bucket, ordered by eviction priority and filtered by expiry, and a replace or a hit
updates several columns at once. SQLite gives secondary indexes and transactions
over several statements; diskcache is a key-value store, where each of those
queries would need a hand-kept side structure. sqlite3 also ships with Python.

Every row keeps its vector, so the vector indexes can always be rebuilt from here.
``rowid`` is AUTOINCREMENT: it only grows and is never reused, which is what lets
it double as the hnswlib label of the entry.

Not thread-safe on its own: the local store serializes all calls with its lock.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..._errors import SchemaMismatchError, StoreError
from ._rows import ENTRY_COLUMNS, EntryRow, NewRow
from ._verdicts import ensure_verdicts

__all__ = ["SCHEMA_VERSION", "PayloadDB", "Snapshot"]

SCHEMA_VERSION = 2

Labels = npt.NDArray[np.int64]
Matrix = npt.NDArray[np.float32]
_INSERT = (
    "INSERT INTO entries (id, namespace, scope, bucket, exact_key, prompt, response, "
    "vector, created_at, accessed_at, expires_at, hits, size, cost, priority, floor) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHUNK = 500  # stays far below SQLite's limit on bound parameters

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    namespace TEXT NOT NULL,
    scope TEXT NOT NULL,
    bucket TEXT NOT NULL,
    exact_key TEXT NOT NULL UNIQUE,
    prompt TEXT NOT NULL,
    response TEXT NOT NULL,
    vector BLOB NOT NULL,
    created_at REAL NOT NULL,
    accessed_at REAL NOT NULL,
    expires_at REAL,
    hits INTEGER NOT NULL,
    size INTEGER NOT NULL,
    cost REAL NOT NULL,
    priority REAL NOT NULL,
    floor REAL NOT NULL DEFAULT 0
);
CREATE INDEX entries_bucket ON entries (bucket);
CREATE INDEX entries_priority ON entries (priority);
CREATE INDEX entries_expires ON entries (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX entries_namespace ON entries (namespace);
-- Running totals kept by triggers, so usage() never scans the table.
CREATE TABLE totals (id INTEGER PRIMARY KEY CHECK (id = 0), count INTEGER, bytes INTEGER);
INSERT INTO totals VALUES (0, 0, 0);
CREATE TRIGGER entries_added AFTER INSERT ON entries BEGIN
    UPDATE totals SET count = count + 1, bytes = bytes + NEW.size WHERE id = 0;
END;
CREATE TRIGGER entries_removed AFTER DELETE ON entries BEGIN
    UPDATE totals SET count = count - 1, bytes = bytes - OLD.size WHERE id = 0;
END;
"""
#: How a file of each older schema version is brought to the next one.
_MIGRATIONS = {
    "1": "ALTER TABLE entries ADD COLUMN floor REAL NOT NULL DEFAULT 0",
}


class PayloadDB:
    """Entries, their vectors and their eviction bookkeeping in one SQLite file."""

    def __init__(self, path: Path | None, *, model: str, dim: int, extra: dict[str, str]) -> None:
        self.where = str(path) if path is not None else ":memory:"
        try:
            self.conn = sqlite3.connect(self.where, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.where}: {exc}") from exc
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA cache_size=-32768")  # KiB: 32 MiB of pages
            wanted = {"schema_version": str(SCHEMA_VERSION), "model": model, "dim": str(dim)}
            self._prepare({**wanted, **extra})
            ensure_verdicts(self.conn)
        except BaseException as exc:
            self.conn.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise StoreError(
                    f"{self.where} is not a readable semcache store ({exc}); "
                    "use another data directory"
                ) from exc
            raise

    def _prepare(self, meta: dict[str, str]) -> None:
        tables = {
            name
            for (name,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if "meta" not in tables:
            if tables - {"sqlite_sequence"}:
                raise StoreError(
                    f"{self.where} is a SQLite file but not a semcache store; "
                    "use another data directory"
                )
            self.conn.executescript(f"BEGIN; {_SCHEMA}")  # schema and meta: one transaction
            self.conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            self.conn.execute("COMMIT")
            return
        stored = dict(self.conn.execute("SELECT key, value FROM meta"))
        self._check(stored, meta)
        self._migrate(stored["schema_version"])

    def _check(self, stored: dict[str, str], wanted: dict[str, str]) -> None:
        version = stored.get("schema_version")
        if version != wanted["schema_version"] and version not in _MIGRATIONS:
            raise SchemaMismatchError(
                f"the store at {self.where} has schema version "
                f"{stored.get('schema_version')}, this semcache reads version "
                f"{SCHEMA_VERSION}; use another data directory (or delete this one)"
            )
        if (stored.get("model"), stored.get("dim")) != (wanted["model"], wanted["dim"]):
            raise SchemaMismatchError(
                f"the store at {self.where} holds vectors of embedder {stored.get('model')!r} "
                f"(dim {stored.get('dim')}), but it was opened with embedder "
                f"{wanted['model']!r} (dim {wanted['dim']}); use the same embedder, "
                "or another data directory for this one"
            )

    def _migrate(self, version: str) -> None:
        """Bring a file of an older schema version up to ``SCHEMA_VERSION``, all in
        one transaction: a failed migration leaves the file as it was."""
        if version == str(SCHEMA_VERSION):
            return
        with self.transaction():
            while version in _MIGRATIONS:
                self.conn.execute(_MIGRATIONS[version])
                version = str(int(version) + 1)
            self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back if the block raises."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- writes (call inside transaction()) -----------------------------------

    def insert(self, rows: Sequence[NewRow]) -> Labels:
        """Insert rows; returns their rowids in the same order."""
        if len(rows) == 1:  # a put: one statement, its rowid returned by it
            (rowid,) = self.conn.execute(_INSERT + " RETURNING rowid", rows[0]).fetchone()
            return np.array([rowid], dtype=np.int64)
        last = self._sequence()
        self.conn.executemany(_INSERT, rows)
        # AUTOINCREMENT and a single writer: the new rows are exactly those past `last`.
        found = self.conn.execute(
            "SELECT rowid FROM entries WHERE rowid > ? ORDER BY rowid", (last,)
        )
        return np.fromiter((r for (r,) in found), dtype=np.int64)

    def _sequence(self) -> int:
        row = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'entries'").fetchone()
        return int(row[0]) if row else 0

    def delete_replaced(
        self, exact_keys: Sequence[str], ids: Sequence[str]
    ) -> tuple[list[tuple[int, str]], list[str]]:
        """Delete the rows stored under ``exact_keys`` or with ``ids`` (about to be
        replaced), in one statement per chunk: their (rowid, bucket) pairs and ids."""
        removed: list[tuple[int, str]] = []
        gone_ids: list[str] = []
        for start in range(0, max(len(exact_keys), len(ids)), _CHUNK // 2):
            keys, some = exact_keys[start : start + _CHUNK // 2], ids[start : start + _CHUNK // 2]
            query = (
                f"DELETE FROM entries WHERE exact_key IN ({','.join('?' * len(keys))}) "  # noqa: S608
                f"OR id IN ({','.join('?' * len(some))}) RETURNING rowid, bucket, id"
            )
            for rowid, bucket, entry_id in self.conn.execute(query, [*keys, *some]):
                removed.append((rowid, bucket))
                gone_ids.append(entry_id)
        return removed, gone_ids

    def delete_where(self, column: str, values: Sequence[str]) -> list[tuple[int, str]]:
        """Delete rows whose ``column`` (id or exact_key) is in ``values``.

        Returns the (rowid, bucket) pairs of the deleted rows.
        """
        removed: list[tuple[int, str]] = []
        for start in range(0, len(values), _CHUNK):
            part = values[start : start + _CHUNK]
            marks = ",".join("?" * len(part))
            removed += self.conn.execute(
                f"DELETE FROM entries WHERE {column} IN ({marks}) RETURNING rowid, bucket",  # noqa: S608
                part,
            ).fetchall()
        return removed

    def delete_rowids(self, labels: Labels) -> None:
        for start in range(0, len(labels), _CHUNK):
            part = [int(label) for label in labels[start : start + _CHUNK]]
            marks = ",".join("?" * len(part))
            self.conn.execute(f"DELETE FROM entries WHERE rowid IN ({marks})", part)  # noqa: S608

    def delete_namespace(self, namespace: str | None) -> tuple[int, list[str]]:
        """Delete all rows (of one namespace); returns (count, buckets touched)."""
        where, args = ("WHERE namespace = ?", (namespace,)) if namespace is not None else ("", ())
        query = f"SELECT DISTINCT bucket FROM entries {where}"  # noqa: S608
        buckets = [b for (b,) in self.conn.execute(query, args)]
        count = self.conn.execute(f"DELETE FROM entries {where}", args).rowcount  # noqa: S608
        return count, buckets

    def raise_floor(self, entry_id: str, floor: float) -> bool:
        """Set the entry's floor to max(floor, current); returns whether it exists."""
        found = self.conn.execute(
            "UPDATE entries SET floor = max(floor, ?) WHERE id = ?", (floor, entry_id)
        )
        return found.rowcount > 0

    def touch(self, updates: Iterable[tuple[int, float, float, str]]) -> None:
        """Apply (hits added, accessed_at, priority, id) touch records."""
        self.conn.executemany(
            "UPDATE entries SET hits = hits + ?, accessed_at = ?, priority = ? WHERE id = ?",
            updates,
        )

    # -- reads ----------------------------------------------------------------

    def fetch(self, labels: Sequence[int]) -> dict[int, EntryRow]:
        """Rows by rowid; missing rowids are left out."""
        marks = ",".join("?" * len(labels))
        rows = self.conn.execute(
            f"SELECT {ENTRY_COLUMNS} FROM entries WHERE rowid IN ({marks})",  # noqa: S608
            [int(label) for label in labels],
        )
        return {row.rowid: row for row in map(EntryRow._make, rows)}

    def fetch_one(self, column: str, value: str) -> EntryRow | None:
        """The row whose ``column`` (id or exact_key) equals ``value``."""
        query = f"SELECT {ENTRY_COLUMNS} FROM entries WHERE {column} = ?"  # noqa: S608
        found = self.conn.execute(query, (value,)).fetchone()
        return None if found is None else EntryRow._make(found)

    def page(self, after: int, namespace: str | None, size: int) -> list[EntryRow]:
        """Up to ``size`` rows with rowid > ``after``, in rowid order."""
        args: list[int | str]
        where, args = "rowid > ?", [after]
        if namespace is not None:
            where, args = where + " AND namespace = ?", [after, namespace]
        rows = self.conn.execute(
            f"SELECT {ENTRY_COLUMNS} FROM entries WHERE {where} ORDER BY rowid LIMIT ?",  # noqa: S608
            [*args, size],
        )
        return list(map(EntryRow._make, rows))

    def lowest_priority(self, n: int) -> list[tuple[str, int, float]]:
        return self.conn.execute(
            "SELECT id, size, priority FROM entries ORDER BY priority, rowid LIMIT ?", (n,)
        ).fetchall()

    def expired(self, now: float, limit: int) -> list[str]:
        rows = self.conn.execute(
            "SELECT id FROM entries WHERE expires_at IS NOT NULL AND expires_at <= ? "
            "ORDER BY expires_at LIMIT ?",
            (now, limit),
        )
        return [entry_id for (entry_id,) in rows]

    def usage(self) -> tuple[int, int]:
        count, size = self.conn.execute("SELECT count, bytes FROM totals").fetchone()
        return int(count), int(size)

    # -- footprint --------------------------------------------------------------

    def page_bytes(self) -> int:
        """Bytes of the pages in use (free pages, which later writes reuse, left out)."""
        (pages,) = self.conn.execute("PRAGMA page_count").fetchone()
        (free,) = self.conn.execute("PRAGMA freelist_count").fetchone()
        (size,) = self.conn.execute("PRAGMA page_size").fetchone()
        return (int(pages) - int(free)) * int(size)

    def log_bytes(self) -> int:
        """Size of the write-ahead log and its shared-memory index (0 in memory)."""
        if self.where == ":memory:":
            return 0
        total = 0
        for suffix in ("-wal", "-shm"):
            try:
                total += os.stat(self.where + suffix).st_size
            except FileNotFoundError:
                continue
        return total

    def limit_log(self, limit: int) -> None:
        """Keep the write-ahead log near ``limit`` bytes: SQLite checkpoints once it
        holds that many bytes of pages (instead of 1,000 pages, ~4 MB) and truncates
        the file back to ``limit`` after each checkpoint."""
        (size,) = self.conn.execute("PRAGMA page_size").fetchone()
        self.conn.execute(f"PRAGMA wal_autocheckpoint={max(1, limit // int(size))}")
        self.conn.execute(f"PRAGMA journal_size_limit={int(limit)}")

    def checkpoint(self) -> None:
        """Copy the log into the database and empty it (TRUNCATE); a reader's
        snapshot (a background compaction) may keep part of it until it ends."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()

    # -- vectors --------------------------------------------------------------

    def bucket_counts(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT bucket, COUNT(*) FROM entries GROUP BY bucket")
        return dict(rows.fetchall())

    def bucket_labels(self, bucket: str) -> Labels:
        """The rowids of one bucket, sorted."""
        rows = self.conn.execute(
            "SELECT rowid FROM entries WHERE bucket = ? ORDER BY rowid", (bucket,)
        )
        return np.fromiter((r for (r,) in rows), dtype=np.int64)

    def bucket_vectors(
        self, buckets: Sequence[str], dim: int
    ) -> Iterator[tuple[str, Labels, Matrix]]:
        """(bucket, rowids, vectors) of each given bucket, in one indexed query."""
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (bucket TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp.wanted")
        self.conn.executemany(
            "INSERT OR IGNORE INTO temp.wanted VALUES (?)", ((b,) for b in buckets)
        )
        rows = self.conn.execute(
            "SELECT bucket, rowid, vector FROM entries WHERE bucket IN "
            "(SELECT bucket FROM temp.wanted) ORDER BY bucket, rowid"
        )
        for bucket, group in groupby(rows, key=lambda row: row[0]):
            labels, vectors = _unpack(list(group), dim)
            yield bucket, labels, vectors

    def load_bucket(self, bucket: str, dim: int) -> tuple[Labels, Matrix]:
        """The rowids and vectors of one bucket."""
        for _, labels, vectors in self.bucket_vectors([bucket], dim):
            return labels, vectors
        return np.empty(0, np.int64), np.empty((0, dim), np.float32)

    def bucket_reader(self, bucket: str, dim: int) -> Callable[[], tuple[Labels, Matrix]]:
        """How to read a bucket's rowids and vectors as they are now from another
        thread, without the store lock: from a read snapshot (in memory: read now)."""
        snapshot = self.snapshot()
        if snapshot is None:
            labels, vectors = self.load_bucket(bucket, dim)
            return lambda: (labels, vectors)
        return functools.partial(snapshot.bucket, bucket, dim)

    def snapshot(self) -> Snapshot | None:
        """The database as it is now, to read from another thread while this
        connection goes on writing (WAL lets a reader keep its view); None in memory."""
        if self.where == ":memory:":
            return None
        uri = Path(self.where).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM meta").fetchone()  # the first read fixes the view
        except BaseException:
            conn.close()
            raise
        return Snapshot(conn)

    def vectors_of(self, labels: Labels, dim: int) -> tuple[Labels, Matrix]:
        """The stored vectors of the given rowids (those that still exist)."""
        found: list[tuple[Any, ...]] = []
        for start in range(0, len(labels), _CHUNK):
            part = [int(label) for label in labels[start : start + _CHUNK]]
            marks = ",".join("?" * len(part))
            found += self.conn.execute(
                f"SELECT NULL, rowid, vector FROM entries WHERE rowid IN ({marks})",  # noqa: S608
                part,
            ).fetchall()
        return _unpack(found, dim)


class Snapshot:
    """A read transaction on a connection of its own (see PayloadDB.snapshot)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def bucket(self, bucket: str, dim: int) -> tuple[Labels, Matrix]:
        """The rowids and vectors of one bucket as they were; then it closes."""
        try:
            rows = self._conn.execute(
                "SELECT NULL, rowid, vector FROM entries WHERE bucket = ? ORDER BY rowid",
                (bucket,),
            ).fetchall()
            return _unpack(rows, dim)
        finally:
            self._conn.close()


def _unpack(rows: list[tuple[Any, ...]], dim: int) -> tuple[Labels, Matrix]:
    labels = np.fromiter((row[1] for row in rows), dtype=np.int64, count=len(rows))
    blob = b"".join(row[2] for row in rows)
    vectors = np.frombuffer(blob, dtype="<f4").astype(np.float32, copy=False)
    return labels, vectors.reshape(len(rows), dim)
