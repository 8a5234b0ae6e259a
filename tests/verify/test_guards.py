"""The lexical guards, one behaviour each (no model needed)."""

from __future__ import annotations

import pytest

from semcache.verify import GUARDS, conflict
from semcache.verify._profile import profile


def test_negation_is_vetoed() -> None:
    """A negated question is not the question."""
    assert conflict("Is it safe to eat raw eggs?", "Is it not safe to eat raw eggs?") == "negation"


def test_contracted_negation_is_vetoed() -> None:
    """n't counts as a negation."""
    assert conflict("Why can I connect to the Wi-Fi?", "Why can't I connect to the Wi-Fi?")


def test_with_and_without_are_opposed() -> None:
    """ "without" negates what "with" asks for."""
    assert conflict("Pancakes with milk", "Pancakes without milk") == "negation"


def test_or_not_is_not_a_negation() -> None:
    """ "... or not" keeps the question's polarity."""
    assert conflict("Are mediums real?", "Are mediums real or not?") is None


@pytest.mark.parametrize(
    ("negated", "plain"),
    [
        ("No information about `drop` is given in the document.", "The document has `drop` in it."),
        ("No alternative to the page is mentioned.", "An alternative to the page is mentioned."),
    ],
)
def test_a_leading_no_that_negates_counts(negated: str, plain: str) -> None:
    """A leading "No" before a noun negates the sentence ("No information is given")."""
    assert conflict(negated, plain) == "negation"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a leading "No," (or "No really,") answers; it does not negate what follows
        ("No, a dataset script is optional.", "A dataset script is optional."),
        ("No seriously, has there been a guy who did it?", "Has there been a guy who did it?"),
        # "don't forget" asks to remember
        ("Don’t forget to pass your credentials.", "Remember to pass your credentials."),
        # both sides negated, in other words
        (
            "No information about `drop` is given in the document.",
            "The document does not describe `drop`.",
        ),
        ("A no-code way to build a dataset", "A way to build a dataset without code"),
        (
            "In the absence of a script, every file is loaded.",
            "If there is no script, every file is loaded.",
        ),
    ],
)
def test_negations_that_agree_are_not_vetoed(a: str, b: str) -> None:
    assert conflict(a, b) is None


def test_opposite_actions_are_vetoed() -> None:
    """Enable and turn off are opposite poles."""
    assert conflict("How do I enable dark mode?", "How do I turn off dark mode?") == "opposite"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Load it with datasets.AudioClassification.", "Load it with AudioClassification."),
        ("Save datasets in a Pythonic way.", "Save datasets with Python."),
    ],
)
def test_qualified_and_adjectival_names_match(a: str, b: str) -> None:
    """A dotted name also names its last part; "Pythonic" names Python."""
    assert conflict(a, b) is None
    assert conflict(a.replace("Audio", "Video").replace("Python", "Ruby"), b) == "entity"


def test_required_and_optional_are_opposed() -> None:
    """An answer to "is it required?" is wrong for "is it optional?"."""
    assert conflict("Is a visa required for Peru?", "Is a visa optional for Peru?") == "opposite"


def test_inflected_opposites_are_vetoed() -> None:
    """Opposites match in other word forms ("closed")."""
    assert conflict("Is the museum open on Mondays?", "Is the museum closed on Mondays?")


def test_hyphenated_opposites_are_vetoed() -> None:
    """Poles inside hyphenated words count ("highest-paying")."""
    assert conflict("The highest-paying job in tech", "The lowest-paying job in tech")


def test_poles_trading_places_are_vetoed() -> None:
    """Both poles in both texts, swapped around other words, ask the reverse."""
    a = "What is the best thing about you that led to your worst experiences?"
    b = "What is the worst thing about you that led to your best experiences?"
    assert conflict(a, b) == "opposite"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "What are the advantages and disadvantages of solar power?",
            "What are the disadvantages and advantages of solar power?",
        ),
        (
            "Is it better to buy before or after the holidays?",
            "Is it better to buy after or before the holidays?",
        ),
    ],
)
def test_poles_listed_in_another_order_pass(a: str, b: str) -> None:
    """ "pros and cons" is "cons and pros": no roles between the poles."""
    assert conflict(a, b) is None


