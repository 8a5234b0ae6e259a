"""Feedback: a wrong hit stops its entry being served that far from its prompt."""

from __future__ import annotations

from semcache import SemanticCache
from semcache._records import Entry
from semcache.quality import GuardedVerifier, ThresholdVerifier
from semcache.testing import HashingEmbedder

PROMPT = "how do i reset my home router"
NEAR = "how do i reset my home router please"


def _entry() -> Entry:
    return Entry(
        id="e1", namespace="n", scope="", prompt=PROMPT, response=None,
        created_at=0.0, accessed_at=0.0,
    )  # fmt: skip


def test_wrong_semantic_hit_is_not_served_again() -> None:
    """After correct=False, the same lookup misses."""
    with SemanticCache(None, embedder=HashingEmbedder(256)) as cache:
        cache.put(PROMPT, "answer")
        hit = cache.get(NEAR)
        assert hit is not None and hit.kind == "semantic"
        cache.feedback(hit, correct=False)
        assert cache.get(NEAR) is None


def test_entry_still_serves_its_exact_prompt() -> None:
    """A wrong semantic hit does not remove the entry."""
    with SemanticCache(None, embedder=HashingEmbedder(256)) as cache:
        cache.put(PROMPT, "answer")
        hit = cache.get(NEAR)
        assert hit is not None
        cache.feedback(hit, correct=False)
        exact = cache.get(PROMPT)
        assert exact is not None and exact.kind == "exact"


def test_correct_feedback_changes_nothing() -> None:
    """correct=True keeps serving the hit."""
    with SemanticCache(None, embedder=HashingEmbedder(256)) as cache:
        cache.put(PROMPT, "answer")
        hit = cache.get(NEAR)
        assert hit is not None
        cache.feedback(hit, correct=True)
        assert cache.get(NEAR) is not None


def test_wrong_exact_hit_deletes_the_entry() -> None:
    """An exact hit reported wrong means the stored answer is wrong: it goes."""
    with SemanticCache(None, embedder=HashingEmbedder(256)) as cache:
        cache.put(PROMPT, "answer")
        hit = cache.get(PROMPT)
        assert hit is not None and hit.kind == "exact"
        cache.feedback(hit, correct=False)
        assert cache.get(PROMPT) is None and cache.stats()["entries"] == 0


def test_feedback_with_a_verifier_that_keeps_no_thresholds_is_harmless() -> None:
    """A verifier without feedback() just ignores it."""
    cache = SemanticCache(None, embedder=HashingEmbedder(256), verifier=ThresholdVerifier())
    with cache:
        cache.put(PROMPT, "answer")
        hit = cache.get(NEAR)
        assert hit is not None
        cache.feedback(hit, correct=False)
        assert cache.get(NEAR) is not None


def test_closer_candidate_is_still_served() -> None:
    """The raised threshold sits just above the wrong similarity."""
    verifier = GuardedVerifier()
    verifier.feedback("e1", 0.85, correct=False)
    assert verifier.choose(PROMPT, [(_entry(), 0.855)], 0.8) is None
    assert verifier.choose(PROMPT, [(_entry(), 0.9)], 0.8) is not None


def test_thresholds_only_rise() -> None:
    """A later wrong hit at a lower similarity does not lower the entry's threshold."""
    verifier = GuardedVerifier()
    verifier.feedback("e1", 0.95, correct=False)
    verifier.feedback("e1", 0.85, correct=False)
    assert verifier.choose(PROMPT, [(_entry(), 0.9)], 0.8) is None
