"""Verification of candidates: the last word on whether a lookup is a hit.

``GuardedVerifier`` (the default) serves a candidate only if its cosine
similarity reaches the threshold *and* no lexical guard or alignment check
vetoes it;
``ThresholdVerifier`` is plain cosine, kept as a baseline. ``conflict(a, b)``
names the guard that tells two texts apart, ``difference(a, b, similarity)``
the alignment check (a payload, time, qualifier, swapped word or two words
trading places). ``threshold_for(min_precision)``
maps a target precision to a threshold (see docs/quality.md).
"""

from __future__ import annotations

from ._align import DEFAULT_REWORDED_FLOOR, DEFAULT_SWAP_FLOOR, DIFFERENCES, difference
from ._guards import GUARDS, conflict
from ._operating import operating_points, operating_threshold, threshold_for
from .base import Verifier
from .guarded import FEEDBACK_MARGIN, GuardedVerifier, default_verifier
from .threshold import ThresholdVerifier

__all__ = [
    "DEFAULT_REWORDED_FLOOR",
    "DEFAULT_SWAP_FLOOR",
    "DIFFERENCES",
    "FEEDBACK_MARGIN",
    "GUARDS",
    "GuardedVerifier",
    "ThresholdVerifier",
    "Verifier",
    "conflict",
    "default_verifier",
    "difference",
    "operating_points",
    "operating_threshold",
    "threshold_for",
]
