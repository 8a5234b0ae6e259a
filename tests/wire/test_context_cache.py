"""SemanticCache(context=...) with the chat dialect's keys and the real model: what a
conversation is served in exact and in substance mode, on the local store and Milvus Lite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from semcache import ConfigError, InvalidRequestError, Key, SemanticCache
from semcache.embed import Embedder, default_embedder
from semcache.testing import HashingEmbedder
from semcache.wire import CHAT

FRANCE = ["What is the capital of France?"]
FINAL = "What is its population?"


@pytest.fixture(scope="module")
def model() -> Embedder:
    return default_embedder()


@pytest.fixture
def substance(model: Embedder) -> Iterator[SemanticCache]:
    with SemanticCache(None, embedder=model, context="substance") as cache:
        yield cache


def key(history: list[str], final: str, namespace: str = "n") -> Key:
    """The chat dialect's key of a conversation (every earlier user turn answered)."""
    messages: list[dict[str, str]] = []
    for turn in history:
        messages += [{"role": "user", "content": turn}, {"role": "assistant", "content": "Sure."}]
    messages.append({"role": "user", "content": final})
    return CHAT.key({"model": "gpt-4o-mini", "messages": messages}, namespace=namespace)


def test_a_reworded_history_hits_in_substance_mode(substance: SemanticCache) -> None:
    """The same follow-up after the same question in other words is served."""
    substance.insert(key(FRANCE, FINAL), "about 68 million")
    hit = substance.lookup(key(["Which city is France's capital?"], FINAL))
    assert hit is not None
    assert hit.response == "about 68 million"
    assert hit.prompt == FINAL  # the final turn, not the text embedded with its context


def test_a_follow_up_reworded_in_context_hits(substance: SemanticCache) -> None:
    """A follow-up that spells out what 'it' was is the same question in context."""
    speaker = ["My Bluetooth speaker keeps disconnecting from my phone."]
    substance.insert(key(speaker, "How do I reset it?"), "hold the power button")
    hit = substance.lookup(key(speaker, "what are the steps to reset my speaker?"))
    assert hit is not None
    assert hit.response == "hold the power button"


def test_a_reworded_history_and_follow_up_are_compared_in_one_context(
    substance: SemanticCache,
) -> None:
    """Each text is embedded after its own previous turn, so rewording both pulls them
    below the threshold (0.79); once the histories agree, the final turns are compared
    after the lookup's context."""
    started = ["I started taking metformin last week."]
    substance.insert(key(started, "Can I drink alcohol with it?"), "in moderation")
    reworded = key(
        ["Last week my doctor put me on metformin."], "Is it okay to have a beer while on it?"
    )
    hit = substance.lookup(reworded)
    assert hit is not None
    assert hit.response == "in moderation"


def test_the_same_follow_up_after_another_history_below_the_threshold_misses(
    substance: SemanticCache,
) -> None:
    """A candidate below the threshold is compared in one context only once its history
    agrees: the same follow-up after another drug is not served."""
    substance.insert(
        key(["I started taking metformin last week."], "Can I drink alcohol with it?"), "x"
    )
    assert (
        substance.lookup(
            key(["I started taking warfarin last week."], "Is it okay to have a beer while on it?")
        )
        is None
    )


def test_a_follow_up_in_other_words_leans_on_its_context(substance: SemanticCache) -> None:
    """'it' / 'that residue' are the same film: the context carries most of the match."""
    film = ["My dishwasher leaves a white film on glasses."]
    substance.insert(key(film, "how do I get rid of it?"), "run it with citric acid")
    assert substance.lookup(key(film, "what removes that residue?")) is not None


def test_a_follow_up_negated_in_other_words_hits(substance: SemanticCache) -> None:
    """'doesn't work' / 'still fails': one side words with a negator what the other
    states, so the two are compared with the negator left out."""
    drain = ["My bathroom sink drains slowly. I tried boiling water."]
    substance.insert(key(drain, "What if that doesn't work?"), "use a drain snake")
    assert substance.lookup(key(drain, "And if that still fails?")) is not None


