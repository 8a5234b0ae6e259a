"""Request keys of the chat and completions dialects: what splits the cache, what is
embedded, what bypasses."""

from __future__ import annotations

from typing import Any

import pytest

from semcache import InvalidRequestError, Key
from semcache.wire import CHAT, COMPLETIONS, IGNORED_PARAMS

DIALECTS = {"chat": CHAT, "completion": COMPLETIONS}
IMAGE = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}


def chat(*messages: dict[str, Any], **params: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"model": "gpt-4o-mini", "messages": list(messages)}
    body.update(params)
    return body


def user(content: Any) -> dict[str, Any]:
    return {"role": "user", "content": content}


def key(body: dict[str, Any]) -> Key:
    return CHAT.key(body, namespace="ns")


def test_text_is_the_last_user_turn_and_namespace_is_kept() -> None:
    """The key embeds the last user message and carries the given namespace."""
    got = key(chat(user("first"), {"role": "assistant", "content": "a"}, user("second")))
    assert (got.namespace, got.text) == ("ns", "second")


def test_scope_is_a_fixed_size_digest() -> None:
    """The scope is a 32-character hex digest, however long the conversation."""
    got = key(chat({"role": "system", "content": "x" * 10_000}, user("hi")))
    assert len(got.scope) == 32 and int(got.scope, 16) >= 0


def test_same_request_same_key() -> None:
    """Two equal bodies get equal keys (the digest is stable)."""
    body = chat(user("hi"), temperature=0.2, tools=[{"type": "function"}])
    assert key(body) == key(dict(body))


def test_key_does_not_depend_on_parameter_order() -> None:
    """Parameters are compared as sorted JSON, so their order does not matter."""
    first = chat(user("hi"), temperature=0, top_p=0.5)
    second = {"top_p": 0.5, "temperature": 0, **chat(user("hi"))}
    assert key(first) == key(second)


@pytest.mark.parametrize(
    "change",
    [
        {"model": "gpt-4o"},
        {"temperature": 0.7},
        {"top_p": 0.1},
        {"max_tokens": 10},
        {"max_completion_tokens": 10},
        {"stop": ["\n"]},
        {"n": 2},
        {"seed": 7},
        {"presence_penalty": 1},
        {"frequency_penalty": 1},
        {"logit_bias": {"50256": -100}},
        {"logprobs": True},
        {"response_format": {"type": "json_object"}},
        {"tools": [{"type": "function", "function": {"name": "f"}}]},
        {"tool_choice": "required"},
        {"functions": [{"name": "f"}]},
        {"function_call": "auto"},
        {"reasoning_effort": "high"},
        {"modalities": ["text", "audio"]},
        {"parallel_tool_calls": False},
        {"some_future_parameter": 1},
    ],
)
def test_parameters_that_change_the_answer_split_the_scope(change: dict[str, Any]) -> None:
    """Model, sampling/output parameters and unknown parameters change the scope."""
    base = chat(user("hi"), temperature=0)
    changed = {**base, **change}
    assert key(base).scope != key(changed).scope


@pytest.mark.parametrize("name", sorted(IGNORED_PARAMS))
def test_ignored_parameters_do_not_split_the_scope(name: str) -> None:
    """Parameters listed in IGNORED_PARAMS leave the key unchanged."""
    base = chat(user("hi"))
    assert key({**base, name: {"any": "value"}}) == key(base)


def test_null_parameter_equals_missing_parameter() -> None:
    """A parameter set to null asks for the default, like leaving it out."""
    assert key(chat(user("hi"), temperature=None)) == key(chat(user("hi")))


def test_integral_float_equals_int() -> None:
    """temperature 0 and 0.0 are the same request."""
    assert key(chat(user("hi"), temperature=0.0)) == key(chat(user("hi"), temperature=0))


def test_n_of_one_equals_missing_n() -> None:
    """n=1 is the default everywhere, so it does not split the cache."""
    assert key(chat(user("hi"), n=1)) == key(chat(user("hi")))


def test_stop_string_equals_one_element_list() -> None:
    """stop: "x" and stop: ["x"] are the same request."""
    assert key(chat(user("hi"), stop="x")) == key(chat(user("hi"), stop=["x"]))


