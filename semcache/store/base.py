"""The store protocols: where entries and their vectors live.

A store keeps entries (payload) and their vectors, answers nearest-neighbour
searches restricted *exactly* to one (namespace, scope) pair, and keeps the
bookkeeping eviction needs (a per-entry ``priority``: lowest is evicted first).
It is designed so that a remote vector database (Milvus) can implement it as well
as the local hnswlib + SQLite store.

What a store does is split by who needs it: :class:`Store` is the hot path of a
lookup and a put, :class:`Bookkeeping` what eviction and expiry need,
:class:`Maintenance` the rest; :class:`Backend` is all three, what
``SemanticCache(store=...)`` takes.

Implementations must be thread-safe. Similarities are cosine similarities of unit
vectors (inner product): higher is closer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from .._records import Candidate, Entry
from ..embed.base import Vectors

__all__ = ["Backend", "Bookkeeping", "Candidate", "Maintenance", "Store", "Verdicts"]


class Store(Protocol):
    """The hot path: what a lookup and a put need. Thread-safe.

    Entries with vectors, searched within one (namespace, scope); similarities
    are inner products of unit vectors, higher is closer.
    """

    def find_exact(self, exact_key: str) -> Entry | None:
        """The entry stored under ``exact_key``, if any."""
        ...

    def search(
        self,
        vector: Vectors,
        *,
        namespace: str,
        scope: str,
        k: int,
        min_similarity: float | None = None,
    ) -> list[Candidate]:
        """The up to ``k`` nearest entries of (namespace, scope), closest first.

        Namespace and scope are hard filters: no entry of another pair is ever
        returned, however close. Expired entries may be returned; callers check.
        ``min_similarity``: leave out entries less similar than this (they are
        never read from storage, which is most of a search's cost beyond the index).
        """
        ...

    def add(
        self, entry: Entry, vector: Vectors, *, exact_key: str, priority: float, payload: str
    ) -> None:
        """Store ``entry`` with its unit ``vector`` (shape ``(dim,)``).

        ``exact_key`` is the exact-tier hash (it already covers namespace and scope);
        a later ``add`` with the same ``exact_key`` replaces the earlier entry.
        ``payload`` is ``entry.response`` as the caller serialized it (compact
        JSON, ``dump_response``); it is stored as is, never encoded again.
        """
        ...

    def touch(self, entry_id: str, *, accessed_at: float, priority: float) -> None:
        """Record a hit: ``hits += 1``, new access time and eviction priority.

        May be buffered (applied in batches), but never lost on a clean close.
        """
        ...


class Bookkeeping(Protocol):
    """What eviction and expiry need: sizes, eviction order, expiry, removal. Thread-safe.

    ``priority`` runs upwards: the lowest is evicted first.
    """

    def usage(self) -> tuple[int, int]:
        """(number of entries, total bytes) currently stored."""
        ...

    def lowest_priority(self, n: int) -> list[tuple[str, int, float]]:
        """Up to ``n`` (entry id, size, priority) triples, lowest priority first."""
        ...

    def expired(self, now: float, limit: int) -> list[str]:
        """Ids of up to ``limit`` entries whose ``expires_at`` is at or before ``now``."""
        ...

    def delete(self, entry_ids: Iterable[str]) -> int:
        """Remove entries from payload and index; returns how many existed."""
        ...


class Maintenance(Protocol):
    """The rest: reads by id, listing, clearing, feedback and closing. Thread-safe."""

    def get(self, entry_id: str) -> Entry | None:
        """The entry with id ``entry_id``, if any."""
        ...

    def iterate(self, namespace: str | None = None) -> Iterator[Entry]:
        """All entries (of one namespace if given), in no particular order."""
        ...

    def clear(self, namespace: str | None = None) -> int:
        """Remove every entry (of one namespace if given); returns how many."""
        ...

    def raise_floor(self, entry_id: str, floor: float) -> bool:
        """Raise the entry's ``floor`` (its own similarity threshold) to ``floor``
        if that is higher; never lowers it. Returns whether the entry exists.

        Durable once it returns, like ``add`` (not buffered like ``touch``): every
        process sharing the store sees the new floor.
        """
        ...

    def close(self) -> None:
        """Flush and release resources (index files, locks, connections)."""
        ...


@runtime_checkable
class Verdicts(Protocol):
    """Judge verdicts kept with the entries (optional: ``SemanticCache`` keeps them
    in memory for a store without it). Thread-safe.

    A verdict is the judge's probability that an entry's answer answers another
    text, keyed by a digest of that text, with the similarity of the two (what
    learned thresholds are fitted to); it is deleted with its entry.
    """

    def verdicts(self, entry_id: str) -> dict[str, tuple[float, float]]:
        """The verdicts on the entry: text digest -> (probability, similarity)."""
        ...

    def record_verdict(
        self, entry_id: str, text: str, probability: float, similarity: float
    ) -> bool:
        """Keep a verdict (replacing one for the same ``text``); returns whether the
        entry exists. Durable once it returns, like ``raise_floor``."""
        ...


@runtime_checkable
class Backend(Store, Bookkeeping, Maintenance, Protocol):
    """A whole store: what a ``SemanticCache(store=...)`` object must be.

    Implementations must be thread-safe. Similarities are inner products of unit
    vectors: higher is closer.
    """