def test_negating_prefix_is_vetoed() -> None:
    """ "unbiased" is the opposite of "biased"."""
    assert conflict("Biased facts about smoking", "Unbiased facts about smoking") == "opposite"


def test_before_and_after_are_vetoed() -> None:
    """Order words are opposites."""
    assert conflict("Should I eat before a workout?", "Should I eat after a workout?")


def test_ascending_and_descending_are_vetoed() -> None:
    """Sort orders are opposites."""
    assert conflict("Sort the table ascending", "Sort the table in descending order")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Who won the World Cup in 2014?", "Who won the World Cup in 2018?"),
        ("What's new in Python 3.11?", "What's new in Python 3.12?"),
        ("Give me five ideas", "Give me ten ideas"),
        ("What is the first law of thermodynamics?", "What is the second law of thermodynamics?"),
    ],
)
def test_changed_number_is_vetoed(a: str, b: str) -> None:
    """Years, versions, spelled-out numbers and ordinals must match."""
    assert conflict(a, b) == "number"


def test_roman_numerals_are_numbers() -> None:
    """ "World War I" and "World War II" differ; "II" and "2" agree."""
    assert conflict("Causes of World War I", "Causes of World War II") == "number"
    assert conflict("Causes of World War 2", "Causes of World War II") is None


def test_pronoun_i_is_not_a_numeral() -> None:
    """ "Can I" is the pronoun."""
    assert conflict("Can I go now?", "Can I leave now?") is None


def test_same_number_in_words_and_digits_passes() -> None:
    """ "5" and "five" are the same number."""
    assert conflict("Give me 5 ideas for a party", "Give me five ideas for a party") is None


def test_list_markers_are_not_numbers() -> None:
    """Numbered-list markers do not count as numbers of the question."""
    assert conflict("Steps:\n1. boil water\n2. add tea", "Steps: boil water, add tea") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("What is the capital of France?", "What is the capital of Germany?"),
        ("How do I reverse a list in Python?", "How do I reverse a list in Java?"),
        ("Who was Abraham Lincoln?", "Who was George Washington?"),
        ("How far is a marathon in miles?", "How far is a marathon in kilometers?"),
    ],
)
def test_changed_entity_is_vetoed(a: str, b: str) -> None:
    """Countries, languages, names and units must match."""
    assert conflict(a, b) == "entity"


def test_lower_case_entities_are_recognized() -> None:
    """Known entities count even when typed in lower case."""
    assert conflict("capital of france", "capital of germany") == "entity"


def test_alias_of_an_entity_passes() -> None:
    """ "USA" and "United States" name the same country."""
    assert (
        conflict("What is the population of the USA?", "What is the United States population?")
        is None
    )


def test_entity_only_one_side_names_is_not_a_veto() -> None:
    """A name one text drops is a weaker signal, not a veto."""
    assert conflict("How do I learn Python fast?", "How do I learn Python fast in India?") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Convert Celsius to Fahrenheit", "Convert Fahrenheit to Celsius"),
        ("Flight from Boston to Denver", "Flight from Denver to Boston"),
        ("Send money from PayPal to my bank", "Send money from my bank to PayPal"),
        ("Is gold heavier than silver?", "Is silver heavier than gold?"),
        ("Why do cats hate dogs?", "Why do dogs hate cats?"),
        ("Why is India so hostile to China?", "Is China hostile to India? Why?"),
        ("Why did Rome conquer Carthage?", "Did Carthage conquer Rome? Why?"),
    ],
)
def test_swapped_direction_or_roles_is_vetoed(a: str, b: str) -> None:
    """A to B is not B to A; who does what to whom matters."""
    assert conflict(a, b) == "direction"


