"""Checks for prompts in French, German, Spanish and Portuguese.

The guards of :mod:`semcache.verify` read English words. ``conflict(a, b)``
here names the check that tells two prompts apart in the language(s) they are
in (negation, opposite pairs, numbers spelled out or not, question words, times,
direction, qualifiers and added output languages, names), or None. Each language's words
are a small table in its own module (fr.py, de.py, es.py, pt.py). Where a judge
is configured, it covers any language.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from ...lang import identify
from ._aligned import ALIGNED, DEFAULT_LANG_SWAP_FLOOR
from ._checks import TABLES, conflict_in, english_guards, forget_texts

__all__ = [
    "ALIGNED",
    "DEFAULT_LANG_SWAP_FLOOR",
    "LANGUAGES",
    "conflict",
    "forget_texts",
    "guards_for",
    "reads",
]

#: The languages checked here (ISO 639-1), besides English (semcache.verify's guards).
LANGUAGES: Final = frozenset(TABLES)


def conflict(
    a: str, b: str, similarity: float = 1.0, *, aligned: Collection[str] = ALIGNED
) -> str | None:
    """The name of the check that vetoes serving one of ``a``, ``b`` for the other
    ("negation", "opposite", "number", "modality", "question", "time", "direction",
    "qualifier", "contrast", "entity", and the
    alignment checks named in ``aligned``: "qualifier", "substitution", "order"), or
    None. Both texts are read in each of their languages that has a table. The
    default ``similarity``, 1.0, leaves out what depends on the model's similarity."""
    for language in dict.fromkeys((identify(a), identify(b))):
        if language in TABLES:
            found = conflict_in(a, b, language, similarity, aligned)
            if found is not None:
                return found
    return None


def reads(a: str, b: str) -> bool:
    """Whether ``a`` or ``b`` is in one of ``LANGUAGES``: then these checks align the
    pair in that language, and semcache.verify's alignment (English words) does not."""
    return identify(a) in TABLES or identify(b) in TABLES


def guards_for(a: str, b: str, guards: tuple[str, ...]) -> tuple[str, ...]:
    """Of the English lexical ``guards``, those that read ``a`` and ``b`` right: all
    for English; not "entity" for a text in one of ``LANGUAGES`` (German nouns and
    a "¿Qué" that opens a sentence are capitalized: names to it), nor "negation"
    (each table reads its own), nor "direction" where neither text has one of the
    language's direction prepositions ("Eine Banane hat wie viele Kalorien?")."""
    for language in dict.fromkeys((identify(a), identify(b))):
        guards = english_guards(guards, language, a, b)
    return guards
