"""Wire-level streaming helpers on plain dicts, shared by the client and the proxy.

A cached answer is always stored in its non-streamed form (a ``chat.completion``
or ``text_completion`` object). A streamed miss is assembled into that form before
it is stored; a hit is split back into chunks when the caller asked for a stream.
Everything here works on JSON dicts as they appear on the wire (the parsed
``data:`` lines of an SSE stream), never on SDK types.

``endpoint`` is ``"chat"`` (``/v1/chat/completions``) or ``"completion"``
(``/v1/completions``), as in :mod:`semcache._canonical`.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ._canonical import Endpoint

__all__ = [
    "SUCCESS_FINISH_REASONS",
    "assemble",
    "include_usage",
    "is_complete_success",
    "refresh_identity",
    "to_chunks",
]

# finish_reason values of a complete answer; "length" is added unless refused.
# "content_filter" and anything unknown (e.g. a provider's "error") are not stored.
SUCCESS_FINISH_REASONS = frozenset({"stop", "tool_calls", "function_call"})
DEFAULT_WORDS_PER_CHUNK = 4

_OBJECT = {"chat": "chat.completion", "completion": "text_completion"}
_CHUNK_OBJECT = {"chat": "chat.completion.chunk", "completion": "text_completion"}
_ID_PREFIX = {"chat": "chatcmpl-", "completion": "cmpl-"}
# Per-chunk noise that must not end up in the assembled answer.
_CHUNK_ONLY = frozenset({"object", "choices", "usage", "obfuscation"})
_SET_KEYS = frozenset({"index", "type", "role", "id"})
_WORD_BOUNDARY = re.compile(r"(?<=\s)(?=\S)")


def assemble(endpoint: Endpoint, chunks: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """One full (non-streamed) response from the chunks of a stream.

    Content, refusal and text are concatenated; tool call deltas are merged by
    index (arguments concatenated); logprobs lists are joined; the last
    ``finish_reason`` and ``usage`` win. The answer is whatever arrived: check it
    with :func:`is_complete_success` before storing it.
    """
    head: dict[str, Any] = {}
    choices: dict[int, dict[str, Any]] = {}
    usage: Any = None
    for chunk in chunks:
        for key, value in chunk.items():
            if key not in _CHUNK_ONLY and value is not None:
                head.setdefault(key, value)
        usage = chunk.get("usage") or usage
        for choice in chunk.get("choices") or ():
            _add_choice(endpoint, choices, choice)
    out = {**head, "object": _OBJECT[endpoint]}
    out["choices"] = [_finish_choice(endpoint, choices[index]) for index in sorted(choices)]
    if usage is not None:
        out["usage"] = usage
    return out


def _add_choice(endpoint: Endpoint, choices: dict[int, dict[str, Any]], choice: Any) -> None:
    index = choice.get("index", 0)
    state = choices.setdefault(index, {"index": index, "logprobs": None, "finish_reason": None})
    for key, value in choice.items():
        if value is None or key == "index":
            continue
        if key == "finish_reason":
            state[key] = value
        elif key == "delta" and endpoint == "chat":
            state["message"] = _accumulate(state.get("message") or {}, value)
        else:
            state[key] = _merge(state.get(key), value)


def _finish_choice(endpoint: Endpoint, state: dict[str, Any]) -> dict[str, Any]:
    if endpoint == "completion":
        return {"text": "", **state}
    message = {"role": "assistant", "content": None, **state.pop("message", {})}
    if isinstance(message.get("tool_calls"), list):
        message["tool_calls"] = [_without_index(call) for call in message["tool_calls"]]
    return {**state, "message": message}


def _without_index(call: Any) -> Any:
    return {k: v for k, v in call.items() if k != "index"} if isinstance(call, dict) else call


def _accumulate(acc: dict[str, Any], delta: Mapping[str, Any]) -> dict[str, Any]:
    """Merge one delta object into the accumulated one (the SDK's rules, minus sums)."""
    for key, value in delta.items():
        if value is None:
            continue
        acc[key] = value if key in _SET_KEYS else _merge(acc.get(key), value)
    return acc


def _merge(old: Any, new: Any) -> Any:
    if old is None:
        return _merge([], new) if _is_indexed(new) else _copy(new)
    if isinstance(old, str) and isinstance(new, str):
        return old + new
    if isinstance(old, dict) and isinstance(new, Mapping):
        return _accumulate(old, new)
    if isinstance(old, list) and isinstance(new, list):
        return _merge_list(old, new)
    return _copy(new)  # numbers, booleans, changed types: the latest value wins


def _merge_list(old: list[Any], new: list[Any]) -> list[Any]:
    if not _is_indexed(new):
        return old + [_copy(item) for item in new]  # e.g. logprobs tokens: appended
    for item in new:
        slot = next((entry for entry in old if entry.get("index") == item["index"]), None)
        if slot is None:
            old.append(_accumulate({}, item))
        else:
            _accumulate(slot, item)
    return old


def _is_indexed(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, Mapping) and isinstance(item.get("index"), int) for item in value)
    )


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def is_complete_success(endpoint: Endpoint, response: object, *, allow_length: bool = True) -> bool:
    """Whether a full response is a complete, successful answer worth storing.

    Every choice needs its answer field and a ``finish_reason`` in
    :data:`SUCCESS_FINISH_REASONS` (plus ``"length"`` if ``allow_length``: the same
    ``max_tokens`` is in the scope, so the same truncation is the right answer).
    A response carrying an ``error`` field is never a success.
    """
    if not isinstance(response, Mapping) or response.get("error"):
        return False
    choices = response.get("choices")
    if not isinstance(choices, list) or not choices:
        return False
    allowed = SUCCESS_FINISH_REASONS | ({"length"} if allow_length else set())
    field = "message" if endpoint == "chat" else "text"
    return all(
        isinstance(choice, Mapping)
        and choice.get("finish_reason") in allowed
        and choice.get(field) is not None
        for choice in choices
    )


