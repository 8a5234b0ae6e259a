"""The dashboard's memory: the time series ring and the recent-hits ring."""

from __future__ import annotations

import pytest
from semcache_proxy._series import RecentHits, TimeSeries


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_requests_land_in_their_ten_second_bucket() -> None:
    """Each outcome is counted in the bucket of its time; empty steps are zeros."""
    clock = Clock(1_000_000.0)
    series = TimeSeries(clock=clock)
    series.record("exact", 0.001)
    series.record("miss", 0.2)
    clock.now += 25  # two buckets later, one empty step between
    series.record("semantic", 0.01)
    snap = series.snapshot()
    assert snap["times"] == [1_000_000, 1_000_010, 1_000_020]
    assert snap["requests"]["exact"] == [1, 0, 0]
    assert snap["requests"]["miss"] == [1, 0, 0]
    assert snap["requests"]["semantic"] == [0, 0, 1]
    assert snap["upstream_calls"] == [1, 0, 0]
    assert snap["hit_rate"] == [0.5, None, 1.0]


def test_bypasses_call_upstream_but_are_not_lookups() -> None:
    """A bypass counts as an upstream call and leaves the hit rate undefined."""
    series = TimeSeries(clock=Clock())
    series.record("bypass", 0.1)
    snap = series.snapshot()
    assert snap["upstream_calls"] == [1] and snap["hit_rate"] == [None]


def test_other_outcomes_are_not_plotted() -> None:
    """Passthrough and error requests do not enter the series."""
    series = TimeSeries(clock=Clock())
    series.record("passthrough", 0.1)
    series.record("error", 0.1)
    assert sum(sum(v) for v in series.snapshot()["requests"].values()) == 0


def test_the_ring_keeps_the_last_hour_only() -> None:
    """Buckets older than the window are dropped, however many were filled."""
    clock = Clock(0.0)
    series = TimeSeries(step=10, buckets=6, clock=clock)
    for _ in range(20):
        series.record("miss", 0.1)
        clock.now += 10
    snap = series.snapshot()
    assert len(snap["times"]) == 6
    assert snap["times"][-1] == 200 and snap["times"][0] == 150
    assert snap["requests"]["miss"] == [1, 1, 1, 1, 1, 0]  # now: an empty bucket


@pytest.mark.parametrize("seconds", [0.00005, 0.0009, 0.003, 0.15, 2.0, 42.0])
def test_latency_quantiles_are_close_to_the_sample(seconds: float) -> None:
    """p50 of identical samples is within 7% of them (log-scale bins)."""
    series = TimeSeries(clock=Clock())
    for _ in range(5):
        series.record("miss", seconds)
    p50 = series.snapshot()["latency_ms"]["miss"]["p50"][0]
    assert p50 == pytest.approx(seconds * 1000, rel=0.07)


def test_p99_follows_the_slow_tail() -> None:
    """With 98 fast and 2 slow requests, p50 is fast and p99 is slow."""
    series = TimeSeries(clock=Clock())
    for _ in range(98):
        series.record("exact", 0.001)
    series.record("exact", 0.5)
    series.record("exact", 0.5)
    latency = series.snapshot()["latency_ms"]["exact"]
    assert latency["p50"][0] == pytest.approx(1.0, rel=0.07)
    assert latency["p99"][0] == pytest.approx(500, rel=0.07)
    assert series.snapshot()["latency_ms"]["miss"]["p50"] == [None]


def test_savings_add_up_per_bucket() -> None:
    """Tokens and cost saved by hits are summed per bucket."""
    series = TimeSeries(clock=Clock())
    series.record("exact", 0.001, tokens=30, cost=0.001)
    series.record("semantic", 0.01, tokens=12, cost=0.0005)
    snap = series.snapshot()
    assert snap["tokens_saved"] == [42]
    assert snap["cost_saved_usd"] == [pytest.approx(0.0015)]


def test_recent_hits_are_bounded_and_newest_first() -> None:
    """The ring keeps the last N hits, newest first, without prompts."""
    clock = Clock()
    recent = RecentHits(3, clock=clock)
    for n in range(5):
        clock.now += 1
        fields = {"namespace": "k-abc", "kind": "semantic", "similarity": 0.9, "entry_id": f"e{n}"}
        recent.add("chat", 0.004, fields)
    hits = recent.snapshot()
    assert [h["entry_id"] for h in hits] == ["e4", "e3", "e2"]
    assert hits[0]["latency_ms"] == 4.0 and "prompt" not in hits[0]
