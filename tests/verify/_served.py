"""Whether the default verifier, every check on, serves one prompt for another: the
helper of the class tests (test_round9_precision, test_round10_*)."""

from __future__ import annotations

from semcache.verify import GuardedVerifier

HIGH = 0.97  # above every floor: only the named check can refuse
LOW = 0.85


def served(a: str, b: str, similarity: float = HIGH) -> bool:
    """Whether the default verifier lets ``b`` answer ``a`` at ``similarity``."""
    return GuardedVerifier().reason(a, b, similarity) is None
