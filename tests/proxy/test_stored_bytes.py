"""A miss's answer is stored as the upstream's bytes where they are plain JSON, and
encoded again (compact) where they are not."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from proxy_helpers import chat, flush
from semcache_proxy import Settings, create_app
from semcache_proxy._json import FAST, loads, loads_keepable
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from semcache import SemanticCache
from semcache.testing import HashingEmbedder

_ANSWER = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o-mini",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Tides: the moon, é 中"},
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 5, "total_tokens": 8},
}
_COMPACT = json.dumps(_ANSWER, ensure_ascii=False, separators=(",", ":"))


def _upstream(body: bytes) -> Starlette:
    """An upstream that answers every chat request with ``body``."""

    async def answer(request: Request) -> Response:
        return Response(body, media_type="application/json")

    return Starlette(routes=[Route("/v1/chat/completions", answer, methods=["POST"])])


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[SemanticCache]:
    with SemanticCache(tmp_path / "cache", embedder=HashingEmbedder()) as cache:
        yield cache


def _stored_after_miss(cache: SemanticCache, tmp_path: Path, body: bytes) -> list[str]:
    """The stored responses (as the local store's database holds them) after one miss."""
    settings = Settings(upstream="http://upstream.test/v1", anonymous="share")
    transport = httpx.ASGITransport(app=_upstream(body))
    with TestClient(create_app(settings, cache=cache, transport=transport)) as client:
        miss = client.post("/v1/chat/completions", json=chat("how do tides work"))
        assert (miss.status_code, miss.content) == (200, body)  # relayed as sent
        flush(client)
    cache.close()
    with sqlite3.connect(tmp_path / "cache" / "entries.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT response FROM entries")]


@pytest.mark.skipif(not FAST, reason="only orjson's strict read vouches for the bytes")
def test_plain_upstream_bytes_are_stored_as_they_came(cache: SemanticCache, tmp_path: Path) -> None:
    """Spaces between tokens and key order are the upstream's: no second encoding."""
    body = json.dumps(_ANSWER, ensure_ascii=False).encode()  # ", " and ": " separators
    assert _stored_after_miss(cache, tmp_path, body) == [body.decode()]


def test_a_pretty_printed_answer_is_stored_compact(cache: SemanticCache, tmp_path: Path) -> None:
    """Line breaks (indentation) would be escaped by a store: the answer is encoded again."""
    body = json.dumps(_ANSWER, ensure_ascii=False, indent=2).encode()
    assert _stored_after_miss(cache, tmp_path, body) == [_COMPACT]


def test_an_answer_with_nan_is_not_stored(cache: SemanticCache, tmp_path: Path) -> None:
    """NaN is no JSON a store keeps: refused as when the answer is encoded again."""
    body = _COMPACT.replace('"created":1', '"created":NaN').encode()
    assert _stored_after_miss(cache, tmp_path, body) == []


@pytest.mark.parametrize(
    ("text", "keepable"),
    [
        (_COMPACT.encode(), FAST),
        (b'{"a": [1, 2.5e-5, "x y"], "b": null}', FAST),
        (b'{"a":\n1}', False),  # a line break outside a string
        (b'{"a":\t1}', False),
        (b'{"x": NaN}', False),
        (b'{"s": "\\ud800"}', False),  # a lone surrogate
        (b'{"seed": 123456789012345678901234567890}', False),  # past 64 bits
        (b'\xef\xbb\xbf{"a": 1}', False),  # a byte-order mark
    ],
)
def test_loads_keepable_reads_as_loads_and_vouches_only_for_plain_json(
    text: bytes, keepable: bool
) -> None:
    """The value is loads'; the bytes are keepable only where orjson read plain JSON."""
    value, kept = loads_keepable(text)
    assert (repr(value), kept) == (repr(loads(text)), keepable)
