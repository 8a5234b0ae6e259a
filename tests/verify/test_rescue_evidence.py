"""The rescue's evidence of the same words: linking words, frames, clipped words,
British spellings (issue #13, tenth round)."""

from __future__ import annotations

from _candidates import candidate as _candidate

from semcache.verify import GuardedVerifier
from semcache.verify._align import related, stem
from semcache.verify._rescue import same_request
from semcache.verify._wordnet import SYNONYM

THRESHOLD = 0.795  # the default
BELOW = 0.72  # below the threshold, above the rescue floor (0.641)


def _served(query: str, cached: str, similarity: float = BELOW) -> bool:
    best = _candidate(cached, similarity)
    return GuardedVerifier().choose(query, [best], THRESHOLD) is not None


def test_a_noun_phrase_reordered_around_of_or_for_is_the_same() -> None:
    """ "the battery health *of my* laptop" is "laptop battery health"."""
    query, cached = "how do I check the battery health of my laptop", "laptop battery health check"
    assert same_request(query, cached)
    assert _served(query, cached)


def test_a_direction_word_is_no_linking_word() -> None:
    """ "to" and "from" still differ: only of / for / on / in and the asker's
    possessives reorder a noun phrase."""
    assert not same_request("train times to leeds", "train times from leeds")


def test_a_good_way_and_the_process_ask_how() -> None:
    """ "What's a good way to", "what's the process for" ask "how do I"."""
    assert _served("what's a good way to descale a kettle", "how do I descale a kettle")
    assert _served("what's the process for renewing a passport", "how do I renew a passport")


def test_tips_ask_how() -> None:
    """ "X tips" asks "how do I X"; another verb is still another request."""
    assert _served("kettle descaling tips", "how do I descale a kettle")
    assert not _served("kettle descaling tips", "how do I clean a kettle")


def test_a_clipped_word_is_the_word() -> None:
    """ "acct", "uni" are "account", "university" (the lexicon's aliases), for the
    rescue and for the alignment checks."""
    assert _served("how do i reset my acct password", "How do I reset my account password?")
    assert _served("uni application deadline", "university application deadline")


def test_walk_me_through_is_the_request_frame() -> None:
    """ "Walk me through X" asks how to X; "walk" against a content word is still a
    swap."""
    assert _served("walk me through descaling a kettle", "how do I descale a kettle")
    assert not _served("how far should I walk a puppy", "how far should I carry a puppy", 0.9)


def test_a_british_spelling_wordnet_lists_is_a_synonym() -> None:
    """WordNet's other spellings of a word the model knows are kept with it ("mould",
    "memorise"), though the tokenizer splits them."""
    assert related(stem("mould"), stem("mold")) == SYNONYM
    assert related(stem("memorise"), stem("memorize")) == SYNONYM
    assert _served("best way to memorise a speech", "how do I memorize a speech")


def test_a_one_sided_qualifier_still_blocks() -> None:
    """The linking words and frames leave a content word on one side a difference."""
    assert not _served("pancake recipe", "vegan pancake recipe")
    assert not _served("kettle descaling tips for a hotel", "how do I descale a kettle")


def test_binary_units_are_units_of_their_own() -> None:
    """WordNet lists "kibibyte" with "kilobyte"; the lexicon's units tell them apart."""
    verifier = GuardedVerifier()
    query, cached = "convert 5 gibibytes to megabytes", "convert 5 gigabytes to megabytes"
    assert verifier.reason(query, cached, 0.95) == "entity"


def test_british_and_american_words_are_one() -> None:
    """ "Pay rise" / "raise", "plasterboard" / "drywall", "CV" / "resume": the
    lexicon's aliases (words for one thing on either side of the Atlantic)."""
    verifier = GuardedVerifier()
    for query, cached in (
        ("how to ask for a pay rise", "how to ask for a raise"),
        ("how to patch a hole in plasterboard", "how to patch a hole in drywall"),
        ("how do I write a good CV", "how do I write a good resume"),
        ("best aubergine curry recipe", "best eggplant curry recipe"),
    ):
        assert verifier.reason(query, cached, BELOW) is None, query


def test_phrase_lookup_reads_the_longest_frame() -> None:
    """ "what's a good way to" is read whole, not as "way to" after a stray "what's a
    good"."""
    assert same_request("what's a good way to fold a fitted sheet", "fold a fitted sheet")
