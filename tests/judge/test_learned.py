"""ErrorBoundPolicy: per-entry thresholds learned under a bound on the error rate."""

from __future__ import annotations

import json
import math
import random
import threading
from dataclasses import dataclass

import pytest

from semcache import ConfigError
from semcache.judge.learned import ErrorBoundPolicy, Prior


def _wilson(errors: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = errors / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


@dataclass
class Run:
    requests: int = 0
    served: int = 0
    wrong: int = 0
    unasked: int = 0  # served without a judge call
    judged: int = 0


def _stream(
    delta: float,
    *,
    judge_error: float,
    width: float,
    seed: int,
    entries: int = 150,
    per_entry: int = 80,
) -> Run:
    """A synthetic workload with a known P(correct | s) per entry.

    Entry e has its own threshold t_e ~ U(0.74, 0.96); a prompt at similarity s
    is the same question with probability 1 / (1 + exp(-(s - t_e) / width)).
    The judge tells the truth except at the rate ``judge_error``.
    """
    rng = random.Random(seed)
    policy = ErrorBoundPolicy(delta, label_noise=judge_error, seed=seed)
    thresholds = {f"e{i}": rng.uniform(0.74, 0.96) for i in range(entries)}
    order = [e for e in thresholds for _ in range(per_entry)]
    rng.shuffle(order)
    run = Run()
    for entry in order:
        s = rng.uniform(0.6, 1.0)
        correct = rng.random() < 1.0 / (1.0 + math.exp(-(s - thresholds[entry]) / width))
        run.requests += 1
        decision = policy.decide(entry, s)
        if decision == "serve":
            run.served += 1
            run.unasked += 1
            run.wrong += not correct
        elif decision == "judge":
            run.judged += 1
            said_yes = correct != (rng.random() < judge_error)
            policy.observe(entry, s, said_yes)
            if said_yes:
                run.served += 1
                run.wrong += not correct
    return run


@pytest.mark.slow
@pytest.mark.parametrize(
    ("delta", "judge_error", "width"),
    [(0.02, 0.0, 0.01), (0.05, 0.0, 0.01), (0.02, 0.02, 0.01), (0.05, 0.0, 0.02)],
)
def test_error_bound_holds_on_a_known_curve(delta: float, judge_error: float, width: float) -> None:
    """The share of wrong answers served stays within δ (95% interval), and most
    served answers need no judge call once entries are known."""
    run = _stream(delta, judge_error=judge_error, width=width, seed=11)
    low, high = _wilson(run.wrong, run.served)
    assert run.served > 3000
    assert low <= delta, (run, low, high)
    assert run.wrong / run.served <= 1.25 * delta, run
    assert run.unasked / run.served > 0.4, run


def test_a_looser_bound_serves_more_without_asking() -> None:
    """δ = 5% serves more answers unasked than δ = 1% on the same stream."""
    strict = _stream(0.01, judge_error=0.0, width=0.01, seed=5, entries=60, per_entry=60)
    loose = _stream(0.05, judge_error=0.0, width=0.01, seed=5, entries=60, per_entry=60)
    assert loose.unasked > strict.unasked * 1.1
    assert loose.judged < strict.judged


def test_exploration_is_bounded() -> None:
    """In an entry's "serve" region, the judge is asked at about explore_rate, never much more."""
    policy = ErrorBoundPolicy(0.05, explore_rate=0.03, seed=3)
    for i in range(40):
        policy.observe("e", 0.9 + 0.002 * (i % 10), True)
    _audited(policy)
    assert policy.cuts("e")["serve"] <= 0.95
    decisions = [policy.decide("e", 0.98) for _ in range(20_000)]
    asked = decisions.count("judge")
    assert decisions.count("serve") + asked == len(decisions)
    low, high = _wilson(asked, len(decisions))
    assert low <= 0.03 <= high
    never = ErrorBoundPolicy(0.05, explore_rate=0.0, seed=3)
    for i in range(40):
        never.observe("e", 0.9 + 0.002 * (i % 10), True)
    never.explore_rate = 1.0  # audited first
    _audited(never)
    never.explore_rate = 0.0
    assert {never.decide("e", 0.98) for _ in range(2000)} == {"serve"}


def test_new_entry_follows_the_prior() -> None:
    """Before any observation an entry's curve is the prior's: nothing is served unasked
    at δ = 1%, candidates from about the prior's low end are judged, far ones are misses."""
    policy = ErrorBoundPolicy(0.01, prior=Prior(midpoint=0.85, width=0.04), seed=1)
    assert policy.probability("new", 0.85) == pytest.approx(0.5, abs=0.05)
    assert policy.probability("new", 0.75) < 0.1 < 0.9 < policy.probability("new", 0.95)
    assert policy.cuts("new")["serve"] == math.inf
    assert policy.decide("new", 0.9) == "judge"
    assert policy.decide("new", 0.65) == "miss"
    assert policy.decide("new", 0.5) == "miss"  # below the floor
    assert policy.decide("new", float("nan")) == "miss"


def test_new_entry_learns_from_the_population() -> None:
    """Observations of other entries move a new entry's cuts: after many "yes"
    at 0.9 and above elsewhere, a never-seen entry is served unasked there."""
    policy = ErrorBoundPolicy(0.02, seed=1)
    before = policy.cuts("new")["serve"]
    for i in range(2000):
        s = 0.7 + 0.3 * (i % 100) / 100
        policy.observe(f"e{i % 200}", s, s >= 0.9)
    assert "new" not in policy
    assert policy.cuts("new")["serve"] < min(before, 0.95)
    assert policy.decide("new", 0.8) == "miss"


def _trained(delta: float) -> ErrorBoundPolicy:
    """A policy whose population is the same question from 0.9 up, its audit passed."""
    policy = ErrorBoundPolicy(delta, explore_rate=0.0, seed=1)
    for i in range(2000):
        s = 0.7 + 0.3 * (i % 100) / 100
        policy.observe(f"e{i % 200}", s, s >= 0.9)
    return _audited(policy)


def _audited(policy: ErrorBoundPolicy, audits: int = 400) -> ErrorBoundPolicy:
    """``policy`` after its unasked serves were audited right ``audits`` times."""
    for i in range(audits):
        if policy.decide(f"audit{i}", 0.995) == "judge":
            policy.observe(f"audit{i}", 0.995, True)
    return policy


def test_a_wrong_observation_raises_the_entry_threshold() -> None:
    """A look-alike observed at 0.95 stops that entry (only) being served unasked at 0.95."""
    policy = _trained(0.05)
    assert policy.decide("e", 0.95) == "serve"
    policy.observe("e", 0.95, False)
    assert policy.cuts("e")["serve"] > 0.95
    assert policy.decide("e", 0.95) == "judge"
    assert policy.decide("other", 0.95) == "serve"


def test_a_right_observation_lowers_the_entry_threshold() -> None:
    """A paraphrase confirmed at 0.86 lowers that entry's (only) cut for serving unasked."""
    policy = _trained(0.05)
    before = policy.cuts("e")
    policy.observe("e", 0.86, True)
    assert policy.cuts("e")["serve"] < before["serve"]
    assert policy.cuts("e")["judge"] < before["judge"]
    assert policy.cuts("other") == before


def test_an_entry_with_only_look_alikes_is_not_judged_far_below() -> None:
    """Several "no" at 0.9 make candidates at 0.8 a miss without a judge call."""
    policy = ErrorBoundPolicy(0.02, explore_rate=0.0, seed=1)
    assert policy.decide("e", 0.8) == "judge"
    for _ in range(4):
        policy.observe("e", 0.9, False)
    assert policy.decide("e", 0.8) == "miss"


def test_a_noisy_judge_is_asked_only_where_a_yes_is_safe() -> None:
    """With a judge wrong 10% of the time and δ = 2%, an unlikely candidate is a
    miss: even after a "yes" it would be wrong too often."""
    trusting = ErrorBoundPolicy(0.02, label_noise=0.0, seed=1)
    wary = ErrorBoundPolicy(0.02, label_noise=0.1, seed=1)
    assert trusting.decide("e", 0.8) == "judge"
    assert wary.decide("e", 0.8) == "miss"
    assert wary.cuts("e")["judge"] > trusting.cuts("e")["judge"]


def test_persistence_round_trip() -> None:
    """entry_json survives JSON and load_entry into a fresh policy restores the cuts."""
    policy = ErrorBoundPolicy(0.02, seed=1)
    for s, ok in ((0.84, True), (0.9, True), (0.8, False), (0.801, False)):
        policy.observe("e", s, ok)
    data = json.loads(json.dumps(policy.entry_json("e")))
    assert data["v"] == 1 and len(data["obs"]) == 3  # 0.8 and 0.801 share a cell
    fresh = ErrorBoundPolicy(0.02, seed=1)
    fresh.load_entry("e", data)
    assert "e" in fresh
    assert fresh.entry_json("e") == policy.entry_json("e")
    for s in (0.8, 0.85, 0.9):
        assert fresh.probability("e", s) == pytest.approx(policy.probability("e", s), abs=0.02)
    fresh.load_entry("e", data)  # loading again replaces, never doubles
    assert fresh.entry_json("e") == policy.entry_json("e")
    fresh.forget("e")
    assert "e" not in fresh and fresh.entry_json("e") is None
    fresh.load_entry("e", None)
    assert "e" not in fresh


@pytest.mark.parametrize(
    "data",
    [{"v": 2, "obs": []}, {"v": 1}, {"v": 1, "obs": [[0.9, -1, 0]]}, {"v": 1, "obs": [["x"]]}],
)
def test_unreadable_entry_data_is_refused(data: dict[str, object]) -> None:
    """load_entry raises ValueError naming what it expected."""
    with pytest.raises(ValueError, match=r"obs|entry_json|observation"):
        ErrorBoundPolicy(0.02).load_entry("e", data)


def test_memory_per_entry_is_bounded() -> None:
    """Thousands of observations of one entry keep a bounded, decaying record."""
    policy = ErrorBoundPolicy(0.02, seed=1)
    for i in range(5000):
        policy.observe("e", 0.6 + 0.4 * (i % 500) / 500, i % 2 == 0)
    data = policy.entry_json("e")
    assert data is not None
    assert len(data["obs"]) <= 81
    assert sum(yes + no for _, yes, no in data["obs"]) <= 64


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_error_rate": 0}, "max_error_rate must be between 0"),
        ({"max_error_rate": 1.5}, "max_error_rate must be between 0"),
        ({"max_error_rate": 0.02, "explore_rate": -0.1}, "explore_rate"),
        ({"max_error_rate": 0.02, "label_noise": 0.5}, "label_noise"),
        ({"max_error_rate": "2%"}, "max_error_rate must be a number; got '2%'"),
    ],
)
def test_bad_settings_name_the_value(kwargs: dict[str, object], message: str) -> None:
    """Misconfiguration raises ConfigError naming the setting and value."""
    with pytest.raises(ConfigError, match=message):
        ErrorBoundPolicy(**kwargs)  # type: ignore[arg-type]


