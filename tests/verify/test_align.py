"""The alignment checks, one behaviour each (no model: the similarity is given).

The pairs here are written for these tests, in words that are on no list the
checks use: what makes them fire is the shape of the difference.
"""

from __future__ import annotations

import pytest

from semcache.verify import (
    DEFAULT_REWORDED_FLOOR,
    DEFAULT_SWAP_FLOOR,
    DIFFERENCES,
    GuardedVerifier,
    difference,
)
from semcache.verify._align import stem

HIGH = 0.95  # a similarity above the swap floor
LOW = 0.84  # one below it, above the floor of a rewording
BELOW_REWORDED = DEFAULT_REWORDED_FLOOR - 0.01


@pytest.mark.parametrize(
    ("plain", "qualified"),
    [
        ("how to prune a rose bush", "how to prune a rose bush in winter shade"),  # place
        ("fun weekend activities", "fun weekend activities for toddlers"),  # audience
        ("renew the car insurance", "renew my neighbour's car insurance"),  # possessor
        ("granola bar recipe", "paleo granola bar recipe"),  # diet
        ("a speech about courage", "a ten minute speech about courage"),  # length
    ],
)
def test_a_qualifier_only_one_side_has_is_vetoed(plain: str, qualified: str) -> None:
    """Content words added where the other prompt has nothing: another question."""
    assert difference(plain, qualified, HIGH) == "qualifier"
    assert difference(qualified, plain, HIGH) == "qualifier"


@pytest.mark.parametrize(
    ("terse", "chatty"),
    [
        ("prune a rose bush", "Can you tell me how I should prune a rose bush?"),
        ("granola bar recipe", "what is a good granola bar recipe please"),
        ("renew car insurance", "I need to renew my car insurance, how?"),
    ],
)
def test_grammar_and_request_frame_are_not_qualifiers(terse: str, chatty: str) -> None:
    """Words of the grammar and the request frame ("can you tell me") change nothing."""
    assert difference(terse, chatty, HIGH) is None


def test_a_content_word_in_place_of_a_frame_word_is_a_swap() -> None:
    """A content word facing a frame word ("find" / "locate") is judged as a swap:
    served when the model holds the prompts close, refused when it does not."""
    a, b = "where do I find my receipts", "where do I locate my receipts"
    assert difference(a, b, HIGH) is None
    assert difference(a, b, LOW) == "substitution"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what is the melting point of tin", "what is the density of tin"),
        ("how to glue a ceramic mug", "how to paint a ceramic mug"),
    ],
)
def test_a_swap_below_the_floor_is_vetoed(a: str, b: str) -> None:
    """One content word for another the model does not hold as close: refused."""
    assert difference(a, b, DEFAULT_SWAP_FLOOR - 0.01) == "substitution"


def test_a_swap_in_place_is_refused_however_close() -> None:
    """In the same sentence, a word swapped for one nothing shows to be the same is an
    edit at any similarity: the model's closeness is no proof ("glue" / "stick")."""
    a, b = "how to glue a ceramic mug", "how to stick a ceramic mug"
    assert difference(a, b, 0.99) == "edit"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how do I fix a dripping tap", "how do I repair a dripping tap"),  # WordNet synonyms
        ("summarise the treaty of versailles", "summarize the treaty of versailles"),  # spelling
        ("What's the boiling point of ethanol?", "What is the boiling point of ethanol?"),
        ("what is a 20% tip on a 45 dollar bill", "what is a 20 percent tip on a 45 dollar bill"),
        ("VAT at 7.5% on a 300 euro laptop", "VAT at 7.5 per cent on a 300 euro laptop"),
    ],
)
def test_an_edit_shown_to_keep_the_meaning_is_served(a: str, b: str) -> None:
    """A swap in place that a synonym, a spelling or a neutral word of grammar explains
    passes."""
    assert difference(a, b, 0.95) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("best hiking boots for wide feet", "best hiking boots for flat feet"),
        ("how to season a cast iron wok", "how to store a cast iron pan"),  # two swapped
        ("quiet neighbourhoods to rent in Leeds", "cheap neighbourhoods to rent in Leeds"),
        ("a 20% markup on a 45 dollar jacket", "a 20% discount on a 45 dollar jacket"),
    ],
)
def test_a_content_swap_in_place_is_an_edit(a: str, b: str) -> None:
    """Content words swapped in an otherwise identical prompt, none shown to be the
    other's synonym, root or alias: refused at any similarity."""
    assert difference(a, b, 0.99, names=["edit"]) == "edit"


def test_a_content_swap_inside_a_rewording_is_no_edit() -> None:
    """Swapped inside a reworded sentence, the similarity decides (the floors)."""
    a, b = "What is the speed of a cheetah?", "How fast does a cheetah run?"
    assert difference(a, b, 0.99, names=["edit"]) is None


def test_a_grammar_word_changed_in_place_is_no_edit() -> None:
    """Only content words are edits: a word of grammar is the guards' and the named
    checks' (QQP: one grammar word changed in place is a duplicate 8 times in 9)."""
    a, b = "what is the best book on stoicism", "which is the best book about stoicism"
    assert difference(a, b, 0.99, names=["edit"]) is None


