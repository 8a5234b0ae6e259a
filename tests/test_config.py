"""Config validation."""

from __future__ import annotations

import math

import pytest

from semcache import ConfigError
from semcache._config import CacheConfig, check_threshold, check_ttl


def test_threshold_accepts_the_closed_unit_interval() -> None:
    """0 and 1 are valid thresholds; ints are converted to float."""
    assert check_threshold(0) == 0.0 and check_threshold(1) == 1.0


@pytest.mark.parametrize("value", [-0.1, 1.01, True, "0.5", None, float("nan")])
def test_threshold_rejects_everything_else(value: object) -> None:
    """Out-of-range, boolean, string, None and NaN thresholds raise ConfigError."""
    with pytest.raises(ConfigError, match="threshold must be a number between 0 and 1"):
        check_threshold(value)


def test_ttl_none_and_inf_mean_no_expiry() -> None:
    """None and math.inf both mean the entry never expires."""
    assert check_ttl(None) is None and check_ttl(math.inf) is None
    assert check_ttl(2) == 2.0


@pytest.mark.parametrize("value", [0, -5, float("nan"), "10", False])
def test_ttl_rejects_non_positive_and_non_numbers(value: object) -> None:
    """Zero, negative, NaN, strings and booleans are not TTLs."""
    with pytest.raises(ConfigError, match="ttl must be a positive number of seconds"):
        check_ttl(value)


def test_config_validates_in_its_constructor() -> None:
    """CacheConfig refuses an invalid candidates count naming it."""
    with pytest.raises(ConfigError, match="candidates must be a positive whole number; got 0"):
        CacheConfig(candidates=0)