def test_symmetric_order_swap_passes() -> None:
    """ "X and Y" is "Y and X"."""
    a, b = "Difference between Python and Java?", "Difference between Java and Python?"
    assert conflict(a, b) is None


def test_compound_noun_reordering_passes() -> None:
    """ "list in Python" and "Python list" are one thing."""
    assert conflict("How do I reverse a list in Python?", "How to reverse a Python list?") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Write a haiku about autumn", "Write a limerick about autumn"),
        ("Translate this email into German", "Translate this email into Japanese"),
        ("Summarize this text", "Translate this text"),
        ("Return the result as JSON", "Return the result as CSV"),
    ],
)
def test_changed_task_format_or_language_is_vetoed(a: str, b: str) -> None:
    """Output format, task and target language must match."""
    assert conflict(a, b) == "entity"


def test_changed_question_word_is_vetoed() -> None:
    """Why and when ask different things."""
    assert conflict("Why did the Titanic sink?", "When did the Titanic sink?") == "question"


def test_changed_symbol_is_vetoed() -> None:
    """Emoji the tokenizer cannot tell apart must match."""
    assert conflict("What does 🙂 mean?", "What does 😢 mean?") == "symbol"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("How do I turn on dark mode in Chrome?", "How can I enable dark mode in Chrome?"),
        ("What is the capital of France?", "Which city is the capital of France?"),
        ("How can I lose weight fast?", "What is the quickest way to lose weight?"),
        ("Write a haiku about autumn", "Compose a haiku about autumn"),
        ("Translate 'good night' into French", "How do you say 'good night' in French?"),
    ],
)
def test_paraphrase_passes(a: str, b: str) -> None:
    """Ordinary paraphrases pass every guard."""
    assert conflict(a, b) is None


def test_guards_are_symmetric_on_a_swap() -> None:
    """The verdict does not depend on which text is the query."""
    a, b = "How do I enable dark mode?", "How do I disable dark mode?"
    assert conflict(a, b) == conflict(b, a) == "opposite"


def test_both_poles_against_one_is_vetoed() -> None:
    """Asking about "before and after" is not asking about "before"."""
    a, b = "Life before and after the revolution?", "Life before the revolution?"
    assert conflict(a, b) == "opposite"


def test_swapped_names_are_vetoed() -> None:
    """Multi-word names trading places swap the roles."""
    a = "What does LeBron James think of Kobe Bryant?"
    b = "What does Kobe Bryant think of LeBron James?"
    assert conflict(a, b) == "direction"


def test_yes_no_and_how_questions_differ() -> None:
    """ "Do X?" and "How do X?" ask different things."""
    assert conflict("Do jellyfish change color?", "How do jellyfish change color?") == "question"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Who painted the Night Watch, and why?", "Who painted the Night Watch?"),
        ("Is chess a sport? Why?", "Is chess a sport?"),
        ("Will the museum close soon? If so, when?", "Will the museum close soon?"),
    ],
)
def test_a_tag_asking_why_keeps_the_question_kind(a: str, b: str) -> None:
    """ "..., and why?" after a question asks the same question with its reason."""
    assert conflict(a, b) is None


def test_statement_when_is_not_a_question() -> None:
    """A "when" inside a statement is a conjunction, not a question word."""
    a = "The flag, when set, resumes the download."
    b = "When you set the flag, the download resumes."
    assert conflict(a, b) is None


def test_pointing_at_missing_context_is_vetoed() -> None:
    """ "this question" refers to something the text does not hold."""
    a = "How do I solve this physics question?"
    assert conflict(a, "How can I solve this physics question?") == "deixis"


def test_pointing_with_the_content_given_passes() -> None:
    """ "this equation: ..." carries its referent along."""
    assert conflict("Solve this equation: x+2=5", "Please solve this equation: x+2=5") is None


def test_non_latin_words_must_match() -> None:
    """Words the English model barely sees must be the same words."""
    assert conflict("What does 无语 mean?", "What does 装逼 mean?") == "symbol"


