"""Eviction order and usage totals on Milvus, which can neither ORDER BY nor SUM.

``lowest_priority(n)`` keeps a *cutoff*: a priority below which only a few
thousand entries lie. A range query ``priority <= cutoff`` (served by the
scalar index) returns every such entry, live, so the n lowest among them are
the n lowest of the collection, as long as there are at least n of them and
fewer than the query's limit. Otherwise one full scan of (id, size, priority)
picks a new cutoff, ``WINDOW`` entries up. Evicting in rounds of 64, that is
one full scan per ~30 rounds; the scan reads ~50 bytes per entry (about 50 MB
for a million entries).

``usage()`` is (count, bytes). Counting is cheap in Milvus but summing sizes
needs a full scan, so both come from the same scan and are cached: refreshed
when older than ``USAGE_SECONDS`` (or 20 times the last scan's duration, so
that scanning takes at most ~5 % of the time), and adjusted in between by this
process's own adds and deletes. Other processes' writes show up at the next
refresh.

Full scans page by primary-key range, not with pymilvus's QueryIterator (which
keeps a server-side session and, on Milvus Lite, logs a warning per scan):
primary keys are hex digests, uniformly spread, so ranges of them split a
collection into even slices of about half a page; a slice that fills a page
is split in two.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Final

from ._breaker import Breaker
from ._rows import counted

__all__ = ["USAGE_SECONDS", "WINDOW", "Scanner", "scan"]

#: Entries below the eviction cutoff after a full scan.
WINDOW: Final = 2048
_WINDOW_LIMIT = 4 * WINDOW  # a range query this full may be truncated: rescan
#: Seconds a usage total may be reused.
USAGE_SECONDS: Final = 5.0
_PAGE = 16_384  # rows of (id, size, priority) per query: Milvus's largest limit
_SPACE = 16**8  # primary keys are sliced by their first 8 hex digits
_FIELDS = ["entry_id", "size", "priority"]
_log = logging.getLogger("semcache.store")

Victim = tuple[str, int, float]


class Scanner:
    """Eviction candidates and usage totals of one collection. Thread-safe."""

    def __init__(self, client: Any, collection: str, breaker: Breaker, **options: Any) -> None:
        self._client = client
        self._collection = collection
        self._breaker = breaker
        self._options = options  # timeout, consistency_level
        self._lock = threading.Lock()
        self._cutoff: float | None = None
        self._usage: tuple[int, int] | None = None
        self._usage_until = 0.0

    def lowest(self, n: int) -> list[Victim]:
        """Up to ``n`` (entry id, size, priority), lowest priority first."""
        if n <= 0:
            return []
        with self._lock:
            rows = self._window(n) if self._cutoff is not None else None
            if rows is None:
                rows = self._breaker.read("scan", lambda: self._rescan(n))
        rows.sort(key=lambda row: (row[2], row[0]))
        return rows[:n]

    def usage(self) -> tuple[int, int]:
        """(entries, bytes), at most ``USAGE_SECONDS`` old plus this process's changes."""
        with self._lock:
            if self._usage is None or time.monotonic() >= self._usage_until:
                try:
                    self._breaker.read("usage scan", lambda: self._rescan(0))
                except Exception:
                    if self._usage is None:
                        raise
                    _log.debug("semcache: Milvus usage kept from the last scan", exc_info=True)
            assert self._usage is not None
            return self._usage

    def adjust(self, entries: int, size: int) -> None:
        """Account for entries this process added (positive) or removed (negative)."""
        with self._lock:
            if self._usage is not None:
                count, total = self._usage
                self._usage = (max(count + entries, 0), max(total + size, 0))

    def forget(self) -> None:
        """Drop the cached totals and cutoff (after a clear)."""
        with self._lock:
            self._usage, self._cutoff = None, None

    def _window(self, n: int) -> list[Victim] | None:
        expression = f"priority <= {self._cutoff!r}"
        found = self._breaker.read("eviction query", lambda: self._query(expression))
        if n <= len(found) < _WINDOW_LIMIT:
            return found
        return None

    def _query(self, expression: str) -> list[Victim]:
        rows = self._client.query(
            self._collection,
            filter=expression,
            output_fields=_FIELDS,
            limit=_WINDOW_LIMIT,
            **self._options,
        )
        return [_victim(row) for row in rows]

    def _rescan(self, n: int) -> list[Victim]:
        started = time.monotonic()
        count = total = 0

        def counted() -> Iterator[Victim]:
            nonlocal count, total
            for row in self._pages():
                count, total = count + 1, total + row[1]
                yield row

        lowest = heapq.nsmallest(max(WINDOW, n), counted(), key=lambda row: row[2])
        spent = time.monotonic() - started
        self._usage = (count, total)
        self._usage_until = time.monotonic() + max(USAGE_SECONDS, 20 * spent)
        self._cutoff = lowest[-1][2] if lowest else None
        return lowest

    def _pages(self) -> Iterator[Victim]:
        def page(expression: str, limit: int) -> list[dict[str, Any]]:
            return list(
                self._client.query(
                    self._collection,
                    filter=expression,
                    output_fields=_FIELDS,
                    limit=limit,
                    **self._options,
                )
            )

        total = self._client.query(
            self._collection, filter="", output_fields=["count(*)"], **self._options
        )
        for rows in scan(page, counted(total), _PAGE):
            yield from (_victim(row) for row in rows)


def scan(
    query: Callable[[str, int], list[dict[str, Any]]], count: int, page: int, where: str = ""
) -> Iterator[list[dict[str, Any]]]:
    """Every row matching ``where``, in pages of fewer than ``page`` rows.

    ``query(expression, limit)`` runs one query; ``count`` (an estimate of the
    matching rows) sets how many slices of the primary-key space are read.
    """
    slices = max(1, min(2 * count // page + 1, _SPACE))
    bounds = [i * _SPACE // slices for i in range(slices + 1)]
    stack = list(itertools.pairwise(bounds))[::-1]
    while stack:
        low, high = stack.pop()
        expression = " and ".join(filter(None, [*_slice(low, high), where and f"({where})"]))
        rows = query(expression, page)
        if len(rows) >= page and high - low > 1:  # maybe truncated: read both halves
            middle = (low + high) // 2
            stack += [(middle, high), (low, middle)]
        elif rows:
            yield rows


def _slice(low: int, high: int) -> list[str]:
    """Filters of the primary keys from ``low`` to ``high`` (their first 8 hex digits)."""
    return [
        *([f'pk >= "{low:08x}"'] if low > 0 else []),
        *([f'pk < "{high:08x}"'] if high < _SPACE else []),
    ]


def _victim(row: dict[str, Any]) -> Victim:
    return (str(row["entry_id"]), int(row["size"]), float(row["priority"]))
