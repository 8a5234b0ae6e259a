"""The clause check: prompts compared clause by clause (no model: the similarity is given).

The pairs are written for these tests; what makes the check fire is a phrase swapped
whole under a marker of its class, not the words in it.
"""

from __future__ import annotations

import pytest

from semcache.verify import GuardedVerifier, difference

HIGH = 0.95  # above every similarity floor: only a check can refuse
ONLY = ("clause",)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a condition
        (
            "can I cancel my gym membership if I move abroad",
            "can I cancel my gym membership if I get injured",
        ),
        (
            "is the deposit refundable if the flat is damaged",
            "is the deposit refundable if I leave early",
        ),
        # a means, under two markers of one class
        (
            "how to clean a cast iron pan with coarse salt",
            "how to clean a cast iron pan using a steel brush",
        ),
        ("sign the form by hand", "sign the form via docusign"),
        # a setting
        ("how to grow basil in pots", "how to grow basil on a windowsill"),
        # a condition with a phrase of its own
        (
            "can I return a jacket if I wore it once",
            "can I return a jacket if it is still in the bag",
        ),
    ],
)
def test_a_phrase_swapped_whole_in_a_kept_sentence_is_vetoed(a: str, b: str) -> None:
    """The rest of the sentence kept and the phrase under one class of marker swapped for
    another with other words: another condition, means or setting, another answer."""
    assert difference(a, b, HIGH, names=ONLY) == "clause"
    assert difference(b, a, HIGH, names=ONLY) == "clause"


def test_the_same_event_under_opposite_sequence_markers_is_vetoed() -> None:
    """ "before" a thing against "when you get back from" it: what comes after."""
    a, b = "what to eat before a marathon", "what to eat when you get back from a marathon"
    assert difference(a, b, HIGH, names=ONLY) == "clause"
    assert difference(b, a, HIGH, names=ONLY) == "clause"


def test_a_party_sent_to_on_one_side_and_received_from_on_the_other_is_vetoed() -> None:
    """ "a letter to my landlord" / "a letter from my landlord to a tenant": the writer and
    the reader trade places."""
    a = "write a letter to my landlord about the noise"
    b = "write a letter from my landlord to a tenant about the noise"
    assert difference(a, b, HIGH, names=ONLY) == "clause"
    assert difference(b, a, HIGH, names=ONLY) == "clause"


def test_two_words_trading_places_across_a_setting_marker_are_vetoed() -> None:
    """ "5 litres in gallons" / "5 imperial gallons in litres": the conversion reversed."""
    a, b = "how much is 5 litres in gallons", "how much is 5 imperial gallons in litres"
    assert difference(a, b, HIGH, names=ONLY) == "clause"
    assert difference(b, a, HIGH, names=ONLY) == "clause"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # words reordered around "with" in a paraphrase
        ("does this kettle come with a filter", "is a filter included with this kettle"),
        # the sentence reworded around the phrase: left to the other checks
        (
            "cheapest way to ship a parcel to Japan",
            "what is the cheapest way to send a package to Japan",
        ),
        (
            "write a toast for my sister's wedding",
            "can you write me a toast for my sister's wedding",
        ),
        # a phrase only one side has is an addition (the qualifier check's)
        ("how to boil eggs in a pan", "how to boil eggs on the hob in a pan"),
        # "if" after a verb of finding out asks whether
        ("how to tell if the milk is fresh", "how to tell if the milk has turned"),
        # "from" doing something names no source
        (
            "how to keep my cat from scratching the sofa",
            "how to get my cat to stop scratching the sofa",
        ),
        # "to" opening a verb names no party
        (
            "I want to paint the fence white, it is dark brown now",
            "repainting the fence from dark brown to white",
        ),
        ("I need to get from Lyon to Turin", "what is the best way to travel Lyon to Turin"),
        # the same way named two ways: the sources agree
        ("get from the harbour to the old town", "get from the old harbour into town"),
        # "to" and "from" in set phrases, no other party receiving: no roles traded
        (
            "in addition to the deposit, what costs are there when renting a flat",
            "apart from the deposit, what other costs come with renting a flat",
        ),
        (
            "the portal gives access to old invoices and receipts",
            "old invoices and receipts can be accessed from the portal",
        ),
    ],
)
def test_a_reworded_or_added_phrase_is_no_clause_swap(a: str, b: str) -> None:
    """Only a phrase swapped whole in a kept sentence, opposite sequence markers or
    swapped parties count."""
    assert difference(a, b, HIGH, names=ONLY) is None
    assert difference(b, a, HIGH, names=ONLY) is None


def test_the_verifier_runs_the_clause_check_by_default() -> None:
    """A look-alike of this kind is refused at a similarity every floor lets through."""
    verifier = GuardedVerifier()
    assert "clause" in verifier.guards
    a, b = "can I return a jacket if I wore it once", "can I return a jacket if the tags are gone"
    assert verifier.reason(a, b, HIGH) is not None


def test_another_case_stated_before_the_same_request_is_vetoed() -> None:
    """ "my bike has a flat tyre, can the shop fix that today?" / "my bike frame is
    cracked, ...": the request word for word, about another case."""
    a = "my bike has a flat tyre, can the shop fix that today?"
    b = "my bike frame is cracked, can the shop fix that today?"
    assert difference(a, b, HIGH, names=ONLY) == "clause"
    assert difference(b, a, HIGH, names=ONLY) == "clause"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("my laptop won't turn on, how do I fix it?", "laptop not turning on, how do I fix it?"),
        (
            "my printer is offline, how do I fix it?",
            "my printer is offline since the update, how do I fix it?",
        ),
        (
            "my dog is limping, should I see a vet?",
            "my dog is limping, is it worth going to a vet?",
        ),
    ],
)
def test_one_case_told_two_ways_or_added_to_is_no_other_case(a: str, b: str) -> None:
    """The same case in other words, a case with a detail added, or the case kept and
    the request reworded: left to the other checks."""
    assert difference(a, b, HIGH, names=ONLY) is None
    assert difference(b, a, HIGH, names=ONLY) is None