def test_a_follow_up_negated_in_place_misses(substance: SemanticCache) -> None:
    """A negator added to a follow-up kept word for word is another question."""
    drain = ["My bathroom sink drains slowly. I tried boiling water."]
    substance.insert(key(drain, "Is it safe for old pipes?"), "yes")
    assert substance.lookup(key(drain, "Is it not safe for old pipes?")) is None


def test_a_closing_that_is_read_in_context(substance: SemanticCache) -> None:
    """'How do I stop that?' points at the history both conversations share."""
    noise = ["My laptop fan gets loud whenever I open a browser."]
    substance.insert(key(noise, "How do I stop that?"), "clean the vents")
    assert substance.lookup(key(noise, "How can I stop it?")) is not None


def test_an_unrelated_exchange_before_the_conversation_hits(substance: SemanticCache) -> None:
    """The same follow-up after the same history, with an unrelated question asked
    first on one side, is served."""
    leak = ["My kitchen faucet drips all night."]
    substance.insert(key(leak, "How do I fix it?"), "replace the cartridge")
    hit = substance.lookup(key(["Who wrote Pride and Prejudice?", *leak], "How do I fix it?"))
    assert hit is not None
    assert hit.response == "replace the cartridge"


def test_a_history_reworded_around_a_negation_hits(substance: SemanticCache) -> None:
    """'keeps running after the bin is full' / 'won't stop once the bin fills up' state
    one fact: a negator in a sentence worded apart is not another fact."""
    substance.insert(
        key(
            ["The ice maker in my freezer keeps running after the bin is full."], "How do I fix it?"
        ),
        "check the bin's shut-off arm",
    )
    hit = substance.lookup(
        key(["freezer ice maker won't stop once the bin fills up"], "How do I fix it?")
    )
    assert hit is not None


def test_a_negation_added_to_a_history_kept_word_for_word_misses(
    substance: SemanticCache,
) -> None:
    """'I'm a vegetarian.' / 'I'm not a vegetarian.' are other facts."""
    final = "What should I cook tonight?"
    substance.insert(key(["I'm a vegetarian."], final), "a lentil curry")
    assert substance.lookup(key(["I'm not a vegetarian."], final)) is None


def test_a_history_naming_the_same_things_in_other_words_hits(substance: SemanticCache) -> None:
    """Every name and number in both, each aim matched: the words swapped around them
    ('with an Indian passport' / 'Indian passport holder here') are a rewording."""
    final = "Can I leave the airport?"
    substance.insert(
        key(["I have a 5 hour layover in Frankfurt airport with an Indian passport."], final),
        "with a Schengen visa",
    )
    reworded = ["Indian passport holder here, stuck in Frankfurt for a five-hour layover"]
    assert substance.lookup(key(reworded, final)) is not None


def test_a_history_restating_the_same_facts_the_verifier_refuses_hits(
    substance: SemanticCache,
) -> None:
    """The same names and numbers in other words ("for 4 people" / "serves four"), no
    guard telling them apart and no sentence kept with a word swapped: the same facts."""
    substance.insert(
        key(
            ["My credit card balance is $5,000 and the APR is 24%."],
            "How long would it take if I pay $200 a month?",
        ),
        "26 months",
    )
    later = key(
        ["I have $5,000 in credit card debt at 24% APR."],
        "How long would it take if I pay $200 a month?",
    )
    assert substance.lookup(later) is not None


def test_a_word_swapped_in_a_history_naming_the_same_things_misses(
    substance: SemanticCache,
) -> None:
    """'... with two kids.' / '... with two dogs.': the same names, another fact."""
    final = "Can we bring car seats?"
    flight = "I'm flying Delta from Boston to Denver on Friday with two {}."
    substance.insert(key([flight.format("kids")], final), "yes, FAA-approved ones")
    assert substance.lookup(key([flight.format("dogs")], final)) is None