def test_concurrent_observations_are_all_counted() -> None:
    """Eight threads observing and deciding at once lose no observation."""
    policy = ErrorBoundPolicy(0.02, seed=1)

    def work(worker: int) -> None:
        for i in range(40):
            entry = f"e{i % 8}"
            policy.observe(entry, 0.85 + 0.001 * worker, i % 2 == 0)
            policy.decide(entry, 0.9)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    total = 0.0
    for e in range(8):
        data = policy.entry_json(f"e{e}")
        assert data is not None
        total += sum(yes + no for _, yes, no in data["obs"])
    assert total == 320  # 40 per entry: under the cap, nothing decayed


def test_the_audit_tightens_an_overconfident_model() -> None:
    """When explored "serve" candidates turn out wrong far more often than predicted,
    the serve cut rises; audits that agree with the model leave it alone."""

    def audited(wrong_every: int) -> ErrorBoundPolicy:
        policy = _trained(0.05)
        policy.explore_rate = 1.0  # every would-be "serve" is audited
        for i in range(600):
            entry, s = f"a{i}", 0.95 + 0.0001 * (i % 50)
            assert policy.decide(entry, s) == "judge"
            policy.observe(entry, s, i % wrong_every != 0)
        policy.explore_rate = 0.0
        return policy

    assert _trained(0.05).cuts("new")["serve"] <= 0.95
    assert audited(wrong_every=5).cuts("new")["serve"] > 0.96  # 20% wrong where ~5% predicted
    assert audited(wrong_every=10_000).cuts("new")["serve"] <= 0.95


