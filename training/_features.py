"""Pair features for the learned scorer: cheap, lexical, computed from two texts.

Everything here is a function of the texts' profiles (memoized), so scoring a
candidate costs well under a millisecond and needs no model run.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

# The guards' internals, not semcache's public API: these features are an experiment
# on the guards' own analysis of a text (and the guards' one-sided halves).
from semcache.verify._guards import Guard, _extra_numbers, _unmatched
from semcache.verify._lexicon import STOPWORDS
from semcache.verify._profile import Profile, profile

__all__ = ["FEATURES", "SIGNALS", "entity_added", "features", "number_added"]


def number_added(a: Profile, b: Profile) -> bool:
    """Only one text has a number ("folk tales" / "ten folk tales"): a weaker signal."""
    return _extra_numbers(a, b) != _extra_numbers(b, a)


def entity_added(a: Profile, b: Profile) -> bool:
    """Only one text names an entity the other lacks: a weaker signal."""
    return _unmatched(a, b) != _unmatched(b, a)


#: Weaker signals, one text adds something the other lacks; paraphrases do that
#: too (a long answer drops a name), so they are not vetoes (the guards' `number`
#: and `entity` are the two-sided versions).
SIGNALS: dict[str, Guard] = {"number_added": number_added, "entity_added": entity_added}

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
