"""Synonyms, antonyms and co-hyponyms from Princeton WordNet 3.0.

The table (data/wordnet.txt, built by training/wordnet_relations.py; WordNet's
licence is at its top) is read once, on the first alignment that needs it, and
indexed by the alignment's light stem, so "purchased" meets "buy" through
"purchase". A relation holds between two stems if any words they stand for hold it.
Read-only after loading: thread-safe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

__all__ = ["ANTONYM", "COHYPONYM", "SYNONYM", "Relations", "load"]

SYNONYM, ANTONYM, COHYPONYM = "synonym", "antonym", "cohyponym"


@dataclass(frozen=True, slots=True)
class Relations:
    """For each stem, the ids of the synonym sets, antonym sides and co-hyponym groups
    its words are in (an antonymy's two sides are ids 2k and 2k + 1)."""

    synonyms: dict[str, frozenset[int]]
    antonyms: dict[str, frozenset[int]]
    cohyponyms: dict[str, frozenset[int]]

    def relation(self, x: str, y: str) -> str | None:
        """SYNONYM, ANTONYM, COHYPONYM or None for two stems; synonymy wins (a word
        can be a sibling of its own synonym in another sense)."""
        if x == y:
            return None
        if self.synonyms.get(x, _NONE) & self.synonyms.get(y, _NONE):
            return SYNONYM
        sides_x, sides_y = self.antonyms.get(x, _NONE), self.antonyms.get(y, _NONE)
        if sides_x and sides_y and {k ^ 1 for k in sides_x} & sides_y:
            return ANTONYM
        if self.cohyponyms.get(x, _NONE) & self.cohyponyms.get(y, _NONE):
            return COHYPONYM
        return None


_NONE: frozenset[int] = frozenset()


def load(key: Callable[[str], str]) -> Relations:
    """The table, each word indexed under ``key(word)`` (the alignment's stem)."""
    text = resources.files(__package__).joinpath("data/wordnet.txt").read_text("utf-8")
    index: dict[str, dict[str, set[int]]] = {"S": {}, "A": {}, "C": {}}
    counts = {"S": 0, "A": 0, "C": 0}
    for line in text.splitlines():
        kind = line[:1]
        if kind not in index or line[1:2] != " ":
            continue
        if kind == "A":
            left, right = line[2:].split(" | ")
            ident = 2 * counts["A"]
            _add(index["A"], left.split(), ident, key)
            _add(index["A"], right.split(), ident + 1, key)
        else:
            _add(index[kind], line[2:].split(), counts[kind], key)
        counts[kind] += 1
    synonyms, antonyms, cohyponyms = (
        {k: frozenset(v) for k, v in index[kind].items()} for kind in "SAC"
    )
    return Relations(synonyms, antonyms, cohyponyms)


def _add(
    index: dict[str, set[int]], words: list[str], ident: int, key: Callable[[str], str]
) -> None:
    for word in words:
        index.setdefault(key(word), set()).add(ident)
