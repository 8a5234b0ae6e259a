"""The cached endpoints' POSTs in front of Starlette's stack, and a response's head
and body leaving as one write."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
from proxy_helpers import chat, flush
from semcache_proxy import Settings, create_app
from semcache_proxy._server import _Coalescing
from starlette.testclient import TestClient

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder


def _client(cache: SemanticCache) -> TestClient:
    settings = Settings(upstream="http://upstream.test/v1", anonymous="share")
    transport = httpx.ASGITransport(app=FakeUpstream())
    return TestClient(create_app(settings, cache=cache, transport=transport))


def test_a_fast_path_hit_is_counted_and_recorded_once(tmp_path: Path) -> None:
    """A hit served by the fast path is counted once by endpoint and outcome and
    reaches the dashboard's recent hits, as through the middleware."""
    with (
        SemanticCache(tmp_path / "c", embedder=HashingEmbedder()) as cache,
        _client(cache) as client,
    ):
        client.post("/v1/chat/completions", json=chat("what is a fast path"))
        flush(client)
        hit = client.post("/v1/chat/completions", json=chat("what is a fast path"))
        assert hit.headers["x-semcache-kind"] == "exact"
        metrics = client.app.state.metrics  # type: ignore[attr-defined]
        assert metrics.value("semcache_requests_total", endpoint="chat", outcome="hit") == 1
        assert metrics.value("semcache_requests_total", endpoint="chat", outcome="miss") == 1
        assert [h["entry_id"] for h in metrics.recent.snapshot()] == [
            hit.headers["x-semcache-entry-id"]
        ]


def test_a_query_string_goes_through_the_stack_and_is_served(tmp_path: Path) -> None:
    """A cached path with a query string (left to the path guard and the router) is
    served and cached as before."""
    with (
        SemanticCache(tmp_path / "c", embedder=HashingEmbedder()) as cache,
        _client(cache) as client,
    ):
        first = client.post("/v1/chat/completions?a=1", json=chat("hello"))
        assert (first.status_code, first.headers["x-semcache"]) == (200, "miss")


def test_a_bad_body_is_a_4xx_on_the_fast_path(tmp_path: Path) -> None:
    """Invalid JSON to a cached endpoint is a 400 in the API's error shape, never a 5xx."""
    with (
        SemanticCache(tmp_path / "c", embedder=HashingEmbedder()) as cache,
        _client(cache) as client,
    ):
        bad = client.post("/v1/chat/completions", content=b"{not json")
        assert bad.status_code == 400
        assert "valid JSON" in bad.json()["error"]["message"]


class _Recording:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name: str) -> Any:
        return f"info:{name}"


def test_writes_in_one_turn_of_the_loop_leave_as_one() -> None:
    """A head and a body written in one turn reach the transport as one write; what is
    held when the connection closes is sent before it closes; the rest is delegated."""

    async def run() -> tuple[list[bytes], list[bytes], str]:
        inner = _Recording()
        outer = _Coalescing(inner, asyncio.get_running_loop())  # type: ignore[arg-type]
        outer.write(b"HTTP/1.1 200 OK\r\n\r\n")
        outer.write(bytearray(b"body"))
        assert inner.writes == []
        await asyncio.sleep(0)
        first = list(inner.writes)
        outer.write(b"last")
        outer.close()
        return first, inner.writes[1:], outer.get_extra_info("peername")

    first, after_close, info = asyncio.run(run())
    assert first == [b"HTTP/1.1 200 OK\r\n\r\nbody"]
    assert after_close == [b"last"]
    assert info == "info:peername"
