"""Judges: a second opinion on candidates in the ambiguous similarity band.

A ``Judge`` returns the probability that a cached response answers a new
prompt (see docs/judge.md). ``base`` holds the protocol and the records both
the judges and the learned thresholds use.
"""

from __future__ import annotations

from .base import Decision, Judge, JudgeRequest, Message, Verified

__all__ = ["Decision", "Judge", "JudgeRequest", "Message", "Verified"]
