"""Pair features for the learned scorer: cheap, lexical, computed from two texts.

Everything here is a function of the texts' profiles (memoized), so scoring a
candidate costs well under a millisecond and needs no model run.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from semcache.quality._guards import SIGNALS
from semcache.quality._lexicon import STOPWORDS
from semcache.quality._profile import Profile, profile

__all__ = ["FEATURES", "features"]

#: Names of the features, in order (the scorer's weights follow this order).
FEATURES: tuple[str, ...] = (
    "number_added",
    "entity_added",
    "unshared",  # share of content words found in only one text (1 - Jaccard)
    "unmatched_max",  # content words of the wordier side missing from the other
    "unmatched_min",
    "long",  # log of the mean length in words: long texts tolerate rewording
    "unshared_long",
)


def _content(p: Profile) -> set[str]:
    return {w for w in p.lemmas if w not in STOPWORDS and len(w) > 1}


def features(query: str, cached: str) -> npt.NDArray[np.float64]:
    """The feature vector of a (query, cached prompt) pair, in FEATURES order."""
    a, b = profile(query), profile(cached)
    ca, cb = _content(a), _content(b)
    union = len(ca | cb) or 1
    only_a, only_b = len(ca - cb), len(cb - ca)
    unshared = (only_a + only_b) / union
    long = math.log1p((len(a.words) + len(b.words)) / 2)
    return np.array(
        [
            float(SIGNALS["number_added"](a, b)),
            float(SIGNALS["entity_added"](a, b)),
            unshared,
            min(max(only_a, only_b), 6) / 6,
            min(min(only_a, only_b), 6) / 6,
            long,
            unshared * long,
        ]
    )
