"""The rescue's evidence, ninth round (issue #13): a request for how things differ
read as one frame ("X vs Y", "the difference between X and Y"), the ways of asking
how long a thing keeps, and a word written with its particle as one ("back up" /
"backup")."""

from __future__ import annotations

import pytest
from _candidates import candidate as _candidate

from semcache.verify import GuardedVerifier
from semcache.verify._rescue import MAX_RESCUE_TYPOS, rescue_typos, same_request

THRESHOLD = 0.795  # the default
BELOW = 0.72  # below the threshold, above the rescue floor (0.641)


def _served(query: str, cached: str, similarity: float = BELOW) -> bool:
    best = _candidate(cached, similarity)
    return GuardedVerifier().choose(query, [best], THRESHOLD) is not None


# A comparison. The rescue's side of the evidence: the alignment still reads "vs" and
# "difference" as two content words (a swap below its reworded floor), so these are
# not served until it reads the frame's words as one.


@pytest.mark.parametrize(
    ("query", "cached"),
    [
        (
            "baking soda vs baking powder",
            "what is the difference between baking soda and baking powder",
        ),
        ("how does a crocodile differ from an alligator", "alligator versus crocodile"),
        (
            "weather or climate, what separates them",
            "what's the difference between climate and weather",
        ),
        ("what distinguishes a frog from a toad", "the differences between frogs and toads"),
        ("how do stocks and bonds differ", "whats the distinction between stocks and bonds"),
    ],
)
def test_a_comparison_asked_in_another_frame_is_the_same_request(query: str, cached: str) -> None:
    """The things compared, in any order, around any of the frames."""
    assert same_request(query, cached)


@pytest.mark.parametrize(
    ("query", "cached"),
    [
        # another thing compared
        ("baking soda vs yeast", "what is the difference between baking soda and baking powder"),
        # a comparison that asks more: which is better, for whom, why
        ("stocks vs bonds, which is better", "what is the difference between stocks and bonds"),
        ("stocks vs bonds for retirees", "what is the difference between stocks and bonds"),
        ("why do stocks and bonds differ", "what is the difference between stocks and bonds"),
        # likenesses are no differences
        ("similarities between stocks and bonds", "differences between stocks and bonds"),
        (
            "what's the similarity between a frog and a toad",
            "what's the difference between a frog and a toad",
        ),
    ],
)
def test_a_comparison_that_asks_something_else_is_not(query: str, cached: str) -> None:
    assert not same_request(query, cached)
    assert not _served(query, cached)


def test_one_side_comparing_and_the_other_not_is_not_the_same() -> None:
    """ "X vs Y" is no question about X and Y alone."""
    assert not same_request("stocks vs bonds", "stocks and bonds")
    assert not same_request(
        "what is the difference between stocks and bonds", "what are stocks and bonds"
    )


def test_one_thing_is_no_comparison() -> None:
    """A frame word with one thing is a content word as before."""
    assert not same_request("what is the difference", "what is the differential")
    assert same_request("what is the difference", "what is the difference?")


def test_a_misspelt_comparison_is_a_copy_only_in_the_same_frame() -> None:
    """The same frame around misspelt things is a misspelt copy ("diffrence", "cofee");
    another frame around them is a rewording, whose floor is not a copy's."""
    same_frame = rescue_typos(
        "what is the diffrence between tea and cofee",
        "what is the difference between tea and coffee",
    )
    assert same_frame == MAX_RESCUE_TYPOS
    other_frame = rescue_typos("what is the diffrence between tea and cofee", "tea vs coffee")
    assert other_frame is not None and other_frame < MAX_RESCUE_TYPOS


# How long a thing keeps.


@pytest.mark.parametrize(
    ("query", "cached"),
    [
        (
            "how long can i keep cooked rice in the fridge",
            "how long is cooked rice good for in the fridge",
        ),
        ("how long will homemade bread keep", "how long is homemade bread good for"),
        ("how long do hard boiled eggs keep", "how long can I keep hard boiled eggs"),
    ],
)
def test_how_long_a_thing_keeps_asked_three_ways_is_the_same(query: str, cached: str) -> None:
    assert same_request(query, cached)
    assert _served(query, cached)


@pytest.mark.parametrize(
    ("query", "cached"),
    [
        # an obligation or advice: how long one should, not can
        ("how long should i keep tax records", "how long can i keep tax records"),
        ("how long should i keep tax records", "how long are tax records good for"),
        # another thing, another place
        ("how long can i keep cooked rice", "how long is cooked pasta good for"),
        ("how long do eggs keep in the fridge", "how long can i keep eggs in the freezer"),
        # no "how long": whether it is good at all
        ("is cooked rice good", "how long is cooked rice good"),
        # "a good X" asks for a length, not how long X keeps
        ("how long is a good password", "how long can i keep a password"),
        ("how long is a good nap", "how long does a nap keep"),
    ],
)
def test_other_questions_about_keeping_are_not(query: str, cached: str) -> None:
    assert not same_request(query, cached)


# A word and its particle written as one.


@pytest.mark.parametrize(
    ("query", "cached"),
    [
        ("how do i back up my laptop", "laptop backup"),
        ("how to set up a printer", "printer setup steps"),
        ("how long do left overs last", "how long do leftovers last"),
        ("how to work out at home", "workout at home"),
    ],
)
def test_a_word_and_its_particle_are_the_compound(query: str, cached: str) -> None:
    assert same_request(query, cached)
    assert _served(query, cached)


@pytest.mark.parametrize(
    ("query", "cached"),
    [
        # the particle is no part of any word of the other's
        ("how do i back up my laptop", "how do i back my laptop"),
        # the compound names another word than the one written apart
        ("how to set up a printer", "printer settings"),
        # both have the word written apart: nothing to join
        ("how do i back up my laptop", "how do i back up my phone"),
    ],
)
def test_a_particle_is_not_joined_without_the_compound(query: str, cached: str) -> None:
    assert not same_request(query, cached)
