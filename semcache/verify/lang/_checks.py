"""The checks: what a text says in the words of its language's table, and the
differences that veto a pair."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

from . import de, es, fr, pt

__all__ = ["TABLES", "conflict_in", "english_guards"]

TABLES: dict[str, ModuleType] = {"de": de, "es": es, "fr": fr, "pt": pt}

_WORD = re.compile(r"[a-z]+|\d+(?:[.,]\d+)?")
_ROMAN = re.compile(r"\b[IVX]{1,5}\b")
_TOKEN = re.compile(r"\S+")
_OPENERS = '.?!¿¡"«“(:'
_PREFIX = 5  # stems at least this long match a word's beginning; shorter, whole words


@dataclass(frozen=True)
class _Profile:
    negations: tuple[str, ...]
    poles: frozenset[tuple[int, int]]
    numbers: frozenset[str]
    questions: frozenset[str]
    qualifiers: frozenset[str]
    names: frozenset[str]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _matches(stem: str, words: tuple[str, ...], joined: str) -> bool:
    if stem.startswith("$"):
        return bool(words) and words[-1] == stem[1:]
    if " " in stem:
        return f" {stem} " in joined
    if len(stem) >= _PREFIX:
        return any(word.startswith(stem) for word in words)
    return stem in words


@lru_cache(maxsize=4096)
def _profile(text: str, language: str) -> _Profile:
    table = TABLES[language]
    plain = _plain(text)
    words = tuple(_WORD.findall(plain))
    joined = f" {' '.join(words)} "
    poles = {
        (i, side)
        for i, pair in enumerate(table.OPPOSITES)
        for side, stems in enumerate(pair)
        if any(_matches(stem, words, joined) for stem in stems)
    }
    numbers = {w.replace(",", ".") for w in words if w[0].isdigit()}
    numbers |= {str(table.NUMBERS[w]) for w in words if w in table.NUMBERS}
    numbers |= {f"roman:{r}" for r in _ROMAN.findall(text) if r != "I" or len(text) < 80}
    questions = {
        kind
        for kind, phrases in table.QUESTIONS.items()
        if any(f" {p.strip()} " in joined for p in phrases)
    }
    if "howmuch" in questions or "why" in questions:
        questions.discard("how")  # "wie viel" is not "wie"; "por que" not "que"
    names = _names(text) if table.NAMES else set()
    return _Profile(
        negations=tuple(sorted(w for w in words if w in table.NEGATION)),
        poles=frozenset(poles),
        numbers=frozenset(numbers),
        questions=frozenset(questions),
        qualifiers=frozenset(q for q in table.QUALIFIERS if _matches(q, words, joined)),
        names=frozenset(_plain(n) for n in names),
    )


def _names(text: str) -> set[str]:
    """Capitalized words inside a sentence (not the first one, nor after ¿ or a full stop)."""
    found, starts = set(), True
    for token in _TOKEN.findall(text):
        word = token.lstrip(_OPENERS)
        if word[:1].isupper() and not starts and token[:1] not in _OPENERS:
            found.add(word.rstrip(".,;:?!»”)\"'"))
        starts = token[-1:] in ".?!:" or (not word and token[:1] in _OPENERS)
    return found


_STRONG = frozenset({"why", "when", "where", "who"})


def conflict_in(a: str, b: str, language: str) -> str | None:
    """The check that tells ``a`` and ``b`` apart in ``language``'s words, or None."""
    pa, pb = _profile(a, language), _profile(b, language)
    if pa.negations != pb.negations:
        return "negation"
    pairs_a = {i for i, _ in pa.poles}
    for i in pairs_a & {i for i, _ in pb.poles}:
        if {s for j, s in pa.poles if j == i} != {s for j, s in pb.poles if j == i}:
            return "opposite"
    if pa.numbers != pb.numbers:
        return "number"
    differ = pa.questions ^ pb.questions
    if differ & _STRONG and pa.questions and pb.questions:
        return "question"
    if {"how", "howmuch"} <= differ and pa.questions != pb.questions:
        return "question"
    if pa.qualifiers != pb.qualifiers:
        return "qualifier"
    if pa.names - pb.names and pb.names - pa.names:
        return "entity"
    return None


# The English guards that misread these languages: "entity" takes German nouns and
# a sentence opened by ¿ for names (the names check above reads them right).
_MISREAD = frozenset({"entity"})


def english_guards(guards: tuple[str, ...], language: str) -> tuple[str, ...]:
    """The English lexical guards worth running on a text in ``language``."""
    return guards if language not in TABLES else tuple(g for g in guards if g not in _MISREAD)
