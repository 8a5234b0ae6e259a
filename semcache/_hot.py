"""The entries served lately as exact hits, kept in memory to be served again.

An exact hit read on an event loop costs a store query and a payload decode; served
from here it costs a dictionary look-up. Kept only what the cache itself served from
the exact tier of a store this process owns (the local store), so nothing written
elsewhere can be missed: every removal (delete, clear, eviction, expiry, a put that
replaces the entry) passes through the cache, which forgets the entry here after
the store has changed. A lookup remembers what it read only if nothing was forgotten
in between (``epoch``), so a removal racing the read cannot leave a stale entry.

Thread safety: every method may be called from any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Final

from ._records import Entry

__all__ = ["DEFAULT_HOT_BYTES", "DEFAULT_HOT_ENTRIES", "HotEntries"]

#: Entries kept (the most recently remembered); each holds its decoded response.
DEFAULT_HOT_ENTRIES: Final = 1024
#: ... and their sizes (``Entry.size``: prompt and stored payload) at most this in all.
DEFAULT_HOT_BYTES: Final = 16 * 1024 * 1024


class HotEntries:
    """Exact-tier entries by id, at most ``limit`` of them and ``max_bytes`` of their
    sizes (oldest remembered first out)."""

    def __init__(
        self, limit: int = DEFAULT_HOT_ENTRIES, max_bytes: int = DEFAULT_HOT_BYTES
    ) -> None:
        self._limit, self._max_bytes = limit, max_bytes
        self._bytes = 0
        self._entries: dict[str, tuple[str, Entry]] = {}  # id -> (exact key, entry)
        self._ids: dict[str, str] = {}  # exact key -> id
        self._lock = threading.Lock()
        self.epoch = 0  # advanced by every removal

    def get(self, entry_id: str) -> Entry | None:
        """The entry remembered under ``entry_id``, if any."""
        found = self._entries.get(entry_id)
        return None if found is None else found[1]

    def remember(self, exact_key: str, entry: Entry, epoch: int) -> None:
        """Keep ``entry`` (found under ``exact_key``), unless anything was forgotten
        since ``epoch`` (read before the store was)."""
        if entry.size > self._max_bytes:
            return
        with self._lock:
            if epoch != self.epoch:
                return
            self._drop_key(exact_key)
            self._drop_id(entry.id)
            self._entries[entry.id] = (exact_key, entry)
            self._ids[exact_key] = entry.id
            self._bytes += entry.size
            while len(self._entries) > self._limit or self._bytes > self._max_bytes:
                self._drop_id(next(iter(self._entries)))

    def update(self, entry: Entry) -> None:
        """Replace the remembered copy of ``entry`` (its hit count, access time)."""
        with self._lock:
            found = self._entries.get(entry.id)
            if found is not None:
                self._entries[entry.id] = (found[0], entry)

    def forget(self, entry_ids: Iterable[str] = (), exact_key: str | None = None) -> None:
        """Forget these entries and whatever was stored under ``exact_key``."""
        with self._lock:
            self.epoch += 1
            for entry_id in entry_ids:
                self._drop_id(entry_id)
            if exact_key is not None:
                self._drop_key(exact_key)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self.epoch += 1
            self._entries.clear()
            self._ids.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _drop_id(self, entry_id: str) -> None:
        found = self._entries.pop(entry_id, None)
        if found is not None:
            self._ids.pop(found[0], None)
            self._bytes -= found[1].size

    def _drop_key(self, exact_key: str) -> None:
        entry_id = self._ids.get(exact_key)
        if entry_id is not None:
            self._drop_id(entry_id)
