"""The proxy's hot path: exact hits on the event loop, one JSON codec, the access log
written once, and the httptools parser keeping h11's limits."""

from __future__ import annotations

import json
import logging
import math
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from proxy_helpers import chat, flush
from semcache_proxy import ServerThread, Settings, create_app
from semcache_proxy._json import dumps, loads
from semcache_proxy._log import JsonFormatter, Line
from starlette.responses import JSONResponse
from starlette.testclient import TestClient

from semcache import Key, SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

# -- exact hits without a worker thread -------------------------------------------------


@pytest.fixture
def local_cache(tmp_path: Path) -> Iterator[SemanticCache]:
    """A cache on the local store in a directory (the store that can answer at once)."""
    with SemanticCache(tmp_path / "cache", embedder=HashingEmbedder(), threshold=0.8) as cache:
        yield cache


def _proxy(cache: SemanticCache) -> TestClient:
    settings = Settings(upstream="http://upstream.test/v1", anonymous="share")
    transport = httpx.ASGITransport(app=FakeUpstream())
    return TestClient(create_app(settings, cache=cache, transport=transport))


def _counting_lookups(cache: SemanticCache, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the threads the full (blocking) lookup ran on, from now on."""
    threads: list[str] = []
    full = cache.lookup

    def lookup(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return full(*args, **kwargs)

    monkeypatch.setattr(cache, "lookup", lookup)
    return threads


def test_an_exact_hit_is_served_without_the_worker_thread_lookup(
    local_cache: SemanticCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exact hit on the local store is answered on the event loop: the blocking
    lookup (a worker thread) is not run, and the hit is counted and recorded as before."""
    with _proxy(local_cache) as client:
        assert client.post("/v1/chat/completions", json=chat("what is a hot path")).status_code
        flush(client)
        threads = _counting_lookups(local_cache, monkeypatch)
        hit = client.post("/v1/chat/completions", json=chat("what is a hot path"))
        assert (hit.headers["x-semcache"], hit.headers["x-semcache-kind"]) == ("hit", "exact")
        assert threads == []
        assert local_cache.stats()["exact_hits"] == 1
    local_cache.close()  # buffered touches are written on close
    with SemanticCache(tmp_path / "cache", embedder=HashingEmbedder()) as reopened:
        assert [entry.hits for entry in reopened.entries()] == [1]


def test_a_semantic_hit_is_served_on_the_loop_with_the_embedding_awaited(
    local_cache: SemanticCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lookup past the exact tier awaits its embedding and searches on the loop: the
    blocking lookup (a worker thread) is not run, and the semantic hit is counted once."""
    with _proxy(local_cache) as client:
        client.post("/v1/chat/completions", json=chat("how do i reset my router"))
        flush(client)
        threads = _counting_lookups(local_cache, monkeypatch)
        hit = client.post("/v1/chat/completions", json=chat("how do i reset my router please"))
        miss = client.post("/v1/chat/completions", json=chat("a question never asked before"))
        assert (hit.headers["x-semcache"], hit.headers["x-semcache-kind"]) == ("hit", "semantic")
        assert miss.headers["x-semcache"] == "miss"
        assert threads == []
        stats = local_cache.stats()
        assert (stats["semantic_hits"], stats["misses"]) == (1, 2)


def test_a_lookup_with_a_judge_runs_on_a_worker_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A judge may be asked (a network call): that lookup goes whole to a worker thread."""
    judged = SemanticCache(tmp_path / "j", embedder=HashingEmbedder(), judge=lambda *_: 0.0)
    with judged, _proxy(judged) as client:
        loop_thread = threading.current_thread().name
        threads = _counting_lookups(judged, monkeypatch)
        client.post("/v1/chat/completions", json=chat("a question never asked before"))
        assert len(threads) == 1 and threads[0] != loop_thread


async def test_a_held_store_sends_its_query_to_run_sync_not_a_wait_on_the_loop(
    local_cache: SemanticCache,
) -> None:
    """While another thread holds the store, lookup_async does not wait on the loop:
    that query goes to ``run_sync``; the rest runs on the loop and the hit counts once."""
    local_cache.put("how do i reset my router", {"answer": 1})
    scope = _key_of(local_cache, "how do i reset my router").scope
    key = Key("default", scope, "how do i reset my router please")
    counted = local_cache.stats()["semantic_hits"]
    held, release = threading.Event(), threading.Event()
    store_lock = local_cache._store._lock  # type: ignore[attr-defined]

    def writer() -> None:
        with store_lock:
            held.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    sent: list[str] = []

    async def run_sync(call: Any) -> Any:
        sent.append(call.func.__name__)
        release.set()  # the writer is done by the time a worker would run it
        thread.join(10)
        return call()

    thread.start()
    assert held.wait(10)
    try:
        hit = await local_cache.lookup_async(key, run_sync=run_sync)
    finally:
        release.set()
        thread.join(10)
    assert sent == ["find_exact"]
    assert hit is not None and hit.kind == "semantic"
    assert local_cache.stats()["semantic_hits"] == counted + 1


def _key_of(
    cache: SemanticCache, text: str, namespace: str = "default", scope: str | None = None
) -> Key:
    """The Key that get() looks up (its scope digested as the cache does)."""
    hit = cache.get(text, namespace=namespace, scope=scope)
    assert hit is not None
    return Key(hit.namespace, hit.scope, text)


def test_a_store_held_by_a_writer_sends_the_exact_hit_to_the_full_lookup(
    local_cache: SemanticCache,
) -> None:
    """While another thread holds the store, lookup_nowait answers None rather than
    wait; the full lookup then serves the hit (nothing counted twice)."""
    local_cache.put("held store", {"answer": 1}, namespace="n", scope="s")
    key = _key_of(local_cache, "held store", namespace="n", scope="s")
    counted = local_cache.stats()["exact_hits"]
    held, release = threading.Event(), threading.Event()
    store_lock = local_cache._store._lock  # type: ignore[attr-defined]

    def writer() -> None:
        with store_lock:
            held.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert held.wait(10)
        assert local_cache.lookup_nowait(key) is None
    finally:
        release.set()
        thread.join(10)
    hit = local_cache.lookup_nowait(key)
    assert hit is not None and hit.kind == "exact"
    assert local_cache.stats()["exact_hits"] == counted + 1


def test_lookup_nowait_answers_none_for_a_cache_with_a_judge(tmp_path: Path) -> None:
    """A judge may have to be asked (aliases, verdicts): such a cache always takes the full path."""
    with SemanticCache(tmp_path / "c", embedder=HashingEmbedder(), judge=lambda *_: 1.0) as cache:
        cache.put("judged", {"answer": 1})
        assert cache.lookup_nowait(_key_of(cache, "judged")) is None
        assert cache.get("judged") is not None


# -- the JSON codec -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"seed": 123456789012345678901234567890}',  # past 64 bits: exact, not a float
        '{"x": NaN, "y": Infinity}',
        '{"s": "\\ud800"}',  # a lone surrogate
        '{"a": [1, 2.5, "é", null, true]}',
    ],
)
def test_loads_gives_what_json_gives(text: str) -> None:
    """Whatever orjson would read differently is read by json."""
    got, want = loads(text.encode()), json.loads(text)
    assert repr(got) == repr(want)  # repr: NaN != NaN, and 1e30 == 10**30 would hide a float