def test_missing_temperature_is_not_normalized_to_one() -> None:
    """Defaults of the server are not assumed: no temperature differs from 1."""
    assert key(chat(user("hi"), temperature=1)) != key(chat(user("hi")))


@pytest.mark.parametrize("role", ["system", "developer"])
def test_system_prompt_splits_the_scope(role: str) -> None:
    """A different system or developer message gives a different scope."""
    one = key(chat({"role": role, "content": "Be brief."}, user("hi")))
    two = key(chat({"role": role, "content": "Be verbose."}, user("hi")))
    assert one.scope != two.scope and one.text == two.text


def test_earlier_turns_split_the_scope() -> None:
    """Earlier user and assistant turns are part of the scope, not of the text."""
    one = key(chat(user("a"), {"role": "assistant", "content": "b"}, user("hi")))
    two = key(chat(user("a"), {"role": "assistant", "content": "c"}, user("hi")))
    assert one.scope != two.scope


def test_messages_after_the_last_user_turn_split_the_scope() -> None:
    """An assistant prefill after the last user turn is in the scope."""
    plain = key(chat(user("hi")))
    prefill = key(chat(user("hi"), {"role": "assistant", "content": "Sure:"}))
    assert plain.scope != prefill.scope and prefill.text == "hi"


def test_tool_results_split_the_scope() -> None:
    """Tool messages before or after the last user turn are in the scope."""
    call = {"id": "call_x", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    asked = {"role": "assistant", "content": None, "tool_calls": [call]}
    one = key(chat(user("hi"), asked, {"role": "tool", "tool_call_id": "call_x", "content": "1"}))
    two = key(chat(user("hi"), asked, {"role": "tool", "tool_call_id": "call_x", "content": "2"}))
    assert one.scope != two.scope


def test_random_tool_call_ids_do_not_split_the_scope() -> None:
    """Tool call ids are renumbered, so a replayed conversation keys the same."""

    def conversation(call_id: str) -> dict[str, Any]:
        call = {"id": call_id, "type": "function", "function": {"name": "f", "arguments": "{}"}}
        return chat(
            user("hi"),
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": call_id, "content": "42"},
        )

    assert key(conversation("call_abc")) == key(conversation("call_xyz"))


def test_text_parts_are_embedded_and_image_parts_scoped() -> None:
    """Text parts of the last user turn form the text; images go into the scope."""
    with_image = key(chat(user([{"type": "text", "text": "What is this?"}, IMAGE])))
    other = {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
    with_other = key(chat(user([{"type": "text", "text": "What is this?"}, other])))
    assert with_image.text == "What is this?"
    assert with_image.scope != with_other.scope


def test_string_content_equals_one_text_part() -> None:
    """ "hi" and [{"type": "text", "text": "hi"}] are the same user turn."""
    assert key(chat(user("hi"))) == key(chat(user([{"type": "text", "text": "hi"}])))


def test_several_text_parts_are_joined() -> None:
    """Several text parts of the last user turn are joined with newlines."""
    parts = [{"type": "text", "text": "one"}, IMAGE, {"type": "text", "text": "two"}]
    assert key(chat(user(parts))).text == "one\ntwo"


def test_user_name_splits_the_scope() -> None:
    """Fields of the last user message other than its text are in the scope."""
    named = key(chat({"role": "user", "content": "hi", "name": "alice"}))
    assert named.scope != key(chat(user("hi"))).scope


def test_completion_prompt_is_the_text() -> None:
    """A legacy completion is keyed by its prompt string."""
    got = COMPLETIONS.key({"model": "m", "prompt": "Say hi"}, namespace="ns")
    assert got.text == "Say hi"


def test_completion_list_of_one_prompt_equals_the_string() -> None:
    """prompt: ["x"] keys the same as prompt: "x"."""
    one = COMPLETIONS.key({"model": "m", "prompt": ["x"]}, namespace="ns")
    assert one == COMPLETIONS.key({"model": "m", "prompt": "x"}, namespace="ns")


def test_chat_and_completion_with_same_text_do_not_share_a_scope() -> None:
    """The endpoint is part of the scope."""
    completion = COMPLETIONS.key({"model": "m", "prompt": "hi"}, namespace="ns")
    chat_key = CHAT.key({"model": "m", "messages": [user("hi")]}, namespace="ns")
    assert completion.scope != chat_key.scope


def test_completion_parameters_split_the_scope() -> None:
    """suffix, max_tokens and unknown parameters are in a completion's scope."""
    base = {"model": "m", "prompt": "hi"}
    scopes = {
        COMPLETIONS.key({**base, **extra}, namespace="ns").scope
        for extra in ({}, {"suffix": "x"}, {"max_tokens": 5}, {"best_of": 3})
    }
    assert len(scopes) == 4


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "request body must be a JSON object; got list"),
        ({"messages": [user("hi")]}, "model must be a non-empty string; got nothing"),
        (chat(user("hi"), model=3), "model must be a non-empty string; got int 3"),
        ({"model": "m"}, "messages must be a non-empty list of message objects; got nothing"),
        (chat(), "messages must be a non-empty list of message objects; got list []"),
        (chat("hi"), "messages[0] must be an object with 'role' and 'content'; got str"),
        (chat({"content": "hi"}), "messages[0].role must be a string such as 'user'"),
        (chat(user(5)), "messages[0].content must be a string, a list of content parts"),
        (chat(user(["hi"])), "messages[0].content[0] must be a content part object"),
        (chat({"role": "system", "content": "s"}), "messages has no message with role 'user'"),
        (chat(user([IMAGE])), "messages[0] has no text to embed"),
        (chat(user("hi"), temperature=float("nan")), "request body must be plain JSON"),
    ],
)
def test_bad_chat_bodies_raise_naming_the_field(body: Any, message: str) -> None:
    """A chat body that cannot be keyed raises InvalidRequestError naming the field."""
    with pytest.raises(InvalidRequestError, match=None) as caught:
        CHAT.key(body, namespace="ns")
    assert message in str(caught.value)