def test_a_reworded_history_misses_in_exact_mode(model: Embedder) -> None:
    """Byte-for-byte history: the same conversation reworded is another scope."""
    with SemanticCache(None, embedder=model, context="exact") as cache:
        cache.insert(key(FRANCE, FINAL), "about 68 million")
        assert cache.lookup(key(["Which city is France's capital?"], FINAL)) is None
        assert cache.lookup(key(FRANCE, FINAL)) is not None


@pytest.mark.parametrize(
    "history",
    [["What is the capital of Germany?"], ["What is the capital of France and Spain?"], []],
)
def test_the_same_follow_up_in_another_conversation_misses(
    substance: SemanticCache, history: list[str]
) -> None:
    """Another country, an added one, or no history at all: 'its' is something else."""
    substance.insert(key(FRANCE, FINAL), "about 68 million")
    assert substance.lookup(key(history, FINAL)) is None


class _Recording:
    """The model, keeping every text it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.dim = inner.dim
        self.name = inner.name
        self.texts: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        return self.inner.embed(texts)


def test_the_final_turns_are_embedded_only_after_histories_that_agree(model: Embedder) -> None:
    """A candidate whose history disagrees costs no vector of the two final turns."""
    recording = _Recording(model)
    with SemanticCache(None, embedder=recording, context="substance") as cache:
        cache.insert(key(FRANCE, FINAL), "about 68 million")
        recording.texts.clear()
        final = "What's its population?"
        assert cache.lookup(key(["What is the capital of Germany?"], final)) is None
        assert recording.texts  # the history was compared
        assert final not in recording.texts


def answered(turns: list[tuple[str, str]], final: str) -> Key:
    """The chat dialect's key of a conversation of (user turn, assistant reply) pairs."""
    messages: list[dict[str, str]] = []
    for turn, reply in turns:
        messages += [{"role": "user", "content": turn}, {"role": "assistant", "content": reply}]
    messages.append({"role": "user", "content": final})
    return CHAT.key({"model": "gpt-4o-mini", "messages": messages}, namespace="n")


CHARGED = "I was charged twice for my subscription this month."


@pytest.mark.parametrize(
    "reply",
    [
        "I see one $12.99 charge and one $4.99 charge for an add-on you enabled.",
        "A semi-automatic like the Breville Bambino is a good start.",
        "Please run a speed test at speedtest.net yourself.",
    ],
)
def test_the_same_user_turns_answered_with_other_facts_miss(
    substance: SemanticCache, reply: str
) -> None:
    """A follow-up may ask about what the assistant said: with the same user turns, a
    reply that names other things (a price, a model, a site) is another conversation."""
    substance.insert(answered([(CHARGED, reply)], "Can you refund one of them?"), "refunded")
    other = answered(
        [(CHARGED, "I'm sorry, I see two charges of $12.99.")], "Can you refund one of them?"
    )
    assert substance.lookup(other) is None


def test_the_same_user_turns_answered_with_another_offer_in_the_same_words_miss(
    substance: SemanticCache,
) -> None:
    """A reply kept word for word but for what it offers ("replace it" / "repair it
    for free") is another conversation: the follow-up asks about that offer."""
    broken = "My blender arrived with a cracked jar."
    substance.insert(
        answered([(broken, "Sorry about that, we can replace it.")], "How long will that take?"),
        "a week",
    )
    other = answered(
        [(broken, "Sorry about that, we can repair it for free.")], "How long will that take?"
    )
    assert substance.lookup(other) is None


def test_the_same_user_turns_answered_with_another_step_miss(substance: SemanticCache) -> None:
    """Replies that each state a step of their own, naming nothing, are other
    conversations when the follow-up asks what comes after them."""
    late = "My train ticket refund hasn't come through after two weeks."
    substance.insert(
        answered([(late, "I've escalated it to our refunds team.")], "What happens now?"),
        "they reply within 5 days",
    )
    other = answered([(late, "It was paid back to your card yesterday.")], "What happens now?")
    assert substance.lookup(other) is None


