"""A client that leaves before a streamed miss's relay starts: the flight is left (and
the upstream answer closed) all the same (in-process ASGI, the fake upstream)."""

from __future__ import annotations

import json
from typing import Any

import anyio
import httpx
from semcache_proxy import Settings, create_app
from starlette.testclient import TestClient
from starlette.types import Message

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

BODY = json.dumps(
    {
        "model": "gpt-4o-mini",
        "stream": True,
        "messages": [{"role": "user", "content": "What is the capital of France?"}],
    }
).encode()


def _scope() -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/chat/completions",
        "raw_path": b"/v1/chat/completions",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"proxy.test"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(BODY)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
    }


class _Upstream:
    """The fake upstream, counting the requests it answers."""

    def __init__(self) -> None:
        self.fake = FakeUpstream()
        self.opened = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.opened += 1
        await self.fake(scope, receive, send)


def test_a_stream_left_before_its_relay_starts_is_closed_and_its_flight_left() -> None:
    upstream = _Upstream()
    transport = httpx.ASGITransport(app=upstream)
    settings = Settings(upstream="http://upstream.test/v1", anonymous="share")
    with SemanticCache(None, embedder=HashingEmbedder(), threshold=0.8) as cache:
        app = create_app(settings, cache=cache, transport=transport)
        with TestClient(app) as client:
            sent: list[str] = []
            events = iter([{"type": "http.request", "body": BODY, "more_body": False}])

            async def receive() -> Message:
                try:
                    return next(events)
                except StopIteration:
                    return {"type": "http.disconnect"}  # the client is gone

            async def send(message: Message) -> None:
                sent.append(message["type"])
                await anyio.sleep(30)  # never gets the head out: the relay never starts

            async def call() -> None:
                with anyio.fail_after(10):
                    await app(_scope(), receive, send)

            assert client.portal is not None
            client.portal.call(call)
            assert sent == ["http.response.start"]  # the head was on its way, no body
            assert upstream.opened == 1
            flights = app.state.flights
            assert flights._flights == {}  # the next identical request leads its own flight
            answer = client.post("/v1/chat/completions", content=BODY)
            assert answer.status_code == 200
            assert upstream.opened == 2
