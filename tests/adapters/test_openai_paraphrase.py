"""The drop-in client with the real default embedder: paraphrases hit, other questions miss."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from openai_fake import Upstream

from semcache import SemanticCache
from semcache.adapters.decorator import cached
from semcache.adapters.openai import OpenAI
from semcache.embed import default_embedder

pytestmark = pytest.mark.slow


@pytest.fixture
def real_cache() -> Iterator[SemanticCache]:
    with SemanticCache(None, embedder=default_embedder()) as made:
        yield made


@pytest.fixture
def real_client(upstream: Upstream, real_cache: SemanticCache) -> Iterator[OpenAI]:
    http = httpx.Client(transport=httpx.MockTransport(upstream))
    made = OpenAI(cache=real_cache, api_key="sk-test", http_client=http, max_retries=0)
    yield made
    made.close()


def ask(client: OpenAI, question: str) -> str:
    reply = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": question}], temperature=0
    )
    return str(reply.choices[0].message.content)


@pytest.mark.parametrize(
    "paraphrase",
    ["Which city is the capital of France?", "What's France's capital city?"],
)
def test_paraphrase_hits(real_client: OpenAI, upstream: Upstream, paraphrase: str) -> None:
    """A reworded question gets the stored answer without an upstream call."""
    first = ask(real_client, "What is the capital of France?")
    assert ask(real_client, paraphrase) == first
    assert upstream.calls == 1


def test_different_question_misses(real_client: OpenAI, upstream: Upstream) -> None:
    """A question about something else is not served the stored answer."""
    ask(real_client, "What is the capital of France?")
    assert "Germany" in ask(real_client, "What is the capital of Germany?")
    assert upstream.calls == 2


def test_decorator_paraphrase_hits(real_cache: SemanticCache) -> None:
    """@cached serves a reworded prompt from the cache with the real embedder."""
    calls: list[str] = []

    @cached(real_cache)
    def answer(prompt: str) -> str:
        calls.append(prompt)
        return "Reverse it with reversed() or slicing."

    answer("How do I reverse a list in Python?")
    answer("How can I reverse a Python list?")
    assert calls == ["How do I reverse a list in Python?"]