def test_every_guard_is_named() -> None:
    """The guard table lists the documented guards."""
    assert set(GUARDS) == {
        "number",
        "negation",
        "opposite",
        "entity",
        "question",
        "direction",
        "symbol",
        "deixis",
    }


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("why do rents usually go up in spring", "why do rents usually drop in spring"),
        ("how to tighten a bike chain", "how to loosen a bike chain"),
    ],
)
def test_rising_against_falling_and_tight_against_loose_are_opposites(a: str, b: str) -> None:
    """ "go up" / "drop", "tighten" / "loosen": two poles of one scale."""
    assert conflict(a, b) == "opposite"


def test_a_particle_before_the_marker_keeps_the_roles() -> None:
    """ "move A *over* to B" / "move B over to A": the roles are swapped."""
    a, b = "moving a pension over into a savings plan", "moving a savings plan over into a pension"
    assert conflict(a, b) == "direction"


def test_the_askers_frame_is_not_a_negation() -> None:
    """Politeness and not knowing what comes next ("if you don't mind", "I have no idea
    how") frame the question; they do not negate it."""
    assert (
        conflict("If you don't mind, how do I descale a kettle?", "How to descale a kettle")
        != "negation"
    )
    assert (
        conflict("I have no idea how to descale a kettle", "How do I descale a kettle?")
        != "negation"
    )
    assert conflict("I'm not sure why my kettle scales", "Why does my kettle scale?") != "negation"


def test_not_knowing_a_thing_is_a_negation() -> None:
    """Not knowing a thing, not a question ("I don't know Python"), still negates."""
    assert (
        conflict("I don't know Python, what should I learn?", "I know Python, what should I learn?")
        == "negation"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Hotels near the airport in Springfield, IL",
            "Hotels near the airport in Springfield, MA",
        ),
        ("weather in Kingston, ON this weekend", "weather in Kingston, NY this weekend"),
    ],
)
def test_two_letter_codes_after_a_comma_are_places(a: str, b: str) -> None:
    """A capitalised two-letter code after a name and a comma is a state or province
    ("Springfield, IL"), even where the letters spell a stopword ("OR", "ME", "IN")."""
    assert conflict(a, b) == "entity"


def test_the_same_code_after_a_comma_is_no_difference() -> None:
    """One place named twice, the code the same, is one place."""
    assert conflict("Hotels in Springfield, IL", "hotels in Springfield, IL please") is None


@pytest.mark.parametrize(
    ("request_", "stated"),
    [
        (
            "How do I pair my headphones with my laptop?",
            "headphones won't pair with my laptop, how do I set them up?",
        ),
        (
            "How do I get my toddler to sleep?",
            "my toddler doesn't sleep. how can I help her fall asleep",
        ),
        ("best way to store bread", "best way to store bread so it's not stale"),
    ],
)
def test_a_negation_stating_the_askers_case_negates_nothing_asked(
    request_: str, stated: str
) -> None:
    """A negation in a clause that states the case ("won't pair, how do I ...") or the
    result wanted ("so it's not stale"), against the request alone: one question."""
    assert conflict(request_, stated) is None
    assert conflict(stated, request_) is None


def test_stated_cases_that_differ_by_a_negation_are_vetoed() -> None:
    """Both state a case, one negated: two cases, two answers."""
    a = "my headphones pair with my laptop, how do I set them up?"
    b = "my headphones won't pair with my laptop, how do I set them up?"
    assert conflict(a, b) == "negation"


def test_a_negation_in_the_question_itself_is_still_vetoed() -> None:
    """The clause that asks is compared as before, whatever else the text states."""
    a = "my kid is seven, can he ride in the front seat?"
    b = "my kid is seven, why can't he ride in the front seat?"
    assert conflict(a, b) == "negation"