def test_a_prefixed_root_is_a_swap_at_any_similarity() -> None:
    """ "cooked" / "overcooked": one word is the other with a prefix."""
    a, b = "is the pasta cooked", "is the pasta overcooked"
    assert difference(a, b, 0.99) == "substitution"
    assert difference("how to wind the clock", "how to rewind the clock", 0.99) == "substitution"


def test_a_rewording_of_many_words_needs_the_reworded_floor() -> None:
    """More than two content words swapped on a side is a rewording, not a swap:
    served from ``reworded_floor``, refused below it."""
    a = "best laptop bag for travel"
    b = "which rucksack suits a notebook computer on trips"
    assert difference(a, b, DEFAULT_REWORDED_FLOOR) is None
    assert difference(a, b, BELOW_REWORDED) == "reworded"


def test_prompts_with_the_same_content_words_need_only_the_threshold() -> None:
    """Grammar, frame and typos aside, the same words: no floor of the checks applies."""
    a, b = "pls help cant reset my pasword", "I can't reset my password, please help"
    assert difference(a, b, 0.5) is None


def test_a_passage_too_long_to_align_needs_the_reworded_floor() -> None:
    """A text past MAX_WORDS is not aligned, and is served only from reworded_floor."""
    a = "The library lets you stream a dataset from the hub without downloading it first to disk"
    b = a + " in chunks, which saves a great deal of local storage space"
    assert difference(a, b, BELOW_REWORDED) == "reworded"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what do bats eat in the desert", "what do bats eat in the jungle"),
        ("When was the last ferry?", "When is the next ferry?"),  # one grammar word differs
    ],
)
def test_a_swap_in_place_is_refused_at_any_similarity(a: str, b: str) -> None:
    """One word swapped in the same sentence: a substitution below swap_floor, an
    edit above it."""
    assert difference(a, b, DEFAULT_SWAP_FLOOR - 0.01) == "substitution"
    assert difference(a, b, DEFAULT_SWAP_FLOOR) == "edit"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("What is the speed of a cheetah?", "How fast does a cheetah run?"),
        ("granola recipe", "How do I make granola?"),
        ("How do I mend a torn sail?", "What is the way to repair a ripped sail?"),
    ],
)
def test_a_swap_inside_a_rewording_needs_only_the_reworded_floor(a: str, b: str) -> None:
    """Words swapped while the sentence around them is reworded: a paraphrase's
    shape, served from reworded_floor, refused below it."""
    assert difference(a, b, DEFAULT_REWORDED_FLOOR) is None
    assert difference(a, b, BELOW_REWORDED) == "substitution"


def test_a_qualifier_inside_a_rewording_needs_the_reworded_floor() -> None:
    """A word one side adds while the sentence is reworded ("What does a plumber do?" /
    "What is the job of a plumber?") is judged by similarity, not refused outright."""
    a, b = "What does a plumber do?", "What is the job of a plumber?"
    assert difference(a, b, DEFAULT_REWORDED_FLOOR) is None
    assert difference(a, b, BELOW_REWORDED) == "qualifier"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("do hamsters get along with ferrets", "do ferrets get along with hamsters"),
        ("trains Lyon to Turin on Friday", "trains Turin to Lyon on Friday"),
    ],
)
def test_two_content_words_trading_places_are_vetoed(a: str, b: str) -> None:
    """The same words with two content words swapped around others: other roles."""
    assert difference(a, b, 0.99) == "order"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("compare tofu and tempeh", "compare tempeh and tofu"),
        ("difference between a moth and a butterfly", "difference between a butterfly and a moth"),
        ("how to earn money fast online", "how to earn money online fast"),
    ],
)
def test_symmetric_words_and_neighbours_are_not_a_reordering(a: str, b: str) -> None:
    """Around "and" / "between" the roles are the same; neighbours swapped are word order."""
    assert difference(a, b, 0.99) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("How to zoom in on the chart", "How to zoom out on the chart"),
        ("cant log in to the portal", "cant log out of the portal"),
    ],
)
def test_an_opposite_particle_after_the_same_word_is_vetoed(a: str, b: str) -> None:
    """ "zoom in" / "zoom out": the particle reverses the verb."""
    assert difference(a, b, 0.99) == "particle"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Who won yesterday's match?", "Who won the match yesterday?"),
        ("is it going to rain in Oslo tonight", "will it rain in Oslo tonight"),
        ("yo is the gym open tomorrow", "is the gym open tomorrow"),
    ],
)
def test_possessive_times_future_going_to_and_interjections_change_nothing(a: str, b: str) -> None:
    """ "yesterday's" is "yesterday", "going to" is "will", "yo" is no content."""
    assert difference(a, b, 0.99) is None


def test_in_the_past_is_another_time_than_now() -> None:
    """ "in the past" names a time: not the present a bare prompt means."""
    assert difference("what were rents like in the past", "what are rents like now", 0.99) == (
        "time"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("museum opening hours now", "museum opening hours tomorrow"),
        ("is the pool open this weekend", "is the pool open next weekend"),
        ("ferry timetable", "ferry timetable on Thursday"),
    ],
)
def test_different_times_are_vetoed(a: str, b: str) -> None:
    """Two prompts naming different times ask about different times."""
    assert difference(a, b, 0.99) == "time"


