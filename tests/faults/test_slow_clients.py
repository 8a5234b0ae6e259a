"""Slow and vanishing clients, against the proxy under real uvicorn."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from semcache_proxy import ServerThread, Settings, create_app

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

HEAD = (
    b"POST /v1/chat/completions HTTP/1.1\r\nHost: proxy.test\r\n"
    b"Authorization: Bearer sk-slow\r\nContent-Type: application/json\r\n"
    b"Content-Length: 1000\r\n\r\n"
)


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def proxy() -> Iterator[ServerThread]:
    settings = Settings(
        upstream="http://upstream.test/v1", body_timeout=0.5, keep_alive=1.0, header_timeout=2.0
    )
    transport = httpx.ASGITransport(app=FakeUpstream())
    with SemanticCache(None, embedder=HashingEmbedder()) as cache:
        app = create_app(settings, cache=cache, transport=transport)
        with ServerThread(app, settings=settings) as server:
            yield server


@pytest.fixture
def errors() -> Iterator[Records]:
    handler = Records()
    names = ("uvicorn.error", "semcache.proxy", "semcache", "")
    for name in names:
        logging.getLogger(name).addHandler(handler)
    yield handler
    for name in names:
        logging.getLogger(name).removeHandler(handler)


def _read_until_closed(conn: socket.socket) -> bytes:
    """Everything the server sends before it closes (the head and body may come apart)."""
    parts = []
    while chunk := conn.recv(65536):
        parts.append(chunk)
    return b"".join(parts)


def test_a_body_stalled_after_one_byte_is_cut_off_with_a_408(proxy: ServerThread) -> None:
    """1 of 1,000 bytes, then silence: a 408 after body_timeout, not an open connection."""
    with socket.create_connection((proxy.host, proxy.port), timeout=10) as conn:
        started = time.monotonic()
        conn.sendall(HEAD + b"{")
        answer = _read_until_closed(conn)
    assert answer.startswith(b"HTTP/1.1 408")
    assert b'"request_timeout"' in answer and b"--body-timeout" in answer
    assert time.monotonic() - started < 5


def test_a_client_leaving_mid_body_logs_no_traceback(proxy: ServerThread, errors: Records) -> None:
    """A client that disconnects half-way through its body leaves no ERROR traceback."""
    with socket.create_connection((proxy.host, proxy.port), timeout=10) as conn:
        conn.sendall(HEAD + b'{"model": "m", ')
        time.sleep(0.1)
    time.sleep(0.3)
    assert not [r for r in errors.records if r.exc_info], [r.getMessage() for r in errors.records]
    assert httpx.get(proxy.url + "/healthz", timeout=5).status_code == 200


def test_an_idle_keep_alive_connection_is_closed(proxy: ServerThread) -> None:
    """An idle connection is closed after keep_alive seconds."""
    with socket.create_connection((proxy.host, proxy.port), timeout=10) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: proxy.test\r\n\r\n")
        started, answer = time.monotonic(), b""
        while chunk := conn.recv(65536):  # headers and body may come apart; then the close
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b'{"status":"ok"}')
        assert time.monotonic() - started < 4  # closed by the server, not the 10 s timeout


def _read_to_close(conn: socket.socket) -> bytes:
    answer = b""
    while chunk := conn.recv(65536):
        answer += chunk
    return answer


def test_fifty_half_sent_heads_are_all_closed_after_the_header_timeout(
    proxy: ServerThread,
) -> None:
    """50 clients stalling mid-head each get a 408 and a close; /healthz answers meanwhile."""
    started = time.monotonic()
    conns = [socket.create_connection((proxy.host, proxy.port), timeout=30) for _ in range(50)]
    try:
        for conn in conns:
            conn.sendall(HEAD[:40])  # the request line and half a header
        assert httpx.get(proxy.url + "/healthz", timeout=10).status_code == 200
        answers = [_read_to_close(conn) for conn in conns]
    finally:
        for conn in conns:
            conn.close()
    elapsed = time.monotonic() - started
    assert all(a.startswith(b"HTTP/1.1 408") and b"--header-timeout" in a for a in answers)
    assert elapsed >= 2.0  # not before the deadline...
    assert elapsed < 2.0 + 15  # ...and not held open past it (slack for a busy machine)


def test_a_connection_that_sends_nothing_is_closed_silently(proxy: ServerThread) -> None:
    """A connection opened and left silent is closed after the header timeout, no answer."""
    with socket.create_connection((proxy.host, proxy.port), timeout=30) as conn:
        assert _read_to_close(conn) == b""


def test_the_next_head_on_a_keep_alive_connection_has_its_own_deadline(
    proxy: ServerThread,
) -> None:
    """After one answer, a second head stalled half-way is cut off too."""
    with socket.create_connection((proxy.host, proxy.port), timeout=30) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: proxy.test\r\n\r\n")
        first = b""
        while not first.endswith(b'{"status":"ok"}'):
            first += conn.recv(65536)
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: pro")
        assert _read_to_close(conn).startswith(b"HTTP/1.1 408")


def test_a_head_sent_slowly_but_in_time_is_answered(proxy: ServerThread) -> None:
    """A head dribbled in over half a second (within the deadline) gets its answer."""
    head = b"GET /healthz HTTP/1.1\r\nHost: proxy.test\r\nConnection: close\r\n\r\n"
    with socket.create_connection((proxy.host, proxy.port), timeout=30) as conn:
        for start in range(0, len(head), 16):
            conn.sendall(head[start : start + 16])
            time.sleep(0.1)
        assert _read_to_close(conn).startswith(b"HTTP/1.1 200")
