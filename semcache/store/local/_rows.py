"""Entries as SQLite rows, and back: the row an insert takes and the row a read returns."""

from __future__ import annotations

import json
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from ..._records import Entry
from .._touches import Touch
from ._buckets import bucket_id

__all__ = ["ENTRY_COLUMNS", "EntryRow", "NewRow"]

#: The columns an EntryRow is read from (rowid first).
ENTRY_COLUMNS = (
    "rowid, id, namespace, scope, prompt, response, created_at, accessed_at, "
    "expires_at, hits, size, cost, floor"
)


class NewRow(NamedTuple):
    """A row as ``PayloadDB.insert`` takes it (the columns of its INSERT, in order)."""

    id: str
    namespace: str
    scope: str
    bucket: str
    exact_key: str
    prompt: str
    response: str
    vector: bytes
    created_at: float
    accessed_at: float
    expires_at: float | None
    hits: int
    size: int
    cost: float
    priority: float
    floor: float

    @classmethod
    def of(
        cls,
        entry: Entry,
        vector: npt.NDArray[np.float32],
        *,
        exact_key: str,
        priority: float,
        payload: str,
    ) -> NewRow:
        """The row of ``entry``, its response stored as ``payload`` (already JSON);
        a size of 0 is filled in (prompt + payload)."""
        size = entry.size if entry.size > 0 else len(entry.prompt.encode()) + len(payload.encode())
        return cls(
            id=entry.id,
            namespace=entry.namespace,
            scope=entry.scope,
            bucket=bucket_id(entry.namespace, entry.scope),
            exact_key=exact_key,
            prompt=entry.prompt,
            response=payload,
            vector=np.asarray(vector, dtype="<f4").tobytes(),
            created_at=entry.created_at,
            accessed_at=entry.accessed_at,
            expires_at=entry.expires_at,
            hits=entry.hits,
            size=size,
            cost=entry.cost,
            priority=float(priority),
            floor=entry.floor,
        )


class EntryRow(NamedTuple):
    """A stored entry as read back (``ENTRY_COLUMNS``); ``response`` is its JSON."""

    rowid: int
    id: str
    namespace: str
    scope: str
    prompt: str
    response: str
    created_at: float
    accessed_at: float
    expires_at: float | None
    hits: int
    size: int
    cost: float
    floor: float

    def entry(self, pending: dict[str, Touch]) -> Entry:
        """The Entry of this row, with its buffered touches applied."""
        hits, accessed_at = self.hits, self.accessed_at
        if self.id in pending:
            added, accessed_at, _ = pending[self.id]
            hits += added
        return Entry(
            id=self.id,
            namespace=self.namespace,
            scope=self.scope,
            prompt=self.prompt,
            response=json.loads(self.response),
            created_at=self.created_at,
            accessed_at=accessed_at,
            expires_at=self.expires_at,
            hits=hits,
            size=self.size,
            cost=self.cost,
            floor=self.floor,
        )
