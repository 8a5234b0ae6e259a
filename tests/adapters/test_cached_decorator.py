"""The @cached decorator on sync and async functions."""

from __future__ import annotations

import inspect
import logging
from typing import Any

import pytest

from semcache import ConfigError, SemanticCache
from semcache.adapters.decorator import cached
from semcache.testing import HashingEmbedder
from semcache.verify import ThresholdVerifier


class Counter:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []


def test_second_call_is_served_from_the_cache(cache: SemanticCache) -> None:
    """A repeated prompt returns the cached result without calling the function."""
    seen = Counter()

    @cached(cache)
    def answer(prompt: str) -> str:
        seen.calls.append((prompt,))
        return f"answer to {prompt}"

    assert answer("What is the capital of France?") == "answer to What is the capital of France?"
    assert answer("what is the capital of france") == "answer to What is the capital of France?"
    assert len(seen.calls) == 1


def test_signature_and_docstring_are_kept(cache: SemanticCache) -> None:
    """functools.wraps keeps the name, docstring and signature."""

    @cached(cache)
    def answer(prompt: str, temperature: float = 0.0) -> str:
        """Answers a prompt."""
        return prompt

    assert answer.__name__ == "answer" and answer.__doc__ == "Answers a prompt."
    assert list(inspect.signature(answer).parameters) == ["prompt", "temperature"]


def test_other_arguments_split_the_cache(cache: SemanticCache) -> None:
    """Calls with different non-prompt arguments do not share results."""
    seen = Counter()

    @cached(cache)
    def answer(prompt: str, model: str = "small") -> str:
        seen.calls.append((prompt, model))
        return f"{model}: {prompt}"

    assert answer("hello there") == "small: hello there"
    assert answer("hello there", model="large") == "large: hello there"
    assert answer("hello there", "small") == "small: hello there"
    assert len(seen.calls) == 2


def test_default_equals_explicit_argument(cache: SemanticCache) -> None:
    """Defaults are applied, so f(p) and f(p, default) share the entry."""
    seen = Counter()

    @cached(cache)
    def answer(prompt: str, model: str = "small") -> str:
        seen.calls.append((prompt,))
        return prompt

    answer("hello there")
    answer("hello there", model="small")
    assert len(seen.calls) == 1


def test_functions_do_not_share_entries(cache: SemanticCache) -> None:
    """Two decorated functions on one cache keep their results apart."""

    @cached(cache)
    def shout(prompt: str) -> str:
        return prompt.upper()

    @cached(cache)
    def whisper(prompt: str) -> str:
        return prompt.lower()

    assert shout("Hello There") == "HELLO THERE"
    assert whisper("Hello There") == "hello there"


def test_named_prompt_argument(cache: SemanticCache) -> None:
    """prompt_arg picks the embedded argument; the first one is then scope."""
    seen = Counter()

    @cached(cache, prompt_arg="question")
    def answer(model: str, question: str) -> str:
        seen.calls.append((model, question))
        return question

    answer("m", question="what time is it")
    answer("m", "what time is it")
    answer("other", "what time is it")
    assert len(seen.calls) == 2


def test_exceptions_are_not_cached(cache: SemanticCache) -> None:
    """A raised exception propagates and the next call runs the function again."""
    seen = Counter()

    @cached(cache)
    def flaky(prompt: str) -> str:
        seen.calls.append((prompt,))
        if len(seen.calls) == 1:
            raise RuntimeError("upstream down")
        return "ok"

    with pytest.raises(RuntimeError, match="upstream down"):
        flaky("hello there")
    assert flaky("hello there") == "ok"
    assert flaky("hello there") == "ok"
    assert len(seen.calls) == 2


def test_non_json_result_is_returned_uncached(
    cache: SemanticCache, caplog: pytest.LogCaptureFixture
) -> None:
    """A result that is not JSON is returned as is, with a warning, and not stored."""
    seen = Counter()

    @cached(cache)
    def answer(prompt: str) -> object:
        seen.calls.append((prompt,))
        return {1, 2}

    with caplog.at_level(logging.WARNING, logger="semcache"):
        assert answer("hello there") == {1, 2}
    assert "not JSON or over max_bytes; not cached" in caplog.text
    answer("hello there")
    assert len(seen.calls) == 2


def test_structured_results_round_trip(cache: SemanticCache) -> None:
    """A JSON result comes back equal from the cache."""

    @cached(cache)
    def answer(prompt: str) -> dict[str, Any]:
        return {"text": prompt, "tokens": [1, 2], "ok": True}

    assert (
        answer("hello there")
        == answer("hello there")
        == {
            "text": "hello there",
            "tokens": [1, 2],
            "ok": True,
        }
    )


def test_non_json_argument_raises_naming_it(cache: SemanticCache) -> None:
    """An argument that cannot be part of the scope raises TypeError naming it."""

    @cached(cache)
    def answer(prompt: str, client: object = None) -> str:
        return prompt

    with pytest.raises(TypeError, match=r"argument 'client' of .* is not JSON-serializable"):
        answer("hi", client=object())


