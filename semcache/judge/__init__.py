"""Judges: a second opinion on candidates in the ambiguous similarity band.

A ``Judge`` returns the probability that a cached response answers a new
prompt (see docs/judge.md). ``LLMJudge`` asks an OpenAI-compatible model a
strict yes/no question; ``FunctionJudge`` wraps any callable
``fn(cached_prompt, cached_response, prompt)`` (what ``SemanticCache(judge=fn)``
does); ``VerifierJudge`` is the local verifier seen as a judge. ``base`` holds
the protocol and the records the judges and the learned thresholds share.
"""

from __future__ import annotations

from .base import (
    Decision,
    Judge,
    JudgeBudgetError,
    JudgeError,
    JudgeRequest,
    JudgeTimeoutError,
    Message,
    Verified,
)
from .function import CONTEXT_KEYWORDS, FunctionJudge, as_judge
from .gate import (
    DEFAULT_JUDGE_DEADLINE,
    DEFAULT_JUDGE_WORKERS,
    JUDGE_MODES,
    JudgeGate,
    JudgeMode,
    alias_id,
    alias_owner,
    answer_text,
    text_digest,
)
from .learned import ErrorBoundPolicy, Prior
from .llm import (
    DEFAULT_JUDGE_CONCURRENCY,
    DEFAULT_JUDGE_TIMEOUT,
    JUDGE_INSTRUCTIONS,
    JudgeCall,
    LLMJudge,
    judge_messages,
    read_judge_messages,
)
from .verifier import VerifierJudge

__all__ = [
    "CONTEXT_KEYWORDS",
    "DEFAULT_JUDGE_CONCURRENCY",
    "DEFAULT_JUDGE_DEADLINE",
    "DEFAULT_JUDGE_TIMEOUT",
    "DEFAULT_JUDGE_WORKERS",
    "JUDGE_INSTRUCTIONS",
    "JUDGE_MODES",
    "Decision",
    "ErrorBoundPolicy",
    "FunctionJudge",
    "Judge",
    "JudgeBudgetError",
    "JudgeCall",
    "JudgeError",
    "JudgeGate",
    "JudgeMode",
    "JudgeRequest",
    "JudgeTimeoutError",
    "LLMJudge",
    "Message",
    "Prior",
    "Verified",
    "VerifierJudge",
    "alias_id",
    "alias_owner",
    "answer_text",
    "as_judge",
    "judge_messages",
    "read_judge_messages",
    "text_digest",
]