def test_now_is_what_a_prompt_without_a_time_means() -> None:
    """ "right now", "currently" and no time at all are one time."""
    assert difference("is the pharmacy open", "is the pharmacy currently open", HIGH) is None
    assert difference("is the pharmacy open right now", "is the pharmacy open rn", HIGH) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Make this polite: send me the file", "Make this polite: where is my refund"),
        ('Spell-check "accomodate the guests"', 'Spell-check "occured yesterday"'),
        ("Explain this code:\n```x = y or z```", "Explain this code:\n```del x[0]```"),
    ],
)
def test_a_different_payload_is_vetoed(a: str, b: str) -> None:
    """The same instruction on another text is another request."""
    assert difference(a, b, 0.99) == "payload"


def test_the_same_payload_under_reworded_instructions_is_served() -> None:
    """Equal payloads are set aside and the instructions compared."""
    a = "Turn into a question: the shop opens at nine"
    b = 'Please turn into a question: "the shop opens at nine"'
    assert difference(a, b, HIGH) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("summarise the treaty of versailles", "a summary of the treaty of versailles"),
        ("how do I recieve a parcel", "how do I receive a parcel"),
        ("distance in km from Lyon to Nice", "distance in kilometres from Lyon to Nice"),
        ("easy cookie recipes", "easy cookies recipes"),  # "cooki" / "cooky": y as i
    ],
)
def test_forms_of_one_word_are_the_same_word(a: str, b: str) -> None:
    """Derivations, a one-letter typo in a long word and an entity's other names match."""
    assert difference(a, b, LOW) is None


def test_long_passages_are_not_aligned() -> None:
    """Past MAX_WORDS words a text rewords freely; the checks leave it alone."""
    a = "The library lets you stream a dataset from the hub without downloading it first to disk"
    b = a + " in chunks, which saves a great deal of local storage space"
    assert difference(a, b, HIGH) is None


def test_the_verifier_runs_the_checks_after_the_guards() -> None:
    """GuardedVerifier names a difference as its reason, with the similarity given."""
    verifier = GuardedVerifier()
    assert verifier.reason("fun weekend activities", "fun weekend activities for toddlers") == (
        "qualifier"
    )
    assert verifier.reason("how to glue a mug", "how to paint a mug", LOW) == "substitution"
    cheetah = ("What is the speed of a cheetah?", "How fast does a cheetah run?")
    assert verifier.reason(*cheetah) is None  # a rewording: no similarity, no floor


def test_checks_can_be_left_out() -> None:
    """guards= chooses among the lexical guards and the alignment checks alike."""
    lexical_only = GuardedVerifier(guards=["number", "negation"])
    assert lexical_only.reason("fun weekend activities", "fun weekend activities for kids") is None
    assert set(DIFFERENCES) <= set(GuardedVerifier().guards)


def test_a_bad_swap_floor_names_the_value() -> None:
    """swap_floor outside 0..1 is a ConfigError that names it."""
    from semcache import ConfigError

    with pytest.raises(ConfigError, match=r"swap_floor must be between 0 and 1; got 1\.5"):
        GuardedVerifier(swap_floor=1.5)


def test_a_bad_reworded_floor_names_the_value() -> None:
    """reworded_floor outside 0..1 is a ConfigError that names it."""
    from semcache import ConfigError

    with pytest.raises(ConfigError, match=r"reworded_floor must be between 0 and 1; got -1"):
        GuardedVerifier(reworded_floor=-1)


def test_the_floors_are_the_verifiers() -> None:
    """GuardedVerifier passes its own floors to the checks."""
    a, b = "What is the speed of a cheetah?", "How fast does a cheetah run?"
    assert GuardedVerifier(reworded_floor=0.9).reason(a, b, 0.85) == "substitution"
    assert GuardedVerifier(reworded_floor=0.8).reason(a, b, 0.85) is None


def test_a_noun_naming_the_class_of_the_word_before_is_a_swap() -> None:
    """ "the capital *city* of Peru" names what a capital is: served when close."""
    a, b = "what is the capital of Peru", "what is the capital city of Peru"
    assert difference(a, b, HIGH) is None
    assert difference(a, b, LOW) == "substitution"


@pytest.mark.parametrize(
    ("plain", "qualified"),
    [
        ("explain the gold standard", "explain the gold standard briefly"),
        ("bike repair shops", "bike repair shops nearby"),
        ("how to switch the fan", "how to switch the fan off"),
    ],
)
def test_an_adverb_or_preposition_after_a_noun_is_a_qualifier(plain: str, qualified: str) -> None:
    """Words of manner, place or a particle right after a noun still qualify it."""
    assert difference(plain, qualified, 0.99) == "qualifier"


@pytest.mark.parametrize("label", ["q7", "Tom Hanks", "Garden Design Tips"])
def test_a_label_before_a_colon_is_not_an_instruction(label: str) -> None:
    """A colon after an identifier or a title starts no payload: the prompts are
    compared as prompts."""
    a = f"{label}: when does the nursery open?"
    b = f"{label}: the nursery opens when?"
    assert difference(a, b, HIGH) is None


def test_a_third_person_in_place_of_the_asker_is_vetoed() -> None:
    """ "my account" / "her account": another person's; "I" / "you" is the asker."""
    assert difference("how do I close my account", "how do I close her account", 0.99) == ("person")
    assert difference("how do I close my account", "how do you close your account", 0.99) is None


def test_past_and_future_auxiliaries_are_different_times() -> None:
    """ "did" / "will": the past is not the future."""
    a, b = "What did the council decide on parking?", "What will the council decide on parking?"
    assert difference(a, b, 0.99) == "time"


