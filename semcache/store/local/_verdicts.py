"""Judge verdicts of the local store: a table beside the entries, gone with them.

One row per (entry, digest of a judged text): the judge's probability that the
entry's answer answers that text, and the similarity of the two. The table is
created where missing, so a data directory of an earlier version gains it without
a schema migration, and an earlier version opening it simply ignores it. A trigger deletes
an entry's verdicts with the entry (delete, eviction, expiry, replacement by a
new answer for the same prompt, clear): a verdict is about one stored answer.

A judge's verified alias of an entry is an ordinary entry whose id is the entry's
id, a dot and a suffix (``semcache.judge.alias_id``). ``delete_aliases`` removes
the aliases of removed entries (and theirs: every id under ``"<id>."``) in the
same transaction, so an alias never outlives its entry; the id range is read on
the ``id`` index, so an entry without aliases costs one index probe.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from typing import Final

__all__ = [
    "MAX_VERDICTS",
    "delete_aliases",
    "ensure_verdicts",
    "read_verdicts",
    "record_verdict",
]

#: Verdicts kept per entry, the most recent.
MAX_VERDICTS: Final = 64

_SCHEMA = """
CREATE TABLE IF NOT EXISTS verdicts (
    entry_id TEXT NOT NULL,
    text TEXT NOT NULL,
    probability REAL NOT NULL,
    similarity REAL NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (entry_id, text)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS verdicts_of_removed AFTER DELETE ON entries BEGIN
    DELETE FROM verdicts WHERE entry_id = OLD.id;
END;
"""


def ensure_verdicts(conn: sqlite3.Connection) -> None:
    """Create the verdicts table and its trigger where missing (idempotent)."""
    conn.executescript(f"BEGIN; {_SCHEMA} COMMIT;")


def read_verdicts(conn: sqlite3.Connection, entry_id: str) -> dict[str, tuple[float, float]]:
    """The verdicts of one entry: text digest -> (probability, similarity)."""
    rows = conn.execute(
        "SELECT text, probability, similarity FROM verdicts WHERE entry_id = ?", (entry_id,)
    )
    return {text: (float(p), float(s)) for text, p, s in rows}


def record_verdict(
    conn: sqlite3.Connection, entry_id: str, text: str, probability: float, similarity: float
) -> bool:
    """Keep one verdict (replacing an earlier one for the same text) if the entry
    exists; drops the entry's oldest beyond MAX_VERDICTS. Call inside a transaction."""
    if conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is None:
        return False
    conn.execute(
        "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?)",
        (entry_id, text, probability, similarity, time.time()),
    )
    conn.execute(
        "DELETE FROM verdicts WHERE entry_id = ? AND text NOT IN (SELECT text FROM verdicts "
        "WHERE entry_id = ? ORDER BY at DESC LIMIT ?)",
        (entry_id, entry_id, MAX_VERDICTS),
    )
    return True


def delete_aliases(conn: sqlite3.Connection, entry_ids: Iterable[str]) -> list[tuple[int, str]]:
    """Delete the aliases of ``entry_ids`` (ids starting with ``"<id>."``, at any
    depth); returns their (rowid, bucket) pairs. Call inside a transaction."""
    removed: list[tuple[int, str]] = []
    for entry_id in dict.fromkeys(entry_ids):
        # "." + 1 is "/": the half-open range holds exactly the ids under "<id>.".
        removed += conn.execute(
            "DELETE FROM entries WHERE id >= ? AND id < ? RETURNING rowid, bucket",
            (entry_id + ".", entry_id + "/"),
        ).fetchall()
    return removed
