"""Single-flight in the proxy: concurrent identical requests wait for the one in flight
(the real openai SDK -> the proxy under uvicorn -> the fake upstream, on 127.0.0.1)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import anyio
import httpx
import openai
import pytest
from semcache_proxy import ServerThread, Settings, create_app
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from semcache import ConfigError, SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

N = 8
QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
ANSWER = "Answer to: What is the capital of France?"


class Gate:
    """In front of the fake: holds every request until ``ready()`` (the others are
    waiting for the leaders) or 10 s, and can fail the first one."""

    def __init__(self, fake: FakeUpstream) -> None:
        self.fake = fake
        self.ready: Callable[[], bool] = lambda: True
        self.fail_first = False
        self.opened = False
        self.first = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            first = self.first.acquire(blocking=False)
            deadline = time.monotonic() + 10
            while not (self.opened or self.ready()) and time.monotonic() < deadline:
                await anyio.sleep(0.005)
            self.opened = True
            if self.fail_first and first:
                error = {"error": {"message": "leader failed", "type": "server_error"}}
                await JSONResponse(error, status_code=500)(scope, receive, send)
                return
        await self.fake(scope, receive, send)


@dataclass
class Servers:
    fake: FakeUpstream
    gate: Gate
    app: Any
    proxy: ServerThread

    def client(self, key: str = "sk-flight-a") -> openai.OpenAI:
        return openai.OpenAI(base_url=self.proxy.url + "/v1", api_key=key, max_retries=0)

    def waiting(self, count: int) -> Callable[[], bool]:
        return lambda: self.app.state.flights.waiting >= count


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    fake = FakeUpstream(hang_seconds=5)
    gate = Gate(fake)
    with SemanticCache(None, embedder=HashingEmbedder()) as cache, ServerThread(gate) as up:
        settings = Settings(upstream=up.url + "/v1", upstream_timeout=10.0, coalesce_timeout=15)
        app = create_app(settings, cache=cache)
        with ServerThread(app) as proxy:
            yield Servers(fake, gate, app, proxy)


@pytest.fixture
def served(servers: Servers) -> Servers:
    """A fresh gate and counts; a cleared cache (each test asks the same question)."""
    servers.fake.reset()
    servers.gate.ready, servers.gate.fail_first, servers.gate.opened = (lambda: True), False, False
    servers.gate.first = threading.Lock()
    assert servers.app.state.proxy.writes.wait_idle(10)
    servers.app.state.proxy.cache.clear()
    return servers


def raw_ask(client: openai.OpenAI, **kwargs: Any) -> Any:
    return client.chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=QUESTION, **kwargs
    )


def coalesced_total(servers: Servers) -> float:
    text = httpx.get(servers.proxy.url + "/metrics").text
    line = next(x for x in text.splitlines() if x.startswith("semcache_coalesced_total"))
    return float(line.split()[-1])


def test_concurrent_identical_requests_make_one_upstream_call(served: Servers) -> None:
    """8 identical requests at once: 1 upstream call; 7 are served its answer, marked."""
    served.gate.ready = served.waiting(N - 1)
    before = coalesced_total(served)
    with served.client() as client, ThreadPoolExecutor(N) as pool:
        replies = list(pool.map(lambda _: raw_ask(client), range(N)))
    assert served.fake.completion_calls == 1
    assert [r.parse().choices[0].message.content for r in replies] == [ANSWER] * N
    coalesced = [r for r in replies if r.headers.get("x-semcache-coalesced") == "1"]
    assert len(coalesced) == N - 1
    assert {r.headers["x-semcache"] for r in coalesced} == {"hit"}
    assert coalesced_total(served) - before == N - 1


def test_leader_failure_is_not_fanned_out(served: Servers) -> None:
    """The leader's upstream error goes to the leader only; each follower goes upstream."""
    served.gate.ready, served.gate.fail_first = served.waiting(N - 1), True

    def attempt(client: openai.OpenAI) -> str:
        try:
            return str(raw_ask(client).parse().choices[0].message.content)
        except openai.InternalServerError:
            return "error"

    with served.client() as client, ThreadPoolExecutor(N) as pool:
        outcomes = list(pool.map(lambda _: attempt(client), range(N)))
    assert outcomes.count("error") == 1
    assert served.fake.completion_calls == N - 1


def test_streaming_followers_get_the_whole_stream(served: Servers) -> None:
    """Streamed followers replay the leader's answer to the end ([DONE] included)."""
    served.gate.ready = served.waiting(N - 1)

    def streamed(client: openai.OpenAI) -> str:
        stream = client.chat.completions.create(model="gpt-4o-mini", messages=QUESTION, stream=True)
        return "".join(c.choices[0].delta.content or "" for c in stream if c.choices)

    with served.client() as client, ThreadPoolExecutor(N) as pool:
        texts = list(pool.map(lambda _: streamed(client), range(N)))
    assert texts == [ANSWER] * N
    assert served.fake.completion_calls == 1


def test_other_tenant_never_coalesces(served: Servers) -> None:
    """The same question with another API key (another tenant) goes upstream itself."""
    served.gate.ready = served.waiting(N - 2)  # the first tenant's followers wait

    def ask_as(number: int) -> Any:
        with served.client("sk-flight-b" if number == 0 else "sk-flight-a") as client:
            return raw_ask(client)

    with ThreadPoolExecutor(N) as pool:
        replies = list(pool.map(ask_as, range(N)))
    assert served.fake.completion_calls == 2  # one per tenant
    assert replies[0].headers.get("x-semcache-coalesced") is None


def test_coalesce_timeout_is_validated() -> None:
    """A negative --coalesce-timeout is refused with the value."""
    with pytest.raises(ConfigError, match="coalesce_timeout must be a non-negative number"):
        Settings(upstream="http://127.0.0.1:9/v1", coalesce_timeout=-1)


def test_responses_stream_followers_replay_named_events(served: Servers) -> None:
    """Responses API streams: followers get the leader's answer as named events."""
    served.gate.ready = served.waiting(N - 1)

    def streamed(client: openai.OpenAI) -> str:
        stream = client.responses.create(
            model="gpt-4.1-mini", input=QUESTION[0]["content"], stream=True
        )
        return "".join(e.delta for e in stream if e.type == "response.output_text.delta")

    with served.client() as client, ThreadPoolExecutor(N) as pool:
        texts = list(pool.map(lambda _: streamed(client), range(N)))
    assert texts == [ANSWER] * N
    assert served.fake.calls["/v1/responses"] == 1
