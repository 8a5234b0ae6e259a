"""The checks: what a text says in the words of its language's table, and the
differences that veto a pair."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

from . import de, es, fr, pt
from ._aligned import CONTENT, GRAMMAR, Words, aligned, fold, same_word, words_of

__all__ = ["TABLES", "conflict_in", "english_guards"]

TABLES: dict[str, ModuleType] = {"de": de, "es": es, "fr": fr, "pt": pt}

_WORD = re.compile(r"[a-z]+|\d+(?:[.,]\d+)?")
_ROMAN = re.compile(r"\b[IVX]{1,5}\b")
_PREFIX = 5  # stems at least this long match a word's beginning; shorter, whole words


@dataclass(frozen=True)
class _Profile:
    negations: tuple[str, ...]
    poles: frozenset[tuple[int, int]]
    numbers: frozenset[str]
    questions: frozenset[str]
    qualifiers: frozenset[str]
    names: frozenset[str]


def _matches(stem: str, words: tuple[str, ...], joined: str) -> bool:
    if stem.startswith("$"):
        return bool(words) and words[-1] == stem[1:]
    if " " in stem:
        return f" {stem} " in joined
    if len(stem) >= _PREFIX:
        return any(word.startswith(stem) for word in words)
    return stem in words


@lru_cache(maxsize=65536)
def _word_poles(word: str, language: str) -> frozenset[tuple[int, int]]:
    """The (opposite pair, side) one word stands for (memoized per word)."""
    whole, prefixed = _pole_index(language)
    found = set(whole.get(word, ()))
    found.update(pole for stem, pole in prefixed.get(word[:_PREFIX], ()) if word.startswith(stem))
    return frozenset(found)


_Pole = tuple[int, int]


@lru_cache(maxsize=8)
def _opposites(language: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """A language's opposite pairs: its own table and the general lexicon."""
    table = TABLES[language]
    return (*table.OPPOSITES, *table.GENERAL_OPPOSITES)


@lru_cache(maxsize=8)
def _pole_index(
    language: str,
) -> tuple[dict[str, list[_Pole]], dict[str, list[tuple[str, _Pole]]]]:
    """The one-word stems of ``language``'s opposites: by the whole word, and (those
    matching a word's beginning) by their first letters."""
    whole: dict[str, list[_Pole]] = {}
    prefixed: dict[str, list[tuple[str, _Pole]]] = {}
    for i, pair in enumerate(_opposites(language)):
        for side, stems in enumerate(pair):
            for stem in stems:
                if stem.startswith("$") or " " in stem:
                    continue
                whole.setdefault(stem, []).append((i, side))
                if len(stem) >= _PREFIX:
                    prefixed.setdefault(stem[:_PREFIX], []).append((stem, (i, side)))
    return whole, prefixed


@lru_cache(maxsize=8)
def _phrase_stems(language: str) -> tuple[tuple[int, int, str], ...]:
    """The stems that read more than one word: phrases and last words ("$ein")."""
    return tuple(
        (i, side, stem)
        for i, pair in enumerate(_opposites(language))
        for side, stems in enumerate(pair)
        for stem in stems
        if stem.startswith("$") or " " in stem
    )


@lru_cache(maxsize=4096)
def _profile(text: str, language: str) -> _Profile:
    table = TABLES[language]
    plain = fold(text)
    words = tuple(_WORD.findall(plain))
    joined = f" {' '.join(words)} "
    poles = {pole for word in words for pole in _word_poles(word, language)}
    poles |= {
        (i, side) for i, side, stem in _phrase_stems(language) if _matches(stem, words, joined)
    }
    numbers = {w.replace(",", ".") for w in words if w[0].isdigit()}
    numbers |= {str(table.NUMBERS[w]) for w in words if w in table.NUMBERS}
    numbers |= {f"roman:{r}" for r in _ROMAN.findall(text) if r != "I" or len(text) < 80}
    questions = {
        kind
        for kind, phrases in table.QUESTIONS.items()
        if any(f" {p.strip()} " in joined for p in phrases)
    }
    if questions & _MEASURES or "why" in questions:
        questions.discard("how")  # "wie viel" is not "wie"; "por que" not "que"
    if questions & (_MEASURES - {"quantity"}):
        questions.discard("quantity")  # "combien de temps" asks for a duration
    read = words_of(text, table)
    if _which_noun(read, table):
        questions.add("which")
    return _Profile(
        negations=tuple(sorted(w for w in words if w in table.NEGATION)),
        poles=frozenset(poles),
        numbers=frozenset(numbers),
        questions=frozenset(questions),
        qualifiers=frozenset(q for q in table.QUALIFIERS if _matches(q, words, joined)),
        names=frozenset(s for s, name in zip(read.stems, read.names, strict=True) if name),
    )


_STRONG = frozenset({"why", "when", "where", "who"})
# What a "how much / how long / how old ..." question asks for: one measure.
_MEASURES = frozenset({"quantity", "duration", "age", "size", "weight", "distance", "frequency"})


def _unmatched(names: frozenset[str], others: frozenset[str]) -> bool:
    """Whether a name of ``names`` is none of ``others`` ("Deutschlands" is "Deutschland")."""
    return any(not any(same_word(n, o) for o in others) for n in names)


def _which_noun(read: Words, table: ModuleType) -> bool:
    """Whether the text asks "which <thing>" ("quelle température", "bei welcher
    Temperatur", "qual a temperatura"): a which-word, then (an article and) content."""
    for i, word in enumerate(read.words[:-1]):
        if word in table.WHICH:
            after = read.kinds[i + 1 : i + 3]
            if after[:1] == (CONTENT,) or after == (GRAMMAR, CONTENT):
                return True
    return False


def conflict_in(
    a: str, b: str, language: str, similarity: float, names: Collection[str]
) -> str | None:
    """The check that tells ``a`` and ``b`` apart in ``language``'s words, or None."""
    found = _table_conflict(a, b, language)
    if found is None and names:
        table = TABLES[language]
        found = aligned(words_of(a, table), words_of(b, table), table, similarity, names)
    return found


def _table_conflict(a: str, b: str, language: str) -> str | None:
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
    # "How many hours / metres" can ask for any measure; "how long" and "how old" cannot.
    measures_a, measures_b = pa.questions & _MEASURES, pb.questions & _MEASURES
    if "how" in differ and (measures_a or measures_b) and pa.questions != pb.questions:
        return "question"  # "comment" / "combien"
    measures_a, measures_b = measures_a - {"quantity"}, measures_b - {"quantity"}
    if measures_a and measures_b and measures_a != measures_b:
        return "question"  # "wie alt" / "wie hoch"
    if bool(measures_a) != bool(measures_b) and "which" in differ:
        return "question"  # "combien de temps" / "quelle température"
    if pa.qualifiers != pb.qualifiers:
        return "qualifier"
    if _unmatched(pa.names, pb.names) and _unmatched(pb.names, pa.names):
        return "entity"
    return None


# The English guards that misread these languages: "entity" takes German nouns and
# a sentence opened by ¿ for names (the names check above reads them right).
_MISREAD = frozenset({"entity"})


def english_guards(guards: tuple[str, ...], language: str) -> tuple[str, ...]:
    """The English lexical guards worth running on a text in ``language``."""
    return guards if language not in TABLES else tuple(g for g in guards if g not in _MISREAD)
