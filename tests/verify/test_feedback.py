"""Feedback: a wrong hit stops its entry being served that far from its prompt."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest

from semcache import SemanticCache
from semcache._errors import SemcacheError, StoreError
from semcache._records import Entry
from semcache.testing import HashingEmbedder
from semcache.verify import GuardedVerifier, ThresholdVerifier

PROMPT = "how do i reset my home router"
NEAR = "how do i reset my home router please"
FAR = NEAR + " ok"  # less similar to PROMPT than NEAR (courtesy is not embedded)


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


def test_feedback_works_with_a_verifier_that_keeps_no_thresholds() -> None:
    """With a verifier without feedback(), the entry's stored floor still stops the hit."""
    cache = SemanticCache(None, embedder=HashingEmbedder(256), verifier=ThresholdVerifier())
    with cache:
        cache.put(PROMPT, "answer")
        hit = cache.get(NEAR)
        assert hit is not None
        cache.feedback(hit, correct=False)
        assert cache.get(NEAR) is None
        assert cache.get(PROMPT + " please thank you") is None  # farther still


class _NearestVerifier:
    """A custom verifier that serves the closest candidate and knows nothing of floors."""

    def choose(self, query, candidates, threshold):  # type: ignore[no-untyped-def]
        return candidates[0] if candidates and candidates[0][1] >= threshold else None


def test_floor_holds_with_a_custom_verifier_that_ignores_it() -> None:
    """The cache itself refuses a candidate below its entry's raised threshold."""
    with SemanticCache(None, embedder=HashingEmbedder(256), verifier=_NearestVerifier()) as cache:
        cache.put(PROMPT, "answer")
        hit = cache.get(FAR)
        assert hit is not None and hit.kind == "semantic"
        cache.feedback(hit, correct=False)
        assert cache.get(FAR) is None
        assert cache.get(NEAR) is not None  # closer than the reported query: still served


def test_wrong_hit_stays_wrong_after_a_restart(tmp_path: Path) -> None:
    """A new cache on the same directory no longer serves the wrong hit; a closer query hits."""
    with SemanticCache(tmp_path / "c", embedder=HashingEmbedder(256)) as cache:
        cache.put(PROMPT, "answer")
        hit = cache.get(FAR)
        assert hit is not None and hit.kind == "semantic"
        cache.feedback(hit, correct=False)
    with SemanticCache(tmp_path / "c", embedder=HashingEmbedder(256)) as cache:
        assert cache.get(FAR) is None
        closer = cache.get(NEAR)
        assert closer is not None and closer.similarity > hit.similarity
        assert [e.floor for e in cache.entries()] == [pytest.approx(hit.similarity + 0.01)]


def test_store_fault_in_feedback_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    """If the store cannot keep the raised threshold, feedback logs, counts an error,
    and the verifier's in-memory threshold still stops the hit."""
    with SemanticCache(None, embedder=HashingEmbedder(256)) as cache:
        cache.put(PROMPT, "answer")
        hit = cache.get(NEAR)
        assert hit is not None

        def broken(entry_id: str, floor: float) -> bool:
            raise StoreError("disk full")

        cache._store.raise_floor = broken  # type: ignore[method-assign]
        with caplog.at_level(logging.WARNING, logger="semcache"):
            cache.feedback(hit, correct=False)
        assert "could not store a raised entry threshold" in caplog.text
        assert cache.stats()["errors"] == 1
        assert cache.get(NEAR) is None


def test_feedback_on_a_closed_cache_raises() -> None:
    """Feedback after close is a usage error, like every other call."""
    cache = SemanticCache(None, embedder=HashingEmbedder(256))
    cache.put(PROMPT, "answer")
    hit = cache.get(NEAR)
    assert hit is not None
    cache.close()
    with pytest.raises(SemcacheError, match="closed"):
        cache.feedback(hit, correct=False)


def test_closer_candidate_is_still_served() -> None:
    """The raised threshold sits just above the wrong similarity."""
    verifier = GuardedVerifier()
    verifier.feedback("e1", 0.85, correct=False)
    assert verifier.choose(PROMPT, [(_entry(), 0.855)], 0.8) is None
    assert verifier.choose(PROMPT, [(_entry(), 0.9)], 0.8) is not None


def test_entry_floor_is_respected_by_both_verifiers() -> None:
    """A candidate below its entry's own floor is not served, even above the threshold."""
    floored = dataclasses.replace(_entry(), floor=0.9)
    for verifier in (GuardedVerifier(), ThresholdVerifier()):
        assert verifier.choose(PROMPT, [(floored, 0.89)], 0.8) is None
        assert verifier.choose(PROMPT, [(floored, 0.91)], 0.8) is not None


def test_thresholds_only_rise() -> None:
    """A later wrong hit at a lower similarity does not lower the entry's threshold."""
    verifier = GuardedVerifier()
    verifier.feedback("e1", 0.95, correct=False)
    verifier.feedback("e1", 0.85, correct=False)
    assert verifier.choose(PROMPT, [(_entry(), 0.9)], 0.8) is None