def test_the_same_user_turns_answered_in_other_words_hit(substance: SemanticCache) -> None:
    """Replies that name nothing ("Sure." / "Good question.") are the model's wording."""
    substance.insert(
        answered([(CHARGED, "Sure, let me look.")], "Can you refund one of them?"), "ok"
    )
    hit = substance.lookup(answered([(CHARGED, "Good question.")], "Can you refund one of them?"))
    assert hit is not None


@pytest.mark.parametrize(
    ("history", "cached", "asked"),
    [
        (
            "I'm 30 and want to start investing for retirement.",
            "How much should I put in each month?",
            "How much should I take out each month?",
        ),
        (
            "I'm buying running shoes for road running, I have flat feet.",
            "Which socks are good for that?",
            "Which brands are good for that?",
        ),
    ],
)
def test_a_follow_up_asking_about_another_thing_in_the_same_words_misses(
    substance: SemanticCache, history: str, cached: str, asked: str
) -> None:
    """The same words but one place, swapped for words that read unlike: the context
    makes the two look alike, yet they ask about other things."""
    substance.insert(key([history], cached), "an answer")
    assert substance.lookup(key([history], asked)) is None


def test_a_follow_up_swapping_one_light_verb_for_another_misses(
    substance: SemanticCache,
) -> None:
    """Light verbs read alike to the model ("get" / "put"), yet "where do I put it?" is
    not "where do I get it?"."""
    history = ["I bought a new air filter for my furnace."]
    substance.insert(key(history, "where do I put it?"), "in the slot by the blower")
    assert substance.lookup(key(history, "where do I get it?")) is None


def test_a_follow_up_swapping_a_light_verb_for_its_synonym_hits(substance: SemanticCache) -> None:
    """A light verb swapped for a verb that says the same ("get" / "buy") asks the same."""
    history = ["I'm repotting a fern."]
    substance.insert(key(history, "what soil should I get?"), "a peat mix")
    assert substance.lookup(key(history, "what soil should I buy?")) is not None


def test_a_follow_up_swapping_a_word_for_a_synonym_hits(substance: SemanticCache) -> None:
    """A word swapped for one that reads alike ("buy" / "purchase") asks the same."""
    history = ["I need a new laptop for college, around $800."]
    substance.insert(key(history, "Where should I buy it?"), "an answer")
    assert substance.lookup(key(history, "Where should I purchase it?")) is not None


@pytest.mark.parametrize(
    ("history", "cached", "asked"),
    [
        ("Should I learn Python or Go for backend work?", "which one is easier to learn?",
         "which one has more jobs?"),
        ("I'm choosing between a Kindle Paperwhite and a Kobo Clara.",
         "which one has the better screen?", "which one is cheaper?"),
    ],
)  # fmt: skip
def test_a_follow_up_with_the_same_opening_and_another_ending_misses(
    substance: SemanticCache, history: str, cached: str, asked: str
) -> None:
    """The same opening ("which one") and then another property: another question about
    the options named before, however short the words the two share."""
    substance.insert(key([history], cached), "an answer")
    assert substance.lookup(key([history], asked)) is None


def test_a_follow_up_with_the_same_opening_and_an_ending_in_other_words_hits(
    substance: SemanticCache,
) -> None:
    """The same opening and an ending that reads alike ("reliable" / "dependable")."""
    history = ["I'm comparing the Honda Civic and the Toyota Corolla."]
    substance.insert(key(history, "which one is more reliable?"), "an answer")
    assert substance.lookup(key(history, "which one is more dependable?")) is not None


