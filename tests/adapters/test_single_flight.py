"""Single-flight in the drop-in clients and @cached: concurrent identical calls make
one upstream call (the real openai SDK against the fake upstream on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import openai
import pytest
from semcache_proxy import ServerThread
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from semcache import SemanticCache
from semcache.adapters.decorator import cached
from semcache.adapters.openai import AsyncOpenAI, OpenAI
from semcache.testing import FakeUpstream, HashingEmbedder
from semcache.wire import Flights

N = 8
QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


class Gate:
    """In front of the fake: holds the first request (``hold_all``: every request)
    until ``ready()`` (the other calls are waiting for it) or 10 s, and can fail it."""

    def __init__(self, fake: FakeUpstream) -> None:
        self.fake = fake
        self.ready: Callable[[], bool] = lambda: True
        self.fail_first = False
        self.hold_all = False
        self.opened = False
        self._first = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        first = self._first.acquire(blocking=False)
        if scope["type"] == "http" and (first or self.hold_all):
            deadline = time.monotonic() + 10
            while not (self.opened or self.ready()) and time.monotonic() < deadline:
                await anyio.sleep(0.005)
            self.opened = True  # once ready, ready for every request held
            if self.fail_first and first:
                error = {"error": {"message": "leader failed", "type": "server_error"}}
                await JSONResponse(error, status_code=500)(scope, receive, send)
                return
        await self.fake(scope, receive, send)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[FakeUpstream, Gate, str]]:
    fake = FakeUpstream(hang_seconds=5)
    gate = Gate(fake)
    with ServerThread(gate) as server:
        yield fake, gate, server.url + "/v1"


@pytest.fixture
def gate(served: tuple[FakeUpstream, Gate, str]) -> Gate:
    fake, made, _ = served
    fake.reset()
    made.ready, made.fail_first, made.hold_all, made.opened = (lambda: True), False, False, False
    made._first = threading.Lock()
    return made


@pytest.fixture
def cache() -> Iterator[SemanticCache]:
    with SemanticCache(None, embedder=HashingEmbedder(), threshold=0.9) as made:
        yield made


@pytest.fixture
def client(served: tuple[FakeUpstream, Gate, str], cache: SemanticCache) -> Iterator[OpenAI]:
    options = {"api_key": "sk-test", "max_retries": 0, "cache_coalesce_timeout": 15}
    with OpenAI(cache=cache, base_url=served[2], **options) as made:  # type: ignore[arg-type]
        yield made


def flights_of(client: OpenAI | AsyncOpenAI) -> Flights:
    return client._semcache.flights


def waiting(flights: Flights, count: int) -> Callable[[], bool]:
    return lambda: flights.waiting >= count


def ask(client: OpenAI, **kwargs: Any) -> Any:
    return client.chat.completions.create(model="gpt-4o-mini", messages=QUESTION, **kwargs)


def test_concurrent_identical_calls_make_one_upstream_call(client: OpenAI, gate: Gate) -> None:
    """8 threads ask the same at once: 1 upstream call, 8 equal answers, 7 coalesced."""
    gate.ready = waiting(flights_of(client), N - 1)
    with ThreadPoolExecutor(N) as pool:
        replies = list(pool.map(lambda _: ask(client), range(N)))
    assert gate.fake.completion_calls == 1
    assert {reply.choices[0].message.content for reply in replies} == {
        "Answer to: What is the capital of France?"
    }
    assert sum(bool(reply.semcache.get("coalesced")) for reply in replies) == N - 1
    assert len({reply.id for reply in replies}) == N  # each answer has its own identity


async def test_async_client_coalesces(
    served: tuple[FakeUpstream, Gate, str], gate: Gate, cache: SemanticCache
) -> None:
    """The async client: 8 concurrent tasks, 1 upstream call."""
    async with AsyncOpenAI(
        cache=cache, base_url=served[2], api_key="k", max_retries=0, cache_coalesce_timeout=15
    ) as made:
        gate.ready = waiting(flights_of(made), N - 1)
        create = made.chat.completions.create
        replies = await asyncio.gather(
            *(create(model="gpt-4o-mini", messages=QUESTION) for _ in range(N))
        )
    assert gate.fake.completion_calls == 1
    assert len({reply.choices[0].message.content for reply in replies}) == 1


def test_leader_failure_is_not_fanned_out(client: OpenAI, gate: Gate) -> None:
    """The leader's upstream error reaches the leader only; each follower goes upstream."""
    gate.ready, gate.fail_first = waiting(flights_of(client), N - 1), True

    def attempt(_: int) -> str:
        try:
            return str(ask(client).choices[0].message.content)
        except openai.InternalServerError:
            return "error"

    with ThreadPoolExecutor(N) as pool:
        outcomes = list(pool.map(attempt, range(N)))
    assert outcomes.count("error") == 1
    assert gate.fake.completion_calls == N - 1  # every follower made its own call


def test_streaming_followers_get_the_whole_stream(client: OpenAI, gate: Gate) -> None:
    """Streamed followers replay the leader's answer, chunk by chunk, to the end."""
    gate.ready = waiting(flights_of(client), N - 1)

    def streamed(_: int) -> str:
        with ask(client, stream=True) as stream:
            return "".join(c.choices[0].delta.content or "" for c in stream if c.choices)

    with ThreadPoolExecutor(N) as pool:
        texts = list(pool.map(streamed, range(N)))
    assert texts == ["Answer to: What is the capital of France?"] * N
    assert gate.fake.completion_calls == 1


def test_other_namespace_never_coalesces(client: OpenAI, gate: Gate) -> None:
    """The same question in two namespaces: one upstream call per namespace."""
    gate.ready, gate.hold_all = waiting(flights_of(client), N - 2), True

    def in_namespace(number: int) -> Any:
        return ask(client, extra_headers={"x-semcache-namespace": f"tenant-{number % 2}"})

    with ThreadPoolExecutor(N) as pool:
        list(pool.map(in_namespace, range(N)))
    assert gate.fake.completion_calls == 2


async def test_cached_decorator_runs_the_function_once(cache: SemanticCache) -> None:
    """Five concurrent calls of an async @cached function run it once."""
    runs: list[str] = []

    @cached(cache, coalesce_timeout=15)
    async def answer(prompt: str) -> dict[str, str]:
        runs.append(prompt)
        deadline = time.monotonic() + 10
        while answer.semcache_flights.waiting < 4 and time.monotonic() < deadline:  # type: ignore[attr-defined]
            await asyncio.sleep(0.005)
        return {"text": f"answer to {prompt}"}

    results = await asyncio.gather(*(answer("What is 2 + 2?") for _ in range(5)))
    assert runs == ["What is 2 + 2?"]
    assert results == [{"text": "answer to What is 2 + 2?"}] * 5
    assert results[1] is not results[2]  # each caller gets its own copy


def test_cached_decorator_sync_threads(cache: SemanticCache) -> None:
    """The sync decorator: threads asking at once run the function once."""
    runs: list[str] = []

    @cached(cache, coalesce_timeout=15)
    def answer(prompt: str) -> str:
        runs.append(prompt)
        deadline = time.monotonic() + 10
        while answer.semcache_flights.waiting < 3 and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.005)
        return f"answer to {prompt}"

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: answer("What is 2 + 2?"), range(4)))
    assert runs == ["What is 2 + 2?"]
    assert results == ["answer to What is 2 + 2?"] * 4