def test_both_poles_of_one_act_are_no_negation() -> None:
    """ "what to wear (and not wear)" asks about wearing, as "what to wear" does."""
    assert conflict("what to wear to a wedding", "what to wear (and not wear) to a wedding") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("How long should I steam carrots?", "how many minutes do I steam carrots for"),
        (
            "How early should I arrive for jury duty?",
            "how many minutes before jury duty should I arrive?",
        ),
        ("How do I redeem a gift card on Steam?", "where do I enter a gift card on steam"),
        ("How do tides work?", "Can you explain how tides work?"),
    ],
)
def test_one_question_asked_two_ways_is_no_question_conflict(a: str, b: str) -> None:
    """ "how long" is "how many minutes", "how early" is "how many minutes before",
    where the asker does a thing is how, and "can you explain" is a request."""
    assert conflict(a, b) != "question"


def test_a_duration_is_not_a_time_of_day() -> None:
    """ "how many minutes" asks how long, "when" asks a time: two questions."""
    assert (
        conflict("When should I steam the carrots?", "How many minutes should I steam carrots?")
        == "question"
    )


def test_a_letter_in_brackets_after_a_number_is_one_name() -> None:
    """ "403(b)" and "403b" are one plan written two ways; another number is not."""
    assert conflict("how does a 403b plan work", "How does a 403(b) plan work?") is None
    assert conflict("how does a 403b plan work", "How does a 457(b) plan work?") == "number"


def test_a_phrase_said_as_a_compound_noun_is_no_role_swap() -> None:
    """ "the fee for late returns at the library" / "library late return fee": the same
    thing named with prepositions and as a compound, not two roles trading places."""
    a, b = "What is the fee for late returns at the library?", "library late return fee"
    assert conflict(a, b) is None


def test_roles_trading_places_in_one_skeleton_are_still_a_swap() -> None:
    """The same grammar between the two, articles aside: roles swapped."""
    a = "What changes when I switch from a nursing job to an office job?"
    b = "What changes when I switch from an office job to a nursing job?"
    assert conflict(a, b) == "direction"


def test_a_pole_stating_the_askers_case_is_not_asked() -> None:
    """ "my gate creaks when I *open* it, how do I make it stop?" asks what "how to stop
    a gate creaking" asks; two stated cases with other poles are still two."""
    assert (
        conflict(
            "How to stop a gate from creaking",
            "my gate creaks when I open it, how do I make it stop?",
        )
        is None
    )
    a = "my gate creaks when I open it, how do I fix it?"
    b = "my gate creaks when I close it, how do I fix it?"
    assert conflict(a, b) == "opposite"


def test_a_time_fills_no_role_around_to() -> None:
    """ "today's pound to yen rate" / "pound to yen rate today": one direction."""
    assert conflict("pound to yen rate today", "What's today's pound to yen rate?") is None
    assert conflict("pound to yen rate today", "yen to pound rate today") == "direction"


def test_a_status_named_with_not_is_no_negation() -> None:
    """ "a 404 not found error" names the error; it negates nothing asked."""
    assert (
        conflict(
            "How do I fix error 404 on my site?", "How do I fix a 404 not found error on my site?"
        )
        is None
    )


def test_this_pointing_back_at_a_stated_case_is_no_deixis() -> None:
    """ "..., how do I fix this?" after the case is stated points at the case."""
    a = "How do I fix 'disk quota exceeded' when saving a file?"
    b = "getting disk quota exceeded when i save a file, how do i fix this?"
    assert conflict(a, b) != "deixis"
    assert conflict("what kind of beetle is this?", "what kind of beetle is this?") == "deixis"


def test_a_negated_result_against_a_purpose_of_its_own_is_vetoed() -> None:
    """ "save $500 for a holiday" / "save $500 so I don't spend it": two goals."""
    a, b = "How should I save $500 for a holiday?", "How should I save $500 so I don't spend it"
    assert conflict(a, b) == "negation"


def test_where_asking_for_a_place_is_not_how() -> None:
    """ "Where do I vote?" asks for a place; only a verb with its object ("where do I
    enter a code") is a step of a process."""
    assert conflict("How do I vote?", "Where do I vote?") == "question"


