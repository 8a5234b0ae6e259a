"""An upstream that fails in every way: never cached, status passed through, proxy healthy."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from semcache_proxy import ServerThread, Settings, create_app

from semcache import SemanticCache
from semcache.testing import HashingEmbedder

STALL = 1.5  # seconds; past the proxy's upstream_timeout of 0.5
CHUNK = b'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m",'
CHUNK += b'"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}\n\n'
SSE_HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"


def _answer(fault: str) -> bytes | None:
    """The bytes the upstream sends for one fault (None: reset the connection)."""
    if fault.isdigit():
        body = json.dumps({"error": {"message": f"fault {fault}", "type": "x", "code": fault}})
        return (
            f"HTTP/1.1 {fault} Fault\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n{body}"
        ).encode()
    return {
        "reset": None,
        "truncated-json": b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
        b'content-length: 500\r\nconnection: close\r\n\r\n{"id": "x", "choi',
        "garbled-json": b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
        b"content-length: 9\r\nconnection: close\r\n\r\n\xff\xfe{]]}\x00x",
        "truncated-sse": SSE_HEAD + b"connection: close\r\n\r\n" + CHUNK + b"data: {",
        "garbled-sse": SSE_HEAD
        + b"connection: close\r\n\r\n"
        + CHUNK
        + b"data: \xff\xfe garbage\n\ndata: [DONE]\n\n",
        "sse-no-done": SSE_HEAD + b"connection: close\r\n\r\n" + CHUNK,
        "sse-error": SSE_HEAD
        + b"connection: close\r\n\r\n"
        + CHUNK
        + b'data: {"error": {"message": "overloaded"}}\n\ndata: [DONE]\n\n',
        "sse-bad-chunking": SSE_HEAD + b"transfer-encoding: chunked\r\n\r\n5\r\ndata:\r\nzz\r\n",
        "stall": b"",
        "stall-mid-sse": SSE_HEAD + b"connection: close\r\n\r\n" + CHUNK,
    }[fault]


class FaultyUpstream:
    """A raw-socket HTTP server on 127.0.0.1 that fails as the request's x-fault says."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}/v1"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self._socket.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data and (chunk := conn.recv(65536)):
                data += chunk
            head = data.split(b"\r\n\r\n")[0].decode("latin-1").lower()
            fault = next(
                (line.split(":", 1)[1].strip() for line in head.split("\r\n")
                 if line.startswith("x-fault:")),
                "500",
            )  # fmt: skip
            answer = _answer(fault)
            if answer is None:  # RST instead of FIN
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return
            conn.sendall(answer)
            if fault.startswith("stall"):
                time.sleep(STALL)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._socket.close()


STATUSES = [400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 501, 502, 503, 504, 529, 599]
BROKEN = ["reset", "truncated-json", "garbled-json", "stall"]
BROKEN_STREAMS = [
    "truncated-sse", "garbled-sse", "sse-no-done", "sse-error", "sse-bad-chunking",
    "stall-mid-sse",
]  # fmt: skip


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[ServerThread, SemanticCache]]:
    upstream = FaultyUpstream()
    settings = Settings(upstream=upstream.url, upstream_timeout=0.5, anonymous="share")
    with (
        SemanticCache(None, embedder=HashingEmbedder()) as cache,
        ServerThread(create_app(settings, cache=cache), settings=settings) as proxy,
    ):
        yield proxy, cache
    upstream.close()


def ask(proxy: ServerThread, fault: str, *, stream: bool = False) -> httpx.Response:
    body = {"model": "m", "messages": [{"role": "user", "content": f"q {fault}"}]}
    if stream:
        body["stream"] = True
    return httpx.post(
        proxy.url + "/v1/chat/completions", json=body, headers={"x-fault": fault}, timeout=10
    )


def assert_healthy_and_empty(proxy: ServerThread, cache: SemanticCache) -> None:
    time.sleep(0.05)  # let a background write, if one were (wrongly) queued, land
    assert httpx.get(proxy.url + "/healthz", timeout=5).status_code == 200
    assert list(cache.entries()) == []


@pytest.mark.parametrize("status", STATUSES)
def test_an_error_status_is_passed_through_and_not_cached(
    servers: tuple[ServerThread, SemanticCache], status: int
) -> None:
    """The upstream's status and error body reach the caller as they were; nothing stored."""
    proxy, cache = servers
    response = ask(proxy, str(status))
    assert response.status_code == status
    assert response.json()["error"]["message"] == f"fault {status}"
    assert_healthy_and_empty(proxy, cache)


@pytest.mark.parametrize("fault", BROKEN)
def test_a_broken_answer_is_a_502_or_504_and_not_cached(
    servers: tuple[ServerThread, SemanticCache], fault: str
) -> None:
    """Resets, truncated or garbled bodies and stalls: an OpenAI-shaped 502/504."""
    proxy, cache = servers
    response = ask(proxy, fault)
    assert response.status_code in (502, 504) or (
        fault == "garbled-json" and response.status_code == 200
    ), response.text
    if response.status_code != 200:
        assert response.json()["error"]["type"] == "upstream_error"
    assert_healthy_and_empty(proxy, cache)


@pytest.mark.parametrize("fault", BROKEN_STREAMS)
def test_a_broken_stream_is_relayed_and_not_cached(
    servers: tuple[ServerThread, SemanticCache], fault: str
) -> None:
    """A stream cut short, garbled or carrying an error is not stored."""
    proxy, cache = servers
    try:
        response = ask(proxy, fault, stream=True)
        assert response.status_code in (200, 502, 504)
    except httpx.HTTPError:
        pass  # the proxy may have to break off a relayed stream: fine, as long as it lives
    assert_healthy_and_empty(proxy, cache)
