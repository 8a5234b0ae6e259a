"""The Milvus store: one cache shared by many processes through Milvus.

Selected by a store URI: ``milvus:///abs/path/cache.db`` (Milvus Lite, a local
file), ``milvus://host:19530`` (a server or cluster), ``milvus+https://TOKEN@host``
(TLS, token); see _config.py for the parameters and docs/scaling.md for
the design. Needs the ``semcache[milvus]`` extra (pymilvus, milvus-lite).

One row per entry (see _rows.py): the namespace's digest is the
partition key (Milvus's multi-tenancy mechanism) and, with the scope's digest,
a hard filter of every search. Reads use the configured consistency, Bounded
by default: another process's write is seen within the server's
``common.gracefulTime`` (5 s by default) and no read waits; the reads that
decide a write use Strong. Lookups raise StoreError quickly when Milvus fails
(_breaker.py), which the cache serves as a miss. Writes (_writes.py)
are tried 3 times: adds and hit updates are then dropped with a log line;
deletes, clears and floor updates (feedback on a wrong hit) raise, since a
lost invalidation would serve stale or wrong answers.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any

import numpy as np
import numpy.typing as npt

from ..._errors import ConfigError, InvalidRequestError, StoreError
from ..._records import Entry
from ...embed.base import Vectors
from .._batch import checked_batch, encoded_responses, last_of_each
from ..base import Candidate
from ._breaker import Breaker
from ._config import MilvusConfig, parse_uri
from ._connect import connect, describe, disconnect, partial_updates
from ._rows import (
    BODY_FIELDS,
    OUTPUT_FIELDS,
    MilvusRow,
    among,
    counted,
    digest,
    entry_of,
    finite,
    row_of,
    verdicts_of,
)
from ._scan import Scanner, scan
from ._schema import ensure_collection
from ._touches import DEFAULT_FLUSH_INTERVAL, TouchWriter
from ._writes import Writer

__all__ = ["MilvusStore"]

_PAGE = 256  # entries per page of iterate(): bodies can be large
_MAX_LIMIT = 16_384  # Milvus's largest query/search limit
_log = logging.getLogger("semcache.store")


class MilvusStore:
    """Entries in a Milvus collection, searched within one (namespace, scope).

    Thread-safe; writes of one store object are serialized (Milvus Lite's
    engine takes one writer at a time). Similarities are inner products of
    unit vectors: higher is closer. Hits (touches) are buffered and written about every
    ``flush_interval`` seconds and on :meth:`close`.

    Raises SchemaMismatchError if the collection was written by another schema
    version or embedder, StoreError if Milvus cannot be reached at open,
    StoreLockedError if a Milvus Lite file is open in another process.
    """

    def __init__(
        self,
        config: MilvusConfig,
        *,
        dim: int,
        model: str,
        flush_interval: float = DEFAULT_FLUSH_INTERVAL,
    ) -> None:
        if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
            raise ConfigError(f"dim must be a positive integer; got {dim!r}")
        self._config, self._dim, self._collection = config, dim, config.collection
        self._where = describe(config)
        self._reads = {"timeout": config.timeout, "consistency_level": config.consistency}
        self._scans = {"timeout": config.write_timeout, "consistency_level": config.consistency}
        self._writes = {"timeout": config.write_timeout}
        self._checks = {"timeout": config.write_timeout, "consistency_level": "Strong"}
        self._lock = threading.RLock()
        self._closed = False
        self._client = connect(config, self._where)
        self._breaker = Breaker(self._where, retry_after=config.retry_after, reload=self._load)
        try:
            # Retried: processes starting together race to create the collection.
            self._index = self._breaker.write("open", self._open(model))
            version = str(self._client.get_server_version(**self._writes))
            partial, lite = partial_updates(version), "lite" in version.lower()
        except BaseException:
            disconnect(config, self._client)
            raise
        # Eviction and expiry read with Strong consistency: under Bounded they could
        # pick entries this process has just deleted. They run rarely.
        self._scan = Scanner(self._client, self._collection, self._breaker, **self._checks)
        self._writer = Writer(
            self._client,
            self._collection,
            self._breaker,
            self._scan,
            lock=self._lock,
            timeout=config.write_timeout,
            partial=partial,
            lite=lite,
        )
        self._touches = TouchWriter(self._writer.write_touches, interval=flush_interval)

    @classmethod
    def from_uri(cls, uri: str, *, dim: int, model: str, token: str | None = None) -> MilvusStore:
        """The store a ``milvus://``, ``milvus+http://`` or ``milvus+https://`` URI names.

        ``token`` (e.g. read by the proxy from its environment) replaces one in the URI.
        """
        config = parse_uri(uri)
        if token is not None:
            config = dataclasses.replace(config, token=token)
        return cls(config, dim=dim, model=model)

    def _open(self, model: str) -> Callable[[], str]:
        return lambda: ensure_collection(
            self._client,
            self._collection,
            dim=self._dim,
            model=model,
            consistency=self._config.consistency,
            timeout=self._config.write_timeout,
        )

    def _load(self) -> None:
        self._client.load_collection(self._collection, **self._writes)

    # -- writes ---------------------------------------------------------------

    def add(
        self, entry: Entry, vector: Vectors, *, exact_key: str, priority: float, payload: str
    ) -> None:
        """Store ``entry``, its response as ``payload`` (its JSON, not encoded again);
        an entry with the same ``exact_key`` (or id) is replaced.

        If Milvus fails 3 times the entry is dropped with a warning (a cache
        write is never worth failing the caller's request).
        """
        self._check_open()
        query = self._vector(vector)
        row = row_of(entry, query, exact_key=exact_key, priority=priority, payload=payload)
        try:
            self._writer.add([row])
        except StoreError as exc:
            _log.warning("semcache: dropped an entry that Milvus did not take: %s", exc)

    def add_many(
        self,
        entries: Sequence[Entry],
        vectors: Vectors,
        exact_keys: Sequence[str],
        priorities: Sequence[float],
    ) -> None:
        """Bulk ``add`` in batches of 1,000 (later duplicates of a key or id win);
        each response is encoded here, once (there is no caller's ``payload``).

        Unlike ``add``, raises StoreError if a batch fails 3 times.
        """
        self._check_open()
        matrix = checked_batch(entries, vectors, exact_keys, priorities, self._dim)
        payloads = encoded_responses(entries, allow_nan=False)
        rows = [
            row_of(entry, vector, exact_key=key, priority=priority, payload=payload)
            for entry, vector, key, priority, payload in zip(
                entries, matrix, exact_keys, priorities, payloads, strict=True
            )
        ]
        self._writer.add([rows[i] for i in last_of_each(entries, exact_keys)])

    def delete(self, entry_ids: Iterable[str]) -> int:
        """Remove entries and their aliases (ids under ``"<id>."``); returns how many
        existed. StoreError if Milvus fails 3 times."""
        self._check_open()
        ids = list(dict.fromkeys(entry_ids))
        gone = self._writer.delete(ids)
        self._touches.discard(ids)
        return gone

    def clear(self, namespace: str | None = None) -> int:
        """Remove every entry (of one namespace if given); returns how many."""
        self._check_open()
        if namespace is None:
            expression = 'pk != ""'
        else:
            expression = f'tenant == "{digest("namespace", namespace)}"'
        count = self._writer.clear(expression)
        if namespace is None:
            self._touches.discard()
        self._scan.forget()
        return count

    def raise_floor(self, entry_id: str, floor: float) -> bool:
        """Raise the entry's own threshold to ``floor`` if higher; returns whether
        the entry exists. Written at once (a Strong read of the current floor, then
        an upsert); StoreError if Milvus fails 3 times."""
        self._check_open()
        return self._writer.raise_floor(entry_id, finite("floor", floor))

    def record_verdict(
        self, entry_id: str, text: str, probability: float, similarity: float
    ) -> bool:
        """Keep a judge's verdict on the entry for a text digest, with the texts'
        similarity (in the entry's body); returns whether the entry exists.
        Written at once; StoreError if Milvus fails 3 times."""
        value = finite("probability", probability)
        if not 0.0 <= value <= 1.0:
            raise InvalidRequestError(f"probability must be between 0 and 1; got {probability!r}")
        self._check_open()
        return self._writer.record_verdict(entry_id, text, value, finite("similarity", similarity))

    def verdicts(self, entry_id: str) -> dict[str, tuple[float, float]]:
        """The judge's verdicts on the entry: text digest -> (probability, similarity)."""
        self._check_open()
        expression = among("pk", [digest("id", entry_id)])
        fields = ["entry_id", *BODY_FIELDS]
        rows = self._breaker.read(
            "verdicts",
            lambda: self._client.query(
                self._collection, filter=expression, output_fields=fields, **self._reads
            ),
        )
        return verdicts_of(rows[0]) if rows else {}

    def touch(self, entry_id: str, *, accessed_at: float, priority: float) -> None:
        """Record a hit (a touch); buffered and written within ~``flush_interval`` s or on close."""
        self._check_open()
        self._touches.add(entry_id, float(accessed_at), float(priority))

    def flush(self) -> None:
        """Write buffered touches now."""
        self._check_open()
        self._touches.flush()

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
        """The up to ``k`` nearest live entries of (namespace, scope), closest first;
        none less similar than ``min_similarity``."""
        query = self._vector(vector)
        if k < 1:
            raise InvalidRequestError(f"k must be at least 1; got {k}")
        self._check_open()
        expression = (
            f'tenant == "{digest("namespace", namespace)}" and '
            f'scope_key == "{digest("scope", scope)}" and expires_at > {time.time()!r}'
        )
        found = self._breaker.read("search", lambda: self._search(query, expression, k))
        pending = self._touches.pending(row["entry_id"] for row, _ in found)
        floor = -math.inf if min_similarity is None else min_similarity
        return [
            (entry_of(row, pending), score)
            for row, score in found
            # The filter is on digests; comparing the pair itself costs nothing.
            if row["namespace"] == namespace and row["scope"] == scope and score >= floor
        ]

    def _search(self, query: npt.NDArray[np.float32], expression: str, k: int) -> list[Any]:
        params: dict[str, Any] = {"metric_type": "IP"}
        if self._index == "HNSW":
            params["params"] = {"ef": max(64, k)}
        result = self._client.search(
            self._collection,
            data=[query.tolist()],
            filter=expression,
            limit=min(k, _MAX_LIMIT),
            output_fields=OUTPUT_FIELDS,
            search_params=params,
            anns_field="vector",
            **self._reads,
        )
        return [(hit["entity"], float(hit["distance"])) for hit in result[0]]

    def find_exact(self, exact_key: str) -> Entry | None:
        """The entry stored under ``exact_key``, if any."""
        return self._one("exact lookup", f'exact_hash == "{digest("exact", exact_key)}"')

    def get(self, entry_id: str) -> Entry | None:
        """The entry with id ``entry_id``, if any."""
        return self._one("get", among("pk", [digest("id", entry_id)]))  # Lite's fast path

    def _one(self, action: str, expression: str) -> Entry | None:
        self._check_open()
        rows = self._breaker.read(
            action, lambda: self._query(expression, OUTPUT_FIELDS, self._reads, limit=4)
        )
        if not rows:
            return None
        # Two processes adding the same prompt at once may both win: newest first.
        row = max(rows, key=lambda found: float(found["created_at"]))
        return entry_of(row, self._touches.pending([row["entry_id"]]))

    def _query(
        self, expression: str, fields: list[str], options: dict[str, Any], **limit: int
    ) -> list[MilvusRow]:
        return list(
            self._client.query(
                self._collection, filter=expression, output_fields=fields, **limit, **options
            )
        )

    def _count(self, expression: str, options: dict[str, Any]) -> int:
        return counted(self._query(expression, ["count(*)"], options))

    def iterate(self, namespace: str | None = None) -> Iterator[Entry]:
        """All entries (of one namespace if given), read in pages of at most 256."""
        self._check_open()
        where = "" if namespace is None else f'tenant == "{digest("namespace", namespace)}"'
        return self._pages(where, namespace)

    def _pages(self, where: str, namespace: str | None) -> Iterator[Entry]:
        def page(expression: str, limit: int) -> list[MilvusRow]:
            return self._breaker.read(
                "iterate", lambda: self._query(expression, OUTPUT_FIELDS, self._scans, limit=limit)
            )

        count = self._breaker.read("count", lambda: self._count(where, self._scans))
        for rows in scan(page, count, _PAGE):
            pending = self._touches.pending(row["entry_id"] for row in rows)
            for row in rows:
                if namespace is None or row["namespace"] == namespace:
                    yield entry_of(row, pending)

    def lowest_priority(self, n: int) -> list[tuple[str, int, float]]:
        """Up to ``n`` (entry id, size, priority) triples, lowest priority first.

        Buffered touches are written first. Cost: one range query, and now and
        then a full scan of (id, size, priority); see _scan.py.
        """
        self._check_open()
        self._touches.flush()
        return self._scan.lowest(n)

    def expired(self, now: float, limit: int) -> list[str]:
        """Ids of up to ``limit`` entries whose ``expires_at`` is at or before ``now``."""
        self._check_open()
        if limit <= 0:
            return []
        expression = f"expires_at <= {float(now)!r}"
        fields, most = ["entry_id", "expires_at"], min(limit, _MAX_LIMIT)
        rows = self._breaker.read(
            "expiry query", lambda: self._query(expression, fields, self._checks, limit=most)
        )
        rows = sorted(rows, key=lambda row: float(row["expires_at"]))
        return [str(row["entry_id"]) for row in rows]

    def usage(self) -> tuple[int, int]:
        """(entries, bytes), a few seconds old at most; see _scan.py for the cost."""
        self._check_open()
        return self._scan.usage()

    # -- life cycle -------------------------------------------------------------

    def close(self) -> None:
        """Write buffered touches and disconnect (stopping a Milvus Lite server). Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        try:
            self._touches.close()
        finally:
            disconnect(self._config, self._client)

    def __enter__(self) -> MilvusStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"MilvusStore({self._where}, collection={self._collection!r})"

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("store is closed; open a new MilvusStore to use it again")

    def _vector(self, vector: Vectors) -> npt.NDArray[np.float32]:
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        if query.shape != (self._dim,) or not np.isfinite(query).all():
            raise InvalidRequestError(
                f"vector must hold {self._dim} finite numbers for this store; got shape "
                f"{np.shape(vector)}: embed with the embedder the store was created with"
            )
        return query
