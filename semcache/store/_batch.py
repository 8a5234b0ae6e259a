"""What the stores' bulk ``add_many`` shares: its checks, its duplicates, its encoding."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np

from .._errors import InvalidRequestError
from .._records import Entry
from ..embed.base import Vectors

__all__ = ["checked_batch", "encoded_responses", "last_of_each"]

_SEP = (",", ":")


def checked_batch(
    entries: Sequence[Entry],
    vectors: Vectors,
    exact_keys: Sequence[str],
    priorities: Sequence[float],
    dim: int,
) -> Vectors:
    """``vectors`` as a float32 matrix, after checking there is one of everything per entry."""
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.shape != (len(entries), dim) or not (
        len(entries) == len(exact_keys) == len(priorities)
    ):
        raise InvalidRequestError(
            f"add_many needs one vector of dim {dim}, one exact key and one "
            f"priority per entry; got {len(entries)} entries, vectors of shape "
            f"{matrix.shape}, {len(exact_keys)} keys, {len(priorities)} priorities"
        )
    return matrix


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


def encoded_responses(entries: Sequence[Entry], *, allow_nan: bool) -> list[str]:
    """The response of each entry as compact JSON (what ``add`` takes as ``payload``),
    for bulk loads, where no caller has encoded them; InvalidRequestError naming the
    entry whose response is not JSON. ``allow_nan``: whether NaN and infinities are
    written (the local store reads them back; Milvus's store refuses them)."""
    encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=allow_nan, separators=_SEP)
    return [_encoded(encoder, entry) for entry in entries]


def _encoded(encoder: json.JSONEncoder, entry: Entry) -> str:
    try:
        return encoder.encode(entry.response)
    except (TypeError, ValueError) as exc:
        raise InvalidRequestError(
            f"the response of entry {entry.id!r} is not JSON-serializable ({exc}); "
            "store plain JSON values (dict, list, str, numbers, bool, None)"
        ) from exc
