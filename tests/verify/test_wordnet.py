"""The WordNet table the alignment checks read (semcache/verify/data/wordnet.txt)."""

from __future__ import annotations

import pytest

from semcache.verify._align import related, stem
from semcache.verify._wordnet import ANTONYM, COHYPONYM, SYNONYM, load


@pytest.mark.parametrize(
    ("x", "y", "relation"),
    [
        ("buy", "purchase", SYNONYM),
        ("autumn", "fall", SYNONYM),
        ("early", "late", ANTONYM),
        ("wide", "narrow", ANTONYM),
        ("bay", "estuary", COHYPONYM),
        ("early", "hammock", None),
    ],
)
def test_relations_between_words(x: str, y: str, relation: str | None) -> None:
    """Synonyms, antonyms and co-hyponyms are found by stem."""
    assert related(stem(x), stem(y)) == relation


def test_inflections_meet_through_the_stem() -> None:
    """ "purchased" is "purchase": the table is indexed by the alignment's stem."""
    assert related(stem("purchased"), stem("buying")) == SYNONYM


def test_the_table_carries_wordnets_licence() -> None:
    """The data file starts with Princeton's notice (the licence requires it)."""
    from importlib import resources

    head = resources.files("semcache.verify").joinpath("data/wordnet.txt").read_text()[:3000]
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in head


def test_a_word_is_not_related_to_itself() -> None:
    """The same stem is the same word, not a relation."""
    assert load(stem).relation("late", "late") is None
