"""Conversations in substance: reading a chat's turns (semcache.wire.context), the chat
dialect's substance view, and the check that two histories agree (real model)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

# The private module under test: the check the cache runs (tests mirror the package).
from semcache import InvalidRequestError, Key
from semcache._conversation import ContextCheck, View, unwrap, wrap
from semcache._records import Entry
from semcache.embed import Embedder, default_embedder
from semcache.verify import default_verifier
from semcache.wire import CHAT, MESSAGES, RESPONSES, ConversationKey, parse_controls
from semcache.wire.context import (
    MAX_HISTORY_CHARS,
    conversation,
    persona,
    refers_back,
    small_talk,
)


def chat(*turns: str, system: str | None = None, model: str = "gpt-4o-mini") -> dict[str, object]:
    """A chat body: user turns (each but the last answered by the assistant)."""
    messages: list[dict[str, str]] = (
        [] if system is None else [{"role": "system", "content": system}]
    )
    for turn in turns[:-1]:
        messages += [{"role": "user", "content": turn}, {"role": "assistant", "content": "OK."}]
    messages.append({"role": "user", "content": turns[-1]})
    return {"model": model, "messages": messages}


# -- reading the turns ---------------------------------------------------------------


@pytest.mark.parametrize(
    "final",
    [
        "What is its population?",
        "How do I stop that?",
        "Why?",
        "Tell me more.",
        "What is the second law?",
        "Give me an example of each.",
        "What about in JavaScript?",
        "Translate to French.",
        "Explain the third step.",
        "How many people live there?",
        "Could you show me some examples, please?",
        "Now do the same for chapter 3.",
        "Can I use a heat gun on it?",
        "Is it a good idea and why?",
        "What if it's really big?",
        "Can you wrap that in a function?",
        "Which is better for a beginner?",
        "which would you pick?",
        "Which do you recommend?",
    ],
)
def test_a_final_turn_that_points_back_refers_back(final: str) -> None:
    """Pronouns, 'the second law', 'each', bare edits, generic short turns point back."""
    assert refers_back(final)


@pytest.mark.parametrize(
    "final",
    [
        "What is the capital of Australia?",
        "Who was the first president of the United States?",
        "What is bile?",
        "How many bones are in the adult human body?",
        "Is there a way to boil water faster?",
        "What is a Roth IRA and how does it work?",
        "How can I tell if an online store is legit before I buy from it?",
        "Which language is spoken in Brazil?",
        "Which city is the capital of Canada?",
    ],
)
def test_a_self_contained_final_turn_does_not_refer_back(final: str) -> None:
    """A question that names what it asks about stands on its own."""
    assert not refers_back(final)


@pytest.mark.parametrize(
    "turn",
    [
        "Hi there!",
        "Thanks, that's helpful.",
        "ok cool",
        "Good morning!",
        "Hope you're doing well!",
        "ok that worked, thanks",
        "hiii",
        "thank youuu",
        "ahh ok",
        "Hola!",
        "Hi, hope you're having a good day",
        "Grazie!",
        "sweet, thanks",
        "Thanks, good to know!",
        "Thank you, that's reassuring.",
        "Thanks, super clear.",
        "Hi, thanks for being here.",
        "Hello :) quick question coming up.",
    ],
)
def test_greetings_and_thanks_are_small_talk(turn: str) -> None:
    """Turns made only of social words carry no content."""
    assert small_talk(turn)


@pytest.mark.parametrize(
    "turn",
    ["Hi! I have a homework question.", "Hey! Weekend project question.", "Another question."],
)
def test_a_turn_announcing_a_question_is_small_talk(turn: str) -> None:
    """A question announced, its words still to come, says nothing of its own."""
    assert small_talk(turn)


@pytest.mark.parametrize(
    "turn",
    [
        "Paris",
        "yes",
        "I'm vegan.",
        "Hi, what is the capital of Peru?",
        "What is the question?",
        "I have a question about my taxes.",
        "Explain the question.",
    ],
)
def test_content_is_not_small_talk(turn: str) -> None:
    """An answer to a question, a fact or a question is content, however short."""
    assert not small_talk(turn)


def test_small_talk_is_left_out_of_the_history() -> None:
    """An extra greeting does not change what the conversation is about."""
    view = conversation(
        "s", ["Hello!", "What is the capital of France?", "Thanks!"], "And its area?"
    )
    assert view is not None
    assert view.history == ("What is the capital of France?",)
    assert view.needs


def test_each_content_turn_keeps_the_reply_it_got() -> None:
    """Replies line up with the content turns: a greeting's reply is left out with it."""
    body = {"model": "m", "messages": [
        {"role": "user", "content": "Hi!"}, {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": "Recommend an espresso machine."},
        {"role": "assistant", "content": "The Breville Bambino."},
        {"role": "user", "content": "Does it come with a grinder?"},
    ]}  # fmt: skip
    later = CHAT.key(body, namespace="n")
    assert isinstance(later, ConversationKey)
    assert later.conversation.history == ("Recommend an espresso machine.",)
    assert later.conversation.replies == ("The Breville Bambino.",)


def test_a_follow_up_is_embedded_after_the_previous_content_turn() -> None:
    """'its' is compared as a question about France: the previous turn goes first."""
    view = conversation("s", ["What is the capital of France?"], "What is its population?")
    assert view is not None
    assert view.text == "What is the capital of France?\nWhat is its population?"
    assert view.final == "What is its population?"


def test_a_self_contained_question_after_other_questions_needs_no_history() -> None:
    """Earlier questions on other topics do not change a question that names its subject."""
    view = conversation("s", ["How do I boil an egg?"], "What is the capital of Peru?")
    assert view is not None
    assert not view.needs
    assert view.text == "What is the capital of Peru?"


def test_small_talk_inside_a_turn_is_left_out() -> None:
    """A closing "Thanks so much!" in a turn of content is small talk too."""
    view = conversation("s", ["My sink is clogged. Thanks so much!"], "How do I fix it?")
    assert view is not None
    assert view.history == ("My sink is clogged.",)


def test_a_greeting_opening_a_sentence_is_left_out() -> None:
    """ "Hey there, the app crashes ..." states what "The app crashes ..." states."""
    view = conversation("s", ["Hey there, the app crashes when I export."], "Any fix?")
    assert view is not None
    assert view.history == ("The app crashes when I export.",)


def test_an_opening_clause_with_content_is_kept() -> None:
    """Only social words before the comma are a greeting: "Paris, I think." is an answer."""
    view = conversation("s", ["Paris, I think."], "Why?")
    assert view is not None
    assert view.history == ("Paris, I think.",)


def test_earlier_questions_of_their_own_are_asides() -> None:
    """A question asked before the last content turn is an aside; a fact, an
    instruction and the last content turn (what a follow-up leans on) are not."""
    turns = ["What's the capital of Peru?", "I'm vegan.", "Answer briefly.", "Any dinner ideas?"]
    view = conversation("s", turns, "What about dessert?")
    assert view is not None
    assert view.asides == (0,)


@pytest.mark.parametrize(
    "earlier",
    ["I'm vegan.", "From now on, answer only in Spanish.", "My budget is $300.", "Paris"],
)
def test_facts_and_standing_instructions_make_the_history_needed(earlier: str) -> None:
    """A fact about the user, an instruction or a bare answer changes every later answer."""
    view = conversation("s", [earlier], "Suggest a quick dinner.")
    assert view is not None
    assert view.needs


def test_a_history_too_long_to_keep_gets_exact_matching() -> None:
    """No substance view past MAX_HISTORY_CHARS: the record would weigh on every entry."""
    assert conversation("s", ["x" * (MAX_HISTORY_CHARS + 1)], "Why?") is None


# -- the chat dialect's views --------------------------------------------------------


def test_the_substance_scope_is_the_single_question_scope() -> None:
    """Without its earlier turns a chat is scoped like the same question asked alone,
    system prompt and parameters included; the exact scope still holds every turn."""
    alone = CHAT.key(
        chat("What is the capital of Peru?", system="Answer in French."), namespace="n"
    )
    later = CHAT.key(
        chat("How do I boil an egg?", "What is the capital of Peru?", system="Answer in French."),
        namespace="n",
    )
    assert isinstance(later, ConversationKey)
    assert later.conversation.scope == alone.scope
    assert later.scope != alone.scope


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ("You are a helpful assistant.", True),
        ("You are a friendly, helpful AI assistant", True),
        ("You are a travel assistant.", True),
        ("You are a helpful home-improvement assistant.", True),
        ("You are a career coach.", True),
        ("You are a shopping assistant for an electronics store.", True),
        ("You are a helpful assistant that answers legal questions in general terms.", True),
        ("You are a concise assistant.", True),
        ("Be concise.", True),
        ("You are a helpful assistant. Answer briefly.", True),
        ("Use bullet points.", False),  # a layout: the output's format
        ("Answer in plain text.", False),
        ("Reply with a numbered list.", False),
        ("You are a pirate.", False),
        ("You are a doctor.", False),
        ("You are a sarcastic assistant.", False),
        ("You are a helpful assistant. Answer in French.", False),
        ("Answer in spanish.", False),
        ("You are a French-speaking assistant.", False),
        ("Answer in JSON.", False),
        ("Answer in one word.", False),
        ("Keep answers under 50 words.", False),
        ("You are a tutor for high school students.", False),
        ("Explain as if to a child.", False),
        ("You are a helpful assistant for kids.", False),
        ("Vegetarian recipes only.", False),
        ("You are a vegetarian cooking assistant.", False),
        ("You give general health information, not medical advice.", False),
        ("You help users of PhotoBox, a photo editing app.", False),
    ],
)
def test_a_system_prompt_naming_only_a_persona_or_a_manner_is_a_persona(
    system: str, expected: bool
) -> None:
    """A helper's role or a manner of answering is a persona; a language, audience,
    voice, constraint or number is an instruction."""
    assert persona(system) is expected


