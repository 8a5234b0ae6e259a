"""Two phrases trading places around the same words: a cause and its effect, a source and
a goal named in several words ("can *headaches* cause *lack of sleep*" / "can *lack of
sleep* cause *headaches*"). Found on a blind27 look-alike after its measurement (tuning on
that spent set); the pairs here are written for these tests.
"""

from __future__ import annotations

import pytest

from semcache.verify import GuardedVerifier, difference

HIGH = 0.97


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("can anxiety cause high blood pressure", "can high blood pressure cause anxiety"),
        ("does poor sleep make depression worse", "does depression make poor sleep worse"),
        ("convert a unix timestamp to a date string", "convert a date string to a unix timestamp"),
    ],
)
def test_phrases_trading_places_are_refused(a: str, b: str) -> None:
    assert difference(a, b, HIGH, names=["order"]) == "order"
    assert GuardedVerifier().reason(a, b, HIGH) is not None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # two phrases each opened by a preposition, moved: word order
        (
            "what was school like during the war in Poland",
            "what was school like in Poland during the war",
        ),
        # a symmetric word between them
        ("pros and cons of renting vs buying a flat", "pros and cons of buying a flat vs renting"),
        # moved to the front, nothing between them
        ("best time to visit Japan in spring", "in spring best time to visit Japan"),
    ],
)
def test_phrases_moved_without_trading_roles_are_no_order_difference(a: str, b: str) -> None:
    assert difference(a, b, HIGH, names=["order"]) is None
