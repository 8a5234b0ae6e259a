"""The language gate in SemanticCache: uncovered languages get the exact tier only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from semcache import Entry, SemanticCache
from semcache.lang import LanguageGate, identify, language_gate, languages_of
from semcache.testing import HashingEmbedder
from semcache.verify.lang import LANGUAGES


class _Multilingual(HashingEmbedder):
    """The hashing fake, declaring that it embeds French and German well."""

    languages = frozenset({"en", "fr", "de"})


@pytest.fixture
def cache() -> Iterator[SemanticCache]:
    with SemanticCache(None, embedder=HashingEmbedder(), threshold=0.5, judge_floor=0.0) as made:
        yield made


def test_uncovered_language_gets_exact_hits_only(cache: SemanticCache) -> None:
    """A French prompt with an English model: its exact repeat hits, a near one does not."""
    cache.put("Comment annuler mon abonnement ?", "fr answer")
    exact = cache.get("comment annuler mon abonnement ?")
    assert exact is not None and exact.kind == "exact"
    assert cache.get("Comment annuler mon abonnement maintenant ?") is None


def test_covered_language_still_hits_semantically(cache: SemanticCache) -> None:
    """An English paraphrase still hits (the gate is not in the way)."""
    cache.put("how do I reset my router password", "en answer")
    hit = cache.get("how do I reset my router password now")
    assert hit is not None and hit.kind == "semantic"


def test_no_hit_across_languages() -> None:
    """With a multilingual model, a French prompt is not served an entry cached in
    German, however close, while a French one is."""
    with SemanticCache(None, embedder=_Multilingual(), threshold=0.0, judge_floor=0.0) as cache:
        cache.put("Wie kann ich mein Netflix Abonnement kündigen?", "de answer")
        assert cache.get("Comment annuler mon abonnement ?") is None
        cache.put("Comment annuler mon abonnement svp ?", "fr answer")
        hit = cache.get("Comment annuler mon abonnement ?")
        assert hit is not None and hit.response == "fr answer"


def test_english_query_skips_an_uncovered_entry(cache: SemanticCache) -> None:
    """A French entry is never the candidate of an English query."""
    cache.put("Comment annuler mon abonnement ?", "fr answer")
    assert cache.get("Comment annuler mon abonnement please ?") is None


def test_lookups_are_counted_by_language(cache: SemanticCache) -> None:
    """stats() counts lookups by language, exact hits included."""
    cache.put("Comment annuler mon abonnement ?", "fr answer")
    cache.get("Comment annuler mon abonnement ?")
    cache.get("Wie kann ich mein Passwort ändern?")
    cache.get("how do I reset my router password")
    assert cache.stats()["lookups_by_language"] == {"fr": 1, "de": 1, "en": 1}


def test_coverage_is_the_model_languages_that_are_checked() -> None:
    """A model declaring Italian gets no semantic tier for it: no checks cover it."""

    class Declares(HashingEmbedder):
        languages = ("en", "fr", "it")

    assert language_gate(Declares(), LANGUAGES).covered == {"en", "fr"}
    assert language_gate(HashingEmbedder(), LANGUAGES).covered == {"en"}


def test_short_ascii_text_counts_as_english() -> None:
    """A text too short to identify is English if ASCII, uncovered otherwise."""
    gate = LanguageGate({"en"})
    assert gate.route("dark mode") is True
    assert gate.route("暗い モード") is False


def test_alike_keeps_candidates_in_the_query_language() -> None:
    """alike() drops candidates cached in another language, keeping the order."""
    from semcache import Entry

    def entry(prompt: str) -> Entry:
        return Entry(id=prompt, namespace="n", scope="", prompt=prompt, response=None,
                     created_at=0.0, accessed_at=0.0)  # fmt: skip

    gate = LanguageGate({"en", "fr", "de"})
    found = [
        (entry("Wie kann ich mein Abonnement kündigen?"), 0.99),
        (entry("Comment résilier mon abonnement ?"), 0.95),
        (entry("How do I cancel my subscription?"), 0.94),
        (entry("Comment annuler mon abonnement Netflix ?"), 0.90),
    ]
    kept = gate.alike("Comment annuler mon abonnement ?", found)
    assert [e.prompt for e, _ in kept] == [found[1][0].prompt, found[3][0].prompt]


def _entry(prompt: str) -> Entry:
    return Entry(id=prompt, namespace="n", scope="", prompt=prompt, response=None,
                 created_at=0.0, accessed_at=0.0)  # fmt: skip


def test_a_prompt_the_identifier_is_unsure_of_may_be_in_a_likely_language() -> None:
    """A short Portuguese prompt read as Italian (unsure) still routes, and is served a
    Portuguese entry; a sure Spanish translation of a sure Portuguese prompt is not."""
    gate = LanguageGate({"en", "pt", "es"})
    unsure = "Como perder barriga?"
    assert identify(unsure) == "it" and "pt" in languages_of(unsure)
    assert gate.route(unsure) is True
    cached = _entry("O que fazer para perder barriga?")
    assert gate.alike(unsure, [(cached, 0.9)]) == [(cached, 0.9)]
    translated = _entry("¿Cuáles son los síntomas del dengue?")
    assert gate.alike("Quais são os sintomas da dengue?", [(translated, 0.9)]) == []


def test_sure_texts_have_one_language() -> None:
    """languages_of() is identify()'s one language for a text it is sure of."""
    assert languages_of("Wie kann ich mein Passwort ändern?") == {"de"}
    assert languages_of("dark mode") == {"und"}


def test_a_short_german_keyword_query_is_served_a_german_entry() -> None:
    """ "formel dreiecksflaeche" (two words, umlaut written "ae") is German: with German
    covered it may be served the German question, with English only it is exact-only."""
    cached = _entry("Wie berechnet man die Fläche eines Dreiecks?")
    multilingual = LanguageGate({"en", "de"})
    assert multilingual.route("formel dreiecksflaeche") is True
    assert multilingual.alike("formel dreiecksflaeche", [(cached, 0.9)]) == [(cached, 0.9)]
    assert LanguageGate({"en"}).route("formel dreiecksflaeche") is False


def test_an_unsure_text_of_english_words_may_be_served_an_english_entry() -> None:
    """A text read as Portuguese at low confidence whose words are all English words,
    English given a share, is English (and may still be Portuguese): it is served the
    English entry it paraphrases."""
    gate = LanguageGate({"en"})
    asked = "mitosis vs meiosis differences"
    cached = _entry("What's the difference between mitosis and meiosis?")
    assert identify(asked) == "en" and "pt" in languages_of(asked)
    assert gate.route(asked) is True
    assert gate.alike(asked, [(cached, 0.9)]) == [(cached, 0.9)]


def test_a_german_text_of_words_wordnet_lists_is_not_english() -> None:
    """ "Wetter in Stuttgart morgen": English scores too low a share to be English."""
    assert "en" not in languages_of("Wetter in Stuttgart morgen")