def test_a_follow_up_with_a_condition_added_misses(substance: SemanticCache) -> None:
    """The same follow-up with words added that state a condition asks another thing,
    however alike the shared context makes the two."""
    history = ["We split a taxi fare of 60 dollars between 3 of us."]
    substance.insert(key(history, "how much does each person pay?"), "20 dollars")
    assert substance.lookup(key(history, "how much does each person pay with the tip?")) is None


def test_a_follow_up_with_a_model_named_in_several_places_misses(
    substance: SemanticCache,
) -> None:
    """Words added in two places, none taken away ("Galaxy S24 *Plus* or Pixel 9
    *Pro*?"), name other things to compare: no shared context resolves that."""
    history = ["I mostly care about battery life and a bright screen."]
    substance.insert(key(history, "so Galaxy S24 or Pixel 9?"), "an answer")
    assert substance.lookup(key(history, "so Galaxy S24 Plus or Pixel 9 Pro?")) is None


SALES = [
    "I have a spreadsheet of sales with columns rep, region, amount, sale_date.",
    "I want the number of sales per region.",
]


def test_follow_ups_about_two_things_the_history_lists_miss(substance: SemanticCache) -> None:
    """Each follow-up names another of the columns the history lists ("region" /
    "amount"): another question, however alike the shared context makes the two."""
    substance.insert(key(SALES, "now only regions with more than 10 sales"), "an answer")
    assert substance.lookup(key(SALES, "now only count sales with an amount over 10")) is None


def test_follow_ups_about_one_thing_the_history_lists_hit(substance: SemanticCache) -> None:
    """Follow-ups that reword a question about the same listed column are served."""
    substance.insert(key(SALES, "now only regions with more than 10 sales"), "an answer")
    assert substance.lookup(key(SALES, "now just the regions that have over 10 sales")) is not None


def test_the_same_question_after_unrelated_histories_is_no_question_about_them(
    substance: SemanticCache,
) -> None:
    """The words that ask ("what" / "how") name nothing a history lists: the same
    question in other words after two unrelated histories is served."""
    substance.insert(
        key(["How do I sort a list in Python?"], "What is the height of Mount Everest?"), "8849 m"
    )
    hit = substance.lookup(
        key(["What is a good recipe for banana bread?"], "How tall is Mount Everest?")
    )
    assert hit is not None


def test_a_follow_up_with_filler_words_added_in_two_places_hits(
    substance: SemanticCache,
) -> None:
    """Discourse words added in two places ("actually", "then") ask nothing else."""
    history = ["My wireless keyboard stopped typing letters."]
    substance.insert(key(history, "How do I pair it?"), "hold the connect key")
    assert substance.lookup(key(history, "How do I actually pair it then?")) is not None


def test_a_follow_up_with_a_filler_word_added_hits(substance: SemanticCache) -> None:
    """A discourse word added ("then") asks nothing else."""
    history = ["My wireless keyboard stopped typing letters."]
    substance.insert(key(history, "How do I pair it?"), "hold the connect key")
    assert substance.lookup(key(history, "How do I pair it then?")) is not None


def test_a_fact_told_as_the_final_turn_after_another_topic_misses(
    substance: SemanticCache,
) -> None:
    """A fact told as the final turn ("I have an Android phone.") answers what came
    before: after a question about smartwatches it is not the same turn as after a
    question about tablets."""
    told = "I have an Android phone."
    substance.insert(key(["Which smartwatch should I buy, a Garmin or a Fitbit?"], told), "Garmin")
    assert substance.lookup(key(["Should I buy an iPad or a Galaxy Tab?"], told)) is None


def test_another_follow_up_in_the_same_conversation_misses(substance: SemanticCache) -> None:
    """A shared history does not make 'born' and 'die' the same question."""
    substance.insert(key(["Who wrote Pride and Prejudice?"], "When was she born?"), "1775")
    assert substance.lookup(key(["Who wrote Pride and Prejudice?"], "When did she die?")) is None


