"""JudgeGate with learned thresholds: what a verdict already given means for a serve."""

from __future__ import annotations

from _support import RuleJudge

from semcache._records import Entry
from semcache.judge import ErrorBoundPolicy, JudgeGate


def _policy() -> ErrorBoundPolicy:
    """A policy that serves unasked from about 0.9 up, its audit passed."""
    policy = ErrorBoundPolicy(0.05, explore_rate=0.0, seed=1)
    for i in range(2000):
        s = 0.7 + 0.3 * (i % 100) / 100
        policy.observe(f"e{i % 200}", s, s >= 0.9)
    for i in range(400):
        if policy.decide(f"audit{i}", 0.995) == "judge":
            policy.observe(f"audit{i}", 0.995, True)
    return policy


def test_a_known_no_overrules_a_learned_serve() -> None:
    """A text the judge said "no" to for an entry is never served from it unasked, and a
    known "yes" is served as judged."""
    policy = _policy()
    gate = JudgeGate(
        RuleJudge({"para"}),
        mode="sync",
        floor=0.6,
        deadline=5.0,
        store=None,
        add_alias=lambda entry, text: None,
        policy=policy,
    )
    entry = Entry("ab12", "default", "", "base", "the answer", 0.0, 0.0)
    try:
        assert policy.decide(entry.id, 0.97) == "serve"
        # The remembered verdicts: asked once each (below the serve cut: judged).
        assert gate.decide("para", entry, 0.91, passed=False, guarded=True, skip=False) == "judge"
        assert gate.decide("look", entry, 0.92, passed=False, guarded=True, skip=False) is None
        assert gate.idle(5)
        assert policy.decide(entry.id, 0.97) == "serve"  # the model alone would serve them
        assert gate.decide("look", entry, 0.97, passed=True, guarded=True, skip=False) is None
        assert gate.decide("para", entry, 0.97, passed=True, guarded=True, skip=False) == "judge"
        assert gate.decide("new", entry, 0.97, passed=True, guarded=True, skip=False) == "learned"
    finally:
        gate.close()