def test_to_and_from_the_same_place_are_opposite_directions() -> None:
    """ "buses to Leeds" / "buses from Leeds"; "stop it from" / "get it to" is no direction."""
    assert difference("buses to Leeds tonight", "buses from Leeds tonight", 0.99) == "particle"
    a, b = "How do I stop my cat from scratching?", "How can I get my cat to stop scratching?"
    assert difference(a, b, 0.99) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("is the pool warm in the evening", "is the pool cold in the evening"),
        ("can I arrive early for the ferry", "can I arrive late for the ferry"),
        ("how to widen a garden path", "how to narrow a garden path"),
    ],
)
def test_a_wordnet_antonym_swapped_in_is_refused_above_the_swap_floor(a: str, b: str) -> None:
    """WordNet antonyms (direct, or through an adjective's satellites) are a contrast
    at any similarity."""
    assert difference(a, b, HIGH) == "substitution"


def test_a_wordnet_antonym_is_refused_inside_a_rewording() -> None:
    """An antonymy outweighs a rewording of the rest of the sentence."""
    a, b = "steps to merge two folders on a laptop", "how do I split one folder into two"
    assert difference(a, b, 0.9) == "substitution"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how do I mend a torn hammock", "how do I repair a torn hammock"),
        ("where to purchase garden gnomes", "where to buy garden gnomes"),
    ],
)
def test_wordnet_synonyms_are_the_same_word(a: str, b: str) -> None:
    """A word swapped for its WordNet synonym is no difference, below the swap floor."""
    assert difference(a, b, LOW) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "how do I archive an invoice in the portal",
            "how do I archive all invoices in the portal",
        ),
        ("can I skip one lesson of the course", "can I skip several lessons of the course"),
        ("bring a few snacks on the hike", "bring many snacks on the hike"),
    ],
)
def test_a_different_amount_is_refused(a: str, b: str) -> None:
    """Quantifiers naming different amounts of the same thing: a look-alike."""
    assert difference(a, b, HIGH) == "quantity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("How many wheels does a tricycle have?", "How many wheels do tricycles have?"),
        ("Give me some tips for a kayak trip", "What are some good kayak trip tips?"),
    ],
)
def test_an_article_against_no_amount_is_no_difference(a: str, b: str) -> None:
    """ "a tricycle" / "tricycles": an article is not an amount of its own."""
    assert difference(a, b, HIGH) != "quantity"


def test_for_and_against_reverse_a_phrase() -> None:
    """ "reasons for" / "reasons against" is the particle check's."""
    a, b = "list reasons for a four day week", "list reasons against a four day week"
    assert difference(a, b, HIGH) == "particle"


def test_someones_possessive_against_the_askers_is_refused() -> None:
    """ "my booking" / "a colleague's booking that was already paid": another person's."""
    a, b = "how do I cancel my last booking", "how do I cancel a colleague's booking already paid"
    assert difference(a, b, LOW) == "person"


def test_a_long_prompt_made_by_an_addition_is_aligned() -> None:
    """Past MAX_CONTENT, a prompt that is the other plus a qualifier is still aligned."""
    a = "Write a product blurb for waterproof hiking boots with ankle support"
    b = a + " aimed at trail runners"
    assert difference(a, b, HIGH) == "qualifier"


def test_lately_and_recently_are_one_time() -> None:
    """ "lately" / "recently": the same time, no time difference."""
    a, b = "why is my kettle so loud lately", "my kettle got really loud recently, why"
    assert difference(a, b, 0.9) != "time"


@pytest.mark.parametrize(
    ("word", "form"),
    [("use", "used"), ("use", "using"), ("age", "aged"), ("agree", "agreed")],
)
def test_a_short_verbs_inflections_share_its_stem(word: str, form: str) -> None:
    """ "used" and "using" are forms of "use": a two-letter base with a vowel is cut."""
    assert stem(word) == stem(form)


@pytest.mark.parametrize(("a", "b"), [("sing", "s"), ("seed", "see"), ("viii", "vii")])
def test_words_that_only_look_inflected_keep_their_letters(a: str, b: str) -> None:
    """ "sing" is no form of "s", "seed" none of "see", and "viii" is not "vii"."""
    assert stem(a) != stem(b)


def test_a_synonym_reached_through_an_inflection_is_the_same_word() -> None:
    """ "employed" for "used": WordNet's synonym, once "used" meets "use"."""
    a = "the rack is used to hang wet towels"
    b = "the rack is employed to hang wet towels"
    assert difference(a, b, HIGH) is None


def test_a_lowercase_numeral_swapped_in_place_is_an_edit() -> None:
    """ "pope pius xi" / "pope pius xii": numerals are words of their own."""
    assert difference("when was pope pius xii elected", "when was pope pius xi elected", HIGH)