@pytest.mark.parametrize("text", [b"{", b"\xff\xfe", b"[1,]", b"[" * 5000 + b"]" * 5000])
def test_loads_raises_what_json_raises(text: bytes) -> None:
    """A body json refuses is refused with json's own error."""
    with pytest.raises((ValueError, RecursionError)) as want:
        json.loads(text)
    with pytest.raises(want.type):
        loads(text)


@pytest.mark.parametrize(
    "value",
    [
        {"id": "chatcmpl-1", "choices": [{"message": {"content": "é ü 中 \u2028 \x00"}}]},
        [1, -2, 0.5, 1e300, True, None, 'a"b\\c/d\n'],
        {"n": 2**63 - 1, "big": 2**80},
    ],
)
def test_dumps_writes_the_bytes_of_a_starlette_json_response(value: Any) -> None:
    """Compact UTF-8 as JSONResponse renders it (big integers through json)."""
    assert dumps(value) == JSONResponse(value).body


def test_dumps_keeps_every_float_value() -> None:
    """Floats may be spelled differently (1e-05 as 1e-5), never with another value."""
    values = [1e-5, 3.4061113282814202e-06, 0.1, 1e16, 5e-324, -0.0, 123.456]
    assert [repr(v) for v in json.loads(dumps(values))] == [repr(v) for v in values]


