"""End to end over real sockets: the openai SDK -> the proxy under uvicorn -> the fake
upstream under uvicorn, all on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from proxy_helpers import ADMIN_TOKEN
from semcache_proxy import ServerThread, Settings, create_app

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

MODEL = "gpt-4o-mini"


@dataclass
class Servers:
    fake: FakeUpstream
    cache: SemanticCache
    app: Any
    proxy: ServerThread

    def flush(self) -> None:
        assert self.app.state.proxy.writes.wait_idle(10)

    def client(self, key: str = "sk-e2e-a", **options: Any) -> openai.OpenAI:
        url = self.proxy.url + "/v1"
        return openai.OpenAI(base_url=url, api_key=key, max_retries=0, **options)

    def async_client(self, key: str = "sk-e2e-a") -> openai.AsyncOpenAI:
        return openai.AsyncOpenAI(base_url=self.proxy.url + "/v1", api_key=key, max_retries=0)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """One fake upstream and one proxy (hashing embedder, data dir) for the module."""
    fake = FakeUpstream(hang_seconds=5)
    cache = SemanticCache(tmp_path_factory.mktemp("e2e"), embedder=HashingEmbedder())
    with ServerThread(fake) as upstream:
        settings = Settings(
            upstream=upstream.url + "/v1",
            admin_token=ADMIN_TOKEN,
            upstream_timeout=1.0,
            anonymous="share",
        )
        app = create_app(settings, cache=cache)
        with ServerThread(app) as proxy:
            yield Servers(fake, cache, app, proxy)
    cache.close()


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    """Whether ``condition`` became true within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


def ask(client: openai.OpenAI, text: str, **params: Any) -> tuple[str, str, Any]:
    """(x-semcache, answer text, raw response) of one chat request through the SDK."""
    messages = [{"role": "user", "content": text}]
    raw = client.chat.completions.with_raw_response.create(model=MODEL, messages=messages, **params)
    parsed = raw.parse()
    if params.get("stream"):
        answer = "".join(c.choices[0].delta.content or "" for c in parsed if c.choices)
    else:
        answer = parsed.choices[0].message.content
    return raw.headers["x-semcache"], answer, raw


def test_sync_miss_then_exact_hit(servers: Servers) -> None:
    """The sync SDK gets a miss, then the same answer as an exact hit with its headers."""
    with servers.client() as client:
        outcome, answer, _ = ask(client, "e2e: what is the tallest tree?")
        servers.flush()
        again, cached, raw = ask(client, "e2e: what is the tallest tree?")
    assert (outcome, again) == ("miss", "hit")
    assert cached == answer == "Answer to: e2e: what is the tallest tree?"
    assert raw.headers["x-semcache-kind"] == "exact"
    assert raw.headers["x-semcache-similarity"] == "1.0000"


def test_sync_stream_miss_then_stream_hit(servers: Servers) -> None:
    """A streamed miss and its streamed replay read the same through the SDK."""
    with servers.client() as client:
        outcome, answer, _ = ask(client, "e2e: name the planets", stream=True)
        servers.flush()
        again, cached, _ = ask(client, "e2e: name the planets", stream=True)
        whole, text, _ = ask(client, "e2e: name the planets")
    assert (outcome, again, whole) == ("miss", "hit", "hit")
    assert cached == answer == text


def test_stream_usage_through_the_sdk(servers: Servers) -> None:
    """include_usage yields a final usage chunk on a miss and on a hit alike."""
    with servers.client() as client:
        for _ in range(2):
            stream = client.chat.completions.create(
                model=MODEL,
                messages=[{"role": "user", "content": "e2e: usage please"}],
                stream=True,
                stream_options={"include_usage": True},
            )
            chunks = list(stream)
            assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0
            servers.flush()


async def test_async_client_stream_and_whole(servers: Servers) -> None:
    """The async SDK gets misses and hits, streamed and not."""
    async with servers.async_client() as client:
        messages = [{"role": "user", "content": "e2e: async question"}]
        first = await client.chat.completions.with_raw_response.create(
            model=MODEL, messages=messages
        )
        servers.flush()
        raw = await client.chat.completions.with_raw_response.create(
            model=MODEL, messages=messages, stream=True
        )
        text = "".join([c.choices[0].delta.content or "" async for c in raw.parse()])
    assert first.headers["x-semcache"] == "miss" and raw.headers["x-semcache"] == "hit"
    assert text == first.parse().choices[0].message.content


