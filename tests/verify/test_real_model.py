"""The default verifier with the real model (all-MiniLM-L6-v2 int8), loaded once."""

from __future__ import annotations

import pytest

from semcache import SemanticCache
from semcache._config import DEFAULT_THRESHOLD
from semcache.embed import OnnxEmbedder, default_embedder

PARAPHRASES = [
    ("How do I turn on dark mode in Chrome?", "How can I enable dark mode in Chrome?"),
    ("What is the capital of France?", "Which city is the capital of France?"),
    ("How do I create a new branch in git?", "How can I make a new git branch?"),
]
LOOK_ALIKES = [
    ("How do I enable dark mode in Chrome?", "How do I disable dark mode in Chrome?"),
    ("Convert Celsius to Fahrenheit", "Convert Fahrenheit to Celsius"),
    ("What's new in Python 3.11?", "What's new in Python 3.12?"),
    ("Write a poem about my cat", "Write a song about my cat"),
    ("Sort the list in ascending order", "Sort the list in descending order"),
    ("Is it safe to eat raw eggs?", "Is it not safe to eat raw eggs?"),
]


@pytest.fixture(scope="module")
def model() -> OnnxEmbedder:
    return default_embedder()


@pytest.fixture
def cache(model: OnnxEmbedder) -> SemanticCache:
    return SemanticCache(None, embedder=model)


@pytest.mark.parametrize(("cached", "query"), PARAPHRASES)
def test_paraphrase_is_served(cache: SemanticCache, cached: str, query: str) -> None:
    """A paraphrase is a semantic hit at the default operating point."""
    cache.put(cached, "answer")
    hit = cache.get(query)
    assert hit is not None and hit.kind == "semantic"


@pytest.mark.parametrize(("cached", "query"), LOOK_ALIKES)
def test_look_alike_is_refused(cache: SemanticCache, cached: str, query: str) -> None:
    """A look-alike is a miss although its cosine clears the threshold."""
    cache.put(cached, "answer")
    assert cache.get(query) is None
    assert cache.get(query, threshold=0.0) is None  # the guards, not the threshold


def test_look_alikes_clear_the_threshold(model: OnnxEmbedder) -> None:
    """The look-alikes above are ones plain cosine would serve."""
    vectors = model.embed([t for pair in LOOK_ALIKES for t in pair])
    similarities = (vectors[0::2] * vectors[1::2]).sum(axis=1)
    assert (similarities >= DEFAULT_THRESHOLD).all()


def test_unrepresentable_text_gets_exact_hits_only(cache: SemanticCache) -> None:
    """Text the tokenizer cannot see gets no semantic hit, only an exact one."""
    cache.put("☃☃☃ ✈✈✈ ☂☂", "answer")
    assert cache.get("☂☂ ✈✈✈ ☃☃☃") is None
    hit = cache.get("☃☃☃ ✈✈✈ ☂☂")
    assert hit is not None and hit.kind == "exact"


def test_prompts_differing_past_the_model_window_do_not_hit(cache: SemanticCache) -> None:
    """Two long prompts equal up to the model's 256 tokens look identical to it:
    the one whose tail differs gets no semantic hit (the exact tier still works)."""
    body = " ".join(f"clause {i} of the contract says nothing new" for i in range(60))
    cache.put(body + ", so keep the summary short", "short")
    assert cache.get(body + ", so make the summary funny") is None  # no guard would veto it
    hit = cache.get(body + ", so keep the summary short")
    assert hit is not None and hit.kind == "exact"
