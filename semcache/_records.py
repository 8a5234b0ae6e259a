"""Immutable records passed between the stages of a lookup."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from ._errors import InvalidRequestError

__all__ = ["Candidate", "Entry", "Hit", "HitKind", "Key", "Verified", "dump_response"]

HitKind = Literal["exact", "semantic"]
#: How a served hit was verified: a judge's "yes" (sync mode, a remembered verdict, or
#: an alias the judge made), the strict threshold, or the entry's learned threshold
#: under ``max_error_rate``.
Verified = Literal["judge", "threshold", "learned"]


@dataclass(frozen=True, slots=True)
class Key:
    """What a request is cached under.

    ``namespace`` is the tenant, ``scope`` a digest of everything that must match
    exactly (model, parameters, system prompt, earlier turns), ``text`` what is
    embedded and compared (the last user turn, or the prompt).
    """

    namespace: str
    scope: str
    text: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One cached answer as a store holds it.

    Times are Unix seconds. ``expires_at`` is absolute (None: never). ``cost`` is
    what the entry saves per hit (e.g. response tokens), used by the cost-aware
    eviction policy; ``size`` is the stored size in bytes (prompt + response).
    ``floor`` is the entry's own threshold: the lowest similarity at which it may be
    served as a semantic hit, raised by feedback on a wrong hit (0: only the
    lookup's threshold applies).
    """

    id: str
    namespace: str
    scope: str
    prompt: str
    response: Any
    created_at: float
    accessed_at: float
    expires_at: float | None = None
    hits: int = 0
    size: int = 0
    cost: float = 1.0
    floor: float = 0.0

    def expired(self, now: float) -> bool:
        """Whether the entry's absolute expiry time has passed at ``now``."""
        return self.expires_at is not None and self.expires_at <= now


#: A search result: the entry and its similarity to the query (higher is closer).
Candidate = tuple[Entry, float]


@dataclass(frozen=True, slots=True)
class Hit:
    """A cached answer served for a lookup.

    ``similarity`` is the cosine similarity of the query to the cached prompt,
    higher is closer (1.0 for an exact hit). ``verified`` says what let it be
    served: "threshold" (the similarity threshold and the verifier), "judge" (a
    judge said yes, now or earlier) or "learned" (the entry's learned threshold).
    """

    response: Any
    similarity: float
    prompt: str
    kind: HitKind
    entry_id: str
    namespace: str
    scope: str
    created_at: float
    verified: Verified = "threshold"


def _vouched(encoded: object) -> str:
    """``encoded`` as stored text; InvalidRequestError for what is sure to be no stored
    JSON (not text or bytes, not UTF-8, a tab or line break the stores cannot keep)."""
    if isinstance(encoded, bytes | bytearray):
        try:
            text = bytes(encoded).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidRequestError(
                f"encoded must be the response's JSON in UTF-8; byte {exc.start} is not UTF-8 "
                "(pass encoded=None to have the response encoded)"
            ) from None
    elif isinstance(encoded, str):
        text = encoded
    else:
        raise InvalidRequestError(
            f"encoded must be bytes or str (the response's JSON) or None; got "
            f"{type(encoded).__name__}"
        )
    if "\n" in text or "\r" in text or "\t" in text:
        raise InvalidRequestError(
            "encoded must be compact JSON without tabs or line breaks (the stores keep one "
            "line per entry); pass encoded=None to have the response encoded"
        )
    return text


def dump_response(response: Any, encoded: bytes | str | None = None) -> str:
    """A response as stored: compact JSON, or InvalidRequestError naming what cannot be.

    ``encoded`` is the response's JSON as the caller read it, if it has it: that is the
    answer, decoded from UTF-8 (bytes) and not written again, as the caller vouches
    it parses to ``response`` (see ``SemanticCache.insert``)."""
    if encoded is not None:
        return _vouched(encoded)
    try:
        return json.dumps(response, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise InvalidRequestError(
            f"response must be JSON-serializable (dicts, lists, strings, numbers, bools, None); "
            f"got {type(response).__name__}: {exc}"
        ) from exc
