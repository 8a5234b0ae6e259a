"""Streaming helpers: assembling chunks, judging success, replaying as chunks."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from semcache.wire import CHAT, COMPLETIONS, Call

USAGE = {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}


def chat_response(message: dict[str, Any], finish: str = "stop", **extra: Any) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
        **extra,
    }


def completion_response(text: str, finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "cmpl-1",
        "object": "text_completion",
        "created": 1700000000,
        "model": "gpt-3.5-turbo-instruct",
        "choices": [{"index": 0, "text": text, "logprobs": None, "finish_reason": finish}],
    }


def chunk(choices: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": "chatcmpl-9",
        "object": "chat.completion.chunk",
        "created": 1700000001,
        "model": "gpt-4o-mini",
        "choices": choices,
        **extra,
    }


def delta(content: dict[str, Any], finish: str | None = None, index: int = 0) -> dict[str, Any]:
    return {"index": index, "delta": content, "logprobs": None, "finish_reason": finish}


TOOL_CHUNKS = [
    chunk([delta({"role": "assistant", "content": None})]),
    chunk(
        [
            delta(
                {
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": "call_a",
                            "type": "function",
                            "function": {"name": "get_weather", "arguments": ""},
                        }
                    ]
                }
            )
        ]
    ),
    chunk([delta({"tool_calls": [{"index": 0, "function": {"arguments": '{"city": '}}]})]),
    chunk([delta({"tool_calls": [{"index": 0, "function": {"arguments": '"Paris"}'}}]})]),
    chunk(
        [
            delta(
                {
                    "tool_calls": [
                        {"index": 1, "id": "call_b", "type": "function", "function": {"name": "t"}}
                    ]
                }
            )
        ]
    ),
    chunk([delta({"tool_calls": [{"index": 1, "function": {"arguments": "{}"}}]})]),
    chunk([delta({}, finish="tool_calls")]),
]


def test_assemble_joins_content_role_and_finish_reason() -> None:
    """Content deltas are concatenated; role and finish_reason are kept."""
    chunks = [
        chunk([delta({"role": "assistant", "content": ""})]),
        chunk([delta({"content": "Hel"})]),
        chunk([delta({"content": "lo"})]),
        chunk([delta({}, finish="stop")]),
    ]
    got = CHAT.assemble(chunks)
    assert got["object"] == "chat.completion"
    assert got["choices"] == [
        {
            "index": 0,
            "logprobs": None,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "Hello"},
        }
    ]
    assert (got["id"], got["created"], got["model"]) == ("chatcmpl-9", 1700000001, "gpt-4o-mini")


def test_assemble_merges_tool_call_deltas_by_index() -> None:
    """Tool call fragments are merged per index, arguments concatenated."""
    message = CHAT.assemble(TOOL_CHUNKS)["choices"][0]["message"]
    assert message["content"] is None
    assert message["tool_calls"] == [
        {
            "id": "call_a",
            "type": "function",
            "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
        },
        {"id": "call_b", "type": "function", "function": {"name": "t", "arguments": "{}"}},
    ]


def test_assemble_keeps_the_usage_chunk() -> None:
    """The trailing usage chunk (no choices) becomes the response's usage."""
    chunks = [chunk([delta({"content": "hi"}, "stop")]), chunk([], usage=USAGE)]
    assert CHAT.assemble(chunks)["usage"] == USAGE


def test_assemble_keeps_choices_apart() -> None:
    """Interleaved chunks of several choices are assembled per index."""
    chunks = [
        chunk([delta({"content": "a"}, index=1)]),
        chunk([delta({"content": "b"}, index=0)]),
        chunk([delta({"content": "c"}, "stop", index=1), delta({}, "stop", index=0)]),
    ]
    texts = [choice["message"]["content"] for choice in CHAT.assemble(chunks)["choices"]]
    assert texts == ["b", "ac"]


