"""Round 10 of the conversation checks (semcache.wire.context, semcache._conversation):
system prompts that only name a helper's craft, a sigh, a cheer or thanks as small talk,
a greeting that names whoever is asked, and an ending swapped after a named opening
(real model)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from semcache import Key, SemanticCache
from semcache.embed import default_embedder
from semcache.wire import CHAT, ConversationKey
from semcache.wire.context import conversation, persona, small_talk


def chat(*turns: str, system: str | None = None) -> dict[str, object]:
    """A chat body: user turns (each but the last answered by the assistant)."""
    messages: list[dict[str, str]] = (
        [] if system is None else [{"role": "system", "content": system}]
    )
    for turn in turns[:-1]:
        messages += [{"role": "user", "content": turn}, {"role": "assistant", "content": "OK."}]
    messages.append({"role": "user", "content": turns[-1]})
    return {"model": "gpt-4o-mini", "messages": messages}


@pytest.mark.parametrize(
    "system",
    [
        "You are a concise senior software engineer.",
        "You are a senior backend engineer helping a colleague.",
        "Act as an experienced database developer.",
        "You are a coding tutor. Explain briefly.",
        "You are an HR assistant for a mid-sized company.",
        "You are a helpful assistant for a DevOps team.",
        "You are a home and DIY assistant.",
    ],
)
def test_a_role_of_a_craft_or_a_team_is_a_persona(system: str) -> None:
    """An expert of a craft, or a helper of a team named by its capitals, frames the answer."""
    assert persona(system)


@pytest.mark.parametrize(
    "system",
    [
        "You are a senior Python developer.",  # a language: it changes the code
        "You are a US tax assistant.",  # a place
        "You are the support assistant for Skyways Airlines.",  # a product
        "You are an HR assistant for Acme Corp.",
        "You are a tutor for senior citizens.",  # an audience
        "You are a doctor.",  # a profession whose advice is guarded
        "You are a lawyer.",
        "Explain as if to a child.",
    ],
)
def test_a_language_place_product_or_audience_keeps_a_role_an_instruction(system: str) -> None:
    """A capitalized word other than a team, an audience, a guarded profession: no persona."""
    assert not persona(system)


def test_a_persona_of_a_craft_leaves_the_substance_scope() -> None:
    """'You are a concise senior software engineer.' scopes like no system prompt."""
    final = "how do I undo the last git commit but keep the changes?"
    with_role = CHAT.key(
        chat(
            "what time zone is Denver in?",
            final,
            system="You are a concise senior software engineer.",
        ),
        namespace="n",
    )
    without = CHAT.key(chat("what time zone is Denver in?", final), namespace="n")
    assert isinstance(with_role, ConversationKey) and isinstance(without, ConversationKey)
    assert with_role.conversation.scope == without.conversation.scope
    assert with_role.scope != without.scope


@pytest.mark.parametrize("turn", ["ugh", "ugh okay", "love it", "oops", "phew, thanks"])
def test_a_sigh_or_a_cheer_is_small_talk(turn: str) -> None:
    """A mood said on its own states nothing the answer depends on."""
    assert small_talk(turn)


def test_a_greeting_that_names_who_is_asked_is_left_out() -> None:
    """'hey coach! I want to lose about 10 pounds' keeps only what the user states."""
    talk = conversation(
        "s", ["hey coach! I want to lose about 10 pounds", "I walk 3 times a week"], "how many?"
    )
    plain = conversation(
        "s", ["I want to lose about 10 pounds", "I walk 3 times a week"], "how many?"
    )
    assert talk is not None and plain is not None
    assert talk.history == plain.history


def test_a_greeting_of_what_the_rest_points_at_is_kept() -> None:
    """'Hello world. How do I print it in Rust?': "it" is the greeting, which stays."""
    talk = conversation("s", ["Hello world. How do I print it in Rust?"], "and in Go?")
    assert talk is not None
    assert talk.history == ("Hello world. How do I print it in Rust?",)


@pytest.mark.parametrize("turn", ["thanks for checking!", "thank you so much for the quick reply"])
def test_thanks_for_anything_is_small_talk(turn: str) -> None:
    """Gratitude, whatever it is for, states nothing the answer depends on."""
    assert small_talk(turn)


@pytest.mark.parametrize(
    "turn",
    ["Thanks for the recipe, can you make it vegan?", "Thanks for the tips. My dog still barks."],
)
def test_thanks_before_a_request_or_a_fact_is_no_small_talk(turn: str) -> None:
    """A turn that thanks and then asks or tells something carries content."""
    assert not small_talk(turn)


def test_a_final_turn_opening_with_thanks_is_compared_without_them() -> None:
    """'thanks for checking! can i still return them?' asks 'can i still return them?'."""
    talk = conversation(
        "s", ["I bought headphones 20 days ago"], "thanks for checking! can i still return them?"
    )
    assert talk is not None
    assert talk.final == "can i still return them?"


MOLD = ["need some advice on a mold problem", "there's black mold on the caulk around my bathtub"]
PAINT = ["I want to paint my living room walls white. They're currently dark red."]


def key(history: list[str], final: str) -> Key:
    """The chat dialect's key of a conversation (every earlier user turn answered)."""
    messages: list[dict[str, str]] = []
    for turn in history:
        messages += [{"role": "user", "content": turn}, {"role": "assistant", "content": "Sure."}]
    messages.append({"role": "user", "content": final})
    return CHAT.key({"model": "gpt-4o-mini", "messages": messages}, namespace="n")


@pytest.fixture(scope="module")
def substance() -> Iterator[SemanticCache]:
    with SemanticCache(None, embedder=default_embedder(), context="substance") as cache:
        yield cache


def test_an_ending_swapped_after_a_named_opening_is_another_question(
    substance: SemanticCache,
) -> None:
    """'the best way to get rid of it' / '... to stop it from coming back': the shared
    "it" in the ending is no second place, so the two endings are compared as a swap."""
    substance.insert(key(MOLD, "what's the best way to get rid of it?"), "bleach and a brush")
    assert substance.lookup(key(MOLD, "what's the best way to stop it from coming back?")) is None


def test_a_question_reworded_after_a_bare_frame_is_served(substance: SemanticCache) -> None:
    """'How many coats will I need?' / 'How many layers should I plan for?': after
    "how many" the ending is the whole question, reworded."""
    substance.insert(key(PAINT, "How many coats will I need?"), "two coats over primer")
    hit = substance.lookup(key(PAINT, "How many layers should I plan for?"))
    assert hit is not None
    assert hit.response == "two coats over primer"
