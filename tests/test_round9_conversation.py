"""Conversations that should hit (issue #13, deliverable 3; round 9, T33).

The histories are written for these tests; each rule also keeps its look-alike apart.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from semcache import Key, SemanticCache
from semcache._conversation import ContextCheck, _stated
from semcache.wire import CHAT

# -- numbers written one way (no model) -------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("rent is 1.2-1.5k a month", "rent is 1.2k-1.5k a month"),
        ("a budget of 2 to 3 million", "a budget of 2 million to 3 million"),
        ("my grandma's 90th birthday", "my grandma's 90 birthday"),
        ("she is in fifth grade", "she is in 5th grade"),
        ("the twenty-first of May", "the 21st of May"),
        ("a couple of tickets", "two tickets"),
        ("a dozen cupcakes", "12 cupcakes"),
        ("half a dozen eggs", "six eggs"),
        ("they cover half of the cost", "they cover 50% of the cost"),
        ("my 403(b) plan", "my 403b plan"),
    ],
)
def test_a_number_written_otherwise_is_stated_alike(ours: str, theirs: str) -> None:
    """A range's magnitude written once, an ordinal, a count in words, "half of", a
    plan's name with parentheses: one way of writing each."""
    assert _stated([ours]) == _stated([theirs])


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("rent is 1.2-1.5k a month", "rent is 1.2k-2k a month"),
        ("my grandma's 90th birthday", "my grandma's 80th birthday"),
        ("a couple of tickets", "three tickets"),
        ("a dozen cupcakes", "10 cupcakes"),
        ("they cover half of the cost", "they cover 30% of the cost"),
    ],
)
def test_another_number_still_differs(ours: str, theirs: str) -> None:
    """Written one way, two numbers that differ still differ."""
    assert _stated([ours]) != _stated([theirs])


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("I contribute to my 401k", "401k"),  # a plan, not $401,000
        ("I need a pair of hiking boots", "a pair of"),  # one pair, not two boots
        ("my first apartment", "first"),  # not "1 apartment"
        ("give me a second", "second"),
    ],
)
def test_what_is_no_count_is_left_as_it_is(text: str, kept: str) -> None:
    """A plan's name is no amount, a pair of shoes is one pair, "first" / "second" are
    no numbers of a count."""
    assert kept in _stated([text])


# -- histories that state the same numbers (real model) ----------------------------------


@pytest.fixture(scope="module")
def check(context_check: ContextCheck) -> ContextCheck:
    return context_check


def _agrees(check: ContextCheck, ours: list[str], theirs: list[str]) -> bool:
    return check.agrees(tuple(ours), True, {"history": theirs, "final": "?"})


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            ["my sister turns 40 next month and I want to throw her a party"],
            ["I want to throw a party for my sister's 40th birthday next month"],
        ),
        (
            ["I'm hiring a backend engineer, salary range 90-110k USD"],
            ["I'm hiring a backend engineer, salary range $90k-$110k"],
        ),
        (
            ["my daughter is in 4th grade and hates math homework"],
            ["my daughter is in fourth grade and hates math homework"],
        ),
    ],
)
def test_histories_with_a_number_written_otherwise_agree(
    check: ContextCheck, ours: list[str], theirs: list[str]
) -> None:
    """ "turns 40" / "40th birthday", "90-110k" / "$90k-$110k", "4th" / "fourth": the
    same facts."""
    assert _agrees(check, ours, theirs)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            ["my sister turns 40 next month and I want to throw her a party"],
            ["I want to throw a party for my sister's 50th birthday next month"],
        ),
        (
            ["I'm hiring a backend engineer, salary range 90-110k USD"],
            ["I'm hiring a backend engineer, salary range $90k-$130k"],
        ),
        (
            ["my daughter is in 4th grade and hates math homework"],
            ["my daughter is in sixth grade and hates math homework"],
        ),
    ],
)
def test_histories_with_another_number_disagree(
    check: ContextCheck, ours: list[str], theirs: list[str]
) -> None:
    """The same sentences with another age, range end or grade: other facts."""
    assert not _agrees(check, ours, theirs)


# -- histories reworded around the same names and numbers (real model) ------------------

LAID_OFF = "I was let go last week after 6 years at the bank."
REWORDED = "the bank laid me off last week after six years working there"  # 0.72


