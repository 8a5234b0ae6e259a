"""Classes of look-alike the alignment names (no model: the similarity is given):
how often, who does the act, in whose company, in which role; and the courtesy
around a request, which changes nothing.

The pairs are written for these tests; none is copied from a benchmark set.
"""

from __future__ import annotations

import pytest

from semcache.verify import difference
from semcache.verify._align import align, shape

HIGH = 0.97  # above every floor: only the named check can refuse


def _only(a: str, b: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    al = align(shape(a), shape(b), HIGH, 0.93, 0.80)
    return al.only_a, al.only_b


def test_a_word_the_prompt_names_itself_is_no_match_for_another_word() -> None:
    """A word matched only through a synonym its own prompt also names stays unmatched:
    "a sofa and a couch" / "a sofa and a futon" differ in the couch and the futon."""
    a, b = "is a sofa better than a couch", "is a sofa better than a futon"
    assert _only(a, b)[0] == ("couch",)
    assert _only("is a sofa better than a futon", "is a couch better than a futon") == ((), ())


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("savings paying interest monthly for three years", "savings paying interest quarterly"),
        ("I water my ferns twice a week, is that enough?", "I water my ferns once a month?"),
        ("how much is 20 dollars a week over a year", "how much is 20 dollars a month over a year"),
        ("a meeting every week with my team", "a meeting every other week with my team"),
    ],
)
def test_different_periods_of_repetition_are_vetoed(one: str, other: str) -> None:
    """Two periods of how often ("monthly" / "quarterly", "twice a week" / "once a
    month") ask two things, in any rewording."""
    assert difference(one, other, HIGH, names=["frequency"]) == "frequency"
    assert difference(other, one, HIGH, names=["frequency"]) == "frequency"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("what to pack for a week in Oslo", "packing for Oslo, one week"),  # a length of time
        ("how much protein per day", "daily protein needs"),  # one period, two ways
    ],
)
def test_one_period_or_a_length_of_time_is_no_frequency(one: str, other: str) -> None:
    """ "For a week" is how long, not how often; "per day" and "daily" are one period."""
    assert difference(one, other, HIGH, names=["frequency"]) is None


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("best hiking trails in Utah alone", "best hiking trails in Utah with my family"),
        ("cheap ski trips solo", "cheap ski trips with friends"),
    ],
)
def test_going_alone_against_going_with_others_is_vetoed(one: str, other: str) -> None:
    """Alone against with a family or friends: another trip, another plan."""
    assert difference(one, other, HIGH, names=["audience"]) == "audience"
    assert difference(other, one, HIGH, names=["audience"]) == "audience"


def test_alone_against_no_company_named_is_not_vetoed() -> None:
    """ "Alone" is checked only against other company: "for a single person" says it too."""
    one, other = "cheap ski trips alone", "cheap ski trips for a single person"
    assert difference(one, other, HIGH, names=["audience"]) is None


def test_roles_named_with_as_the_are_compared() -> None:
    """ "As the host" / "as the guest": the asker's role, as with "as a"."""
    one, other = "what should I bring as the host of a dinner", "what should I bring as the guest"
    assert difference(one, other, HIGH, names=["role"]) == "role"


def test_as_the_in_a_comparison_names_no_role() -> None:
    """ "The same as the X" compares; it names no role of the asker."""
    one, other = "is the copy the same as the draft", "is the copy the same as the print"
    assert difference(one, other, HIGH, names=["role"]) is None


@pytest.mark.parametrize(
    ("mine", "another"),
    [
        ("what happens if I refund the order", "what happens if the order is refunded"),
        ("how do I evict my tenant", "what do I do if my landlord evicted me"),
        ("how do I charge my card", "I was charged twice on my card"),
    ],
)
def test_an_act_of_the_asker_against_one_done_by_another_is_vetoed(mine: str, another: str) -> None:
    """One verb, done by the asker on one side and by someone else (or to the asker)
    on the other: who acts changes the answer."""
    assert difference(mine, another, HIGH, names=["doer"]) == "doer"
    assert difference(another, mine, HIGH, names=["doer"]) == "doer"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("can I get started with running at 50", "how do I start running at 50"),
        ("my card was charged twice", "I was charged twice on my card"),
    ],
)
def test_the_same_doer_said_two_ways_is_not_vetoed(one: str, other: str) -> None:
    """ "I get started" is "I start"; a passive on both sides is one act."""
    assert difference(one, other, HIGH, names=["doer"]) is None