def test_a_wordnet_sibling_inside_a_rewording_needs_the_reworded_floor() -> None:
    """Siblings decide in one sentence; inside a rewording they are judged by the floor
    (WordNet groups "speed" with ways of moving)."""
    a, b = "what is the speed of a cheetah", "how fast does a cheetah travel"
    assert difference(a, b, LOW) is None
    assert difference(a, b, BELOW_REWORDED) == "substitution"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Can I park on the verge overnight?", "Do I have to park on the verge overnight?"),
        ("Can we paint the fence ourselves?", "Should we paint the fence ourselves?"),
        ("Is it safe to prune the hedge in June?", "Is it legal to prune the hedge in June?"),
        ("Could I skip the warm-up?", "Do I need to skip the warm-up?"),
    ],
)
def test_another_modality_of_the_same_act_is_refused(a: str, b: str) -> None:
    """May, must, should and safe-to ask four questions about one act."""
    assert difference(a, b, HIGH) == "modality"
    assert difference(b, a, HIGH) == "modality"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Can I eat raw oats?", "Is it safe to eat raw oats?"),
        ("Can I fly a kite in the park?", "Am I allowed to fly a kite in the park?"),
        ("Is it ok to water cacti weekly?", "Should I water cacti weekly?"),
        ("Can you explain the offside rule?", "Should I learn the offside rule?"),
    ],
)
def test_an_opening_can_or_ok_asks_what_the_other_sharpens(a: str, b: str) -> None:
    """ "Can I ...?" is "Is it safe / allowed ...?"; "Is it OK ...?" may be advice; "Can
    you ...?" is a request, no modality."""
    assert difference(a, b, HIGH) != "modality"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("lint a single file with ruff", "lint all files with ruff in a repo"),
        ("how long to bake one loaf of rye", "how long to bake a whole batch of rye loaves"),
    ],
)
def test_an_explicit_one_against_all_is_another_amount(a: str, b: str) -> None:
    """ "a single file" / "all files": an explicit one is an amount, even in a rewording."""
    assert difference(a, b, LOW) == "quantity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("one of the ways to sort a list is sorted()", "some ways to sort a list include sorted()"),
        ("a single click is all it takes to mute a tab", "mute a tab with a single click"),
        ("a dose of the syrup at night", "one dose of the syrup at night"),
    ],
)
def test_one_of_one_can_and_all_it_takes_are_no_amounts(a: str, b: str) -> None:
    """A part of a whole, the pronoun "one" and "all it takes" name no amount, and "a" is
    "one"."""
    assert difference(a, b, LOW) != "quantity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how do I cancel a booking I made", "how do I cancel a booking someone made for me"),
        ("can I resell a ticket that I bought", "can I resell a ticket that somebody gave me"),
    ],
)
def test_someone_in_place_of_the_asker_is_another_person(a: str, b: str) -> None:
    """ "a booking *I* made" / "a booking *someone* made for me": another agent."""
    assert difference(a, b, HIGH) == "person"


def test_someone_against_you_is_a_request() -> None:
    """ "Can someone explain ...?" asks what "Can you explain ...?" asks."""
    a, b = "can someone explain how tides work", "can you explain how tides work"
    assert difference(a, b, HIGH) is None


def test_a_word_swapped_for_one_the_other_side_has_elsewhere_is_an_edit() -> None:
    """ "square *yards* in a 3 by 4 metre rug" / "square *metres* in ...": one word left
    over, standing where the other has a content word."""
    a, b = (
        "how many square yards is a 3 by 4 metre rug",
        "how many square metres is a 3 by 4 metre rug",
    )
    assert difference(a, b, HIGH) == "edit"


def test_the_pronoun_one_is_grammar() -> None:
    """ "How does one ..." is "How do you ...": no content word added."""
    assert difference("how does one descale a kettle", "how do you descale a kettle", HIGH) is None


def test_someone_for_anyone_is_the_asker() -> None:
    """ "How can someone ..." / "How can I ...": the same generic asker."""
    a, b = "how can someone learn to whistle", "how can I learn to whistle"
    assert difference(a, b, HIGH) is None


def test_a_modal_inside_a_wh_question_is_the_frame() -> None:
    """ "Which plants should I water daily" / "Which plants can I water daily": one
    question; only permission against obligation counts outside yes/no questions."""
    a, b = "which houseplants should I water daily", "which houseplants can I water daily"
    assert difference(a, b, HIGH) != "modality"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what to eat before a long swim", "what to eat during a long swim"),
        ("is soreness normal after a deep tissue massage", "is soreness normal during a massage"),
    ],
)
def test_another_stage_of_the_process_is_refused(a: str, b: str) -> None:
    """Before, during and after name different stages of one process."""
    assert difference(a, b, HIGH, names=["stage"]) == "stage"


def test_most_against_all_is_another_amount() -> None:
    """ "most tenants" / "all tenants" in a rewording; "the most" is a superlative."""
    a, b = "do most tenants pay a deposit", "is a deposit paid by all tenants"
    assert difference(a, b, LOW) == "quantity"
    assert difference("the most scenic hikes", "scenic hikes", LOW) != "quantity"


def test_any_against_an_article_is_no_amount() -> None:
    """ "Are there any parks with lakes" asks what "Is there a park with a lake" asks."""
    a, b = "are there any parks with lakes nearby", "is there a park with a lake nearby"
    assert difference(a, b, HIGH) != "quantity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how to cancel my gym membership", "steps to renew a gym membership"),
        ("can I join the choir mid-season", "is it possible to quit the choir mid-season"),
    ],
)
def test_another_point_in_a_things_life_is_refused(a: str, b: str) -> None:
    """Begin, change and end it: three questions about one membership, in a rewording."""
    assert difference(a, b, LOW) == "lifecycle"


