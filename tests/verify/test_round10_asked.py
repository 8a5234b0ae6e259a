"""What the cache embeds: the prompt's request without its courtesy (semcache.verify.asked)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from semcache import DEFAULT_THRESHOLD, SemanticCache
from semcache.embed import OnnxEmbedder, default_embedder
from semcache.eval import Pair, score_fast
from semcache.verify import default_verifier
from semcache.verify.asked import asked

TERSE = "How do I change the email address on my account?"
COURTEOUS = (
    "Hello, I'd be grateful if you could kindly let me know how I can update the email "
    "address linked to my account. Thank you."
)


@pytest.fixture(scope="module")
def model() -> OnnxEmbedder:
    return default_embedder()


@pytest.mark.parametrize(
    ("text", "request_"),
    [
        (COURTEOUS, "how I can update the email address linked to my account"),
        (
            "Hi! If you don't mind, could you tell me how fast light travels? Thanks a lot "
            "for your time.",
            "how fast light travels?",
        ),
        ("Do you know where the nearest ATM is?", "where the nearest ATM is?"),
        (
            "Could you walk me through enabling 2FA on my Google account, please?",
            "enabling 2FA on my Google account?",
        ),
        (
            "I was wondering if you could tell me how to boil an egg",
            "how to boil an egg",
        ),
    ],
)
def test_courtesy_and_request_frame_are_dropped(text: str, request_: str) -> None:
    """Greetings, asking leave, the request frame and thanks are not embedded."""
    assert asked(text) == request_


@pytest.mark.parametrize(
    "text",
    [
        "how to clear  cache in chrome",  # spacing kept: the vector is the one stored before
        "Do you know of any e-commerce sites for schools?",  # "know of" asks for a list
        "Tell me",  # nothing left without the frame
        "Wie läuft das mit der Garantie bei dem Gerät?",
        "explain big O notation simply",
    ],
)
def test_text_without_frame_is_embedded_as_written(text: str) -> None:
    """A prompt with nothing to drop, or nothing left without it, is its own request."""
    assert asked(text) == text


def test_explain_is_kept_as_the_request() -> None:
    """ "Could you explain X" drops the asking but keeps "explain", which asks "what is"."""
    assert asked("Could you please explain how a Roth IRA works?") == (
        "explain how a Roth IRA works?"
    )


def test_courteous_paraphrase_moves_above_the_threshold(model: OnnxEmbedder) -> None:
    """A courteous rewording the model held at 0.71 is served once its frame is dropped."""
    cache = SemanticCache(None, embedder=model)
    cache.put(TERSE, "answer")
    plain = model.embed([TERSE, COURTEOUS])
    assert float(np.dot(plain[0], plain[1])) < DEFAULT_THRESHOLD
    hit = cache.get(COURTEOUS)
    assert hit is not None and hit.kind == "semantic" and hit.similarity >= DEFAULT_THRESHOLD


def test_eval_scores_the_vectors_the_cache_compares(model: OnnxEmbedder) -> None:
    """``score_fast`` embeds what the cache embeds: the same similarity as a real lookup."""
    cache = SemanticCache(None, embedder=model)
    cache.put(TERSE, "answer")
    hit = cache.get(COURTEOUS)
    scores = score_fast([Pair(TERSE, COURTEOUS, 1)], model, default_verifier(model))
    assert hit is not None and scores.similarity is not None
    assert scores.similarity[0] == pytest.approx(hit.similarity, abs=1e-5)


def test_exact_tier_still_reads_the_text_as_written(model: OnnxEmbedder) -> None:
    """Two prompts with the same request but other courtesy are no exact hit."""
    cache = SemanticCache(None, embedder=model)
    cache.put(TERSE, "answer")
    assert cache.get(TERSE).kind == "exact"  # type: ignore[union-attr]
    hit = cache.get(f"Hi, {TERSE} Thanks!")
    assert hit is not None and hit.kind == "semantic"


def test_reading_is_cheap() -> None:
    """A regex pass: well under 0.1 ms per prompt."""
    texts = [
        f"Hi, could you please tell me how to fix error {i}? Thanks so much!" for i in range(2000)
    ]
    started = time.perf_counter()
    for text in texts:
        asked(text)
    assert (time.perf_counter() - started) / len(texts) < 1e-4
