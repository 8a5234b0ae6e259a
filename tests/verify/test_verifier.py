"""GuardedVerifier: the threshold, the guards, the unknown-token check."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import pytest
from _candidates import candidate as _candidate

from semcache._errors import ConfigError
from semcache.verify import GuardedVerifier, ThresholdVerifier, default_verifier


def test_candidate_below_threshold_is_a_miss() -> None:
    """Without the rescue, nothing below the threshold is served, however clean."""
    verifier = GuardedVerifier(rescue=False)
    assert (
        verifier.choose(
            "What is the capital of France?",
            [_candidate("What is the capital of France", 0.7)],
            0.8,
        )
        is None
    )


def test_candidate_below_threshold_needs_the_same_words() -> None:
    """With the rescue (the default), a reworded candidate below the threshold is a miss."""
    verifier = GuardedVerifier()
    best = _candidate("Which city is the capital of France?", 0.7)
    assert verifier.choose("What is the capital of France?", [best], 0.8) is None


def test_clean_candidate_above_threshold_is_served() -> None:
    """A paraphrase above the threshold is the hit."""
    best = _candidate("Which city is the capital of France?", 0.9)
    assert GuardedVerifier().choose("What is the capital of France?", [best], 0.8) == best


def test_a_vetoed_closest_candidate_is_a_miss() -> None:
    """A look-alike at the top makes the lookup miss; farther candidates are not tried."""
    look_alike = _candidate("Convert Celsius to Fahrenheit", 0.99)
    farther = _candidate("Please convert Fahrenheit into Celsius", 0.9)
    verifier = GuardedVerifier()
    assert verifier.choose("Convert Fahrenheit to Celsius", [look_alike, farther], 0.8) is None


def test_only_vetoed_candidates_is_a_miss() -> None:
    """When every candidate is vetoed, the lookup misses."""
    candidates = [_candidate("How do I disable dark mode?", 0.95)]
    assert GuardedVerifier().choose("How do I enable dark mode?", candidates, 0.8) is None


def test_reason_names_the_guard() -> None:
    """reason() says which guard vetoed."""
    assert GuardedVerifier().reason("Python 3.11", "Python 3.12") == "number"


def test_selected_guards_only_run() -> None:
    """A verifier built with some guards ignores the others."""
    verifier = GuardedVerifier(guards=["negation"])
    candidates = [_candidate("How do I disable dark mode?", 0.95)]
    assert verifier.choose("How do I enable dark mode?", candidates, 0.8) is not None


def test_unknown_guard_name_is_a_config_error() -> None:
    """A misspelt guard raises, naming it and the choices."""
    with pytest.raises(ConfigError, match=r"unknown guard\(s\) \['numbers'\]; choose from"):
        GuardedVerifier(guards=["numbers"])


def test_max_unknown_out_of_range_is_a_config_error() -> None:
    """max_unknown must be a share."""
    with pytest.raises(ConfigError, match="max_unknown must be between 0 and 1; got 2"):
        GuardedVerifier(max_unknown=2)


def _stats(unknown: float = 0.0, truncated: bool = False) -> Any:
    return lambda texts: (
        [SimpleNamespace(unknown_fraction=unknown, truncated=truncated)] * len(texts)
    )


def test_unrepresentable_query_gets_no_semantic_hit() -> None:
    """Text mostly made of unknown tokens gets exact hits only."""
    verifier = GuardedVerifier(token_stats=_stats(unknown=0.9))
    assert verifier.choose("☃☃☃ ✈✈", [_candidate("☃☃ ✈✈✈", 0.99)], 0.8) is None


def test_truncated_query_gets_no_semantic_hit() -> None:
    """A query longer than the model reads gets exact hits only: its tail is unseen."""
    verifier = GuardedVerifier(token_stats=_stats(truncated=True))
    assert (
        verifier.choose("long text ... end A", [_candidate("long text ... end B", 1.0)], 0.8)
        is None
    )
    assert GuardedVerifier(token_stats=_stats()).choose(
        "Hi there", [_candidate("Hi there!", 0.99)], 0.8
    )


def test_failing_unknown_check_is_a_miss() -> None:
    """A tokenizer fault makes the lookup miss rather than guess."""

    def broken(texts: Sequence[str]) -> list[Any]:
        raise RuntimeError("tokenizer gone")

    verifier = GuardedVerifier(token_stats=broken)
    assert verifier.choose("Hello there", [_candidate("Hello there!", 0.99)], 0.8) is None


def test_default_verifier_uses_the_embedders_token_stats() -> None:
    """default_verifier() wires the embedder's token_stats in."""

    class Embedder:
        def token_stats(self, texts: Sequence[str]) -> list[Any]:
            return [SimpleNamespace(unknown_fraction=1.0, truncated=False) for _ in texts]

    verifier = default_verifier(Embedder())
    assert verifier.choose("Hello there", [_candidate("Hello there!", 0.99)], 0.8) is None


def test_default_verifier_without_token_stats_skips_the_check() -> None:
    """An embedder without token_stats (e.g. hashing) still gets the guards."""
    assert default_verifier(object()).choose("Hi there", [_candidate("Hi there!", 0.99)], 0.8)


def test_threshold_verifier_serves_look_alikes() -> None:
    """The plain-cosine baseline serves what the guards refuse."""
    candidates = [_candidate("How do I disable dark mode?", 0.95)]
    assert ThresholdVerifier().choose("How do I enable dark mode?", candidates, 0.8)
