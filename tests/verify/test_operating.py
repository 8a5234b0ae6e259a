"""Operating points: a target precision mapped to a threshold."""

from __future__ import annotations

import pytest

from semcache import SemanticCache
from semcache._config import DEFAULT_MIN_PRECISION, DEFAULT_THRESHOLD
from semcache._errors import ConfigError
from semcache.testing import HashingEmbedder
from semcache.verify import operating_points, threshold_for


def test_higher_precision_needs_a_higher_threshold() -> None:
    """The table is monotone: stricter targets never lower the threshold."""
    thresholds = [t for _, t in operating_points()]
    assert thresholds == sorted(thresholds) and len(thresholds) > 5


def test_threshold_for_reads_the_table() -> None:
    """threshold_for(p) is the table's threshold for p."""
    precision, threshold = operating_points()[-1]
    assert threshold_for(precision) == threshold


def test_target_outside_the_table_is_a_config_error() -> None:
    """An unmeasured target raises, naming the range and the alternative."""
    with pytest.raises(
        ConfigError, match=r"min_precision must be between .* got 0.99; .*threshold="
    ):
        threshold_for(0.99)


def test_cache_takes_min_precision() -> None:
    """SemanticCache(min_precision=p) uses the threshold measured for p."""
    with SemanticCache(None, embedder=HashingEmbedder(), min_precision=0.9) as cache:
        assert cache.threshold == threshold_for(0.9)


def test_threshold_and_min_precision_together_is_a_config_error() -> None:
    """Both knobs at once is ambiguous."""
    with pytest.raises(ConfigError, match="not both"):
        SemanticCache(None, embedder=HashingEmbedder(), threshold=0.5, min_precision=0.9)


def test_default_threshold_is_the_default_operating_point() -> None:
    """DEFAULT_THRESHOLD is the measured threshold of DEFAULT_MIN_PRECISION."""
    assert threshold_for(DEFAULT_MIN_PRECISION) == DEFAULT_THRESHOLD