def test_a_name_and_the_adjective_made_from_it_are_one_name() -> None:
    """ "Euclid's geometry" / "Euclidean geometry": one name in two forms; two names
    that share only a few letters ("Austria" / "Australia") are two."""
    assert conflict("What is Euclidean geometry?", "can you explain Euclid's geometry?") != "entity"
    assert conflict("Best hotels in Austria", "Best hotels in Australia") == "entity"


def test_a_wh_word_after_a_verb_of_doing_is_its_object() -> None:
    """ "a formula to calculate how much tax I owe" asks for the formula, as "How do I
    calculate the tax I owe?" does; after "tell me" the wh-word still asks."""
    assert profile("a formula to calculate how much tax I owe").questions == frozenset()
    assert profile("tell me how much tax I owe?").questions == {"quantity"}


def test_can_you_tell_me_if_still_asks_yes_or_no() -> None:
    """ "Can you tell me if ...?" asks yes or no; "Can you tell me about ...?" asks for
    the telling."""
    assert profile("Can you tell me if the library is open?").questions == {"yes/no"}
    assert profile("Can you tell me about the library?").questions == frozenset()


@pytest.mark.parametrize(
    ("request_", "stated"),
    [
        ("Can I eat sushi while pregnant?", "I'm not pregnant, can I eat sushi?"),
        (
            "How do I stop my puppy from chewing shoes?",
            "my puppy doesn't chew shoes, is that normal?",
        ),
        ("How do I get my parrot to talk?", "my parrot won't stop talking, what should I do?"),
    ],
)
def test_a_stated_case_that_contradicts_the_request_is_vetoed(request_: str, stated: str) -> None:
    """A state negated that the request names ("not pregnant" / "while pregnant"), or
    an act negated that leaves what the request wants already so ("doesn't chew" /
    "stop ... chewing"), is another case, not the problem the request asks to solve."""
    assert conflict(request_, stated) == "negation"
    assert conflict(stated, request_) == "negation"


def test_one_duration_counted_two_ways_is_no_other_number_or_unit() -> None:
    """ "a week" / "7 days", "2 weeks" / "14 days": one duration."""
    assert (
        conflict("what to pack for a week in peru", "going to peru for 7 days, what to pack")
        is None
    )
    assert conflict("itinerary for 2 weeks in chile", "itinerary for 14 days in chile") is None
    assert conflict("itinerary for 2 weeks in chile", "itinerary for 10 days in chile") == "number"


def test_a_unit_outside_the_duration_still_counts() -> None:
    """ "every month for 3 years" / "every week for 3 years": the same duration, another
    frequency."""
    a, b = "save $50 every month for 3 years", "save $50 every week for 3 years"
    assert conflict(a, b) == "entity"


def test_a_lack_stated_is_no_negated_result() -> None:
    """ "I don't have eggs, what can I use" asks for "a replacement for eggs"."""
    a, b = "a good replacement for eggs in brownies", "i dont have eggs, what can i use in brownies"
    assert conflict(a, b) != "negation"
    other = "easy dinner ideas for the week", "easy dinner ideas? i dont have an oven"
    assert conflict(*other) == "negation"  # a lack of what the request does not name


def test_an_outcome_nobody_wants_of_the_thing_is_no_negation() -> None:
    """ "without it going stale" is what any way to freeze bread is for; "without a
    freezer" is another question."""
    assert conflict("how do I store bread", "how do I store bread without it going stale") is None
    assert conflict("how do I store bread", "how do I store bread without a freezer") == "negation"


@pytest.mark.parametrize(
    "apart", ["Is a non smoking room cheaper?", "is a non smoking room cheaper"]
)
def test_non_written_apart_negates_as_non_hyphen(apart: str) -> None:
    """ "non smoking" is "non-smoking" written apart: both negate, neither against the other."""
    assert conflict("Is a non-smoking room cheaper?", apart) is None
    assert conflict("Is a smoking room cheaper?", apart) == "negation"
