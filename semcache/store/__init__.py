"""Stores: where entries and vectors live (local hnswlib + SQLite, or Milvus).

``exact_key`` is the exact-tier hash that ``Store.add`` is given with each entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._keys import exact_key
from ._uri import open_store
from .base import Backend, Bookkeeping, Candidate, Maintenance, Store, Verdicts
from .local import LocalStore

if TYPE_CHECKING:
    from .milvus import MilvusStore

__all__ = [
    "Backend",
    "Bookkeeping",
    "Candidate",
    "LocalStore",
    "Maintenance",
    "MilvusStore",
    "Store",
    "Verdicts",
    "exact_key",
    "open_store",
]


def __getattr__(name: str) -> Any:
    # pymilvus is an optional extra: imported only when the Milvus store is asked for.
    if name == "MilvusStore":
        from .milvus import MilvusStore

        return MilvusStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
