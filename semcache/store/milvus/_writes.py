"""The Milvus store's writes: batched, retried by the Breaker, serialized by one lock.

Adds, deletes and touch updates go in batches of up to ``_BATCH`` rows or ids;
each batch, clear or floor update is one ``Breaker.write`` (retried on transient
failures). Its body runs under the store's lock, since Milvus Lite's engine
takes one writer at a time, and first reads, with Strong consistency, what the
write depends on: the rows a replace supersedes, the rows a delete removes, the
hit count or floor an update raises. Adds and deletes keep the Scanner's usage
totals current.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from .._touches import Touch
from ._breaker import Breaker
from ._rows import BODY_FIELDS, MilvusRow, aliases_of, among, counted, digest, with_verdict
from ._scan import Scanner

__all__ = ["Writer"]

_BATCH = 1000  # ids per query or delete
# Milvus Lite copies its whole in-memory table on every query and only moves it
# to indexed segments at 128 MB: flushing every few hundred rows keeps lookups
# fast. (Servers flush by themselves; frequent flushes would hurt them.)
_LITE_FLUSH_ROWS = 512


class Writer:
    """The writes of one store to its collection. Thread-safe.

    ``lock`` is the store's; ``partial`` says whether the server merges partial
    upserts, ``lite`` whether it is Milvus Lite. Each method raises StoreError
    once the Breaker gives up.
    """

    def __init__(
        self,
        client: Any,
        collection: str,
        breaker: Breaker,
        scanner: Scanner,
        *,
        lock: threading.RLock,
        timeout: float,
        partial: bool,
        lite: bool,
    ) -> None:
        self._client, self._collection = client, collection
        self._breaker, self._scan, self._lock = breaker, scanner, lock
        self._writes = {"timeout": timeout}
        self._checks = {"timeout": timeout, "consistency_level": "Strong"}
        self._partial, self._lite = partial, lite
        self._unflushed = 0

    def add(self, rows: list[MilvusRow]) -> None:
        """Upsert ``rows`` (one per id and exact key), replacing entries with either."""
        for start in range(0, len(rows), _BATCH):
            self._breaker.write(
                "add", functools.partial(self._replace, rows[start : start + _BATCH])
            )

    def delete(self, ids: list[str]) -> int:
        """Remove the entries of ``ids`` (distinct) and their aliases; returns how many
        existed."""
        gone = 0
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start : start + _BATCH]
            gone += self._breaker.write("delete", functools.partial(self._delete, chunk))
        return gone

    def clear(self, expression: str) -> int:
        """Remove the entries matching ``expression``; returns how many."""
        return self._breaker.write("clear", lambda: self._clear(expression))

    def raise_floor(self, entry_id: str, floor: float) -> bool:
        """Raise the entry's floor to ``floor`` if higher; returns whether it exists."""
        return self._breaker.write(
            "floor update", functools.partial(self._raise_floor, entry_id, floor)
        )

    def record_verdict(
        self, entry_id: str, text: str, probability: float, similarity: float
    ) -> bool:
        """Keep a verdict in the entry's body; returns whether the entry exists."""
        record = functools.partial(self._record_verdict, entry_id, text, probability, similarity)
        return self._breaker.write("verdict", record)

    def write_touches(self, batch: dict[str, Touch]) -> None:
        """Add buffered touches to their rows; written ids leave ``batch`` (the
        TouchWriter's writer: what is left after an error is kept for a retry)."""
        ids = list(batch)
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start : start + _BATCH]
            self._breaker.write("hit update", functools.partial(self._update_touches, chunk, batch))
            for entry_id in chunk:  # written: not kept for a retry if a later chunk fails
                del batch[entry_id]

    def _replace(self, rows: list[MilvusRow]) -> None:
        keys, pks = [row["exact_hash"] for row in rows], [row["pk"] for row in rows]
        with self._lock:
            expression = f"{among('exact_hash', keys)} or {among('pk', pks)}"
            old = self._query(expression, ["pk", "size", "entry_id"])
            known = set(pks) | {found["pk"] for found in old}
            old += self._aliases([found["entry_id"] for found in old], exclude=known)
            self._client.upsert(self._collection, rows, **self._writes)
            stale = [found["pk"] for found in old if found["pk"] not in set(pks)]
            if stale:
                self._client.delete(self._collection, ids=stale, **self._writes)
            self._flush_lite(len(rows))
        added = sum(row["size"] for row in rows) - sum(int(found["size"]) for found in old)
        self._scan.adjust(len(rows) - len(old), added)

    def _flush_lite(self, written: int) -> None:
        self._unflushed += written
        if self._lite and self._unflushed >= _LITE_FLUSH_ROWS:
            self._client.flush(self._collection, **self._writes)
            self._unflushed = 0

    def _delete(self, ids: list[str]) -> int:
        pks = [digest("id", entry_id) for entry_id in ids]
        with self._lock:
            found = self._query(among("pk", pks), ["pk", "size"])
            found += self._aliases(ids, exclude={row["pk"] for row in found})
            if found:
                self._client.delete(
                    self._collection, ids=[row["pk"] for row in found], **self._writes
                )
        self._scan.adjust(-len(found), -sum(int(row["size"]) for row in found))
        return len(found)

    def _clear(self, expression: str) -> int:
        with self._lock:
            count = counted(self._query(expression, ["count(*)"]))
            if count:
                self._client.delete(self._collection, filter=expression, **self._writes)
        return count

    def _raise_floor(self, entry_id: str, floor: float) -> bool:
        # As for hits: a partial upsert where the server merges them, else the whole row.
        fields = ["pk", "tenant", "floor"] if self._partial else ["*"]
        with self._lock:
            rows = self._query(among("pk", [digest("id", entry_id)]), fields)
            if not rows:
                return False
            row = rows[0]
            if float(row["floor"]) < floor:
                row["floor"] = floor
                self._client.upsert(
                    self._collection, [row], partial_update=self._partial, **self._writes
                )
        return True

    def _record_verdict(
        self, entry_id: str, text: str, probability: float, similarity: float
    ) -> bool:
        fields = ["pk", "entry_id", "tenant", *BODY_FIELDS] if self._partial else ["*"]
        with self._lock:
            rows = self._query(among("pk", [digest("id", entry_id)]), fields)
            if not rows:
                return False
            row = rows[0]
            row.update(with_verdict(row, text, probability, similarity))
            self._client.upsert(
                self._collection, [row], partial_update=self._partial, **self._writes
            )
        return True

    def _update_touches(self, ids: list[str], batch: dict[str, Touch]) -> None:
        # Partial upserts (Milvus 2.6.2+, Milvus Lite) send only what changes;
        # older servers get the whole row back, vector included.
        fields = ["pk", "entry_id", "tenant", "hits"] if self._partial else ["*"]
        pks = [digest("id", entry_id) for entry_id in ids]
        with self._lock:
            rows = self._query(among("pk", pks), fields)
            for row in rows:  # entries deleted meanwhile are simply not found
                touch = batch[row["entry_id"]]
                row.update(
                    hits=int(row["hits"]) + touch.hits,
                    accessed_at=touch.accessed_at,
                    priority=touch.priority,
                )
            if rows:
                self._client.upsert(
                    self._collection, rows, partial_update=self._partial, **self._writes
                )

    def _aliases(self, ids: list[str], *, exclude: set[str]) -> list[MilvusRow]:
        """The aliases of ``ids`` (pk, size, entry_id), but rows of ``exclude``: they go
        with their entries, so none outlives it."""
        if not ids or (expression := aliases_of(ids)) is None:
            return []
        found = self._query(expression, ["pk", "size", "entry_id"])
        return [row for row in found if row["pk"] not in exclude]

    def _query(self, expression: str, fields: list[str]) -> list[MilvusRow]:
        return list(
            self._client.query(
                self._collection, filter=expression, output_fields=fields, **self._checks
            )
        )
