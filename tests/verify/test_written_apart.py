"""Words written apart or shortened, and the frame of a comparison, read as one."""

import pytest

from semcache.verify import default_verifier
from semcache.verify._align import same_word, stem
from semcache.verify._profile import profile


@pytest.fixture(scope="module")
def verifier():
    return default_verifier()


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("can i fly w/o a passport", "without"),
        ("bake a cake with out eggs", "without"),
        ("How come the tide goes out twice a day?", "why"),
    ],
)
def test_a_word_written_apart_reads_as_the_word(text, word):
    assert word in profile(text).words


def test_with_out_of_is_not_without():
    assert "without" not in profile("what can I cook with out of date milk").words


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("can i fly w/o a passport", "can i fly without a passport"),
        ("how come my tomato leaves curl", "why do my tomato leaves curl"),
        ("whats the difference between a lease and a rental", "lease vs rental"),
        ("how do crocodiles differ from alligators", "crocodiles versus alligators"),
    ],
)
def test_the_same_thing_written_two_ways_passes(verifier, a, b):
    assert verifier.reason(a, b, 0.9) is None


@pytest.mark.parametrize(
    ("a", "b", "guard"),
    [
        ("can i fly w/o a passport", "can i fly with a passport", "negation"),
        ("how come my tomato leaves curl", "when do my tomato leaves curl", "question"),
    ],
)
def test_written_apart_still_differs_from_its_opposite(verifier, a, b, guard):
    assert verifier.reason(a, b, 0.9) == guard


def test_the_comparison_words_are_one_frame_and_others_are_not():
    assert same_word(stem("vs"), stem("difference"))
    assert same_word(stem("distinguish"), stem("versus"))
    assert not same_word(stem("similarity"), stem("difference"))
    assert not same_word(stem("separate"), stem("difference"))
    assert verifier_refuses("similarities between a lease and a rental", "lease vs rental")


def verifier_refuses(a, b):
    return default_verifier().reason(a, b, 0.75) is not None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("things a tenant can do without asking", "things a tenant cannot do without asking"),
        ("apps that work without wifi", "apps that don't work without wifi"),
    ],
)
def test_an_act_negated_on_one_side_only_is_refused_when_both_negate(verifier, a, b):
    assert verifier.reason(a, b, 0.95) == "negation"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("my laptop won't charge and won't boot, what do I do", "laptop not charging, what now"),
        ("can I get a refund without a receipt if I have no box", "refund without receipt, no box"),
    ],
)
def test_negations_counted_apart_on_other_acts_pass(verifier, a, b):
    assert verifier.reason(a, b, 0.95) != "negation"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "What is a Roth IRA?",
            "Good day, I'd appreciate it if you could explain what a Roth IRA is.",
        ),
        ("What is a heat pump?", "Would you mind kindly explaining what a heat pump is? Thanks!"),
        ("what is a heat pump", "Could you be so kind as to explain what a heat pump is?"),
    ],
)
def test_courtesy_around_the_same_request_passes(verifier, a, b):
    assert verifier.reason(a, b, 0.88) is None


def test_courtesy_around_another_request_is_still_refused(verifier):
    a, b = (
        "What is a Roth IRA?",
        "I'd appreciate it if you could explain what a Traditional IRA is.",
    )
    assert verifier.reason(a, b, 0.88) is not None
