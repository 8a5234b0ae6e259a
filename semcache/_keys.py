"""Exact-tier keys: how a (namespace, scope, text) triple is hashed."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["exact_key", "normalize_text", "scope_digest"]

_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """The form in which two texts count as the same for the exact tier.

    Unicode NFKC, case-folded, white space collapsed. Case is dropped because the
    default embedder is uncased anyway: keeping it here would only make the exact
    tier miss what the semantic tier then finds at similarity 1.0.
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def _digest(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))  # length-prefixed: no ambiguity
        h.update(data)
    return h.hexdigest()


def exact_key(namespace: str, scope: str, text: str) -> str:
    """The exact-tier hash of a lookup: equal iff all three match (text normalized)."""
    return _digest("exact/v1", namespace, scope, normalize_text(text))


def scope_digest(scope: str | None) -> str:
    """The stored form of a caller's scope string ('' for no scope).

    Scopes are hashed so arbitrarily long scopes (system prompts, whole
    conversations) cost a fixed 32 characters in the store and its filters.
    """
    return "" if scope is None else _digest("scope/v1", scope)
