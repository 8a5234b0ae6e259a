"""The Judge protocol: whether a cached answer answers a new prompt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from .._errors import SemcacheError
from .._records import Verified

__all__ = [
    "Decision",
    "Judge",
    "JudgeBudgetError",
    "JudgeError",
    "JudgeRequest",
    "JudgeTimeoutError",
    "Message",
    "Verified",
]

#: What a policy decides for a candidate: serve it, ask the judge, or treat it as a miss.
Decision = Literal["serve", "judge", "miss"]


@dataclass(frozen=True, slots=True)
class Message:
    """One turn of conversation context: its role ("system", "user", ...) and text."""

    role: str
    content: str


@dataclass(frozen=True, slots=True)
class JudgeRequest:
    """One question for a judge: does ``cached_response`` answer ``prompt``?

    ``cached_prompt`` is the prompt the response was stored for. Contexts are the
    turns before each prompt, oldest first (empty when unknown; within one cache
    scope the earlier turns match exactly, so the two are usually equal).
    """

    cached_prompt: str
    cached_response: str
    prompt: str
    cached_context: tuple[Message, ...] = ()
    context: tuple[Message, ...] = ()


class Judge(Protocol):
    """Says how likely a cached response answers a new prompt.

    ``judge`` returns a probability in [0, 1] (higher: more likely the same
    question). It may block (an LLM call); the cache calls it with a deadline
    and treats a raise, a timeout or a value out of range as "no" (a miss).
    Implementations must be thread-safe: the cache may call them from several
    threads at once.
    """

    def judge(self, request: JudgeRequest) -> float: ...


class JudgeError(SemcacheError):
    """A judge could not give a verdict (bad answer, endpoint error). The cache
    counts it as "no" for that lookup and does not remember it."""


class JudgeTimeoutError(JudgeError):
    """A judge did not answer within its timeout (counted as "no", not remembered)."""


class JudgeBudgetError(JudgeError):
    """A judge's call budget (calls per second) is spent (counted as "no", not remembered)."""