def test_streaming_miss_is_not_buffered(servers: Servers) -> None:
    """The first chunk of a streamed miss reaches the caller while the upstream is mid-stream."""
    body = {
        "model": MODEL,
        "stream": True,
        "messages": [{"role": "user", "content": "e2e: hold [fail:hold]"}],
    }
    url = servers.proxy.url + "/v1/chat/completions"
    with httpx.stream("POST", url, json=body, timeout=10) as response:
        lines = response.iter_lines()
        first = next(line for line in lines if line.startswith("data: "))
        # The fake sends the first half of the chunks, then holds. The first chunk may
        # arrive before the hold starts; a buffering proxy would pass it on only after
        # the hold ended (5 s), when ``holding`` is back at 0.
        held_when_first_arrived = _wait_for(lambda: servers.fake.holding == 1, 3.0)
        servers.fake.release()
        rest = list(lines)
    assert first.startswith('data: {"id": "chatcmpl-fake')
    assert held_when_first_arrived
    assert "data: [DONE]" in rest


def test_two_api_keys_are_isolated(servers: Servers) -> None:
    """Another API key never gets the first key's cached answer."""
    with servers.client("sk-e2e-a") as a, servers.client("sk-e2e-b") as b:
        ask(a, "e2e: my private question")
        servers.flush()
        assert ask(b, "e2e: my private question")[0] == "miss"
        servers.flush()
        assert ask(a, "e2e: my private question")[0] == "hit"


def test_request_headers_through_the_sdk(servers: Servers) -> None:
    """extra_headers carry bypass, namespace and threshold; a bad value is a 400."""
    with servers.client() as client:
        ask(client, "e2e: header test")
        servers.flush()
        bypass = ask(client, "e2e: header test", extra_headers={"x-semcache-bypass": "1"})[0]
        other = ask(client, "e2e: header test", extra_headers={"x-semcache-namespace": "n2"})[0]
        with pytest.raises(openai.BadRequestError, match="x-semcache-threshold"):
            ask(client, "e2e: header test", extra_headers={"x-semcache-threshold": "abc"})
        with pytest.raises(openai.BadRequestError, match="x-semcache-ttl"):
            ask(client, "e2e: header test", extra_headers={"x-semcache-ttl": "-5"})
    assert (bypass, other) == ("bypass", "miss")


def test_pass_through_routes(servers: Servers) -> None:
    """/v1/models and /v1/embeddings work through the proxy unchanged."""
    with servers.client() as client:
        assert [m.id for m in client.models.list()] == ["fake-model"]
        embedding = client.embeddings.create(model="fake-model", input=["a b", "c"])
    assert len(embedding.data) == 2 and len(embedding.data[0].embedding) == 16


def cached_prompts(servers: Servers) -> list[str]:
    servers.flush()
    return [entry.prompt for entry in servers.cache.entries()]


def test_upstream_500_is_an_error_and_not_cached(servers: Servers) -> None:
    """An upstream 500 reaches the SDK as InternalServerError; nothing is stored."""
    text = "e2e: fail please [fail:500]"
    with servers.client() as client:
        for _ in range(2):
            with pytest.raises(openai.InternalServerError, match="fake upstream failure 500"):
                ask(client, text)
    assert text not in cached_prompts(servers)


def test_upstream_timeout_is_a_504_and_not_cached(servers: Servers) -> None:
    """An upstream that never answers becomes a 504 after the upstream timeout."""
    text = "e2e: hang [fail:timeout]"
    with servers.client() as client, pytest.raises(openai.APIStatusError) as caught:
        ask(client, text)
    assert caught.value.status_code == 504
    assert text not in cached_prompts(servers)


def test_dropped_stream_is_an_error_and_not_cached(servers: Servers) -> None:
    """A stream whose connection is cut mid-way ends in an SDK error; nothing is stored."""
    text = "e2e: drop the stream [fail:drop]"
    with servers.client() as client, pytest.raises(openai.APIError, match="broke off"):
        ask(client, text, stream=True)
    assert text not in cached_prompts(servers)


def test_dropped_whole_response_is_a_502(servers: Servers) -> None:
    """A non-streamed answer cut mid-body becomes a 502."""
    with servers.client() as client, pytest.raises(openai.APIStatusError) as caught:
        ask(client, "e2e: drop the body [fail:drop]")
    assert caught.value.status_code == 502


