"""The rescue: a candidate below the threshold served on the evidence of the same words."""

from __future__ import annotations

import pytest
from _candidates import candidate as _candidate

from semcache._errors import ConfigError
from semcache.verify import GuardedVerifier
from semcache.verify._rescue import (
    MAX_RESCUE_TYPOS,
    MIN_RESCUE_FLOOR,
    rescue_floor,
    rescue_reach,
    rescue_typos,
    same_request,
)


def test_greetings_and_politeness_are_filler() -> None:
    """Greetings, "could you please", "thanks" are no difference."""
    assert same_request(
        "hey could you please tell me how to descale a kettle? thanks so much",
        "How do I descale a kettle?",
    )


def test_ways_of_asking_how_are_one() -> None:
    """ "How can I", "what's the best way to" and a bare imperative ask the same."""
    assert same_request("what's the best way to descale a kettle", "how can I descale a kettle")
    assert same_request("descale a kettle step by step", "How do I descale a kettle?")


def test_typo_of_a_non_word_matches() -> None:
    """A one-letter typo that is no word ("kettel") is the word."""
    assert same_request("how do i descale my kettel", "How do I descale my kettle?")


def test_a_letter_between_two_words_is_no_typo() -> None:
    """Two real words a letter apart ("restrain" / "restraint") are two words."""
    assert not same_request("define restrain", "define restraint")


def test_a_changed_first_letter_is_no_typo() -> None:
    """A letter added at the start ("theist" / "atheist") makes another word."""
    assert not same_request("beliefs of a theist", "beliefs of an atheist")


def test_a_one_sided_qualifier_is_no_filler() -> None:
    """A content word only one side has ("vegan") is a difference, not filler."""
    assert not same_request("pancake recipe please", "vegan pancake recipe")


def test_a_terse_prompt_asks_what_is() -> None:
    """A terse prompt is the same one asked as "what is / are ..."."""
    assert same_request("symptoms of scurvy?", "What are the symptoms of scurvy?")
    assert same_request("capital of peru", "whats the capital of peru")


def test_a_terse_prompt_asks_how_many() -> None:
    """ "X in Y?" is "how many X are in Y?", a unit's symbol its name ("tsp")."""
    assert same_request("tsp in a tablespoon?", "How many teaspoons are in a tablespoon?")
    assert same_request("protein in an egg", "how much protein is in an egg")


def test_need_to_in_a_how_question_is_frame() -> None:
    """ "How long do I need to boil an egg" asks how long to boil it; "Do I need to"
    in a yes / no question is an obligation."""
    assert same_request("how long do I need to boil an egg", "how long do i boil an egg")
    assert not same_request("do I need to declare cash", "do I declare cash")


def test_a_terse_prompt_is_not_another_question() -> None:
    """ "Why" or "how" ask more of a topic than its name does, and "what" against
    another wh-word is another question."""
    assert not same_request("symptoms of scurvy", "why are there symptoms of scurvy")
    assert not same_request("what causes scurvy", "who causes scurvy")
    assert not same_request("what is the capital of peru", "where is the capital of peru")
    assert not same_request("protein in an egg", "how long is protein in an egg")


def test_a_question_without_its_wh_word_is_not_terse() -> None:
    """A yes / no question or a "how do I" has no "what" to give: "is there a cure for
    hiccups" / "what is a cure for hiccups", "how do I bulk up" / "what is bulking up"."""
    assert not same_request("is there a cure for hiccups", "what is a cure for hiccups")
    assert not same_request("how do I bulk up", "what is bulking up")


def test_explain_asks_what_is() -> None:
    """ "Explain X" and "can you explain what X is" ask what "what is X" does."""
    assert same_request("Could you explain what a mortgage broker is?", "what is a mortgage broker")
    assert same_request("explain photosynthesis", "what is photosynthesis?")


def test_explain_keeps_what_else_it_asks() -> None:
    """ "Explain why" asks why; "explain X to a child" names an audience."""
    assert not same_request("explain why bread goes stale", "what is stale bread")
    assert not same_request("explain inflation to a child", "what is inflation")
    assert not same_request("explain and summarize the plot", "summarize the plot")


def test_a_thank_you_before_a_noun_names_its_kind() -> None:
    """ "A thank-you card" is a kind of card, not thanks: "a card" asks for another."""
    assert not same_request(
        "wording for a thank you card to my coach", "wording for a card to my coach"
    )
    assert not same_request("thank you email after a sales call", "email after a sales call")


def test_thanks_at_the_end_is_still_filler() -> None:
    """ "Thank you" that thanks is no difference."""
    assert same_request("how do I descale a kettle? thank you", "How do I descale a kettle?")


def test_a_grammar_word_that_differs_is_no_filler() -> None:
    """A preposition or a wh-word that differs is a difference ("against")."""
    assert not same_request("What can I do against a landlord?", "What does a landlord do?")
    assert not same_request("why do kettles scale", "how do kettles scale")