def test_the_default_persona_is_no_system_prompt_in_substance() -> None:
    """'You are a helpful assistant.' leaves the substance scope (and stays in the exact one)."""
    with_persona = CHAT.key(
        chat("What is the capital of Peru?", system="You are a helpful assistant."), namespace="n"
    )
    alone = CHAT.key(chat("What is the capital of Peru?"), namespace="n")
    assert isinstance(with_persona, ConversationKey)
    assert with_persona.conversation.scope == alone.scope
    assert with_persona.scope != alone.scope


def test_a_question_after_a_greeting_stands_alone() -> None:
    """'hey can you remind me ...' asks a question of its own, as 'can you remind me ...'
    does: a final question that stands alone after it is matched as a single one."""
    view = conversation("s", ["hey can you remind me what day thanksgiving is"], "What is 4K?")
    assert view is not None and not view.needs
    stated = conversation("s", ["hey my TV is a Sony"], "What is 4K?")
    assert stated is not None and stated.needs


def test_a_manner_is_no_system_prompt_in_substance_but_a_language_is() -> None:
    """'Be concise.' leaves the substance scope; 'Reply in French.' stays in it."""
    alone = CHAT.key(chat("What time zone is Hawaii in?"), namespace="n")
    concise = CHAT.key(chat("What time zone is Hawaii in?", system="Be concise."), namespace="n")
    french = CHAT.key(
        chat("What time zone is Hawaii in?", system="Reply in French."), namespace="n"
    )
    assert isinstance(concise, ConversationKey)
    assert concise.conversation.scope == alone.scope
    assert not isinstance(french, ConversationKey)  # an instruction: matched as it is
    assert french.scope != alone.scope


