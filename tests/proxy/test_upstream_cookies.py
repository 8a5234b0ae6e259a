"""The proxy's one upstream client serves every tenant, so it keeps no cookie: a
Set-Cookie the upstream sends on one caller's request never rides on another's."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from proxy_helpers import ADMIN_TOKEN, KEY_A, KEY_B, chat
from semcache_proxy import Settings, create_app
from semcache_proxy._upstream import Upstream
from starlette.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from semcache import SemanticCache
from semcache.judge import JudgeRequest, LLMJudge
from semcache.testing import FakeUpstream, HashingEmbedder

SESSION = b"session=tenant-a-secret; Path=/"


class SetsCookie:
    """The fake upstream, with a session cookie set on every response."""

    def __init__(self, app: FakeUpstream) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"set-cookie", SESSION)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)


@pytest.fixture
def served() -> Iterator[tuple[TestClient, FakeUpstream]]:
    fake = FakeUpstream()
    settings = Settings(upstream="http://upstream.test/v1", admin_token=ADMIN_TOKEN)
    with SemanticCache(None, embedder=HashingEmbedder(), threshold=0.8) as cache:
        app = create_app(settings, cache=cache, transport=httpx.ASGITransport(app=SetsCookie(fake)))
        with TestClient(app, base_url="http://proxy.test") as client:
            yield client, fake


def test_a_tenants_cookie_never_reaches_the_upstream_on_anothers_request(
    served: tuple[TestClient, FakeUpstream],
) -> None:
    client, fake = served
    first = client.post("/v1/chat/completions", json=chat("Capital of France?"), headers=KEY_A)
    assert first.status_code == 200
    assert first.headers["set-cookie"] == SESSION.decode()  # relayed to its own caller
    for headers in (KEY_B, KEY_A):  # misses both: the upstream sees each request
        client.cookies.clear()  # the test client is every caller: it must not send it back
        text = f"Capital of Spain, asked by {headers['Authorization']}?"
        assert (
            client.post("/v1/chat/completions", json=chat(text), headers=headers).status_code == 200
        )
        assert "cookie" not in fake.requests[-1].headers


def test_the_judge_keeps_no_cookie() -> None:
    seen: list[str | None] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("cookie"))
        body = {"choices": [{"message": {"role": "assistant", "content": "yes"}}]}
        return httpx.Response(200, json=body, headers={"set-cookie": SESSION.decode()})

    judge = LLMJudge("judge", "http://judge.test/v1", transport=httpx.MockTransport(upstream))
    for _ in range(2):
        assert judge.judge(JudgeRequest("What is 2+2?", "4", "What's two plus two?")) == 1.0
    judge.close()
    assert seen == [None, None]


async def test_the_upstream_client_keeps_no_cookie_however_it_is_set() -> None:
    """A Set-Cookie on one upstream answer is not sent back on the next request."""
    seen: list[str | None] = []

    def sets_cookie(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("cookie"))
        return httpx.Response(200, headers=[("set-cookie", SESSION.decode())], content=b"{}")

    upstream = Upstream(
        "http://upstream.test/v1", timeout=5.0, transport=httpx.MockTransport(sets_cookie)
    )
    try:
        for _ in range(2):
            url = upstream.url("/v1/chat/completions", b"")
            response = await upstream.send("POST", url, [], b"{}")
            assert await response.aread() == b"{}"
        assert seen == [None, None]
    finally:
        await upstream.aclose()