def test_two_verbs_of_the_same_point_are_one_question() -> None:
    """ "delete" / "deactivate" an account both end it."""
    a, b = "how do I delete my forum account", "how to deactivate a forum account"
    assert difference(a, b, LOW) != "lifecycle"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how do volcanoes erupt", "can you explain to a young child how volcanoes erupt"),
        ("easy brownie recipe", "what is a simple recipe for gluten free brownies"),
        ("what to wear hiking in Norway", "what should I wear for hiking in Norway in winter"),
        ("snacks for toddlers on a plane", "snacks for seniors on a plane"),
    ],
)
def test_a_qualifier_class_member_one_side_names_is_refused_in_a_rewording(a: str, b: str) -> None:
    """An audience, a diet or a season only one prompt names (or another one) changes
    the answer, however the rest is reworded."""
    assert difference(a, b, 0.9, names=["audience"]) == "audience"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("why do babies hiccup so often", "what makes a baby hiccup a lot"),
        ("how much sleep does a teenager need", "recommended hours of sleep for a teen"),
        ("what caused the fall of Carthage", "why did Carthage collapse"),
    ],
)
def test_a_class_word_that_is_the_subject_or_on_both_sides_is_no_qualifier(a: str, b: str) -> None:
    """ "why do babies hiccup" is about babies, "a teenager" and "a teen" are one, and
    "the fall of" is no season."""
    assert difference(a, b, LOW) != "audience"


def test_another_role_of_the_asker_is_refused() -> None:
    """ "as a cyclist" / "as a driver": the rules differ for each, in any rewording."""
    a, b = (
        "who has right of way as a cyclist at a roundabout",
        "as a driver, who goes first at a roundabout",
    )
    assert difference(a, b, 0.9, names=["role"]) == "role"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("how to file taxes as a freelancer", "how do I do my taxes as a self-employed freelancer"),
        ("is a visa needed as a US citizen", "as an American do I need a visa"),
    ],
)
def test_a_role_said_two_ways_is_one_role(a: str, b: str) -> None:
    """A shared word, or a nationality said two ways (the entity guard's), is one role."""
    assert difference(a, b, 0.9, names=["role"]) is None


def test_a_misspelling_is_the_word() -> None:
    """A word that is no word and one edit from the other side's is that word, even of
    four letters ("wirte" / "write") or where it misspells a word of the frame."""
    from semcache.verify._align import typo

    assert typo("wirte", "write") and typo("qeury", "query") and typo("showr", "shower")
    assert not typo("hyperthyroidism", "hypothyroidism")  # two edits: another word
    assert not typo("cast", "cost")  # two words
    assert not typo("kettle", "settle")  # the first letter changed
    assert not typo("wirte", "wit")  # two edits in a short word
    assert difference("how do I wirte a sql qeury", "How do I write a SQL query?", 0.85) is None


def test_two_words_a_letter_apart_stay_a_swap() -> None:
    """Two real words a letter apart are a swap, not a typo ("lend" / "land")."""
    assert difference("how do I lend money", "how do I land money", 0.9) is not None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Who is the current chair of the committee?", "Who was the first chair of the committee?"),
        ("the latest model of the Walkman", "the original model of the Walkman"),
    ],
)
def test_the_first_of_a_sequence_is_not_the_current_one(a: str, b: str) -> None:
    """ "first" or "original" against "current" or "latest": another member of the
    sequence, in any rewording."""
    assert difference(a, b, HIGH) == "time"


def test_the_last_one_is_the_most_recent_one() -> None:
    """ "my last invoice" is the latest invoice, while "last month" is a time."""
    assert (
        difference("How do I print my last invoice?", "print my most recent invoice", HIGH) is None
    )
    assert difference("invoices from last month", "invoices from this month", HIGH) == "time"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("How do I roast peppers in the oven?", "How do I roast peppers on a grill?"),
        ("How do I mute a call on my laptop?", "How do I mute a call in the mobile app?"),
    ],
)
def test_a_phrase_of_place_or_tool_swapped_whole_is_a_swap_in_place(a: str, b: str) -> None:
    """One prepositional phrase swapped for another at the same place ("in the oven" /
    "on a grill") is another filler of one slot: the swap's floor, not a rewording's."""
    assert difference(a, b, LOW) in ("substitution", "edit")
    assert difference(a, b, LOW) is not None


def test_a_phrase_of_place_said_with_a_synonym_is_served() -> None:
    """The same slot filled with a synonym ("couch" / "sofa") is one place."""
    a, b = "Can a puppy nap on the couch all day?", "Can a puppy nap on a sofa all day?"
    assert difference(a, b, LOW) is None


def test_different_tones_of_writing_are_vetoed() -> None:
    """Two tones for one text ("friendly" / "stern"): another text to write."""
    a = "Write a friendly note to my neighbour about the fence"
    b = "Write a stern note to my neighbour about the fence"
    assert difference(a, b, HIGH) == "tone"


def test_a_tone_only_one_request_to_write_names_is_vetoed_in_any_rewording() -> None:
    """A tone only one side asks for, the rest reworded (where an added word alone
    would be judged by the similarity): another text."""
    a = "Draft a cover letter for a barista job"
    b = "Can you write me a humorous cover letter for a job as a barista"
    assert difference(a, b, HIGH) == "tone"
    assert difference(b, a, HIGH) == "tone"


