"""POST /v1/embeddings through the proxy: an exact cache (the real openai SDK -> the
proxy under uvicorn -> the fake upstream, on 127.0.0.1)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import openai
import pytest
from semcache_proxy import ServerThread, Settings, create_app
from starlette.types import Message, Receive, Scope, Send

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

MODEL = "text-embedding-3-small"


class Base64Upstream:
    """The fake, answering ``encoding_format: base64`` in base64 (float32 bytes), as
    OpenAI does (the fake itself always answers floats)."""

    def __init__(self, fake: FakeUpstream) -> None:
        self.fake = fake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/v1/embeddings":
            await self.fake(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        wants = json.loads(body).get("encoding_format") == "base64"
        answer = bytearray()
        start: dict[str, Any] = {}

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                answer.extend(message.get("body", b""))

        await self.fake(scope, replay, keep)
        data = json.loads(answer)
        if wants and "data" in data:
            for item in data["data"]:
                raw = np.asarray(item["embedding"], dtype=np.float32).tobytes()
                item["embedding"] = base64.b64encode(raw).decode()
        out = json.dumps(data).encode()
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(out)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": out})


@dataclass
class Servers:
    fake: FakeUpstream
    cache: SemanticCache
    app: Any
    proxy: ServerThread

    def client(self, key: str = "sk-emb-a") -> openai.OpenAI:
        return openai.OpenAI(base_url=self.proxy.url + "/v1", api_key=key, max_retries=0)

    def flush(self) -> None:
        assert self.app.state.proxy.writes.wait_idle(10)


def _servers(**settings: Any) -> Iterator[Servers]:
    fake = FakeUpstream(hang_seconds=5)
    with (
        SemanticCache(None, embedder=HashingEmbedder()) as cache,
        ServerThread(Base64Upstream(fake)) as up,
    ):
        app = create_app(Settings(upstream=up.url + "/v1", **settings), cache=cache)
        with ServerThread(app) as proxy:
            yield Servers(fake, cache, app, proxy)


@pytest.fixture(scope="module")
def module_servers() -> Iterator[Servers]:
    yield from _servers()


@pytest.fixture
def servers(module_servers: Servers) -> Servers:
    module_servers.flush()
    module_servers.fake.reset()
    module_servers.cache.clear()
    return module_servers


def embed(servers: Servers, key: str = "sk-emb-a", **kwargs: Any) -> Any:
    options = {"model": MODEL, "input": ["hello world", "second text"], **kwargs}
    with servers.client(key) as client:
        raw = client.embeddings.with_raw_response.create(**options)
    servers.flush()
    return raw


def vectors(raw: Any) -> list[Any]:
    return [item.embedding for item in raw.parse().data]


def test_repeated_request_is_served_from_the_cache(servers: Servers) -> None:
    """The SDK's default request (base64) twice: one upstream call, the same vectors."""
    miss, hit = embed(servers), embed(servers)
    assert servers.fake.calls["/v1/embeddings"] == 1
    assert (miss.headers["x-semcache"], hit.headers["x-semcache"]) == ("miss", "hit")
    assert hit.headers["x-semcache-kind"] == "exact"
    assert vectors(hit) == vectors(miss)  # float32 values, bit for bit
    assert hit.parse().usage.total_tokens == miss.parse().usage.total_tokens


def test_float_encoding_replays_the_same_numbers(servers: Servers) -> None:
    """encoding_format=float: the hit's numbers are the upstream's, exactly."""
    miss = embed(servers, encoding_format="float")
    hit = embed(servers, encoding_format="float")
    assert hit.headers["x-semcache"] == "hit"
    assert json.loads(hit.text)["data"] == json.loads(miss.text)["data"]


def test_base64_encoding_replays_the_same_text(servers: Servers) -> None:
    """encoding_format=base64 asked explicitly: the hit carries the same base64 text."""
    miss = embed(servers, encoding_format="base64")
    hit = embed(servers, encoding_format="base64")
    assert hit.headers["x-semcache"] == "hit"
    assert isinstance(json.loads(hit.text)["data"][0]["embedding"], str)
    assert json.loads(hit.text)["data"] == json.loads(miss.text)["data"]


def test_stored_compactly(servers: Servers) -> None:
    """The entry holds the vectors as base64 bytes, not as JSON floats."""
    embed(servers, encoding_format="float")
    (entry,) = list(servers.cache.entries())
    stored = json.dumps(entry.response)
    assert all("b64" in vector for vector in entry.response["vectors"])
    assert '"embedding":' not in stored.replace(" ", "")  # no JSON float lists


@pytest.mark.parametrize(
    "change",
    [
        {"input": ["hello world", "other text"]},
        {"input": "hello world"},
        {"dimensions": 8},
        {"model": "text-embedding-3-large"},
        {"encoding_format": "float"},
    ],
)
def test_any_difference_misses(servers: Servers, change: dict[str, Any]) -> None:
    """Another input, dimensions, model or encoding is never served the stored vectors."""
    embed(servers)
    assert embed(servers, **change).headers["x-semcache"] == "miss"
    assert servers.fake.calls["/v1/embeddings"] == 2


def test_token_arrays_are_cached(servers: Servers) -> None:
    """Token-id input is keyed exactly too."""
    embed(servers, input=[[1, 2, 3], [4, 5]])
    assert embed(servers, input=[[1, 2, 3], [4, 5]]).headers["x-semcache"] == "hit"
    assert embed(servers, input=[[1, 2, 3], [4, 6]]).headers["x-semcache"] == "miss"


def test_tenants_are_isolated(servers: Servers) -> None:
    """Another API key never gets this key's entry."""
    embed(servers, key="sk-emb-a")
    assert embed(servers, key="sk-emb-b").headers["x-semcache"] == "miss"


def test_bypass_header_skips_the_cache(servers: Servers) -> None:
    """x-semcache-bypass: 1 goes upstream and stores nothing."""
    embed(servers)
    bypass = embed(servers, extra_headers={"x-semcache-bypass": "1"})
    assert bypass.headers["x-semcache"] == "bypass"
    assert servers.fake.calls["/v1/embeddings"] == 2


def test_bad_input_is_a_400(servers: Servers) -> None:
    """An input that is not text or tokens is refused with the field named."""
    with servers.client() as client, pytest.raises(openai.BadRequestError, match="input must"):
        client.embeddings.create(model=MODEL, input=[{"text": "x"}])  # type: ignore[list-item]


def test_switched_off_passes_through() -> None:
    """--no-cache-embeddings: relayed unchanged, every time."""
    for servers in _servers(cache_embeddings=False):
        first, second = embed(servers), embed(servers)
        assert "x-semcache" not in first.headers and "x-semcache" not in second.headers
        assert servers.fake.calls["/v1/embeddings"] == 2