def test_assemble_joins_logprobs() -> None:
    """Logprob entries of successive chunks are appended in order."""
    entry = {"token": "a", "logprob": -0.1, "bytes": [97], "top_logprobs": []}
    chunks = [
        chunk([{**delta({"content": "a"}), "logprobs": {"content": [entry]}}]),
        chunk([{**delta({"content": "b"}, "stop"), "logprobs": {"content": [entry]}}]),
    ]
    got = CHAT.assemble(chunks)["choices"][0]["logprobs"]
    assert got == {"content": [entry, entry]}


def test_assemble_drops_per_chunk_noise() -> None:
    """Per-chunk fields such as obfuscation do not reach the assembled response."""
    got = CHAT.assemble([chunk([delta({"content": "x"}, "stop")], obfuscation="zz")])
    assert "obfuscation" not in got


def test_assemble_completion_chunks() -> None:
    """Legacy completion chunks assemble into one text_completion."""
    chunks = [
        {"id": "cmpl-2", "object": "text_completion", "created": 1, "model": "m",
         "choices": [{"index": 0, "text": "Hel", "logprobs": None, "finish_reason": None}]},
        {"id": "cmpl-2", "object": "text_completion", "created": 1, "model": "m",
         "choices": [{"index": 0, "text": "lo", "logprobs": None, "finish_reason": "stop"}]},
    ]  # fmt: skip
    got = COMPLETIONS.assemble(chunks)
    assert got["object"] == "text_completion"
    assert got["choices"] == [
        {"index": 0, "text": "Hello", "logprobs": None, "finish_reason": "stop"}
    ]


def test_an_unfinished_stream_is_not_a_success() -> None:
    """A stream that stopped before a finish_reason must not be stored."""
    partial = CHAT.assemble([chunk([delta({"content": "Hel"})])])
    assert not CHAT.is_complete(partial)


def test_finished_answers_are_a_success() -> None:
    """stop and tool_calls are complete answers."""
    assert CHAT.is_complete(chat_response({"role": "assistant", "content": "x"}))
    assert CHAT.is_complete(CHAT.assemble(TOOL_CHUNKS))


def test_length_is_configurable() -> None:
    """finish_reason length counts as success unless allow_length=False."""
    response = chat_response({"role": "assistant", "content": "x"}, finish="length")
    assert CHAT.is_complete(response)
    assert not CHAT.is_complete(response, allow_length=False)


def test_error_like_responses_are_not_a_success() -> None:
    """Filtered, errored, empty or malformed responses are not stored."""
    message = {"role": "assistant", "content": "x"}
    assert not CHAT.is_complete(chat_response(message, finish="content_filter"))
    assert not CHAT.is_complete(chat_response(message, error={"message": "boom"}))
    assert not CHAT.is_complete({**chat_response(message), "choices": []})
    assert not CHAT.is_complete("not a dict")
    assert not CHAT.is_complete(completion_response("x"))  # no message field


def test_completion_success_needs_text() -> None:
    """A completion choice needs its text and a finish reason."""
    assert COMPLETIONS.is_complete(completion_response("hi"))
    assert not COMPLETIONS.is_complete(completion_response("hi", finish="error"))


def test_to_chunks_sends_role_content_pieces_and_finish() -> None:
    """A replayed answer is several chunks: role, content pieces, finish."""
    text = "one two three four five six seven eight nine"
    chunks = CHAT.replay(chat_response({"role": "assistant", "content": text}))
    deltas = [c["choices"][0]["delta"] for c in chunks]
    assert deltas[0] == {"role": "assistant", "content": ""}
    assert len(chunks) >= 4
    assert "".join(d.get("content") or "" for d in deltas) == text
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks[:-1])


def test_to_chunks_fresh_identity_shared_by_all_chunks() -> None:
    """All chunks share one new id (chatcmpl-...) and created time, and the chunk object."""
    chunks = CHAT.replay(chat_response({"role": "assistant", "content": "a b"}))
    ids = {c["id"] for c in chunks}
    assert len(ids) == 1 and ids != {"chatcmpl-1"} and ids.pop().startswith("chatcmpl-")
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert len({c["created"] for c in chunks}) == 1