def test_a_tone_word_outside_a_request_to_write_is_no_tone() -> None:
    """ "Is it rude ..." asks about manners; without a text to write, the word is
    judged as any other (here the qualifier check's)."""
    assert (
        difference("Is it rude to recline my seat?", "Is it rude to recline a seat?", HIGH) is None
    )


def test_who_did_an_act_is_asked_by_its_agent_noun() -> None:
    """ "Who composed X" and "X composer" ask for one person: the act's doer."""
    assert (
        difference("Who composed the Moonlight Sonata?", "moonlight sonata composer", LOW) is None
    )


def test_who_holds_a_role_is_not_who_did_another_act() -> None:
    """ "Who was the composer of X" / "Who conducted X": a conductor, another person."""
    a = "Who was the composer of the first recording of the Moonlight Sonata?"
    b = "Who conducted the first recording of the Moonlight Sonata?"
    assert difference(a, b, LOW) == "role"
    assert difference(b, a, LOW) == "role"


def test_one_text_quoted_two_ways_is_one_payload() -> None:
    """Each payload is words of the other prompt, quoted or not: the same error."""
    a = "Why do I see 'KeyError: missing column price' in pandas?"
    b = "pandas shows KeyError missing column 'price', how do I fix it"
    assert difference(a, b, HIGH) != "payload"


def test_a_payload_the_other_prompt_lacks_is_still_a_payload() -> None:
    """Words added to one payload are not in the other prompt: another text."""
    a = "Translate to Spanish: 'the red door'"
    b = "Translate to Spanish: 'the red door is open'"
    assert difference(a, b, HIGH) == "payload"


@pytest.mark.parametrize(
    "polite",
    [
        "Hi there, sorry to bother you: how do I reset my library PIN? Thanks in advance!",
        "Good evening! Would you happen to know how do I reset my library PIN?",
    ],
)
def test_greetings_apologies_and_thanks_are_no_qualifier(polite: str) -> None:
    """Courtesy around a request adds no content word to the question."""
    assert difference("How do I reset my library PIN?", polite, HIGH) is None


def test_a_word_ending_like_thanks_is_kept() -> None:
    """Only a whole word of thanks is courtesy: "...ty" in "gravity" is the word."""
    assert (
        difference("Explain gravity", "Explain gravity to a class of ten year olds", HIGH)
        is not None
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("How do I archive a chat in Slack?", "How do I archive all chats in Slack at once?"),
        ("How do I mute somebody on Discord?", "How do I mute everybody on Discord?"),
        ("how do I block one person on my phone", "how do I block everyone on my phone at once"),
    ],
)
def test_all_of_a_thing_is_not_one_of_it(a: str, b: str) -> None:
    """ "all chats" / "a chat", "everybody" / "somebody": another amount, in any
    rewording."""
    assert difference(a, b, HIGH) == "quantity"
    assert difference(b, a, HIGH) == "quantity"


def test_each_and_every_day_are_distributive() -> None:
    """ "each day" and "every day" are "a day": one amount."""
    assert (
        difference("How much fibre should I eat a day?", "how much fibre to eat each day", HIGH)
        != "quantity"
    )
    assert (
        difference("How much fibre should I eat a day?", "how much fibre to eat every day", HIGH)
        != "quantity"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Write a thank-you note to my landlord.",
            "Write my landlord's thank-you note to a tenant.",
        ),
        ("Draft an apology to a customer.", "Draft a reply from a customer accepting an apology."),
    ],
)
def test_who_a_text_is_to_is_not_who_it_is_from(a: str, b: str) -> None:
    """The party a text is addressed to on one side sends it on the other."""
    assert difference(a, b, LOW) == "sender"
    assert difference(b, a, LOW) == "sender"


def test_to_and_from_before_a_verb_name_no_party() -> None:
    """ "stop the cat from scratching" / "get the cat to stop scratching": no party."""
    a, b = (
        "How do I stop my cat from scratching the sofa?",
        "How can I get my cat to stop scratching the sofa?",
    )
    assert difference(a, b, HIGH) != "sender"


def test_advice_is_not_safety() -> None:
    """ "Should I ...?" asks for advice, "Is it dangerous to ...?" about safety."""
    a, b = "Should I drink coffee before a run?", "Is it dangerous to drink coffee before a run?"
    assert difference(a, b, HIGH) == "modality"


def test_a_should_inside_a_question_about_safety_is_no_advice() -> None:
    """ "can I ... or should I ...?" asks what "Is it safe to ...?" asks."""
    a = "Is it safe to swim in the lake?"
    b = "can you swim in the lake or should I use the pool?"
    assert difference(a, b, HIGH) != "modality"


def test_tones_differ_in_long_prompts_too() -> None:
    """A long request to write, past what is aligned, is still read for its tone."""
    a = (
        "Write a cheerful message to the whole team about the move to the new office "
        "building downtown next spring."
    )
    b = (
        "Write a stern message to the whole team about the move, the parking rules, the "
        "badges and the new office building."
    )
    assert difference(a, b, HIGH) == "tone"


def test_hedging_adverbs_are_no_qualifier() -> None:
    """ "usually", "exactly": the question asked is the same."""
    assert (
        difference("When does the ferry leave?", "When does the ferry usually leave?", HIGH) is None
    )
    assert difference("What is a Roth IRA?", "What exactly is a Roth IRA?", HIGH) is None


