"""Helpers shared by the proxy tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.testclient import TestClient

ADMIN_TOKEN = "admin-token-for-tests"
KEY_A = {"Authorization": "Bearer sk-test-key-a"}
KEY_B = {"Authorization": "Bearer sk-test-key-b"}

MakeClient = Callable[..., TestClient]


def chat(text: str, **params: Any) -> dict[str, Any]:
    """A chat completion body with one user message."""
    return {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}], **params}


def flush(client: TestClient) -> None:
    """Wait until the proxy behind ``client`` has finished its background writes."""
    assert client.app.state.proxy.writes.wait_idle(10)  # type: ignore[attr-defined]