def test_usage_chunk_only_when_asked() -> None:
    """The usage chunk (no choices) is sent only with include_usage."""
    response = chat_response({"role": "assistant", "content": "hi"}, usage=USAGE)
    assert all("usage" not in c for c in CHAT.replay(response))
    last = CHAT.replay(response, include_usage=True)[-1]
    assert last["choices"] == [] and last["usage"] == USAGE


def test_completion_chunks_use_text_and_cmpl_id() -> None:
    """Legacy completions replay as text_completion chunks with a cmpl- id."""
    chunks = COMPLETIONS.replay(completion_response("Hello there"))
    assert chunks[0]["id"].startswith("cmpl-") and chunks[0]["object"] == "text_completion"
    assert "".join(c["choices"][0]["text"] for c in chunks) == "Hello there"


def test_round_trip_of_tool_calls_and_extras() -> None:
    """Tool calls, refusal and provider extras survive split then assemble."""
    original = CHAT.assemble(TOOL_CHUNKS)
    original["choices"][0]["message"]["reasoning_content"] = "thought"
    again = CHAT.assemble(CHAT.replay(original))
    assert again["choices"] == original["choices"]


def test_round_trip_keeps_logprobs() -> None:
    """Logprobs of a stored answer come back after replay."""
    logprobs = {"content": [{"token": "hi", "logprob": -0.2, "bytes": None, "top_logprobs": []}]}
    original = chat_response({"role": "assistant", "content": "hi"})
    original["choices"][0]["logprobs"] = logprobs
    assert CHAT.assemble(CHAT.replay(original))["choices"][0]["logprobs"] == logprobs


def test_to_chunks_does_not_mutate_the_stored_response() -> None:
    """Replaying twice from the same stored dict gives the same content."""
    stored = CHAT.assemble(TOOL_CHUNKS)
    before = copy.deepcopy(stored)
    CHAT.assemble(CHAT.replay(stored))
    assert stored == before


@given(
    contents=st.lists(st.text(max_size=60), min_size=1, max_size=3),
    finish=st.sampled_from(["stop", "length"]),
    words=st.integers(min_value=1, max_value=6),
    usage=st.booleans(),
)
def test_round_trip_chat(contents: list[str], finish: str, words: int, usage: bool) -> None:
    """For any contents, split then assemble gives back the choices and usage."""
    original = chat_response({"role": "assistant", "content": ""}, usage=USAGE)
    original["choices"] = [
        {"index": i, "message": {"role": "assistant", "content": text}, "logprobs": None,
         "finish_reason": finish}
        for i, text in enumerate(contents)
    ]  # fmt: skip
    chunks = CHAT.replay(original, include_usage=usage, words_per_chunk=words)
    again = CHAT.assemble(chunks)
    assert again["choices"] == original["choices"]
    assert again.get("usage") == (USAGE if usage else None)
    assert CHAT.is_complete(again)


@given(text=st.text(max_size=80), words=st.integers(min_value=1, max_value=5))
def test_round_trip_completion(text: str, words: int) -> None:
    """For any text, a legacy completion survives split then assemble."""
    original = completion_response(text)
    again = COMPLETIONS.assemble(COMPLETIONS.replay(original, words_per_chunk=words))
    assert again["choices"] == original["choices"]


def test_refresh_identity_gives_a_new_id_and_copies() -> None:
    """refresh_identity changes id and created and leaves the stored dict alone."""
    stored = chat_response({"role": "assistant", "content": "x"})
    fresh = CHAT.refresh(stored)
    assert fresh["id"] != stored["id"] and fresh["id"].startswith("chatcmpl-")
    assert fresh["choices"] == stored["choices"] and stored["id"] == "chatcmpl-1"
    fresh["choices"][0]["message"]["content"] = "changed"
    assert stored["choices"][0]["message"]["content"] == "x"


def test_include_usage_reads_stream_options() -> None:
    """include_usage is true only for stream_options.include_usage == true."""

    def include_usage(body: dict[str, Any]) -> bool:
        return Call(None, body=body).include_usage

    assert include_usage({"stream_options": {"include_usage": True}})
    assert not include_usage({"stream_options": None})
    assert not include_usage({})
