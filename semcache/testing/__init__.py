"""Public testing helpers: fakes for fast, deterministic tests of code using semcache."""

from __future__ import annotations

from ._bruteforce import BruteForceIndex
from ._fake_anthropic import FakeAnthropic
from ._fake_upstream import FakeUpstream, JudgeRule, RecordedRequest, shared_marker
from ._hashing import CountingEmbedder, HashingEmbedder
from .milvus import LiteServer

__all__ = [
    "BruteForceIndex",
    "CountingEmbedder",
    "FakeAnthropic",
    "FakeUpstream",
    "HashingEmbedder",
    "JudgeRule",
    "LiteServer",
    "RecordedRequest",
    "shared_marker",
]