def test_a_self_contained_question_after_other_turns_hits_the_question_asked_alone(
    substance: SemanticCache,
) -> None:
    """Unrelated earlier questions do not split the cache: the entry of the single
    question serves it, and the other way round."""
    substance.insert(key([], "What is the capital of Australia?"), "Canberra")
    later = key(["How do I boil an egg?"], "Which city is Australia's capital?")
    hit = substance.lookup(later)
    assert hit is not None
    assert hit.response == "Canberra"


def test_a_question_standing_alone_after_another_topic_of_the_same_kind_misses(
    substance: SemanticCache,
) -> None:
    """After the Italian / the Northern Renaissance, even "What is sfumato?" may have been
    answered for the other school; after an unrelated history it is served."""
    final = "What is sfumato?"
    substance.insert(key(["Which painters led the Italian Renaissance?"], final), "a blur")
    assert substance.lookup(key(["Which painters led the Northern Renaissance?"], final)) is None
    assert substance.lookup(key(["How do I boil an egg?"], final)) is not None


def test_the_same_question_after_an_unrelated_fact_on_one_side_hits(
    substance: SemanticCache,
) -> None:
    """A fact about the user that has nothing to do with a question that names what it
    asks does not shape its answer, whichever side stated it."""
    final = "How many moons does the planet Jupiter have?"
    substance.insert(key([], final), "95")
    assert substance.lookup(key(["My kitchen sink is leaking."], final)) is not None
    substance.insert(key(["I'm repainting my garage door."], final, "m"), "95")
    assert substance.lookup(key([], final, "m")) is not None


def test_the_same_question_after_a_fact_that_bears_on_it_misses(
    substance: SemanticCache,
) -> None:
    """'I'm vegan.' shapes 'what are good sources of protein for dinner?'; a short
    question may ask after what a fact set up ('I have a dog.', 'Which plants are
    toxic?'); neither is served to the question asked alone."""
    protein = "What are some good sources of protein for dinner?"
    substance.insert(key([], protein), "chicken, eggs")
    assert substance.lookup(key(["I'm vegan."], protein)) is None
    substance.insert(key([], "Which plants are toxic?"), "oleander")
    assert substance.lookup(key(["I have a dog."], "Which plants are toxic?")) is None


def test_the_same_question_after_a_standing_instruction_on_one_side_misses(
    substance: SemanticCache,
) -> None:
    """An instruction shapes every answer after it, whatever the topic."""
    final = "How many moons does the planet Jupiter have?"
    substance.insert(key([], final), "95")
    assert substance.lookup(key(["From now on, reply in all capital letters."], final)) is None


def test_a_standing_instruction_is_part_of_the_conversation(substance: SemanticCache) -> None:
    """'Answer in Spanish' earlier changes the answer: not served to other conversations."""
    substance.insert(
        key(["From now on, answer only in Spanish."], "What is the capital of Peru?"), "Lima (es)"
    )
    assert substance.lookup(key([], "What is the capital of Peru?")) is None
    assert substance.lookup(key(["What's a good movie?"], "What is the capital of Peru?")) is None


def test_the_header_mode_overrides_the_cache_mode(model: Embedder) -> None:
    """context= per lookup and insert (x-semcache-context) wins over the cache's own."""
    with SemanticCache(None, embedder=model, context="exact") as cache:
        cache.insert(key(FRANCE, FINAL), "about 68 million", context="substance")
        reworded = key(["Which city is France's capital?"], FINAL)
        assert cache.lookup(reworded) is None
        assert cache.lookup(reworded, context="substance") is not None


def test_entries_written_in_exact_mode_stay_valid(tmp_path: Path, model: Embedder) -> None:
    """A store filled in exact mode, reopened in substance mode: its conversations are
    still served to exact lookups, its single questions to substance lookups too."""
    with SemanticCache(tmp_path, embedder=model, context="exact") as cache:
        cache.insert(key(FRANCE, FINAL), "about 68 million")
        cache.insert(key([], "What is the capital of Australia?"), "Canberra")
    with SemanticCache(tmp_path, embedder=model, context="substance") as cache:
        assert cache.lookup(key(FRANCE, FINAL), context="exact") is not None
        hit = cache.lookup(key(["How do I boil an egg?"], "What is the capital of Australia?"))
        assert hit is not None
        assert hit.response == "Canberra"