def test_the_system_prompt_and_model_stay_in_the_substance_scope() -> None:
    """What must match exactly still does: another system prompt or model is another scope."""
    base = CHAT.key(chat("Tell me about Paris.", "Why?", system="Be brief."), namespace="n")
    other_system = CHAT.key(chat("Tell me about Paris.", "Why?", system="Be long."), namespace="n")
    other_model = CHAT.key(
        chat("Tell me about Paris.", "Why?", system="Be brief.", model="gpt-4o"), namespace="n"
    )
    assert isinstance(base, ConversationKey)
    assert isinstance(other_system, ConversationKey)
    assert isinstance(other_model, ConversationKey)
    scopes = {key.conversation.scope for key in (base, other_system, other_model)}
    assert len(scopes) == 3


def test_tool_calls_in_the_history_keep_exact_matching() -> None:
    """Tool calls and their results are data: such a chat has no substance view."""
    body = chat("What's the weather in Oslo?", "And tomorrow?")
    messages = body["messages"]
    assert isinstance(messages, list)
    messages[1] = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "w", "arguments": "{}"}}
        ],
    }
    messages.insert(2, {"role": "tool", "tool_call_id": "c1", "content": "sunny"})
    assert not isinstance(CHAT.key(body, namespace="n"), ConversationKey)


def test_anthropic_messages_have_the_same_substance_view() -> None:
    """Messages: earlier text turns leave the scope (system stays, as a parameter)."""
    turns = [
        {"role": "user", "content": "What is the capital of France?"},
        {"role": "assistant", "content": [{"type": "text", "text": "Paris."}]},
        {"role": "user", "content": "What is its population?"},
    ]
    body = {"model": "claude-x", "max_tokens": 64, "system": "Be brief.", "messages": turns}
    later = MESSAGES.key(body, namespace="n")
    alone = MESSAGES.key({**body, "messages": turns[-1:]}, namespace="n")
    assert isinstance(later, ConversationKey)
    assert later.conversation.scope == _substance_scope(alone)
    assert later.conversation.history == ("What is the capital of France?",)
    assert later.conversation.replies == ("Paris.",)
    tool_use = {"type": "tool_use", "id": "t1", "name": "search", "input": {}}
    with_tool = [turns[0], {"role": "assistant", "content": [tool_use]}, turns[2]]
    assert not isinstance(
        MESSAGES.key({**body, "messages": with_tool}, namespace="n"), ConversationKey
    )