def test_malformed_requests_get_4xx(servers: Servers) -> None:
    """Malformed JSON, missing fields and oversized bodies are 4xx over the wire."""
    url = servers.proxy.url + "/v1/chat/completions"
    with httpx.Client(timeout=10) as http:
        assert http.post(url, content=b"{oops").status_code == 400
        assert http.post(url, json={"messages": []}).status_code == 400
        huge = {"model": MODEL, "messages": [{"role": "user", "content": "x" * 9_000_000}]}
        assert http.post(url, json=huge).status_code == 413
    with servers.client() as client, pytest.raises(openai.BadRequestError, match="messages"):
        client.chat.completions.create(model=MODEL, messages="not a list")  # type: ignore[arg-type]


def test_metrics_and_admin_over_http(servers: Servers) -> None:
    """/metrics counts requests; admin endpoints need the token."""
    with httpx.Client(base_url=servers.proxy.url, timeout=10) as http:
        text = http.get("/metrics").text
        assert 'semcache_requests_total{endpoint="chat",outcome="hit"}' in text
        assert http.get("/semcache/entries").status_code == 401
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        listed = http.get("/semcache/entries?limit=3", headers=admin).json()["data"]
    assert len(listed) == 3


def test_in_flight_request_finishes_on_shutdown(tmp_path: Path) -> None:
    """Stopping the proxy lets a request in progress complete and flushes its write."""
    fake = FakeUpstream(latency_ms=300)
    with SemanticCache(None, embedder=HashingEmbedder()) as cache, ServerThread(fake) as up:
        proxy = ServerThread(
            create_app(Settings(upstream=up.url, anonymous="share"), cache=cache)
        ).start()
        result: dict[str, Any] = {}

        def call() -> None:
            with openai.OpenAI(base_url=proxy.url + "/v1", api_key="k", max_retries=0) as c:
                result["outcome"] = ask(c, "e2e: slow answer")[0]

        caller = threading.Thread(target=call)
        caller.start()
        while fake.completion_calls == 0:  # the request is with the upstream now
            threading.Event().wait(0.01)
        proxy.stop()
        caller.join(10)
        assert result == {"outcome": "miss"}
        assert [e.prompt for e in cache.entries()] == ["e2e: slow answer"]


def test_restart_with_the_same_data_dir_keeps_the_cache(tmp_path: Path) -> None:
    """A proxy restarted on the same data directory serves what the first one stored."""
    fake = FakeUpstream()
    with ServerThread(fake) as up:
        outcomes = []
        for _ in range(2):
            with SemanticCache(tmp_path, embedder=HashingEmbedder()) as cache:
                app = create_app(Settings(upstream=up.url, anonymous="share"), cache=cache)
                with (
                    ServerThread(app) as proxy,
                    openai.OpenAI(
                        base_url=proxy.url + "/v1", api_key="sk-restart", max_retries=0
                    ) as client,
                ):
                    outcomes.append(ask(client, "e2e: survive a restart")[0])
    assert outcomes == ["miss", "hit"]
    assert fake.completion_calls == 1


@pytest.mark.slow
def test_paraphrase_hits_with_the_default_embedder() -> None:
    """With the real model, a paraphrase is a semantic hit; an unrelated question misses."""
    fake = FakeUpstream()
    with SemanticCache(None) as cache, ServerThread(fake) as up:
        app = create_app(Settings(upstream=up.url, anonymous="share"), cache=cache)
        with (
            ServerThread(app) as proxy,
            openai.OpenAI(base_url=proxy.url + "/v1", api_key="sk-para", max_retries=0) as client,
        ):
            ask(client, "What is the capital of France?")
            assert app.state.proxy.writes.wait_idle(30)
            outcome, answer, raw = ask(client, "What's the capital city of France?")
            unrelated = ask(client, "How do I bake sourdough bread?")[0]
    assert (outcome, raw.headers["x-semcache-kind"]) == ("hit", "semantic")
    assert answer == "Answer to: What is the capital of France?"
    assert unrelated == "miss"


def test_response_headers_are_not_duplicated(servers: Servers) -> None:
    """Relayed answers carry one Date and one Server header (the proxy's), not two."""
    url = servers.proxy.url + "/v1/models"
    with httpx.Client(timeout=10) as http:
        headers = http.get(url).headers
    assert len(headers.get_list("date")) == 1
    assert len(headers.get_list("server")) == 1