def test_entries_show_the_callers_response(substance: SemanticCache) -> None:
    """The record is the cache's own: entries() gives the response as stored by the caller."""
    substance.insert(key(FRANCE, FINAL), {"answer": "about 68 million"})
    (entry,) = list(substance.entries())
    assert entry.response == {"answer": "about 68 million"}
    assert entry.prompt == FINAL


def test_substance_is_the_default() -> None:
    """Substance meets the trap bound and the should-hit target on every dev multi-turn
    set (docs/quality.md), so a cache compares conversations in substance unless told."""
    with SemanticCache(None, embedder=HashingEmbedder()) as cache:
        assert cache.context == "substance"


def test_an_unknown_context_mode_raises() -> None:
    """context= names the choices."""
    with pytest.raises(ConfigError, match=r"context must be one of exact, substance; got 'fuzzy'"):
        SemanticCache(None, context="fuzzy")


@pytest.mark.slow
def test_the_record_travels_through_milvus_lite(tmp_path: Path, model: Embedder) -> None:
    """Milvus keeps the record in the payload it already stores: same decisions, after a reopen."""
    pytest.importorskip("milvus_lite", reason="pip install 'semcache[milvus]'")
    store = f"milvus:///{tmp_path / 'cache.db'}"
    with SemanticCache(None, embedder=model, store=store, context="substance") as cache:
        cache.insert(key(FRANCE, FINAL), "about 68 million")
    with SemanticCache(None, embedder=model, store=store, context="substance") as cache:
        hit = cache.lookup(key(["Which city is France's capital?"], FINAL))
        assert hit is not None
        assert hit.response == "about 68 million"
        assert cache.lookup(key(["What is the capital of Germany?"], FINAL)) is None


def test_an_encoded_answer_wrapped_with_its_conversation_keeps_the_record(
    tmp_path: Path, model: Embedder
) -> None:
    """insert(encoded=...) stores the caller's bytes only when nothing wraps them: a
    conversation's record is still stored with its answer (served reworded, reopened)."""
    with SemanticCache(tmp_path, embedder=model, context="substance") as cache:
        cache.insert(
            key(FRANCE, FINAL), {"answer": "68 million"}, encoded=b'{"answer": "68 million"}'
        )
        cache.insert(key([], "Capital of Peru?"), {"a": "Lima"}, encoded=b'{"a" : "Lima"}')
    with SemanticCache(tmp_path, embedder=model, context="substance") as cache:
        hit = cache.lookup(key(["Which city is France's capital?"], FINAL))
        assert hit is not None
        assert hit.response == {"answer": "68 million"}
        assert {entry.prompt: entry.response for entry in cache.entries()}["Capital of Peru?"] == {
            "a": "Lima"
        }


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        (b'{"a": "L\xffma"}', "byte 8 is not UTF-8"),
        ('{\n  "a": "Lima"\n}', "without tabs or line breaks"),
        (42, "must be bytes or str"),
    ],
)
def test_an_encoded_answer_that_cannot_be_stored_is_refused_by_name(
    tmp_path: Path, model: Embedder, encoded: object, message: str
) -> None:
    """insert(encoded=...) refuses, naming the fault and the fix, what is sure to be no
    stored JSON; nothing is stored."""
    with SemanticCache(tmp_path, embedder=model) as cache:
        with pytest.raises(InvalidRequestError, match=message):
            cache.insert(key([], "Capital of Peru?"), {"a": "Lima"}, encoded=encoded)  # type: ignore[arg-type]
        assert list(cache.entries()) == []
