"""Round 9 of issue #13: English look-alikes by class. How long an answer is asked to
be, what a thing is against how to do something with it, all or one or several of a
thing, code that differs in a symbol, who a message is from and to, a condition after
"out", and a time of day.

The pairs are written for these tests; none is copied from a benchmark set.
"""

from __future__ import annotations

import pytest
from _served import HIGH, LOW
from _served import served as _served

from semcache.verify import difference
from semcache.verify._guards import conflict_among as conflict


@pytest.mark.parametrize(
    ("brief", "long"),
    [
        ("give me a brief rundown of how vaccines work", "give me a detailed guide to vaccines"),
        (
            "a short summary of the french revolution",
            "an in-depth history of the french revolution",
        ),
        ("explain photosynthesis in one sentence", "explain photosynthesis thoroughly"),
        ("write a one-page pitch for my bakery", "write a 15-page pitch for my bakery"),
        ("a quick intro to kubernetes", "a comprehensive tutorial on kubernetes"),
    ],
)
def test_a_brief_answer_against_a_long_one_is_vetoed(brief: str, long: str) -> None:
    """ "A quick overview" / "an in-depth guide": another length, another answer."""
    assert difference(brief, long, HIGH, names=["extent"]) == "extent"
    assert difference(long, brief, LOW, names=["extent"]) == "extent"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("summarize the plot of hamlet", "give me a brief synopsis of hamlet's plot"),
        ("a detailed summary of the cold war", "summarize the cold war"),  # both against one
        ("write a short story about a dragon", "write a detailed story about a dragon"),
        ("quick dinner ideas", "comprehensive dinner ideas"),  # a quick dinner, not a brief text
        ("how long is the great wall", "summary of the great wall"),
    ],
)
def test_one_extent_or_a_thing_s_own_size_is_no_other_length(a: str, b: str) -> None:
    """Brief on both sides, both extents against one, and "short" or "quick" naming the
    thing itself change nothing."""
    assert difference(a, b, HIGH, names=["extent"]) is None


@pytest.mark.parametrize(
    ("what", "how"),
    [
        ("what is a health savings account", "how do i open a health savings account"),
        ("what is a vpn", "how to install a vpn"),
        ("what are index funds", "how can i buy index funds"),
        ("what's a sourdough starter", "how do you feed a sourdough starter"),
    ],
)
def test_what_a_thing_is_against_how_to_do_something_with_it_is_vetoed(what: str, how: str) -> None:
    """A definition against a task: the task's verb is the one word added."""
    assert difference(what, how, HIGH, names=["intent"]) == "intent"
    assert difference(how, what, HIGH, names=["intent"]) == "intent"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what is a health savings account", "how does a health savings account work"),
        ("what is a vpn", "how do i understand what a vpn is"),
        ("what is the best way to open a brokerage account", "how do i open a brokerage account"),
        ("what is a mortgage", "what does mortgage mean"),
        ("what is the best way to cancel a gym membership", "how do i end a gym membership"),
        ("what are good tips to grow tomatoes", "how can i grow tomatoes"),
        ("what are the uses of baking soda", "how do you use baking soda"),
        ("what is a prime number", "how do you identify a prime number"),
    ],
)
def test_asking_how_a_thing_works_or_the_same_task_is_one_question(a: str, b: str) -> None:
    """ "How does it work" asks what it is; a task named on both sides is one task."""
    assert difference(a, b, HIGH, names=["intent"]) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("can i recycle all the batteries in my drawer", "can i recycle a battery in my drawer"),
        ("how to water all of the plants on my balcony", "how to water a plant on my balcony"),
        ("how much should a cat eat a day", "how much should three cats eat a day"),
        ("how big a crate does a puppy need", "how big a crate do 2 small puppies need"),
    ],
)
def test_all_or_several_against_one_of_a_thing_is_vetoed(a: str, b: str) -> None:
    """ "All *the* trees" is all trees; "a cat" / "three cats" is another amount."""
    assert difference(a, b, HIGH, names=["quantity"]) == "quantity"
    assert difference(b, a, HIGH, names=["quantity"]) == "quantity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how much should a cat eat a day", "how much food does a cat need each day"),
        ("how much should a cat eat a day", "how much should a 2 year old cat eat a day"),
        ("how to rent a 2 bedroom apartment", "how to rent a two-bedroom apartment"),
        ("can you love more than one person", "can you love two persons"),  # a bound, no count
        ("can a person love two persons", "can a person truly love two persons"),  # one too
        ("how to see rome in a day", "how to see rome in 3 days"),  # durations: numbers
    ],
)
def test_one_amount_said_two_ways_is_no_other_amount(a: str, b: str) -> None:
    assert difference(a, b, HIGH, names=["quantity"]) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (r"what does this regex match: ^[a-z]+", r"what does this regex match: ^[a-z]+$"),
        ("explain this line: `i += 1`", "explain this line: `i =+ 1`"),
        ("what does this do: x <= y", "what does this do: x < y"),
        (r"explain the pattern `\d+`", r"explain the pattern `\D+`"),
    ],
)
def test_code_that_differs_in_a_symbol_is_another_payload(a: str, b: str) -> None:
    """The words of the two payloads are the same; their symbols are not."""
    assert difference(a, b, HIGH, names=["payload"]) == "payload"
    assert not _served(a, b, 0.99)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (r"what does this regex match: ^[a-z]+$", r"what does this regex match:  ^[a-z]+$ ."),
        ("explain this line: `i += 1`", "explain this line: ` i += 1 `"),
        ("translate to french: the cat is here", "translate to french: The cat is here."),
    ],
)
def test_the_same_code_spaced_or_stopped_otherwise_is_one_payload(a: str, b: str) -> None:
    """Spaces and a full stop after the code change nothing; prose is compared by words."""
    assert difference(a, b, HIGH, names=["payload"]) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "a note from a coach reminding a player about practice",
            "a note from a player telling a coach about practice",
        ),
        (
            "email from a manager congratulating an employee",
            "email from an employee congratulating a manager",
        ),
    ],
)
def test_who_a_message_is_from_and_to_trading_places_is_vetoed(a: str, b: str) -> None:
    """The party addressed by "reminding" / "telling" on one side sends it on the other."""
    assert difference(a, b, LOW, names=["sender"]) == "sender"
    assert difference(b, a, LOW, names=["sender"]) == "sender"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "a note from a coach reminding a player about practice",
            "a reminder about practice that a coach sends to a player",
        ),
        (
            "email from a manager thanking an employee",
            "email thanking an employee, written by their manager",
        ),
        ("how to update the app from a laptop", "how to update the app from a phone"),
    ],
)
def test_the_same_parties_said_two_ways_are_no_swap(a: str, b: str) -> None:
    assert difference(a, b, LOW, names=["sender"]) is None