def test_the_asker_in_a_role_is_not_the_role_as_an_object() -> None:
    """ "V as a X" / "V a X": the asker is the X, or acts on one."""
    a, b = (
        "tips to interview as a nurse for a hospital job",
        "tips to interview a nurse for a hospital job",
    )
    assert difference(a, b, HIGH, names=("role",)) == "role"
    assert difference(b, a, HIGH, names=("role",)) == "role"
    same = "tips to interview as a nurse", "how should I interview as a nurse"
    assert difference(*same, HIGH, names=("role",)) is None


def test_a_role_against_the_askers_own_thing_is_vetoed() -> None:
    """ "grade an essay as a teacher" / "feedback on my essay": another person's side."""
    a, b = "how do I grade an essay as a teacher", "how do I answer the feedback on my essay"
    assert difference(a, b, LOW, names=("role",)) == "role"
    assert difference("how do I grade an essay", b, LOW, names=("role",)) is None


def test_two_holders_of_roles_of_one_work_are_two_people() -> None:
    """ "Who was the editor of ..." / "Who was the illustrator of ...": an agent noun."""
    a = "who was the editor of the famous old atlas"
    b = "who was the illustrator of that atlas my uncle kept"
    assert difference(a, b, LOW, names=("role",)) == "role"
    assert difference(a, "who was the editor of that atlas my uncle kept", LOW) != "role"


def test_all_against_some_picked_by_their_place_is_vetoed() -> None:
    """ "delete all comments" / "delete only the last comment": the scope of the act."""
    a, b = "delete all comments on a forum post", "delete only the last comment on a forum post"
    assert difference(a, b, LOW, names=("quantity",)) == "quantity"
    assert difference(
        "delete all comments", "delete the first 3 comments", LOW, names=("quantity",)
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("a 2 hour hike near the lake", "a 120 minute hike near the lake"),
        ("budget for a fortnight in peru", "budget for 14 days in peru"),
        ("a one year course in welding", "a 12 month course in welding"),
    ],
)
def test_one_duration_counted_two_ways_is_one_duration(a: str, b: str) -> None:
    """ "2 hours" / "120 minutes": the same length of time, in other units."""
    assert difference(a, b, HIGH) is None
    assert GuardedVerifier().reason(a, b, HIGH) is None


def test_durations_that_differ_are_still_vetoed() -> None:
    """ "2 hours" / "90 minutes" are two lengths."""
    a, b = "a 2 hour hike near the lake", "a 90 minute hike near the lake"
    assert GuardedVerifier().reason(a, b, HIGH) is not None


def test_a_time_stated_of_the_askers_case_is_not_asked() -> None:
    """ "my first day at school is tomorrow, what should I wear" asks what to wear."""
    a = "what should I wear on my first day of school"
    b = "my first day at the new school is tomorrow, what should i wear"
    assert difference(a, b, LOW, names=("time",)) is None
    asked = "what should I wear to school tomorrow"
    assert difference(a, asked, LOW, names=("time",)) == "time"
    unstated = "school starts tomorrow, what should i wear"  # no asker in the clause
    assert difference(a, unstated, LOW, names=("time",)) == "time"
    anchored = "I have a flight to Oslo tomorrow, what's the weather like?"  # sets the time
    assert difference("what's the weather like in Oslo", anchored, LOW, names=("time",)) == "time"


def test_an_antonym_of_another_form_of_the_word_is_no_swap() -> None:
    """ "connect" (a verb) is not "connected" (wired), the antonym of "wireless"."""
    a = "how do I connect my scanner to the router"
    b = "so my scanner has to go on the wireless router, how do i set that up"
    assert difference(a, b, LOW, names=("substitution",)) is None
    facing = "how to merge two folders in windows", "how to split one folder in windows"
    assert difference(*facing, LOW, names=("substitution",)) == "substitution"


@pytest.mark.parametrize(
    ("a", "b"),
    [("best cure for jet lag", "best cure for jetlag"), ("update node js", "update node.js")],
)
def test_a_compound_written_as_one_word_is_the_same_word(a: str, b: str) -> None:
    """ "jet lag" / "jetlag": one compound in two notations."""
    assert difference(a, b, HIGH) is None


def test_they_pointing_back_at_named_things_is_no_other_person() -> None:
    """ "ants all over the garden, how do I get rid of them": the ants, not someone."""
    a = "how do I get rid of ants in my garden"
    b = "ants all over the garden, how do I get rid of them"
    assert difference(a, b, HIGH, names=("person",)) is None
    other = "how do I reset my password", "how do I reset their password"
    assert difference(*other, HIGH, names=("person",)) == "person"


def test_a_question_quoted_to_be_answered_is_compared_as_a_prompt() -> None:
    """ "answer 'why do you want this job'" / "answer the 'why this job' question": one
    question named two ways; another question quoted, or a text to translate, differs."""
    a = "How do I answer 'why do you want this job' in an interview?"
    b = "What's a good reply to the 'why this job' question?"
    assert difference(a, b, LOW, names=("payload",)) is None
    other = "How do I answer 'why are you leaving your job' in an interview?"
    assert difference(a, other, LOW, names=("payload",)) == "payload"
    worked = (
        "Translate 'why do you want this job' to Spanish",
        "Translate 'why this job' to Spanish",
    )
    assert difference(*worked, HIGH, names=("payload",)) == "payload"
