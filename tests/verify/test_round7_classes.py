"""Round 7 of issue #13: signs inside an expression, how often against now and then or
a single time, and a party named without a determiner.

The pairs are written for these tests; none is copied from a benchmark set.
"""

from __future__ import annotations

import pytest

from semcache.verify import difference
from semcache.verify._guards import conflict_among as conflict

HIGH = 0.97  # above every floor: only the named check can refuse
LOW = 0.85


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what is 12 + 5", "what is 12 - 5"),
        ("simplify: 2y * 4 = 16", "simplify: 2y / 4 = 16"),
        ("is n > 3 here", "is n < 3 here"),
        ("factor x^2 + 9", "factor x^2 − 9"),
    ],
)
def test_a_changed_sign_between_the_same_numbers_is_vetoed(a: str, b: str) -> None:
    """The tokens drop the signs: "12 + 5" and "12 - 5" would have one set of numbers."""
    assert conflict(a, b, ["number"]) == "number"
    assert conflict(b, a, ["number"]) == "number"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what is 12 + 5", "what is 12 plus 5"),  # one sign, in words
        ("a well-known e-mail trick", "a well known email trick"),  # hyphens between words
        ("is the COVID-19 shot free", "is the COVID 19 shot free"),
        ("what is 6*7=?", "what is 6 * 7"),  # "=" asking for the result
    ],
)
def test_one_sign_written_two_ways_or_a_hyphen_is_no_other_sign(a: str, b: str) -> None:
    """A sign only one side writes as a sign, and a hyphen between words, change
    nothing."""
    assert conflict(a, b, ["number"]) is None


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("should I stretch sometimes", "should I stretch every morning"),
        ("can I eat cheese once in a while on keto", "can I eat cheese every day on keto"),
        ("is it fine to drink coffee rarely", "is it fine to drink coffee every day"),
        ("what if I deposit $200 once and wait", "what if I deposit $200 every week and wait"),
        ("pay the fee as a lump sum", "pay the fee monthly"),
    ],
)
def test_a_period_against_now_and_then_or_one_time_is_vetoed(one: str, other: str) -> None:
    """ "Occasionally" / "every night", "once" / "every month": how often differs."""
    assert difference(one, other, HIGH, names=["frequency"]) == "frequency"
    assert difference(other, one, HIGH, names=["frequency"]) == "frequency"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("once you have the key, how do I open it", "how do I open it every day"),  # "once" joins
        ("water the plant once a week", "water the plant weekly"),  # one period
        ("is it ok to skip a workout now and then", "is it fine to miss a workout sometimes"),
    ],
)
def test_once_as_a_conjunction_or_one_class_twice_is_no_frequency(one: str, other: str) -> None:
    """ "Once you have ..." says when, not how often; two words for now and then agree."""
    assert difference(one, other, HIGH, names=["frequency"]) is None


def test_a_name_after_to_and_from_is_a_party() -> None:
    """ "a letter to Acme" / "a letter from Acme": the named party trades places, with no
    determiner before it."""
    a, b = (
        "Write a letter to Acme about a late delivery",
        "Write a letter from Acme about a late delivery",
    )
    assert difference(a, b, LOW, names=["sender"]) == "sender"
    assert difference(b, a, LOW, names=["sender"]) == "sender"


def test_one_name_both_texts_address_is_no_sender() -> None:
    """Both written to the same named party: no one trades places."""
    a, b = "Draft a complaint to Acme about billing", "Draft a letter to Acme about a billing error"
    assert difference(a, b, LOW, names=["sender"]) is None


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("easy guitar songs for a newbie", "guitar songs for someone with 5 years of experience"),
        ("climbing routes for first-timers", "climbing routes for seasoned climbers"),
    ],
)
def test_a_novice_against_an_experienced_asker_is_vetoed(one: str, other: str) -> None:
    """The skill level is one opposition, whichever word of each pole names it."""
    assert conflict(one, other, ["opposite"]) == "opposite"
    assert conflict(other, one, ["opposite"]) == "opposite"


def test_two_words_for_a_novice_are_one_level() -> None:
    """ "A newbie" and "beginners" are one pole."""
    assert (
        conflict("chess openings for a newbie", "chess openings for beginners", ["opposite"])
        is None
    )


@pytest.mark.parametrize(
    ("plain", "laid_out"),
    [
        (
            "what are the pros and cons of renting",
            "give me a table of the pros and cons of renting",
        ),
        (
            "explain how my spending changed",
            "can you make me a quick chart of how my spending changed",
        ),
        ("describe the steps of mitosis", "draw a diagram of the steps of mitosis"),
    ],
)
def test_an_answer_laid_out_in_a_structure_is_another_answer(plain: str, laid_out: str) -> None:
    """A request to produce a table, chart or diagram, against one naming no format."""
    assert difference(plain, laid_out, LOW, names=["output"]) == "output"
    assert difference(laid_out, plain, LOW, names=["output"]) == "output"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("how do I make a table in a spreadsheet app", "how to insert a table in a document"),
        ("count the rows in a table with sql", "give me sql that counts rows"),  # a database's
        ("give me a table of planets by size", "make a chart of the planets by size"),  # both
    ],
)
def test_a_structure_asked_about_or_named_by_both_is_no_other_output(one: str, other: str) -> None:
    """ "How do I make a table" asks about a tool; a table both name is no difference."""
    assert difference(one, other, LOW, names=["output"]) is None


def test_asking_for_a_thing_against_giving_it_is_vetoed() -> None:
    """A text asking someone for a thing and one giving it to them are opposite acts."""
    a = "Draft a message asking my landlord for a repair date"
    b = "Draft a message giving my landlord a repair date"
    assert conflict(a, b, ["opposite"]) == "opposite"
    assert conflict(b, a, ["opposite"]) == "opposite"


def test_give_me_as_a_request_is_no_pole() -> None:
    """ "Give me questions to ask" asks, as "what are questions to ask" does."""
    a, b = "What are good questions to ask a landlord?", "Give me good questions to ask a landlord."
    assert conflict(a, b, ["opposite"]) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how long does it take to read 2500 words", "how long to read 2,500 words?"),
        (
            "is a $1,200,000 house affordable on my salary",
            "is a $1200000 house affordable on my salary",
        ),
    ],
)
def test_a_number_written_with_thousands_separators_is_the_same_number(a: str, b: str) -> None:
    """The tokens split "2,500" at the comma: without joining the groups, "2,500" read as
    the numbers 2 and 500, which "2500" lacks."""
    assert conflict(a, b, ["number"]) is None
    assert conflict(b, a, ["number"]) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how long to read 2,500 words", "how long to read 2,600 words"),
        ("sort the list 1,2,3 ascending", "sort the list 123 ascending"),  # a list, not a number
    ],
)
def test_grouped_numbers_that_differ_are_still_vetoed(a: str, b: str) -> None:
    assert conflict(a, b, ["number"]) == "number"
    assert conflict(b, a, ["number"]) == "number"