def test_responses_input_items_have_the_same_substance_view() -> None:
    """Responses: earlier message items leave the scope; a function call keeps it exact."""
    answer = {
        "type": "message", "role": "assistant", "id": "msg_1", "status": "completed",
        "content": [{"type": "output_text", "text": "Paris.", "annotations": []}],
    }  # fmt: skip
    items = [{"role": "user", "content": "What is the capital of France?"}, answer]
    body = {
        "model": "gpt-4o",
        "instructions": "Be brief.",
        "input": [*items, {"role": "user", "content": "Why?"}],
    }
    later = RESPONSES.key(body, namespace="n")
    alone = RESPONSES.key({**body, "input": "Why?"}, namespace="n")
    assert isinstance(later, ConversationKey)
    assert later.conversation.scope == _substance_scope(alone)
    assert later.conversation.replies == ("Paris.",)
    call = {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"}
    exact = {**body, "input": [items[0], call, {"role": "user", "content": "Why?"}]}
    assert not isinstance(RESPONSES.key(exact, namespace="n"), ConversationKey)


def _substance_scope(key: Key) -> str:
    """The scope a key is looked up in, in substance."""
    return key.conversation.scope if isinstance(key, ConversationKey) else key.scope


@pytest.mark.parametrize(
    ("dialect", "field", "body"),
    [
        (
            "messages",
            "system",
            {
                "model": "claude-x",
                "max_tokens": 64,
                "messages": [{"role": "user", "content": "Q?"}],
            },
        ),
        ("responses", "instructions", {"model": "gpt-4o", "input": "Q?"}),
    ],
)
def test_a_persona_system_parameter_leaves_the_substance_scope_as_in_chat(
    dialect: str, field: str, body: dict[str, object]
) -> None:
    """Anthropic's ``system`` and the Responses API's ``instructions`` that only name a
    persona or a manner leave the substance scope, as a chat's persona system message
    does (also as text blocks); an instruction that changes the answer stays in it, and
    the exact scope keeps either."""
    wire = MESSAGES if dialect == "messages" else RESPONSES
    plain = wire.key(body, namespace="n")
    for persona_text in ("You are a helpful assistant.", [{"type": "text", "text": "Be concise."}]):
        with_persona = wire.key({**body, field: persona_text}, namespace="n")
        assert isinstance(with_persona, ConversationKey)
        assert with_persona.conversation.scope == plain.scope
        assert with_persona.scope != plain.scope
    french = wire.key({**body, field: "Reply in French."}, namespace="n")
    assert not isinstance(french, ConversationKey)
    assert french.scope != plain.scope


# -- the stored record -----------------------------------------------------------------


def test_a_record_travels_in_an_envelope_around_the_response() -> None:
    """wrap/unwrap give back the response and the record; no record, no envelope."""
    record = {"history": ["What is the capital of France?"], "final": "Why?"}
    assert unwrap(wrap({"answer": 1}, record)) == ({"answer": 1}, record)
    assert wrap({"answer": 1}, None) == {"answer": 1}


def test_a_response_that_looks_like_an_envelope_reads_back_as_given() -> None:
    """A caller's response shaped like the envelope is wrapped too, so it is never misread."""
    lookalike = {"semcache.context": {"history": ["x"]}, "semcache.response": "y"}
    assert unwrap(wrap(lookalike, None)) == (lookalike, None)


# -- the agreement of two histories (real model) ---------------------------------------


@pytest.fixture(scope="module")
def check(context_check: ContextCheck) -> ContextCheck:
    return context_check


def _agrees(check: ContextCheck, ours: list[str], theirs: list[str]) -> bool:
    return check.agrees(tuple(ours), True, {"history": theirs, "final": "?"})


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (["What is the capital of France?"], ["Which city is France's capital?"]),
        (["I'm roasting a 6 kg turkey."], ["I've got a six-kilogram turkey to roast."]),
        (["I'm flying from Boston to Lisbon next week."], ["Next week I fly Boston to Lisbon."]),
        (["I want to buy a new laptop."], ["I want to purchase a new laptop."]),
    ],
)
def test_reworded_histories_agree(check: ContextCheck, ours: list[str], theirs: list[str]) -> None:
    """The same entities, numbers and intent in other words: the histories agree."""
    assert _agrees(check, ours, theirs)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (["What is the capital of France?"], ["What is the capital of Spain?"]),
        (["I have $10,000 at 4% interest."], ["I have $10,000 at 2% interest."]),
        (
            ["How do I enable two-factor authentication?"],
            ["How do I disable two-factor authentication?"],
        ),
        (["Explain how a volcano forms."], ["Explain how a star forms."]),
        (
            ["I'm 35 years old.", "I want to retire at 60."],
            ["I'm 50 years old.", "I want to retire at 60."],
        ),
        (["My dog has short hair."], ["My dog has very long hair."]),
        (["I want to return my headphones."], ["I want to exchange my headphones."]),
    ],
)
def test_histories_that_differ_in_substance_disagree(
    check: ContextCheck, ours: list[str], theirs: list[str]
) -> None:
    """A swapped entity, number or word (however close the vectors), a flipped or
    another intent, another topic: they disagree."""
    assert not _agrees(check, ours, theirs)