def test_a_compound_in_two_words_is_one() -> None:
    """A compound in two words ("tooth paste") is the word ("toothpaste")."""
    assert same_request(
        "best tooth paste for sensitive teeth", "best toothpaste for sensitive teeth"
    )


def test_a_payload_is_never_rescued() -> None:
    """A prompt carrying text to work on is not rescued (its text is what differs)."""
    assert not same_request("Summarize: the cat sat.", "Summarize: the cat sat.  thanks")


def test_floor_follows_the_threshold() -> None:
    """The floor is t - 0.75 (1 - t), never below 0.60, none at a threshold of 1."""
    assert rescue_floor(0.8) == pytest.approx(0.65)
    assert rescue_floor(0.9) == pytest.approx(0.825)
    assert rescue_floor(1.0) == 1.0
    assert rescue_floor(0.62) == MIN_RESCUE_FLOOR
    assert rescue_floor(0.5) == 0.5


def test_reach_inverts_the_floor() -> None:
    """The highest threshold a similarity is rescued at has that similarity as floor."""
    assert rescue_floor(rescue_reach(0.7)) == pytest.approx(0.7)
    assert rescue_reach(0.55) == 0.55


def test_rescued_below_the_threshold() -> None:
    """A chatty rewording with the same words is served in the band."""
    best = _candidate("How do I descale a kettle?", 0.7)
    verifier = GuardedVerifier()
    assert verifier.choose("hi! how can i descale a kettle, thanks", [best], 0.8) == best


def test_rescue_off_by_option() -> None:
    """GuardedVerifier(rescue=False): the threshold alone decides."""
    best = _candidate("How do I descale a kettle?", 0.7)
    verifier = GuardedVerifier(rescue=False)
    assert verifier.choose("hi! how can i descale a kettle, thanks", [best], 0.8) is None
    assert verifier.lowest(0.8) == 0.8
    assert verifier.reach("hi! how can i descale a kettle", best[0].prompt, 0.7) == 0.7


def test_nothing_below_the_floor() -> None:
    """Below the rescue floor even the same words are a miss."""
    best = _candidate("How do I descale a kettle?", 0.64)
    assert GuardedVerifier().choose("how can i descale a kettle", [best], 0.8) is None


def test_a_guard_still_vetoes_in_the_band() -> None:
    """The same words in another direction are refused in the band (a guard)."""
    best = _candidate("convert celsius to fahrenheit", 0.7)
    query = "please convert fahrenheit to celsius"
    assert same_request(query, best[0].prompt)
    assert GuardedVerifier().choose(query, [best], 0.8) is None


def test_a_raised_entry_threshold_holds_in_the_band() -> None:
    """Feedback on a wrong hit stops the rescue of that entry too."""
    best = _candidate("How do I descale a kettle?", 0.7)
    verifier = GuardedVerifier()
    verifier.feedback(best[0].id, 0.7, correct=False)
    assert verifier.choose("how can i descale a kettle", [best], 0.8) is None


def test_reach_of_a_rescued_pair() -> None:
    """semcache eval scores a rescued pair by the highest threshold that serves it."""
    verifier = GuardedVerifier()
    reach = verifier.reach("how can i descale a kettle", "How do I descale a kettle?", 0.7)
    assert reach == pytest.approx(rescue_reach(0.7))
    assert verifier.reach("why do kettles scale", "how do kettles scale", 0.7) == 0.7


def test_misspelt_words_are_counted() -> None:
    """Each content word matched only as a misspelling counts once ("recipie", "lasagne")."""
    assert rescue_typos("how do I bake a lasagna", "how do i bake a lasagna") == 0
    assert rescue_typos("lasagna baking time", "what is the lasagnna bakign time") == 2
    assert rescue_typos("how do I bake a lasagna", "how do I boil a lasagna") is None


def test_misspellings_lower_the_floor() -> None:
    """The floor drops a quarter of the threshold's distance from 1 per misspelt word,
    two at most, and not at all without the rescue."""
    assert rescue_floor(0.8, 0.75, 1) == pytest.approx(0.6)
    assert rescue_floor(0.8, 0.75, 2) == pytest.approx(0.55)
    assert rescue_floor(0.8, 0.75, 3) < rescue_floor(0.8, 0.75, 2)  # 3: a misspelt copy
    assert rescue_floor(0.8, 0.0, 2) == 0.8
    assert rescue_reach(rescue_floor(0.8, 0.75, 2), 0.75, 2) == pytest.approx(0.8)