def test_bad_completion_prompt_raises() -> None:
    """A batch prompt cannot be keyed and the error says what is expected."""
    with pytest.raises(InvalidRequestError, match="prompt must be one string"):
        COMPLETIONS.key({"model": "m", "prompt": ["a", "b"]}, namespace="ns")


def test_plain_request_has_no_bypass_reason() -> None:
    """An ordinary chat request is cacheable."""
    assert CHAT.bypass_reason(chat(user("hi"))) is None


@pytest.mark.parametrize(
    ("params", "bypassed"),
    [
        ({"n": 3}, True),
        ({"n": 3, "temperature": 0.5}, True),
        ({"n": 3, "temperature": 0}, False),
        ({"n": 1, "temperature": 1}, False),
    ],
)
def test_sampled_n_bypasses(params: dict[str, Any], bypassed: bool) -> None:
    """n > 1 with a temperature above 0 (or none given) asks for variety: bypass."""
    reason = CHAT.bypass_reason(chat(user("hi"), **params))
    assert (reason is not None) is bypassed


def test_sampled_n_can_be_cached_on_request() -> None:
    """cache_sampled_n=True lets n > 1 with sampling be cached."""
    assert CHAT.bypass_reason(chat(user("hi"), n=3), cache_sampled_n=True) is None


@pytest.mark.parametrize(
    ("endpoint", "body", "reason"),
    [
        ("chat", chat({"role": "system", "content": "s"}), "no message with role 'user'"),
        ("chat", chat(user([IMAGE])), "the last user message has no text to embed"),
        ("chat", chat(user("   ")), "the last user message has no text to embed"),
        ("completion", {"model": "m", "prompt": ["a", "b"]}, "prompt is list"),
        ("completion", {"model": "m", "prompt": [1, 2, 3]}, "prompt is list"),
        ("completion", {"model": "m", "prompt": ""}, "the prompt has no text to embed"),
        ("completion", {"model": "m", "prompt": "x", "echo": True}, "echo=true"),
    ],
)
def test_uncacheable_requests_have_a_reason(endpoint: Any, body: Any, reason: str) -> None:
    """Valid requests that cannot be keyed bypass with a reason instead of raising."""
    got = DIALECTS[endpoint].bypass_reason(body)
    assert got is not None and reason in got


def test_bypass_reason_raises_for_a_malformed_body() -> None:
    """bypass_reason does not hide a malformed body."""
    with pytest.raises(InvalidRequestError, match="model must be a non-empty string"):
        CHAT.bypass_reason({"messages": [user("hi")]})
