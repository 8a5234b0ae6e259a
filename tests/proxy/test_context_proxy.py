"""Conversations through the proxy, end to end: the openai SDK -> the proxy under uvicorn
-> the fake upstream under uvicorn, on 127.0.0.1, with the real model."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import openai
import pytest
from semcache_proxy import ServerThread, Settings, create_app, open_cache

from semcache import ConfigError, SemanticCache
from semcache.testing import FakeUpstream

pytestmark = pytest.mark.slow

MODEL = "gpt-4o-mini"
FINAL = "What is its population?"


@pytest.fixture(scope="module")
def upstream() -> Iterator[ServerThread]:
    with ServerThread(FakeUpstream()) as server:
        yield server


class Proxy:
    """One proxy (its own in-memory cache on the real model) and its SDK client."""

    def __init__(self, upstream: ServerThread, **settings: Any) -> None:
        options = Settings(upstream=upstream.url + "/v1", anonymous="share", **settings)
        self.cache: SemanticCache = open_cache(
            options
        )  # as `semcache serve` opens it: --context included
        self.app = create_app(options, cache=self.cache)
        self.server = ServerThread(self.app).__enter__()
        self.client = openai.OpenAI(
            base_url=self.server.url + "/v1", api_key="sk-context", max_retries=0
        )

    def ask(self, history: list[str], final: str, **headers: str) -> tuple[str, str]:
        """(x-semcache, answer) of one chat: the history's turns answered, then ``final``."""
        messages: list[Any] = []
        for turn in history:
            messages += [{"role": "user", "content": turn}, {"role": "assistant", "content": "OK."}]
        messages.append({"role": "user", "content": final})
        raw = self.client.chat.completions.with_raw_response.create(
            model=MODEL, messages=messages, extra_headers=headers or None
        )
        answer = raw.parse().choices[0].message.content
        assert self.app.state.proxy.writes.wait_idle(30)  # the miss's answer is stored
        return raw.headers["x-semcache"], str(answer)

    def close(self) -> None:
        self.client.close()
        self.server.__exit__(None, None, None)
        self.cache.close()


@pytest.fixture
def substance(upstream: ServerThread) -> Iterator[Proxy]:
    proxy = Proxy(upstream, context="substance")
    yield proxy
    proxy.close()


@pytest.fixture
def exact(upstream: ServerThread) -> Iterator[Proxy]:
    proxy = Proxy(upstream, context="exact")
    yield proxy
    proxy.close()


def test_a_reworded_history_hits_with_context_substance(substance: Proxy) -> None:
    """--context substance: the same follow-up after a reworded question is a hit."""
    outcome, answer = substance.ask(["What is the capital of France?"], FINAL)
    again, cached = substance.ask(["Which city is France's capital?"], FINAL)
    assert (outcome, again) == ("miss", "hit")
    assert cached == answer


def test_a_swapped_detail_misses_with_context_substance(substance: Proxy) -> None:
    """--context substance: 'its' after another country is another question."""
    substance.ask(["What is the capital of France?"], FINAL)
    outcome, answer = substance.ask(["What is the capital of Germany?"], FINAL)
    assert outcome == "miss"
    assert answer == f"Answer to: {FINAL}"  # the upstream's own answer


def test_a_reworded_history_misses_in_exact_mode(exact: Proxy) -> None:
    """--context exact: every earlier turn must match byte for byte."""
    exact.ask(["What is the capital of France?"], FINAL)
    outcome, _ = exact.ask(["Which city is France's capital?"], FINAL)
    assert outcome == "miss"


def test_the_header_asks_for_substance_per_request(exact: Proxy) -> None:
    """x-semcache-context: substance on the calls makes them match in substance."""
    header = {"x-semcache-context": "substance"}
    exact.ask(["What is the capital of France?"], FINAL, **header)
    outcome, _ = exact.ask(["Which city is France's capital?"], FINAL, **header)
    assert outcome == "hit"


def test_a_bad_header_is_a_400_naming_it(exact: Proxy) -> None:
    """An unknown mode is the caller's error, named with the choices."""
    with pytest.raises(
        openai.BadRequestError, match="x-semcache-context must be exact or substance"
    ):
        exact.ask([], "What is the capital of Peru?", **{"x-semcache-context": "fuzzy"})


def test_substance_is_the_default(upstream: ServerThread) -> None:
    """Without --context the proxy matches earlier turns in substance (exact is opt-in)."""
    proxy = Proxy(upstream)
    try:
        assert proxy.cache.context == "substance"
    finally:
        proxy.close()


def test_a_bad_context_setting_raises() -> None:
    """--context names its choices at startup."""
    with pytest.raises(ConfigError, match="context must be one of exact, substance"):
        Settings(upstream="http://127.0.0.1:1/v1", context="fuzzy")