def test_histories_after_other_aims_disagree(check: ContextCheck) -> None:
    """Each side aims at something the other does not ("to thank" / "to ask"), with no
    verb of intent: another conversation, though the verifier reads a rewording."""
    ours = ["I'm writing an email to thank a client for their referral."]
    assert not _agrees(check, ours, ["I'm writing an email to ask a client for a referral."])


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            ["I'm making guacamole for about 20 people."],
            ["making guacamole for about twenty people"],
        ),
        (["They offered me $85k."], ["They offered me 85 thousand dollars."]),
        (["I owe $3,000 at 24% APR."], ["I owe $3000 at 24 percent APR."]),
        (
            ["I was charged twice for my Uber ride yesterday."],
            ["uber billed me two times for the same trip yesterday"],
        ),
    ],
)
def test_numbers_spelled_otherwise_agree(
    check: ContextCheck, ours: list[str], theirs: list[str]
) -> None:
    """ "twenty" / "20", "85 thousand" / "$85k", "$3,000" / "$3000", "percent" / "%",
    "twice" / "two times": the same number, so the same fact."""
    assert _agrees(check, ours, theirs)


def test_numbers_spelled_otherwise_still_differ(check: ContextCheck) -> None:
    """Written one way, two numbers that differ still differ."""
    assert not _agrees(
        check, ["I'm making guacamole for 20 people."], ["guacamole for thirty people"]
    )


def test_millions_and_billions_are_numbers(check: ContextCheck) -> None:
    """ "2 million" / "2 billion" rows are two numbers, "$1.5 million" / "$1,500,000" one."""
    assert not _agrees(
        check, ["my postgres table has 2 million rows"], ["my postgres table has 2 billion rows"]
    )
    assert _agrees(check, ["We raised $1.5 million."], ["We raised $1,500,000."])


OFFICE = "I'm setting up a home office in my spare room. I work mostly on video calls. "


@pytest.mark.parametrize(
    "theirs",
    [
        OFFICE + "We deploy everything on bare metal servers.",  # a sentence replaced
        OFFICE + "I use a Windows laptop. I also have a bad lower back.",  # a sentence added
    ],
)
def test_a_sentence_replaced_or_added_in_a_long_history_disagrees(
    check: ContextCheck, theirs: str
) -> None:
    """Histories that share sentences word for word are compared on the sentences they
    do not share: one replaced ("Windows laptop" / "bare metal servers") or added
    ("a bad lower back") is another fact, however close the whole histories read."""
    assert not _agrees(check, [OFFICE + "I use a Windows laptop."], [theirs])


def test_a_clause_swapped_in_a_long_sentence_disagrees(check: ContextCheck) -> None:
    """One long sentence with a clause swapped ("wide feet" / "very narrow feet"): the
    clauses it does not share are compared, not the whole sentence."""
    shoes = "I need running shoes for my first half marathon, {}, and I train on trails."
    ours, theirs = shoes.format("I have wide feet"), shoes.format("I have very narrow feet")
    assert not _agrees(check, [ours], [theirs])


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (  # the same clause, ended by another mark, and one added
            "I'm writing a 2,000-word report on the causes of the French Revolution for my "
            "politics class.",
            "I'm writing a 2,000-word report on the causes of the French Revolution for my "
            "politics class; the professor only accepts books.",
        ),
        (  # a fact swapped in a sentence kept word for word
            "I have $5,000 saved and I'm thinking of putting it into a bond fund for my "
            "retirement. I'm 40.",
            "I have $5,000 saved and I'm thinking of putting it into a bond fund for a car I want "
            "to buy next year. I'm 40.",
        ),
        (
            "My flight from Rome to Boston landed yesterday and my bag didn't arrive. I filed a "
            "report.",
            "My flight from Rome to Boston landed 25 days ago and my bag didn't arrive. I filed a "
            "report.",
        ),
    ],
)
def test_a_fact_swapped_or_added_in_a_kept_sentence_disagrees(
    check: ContextCheck, ours: str, theirs: str
) -> None:
    """A clause is the same whatever mark ends it, and a sentence kept mostly word for
    word with a word that states something swapped or added states another fact."""
    assert not _agrees(check, [ours], [theirs])


@pytest.mark.parametrize(
    ("extra", "agrees"),
    [("I really appreciate the help earlier.", True), ("I also have a bad lower back.", False)],
)
def test_a_turn_added_on_one_side_is_weighed_with_the_whole_histories(
    check: ContextCheck, extra: str, agrees: bool
) -> None:
    """A whole turn added on one side is not an edit of a turn: the histories are
    compared whole, where thanks pass and a fact does not."""
    ours = (OFFICE + "I use a Windows laptop.",)
    assert _agrees(check, [*ours, extra], list(ours)) is agrees


