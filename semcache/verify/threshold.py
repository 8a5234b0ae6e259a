"""The plain cosine threshold verifier: the baseline the guards are measured against."""

from __future__ import annotations

from collections.abc import Sequence

from .._records import Candidate

__all__ = ["ThresholdVerifier"]


class ThresholdVerifier:
    """Plain cosine threshold: the best candidate at or above ``threshold``.

    What GPTCache and most semantic caches do; kept as a baseline for evaluation.
    """

    def choose(
        self, query: str, candidates: Sequence[Candidate], threshold: float
    ) -> Candidate | None:
        """The closest candidate if its similarity reaches ``threshold`` and its
        entry's own ``floor``."""
        if candidates and candidates[0][1] >= max(threshold, candidates[0][0].floor):
            return candidates[0]
        return None
