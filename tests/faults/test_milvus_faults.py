"""A Milvus Lite server killed (SIGKILL) and restarted under the proxy: lookups fail
open as misses, writes resume, nothing is cached wrongly, no 5xx."""

from __future__ import annotations

import dataclasses
import os
import signal
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from semcache_proxy import Settings, create_app
from starlette.testclient import TestClient

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

KEY = {"Authorization": "Bearer sk-milvus-fault"}
PATIENCE = 90.0  # seconds for Milvus Lite to come back on a busy machine


def _pid_listening_on(port: int) -> int:
    """The pid of the milvus-lite server started for ``port`` (from /proc)."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            command = Path(f"/proc/{name}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"milvus_lite" in command and str(port).encode() in command:
            return int(name)
    raise AssertionError(f"no milvus-lite server on port {port}")


def _ask(client: TestClient, text: str) -> httpx.Response:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    answer = client.post("/v1/chat/completions", json=body, headers=KEY)
    assert answer.status_code == 200, answer.text
    assert answer.json()["choices"][0]["message"]["content"] == f"Answer to: {text}"
    return answer


def _until_hit(client: TestClient, text: str) -> httpx.Response:
    deadline = time.monotonic() + PATIENCE
    while (answer := _ask(client, text)).headers["x-semcache"] != "hit":
        assert time.monotonic() < deadline, f"{text!r} never became a hit"
        client.app.state.proxy.writes.wait_idle(30)  # type: ignore[attr-defined]
        time.sleep(0.2)
    return answer


def test_milvus_killed_and_restarted_under_the_proxy(tmp_path: Path) -> None:
    """Before: a hit. Killed: misses answered upstream, /healthz ok. Restarted: writes
    resume; every answer (hit or miss) is the upstream's answer to that question."""
    pytest.importorskip("milvus_lite", reason="pip install 'semcache[milvus]'")
    from semcache.store.milvus import MilvusStore
    from semcache.store.milvus._config import parse_uri
    from semcache.testing.milvus import LiteServer

    server = LiteServer(tmp_path / "milvus").start()
    try:
        config = dataclasses.replace(parse_uri(server.uri), retry_after=1.0, timeout=2.0)
        store = MilvusStore(config, dim=64, model="hashing-64")
        settings = Settings(upstream="http://upstream.test/v1")
        transport = httpx.ASGITransport(app=FakeUpstream())
        with (
            SemanticCache(embedder=HashingEmbedder(64), store=store, threshold=0.95) as cache,
            TestClient(create_app(settings, cache=cache, transport=transport)) as client,
        ):
            _run(client, server, cache)
    finally:
        server.stop()


def _run(client: TestClient, server: Any, cache: SemanticCache) -> None:
    assert _ask(client, "what is the speed of light").headers["x-semcache"] == "miss"
    _until_hit(client, "what is the speed of light")
    os.kill(_pid_listening_on(server.port), signal.SIGKILL)
    server.stop()  # reaps the killed process
    for text in ("what is the speed of light", "who wrote the odyssey", "what is a prime"):
        assert _ask(client, text).headers["x-semcache"] == "miss"  # fail open
    assert client.get("/healthz").status_code == 200
    assert cache.stats()["errors"] >= 1
    server.start()
    # Writes resume: a new question is stored and served again (once Milvus answers).
    _until_hit(client, "how many moons does mars have")
    for text in ("what is the speed of light", "who wrote the odyssey", "what is a prime"):
        _ask(client, text)  # a hit or a miss, but always the right answer (checked in _ask)
