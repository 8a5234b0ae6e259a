"""Courtesy around a request, read out before the checks and before embedding: an address
("Dear assistant,"), a wish for the reader ("I hope you're well."), leave asked ("If you
have a moment,"), an apology for the trouble, and gratitude stated at the end ("I'd be most
grateful.", "With thanks."). Found on blind27's refused paraphrases after its measurement
(tuning on that spent set); the pairs here are written for these tests.
"""

from __future__ import annotations

import pytest
from _served import HIGH, LOW
from _served import served as _served

from semcache.verify.asked import asked


@pytest.mark.parametrize(
    ("courteous", "terse"),
    [
        (
            "Hello, I hope you're doing well. Could you please help me with how to descale "
            "a kettle? Thank you very much.",
            "how to descale a kettle",
        ),
        (
            "Dear assistant, how do I change the time on my oven? With thanks.",
            "how do I change the time on my oven",
        ),
        (
            "Hi! If you have a minute, what is the capital of Mongolia? I'd be most grateful.",
            "what is the capital of Mongolia",
        ),
        (
            "I'm really sorry for the bother, but what's the speed limit on UK motorways?",
            "what's the speed limit on UK motorways",
        ),
        (
            "Good morning, I would be thankful if you could explain what a bond yield is.",
            "explain what a bond yield is",
        ),
    ],
)
def test_courtesy_around_a_request_is_not_a_qualifier(courteous: str, terse: str) -> None:
    """The same request wrapped in courtesy is served, and embedded as the request."""
    assert _served(terse, courteous, LOW)
    assert _served(courteous, terse, LOW)
    assert asked(courteous).lower().strip(" ?.") == terse.lower()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Dear team, how do I cancel my order? With thanks.",
            "Dear team, how do I track my order? With thanks.",
        ),
        (
            "I hope you're well. How do I turn on two-factor login? I'd be grateful.",
            "how do I turn off two-factor login",
        ),
    ],
)
def test_courtesy_read_out_leaves_the_difference(a: str, b: str) -> None:
    """Dropping the courtesy does not hide what differs in the request."""
    assert not _served(a, b, HIGH)


@pytest.mark.parametrize(
    "text",
    [
        "write a Dear John letter",
        "I hope you like it: a poem for my sister's birthday, please rhyme it",
        "sorry for the inconvenience caused by our outage: write an apology email",
        "what does 'with thanks' mean at the end of an email",
    ],
)
def test_courtesy_words_that_are_the_content_stay(text: str) -> None:
    """Courtesy words that are what is asked about are not dropped."""
    assert asked(text) == text
