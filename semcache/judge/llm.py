"""LLMJudge: an OpenAI-compatible chat model asked a strict yes/no question.

The question is one user message holding a JSON object (the cached question, its
answer, the new question and their context), so that no prompt text can break out
of its field; the model is asked for one word, ``yes`` or ``no``, with
``max_tokens=1`` and ``temperature=0``. Where the endpoint returns ``logprobs``,
P(yes) is read from the top alternatives of the first token; otherwise the word
gives 1.0 or 0.0.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, Final

import httpx

from .._errors import ConfigError
from .base import JudgeBudgetError, JudgeError, JudgeRequest, JudgeTimeoutError, Message

__all__ = [
    "DEFAULT_JUDGE_CONCURRENCY",
    "DEFAULT_JUDGE_TIMEOUT",
    "JUDGE_INSTRUCTIONS",
    "JudgeCall",
    "LLMJudge",
    "judge_messages",
    "read_judge_messages",
]

#: Seconds an LLMJudge waits for its endpoint before the answer counts as "no".
DEFAULT_JUDGE_TIMEOUT: Final = 1.5
#: Judge calls one LLMJudge has in flight at most.
DEFAULT_JUDGE_CONCURRENCY: Final = 8
#: The system message of every judge call (a fake upstream recognizes judge calls by it).
JUDGE_INSTRUCTIONS: Final = (
    "You are the verifier of a response cache. You are given a cached question, the "
    "answer stored for it, and a new question, as JSON. Reply yes if the stored answer "
    "answers the new question fully and correctly, exactly as a fresh answer would "
    "(same task, same details, same language); otherwise reply no. Reply with one "
    "word: yes or no."
)
_MAX_FIELD = 4000  # characters kept of each text: bounds the judge's prompt tokens
_TOP_LOGPROBS = 5
_OPEN, _CLOSE = "<case>\n", "\n</case>"


@dataclass(frozen=True, slots=True)
class JudgeCall:
    """What one judge call did, as an LLMJudge's ``observer`` receives it.

    ``outcome`` is "yes", "no", "error", "timeout" or "budget" (refused: the rate
    budget was spent, nothing was sent).
    """

    outcome: str
    seconds: float
    prompt_tokens: int = 0
    completion_tokens: int = 0


class LLMJudge:
    """A judge asking ``model`` at an OpenAI-compatible ``base_url`` (``.../v1``).

    Args:
        model: the judge model's name.
        base_url: where ``/chat/completions`` is, e.g. ``https://api.openai.com/v1``.
        api_key: sent as ``Authorization: Bearer``; an operator key (never logged,
            masked in ``repr``).
        timeout: seconds for the whole call; past it the call raises
            JudgeTimeoutError (the cache: "no", not remembered).
        max_concurrency: calls in flight at most; a call waits for a slot within
            its timeout.
        rate: calls per second at most (a token bucket with a burst of
            ``max(1, rate)``); a call over budget raises JudgeBudgetError at once
            without being sent. None: no limit.
        observer: called after every call with a :class:`JudgeCall` (metrics).
        transport: an httpx transport (tests); default: a pooled HTTP client.

    Thread-safe. ``stats()`` counts calls, verdicts, tokens and latency.
    """

    def __init__(
        self,
        model: str,
        base_url: str,
        api_key: str | None = None,
        *,
        timeout: float = DEFAULT_JUDGE_TIMEOUT,
        max_concurrency: int = DEFAULT_JUDGE_CONCURRENCY,
        rate: float | None = None,
        observer: Callable[[JudgeCall], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not isinstance(model, str) or not model.strip():
            raise ConfigError(f"judge model must be a model name, e.g. gpt-4o-mini; got {model!r}")
        if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
            raise ConfigError(
                f"judge base_url must be an http(s) URL such as https://api.openai.com/v1; "
                f"got {base_url!r}"
            )
        _check_positive(timeout, "judge timeout", "seconds, e.g. 1.5")
        if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int):
            raise ConfigError(
                f"max_concurrency must be a whole number >= 1; got {max_concurrency!r}"
            )
        if max_concurrency < 1:
            raise ConfigError(
                f"max_concurrency must be a whole number >= 1; got {max_concurrency!r}"
            )
        if rate is not None:
            _check_positive(rate, "judge rate", "calls per second, e.g. 5")
        self.model = model
        self._url = base_url.rstrip("/") + "/chat/completions"
        headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            headers=headers,
            timeout=timeout,
            transport=transport,
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),  # keeps none
        )
        self._timeout = float(timeout)
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self._bucket = None if rate is None else _Bucket(float(rate))
        #: Called after every call with a JudgeCall (may be set after construction).
        self.observer = observer
        self._logprobs = True  # dropped for good if the endpoint refuses them
        self._lock = threading.Lock()
        self._counts: dict[str, float] = dict.fromkeys(_COUNTERS, 0)

    def judge(self, request: JudgeRequest) -> float:
        """P(yes) that the cached response answers ``request.prompt``.

        Raises JudgeTimeoutError past the timeout, JudgeBudgetError over the rate
        budget, JudgeError for an endpoint error or an answer that is neither yes
        nor no; the cache counts each as "no".
        """
        if self._bucket is not None and not self._bucket.take():
            self._record(JudgeCall("budget", 0.0))
            raise JudgeBudgetError(
                "the judge's budget of calls per second is spent; raise --judge-rate"
            )
        started = time.monotonic()
        if not self._slots.acquire(timeout=self._timeout):
            self._record(JudgeCall("timeout", time.monotonic() - started))
            raise JudgeTimeoutError(f"no judge slot free within {self._timeout:g} s")
        try:
            return self._call(request, started)
        finally:
            self._slots.release()

    def stats(self) -> dict[str, float]:
        """Counters: calls, yes, no, errors, timeouts, budget (refused calls),
        prompt_tokens, completion_tokens, seconds (total time of the calls sent)."""
        with self._lock:
            return dict(self._counts)

    def close(self) -> None:
        """Close the HTTP client. Idempotent."""
        self._client.close()

    def __repr__(self) -> str:
        return f"LLMJudge(model={self.model!r}, url={self._url!r}, api_key=***)"

    def _call(self, request: JudgeRequest, started: float) -> float:
        body = _body(self.model, request, logprobs=self._logprobs)
        try:
            answer = self._post(body, started)
            if answer.status_code == 400 and self._logprobs:  # some endpoints refuse logprobs
                self._logprobs = False
                answer = self._post(_body(self.model, request, logprobs=False), started)
        except JudgeTimeoutError:
            self._record(JudgeCall("timeout", time.monotonic() - started))
            raise
        except httpx.HTTPError as exc:
            self._record(JudgeCall("error", time.monotonic() - started))
            raise JudgeError(f"judge call to {self._url} failed: {type(exc).__name__}") from exc
        elapsed = time.monotonic() - started
        tokens = _tokens(answer)
        try:
            p = _verdict(answer, self._url)
        except JudgeError:
            self._record(JudgeCall("error", elapsed, *tokens))
            raise
        self._record(JudgeCall("yes" if p >= 0.5 else "no", elapsed, *tokens))
        return p

    def _post(self, body: dict[str, Any], started: float) -> httpx.Response:
        left = self._timeout - (time.monotonic() - started)
        if left <= 0:
            raise JudgeTimeoutError(f"the judge did not answer within {self._timeout:g} s")
        try:
            return self._client.post(self._url, json=body, timeout=left)
        except httpx.TimeoutException as exc:
            raise JudgeTimeoutError(f"the judge did not answer within {self._timeout:g} s") from exc

    def _record(self, call: JudgeCall) -> None:
        with self._lock:
            counts = self._counts
            counts["calls"] += 1
            counts[_COUNTED[call.outcome]] += 1
            counts["prompt_tokens"] += call.prompt_tokens
            counts["completion_tokens"] += call.completion_tokens
            counts["seconds"] += call.seconds
        observer = self.observer
        if observer is not None:
            observer(call)


_COUNTED = {"yes": "yes", "no": "no", "error": "errors", "timeout": "timeouts", "budget": "budget"}
_COUNTERS = ("calls", *_COUNTED.values(), "prompt_tokens", "completion_tokens", "seconds")


def judge_messages(request: JudgeRequest) -> list[dict[str, str]]:
    """The chat messages an LLMJudge sends for ``request``."""
    case = {
        "cached_question": request.cached_prompt[:_MAX_FIELD],
        "cached_answer": request.cached_response[:_MAX_FIELD],
        "new_question": request.prompt[:_MAX_FIELD],
        "cached_context": [_turn(m) for m in request.cached_context],
        "new_context": [_turn(m) for m in request.context],
    }
    text = _OPEN + json.dumps(case, ensure_ascii=False, indent=1) + _CLOSE
    return [
        {"role": "system", "content": JUDGE_INSTRUCTIONS},
        {"role": "user", "content": text + "\n\nDoes the cached answer answer the new question?"},
    ]


def read_judge_messages(messages: Sequence[Mapping[str, Any]]) -> JudgeRequest | None:
    """The request behind messages made by :func:`judge_messages`, or None for
    other messages (how a fake upstream tells a judge call from others)."""
    if len(messages) != 2 or messages[0].get("content") != JUDGE_INSTRUCTIONS:
        return None
    content = messages[1].get("content")
    if not isinstance(content, str) or _OPEN not in content or _CLOSE not in content:
        return None
    try:
        case = json.loads(content[len(_OPEN) : content.rindex(_CLOSE)])
        return JudgeRequest(
            cached_prompt=str(case["cached_question"]),
            cached_response=str(case["cached_answer"]),
            prompt=str(case["new_question"]),
            cached_context=tuple(Message(t["role"], t["content"]) for t in case["cached_context"]),
            context=tuple(Message(t["role"], t["content"]) for t in case["new_context"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _turn(message: Message) -> dict[str, str]:
    return {"role": message.role, "content": message.content[:_MAX_FIELD]}


def _body(model: str, request: JudgeRequest, *, logprobs: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": model,
        "messages": judge_messages(request),
        "max_tokens": 1,
        "temperature": 0,
    }
    if logprobs:
        body.update(logprobs=True, top_logprobs=_TOP_LOGPROBS)
    return body


def _verdict(answer: httpx.Response, url: str) -> float:
    if not answer.is_success:
        raise JudgeError(f"judge endpoint {url} answered HTTP {answer.status_code}")
    try:
        choice = answer.json()["choices"][0]
        word = str(choice["message"]["content"] or "")
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise JudgeError(f"judge endpoint {url} sent no chat completion: {exc!r}") from exc
    from_logprobs = _p_yes(choice.get("logprobs"))
    if from_logprobs is not None:
        return from_logprobs
    said = _word(word)
    if said is None:
        raise JudgeError(f"the judge answered {word[:40]!r}, neither yes nor no")
    return 1.0 if said else 0.0


def _p_yes(logprobs: object) -> float | None:
    """P(yes) among the yes/no alternatives of the first token, or None if absent."""
    try:
        first = logprobs["content"][0]  # type: ignore[index]
        alternatives = first.get("top_logprobs") or [first]
        yes = no = 0.0
        for alternative in alternatives:
            said = _word(str(alternative["token"]))
            mass = math.exp(float(alternative["logprob"]))
            if said is True:
                yes += mass
            elif said is False:
                no += mass
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None
    return yes / (yes + no) if yes + no > 0 else None


def _word(text: str) -> bool | None:
    word = text.strip().strip(".!\"'").lower()
    if word in ("yes", "y"):
        return True
    if word in ("no", "n"):
        return False
    return None


def _tokens(answer: httpx.Response) -> tuple[int, int]:
    try:
        usage = answer.json().get("usage") or {}
        return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
    except (ValueError, TypeError, AttributeError):
        return 0, 0


def _check_positive(value: object, name: str, unit: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{name} must be a positive number of {unit}; got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{name} must be a positive number of {unit}; got {value!r}")


class _Bucket:
    """A token bucket: ``rate`` tokens a second, at most ``max(1, rate)`` saved up."""

    def __init__(self, rate: float) -> None:
        self._rate, self._burst = rate, max(1.0, rate)
        self._tokens, self._at = self._burst, time.monotonic()
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self._burst, self._tokens + (now - self._at) * self._rate)
            self._at = now
            if self._tokens < 1.0:
                return False
            self._tokens -= 1.0
            return True
