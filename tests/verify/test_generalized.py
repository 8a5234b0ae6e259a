"""Checks of the fourth round of #13: each rule refuses a look-alike kind or serves a
paraphrase kind that the previous verifier got wrong."""

from __future__ import annotations

import pytest

from semcache.verify import GuardedVerifier
from semcache.verify._profile import profile


@pytest.fixture(scope="module")
def verifier() -> GuardedVerifier:
    return GuardedVerifier()


@pytest.mark.parametrize(
    ("cached", "query", "check"),
    [
        ("Is a goalie allowed to wear a cap?", "Is a goalie required to wear a cap?", "modality"),
        ("May I bring a pen to the exam?", "Do I have to bring a pen to the exam?", "modality"),
        ("How long from Paris to Lyon by bus?", "How long from Paris to Lyon by plane?", "mode"),
        ("Can I renew my permit online?", "Can I renew my permit in person?", "mode"),
        ("What was the price of gold in 1985?", "What is the current price of gold?", "time"),
        ("Is peanut butter safe for infants?", "Is peanut butter safe for teenagers?", "entity"),
        ("Best budget gaming laptop", "Best high-end gaming laptop", "opposite"),
        ("Write a detailed bio of Ada Lovelace", "Write a concise bio of Ada Lovelace", "opposite"),
        ("What to drink prior to the surgery", "What to drink following the surgery", "opposite"),
    ],
)  # fmt: skip
def test_refuses_look_alike_kind(
    verifier: GuardedVerifier, cached: str, query: str, check: str
) -> None:
    """Permission / obligation, mode, a year against now, life stage, price tier,
    length and before / after are told apart."""
    assert verifier.reason(query, cached, 0.95) == check


@pytest.mark.parametrize(
    ("cached", "query"),
    [
        ("Do I need a passport for Mexico?", "Is a passport required when flying to Mexico?"),
        ("How often should I water a cactus?", "how frequently do cacti need watering"),
        ("How to write a cover letter", "help me understand how to write a cover letter"),
        ("What is the Pythagorean theorem?", "remind me what the Pythagorean theorem is"),
        ("Who was the first king of the United Kingdom?", "first UK king?"),
        ("How do I cancel my gym membership?", "i want to cancel my gym plan, how do i do that"),
        ("What does 'net 30' mean on an invoice?", "Invoice terms net 30: what does that mean?"),
    ],
)  # fmt: skip
def test_serves_paraphrase_kind(verifier: GuardedVerifier, cached: str, query: str) -> None:
    """A conjunction "when", "how frequently", "help me understand", an alias, a
    "that" pointing back and a question after a colon do not veto."""
    assert verifier.reason(query, cached, 0.9) is None


def test_long_prompt_with_a_swap_is_aligned(verifier: GuardedVerifier) -> None:
    """A prompt past the content-word bound that differs in one swapped word is still
    aligned and refused below the swap floor."""
    cached = "Can I file a small claims case online in Los Angeles County?"
    query = "Can I file a small claims case by fax in Los Angeles County?"
    assert verifier.reason(query, cached, 0.9) is not None


def test_final_that_after_a_clause_is_not_deictic() -> None:
    """ "..., how do I fix that" points back at its own clause; "what is that?" does not."""
    assert not profile("my printer shows offline, how do I fix that").deictic
    assert profile("what is that?").deictic
