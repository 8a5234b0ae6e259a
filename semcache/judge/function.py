"""FunctionJudge: any callable as a judge (``SemanticCache(judge=fn)``)."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from typing import Any

from .._errors import ConfigError
from .base import Judge, JudgeError, JudgeRequest

__all__ = ["CONTEXT_KEYWORDS", "FunctionJudge", "as_judge", "probability"]

#: The keyword arguments a callable judge is given when its signature takes them.
CONTEXT_KEYWORDS = ("cached_context", "context")


class FunctionJudge:
    """A judge made of ``fn(cached_prompt, cached_response, prompt)``.

    ``fn`` returns the probability (a number in [0, 1], or a bool) that
    ``cached_response`` answers ``prompt``. The context keywords
    (``cached_context``, ``context``: tuples of :class:`Message`, oldest first)
    are passed only if ``fn`` names them or takes ``**kwargs``; its signature is
    read once, here. A value that is not such a number raises JudgeError naming
    it (in the cache: a miss). Thread-safe if ``fn`` is.
    """

    def __init__(self, fn: Callable[..., Any]) -> None:
        if not callable(fn):
            raise ConfigError(
                f"judge must be a Judge (with a judge(request) method) or a callable "
                f"fn(cached_prompt, cached_response, prompt); got {type(fn).__name__}"
            )
        self._fn = fn
        self._keywords = _accepted(fn)

    def judge(self, request: JudgeRequest) -> float:
        """``fn``'s probability that the cached response answers ``request.prompt``."""
        given = {"cached_context": request.cached_context, "context": request.context}
        keywords = {name: given[name] for name in self._keywords}
        value = self._fn(request.cached_prompt, request.cached_response, request.prompt, **keywords)
        return probability(value, f"judge {_name(self._fn)}")

    def __repr__(self) -> str:
        return f"FunctionJudge({_name(self._fn)})"


def as_judge(judge: Judge | Callable[..., Any]) -> Judge:
    """``judge`` itself if it has a ``judge`` method, else a FunctionJudge of it."""
    if callable(getattr(judge, "judge", None)):
        return judge  # type: ignore[return-value]
    return FunctionJudge(judge)  # type: ignore[arg-type]


def probability(value: object, who: str) -> float:
    """``value`` as a probability, or JudgeError naming it and the fix."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float) and math.isfinite(value) and 0.0 <= value <= 1.0:
        return float(value)
    raise JudgeError(f"{who} must return a probability between 0 and 1 (or a bool); got {value!r}")


def _accepted(fn: Callable[..., Any]) -> tuple[str, ...]:
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):  # builtins without a signature: positional only
        return ()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return CONTEXT_KEYWORDS
    named = {p.name for p in parameters if p.kind is not inspect.Parameter.POSITIONAL_ONLY}
    return tuple(name for name in CONTEXT_KEYWORDS if name in named)


def _name(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__qualname__", None) or type(fn).__name__