def test_nothing_is_served_unasked_until_the_audit_shows_it_safe() -> None:
    """Before audits show the error of the "serve" region under δ (95% upper bound), every
    would-be "serve" is judged; audits that keep saying "no" keep it so."""
    policy = ErrorBoundPolicy(0.05, explore_rate=0.0, seed=1)
    for i in range(2000):
        s = 0.7 + 0.3 * (i % 100) / 100
        policy.observe(f"e{i % 200}", s, s >= 0.9)
    assert policy.decide("new", 0.99) == "judge"
    wrong = ErrorBoundPolicy(0.05, explore_rate=0.0, seed=1)
    wrong.observe("x", 0.99, True)
    for i in range(400):
        if wrong.decide(f"a{i}", 0.995) == "judge":
            wrong.observe(f"a{i}", 0.995, i % 10 != 0)  # 10% wrong, δ 5%
    assert wrong.decide("new", 0.995) != "serve"
    assert _audited(policy).decide("new", 0.99) == "serve"


@pytest.mark.slow
@pytest.mark.parametrize("delta", [0.02, 0.05])
def test_the_audit_holds_the_bound_where_the_model_is_wrong(delta: float) -> None:
    """Steps three times wider than the model assumes (its predicted error far too low):
    the audit keeps what is served within δ, serving less unasked instead."""
    run = _stream(delta, judge_error=0.0, width=0.03, seed=11)
    assert run.served > 3000
    assert run.wrong / run.served <= delta, run