def test_ignored_arguments_stay_out_of_the_scope(cache: SemanticCache) -> None:
    """Arguments named in ignore= may be anything and do not split the cache."""
    seen = Counter()

    class Bot:
        @cached(cache, prompt_arg="prompt", ignore=("self",))
        def ask(self, prompt: str) -> str:
            seen.calls.append((prompt,))
            return prompt

    Bot().ask("hello there")
    Bot().ask("hello there")
    assert len(seen.calls) == 1


def test_non_string_prompt_raises(cache: SemanticCache) -> None:
    """The prompt argument must be a string."""

    @cached(cache)
    def answer(prompt: Any) -> str:
        return "x"

    with pytest.raises(TypeError, match=r"prompt argument 'prompt' of .* must be a string"):
        answer(42)


def test_empty_prompt_calls_the_function_uncached(cache: SemanticCache) -> None:
    """A blank prompt has nothing to embed: the function runs every time."""
    seen = Counter()

    @cached(cache)
    def answer(prompt: str) -> str:
        seen.calls.append((prompt,))
        return "x"

    answer("  ")
    answer("  ")
    assert len(seen.calls) == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"prompt_arg": "nope"}, "prompt_arg='nope' is not a parameter of"),
        ({"threshold": 1.5}, "threshold must be a number between 0 and 1; got 1.5"),
        ({"ttl": -1}, "ttl must be a positive number of seconds"),
        ({"namespace": ""}, "namespace must be a non-empty string"),
        ({"ignore": ("other",)}, "ignore names ['other'], which are not parameters"),
    ],
)
def test_bad_options_raise_at_decoration(
    cache: SemanticCache, options: dict[str, Any], message: str
) -> None:
    """Misconfiguration raises ConfigError when the function is decorated."""
    with pytest.raises(ConfigError) as caught:

        @cached(cache, **options)
        def answer(prompt: str) -> str:
            return prompt

    assert message in str(caught.value)


def test_varargs_only_function_needs_prompt_arg(cache: SemanticCache) -> None:
    """A function without a first named parameter must name the prompt."""
    with pytest.raises(ConfigError, match="name it with prompt_arg="):

        @cached(cache)
        def answer(*args: str) -> str:
            return ""


def test_namespace_and_ttl_are_used(cache: SemanticCache) -> None:
    """Entries are stored in the given namespace with the given TTL."""

    @cached(cache, namespace="team", ttl=30)
    def answer(prompt: str) -> str:
        return prompt

    answer("hello there friend")
    (entry,) = list(cache.entries())
    assert entry.namespace == "team" and entry.expires_at is not None
    assert entry.expires_at - entry.created_at == pytest.approx(30.0)


@pytest.mark.parametrize(("threshold", "calls"), [(None, 1), (1.0, 2)])
def test_threshold_is_used(threshold: float | None, calls: int) -> None:
    """A near prompt (similarity 0.93) hits at the cache's 0.9 and misses at threshold=1.

    Plain cosine (the threshold is under test, not the checks, which refuse a class noun
    added in place below 0.93).
    """
    cache = SemanticCache(
        None, embedder=HashingEmbedder(), threshold=0.9, verifier=ThresholdVerifier()
    )
    seen = Counter()

    @cached(cache, threshold=threshold)
    def answer(prompt: str) -> str:
        seen.calls.append((prompt,))
        return prompt

    answer("what is the capital of france")
    answer("what is the capital city of france")
    cache.close()
    assert len(seen.calls) == calls


def test_cache_failure_fails_open(cache: SemanticCache, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache that raises is a miss: the function is called and its result returned."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cache, "lookup", broken)
    monkeypatch.setattr(cache, "insert", broken)

    @cached(cache)
    def answer(prompt: str) -> str:
        return "fresh"

    assert answer("hello there") == "fresh"


async def test_async_function_is_cached(cache: SemanticCache) -> None:
    """An async function stays async and is served from the cache the second time."""
    seen = Counter()

    @cached(cache)
    async def answer(prompt: str, model: str = "m") -> str:
        """Async answer."""
        seen.calls.append((prompt,))
        return f"async {prompt}"

    assert inspect.iscoroutinefunction(answer) and answer.__doc__ == "Async answer."
    assert await answer("hello there") == "async hello there"
    assert await answer("hello there") == "async hello there"
    await answer("hello there", model="other")
    assert len(seen.calls) == 2


async def test_async_exceptions_are_not_cached(cache: SemanticCache) -> None:
    """An async function's exception propagates and is not stored."""
    seen = Counter()

    @cached(cache)
    async def flaky(prompt: str) -> str:
        seen.calls.append((prompt,))
        if len(seen.calls) == 1:
            raise ValueError("boom")
        return "ok"

    with pytest.raises(ValueError, match="boom"):
        await flaky("hello there")
    assert await flaky("hello there") == "ok"
