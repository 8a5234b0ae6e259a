"""usage on hits through the drop-in client: a stream to be stored asks for usage, and
the usage chunk is kept from a caller who did not ask (fake upstream on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from semcache_proxy import ServerThread

from semcache import SemanticCache
from semcache.adapters.openai import OpenAI
from semcache.testing import FakeUpstream, HashingEmbedder

MESSAGES = [{"role": "user", "content": "Name a lake"}]


@pytest.fixture
def setup() -> Iterator[tuple[OpenAI, FakeUpstream]]:
    fake = FakeUpstream()
    with ServerThread(fake) as server, SemanticCache(None, embedder=HashingEmbedder()) as cache:
        client = OpenAI(cache=cache, base_url=server.url + "/v1", api_key="k", max_retries=0)
        with client:
            yield client, fake


def test_streamed_miss_is_stored_with_usage(setup: tuple[OpenAI, FakeUpstream]) -> None:
    """The caller sees no usage chunk; the upstream was asked; a later hit has usage."""
    client, fake = setup
    chunks = list(client.chat.completions.create(model="m", messages=MESSAGES, stream=True))
    assert chunks and all(chunk.choices for chunk in chunks)
    assert fake.requests[-1].body["stream_options"] == {"include_usage": True}
    hit = client.chat.completions.create(model="m", messages=MESSAGES)
    assert hit.semcache["status"] == "hit" and hit.usage.total_tokens > 0


def test_replay_with_include_usage_has_the_usage_chunk(setup: tuple[OpenAI, FakeUpstream]) -> None:
    """The stored usage is replayed as the last chunk when asked for."""
    client, _ = setup
    list(client.chat.completions.create(model="m", messages=MESSAGES, stream=True))
    stream = client.chat.completions.create(
        model="m", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
    )
    chunks = list(stream)
    assert stream.semcache["status"] == "hit" and chunks[-1].usage.total_tokens > 0
