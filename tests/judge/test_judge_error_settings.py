"""The proxy's --judge-error: parsed from flags and the environment, checked, named."""

from __future__ import annotations

import pytest
from semcache_proxy import Settings, load_settings

from semcache import ConfigError

UPSTREAM = {"SEMCACHE_UPSTREAM": "http://127.0.0.1:9"}
JUDGED = {"judge_model": "gpt-4o-mini", "max_error_rate": 0.02}


def test_judge_error_comes_from_the_flag_or_the_environment() -> None:
    """--judge-error 0.02 or SEMCACHE_JUDGE_ERROR=0.03; the default is 0 (a perfect judge)."""
    flagged = load_settings({**JUDGED, "judge_error": 0.02}, UPSTREAM)
    from_env = load_settings(JUDGED, {**UPSTREAM, "SEMCACHE_JUDGE_ERROR": "0.03"})
    assert (flagged.judge_error, from_env.judge_error) == (0.02, 0.03)
    assert load_settings(JUDGED, UPSTREAM).judge_error == 0.0


@pytest.mark.parametrize("value", [0.5, -0.1, float("nan")])
def test_judge_error_out_of_range_is_refused(value: float) -> None:
    """judge_error outside 0 <= x < 0.5 is a ConfigError naming the value and the fix."""
    with pytest.raises(ConfigError, match=r"judge_error is the judge's own error rate.*got"):
        Settings(upstream="http://127.0.0.1:9", **JUDGED, judge_error=value)


def test_judge_error_needs_learned_thresholds() -> None:
    """Without --max-error-rate a judge error has nothing to apply to: said so."""
    with pytest.raises(ConfigError, match="also give --max-error-rate"):
        Settings(upstream="http://127.0.0.1:9", judge_model="gpt-4o-mini", judge_error=0.02)