def to_chunks(
    endpoint: Endpoint,
    response: Mapping[str, Any],
    *,
    include_usage: bool = False,
    words_per_chunk: int = DEFAULT_WORDS_PER_CHUNK,
) -> list[dict[str, Any]]:
    """A stored full response as the chunks of a stream, with a fresh id and time.

    Per choice: a role chunk (chat), the content a few words per chunk, tool calls
    one chunk each, then a chunk with the ``finish_reason`` (and logprobs). With
    ``include_usage`` (``stream_options.include_usage``) a last chunk with no
    choices carries the usage, as the OpenAI API sends it.
    """
    base = {key: value for key, value in response.items() if key not in _CHUNK_ONLY}
    base.update(_identity(endpoint), object=_CHUNK_OBJECT[endpoint])
    chunks: list[dict[str, Any]] = []
    for choice in response.get("choices") or ():
        index = choice.get("index", 0)
        pieces = _choice_pieces(endpoint, choice, words_per_chunk)
        chunks.extend({**base, "choices": [{"index": index, **piece}]} for piece in pieces)
    if include_usage and response.get("usage") is not None:
        chunks.append({**base, "choices": [], "usage": response["usage"]})
    return chunks


def _choice_pieces(endpoint: Endpoint, choice: Mapping[str, Any], words: int) -> list[Any]:
    end = {"logprobs": choice.get("logprobs"), "finish_reason": choice.get("finish_reason")}
    if endpoint == "completion":
        texts = _split_words(choice.get("text") or "", words)
        return [{"text": text, "logprobs": None, "finish_reason": None} for text in texts] + [
            {"text": "", **end}
        ]
    deltas = _message_deltas(choice.get("message") or {}, words)
    return [{"delta": delta, "logprobs": None, "finish_reason": None} for delta in deltas] + [
        {"delta": {}, **end}
    ]


def _message_deltas(message: Mapping[str, Any], words: int) -> Iterator[dict[str, Any]]:
    content = message.get("content")
    role = message.get("role") or "assistant"
    yield {"role": role, "content": ""} if isinstance(content, str) else {"role": role}
    for piece in _split_words(content if isinstance(content, str) else "", words):
        yield {"content": piece}
    for position, call in enumerate(message.get("tool_calls") or ()):
        yield {"tool_calls": [{"index": position, **call}]}
    for key, value in message.items():
        if key not in ("role", "content", "tool_calls") and value is not None:
            yield {key: value}  # refusal, function_call, audio, provider extras: one piece


def _split_words(text: str, words: int) -> list[str]:
    tokens = [token for token in _WORD_BOUNDARY.split(text) if token]
    size = max(words, 1)
    return ["".join(tokens[start : start + size]) for start in range(0, len(tokens), size)]


def refresh_identity(endpoint: Endpoint, response: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a stored response with a fresh ``id`` and ``created`` time."""
    return {**_copy(response), **_identity(endpoint)}


def _identity(endpoint: Endpoint) -> dict[str, Any]:
    return {"id": _ID_PREFIX[endpoint] + secrets.token_hex(12), "created": int(time.time())}


def include_usage(body: Mapping[str, Any]) -> bool:
    """Whether a request body asks for a usage chunk at the end of a stream."""
    options = body.get("stream_options")
    return isinstance(options, Mapping) and options.get("include_usage") is True
