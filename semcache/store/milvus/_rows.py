"""Entries as Milvus rows, and back: field names, digests and the stored body.

Every value that appears in a filter expression is a hex digest or a number, so
no caller string is ever spliced into an expression. (Rejected: escaping raw
namespaces; the string-literal rules of Milvus's expression parser have changed
between versions and Milvus Lite has its own parser; a digest needs no rules.)

Prompt and response are stored together as one JSON body, zlib-compressed and
base64-encoded when that is shorter, and split over ``BODY_CHUNKS`` VARCHAR
fields of ``CHUNK`` bytes (Milvus's VARCHAR maximum): at most ``MAX_BODY`` bytes
per entry after compression. A body may carry a third element, the judge's
verdicts on the entry (text digest -> [probability, similarity], at most
``MAX_VERDICTS``):
they live with the entry, go with it, and need no schema change (a body of two
elements has none).

A judge's verified alias of an entry has the entry's id, a dot and a suffix
(``semcache.judge.alias_id``); ``aliases_of`` is the filter that finds the aliases
of entries (``entry_id like "<id>.%"``) so that they are deleted with them. Only
ids of hex digits and dots (what the cache makes) can have aliases: nothing else
is spliced into the expression.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
import zlib
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ..._errors import InvalidRequestError, StoreError
from ..._records import Entry
from .._touches import Touch

__all__ = [
    "BODY_FIELDS",
    "CHUNK",
    "MAX_BODY",
    "MAX_TEXT",
    "MAX_VERDICTS",
    "NEVER",
    "OUTPUT_FIELDS",
    "MilvusRow",
    "aliases_of",
    "among",
    "counted",
    "digest",
    "entry_of",
    "finite",
    "row_of",
    "verdicts_of",
    "with_verdict",
]

#: A row as pymilvus takes and returns it: field name -> value.
MilvusRow = dict[str, Any]

CHUNK: Final = 65_535
BODY_CHUNKS: Final = 8
MAX_BODY: Final = CHUNK * BODY_CHUNKS
BODY_FIELDS: Final = tuple(f"body_{i}" for i in range(BODY_CHUNKS))
#: Longest entry id, namespace or scope in UTF-8 bytes.
MAX_TEXT: Final = 1024
#: ``expires_at`` of an entry that never expires (Milvus has no NULL in older
#: versions and not every server takes infinity).
NEVER: Final = 1e18
#: Verdicts kept per entry, the most recent.
MAX_VERDICTS: Final = 64
_COMPRESS_OVER = 512  # bodies shorter than this are stored as plain JSON
_UNPRINTABLE = re.compile(r"[^ -~]")  # what json's ensure_ascii escapes in a string
_ALIASABLE = re.compile(r"[0-9a-f]{1,64}(?:\.[0-9a-f]{1,64}){0,7}")  # no like wildcards

OUTPUT_FIELDS: Final = [
    "entry_id",
    "namespace",
    "scope",
    *BODY_FIELDS,
    "created_at",
    "accessed_at",
    "expires_at",
    "hits",
    "size",
    "cost",
    "priority",
    "floor",
]


def counted(rows: list[MilvusRow]) -> int:
    """The number a ``count(*)`` query returned."""
    return int(rows[0]["count(*)"]) if rows else 0


def digest(kind: str, value: str) -> str:
    """A 32-character hex digest of ``value``, distinct per ``kind``."""
    h = hashlib.blake2b(digest_size=16, person=kind.encode()[:16])
    h.update(value.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def among(field: str, digests: list[str]) -> str:
    """The filter ``field in [...]`` over digests (hex only: nothing to escape)."""
    quoted = ", ".join(f'"{value}"' for value in digests)
    return f"{field} in [{quoted}]"


def aliases_of(entry_ids: list[str]) -> str | None:
    """The filter matching the aliases of ``entry_ids`` at any depth, or None if
    none of them can have aliases (an id that is not hex digits and dots)."""
    owners = [entry_id for entry_id in entry_ids if _ALIASABLE.fullmatch(entry_id)]
    if not owners:
        return None
    return " or ".join(f'entry_id like "{entry_id}.%"' for entry_id in owners)


def finite(name: str, number: float) -> float:
    """``number`` as a float; InvalidRequestError naming ``name`` unless it is finite."""
    value = float(number)
    if not math.isfinite(value):
        raise InvalidRequestError(f"{name} must be a finite number; got {number!r}")
    return value


def row_of(
    entry: Entry,
    vector: npt.NDArray[np.float32],
    *,
    exact_key: str,
    priority: float,
    payload: str,
) -> MilvusRow:
    """The Milvus row of ``entry``, its response being ``payload`` (its compact JSON,
    not encoded again); raises InvalidRequestError if it cannot be stored."""
    for name in ("id", "namespace", "scope"):
        _check_text(name, getattr(entry, name))
    body = _encode(entry.id, entry.prompt, payload, {})
    raw_size = _utf8(entry.prompt) + _utf8(payload)
    expires_at = NEVER if entry.expires_at is None else min(float(entry.expires_at), NEVER)
    return {
        "pk": digest("id", entry.id),
        "entry_id": entry.id,
        "vector": vector.tolist(),
        "tenant": digest("namespace", entry.namespace),
        "scope_key": digest("scope", entry.scope),
        "exact_hash": digest("exact", exact_key),
        "namespace": entry.namespace,
        "scope": entry.scope,
        **dict(zip(BODY_FIELDS, _chunks(body), strict=True)),
        "created_at": float(entry.created_at),
        "accessed_at": float(entry.accessed_at),
        "expires_at": expires_at,
        "hits": int(entry.hits),
        "size": int(entry.size) if entry.size > 0 else raw_size,
        "cost": float(entry.cost),
        "priority": finite("priority", priority),
        "floor": finite("floor", entry.floor),
    }


def entry_of(row: MilvusRow, pending: dict[str, Touch]) -> Entry:
    """The Entry of a row read with ``OUTPUT_FIELDS``, with its buffered touches applied."""
    prompt, response, _ = _decode("".join(row[name] for name in BODY_FIELDS), row["entry_id"])
    hits, accessed_at = int(row["hits"]), float(row["accessed_at"])
    if row["entry_id"] in pending:
        added, accessed_at, _ = pending[row["entry_id"]]
        hits += added
    expires_at = float(row["expires_at"])
    return Entry(
        id=row["entry_id"],
        namespace=row["namespace"],
        scope=row["scope"],
        prompt=prompt,
        response=response,
        created_at=float(row["created_at"]),
        accessed_at=accessed_at,
        expires_at=None if expires_at >= NEVER else expires_at,
        hits=hits,
        size=int(row["size"]),
        cost=float(row["cost"]),
        floor=float(row["floor"]),
    )


def _check_text(name: str, value: str) -> None:
    if _utf8(value) > MAX_TEXT:
        raise InvalidRequestError(
            f"entry {name} is longer than the Milvus store's {MAX_TEXT} bytes; "
            f"got {value[:40]!r}...: use a shorter {name}"
        )


def verdicts_of(row: MilvusRow) -> dict[str, tuple[float, float]]:
    """The verdicts kept in a row read with the body fields."""
    return _decode("".join(row[name] for name in BODY_FIELDS), row["entry_id"])[2]


def with_verdict(row: MilvusRow, text: str, probability: float, similarity: float) -> MilvusRow:
    """The body fields of ``row`` (read with them and ``entry_id``) with one more
    verdict, the oldest dropped beyond ``MAX_VERDICTS``."""
    prompt, response, verdicts = _decode(
        "".join(row[name] for name in BODY_FIELDS), row["entry_id"]
    )
    verdicts.pop(text, None)
    verdicts[text] = (probability, similarity)  # insertion order: the oldest first
    kept = dict(list(verdicts.items())[-MAX_VERDICTS:])
    payload = json.dumps(response, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    body = _encode(row["entry_id"], prompt, payload, kept)
    return dict(zip(BODY_FIELDS, _chunks(body), strict=True))


def _encode(
    entry_id: str, prompt: str, payload: str, verdicts: dict[str, tuple[float, float]]
) -> str:
    """The stored body of an entry: prompt, response (``payload``) and verdicts, if any."""
    notes = f",{json.dumps(verdicts)}" if verdicts else ""  # digests and floats: ASCII
    text = f"[{json.dumps(prompt, ensure_ascii=False)},{payload}{notes}]"
    # Plain bodies are ASCII-only, so characters and bytes count the same in VARCHARs.
    body = f"j[{json.dumps(prompt)},{_ascii(payload)}{notes}]"
    if len(body) > _COMPRESS_OVER:
        packed = zlib.compress(text.encode("utf-8", "surrogatepass"), 6)
        body = min(body, "z" + base64.b64encode(packed).decode("ascii"), key=len)
    if len(body) > MAX_BODY:
        raise InvalidRequestError(
            f"entry {entry_id!r} takes {len(body):,} bytes even compressed; the Milvus store "
            f"holds at most {MAX_BODY:,} per entry: store a smaller response"
        )
    return body


def _ascii(payload: str) -> str:
    """Compact JSON as ``json.dumps(..., ensure_ascii=True)`` writes it: every character
    outside printable ASCII (only ever inside a string) escaped as ``\\uXXXX``."""
    return _UNPRINTABLE.sub(_escaped, payload)


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the BMP: a surrogate pair, as json writes it
    return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"


def _utf8(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _chunks(body: str) -> list[str]:
    parts = [body[i : i + CHUNK] for i in range(0, len(body), CHUNK)]
    return parts + [""] * (BODY_CHUNKS - len(parts))


def _decode(body: str, entry_id: str) -> tuple[str, Any, dict[str, tuple[float, float]]]:
    try:
        if body.startswith("z"):
            body = "j" + zlib.decompress(base64.b64decode(body[1:])).decode(
                "utf-8", "surrogatepass"
            )
        prompt, response, *rest = json.loads(body[1:])
        verdicts = {str(k): (float(p), float(s)) for k, (p, s) in (rest[0] if rest else {}).items()}
    except (ValueError, TypeError, AttributeError, zlib.error, binascii.Error) as exc:
        raise StoreError(f"Milvus store: entry {entry_id!r} has an unreadable body: {exc}") from exc
    return str(prompt), response, verdicts
