"""Operating points: a target precision mapped to the similarity threshold reaching it.

The table (data/operating_points.json) is measured with the default verifier on
the QQP dev pairs by training/operating_points.py: for each target precision,
the lowest threshold at and above which the served pairs reach it. QQP labels
are noisy (many "different" pairs are paraphrases), so the precision there is a
conservative estimate for ordinary prompt traffic.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from .._config import DEFAULT_THRESHOLD
from .._errors import ConfigError

__all__ = ["operating_points", "operating_threshold", "threshold_for"]


@cache
def operating_points() -> tuple[tuple[float, float], ...]:
    """The measured (min_precision, threshold) pairs, ascending in precision."""
    text = resources.files(__package__).joinpath("data/operating_points.json").read_text()
    return tuple((float(p), float(t)) for p, t in json.loads(text)["points"])


def threshold_for(min_precision: float) -> float:
    """The lowest threshold whose measured precision reaches ``min_precision``.

    Raises ConfigError for a target outside the measured range, naming the range.
    """
    points = operating_points()
    if isinstance(min_precision, bool) or not isinstance(min_precision, (int, float)):
        raise ConfigError(f"min_precision must be a number; got {min_precision!r}")
    low, high = points[0][0], points[-1][0]
    if not low <= min_precision <= high:
        raise ConfigError(
            f"min_precision must be between {low} and {high} (the measured range); "
            f"got {min_precision!r}; for other targets pass threshold= directly"
        )
    return next(t for p, t in points if p >= min_precision - 1e-9)


def operating_threshold(threshold: float, min_precision: float | None) -> float:
    """The threshold a cache runs at: ``threshold``, or the one measured for
    ``min_precision`` when that is given (then ``threshold`` must be left alone)."""
    if min_precision is None:
        return threshold
    if threshold != DEFAULT_THRESHOLD:
        raise ConfigError(
            f"give threshold={threshold!r} or min_precision={min_precision!r}, not both"
        )
    return threshold_for(min_precision)
