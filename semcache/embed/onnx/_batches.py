"""Tokenized texts into model runs: grouped into batches, padded into feeds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from tokenizers import Encoding

__all__ = ["Ids", "batches", "padded_feeds"]

Ids = npt.NDArray[np.int64]


def batches(lengths: list[int], batch_size: int, max_tokens: int) -> Iterator[list[int]]:
    """Indices grouped into runs, shortest texts first so each pads little.

    A run holds at most ``batch_size`` texts and, padded, at most ``max_tokens``
    tokens (or a single text).
    """
    batch: list[int] = []
    for index in sorted(range(len(lengths)), key=lengths.__getitem__):
        if batch and (len(batch) == batch_size or (len(batch) + 1) * lengths[index] > max_tokens):
            yield batch
            batch = []
        batch.append(index)
    if batch:
        yield batch


def padded_feeds(encodings: list[Encoding]) -> dict[str, Ids]:
    length = max(len(e.ids) for e in encodings)
    return {
        "input_ids": _padded([e.ids for e in encodings], length),
        "attention_mask": _padded([e.attention_mask for e in encodings], length),
        "token_type_ids": _padded([e.type_ids for e in encodings], length),
    }


def _padded(rows: list[list[int]], length: int) -> Ids:
    out = np.zeros((len(rows), length), dtype=np.int64)
    for i, row in enumerate(rows):
        out[i, : len(row)] = row
    return out