def test_a_condition_after_out_is_a_condition() -> None:
    """ "Get a roommate out *if* ..." opens a condition; "find out if" asks whether."""
    a = "how to get a roommate out if the sublet is over"
    b = "how to get a roommate out if they never clean"
    assert difference(a, b, LOW, names=["clause"]) == "clause"
    same = "how to find out if my car was recalled"
    assert (
        difference(same, "how to find out if my car is under recall", LOW, names=["clause"]) is None
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what to eat in the morning", "what to eat before bed"),
        ("should i shower in the morning", "should i shower before going to bed"),
    ],
)
def test_the_morning_against_bedtime_is_another_time(a: str, b: str) -> None:
    assert conflict(a, b, ["opposite"]) == "opposite"


def test_bedtime_against_night_is_one_time() -> None:
    assert conflict("what to eat before bed", "what to eat at night", ["opposite"]) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("can my brother drive my car", "can i drive my brother's car"),
        ("may my neighbor park in my driveway", "may i park in my neighbor's driveway"),
        ("can my partner claim my pension", "can i claim my partner's pension"),
    ],
)
def test_whose_thing_and_who_uses_it_trading_places_is_vetoed(a: str, b: str) -> None:
    """ "My roommate uses my card" / "I use my roommate's card": another owner."""
    assert difference(a, b, HIGH, names=["person"]) == "person"
    assert difference(b, a, HIGH, names=["person"]) == "person"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("can i borrow my dad's car", "can i borrow the car of my dad"),
        ("is my sister's car covered by my insurance", "does my insurance cover my sister's car"),
        ("can my brother drive my car", "is my brother allowed to drive my car"),
    ],
)
def test_the_same_owner_said_two_ways_is_no_swap(a: str, b: str) -> None:
    assert difference(a, b, HIGH, names=["person"]) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how do i stop my phone from dimming", "how do i make my phone dim"),
        ("how to keep my cat from sleeping on the bed", "how to get my cat to sleep on the bed"),
        ("how can i prevent the bread from rising", "how can i make the bread rise more"),
    ],
)
def test_preventing_an_act_against_asking_for_it_is_vetoed(a: str, b: str) -> None:
    """ "Stop it from *going* to sleep" / "make it *go* to sleep": the act, undone."""
    assert difference(a, b, LOW, names=["prevention"]) == "prevention"
    assert difference(b, a, LOW, names=["prevention"]) == "prevention"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how do i stop my phone from dimming", "how do i keep my phone from dimming"),
        ("how to keep my cat from sleeping on the bed", "how to make my cat not sleep on the bed"),
        ("how can i prevent the bread from rising", "how can i stop bread rising too much"),
        ("how to keep deer from eating my roses", "how to protect roses from deer"),
        ("how to keep from sneezing at dust", "how can i avoid sneezing at dust"),
        ("what stopped the ship from sinking", "why didn't the ship sink"),
    ],
)
def test_preventing_an_act_asked_two_ways_is_one_question(a: str, b: str) -> None:
    assert difference(a, b, LOW, names=["prevention"]) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how to create a compost pile", "how to revive a compost pile"),
        ("how do i open a savings account", "how do i restore a savings account"),
    ],
)
def test_beginning_a_thing_against_reviving_it_is_another_stage(a: str, b: str) -> None:
    assert difference(a, b, LOW, names=["lifecycle"]) == "lifecycle"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how long do college students study", "how long do high school students study"),
        ("is a laptop needed in middle school", "is a laptop needed at university"),
        ("how to get a scholarship for grad school", "how to get a scholarship for college"),
    ],
)
def test_another_level_of_schooling_is_vetoed(a: str, b: str) -> None:
    assert difference(a, b, LOW, names=["schooling"]) == "schooling"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how to pay for college", "how to pay for university"),
        ("is secondary school free in the uk", "is high school free in the uk"),
        ("tips for a college essay", "tips for writing an essay"),  # one level against none
    ],
)
def test_one_level_of_schooling_named_two_ways_or_once_is_no_other(a: str, b: str) -> None:
    assert difference(a, b, LOW, names=["schooling"]) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what is a metre", "what is 3² metres"),
        ("write a page on fractions", "write ³ pages on fractions"),
        ("how big is a 10000 pages book", "how big is a book"),
    ],
)
def test_a_digit_that_is_no_ascii_numeral_is_no_count(a: str, b: str) -> None:
    """ "²" is a digit to Python but no count: the checks read it and go on."""
    assert difference(a, b, HIGH, names=["quantity", "extent"]) in (None, "quantity", "extent")