def test_a_sentence_reworded_in_a_long_history_agrees(check: ContextCheck) -> None:
    """The sentence the histories do not share says the same in other words."""
    ours = [OFFICE + "My budget for the whole setup is $600."]
    assert _agrees(check, ours, [OFFICE + "My budget for the whole setup is 600 dollars."])


DISHWASHER = "My dishwasher won't drain and there's standing water in it."


def test_an_unrelated_aside_is_left_out_of_the_histories(check: ContextCheck) -> None:
    """An earlier question of another topic that one conversation asked and the other
    did not ("What's the capital of Peru?") does not make them disagree."""
    record = {"history": ["What's the capital of Peru?", DISHWASHER], "final": "?", "asides": [0]}
    assert check.agrees((DISHWASHER,), True, record)
    assert check.agrees(("What's the capital of Peru?", DISHWASHER), True, {
        "history": [DISHWASHER], "final": "?"}, asides=(0,))  # fmt: skip


def test_an_aside_both_histories_ask_word_for_word_needs_no_vector() -> None:
    """An aside with a copy in the other history reads like it and is kept: its turns
    are not embedded one by one (only the joined histories are, for the other checks)."""
    model: Embedder = default_embedder()
    asked: list[str] = []

    def embed(texts: Sequence[str]) -> np.ndarray:
        asked.extend(texts)
        return model.embed(list(texts))

    check = ContextCheck(embed, default_verifier(model).choose)
    peru = "What's the capital of Peru?"
    record = {"history": [peru, DISHWASHER], "final": "?", "asides": [0]}
    assert check.agrees((peru, DISHWASHER), True, record, asides=(0,))
    assert peru not in asked


def test_a_turn_not_marked_as_an_aside_is_compared(check: ContextCheck) -> None:
    """The same extra turn, not an aside (the dialect did not mark it), is compared:
    the histories disagree."""
    record = {"history": ["What's the capital of Peru?", DISHWASHER], "final": "?"}
    assert not check.agrees((DISHWASHER,), True, record)


def test_an_aside_on_the_other_historys_topic_is_compared(check: ContextCheck) -> None:
    """An aside that reads like a turn of the other history (another dishwasher
    question) is part of the comparison."""
    other = "Why does my dishwasher leave a white film on glasses?"
    record = {"history": [other, DISHWASHER], "final": "?", "asides": [0]}
    assert check.agrees((other, DISHWASHER), True, record)
    assert not check.agrees(("How do I load a dishwasher?", DISHWASHER), True, {
        "history": ["Which dishwasher brand is the most reliable?", DISHWASHER], "final": "?",
        "asides": [0]}, asides=(0,))  # fmt: skip


def test_asides_on_both_sides_are_the_histories_own_topics(check: ContextCheck) -> None:
    """When each history opens with a question the other lacks, neither is an exchange
    added to the other's conversation: they are two topics, then the same later turns
    ("I live at high altitude."), and the histories are compared whole."""
    altitude = "I live at high altitude."
    record = {"history": ["How do I brew kombucha at home?", altitude], "final": "?",
              "asides": [0]}  # fmt: skip
    assert not check.agrees(("How do I bake sourdough bread?", altitude), True, record, asides=(0,))
    assert check.agrees(("What's the capital of Peru?", altitude), True, {
        "history": [altitude], "final": "?"}, asides=(0,))  # fmt: skip


def test_a_history_reworded_with_the_same_names_and_aims_agrees(check: ContextCheck) -> None:
    """The same number and the same aim ("buy" / "purchase") in other words: a rewording
    of the same facts, not refused for being one."""
    ours = ["I want to buy a used bike for under $400."]
    assert _agrees(check, ours, ["I'm looking to purchase a second-hand bike, budget below $400."])


def test_the_same_names_with_an_aim_on_one_side_only_disagree(check: ContextCheck) -> None:
    """Tutoring a beginner and being one name the same exam: the aim only one side has
    keeps the rewording check."""
    exam = "the DELF A2 in May."
    ours = [
        "I'm a native French speaker and I want to tutor a complete beginner.",
        f"Her exam is {exam}",
    ]
    theirs = ["I'm learning French on my own, I'm a complete beginner.", f"My exam is {exam}"]
    assert not _agrees(check, ours, theirs)


def test_histories_reworded_around_another_word_disagree(check: ContextCheck) -> None:
    """Two histories that state facts in other words, a role swapped among them
    ("a junior developer" answering / "a hiring manager" asking): other facts."""
    ours = ["I'm a junior developer preparing answers for interview questions."]
    theirs = ["I'm a hiring manager writing interview questions for a junior developer."]
    assert not _agrees(check, ours, theirs)


def test_the_action_a_how_do_i_question_asks_about_is_an_aim(check: ContextCheck) -> None:
    """ "How do I turn on ..." / "how do I stop ..." aim at other actions; "turn on" /
    "the way to enable" at the same one."""
    ours = "how do I turn on location sharing with my partner on iphone"
    assert not check._same_intent(ours, "how do I stop sharing my location with my partner")
    assert check._same_intent(ours, "what's the way to enable location sharing with my partner")


