"""Checks shared by the stores' bulk ``add_many``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._errors import InvalidRequestError
from .._records import Entry
from ..embed.base import Vectors

__all__ = ["checked_batch"]


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
