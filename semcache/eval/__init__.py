"""Offline evaluation of hit quality on labelled pairs; ``semcache eval``.

For each pair, ``a`` is cached and ``b`` looked up: ``read_pairs`` reads the
pairs, ``score_fast`` / ``score_through_cache`` give each pair's served score,
``summarize`` / ``sweep`` / ``by_kind`` turn scores into precision and recall,
``errors`` lists the pairs it got wrong.
This package sits above the cache (it runs a SemanticCache); nothing in the
cache imports it, and ``import semcache`` does not.
"""

from __future__ import annotations

from ._pairs import Pair, read_pairs, texts_of
from ._scoring import (
    Progress,
    Scores,
    Summary,
    by_kind,
    errors,
    score_fast,
    score_through_cache,
    summarize,
    sweep,
)

__all__ = [
    "Pair",
    "Progress",
    "Scores",
    "Summary",
    "by_kind",
    "errors",
    "read_pairs",
    "score_fast",
    "score_through_cache",
    "summarize",
    "sweep",
    "texts_of",
]