def test_a_misspelt_candidate_is_served_lower() -> None:
    """A rewording with two misspelt words is served below the plain rescue floor."""
    verifier = GuardedVerifier()
    query, cached = "how do i baek a lasagnna", "How do I bake a lasagna?"
    assert rescue_floor(0.795) > 0.56
    assert verifier.choose(query, [_candidate(cached, 0.56)], 0.795) is not None
    assert verifier.reach(query, cached, 0.56) > 0.795
    assert verifier.choose("how do i boil a lasagnna", [_candidate(cached, 0.56)], 0.795) is None


@pytest.mark.parametrize("bad", ["no", 0, None, 1.0])
def test_rescue_option_must_be_a_bool(bad: object) -> None:
    """A truthy string such as "no" would switch the rescue on: refused, with the value."""
    with pytest.raises(ConfigError, match="rescue must be True or False"):
        GuardedVerifier(rescue=bad)  # type: ignore[arg-type]


def test_a_misspelt_copy_counts_as_the_most_typos() -> None:
    """The other prompt word for word, some of its content words misspelt and one at
    least spelt alike, counts as ``MAX_RESCUE_TYPOS``: the deepest floor."""
    query, cached = "how does compund intrest work", "How does compound interest work?"
    assert rescue_typos(query, cached) == MAX_RESCUE_TYPOS
    assert rescue_typos("how do i chnage my pasword", "how can I change my password") == (
        MAX_RESCUE_TYPOS
    )


def test_a_copy_with_every_content_word_misspelt() -> None:
    """Two or more content words, all misspelt around the same frame, are a misspelt
    copy too; one word misspelt alone is only one misspelling."""
    assert rescue_typos("how do i clen the stians", "How do I clean the stains?") == (
        MAX_RESCUE_TYPOS
    )
    assert rescue_typos("what is a cactis", "what is a cactus") == 1
    assert rescue_typos("why do i clen the stians", "How do I clean the stains?") is None


def test_a_copy_needs_the_same_other_words() -> None:
    """Misspelt words in a prompt that also rewords its frame or adds a word are
    misspellings, not a copy ("what is" against a terse prompt)."""
    assert rescue_typos("compund intrest formula", "what is the compound interest formula") == 2
    assert rescue_typos("how does compund intrest work", "why does compound interest work") is None


def test_the_floor_of_a_misspelt_copy() -> None:
    """A copy's floor is t - 2.5 (1 - t), never below 0.25, none at a threshold of 1,
    and none without the rescue; the reach inverts it."""
    assert rescue_floor(0.795, 0.75, MAX_RESCUE_TYPOS) == pytest.approx(0.2825)
    assert rescue_floor(0.9325, 0.75, MAX_RESCUE_TYPOS) == pytest.approx(0.76375)
    assert rescue_floor(0.7, 0.75, MAX_RESCUE_TYPOS) == pytest.approx(0.25)
    assert rescue_floor(1.0, 0.75, MAX_RESCUE_TYPOS) == 1.0
    assert rescue_floor(0.795, 0.0, MAX_RESCUE_TYPOS) == 0.795
    floor = rescue_floor(0.795, 0.75, MAX_RESCUE_TYPOS)
    assert rescue_reach(floor, 0.75, MAX_RESCUE_TYPOS) == pytest.approx(0.795)


def test_a_misspelt_copy_is_served_far_below_the_threshold() -> None:
    """The tokenizer splits misspelt words, so the similarity of a copy says little:
    served at 0.31, where the same words reworded are not."""
    verifier = GuardedVerifier()
    cached = _candidate("How does compound interest work?", 0.31)
    assert verifier.choose("how does compund intrest work", [cached], 0.795) == cached
    assert verifier.lowest(0.795) <= 0.31
    assert verifier.choose("how does compund intrest grow", [cached], 0.795) is None
    assert verifier.choose("how can compund intrest work", [cached], 0.795) is None


def test_a_pronoun_for_a_named_thing_restates_it() -> None:
    """ "How can I reset *it*" after "my password" asks what "reset password" does."""
    assert same_request(
        "I forgot my password, how can I reset it?", "forgot password. reset steps pls"
    )
    assert same_request("I lost my car key, how can I replace it?", "how to replace a lost car key")


def test_a_pronoun_that_names_nothing_is_a_word() -> None:
    """ "How do I update *it*" names no thing of its own: not "how do I update"."""
    assert not same_request("how do I update it", "how do I update")
    assert not same_request("is it safe to freeze milk", "safe to freeze milk")
    assert not same_request("sponsors for my IT studies", "sponsors for my studies")


def test_a_misspelt_frame_word_is_that_word() -> None:
    """A content word that misspells a word of the other's frame ("wrte" / "write") is
    that word: the prompt is still a misspelt copy."""
    query, cached = (
        "how do i wrte a formal complant letter",
        "How do I write a formal complaint letter?",
    )
    assert rescue_typos(query, cached) == MAX_RESCUE_TYPOS
    assert rescue_typos("how do i wrte a leter", "How do I write a letter?") == 2
    assert rescue_typos("how do i wipe a letter", "How do I write a letter?") is None
