"""Streams on plain dicts, shared by the OpenAI-style dialects: merging the deltas
of a stream into one answer, and splitting a stored answer back into chunks.

A cached answer is always stored in its non-streamed form. A streamed miss is
assembled into that form before it is stored; a hit is split back into chunks
when the caller asked for a stream. Everything here works on JSON dicts as they
appear on the wire (the parsed ``data:`` lines of an SSE stream), never on SDK
types; the dialect modules say which fields are theirs.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = [
    "DEFAULT_WORDS_PER_CHUNK",
    "SUCCESS_FINISH_REASONS",
    "assemble",
    "identity",
    "is_complete",
    "replay",
    "split_words",
]

# finish_reason values of a complete answer; "length" is added unless refused.
# "content_filter" and anything unknown (e.g. a provider's "error") are not stored.
SUCCESS_FINISH_REASONS = frozenset({"stop", "tool_calls", "function_call"})
DEFAULT_WORDS_PER_CHUNK = 4

# Per-chunk noise that must not end up in the assembled answer.
_CHUNK_ONLY = frozenset({"object", "choices", "usage", "obfuscation"})
_SET_KEYS = frozenset({"index", "type", "role", "id"})
_WORD_BOUNDARY = re.compile(r"(?<=\s)(?=\S)")

#: The pieces of one stored choice as chunk choices (without their index).
Pieces = Callable[[Mapping[str, Any], int], list[dict[str, Any]]]


def assemble(
    chunks: Iterable[Mapping[str, Any]],
    *,
    object_name: str,
    delta_into: str | None,
    finish: Callable[[dict[str, Any]], dict[str, Any]],
) -> dict[str, Any]:
    """One full response from the chunks of a stream.

    Content, refusal and text are concatenated; tool call deltas are merged by
    index (arguments concatenated); logprobs lists are joined; the last
    ``finish_reason`` and ``usage`` win. A choice's ``delta`` accumulates into
    its ``delta_into`` field; ``finish`` turns each accumulated choice into its
    final form. The answer is whatever arrived: check it with :func:`is_complete`.
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
            _add_choice(choices, choice, delta_into)
    out = {**head, "object": object_name}
    out["choices"] = [finish(choices[index]) for index in sorted(choices)]
    if usage is not None:
        out["usage"] = usage
    return out


def _add_choice(choices: dict[int, dict[str, Any]], choice: Any, delta_into: str | None) -> None:
    index = choice.get("index", 0)
    state = choices.setdefault(index, {"index": index, "logprobs": None, "finish_reason": None})
    for key, value in choice.items():
        if value is None or key == "index":
            continue
        if key == "finish_reason":
            state[key] = value
        elif key == "delta" and delta_into is not None:
            state[delta_into] = accumulate(state.get(delta_into) or {}, value)
        else:
            state[key] = _merge(state.get(key), value)


def accumulate(acc: dict[str, Any], delta: Mapping[str, Any]) -> dict[str, Any]:
    """Merge one delta object into the accumulated one (the SDK's rules, minus sums)."""
    for key, value in delta.items():
        if value is None:
            continue
        acc[key] = value if key in _SET_KEYS else _merge(acc.get(key), value)
    return acc


def _merge(old: Any, new: Any) -> Any:
    if old is None:
        return _merge([], new) if _is_indexed(new) else copy(new)
    if isinstance(old, str) and isinstance(new, str):
        return old + new
    if isinstance(old, dict) and isinstance(new, Mapping):
        return accumulate(old, new)
    if isinstance(old, list) and isinstance(new, list):
        return _merge_list(old, new)
    return copy(new)  # numbers, booleans, changed types: the latest value wins


def _merge_list(old: list[Any], new: list[Any]) -> list[Any]:
    if not _is_indexed(new):
        return old + [copy(item) for item in new]  # e.g. logprobs tokens: appended
    for item in new:
        slot = next((entry for entry in old if entry.get("index") == item["index"]), None)
        if slot is None:
            old.append(accumulate({}, item))
        else:
            accumulate(slot, item)
    return old


def _is_indexed(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, Mapping) and isinstance(item.get("index"), int) for item in value)
    )


def copy(value: Any) -> Any:
    """A deep copy of a JSON value (dicts and lists copied, the rest shared)."""
    if isinstance(value, Mapping):
        return {key: copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy(item) for item in value]
    return value


def is_complete(response: object, *, answer_field: str, allow_length: bool) -> bool:
    """Whether a full response is a complete, successful answer worth storing.

    Every choice needs its ``answer_field`` and a ``finish_reason`` in
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
    return all(
        isinstance(choice, Mapping)
        and choice.get("finish_reason") in allowed
        and choice.get(answer_field) is not None
        for choice in choices
    )


def replay(
    response: Mapping[str, Any],
    *,
    id_prefix: str,
    chunk_object: str,
    pieces: Pieces,
    include_usage: bool,
    words_per_chunk: int,
) -> list[dict[str, Any]]:
    """A stored full response as the chunks of a stream, with a fresh id and time.

    ``pieces`` splits one choice into its chunk choices. With ``include_usage``
    (``stream_options.include_usage``) a last chunk with no choices carries the
    usage, as the OpenAI API sends it.
    """
    base = {key: value for key, value in response.items() if key not in _CHUNK_ONLY}
    base.update(identity(id_prefix), object=chunk_object)
    chunks: list[dict[str, Any]] = []
    for choice in response.get("choices") or ():
        index = choice.get("index", 0)
        chunks.extend(
            {**base, "choices": [{"index": index, **piece}]}
            for piece in pieces(choice, words_per_chunk)
        )
    if include_usage and response.get("usage") is not None:
        chunks.append({**base, "choices": [], "usage": response["usage"]})
    return chunks


def split_words(text: str, words: int) -> list[str]:
    """``text`` in pieces of ``words`` words, white space kept with the word before."""
    tokens = [token for token in _WORD_BOUNDARY.split(text) if token]
    size = max(words, 1)
    return ["".join(tokens[start : start + size]) for start in range(0, len(tokens), size)]


def identity(id_prefix: str) -> dict[str, Any]:
    """A fresh ``id`` and ``created`` time for a served answer."""
    return {"id": id_prefix + secrets.token_hex(12), "created": int(time.time())}
