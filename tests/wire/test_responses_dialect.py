"""The Responses dialect: what goes into the key, what bypasses, and stream round trips."""

from __future__ import annotations

from typing import Any

import pytest

from semcache import InvalidRequestError
from semcache.testing._fake_responses import ResponsesAnswer
from semcache.wire import RESPONSES


def key(**body: Any) -> Any:
    return RESPONSES.key({"model": "m", **body}, namespace="t")


def test_text_is_the_last_user_item() -> None:
    """The last user item's text is embedded; earlier items go into the scope."""
    items = [
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "reply"},
        {"role": "user", "content": [{"type": "input_text", "text": "second"}]},
    ]
    assert key(input=items).text == "second"
    assert key(input=items).scope != key(input=items[2:]).scope


def test_instructions_are_in_the_scope() -> None:
    """instructions (the system part) split the scope, not the text."""
    a, b = key(input="hi", instructions="A"), key(input="hi", instructions="B")
    assert a.text == b.text == "hi" and a.scope != b.scope


@pytest.mark.parametrize(
    "param",
    [
        {"previous_response_id": "resp_1"},
        {"tools": [{"type": "function", "name": "f"}]},
        {"text": {"format": {"type": "json_object"}}},
        {"reasoning": {"effort": "high"}},
        {"some_future_parameter": 1},
    ],
)
def test_parameters_split_the_scope(param: dict[str, Any]) -> None:
    """Every parameter, unknown ones included, is part of the scope."""
    assert key(input="hi", **param).scope != key(input="hi").scope


def test_call_ids_are_numbered() -> None:
    """Random call and item ids of earlier turns do not split the scope."""

    def turn(call_id: str) -> list[dict[str, Any]]:
        call = {"type": "function_call", "id": "fc_" + call_id, "call_id": call_id, "name": "f"}
        output = {"type": "function_call_output", "call_id": call_id, "output": "42"}
        return [{"role": "user", "content": "ask"}, call, output]

    assert key(input=turn("call_a")).scope == key(input=turn("call_b")).scope


@pytest.mark.parametrize(
    ("param", "word"),
    [
        ({"store": True}, "store"),
        ({"background": True}, "background"),
        ({"conversation": "c"}, "conversation"),
    ],
)
def test_server_state_bypasses(param: dict[str, Any], word: str) -> None:
    """store=true, background and conversation bypass the cache, saying why."""
    reason = RESPONSES.bypass_reason({"model": "m", "input": "hi", **param})
    assert reason is not None and word in reason


def test_store_false_is_cached() -> None:
    """store=false asks for no server state: cached."""
    assert RESPONSES.bypass_reason({"model": "m", "input": "hi", "store": False}) is None


def test_malformed_input_names_the_field() -> None:
    """An input that is neither a string nor a list raises naming input."""
    with pytest.raises(InvalidRequestError, match="input must be a string"):
        key(input=42)


def test_replay_then_assemble_gives_the_answer_back() -> None:
    """Replaying a stored response and assembling the events gives it back, new id."""
    stored = ResponsesAnswer(1, {"model": "m", "input": "hi"}, "hi", None).whole()
    events = RESPONSES.replay(stored)
    again = RESPONSES.assemble(events)
    assert again["output"] == stored["output"] and again["id"] != stored["id"]
    assert {e["response"]["id"] for e in events if "response" in e} == {again["id"]}
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    assert RESPONSES.is_complete(again)


def test_unfinished_stream_is_not_complete() -> None:
    """Without its terminal event a stream assembles to nothing storable."""
    stored = ResponsesAnswer(1, {"model": "m", "input": "hi"}, "hi", None).whole()
    assert not RESPONSES.is_complete(RESPONSES.assemble(RESPONSES.replay(stored)[:-1]))


def test_failed_response_is_not_complete() -> None:
    """status=failed is never stored."""
    failed = ResponsesAnswer(1, {"model": "m", "input": "hi"}, "hi", "failed").whole()
    assert not RESPONSES.is_complete(failed)
