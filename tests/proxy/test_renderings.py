"""An entry served lately is served again from its bytes, in the form asked for, with a
fresh identity each time, and the templates kept stay within their bounds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from proxy_helpers import KEY_A, chat, flush
from semcache_proxy import Settings, create_app
from semcache_proxy._hot import Renderings, Template
from starlette.testclient import TestClient

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

JSON = {"content-type": "application/json", **KEY_A}
TEXT = "what is a rendering"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(upstream="http://upstream.test/v1")
    transport = httpx.ASGITransport(app=FakeUpstream())
    with (
        SemanticCache(tmp_path / "c", embedder=HashingEmbedder()) as cache,
        TestClient(create_app(settings, cache=cache, transport=transport)) as opened,
    ):
        yield opened


def _post(client: TestClient, body: dict[str, Any], *, spaced: bool = False) -> httpx.Response:
    """``body`` as JSON; ``spaced`` writes it with other white space: the same key, other
    bytes, so the kept exact answers (by request bytes) do not answer it."""
    content = json.dumps(body, indent=1 if spaced else None).encode()
    response = client.post("/v1/chat/completions", content=content, headers=JSON)
    assert response.status_code == 200
    return response


def _renderings(client: TestClient) -> Renderings:
    found: Renderings = client.app.state.proxy.renderings  # type: ignore[attr-defined]
    return found


def _without_identity(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k not in ("id", "created")}


def _stored(client: TestClient) -> dict[str, Any]:
    first: dict[str, Any] = _post(client, chat(TEXT)).json()
    flush(client)
    return first


def test_a_hit_on_an_entry_served_before_is_the_same_answer_with_a_fresh_id(
    client: TestClient,
) -> None:
    """Two hits of other request bytes on one entry: the second from the kept template,
    the same answer as the first but for its own id."""
    stored = _stored(client)
    one = _post(client, chat(TEXT))
    assert len(_renderings(client)) == 1
    two = _post(client, chat(TEXT), spaced=True)
    assert one.headers["x-semcache"] == two.headers["x-semcache"] == "hit"
    assert one.headers["x-semcache-entry-id"] == two.headers["x-semcache-entry-id"]
    first, second = one.json(), two.json()
    assert len({stored["id"], first["id"], second["id"]}) == 3
    assert second["id"].startswith("chatcmpl-") and isinstance(second["created"], int)
    assert _without_identity(first) == _without_identity(second) == _without_identity(stored)
    assert len(_renderings(client)) == 1


def test_a_stream_and_its_usage_chunk_are_renderings_of_their_own(client: TestClient) -> None:
    """The object, the stream and the stream with usage are kept apart; each is served
    again as it was asked for."""
    _stored(client)
    _post(client, chat(TEXT))
    streamed = _post(client, chat(TEXT, stream=True)).text
    usage = {"stream_options": {"include_usage": True}}
    with_usage = _post(client, chat(TEXT, stream=True, **usage)).text
    assert len(_renderings(client)) == 3
    again = _post(client, chat(TEXT, stream=True), spaced=True).text
    again_usage = _post(client, chat(TEXT, stream=True, **usage), spaced=True).text
    assert again.endswith("data: [DONE]\n\n") and again_usage.endswith("data: [DONE]\n\n")
    assert '"usage"' in again_usage and again_usage.count("data:") == with_usage.count("data:")
    assert again.count("data:") == streamed.count("data:") < again_usage.count("data:")
    assert len(_renderings(client)) == 3


def _template(size: int, tag: str = "a") -> Template:
    identity = {"id": "chatcmpl-" + tag * 24, "created": 1}
    content = json.dumps({**identity, "pad": "x" * size}, separators=(",", ":")).encode()
    made = Template.of(content, "application/json", identity)
    assert made is not None
    return made


def test_renderings_keep_at_most_their_limit_oldest_out() -> None:
    """Past ``limit`` templates, the oldest kept goes first."""
    kept = Renderings(limit=2)
    for name in ("a", "b", "c"):
        kept.keep((name, "chat", False, False), _template(10, name))
    assert len(kept) == 2
    assert kept.get(("a", "chat", False, False)) is None
    assert kept.get(("c", "chat", False, False)) is not None


def test_renderings_stay_within_their_bytes() -> None:
    """Templates past the byte budget push out the oldest; one larger than all of it is
    not kept."""
    kept = Renderings(max_bytes=350)  # two of ~150 bytes each
    kept.keep(("a", "chat", False, False), _template(100, "a"))
    kept.keep(("b", "chat", False, False), _template(100, "b"))
    kept.keep(("c", "chat", False, False), _template(100, "c"))
    assert kept.get(("a", "chat", False, False)) is None
    assert len(kept) == 2
    kept.keep(("d", "chat", False, False), _template(400, "d"))
    assert kept.get(("d", "chat", False, False)) is None
    assert len(kept) == 2


def test_an_answer_without_a_template_is_not_kept() -> None:
    """Nothing is kept for a form whose identity cannot be told apart in its bytes."""
    kept = Renderings()
    kept.keep(("a", "messages", False, False), None)
    assert len(kept) == 0
