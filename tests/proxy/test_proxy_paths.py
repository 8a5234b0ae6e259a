"""Paths and headers on the wire: nothing escapes the upstream base path, odd bytes relay."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from semcache_proxy import ServerThread, Settings, create_app
from starlette.types import Receive, Scope, Send

from semcache import SemanticCache
from semcache.testing import HashingEmbedder


class Recorder:
    """An upstream that answers 200 to everything and records what reached it."""

    def __init__(self) -> None:
        self.seen: list[tuple[bytes, list[tuple[bytes, bytes]]]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        self.seen.append((scope["raw_path"], list(scope["headers"])))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[ServerThread, Recorder]]:
    recorder = Recorder()
    transport = httpx.ASGITransport(app=recorder)
    with SemanticCache(None, embedder=HashingEmbedder()) as cache:
        settings = Settings(upstream="http://upstream.test/base/v1")
        app = create_app(settings, cache=cache, transport=transport)
        with ServerThread(app) as server:
            yield server, recorder


def raw_request(server: ServerThread, target: bytes, *headers: bytes) -> tuple[int, bytes]:
    """Send one request line as given (no client-side normalization); status and body."""
    lines = [b"GET " + target + b" HTTP/1.1", b"Host: proxy.test", *headers]
    with socket.create_connection((server.host, server.port), timeout=10) as conn:
        conn.sendall(b"\r\n".join([*lines, b"Connection: close", b"", b""]))
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


@pytest.mark.parametrize(
    "target",
    [
        b"/v1/../ctl",
        b"/v1/models/../../ctl",
        b"/v1/%2e%2e/ctl",
        b"/v1/%2E%2e/ctl",
        b"/v1/.%2e/ctl",
        b"/v1/%252e%252e/ctl",
        b"/v1/..%2fctl",
        b"/v1/..%5cctl",
        b"/v1/..\\ctl",
        b"/v1/./models",
        b"/v1/models%00",
    ],
)
def test_paths_that_could_leave_the_base_path_are_a_400(
    served: tuple[ServerThread, Recorder], target: bytes
) -> None:
    """Dot segments in any encoding and backslashes are refused before reaching upstream."""
    server, recorder = served
    before = len(recorder.seen)
    status, body = raw_request(server, target)
    assert status == 400, body
    assert b'"invalid_path"' in body
    assert len(recorder.seen) == before


def test_a_plain_path_reaches_the_upstream_under_its_base(
    served: tuple[ServerThread, Recorder],
) -> None:
    """/v1/models goes to <base>/models, and nowhere else."""
    server, recorder = served
    status, _ = raw_request(server, b"/v1/models?limit=2")
    assert status == 200
    assert recorder.seen[-1][0] == b"/base/v1/models"


def test_a_100_kb_path_is_a_4xx(served: tuple[ServerThread, Recorder]) -> None:
    """A huge path is refused with a 4xx (uvicorn or the proxy), never a 5xx."""
    server, _ = served
    status, _ = raw_request(server, b"/v1/" + b"a" * 100_000)
    assert 400 <= status < 500


def test_a_long_query_on_a_cached_route_is_a_400(served: tuple[ServerThread, Recorder]) -> None:
    """An 8 kB+ query string is refused on the cached endpoints too."""
    server, _ = served
    status, body = raw_request(server, b"/v1/chat/completions?q=" + b"a" * 9000)
    assert status == 400 and b"8192" in body


def test_a_non_ascii_header_is_relayed_as_sent(served: tuple[ServerThread, Recorder]) -> None:
    """X-Title: Café Bot (UTF-8) reaches the upstream byte for byte instead of a 500."""
    server, recorder = served
    status, _ = raw_request(server, b"/v1/models", "X-Title: Café Bot".encode())
    assert status == 200
    headers: dict[bytes, Any] = dict(recorder.seen[-1][1])
    assert headers[b"x-title"] == "Café Bot".encode()
