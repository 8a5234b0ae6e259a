"""A final turn that points back with a possessive pronoun ("mine is 52, should I
worry?") or asks "what if ..." of what came before needs its history: the same words
after another conversation are no hit. Found on multiturn_blind14's served traps after
its measurement (tuning on that spent set); the turns here are written for these tests.
"""

from __future__ import annotations

import pytest

from semcache.wire.context import conversation, refers_back


@pytest.mark.parametrize(
    "final",
    [
        "mine is 140 over 90, is that bad?",
        "what's yours?",
        "ours is a two-bedroom flat, does that change it?",
        "what if the receipt is lost?",
        "What if I'm under 18?",
    ],
)
def test_a_final_turn_pointing_back_refers_back(final: str) -> None:
    assert refers_back(final)


@pytest.mark.parametrize(
    "final",
    [
        "what is a normal cholesterol level for a man of 50",
        "how do I mine bitcoin at home",
        "can I mine crypto on a laptop",
    ],
)
def test_a_question_of_its_own_does_not(final: str) -> None:
    assert not refers_back(final)


def test_mine_after_another_history_is_held_to_it() -> None:
    """ "Mine is 6.1, should I worry?" after blood sugar and after cholesterol: both
    conversations need their history, so they are compared with it."""
    final = "mine is 6.1, should I worry?"
    sugar = conversation("", ["what's a normal fasting blood sugar"], final)
    fat = conversation("", ["what's a normal cholesterol level"], final)
    assert sugar is not None and fat is not None
    assert sugar.needs and fat.needs
    assert sugar.text != fat.text  # embedded with what it points back to