# -- the access log ---------------------------------------------------------------------


def test_a_request_line_is_one_json_object_written_once() -> None:
    """The formatter merges a Line's fields as they are; getMessage() is the same JSON."""
    fields = {"event": "request", "status": 200, "latency_ms": 0.42, "prompt": "é\ud800"}
    record = logging.LogRecord("semcache.proxy", logging.INFO, "", 0, "%s", (Line(fields),), None)
    out = json.loads(JsonFormatter().format(record))
    assert {k: out[k] for k in fields} == fields
    assert out["level"] == "info" and math.isclose(out["ts"], record.created, abs_tol=1e-3)
    assert json.loads(record.getMessage()) == fields


# -- httptools keeps h11's limits ----------------------------------------------------------


@pytest.fixture(params=[True, False], ids=["httptools", "h11"])
def served(request: pytest.FixtureRequest) -> Iterator[ServerThread]:
    settings = Settings(
        upstream="http://upstream.test/v1", header_timeout=0.5, max_header_bytes=2048
    )
    transport = httpx.ASGITransport(app=FakeUpstream())
    with SemanticCache(None, embedder=HashingEmbedder()) as cache:
        app = create_app(settings, cache=cache, transport=transport)
        with ServerThread(app, settings=settings, fast=request.param) as server:
            yield server


def _answer(server: ServerThread, data: bytes, *, wait: float = 10) -> bytes:
    with socket.create_connection((server.host, server.port), timeout=wait) as conn:
        conn.sendall(data)
        parts = []
        while chunk := conn.recv(65536):
            parts.append(chunk)
        return b"".join(parts)


def test_an_incomplete_head_over_the_limit_is_refused_and_closed(served: ServerThread) -> None:
    """A head still incomplete past max_header_bytes gets a 400, then the connection ends."""
    head = b"GET /healthz HTTP/1.1\r\nhost: x\r\nx-filler: " + b"a" * 4096
    assert _answer(served, head).startswith(b"HTTP/1.1 400")


def test_a_half_sent_head_gets_a_408_after_the_header_timeout(served: ServerThread) -> None:
    """The deadline on the request head holds for both parsers."""
    started = time.monotonic()
    answer = _answer(served, b"GET /healthz HTTP/1.1\r\nhost:")
    assert answer.startswith(b"HTTP/1.1 408") and b"--header-timeout" in answer
    assert time.monotonic() - started < 9  # closed by the deadline, not the client's timeout


def test_keep_alive_requests_and_a_body_past_the_head_limit_are_served(
    served: ServerThread,
) -> None:
    """Bodies are not heads: a 3 KiB body on a reused connection is answered."""
    with httpx.Client(base_url=served.url, timeout=10) as http:
        for _ in range(3):
            assert http.get("/healthz").status_code == 200
        body = chat("x" * 3000)
        answer = http.post("/v1/chat/completions", json=body)
        assert answer.status_code == 200 and answer.headers["x-semcache"] == "bypass"


# -- the writer thread ------------------------------------------------------------------


async def test_writes_run_in_order_on_one_thread_of_their_own() -> None:
    """Background writes run in the order accepted, on one writer thread (not the loop,
    not the lookups' workers); each one's outcome reaches the loop, failures as False."""
    import asyncio

    from semcache_proxy._writes import Writes

    writes = Writes(asyncio.get_running_loop())
    ran: list[tuple[int, str]] = []
    told: list[bool] = []

    def write(i: int) -> None:
        ran.append((i, threading.current_thread().name))
        if i == 2:
            raise RuntimeError("store down")

    for i in range(5):
        assert writes.submit(lambda i=i: write(i), told.append)
    await writes.aclose()
    assert [i for i, _ in ran] == [0, 1, 2, 3, 4]
    assert {name for _, name in ran} == {"semcache-writes"}
    assert told == [True, True, False, True, True] and writes.pending == 0
