"""Guards that no longer refuse what one question says two ways (issue #13, T16).

The pairs are written for these tests; each rule also keeps its look-alike refused.
"""

from __future__ import annotations

import pytest

from semcache.verify import conflict, difference

HIGH = 0.95  # above every similarity floor: only a check can refuse


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "how long should I let bread cool after baking",
            "after baking bread, how long should it cool before slicing",
        ),
        (
            "how long to wait to shower after a workout",
            "after a workout, how long should i wait before showering?",
        ),
    ],
)
def test_one_order_told_in_two_sentences_is_not_opposite(a: str, b: str) -> None:
    """ "X after Y" / "after Y, X before Z": both sequence poles in separate clauses on
    one side tell the same order, not both poles against one."""
    assert conflict(a, b) is None
    assert conflict(b, a) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what to pack before and after a hike", "what to pack after a hike"),
        ("what to eat before a long run", "what to eat after a long run"),
        ("can I drink milk after the best-before date", "can I drink milk after the use-by date"),
    ],
)
def test_sequence_poles_still_oppose(a: str, b: str) -> None:
    """Both poles joined ("before and after") against one, opposite poles, and a pole
    that is part of a name ("best-before") stay apart."""
    assert conflict(a, b) == "opposite"


def test_a_state_tested_either_way_is_one_question() -> None:
    """ "tell if X is good" / "tell whether X has gone bad": one test answers both."""
    a, b = "how to tell if a melon is good", "how can you tell whether a melon has gone bad"
    assert conflict(a, b) is None


def test_a_state_stated_either_way_is_opposite() -> None:
    """Without a test, good and bad are two questions."""
    assert conflict("is a melon good for dogs", "is a melon bad for dogs") == "opposite"


@pytest.mark.parametrize(
    ("plain", "negated"),
    [
        ("substitute for sour cream", "what can i use if i don't have sour cream"),
        ("a replacement for eggs in pancakes", "what to use in pancakes if we have no eggs"),
        (
            "reset my laptop but keep my files",
            "reset my laptop without losing my files",
        ),
    ],
)
def test_a_lack_of_what_the_request_names_is_no_negation(plain: str, negated: str) -> None:
    """ "if I don't have X" against "a substitute for X", "without losing X" against
    "keep X": the request's reason, or the request said the other way."""
    assert conflict(plain, negated) is None
    assert conflict(negated, plain) is None


@pytest.mark.parametrize(
    ("plain", "negated"),
    [
        ("what happens if I renew the permit", "what happens if I don't renew the permit"),
        ("substitute for sour cream", "what can i use if i don't have yogurt"),
        ("reset my laptop", "reset my laptop without losing my files"),
    ],
)
def test_other_negations_still_veto(plain: str, negated: str) -> None:
    """A negated act, a lack of something else, a loss avoided against no keeping."""
    assert conflict(plain, negated) == "negation"


def test_a_ratio_read_either_way_is_one_relation() -> None:
    """ "the ratio of A to B" / "B to A ratio": one relation, however it is read."""
    assert conflict("what's the ratio of flour to sugar", "sugar to flour ratio?") is None
    assert conflict("convert flour to sugar", "convert sugar to flour") == "direction"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("tips for a first date", "could you give me some tips for doing well on a first date?"),
        ("what is a healthy resting heart rate", "what counts as a healthy resting heart rate"),
    ],
)
def test_phrases_of_the_request_frame_are_no_qualifiers(a: str, b: str) -> None:
    """ "doing well in X" is what tips for X are for; "what counts as X" asks what X is."""
    assert difference(a, b, HIGH) is None
    assert difference(b, a, HIGH) is None


def test_a_removal_said_by_verb_or_by_particle_is_one_request() -> None:
    """ "get rid of moths in the closet" / "get moths out of the closet"; "zoom in" /
    "zoom out" stay opposite."""
    assert (
        difference(
            "how to get rid of moths in the closet", "how to get moths out of my closet", HIGH
        )
        is None
    )
    assert difference("how to zoom in on a map", "how to zoom out on a map", HIGH) == "particle"
