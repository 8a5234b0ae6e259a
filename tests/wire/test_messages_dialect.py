"""The Anthropic Messages dialect: what goes into the key, and stream round trips."""

from __future__ import annotations

from typing import Any

import pytest

from semcache import InvalidRequestError
from semcache.wire import MESSAGES

WHOLE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "c",
    "content": [
        {"type": "text", "text": "Let me look that up for you."},
        {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {"q": "x", "n": 2}},
    ],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {"input_tokens": 5, "output_tokens": 9},
}


def key(messages: list[dict[str, Any]], **body: Any) -> Any:
    return MESSAGES.key(
        {"model": "c", "max_tokens": 9, "messages": messages, **body}, namespace="t"
    )


def test_text_is_the_last_user_text_and_system_is_scope() -> None:
    """The last user text is embedded; system splits the scope."""
    messages = [{"role": "user", "content": [{"type": "text", "text": "hello"}]}]
    a, b = key(messages, system="A"), key(messages, system="B")
    assert a.text == b.text == "hello" and a.scope != b.scope


def test_tool_result_turn_keys_on_the_text_before_with_numbered_ids() -> None:
    """A user message of tool results keys on the earlier user text; ids are numbered."""

    def turn(tool_id: str) -> list[dict[str, Any]]:
        return [
            {"role": "user", "content": "weather?"},
            {
                "role": "assistant",
                "content": [{"type": "tool_use", "id": tool_id, "name": "f", "input": {}}],
            },
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": tool_id, "content": "ok"}],
            },
        ]

    assert key(turn("toolu_a")).text == "weather?"
    assert key(turn("toolu_a")).scope == key(turn("toolu_b")).scope
    assert key(turn("toolu_a")).scope != key(turn("toolu_a")[:1]).scope


def test_no_user_text_bypasses() -> None:
    """Only images in the user message: nothing to embed, bypass."""
    image = {"type": "image", "source": {"type": "url", "url": "http://x/y.png"}}
    body = {"model": "c", "messages": [{"role": "user", "content": [image]}]}
    assert MESSAGES.bypass_reason(body) is not None


def test_malformed_messages_name_the_field() -> None:
    """A message without content raises naming messages[0].content."""
    with pytest.raises(InvalidRequestError, match=r"messages\[0\]\.content"):
        key([{"role": "user"}])


def test_replay_then_assemble_gives_the_message_back() -> None:
    """Replaying a stored message and assembling the events gives it back with a new id."""
    events = MESSAGES.replay(WHOLE)
    kinds = [event["type"] for event in events]
    assert kinds[0] == "message_start" and kinds[-2:] == ["message_delta", "message_stop"]
    again = MESSAGES.assemble(events)
    assert again["content"] == WHOLE["content"] and again["id"] != WHOLE["id"]
    assert again["stop_reason"] == "tool_use" and MESSAGES.is_complete(again)


def test_stream_without_message_stop_is_not_complete() -> None:
    """An interrupted stream is never stored."""
    assert not MESSAGES.is_complete(MESSAGES.assemble(MESSAGES.replay(WHOLE)[:-1]))


@pytest.mark.parametrize(("reason", "allow"), [("max_tokens", True), ("refusal", False)])
def test_stop_reasons(reason: str, allow: bool) -> None:
    """max_tokens is complete (same limit in the scope); refusal is not stored."""
    assert MESSAGES.is_complete({**WHOLE, "stop_reason": reason}) is allow
