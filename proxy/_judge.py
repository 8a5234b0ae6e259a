"""The proxy's judge: an LLMJudge on the operator's key, from the settings."""

from __future__ import annotations

from semcache.judge import DEFAULT_JUDGE_CONCURRENCY, LLMJudge

from ._settings import Settings

__all__ = ["open_judge"]


def open_judge(settings: Settings) -> LLMJudge | None:
    """The judge ``settings`` describe (None without ``judge_model``).

    It calls ``settings.judge_base_url`` with ``judge_key`` only: a caller's key
    never reaches the judge, so a judge call is never billed to a tenant and
    never carries one tenant's credential into a call made for another.
    """
    if settings.judge_model is None or settings.judge_mode == "off":
        return None
    return LLMJudge(
        settings.judge_model,
        settings.judge_base_url,
        settings.judge_key,
        timeout=settings.judge_deadline,
        max_concurrency=DEFAULT_JUDGE_CONCURRENCY,
        rate=settings.judge_rate,
    )
