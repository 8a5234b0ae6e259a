"""client.embeddings.create through the drop-in clients: an exact cache (the real
openai SDK against the fake upstream on 127.0.0.1)."""

from __future__ import annotations

from served import served_fixtures

from semcache import SemanticCache
from semcache.adapters.openai import AsyncOpenAI, OpenAI
from semcache.testing import FakeUpstream

MODEL = "text-embedding-3-small"


upstream, fake, cache, client = served_fixtures("openai", threshold=None)


def test_repeated_embedding_is_a_hit(client: OpenAI, fake: FakeUpstream) -> None:
    """The same input twice: one upstream call, the same vectors, .semcache says hit."""
    miss = client.embeddings.create(model=MODEL, input=["hello world", "more text"])
    hit = client.embeddings.create(model=MODEL, input=["hello world", "more text"])
    assert fake.calls["/v1/embeddings"] == 1
    assert miss.semcache == {"status": "miss", "stored": True}  # type: ignore[attr-defined]
    assert hit.semcache["status"] == "hit"  # type: ignore[attr-defined]
    assert [d.embedding for d in hit.data] == [d.embedding for d in miss.data]
    assert hit.usage.total_tokens == miss.usage.total_tokens


def test_other_input_or_dimensions_miss(client: OpenAI, fake: FakeUpstream) -> None:
    """Embeddings are exact only: a near input, or other dimensions, goes upstream."""
    client.embeddings.create(model=MODEL, input="hello world")
    client.embeddings.create(model=MODEL, input="hello world!")
    client.embeddings.create(model=MODEL, input="hello world", dimensions=8)
    assert fake.calls["/v1/embeddings"] == 3


def test_bypass_control(client: OpenAI, fake: FakeUpstream) -> None:
    """x-semcache-bypass in extra_headers skips the cache."""
    client.embeddings.create(model=MODEL, input="hello world")
    again = client.embeddings.create(
        model=MODEL, input="hello world", extra_headers={"x-semcache-bypass": "1"}
    )
    assert again.semcache["status"] == "bypass"  # type: ignore[attr-defined]
    assert fake.calls["/v1/embeddings"] == 2


async def test_async_client(
    upstream: tuple[FakeUpstream, str], fake: FakeUpstream, cache: SemanticCache
) -> None:
    """The async client caches embeddings too."""
    async with AsyncOpenAI(cache=cache, base_url=upstream[1], api_key="k", max_retries=0) as made:
        first = await made.embeddings.create(model=MODEL, input="hello world")
        second = await made.embeddings.create(model=MODEL, input="hello world")
    assert second.data[0].embedding == first.data[0].embedding
    assert fake.calls["/v1/embeddings"] == 1