@pytest.mark.parametrize(
    ("polite", "plain"),
    [
        ("hello! quick question, do you ship to Norway?", "do you ship to Norway?"),
        ("ok silly question probably but how do magnets work", "how do magnets work"),
        ("would you be able to let me know when it opens? many thanks", "when does it open?"),
        ("would you mind explaining how a heat pump works", "how does a heat pump work"),
        ("could you please advise me on what to pack for a hike", "what to pack for a hike"),
        ("what ought I to pack for a hike", "what should I pack for a hike"),
        ("do you guys sell gift cards", "do you sell gift cards"),
    ],
)  # fmt: skip
def test_courtesy_and_remarks_on_the_question_change_nothing(polite: str, plain: str) -> None:
    """Greetings, "quick question", "would you be able to let me know", "much
    appreciated", "you guys": the request is the same."""
    assert difference(polite, plain, HIGH) is None
    assert difference(plain, polite, HIGH) is None


def test_roman_numerals_of_a_name_are_its_digits() -> None:
    """ "Part II" is "part 2": one name, written two ways."""
    assert (
        difference(
            "when was part II of the trilogy filmed", "when was part 2 of the trilogy filmed", HIGH
        )
        is None
    )


def test_grammar_words_as_texted_are_their_words_for_the_rescue() -> None:
    """ "ur" is "your" and "u" is "you" for the rescue's evidence of the same words."""
    from semcache.verify._rescue import rescue_typos

    assert rescue_typos("whats ur warranty on laptops", "What's your warranty on laptops?") == 0
    assert rescue_typos("do u deliver on sundays", "do you deliver on sundays") is not None


def test_getting_ready_for_a_thing_is_the_stage_before_it() -> None:
    """ "Prepare for an MRI" asks about before it; "what happens after an MRI", after."""
    one, other = "how do I prepare for an MRI scan", "what happens after an MRI scan"
    assert difference(one, other, HIGH, names=["stage"]) == "stage"
    same = "what should I do before an MRI scan"
    assert difference(one, same, HIGH, names=["stage"]) is None


def test_one_standing_against_another_is_vetoed() -> None:
    """Advice for teachers is not advice for pupils; checked only against another standing."""
    one, other = "advice for teachers planning a school trip", "advice for pupils on a school trip"
    assert difference(one, other, HIGH, names=["audience"]) == "audience"
    plain = "advice on planning a school trip"
    assert difference(one, plain, HIGH, names=["audience"]) is None


def test_every_one_against_the_one_at_hand_is_vetoed() -> None:
    """ "Every spreadsheet in a folder" against "the current spreadsheet" or "this
    spreadsheet": all of them against one."""
    every = "how do I sort rows across every spreadsheet in a folder"
    for one in (
        "how do I sort rows in the current spreadsheet",
        "how do I sort rows in this spreadsheet",
    ):
        assert difference(every, one, HIGH, names=["quantity"]) == "quantity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what causes insomnia in teenagers", "what are the effects of insomnia in teenagers"),
        ("what caused the fall of the Roman Republic", "what were the consequences of its fall"),
        ("what triggers a panic attack", "what happens during a panic attack"),
        ("reasons for high inflation", "impact of high inflation on savers"),
    ],
)
def test_what_brings_a_thing_about_is_not_what_it_brings_about(a: str, b: str) -> None:
    """Causes against effects, symptoms, consequences: other answers."""
    assert difference(a, b, HIGH, names=["causation"]) == "causation"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what causes acid rain", "what is the reason for acid rain"),
        ("side effects of melatonin", "what are the causes and side effects of melatonin"),
        ("early signs of burnout", "first symptoms of burnout"),
    ],
)
def test_the_same_side_of_causation_is_no_difference(a: str, b: str) -> None:
    """Two words for a cause, or for an effect, ask the same; both against one adds."""
    assert difference(a, b, HIGH, names=["causation"]) is None
