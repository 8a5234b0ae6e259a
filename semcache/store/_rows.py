"""Entries as SQLite rows, and back."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .._errors import InvalidRequestError
from .._records import Entry
from ._buckets import bucket_id
from ._sqlite import Row

__all__ = ["Touch", "last_of_each", "to_entry", "to_row"]

#: A buffered hit record: (hits added, accessed_at, priority).
Touch = tuple[int, float, float]

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def to_row(entry: Entry, vector: npt.NDArray[np.float32], exact_key: str, priority: float) -> Row:
    """The row ``PayloadDB.insert`` takes; a size of 0 is filled in (prompt + response)."""
    try:
        response = _ENCODER.encode(entry.response)
    except (TypeError, ValueError) as exc:
        raise InvalidRequestError(
            f"the response of entry {entry.id!r} is not JSON-serializable ({exc}); "
            "store plain JSON values (dict, list, str, numbers, bool, None)"
        ) from exc
    size = entry.size if entry.size > 0 else len(entry.prompt.encode()) + len(response.encode())
    bucket = bucket_id(entry.namespace, entry.scope)
    blob = np.asarray(vector, dtype="<f4").tobytes()
    return (
        entry.id,
        entry.namespace,
        entry.scope,
        bucket,
        exact_key,
        entry.prompt,
        response,
        blob,
        entry.created_at,
        entry.accessed_at,
        entry.expires_at,
        entry.hits,
        size,
        entry.cost,
        float(priority),
        entry.floor,
    )


def to_entry(row: Row, pending: dict[str, Touch]) -> Entry:
    """The Entry of a row read as ``ENTRY_COLUMNS``, with its buffered hits applied."""
    hits, accessed_at = row[9], row[7]
    if row[1] in pending:
        added, accessed_at, _ = pending[row[1]]
        hits += added
    return Entry(
        id=row[1],
        namespace=row[2],
        scope=row[3],
        prompt=row[4],
        response=json.loads(row[5]),
        created_at=row[6],
        accessed_at=accessed_at,
        expires_at=row[8],
        hits=hits,
        size=row[10],
        cost=row[11],
        floor=row[12],
    )


def last_of_each(entries: Sequence[Entry], keys: Sequence[str]) -> list[int]:
    """Positions to keep so that each exact key and each id occurs once (the last)."""
    seen_keys: set[str] = set()
    seen_ids: set[str] = set()
    keep = []
    for i in range(len(entries) - 1, -1, -1):
        if keys[i] not in seen_keys and entries[i].id not in seen_ids:
            keep.append(i)
        seen_keys.add(keys[i])
        seen_ids.add(entries[i].id)
    return keep[::-1]