def test_an_aim_on_one_side_only_is_left_to_the_verifier(check: ContextCheck) -> None:
    """A second aim on one side ("to bake bread") is detail the verifier weighs, not
    another intent; an aim each side lacks is ("buy" / "return")."""
    mixer = "I want to buy a stand mixer."
    assert check._same_intent(mixer, "I want to buy a stand mixer to bake bread.")
    assert not check._same_intent(mixer, "I want to return a stand mixer.")


def test_a_history_is_needed_on_both_sides(check: ContextCheck) -> None:
    """A lookup with no history never agrees with an entry whose answer needed one."""
    assert not check.agrees((), False, {"history": ["I'm vegan."], "final": "Dinner ideas?"})


def test_neither_needing_a_history_agrees(check: ContextCheck) -> None:
    """A self-contained question after unrelated turns matches the question asked alone."""
    assert check.agrees(("How do I boil an egg?",), False, None)


def test_self_contained_questions_after_unrelated_histories_agree(check: ContextCheck) -> None:
    """Two histories about other things do not shape a question that stands alone."""
    record = {"history": ["Recommend a sci-fi novel."], "final": "?", "needs": False}
    assert check.agrees(("How do I fix a flat bike tire?",), False, record)


def test_self_contained_questions_after_one_topic_told_apart_disagree(
    check: ContextCheck,
) -> None:
    """Histories about one topic that disagree ("4%" / "2%") may have shaped even a
    question that stands alone: another conversation."""
    record = {"history": ["I have $10,000 at 2% interest."], "final": "?", "needs": False}
    assert not check.agrees(("I have $10,000 at 4% interest.",), False, record)


def test_self_contained_questions_after_two_styles_of_one_art_disagree(
    check: ContextCheck,
) -> None:
    """Histories about one topic read as close as 0.63 ("Gothic" / "Romanesque"
    architecture, then "What is a flying buttress?"): the answer was shaped by the
    other style, so they are other conversations."""
    history = ["What are the characteristics of Romanesque architecture?"]
    record = {"history": history, "final": "?", "needs": False}
    assert not check.agrees(("What are the main features of Gothic architecture?",), False, record)


def test_a_follow_up_after_the_history_of_a_self_contained_entry_agrees(
    check: ContextCheck,
) -> None:
    """A lookup that points back ("What is its population?") and an entry whose final
    turn named what it asks about, after the same history: the histories are compared
    as for two follow-ups, not refused for the entry's not needing its own."""
    history = ["Tell me about Paris."]
    record = {"history": history, "final": "What is the population of Paris?", "needs": False}
    assert check.agrees(tuple(history), True, record)
    assert not check.agrees(("Tell me about Lyon.",), True, record)


def test_a_record_without_needs_is_one_that_needed_its_history(check: ContextCheck) -> None:
    """Records written before ``needs`` was kept were kept only when it was needed."""
    record = {"history": ["I'm vegan."], "final": "Dinner ideas?"}
    assert not check.agrees(("How do I boil an egg?",), True, record)
    assert check.agrees(("I'm vegan.",), True, record)


@pytest.mark.parametrize(("value", "mode"), [("substance", "substance"), (" EXACT ", "exact")])
def test_the_context_header_is_read(value: str, mode: str) -> None:
    """x-semcache-context picks the mode of one call, case and spaces aside."""
    assert parse_controls({"X-Semcache-Context": value}).context == mode


def test_a_bad_context_header_names_the_choices() -> None:
    """Any other value is the caller's error, naming the header and the choices."""
    with pytest.raises(InvalidRequestError, match="x-semcache-context must be exact or substance"):
        parse_controls({"x-semcache-context": "fuzzy"})


def test_a_greeting_opening_a_turn_is_left_out() -> None:
    """ "Good afternoon! I need ..." states what "I need ..." states."""
    greeted = conversation("s", ["Good afternoon! I need to write an out-of-office message."],
                           "cool. can you write it?")  # fmt: skip
    plain = conversation("s", ["I need to write an out-of-office message."], "can you write it?")
    assert greeted is not None and plain is not None
    assert greeted.history == plain.history
    assert greeted.final == plain.final
    assert greeted.text == plain.text


def test_an_aim_the_other_history_names_otherwise_is_matched(check: ContextCheck) -> None:
    """'cancel' / 'month': each history names the other's aim in its own words."""
    monthly = "I'd like to cancel my monthly gym membership."
    assert check._same_intent(monthly, "Please cancel my gym membership, I pay month to month.")
    assert not check._same_intent(
        "I want to return my headphones.", "I want to exchange my headphones."
    )


