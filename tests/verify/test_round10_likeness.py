"""How two things differ against what they share: a comparison asked two ways, in English
(the ``likeness`` check) and in fr, de, es, pt (an opposite pair of each table). Found on
blind27's and lang blind15's served look-alikes after their measurement (tuning on those
spent sets); the pairs here are written for these tests.
"""

from __future__ import annotations

import pytest

from semcache.verify import GuardedVerifier, difference
from semcache.verify.lang import conflict

HIGH = 0.97


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what do sharks and dolphins have in common", "how do sharks and dolphins differ"),
        ("what do Python and Ruby share", "what separates Python from Ruby"),
        (
            "how are rugby and american football alike",
            "what distinguishes rugby from american football",
        ),
        (
            "similarities between the UK and US school systems",
            "differences between the UK and US school systems",
        ),
    ],
)
def test_a_difference_asked_is_not_a_likeness(a: str, b: str) -> None:
    assert difference(a, b, HIGH, names=["likeness"]) == "likeness"
    assert GuardedVerifier().reason(a, b, HIGH) is not None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how do sharks and dolphins differ", "what's the difference between sharks and dolphins"),
        ("how are frogs and toads similar", "what are the similarities between frogs and toads"),
        ("how do I share a folder with my team", "how do I share a folder with my team members"),
        ("latte vs flat white", "how is a latte different from a flat white"),
    ],
)
def test_the_same_side_asked_twice_is_no_likeness_difference(a: str, b: str) -> None:
    assert difference(a, b, HIGH, names=["likeness"]) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("En quoi le judo diffère-t-il du karaté ?", "En quoi le judo ressemble-t-il au karaté ?"),
        ("¿Qué distingue al tango del vals?", "¿Qué comparten el tango y el vals?"),
        ("O que distingue o frevo do maracatu?", "O que o frevo e o maracatu têm de parecido?"),
        ("Worin unterscheiden sich Wölfe und Hunde?", "Worin ähneln sich Wölfe und Hunde?"),
    ],
)
def test_a_difference_against_a_likeness_in_other_languages(a: str, b: str) -> None:
    assert conflict(a, b) == "opposite"
