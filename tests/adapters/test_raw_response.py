"""with_raw_response and with_streaming_response on the drop-in OpenAI clients go
through the cache and carry x-semcache-* headers (the real openai SDK against the
fake upstream on 127.0.0.1)."""

from __future__ import annotations

from typing import Any

from served import served_fixtures

from semcache import SemanticCache
from semcache.adapters.openai import AsyncOpenAI, OpenAI
from semcache.testing import FakeUpstream

MODEL = "gpt-4o-mini"
QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
ANSWER = "Answer to: What is the capital of France?"


upstream, fake, cache, client = served_fixtures("openai")


def raw(client: OpenAI, **kwargs: Any) -> Any:
    return client.chat.completions.with_raw_response.create(
        model=MODEL, messages=QUESTION, **kwargs
    )


def text_of(stream: Any) -> str:
    return "".join(c.choices[0].delta.content or "" for c in stream if c.choices)


def test_raw_response_miss_then_hit(client: OpenAI, fake: FakeUpstream) -> None:
    """The second raw call is a hit: x-semcache headers, parse() gives the answer."""
    miss = raw(client)
    assert miss.headers["x-semcache"] == "miss"
    assert miss.parse().choices[0].message.content == ANSWER
    assert miss.parse().semcache["stored"] is True
    hit = raw(client)
    assert hit.headers["x-semcache"] == "hit"
    assert hit.headers["x-semcache-kind"] == "exact"
    assert hit.status_code == 200
    reply = hit.parse()
    assert reply.choices[0].message.content == ANSWER
    assert reply.semcache["status"] == "hit"
    assert fake.completion_calls == 1


def test_raw_response_shares_entries_with_create(client: OpenAI, fake: FakeUpstream) -> None:
    """An answer stored through create() is a raw hit, and the other way round."""
    client.chat.completions.create(model=MODEL, messages=QUESTION)
    assert raw(client).headers["x-semcache"] == "hit"
    assert fake.completion_calls == 1


def test_raw_streamed_call(client: OpenAI, fake: FakeUpstream) -> None:
    """stream=True with with_raw_response: parse() is the stream, stored, then replayed."""
    miss = raw(client, stream=True)
    assert miss.headers["x-semcache"] == "miss"
    assert text_of(miss.parse()) == ANSWER
    hit = raw(client, stream=True)
    assert hit.headers["x-semcache"] == "hit"
    assert hit.headers["content-type"] == "text/event-stream"
    assert text_of(hit.parse()) == ANSWER
    assert fake.completion_calls == 1


def test_streaming_response_context(client: OpenAI, fake: FakeUpstream) -> None:
    """with_streaming_response in `with`: headers and parse() on a miss and on a hit."""
    create = client.chat.completions.with_streaming_response.create
    with create(model=MODEL, messages=QUESTION) as miss:
        assert miss.headers["x-semcache"] == "miss"
        assert miss.parse().choices[0].message.content == ANSWER
    with create(model=MODEL, messages=QUESTION) as hit:
        assert hit.headers["x-semcache"] == "hit"
        assert hit.parse().choices[0].message.content == ANSWER
        assert b"Answer to:" in hit.read()
    assert fake.completion_calls == 1


def test_bypass_is_marked(client: OpenAI, fake: FakeUpstream) -> None:
    """A raw call with x-semcache-bypass says bypass and goes upstream."""
    raw(client)
    bypass = raw(client, extra_headers={"x-semcache-bypass": "1"})
    assert bypass.headers["x-semcache"] == "bypass"
    assert fake.completion_calls == 2


def test_responses_api_raw_hit(client: OpenAI, fake: FakeUpstream) -> None:
    """responses.with_raw_response goes through the cache too."""
    create = client.responses.with_raw_response.create
    create(model=MODEL, input="What is the capital of France?").parse()
    hit = create(model=MODEL, input="What is the capital of France?")
    assert hit.headers["x-semcache"] == "hit"
    assert hit.parse().output_text == ANSWER
    assert fake.calls["/v1/responses"] == 1


async def test_async_raw_and_streaming_response(
    upstream: tuple[FakeUpstream, str], fake: FakeUpstream, cache: SemanticCache
) -> None:
    """The async client: with_raw_response (sync parse) and with_streaming_response
    (awaited parse) both hit after one miss."""
    async with AsyncOpenAI(cache=cache, base_url=upstream[1], api_key="k", max_retries=0) as made:
        miss = await made.chat.completions.with_raw_response.create(model=MODEL, messages=QUESTION)
        assert miss.headers["x-semcache"] == "miss"
        assert miss.parse().choices[0].message.content == ANSWER
        streaming = made.chat.completions.with_streaming_response.create
        async with streaming(model=MODEL, messages=QUESTION) as hit:
            assert hit.headers["x-semcache"] == "hit"
            reply = await hit.parse()
            assert reply.choices[0].message.content == ANSWER
        stream = await made.chat.completions.with_raw_response.create(
            model=MODEL, messages=QUESTION, stream=True
        )
        assert stream.headers["x-semcache"] == "hit"
        chunks = [c async for c in stream.parse()]
        assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == ANSWER
    assert fake.completion_calls == 1