def test_a_light_verb_is_no_aim(check: ContextCheck) -> None:
    """'like to get into' / 'want to move into': the aim is in the words after the verb."""
    ours = "after five years working as a barista I'd like to get into UX design"
    assert check._same_intent(
        ours, "I've been a barista for 5 years and want to move into UX design."
    )


def test_turn_or_put_something_into_another_is_no_aim(check: ContextCheck) -> None:
    """'turn Celsius into Fahrenheit' / 'convert Celsius to Fahrenheit': the aim is in
    the words after 'into'; 'turn on' is still an aim against 'stop'."""
    ours = "In JS, what's the formula to turn Celsius into Fahrenheit?"
    assert check._same_intent(ours, "How do I convert Celsius to Fahrenheit in JavaScript?")
    assert not check._same_intent("I want to turn on sharing.", "I want to stop sharing.")


INTERNET = ("My internet keeps dropping every few minutes.", "Wi-Fi only, wired is fine.")
REWORDED = [
    "Every couple of minutes my internet connection cuts out.",
    "Only on Wi-Fi; the ethernet cable works.",
]
REPLIES = [
    "Let's troubleshoot. Is it Wi-Fi or wired?",
    "Then it's likely the router's Wi-Fi radio.",
]


@pytest.mark.parametrize(
    ("ours", "theirs", "agree"),
    [
        (REPLIES, REPLIES, True),
        (REPLIES, [REPLIES[0], "Then update the driver of your Intel AX200."], False),
        (["Sure.", "Okay."], ["Sure.", "Okay."], False),  # naming nothing, no evidence
        ((), (), False),
    ],
)
def test_histories_worded_far_apart_agree_only_with_replies_naming_the_same(
    check: ContextCheck, ours: Sequence[str], theirs: Sequence[str], agree: bool
) -> None:
    """Below the history floor (0.73 here), down to 0.7, the user turns agree only if the
    assistant's replies name something, and the same things, on both sides."""
    record = {"history": REWORDED, "final": "?", "replies": list(theirs)}
    assert check.agrees(INTERNET, True, record, replies=ours) is agree


GARDEN = "I'm planning a vegetable garden on my balcony."
SHADE = "Which vegetables grow well in partial shade?"
WATER = "How often should I water tomato plants in pots?"


def _lifted(alone: bool) -> object:
    """What a check that accepts every pair serves for ``WATER`` against an entry of
    ``SHADE`` after the same history, the two final turns 0.3 apart on their own and
    0.95 in context; ``alone``: whether both name what they ask about."""
    vectors = {SHADE: np.array([1.0, 0.0]), WATER: np.array([0.3, np.sqrt(1 - 0.09)])}

    def embed(texts: Sequence[str]) -> np.ndarray:
        return np.array([vectors.get(text, np.array([1.0, 0.0])) for text in texts])

    check = ContextCheck(embed, lambda prompt, candidates, floor: candidates[0])
    record = {"history": [GARDEN], "final": SHADE, "needs": True, "alone": alone}
    entry = Entry(
        id="e", namespace="n", scope="s", prompt=f"{GARDEN}\n{SHADE}",
        response=wrap("answer", record), created_at=0.0, accessed_at=0.0,
    )  # fmt: skip
    lookup = View(
        Key("n", "s", f"{GARDEN}\n{WATER}"), "s", WATER, (GARDEN,), needs=True, alone=alone
    )
    return check.choose(lookup, [(entry, 0.95)], 0.795)


def test_two_final_turns_that_name_what_they_ask_are_not_lifted_by_their_context() -> None:
    """Final turns that each name what they ask about, far apart on their own, are
    not served because a shared history makes them read alike."""
    assert _lifted(alone=True) is None


def test_two_follow_ups_far_apart_on_their_own_are_compared_in_context() -> None:
    """Follow-ups lean on their context: the same similarities are served."""
    assert _lifted(alone=False) is not None


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            "I'm a landlord and my tenant has not paid rent for two months.",
            "I'm a tenant and my landlord says I have not paid rent for two months.",
        ),
        (
            "I'm the seller on a used bike deal and the buyer wants a refund.",
            "I'm the buyer on a used bike deal and the seller refuses a refund.",
        ),
    ],
)
def test_the_user_speaking_as_the_other_person_disagrees(
    check: ContextCheck, ours: str, theirs: str
) -> None:
    """The same people with the user as the other one ("I'm a landlord ... my tenant" /
    "I'm a tenant ... my landlord") is another conversation, however alike it reads."""
    assert not _agrees(check, [ours], [theirs])


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("I'm a nurse and I work night shifts.", "I am a nurse working night shifts."),
        (
            "I'm a teacher and my students keep talking in class.",
            "As a teacher, my students keep talking in class.",
        ),
    ],
)
def test_the_user_saying_who_they_are_alike_agrees(
    check: ContextCheck, ours: str, theirs: str
) -> None:
    """The same user said in other words ("I'm a" / "As a") is no other role."""
    assert _agrees(check, [ours], [theirs])