def _agrees_replied(
    check: ContextCheck, ours: list[str], theirs: list[str], replies: tuple[list[str], list[str]]
) -> bool:
    record = {"history": theirs, "final": "?", "replies": replies[1]}
    return check.agrees(tuple(ours), True, record, replies=tuple(replies[0]))


def test_histories_reworded_around_the_same_names_agree(check: ContextCheck) -> None:
    """Worded apart (below the plain floor, 0.75), the same names and numbers and no
    aim on one side only: the same facts."""
    assert _agrees(check, [LAID_OFF], [REWORDED])


@pytest.mark.parametrize(
    "theirs",
    [
        "the bank laid me off last week after nine years working there",  # another number
        "the hospital laid me off last week after six years working there",  # no name
        "the bank hired me last week after six years working elsewhere",  # another aim
    ],
)
def test_histories_reworded_around_other_facts_disagree(check: ContextCheck, theirs: str) -> None:
    """The same rewording with another number, without the name, or another event:
    other facts."""
    assert not _agrees(check, [LAID_OFF], [theirs])


def test_reworded_histories_answered_otherwise_disagree(check: ContextCheck) -> None:
    """The same rewording answered with other facts: the follow-up may ask about the
    answer, so the replies must not name other things."""
    alike = (["I'm sorry to hear that."], ["That's tough, sorry."])
    apart = (["You may get 12 weeks of severance."], ["Severance is usually 2 weeks per year."])
    assert _agrees_replied(check, [LAID_OFF], [REWORDED], alike)
    assert not _agrees_replied(check, [LAID_OFF], [REWORDED], apart)


# -- a follow-up reworded whole, after the same conversation (real model) ----------------

FEVER = [
    ("My toddler has had a fever of 39 C since last night.", "Is she drinking fluids?"),
    ("yes, but she refuses food and is very sleepy", "Watch for signs of dehydration."),
]
ASKED = "should I take her to the doctor?"


def _served(cache: SemanticCache, cached: str, asked: str, namespace: str) -> bool:
    def key(final: str) -> Key:
        messages = [
            message
            for user, assistant in FEVER
            for message in (
                {"role": "user", "content": user},
                {"role": "assistant", "content": assistant},
            )
        ]
        messages.append({"role": "user", "content": final})
        return CHAT.key({"model": "m", "messages": messages}, namespace=namespace)

    cache.insert(key(cached), "answer")
    return cache.lookup(key(asked)) is not None


@pytest.fixture(scope="module")
def cache() -> Iterator[SemanticCache]:
    with SemanticCache(None) as opened:
        yield opened


def test_a_follow_up_reworded_whole_is_served(cache: SemanticCache) -> None:
    """The same conversation, the final turn worded apart (more words differ than a
    swap, 0.43 alone) with nothing else telling them apart: the context says what it
    asks about."""
    assert _served(cache, ASKED, "is it time to get her seen by a pediatrician?", "reworded")


@pytest.mark.parametrize(
    "asked",
    [
        "is it time to get her seen by a dentist?",  # another doctor
        "is it too late to get her seen by a pediatrician?",  # another question
        "should I take her to the emergency room?",  # another place, in one place
        "can she go back to daycare tomorrow?",
        "should I cancel her birthday party?",
    ],
)
def test_a_follow_up_that_asks_another_thing_is_not_served(
    cache: SemanticCache, asked: str
) -> None:
    """After the same conversation, a final turn asking about another thing (another
    word swapped in, another question word, another topic) is still refused."""
    assert not _served(cache, ASKED, asked, f"other-{asked}")


def test_a_follow_up_against_a_question_that_names_its_subject_is_not_served(
    cache: SemanticCache,
) -> None:
    """A follow-up that leans on the context ("What was its original purpose?") and a
    question that names what it asks about ("In which year was ... finished?") after
    agreeing histories are two questions, however close the context makes them: the
    rewording rule is for two follow-ups that both lean on it."""

    def key(opening: str, final: str) -> Key:
        messages = [
            {"role": "user", "content": opening},
            {"role": "assistant", "content": "It is a wrought-iron tower in Paris."},
            {"role": "user", "content": final},
        ]
        return CHAT.key({"model": "m", "messages": messages}, namespace="named")

    named = "In which year was the construction of the Eiffel Tower finished?"
    cache.insert(key("Give me an overview of the Eiffel Tower.", named), "answer")
    asked = key("Tell me about the Eiffel Tower.", "What was its original purpose?")
    assert cache.lookup(asked) is None
