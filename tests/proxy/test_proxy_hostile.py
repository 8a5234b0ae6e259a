"""Hostile client input: every bad request is a 4xx naming the limit, never a 5xx."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from proxy_helpers import KEY_A, chat
from starlette.testclient import TestClient

URL = "/v1/chat/completions"


def nested(depth: int) -> bytes:
    """A chat body whose response_format nests ``depth`` levels (as text: json.dumps would
    itself hit the recursion limit)."""
    head = json.dumps(chat("deep"))[:-1].encode()
    return head + b', "response_format": ' + b'{"a": ' * depth + b"1" + b"}" * depth + b"}"


def post_raw(client: TestClient, content: bytes, **headers: str) -> Any:
    return client.post(
        URL, content=content, headers={"content-type": "application/json", **KEY_A, **headers}
    )


@pytest.mark.parametrize("depth", [65, 483, 2000])
def test_a_deeply_nested_parameter_is_a_400_naming_the_limit(
    client: TestClient, depth: int
) -> None:
    """Nesting past 64 levels in any parameter is refused with the limit, not a RecursionError."""
    response = post_raw(client, nested(depth))
    assert response.status_code == 400
    assert "64 levels" in response.json()["error"]["message"]


def test_json_too_deep_to_parse_is_a_400(client: TestClient) -> None:
    """JSON nested 100,000 levels deep is a 400, not a RecursionError in json.loads."""
    content = b'{"model":"m","messages":[{"role":"user","content":"x"}],"p":' + b"[" * 100_000
    content += b"]" * 100_000 + b"}"
    response = post_raw(client, content)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"


def test_too_many_messages_is_a_400_naming_the_limit(client: TestClient) -> None:
    """More than 10,000 messages is refused with the limit and the way around it."""
    body = {"model": "m", "messages": [{"role": "user", "content": "x"}] * 10_001}
    response = client.post(URL, json=body, headers=KEY_A)
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert "10000" in message and "x-semcache-bypass" in message


def test_a_large_body_is_parsed_off_the_event_loop(client: TestClient) -> None:
    """A body of 5,000 messages (well over the inline size) still gets a normal answer."""
    messages = [{"role": "user", "content": f"turn {i} " + "x" * 50} for i in range(5000)]
    response = client.post(URL, json={"model": "m", "messages": messages}, headers=KEY_A)
    assert response.status_code == 200


def test_a_lone_surrogate_is_not_a_5xx_nor_a_warning(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A prompt with a lone surrogate (\\ud800) gets an answer or a 400, and no traceback."""
    content = json.dumps(chat("hello \ud800 there")).encode()
    with caplog.at_level(logging.WARNING):
        response = post_raw(client, content)
    assert response.status_code < 500
    assert not [r for r in caplog.records if r.exc_info], caplog.text
