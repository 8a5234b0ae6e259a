"""Hit quality: verification of candidates and evaluation on labelled pairs.

``GuardedVerifier`` (the default) serves a candidate only if its cosine
similarity reaches the threshold *and* no lexical guard vetoes it;
``ThresholdVerifier`` is plain cosine, kept as a baseline. ``conflict(a, b)``
names the guard that tells two texts apart. ``threshold_for(min_precision)``
maps a target precision to a threshold (see docs/quality.md).
"""

from __future__ import annotations

from ._guards import GUARDS, conflict
from ._operating import operating_points, threshold_for
from .base import ThresholdVerifier, Verifier
from .guarded import GuardedVerifier

__all__ = [
    "GUARDS",
    "GuardedVerifier",
    "ThresholdVerifier",
    "Verifier",
    "conflict",
    "operating_points",
    "threshold_for",
]
