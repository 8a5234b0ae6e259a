"""``POST /v1/messages``: the Anthropic Messages dialect.

The text is the last user message that has text (its text blocks); the scope is
the model, ``system``, every parameter not in ``IGNORED_PARAMS`` (``max_tokens``,
``tools``, ``thinking``, ``stop_sequences``, unknown ones) and every other message
and block (earlier turns, images, the ``tool_use`` / ``tool_result`` blocks after
that turn), with tool-use ids numbered in order, as chat tool-call ids are.

A stored answer is the ``message`` object; a hit replayed as a stream is the API's
event sequence: ``message_start``, per block ``content_block_start``, its deltas
and ``content_block_stop``, then ``message_delta`` (stop reason, output tokens) and
``message_stop``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .._conversation import ConversationKey
from .._errors import InvalidRequestError
from .._records import Key
from . import _stream
from ._body import check_body, describe, digest, split_body
from .context import conversation, turns_and_replies, without_persona

__all__ = ["MESSAGES", "Messages"]

_SUCCESS = frozenset({"end_turn", "tool_use", "stop_sequence"})


class Messages:
    """The Anthropic Messages dialect (see :class:`~semcache.wire.Dialect`)."""

    name = "messages"
    #: Streams are named SSE events ended by ``message_stop``, not ``[DONE]``.
    typed_events = True

    def key(self, body: Mapping[str, Any], *, namespace: str) -> Key:
        """The cache key: the last user text as text, everything else in the scope."""
        model, params = split_body(body, "messages")
        messages = _messages(body)
        found = _last_user_text(messages)
        if found is None:
            raise InvalidRequestError(
                "messages has no user message with text; a messages request is cached "
                "under its last user text (send it with x-semcache-bypass: 1, or add text)"
            )
        last, text, extras = found
        context = _with_stable_ids([*messages[:last], extras, *messages[last + 1 :]])
        scope = {"endpoint": "messages", "model": model, "params": params, "messages": context}
        key = Key(namespace, digest(scope), text)
        history, replies = _plain_history(messages[:last])
        plain = without_persona(params, "system")  # a persona leaves the substance scope
        if not history and not (last == 0 and plain is not None):
            return key  # earlier turns with more than text, or nothing to match in substance
        rest = _with_stable_ids([extras, *messages[last + 1 :]])  # system is a parameter
        substance = scope if plain is None else {**scope, "params": plain}
        view = conversation(digest({**substance, "messages": rest}), history, text, replies)
        return key if view is None else ConversationKey(*_fields(key), conversation=view)

    def bypass_reason(
        self, body: Mapping[str, Any], *, cache_sampled_n: bool = False
    ) -> str | None:
        """No user message with text."""
        check_body(body, "messages")  # as key() checks it, without building the scope
        if _last_user_text(_messages(body)) is None:
            return "no user message with text to key the request on"
        return None

    def is_complete(self, response: object, *, allow_length: bool = True) -> bool:
        """A ``message`` with content and a successful ``stop_reason`` (``max_tokens``
        too if ``allow_length``)."""
        if not isinstance(response, Mapping) or response.get("type") != "message":
            return False
        allowed = _SUCCESS | ({"max_tokens"} if allow_length else set())
        content = response.get("content")
        if not isinstance(content, list) or not content:
            return False
        broken = any(isinstance(block, Mapping) and block.get("_broken") for block in content)
        return response.get("stop_reason") in allowed and not broken

    def assemble(self, chunks: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        """One ``message`` from its events; without ``message_stop`` its
        ``stop_reason`` stays None (an unfinished stream is never complete)."""
        message: dict[str, Any] = {}
        blocks: dict[int, dict[str, Any]] = {}
        stop: dict[str, Any] = {}
        finished = False
        for event in chunks:
            kind = event.get("type")
            if kind == "message_start" and isinstance(event.get("message"), Mapping):
                message = _stream.copy(event["message"])
            elif kind == "content_block_start" and isinstance(event.get("index"), int):
                blocks[event["index"]] = _stream.copy(event.get("content_block") or {})
            elif kind == "content_block_delta" and event.get("index") in blocks:
                _apply_delta(blocks[event["index"]], event.get("delta") or {})
            elif kind == "message_delta":
                stop.update(event.get("delta") or {})
                usage = {**(message.get("usage") or {}), **(event.get("usage") or {})}
                message["usage"] = usage
            elif kind == "message_stop":
                finished = True
        message["content"] = [_finish_block(blocks[index]) for index in sorted(blocks)]
        message.update(stop)
        if not finished:
            message["stop_reason"] = None
        return message

    def replay(
        self,
        response: Mapping[str, Any],
        *,
        include_usage: bool = False,
        words_per_chunk: int = _stream.DEFAULT_WORDS_PER_CHUNK,
    ) -> list[dict[str, Any]]:
        """A stored message as the API's event stream, with a fresh id."""
        final = self.refresh(response)
        usage = final.get("usage") or {}
        start = {**final, "content": [], "stop_reason": None, "stop_sequence": None}
        events: list[dict[str, Any]] = [{"type": "message_start", "message": start}]
        for index, block in enumerate(final.get("content") or ()):
            events.extend(_block_events(index, block, words_per_chunk))
        delta = {
            "stop_reason": final.get("stop_reason"),
            "stop_sequence": final.get("stop_sequence"),
        }
        out_tokens = {"output_tokens": usage.get("output_tokens", 0)}
        events.append({"type": "message_delta", "delta": delta, "usage": out_tokens})
        events.append({"type": "message_stop"})
        return events

    def refresh(self, response: Mapping[str, Any]) -> dict[str, Any]:
        """A copy with a fresh ``id``."""
        return {**_stream.copy(response), "id": "msg_" + secrets.token_hex(12)}


MESSAGES = Messages()


# -- requests -------------------------------------------------------------------


def _messages(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    messages = body.get("messages")
    if not isinstance(messages, list | tuple) or not messages:
        raise InvalidRequestError(
            f"messages must be a non-empty list of message objects; got {describe(messages)}"
        )
    for index, message in enumerate(messages):
        if not isinstance(message, Mapping) or not isinstance(message.get("role"), str):
            raise InvalidRequestError(
                f"messages[{index}] must be an object with a string 'role' and 'content'; "
                f"got {describe(message)}"
            )
        content = message.get("content")
        if not isinstance(content, str | list | tuple):
            raise InvalidRequestError(
                f"messages[{index}].content must be a string or a list of content blocks; "
                f"got {describe(content)}"
            )
    return list(messages)


def _last_user_text(
    messages: Sequence[Mapping[str, Any]],
) -> tuple[int, str, dict[str, Any]] | None:
    """The index, text and rest of the last user message that has text, if any.

    A user message holding only ``tool_result`` blocks continues the turn before
    it: it goes into the scope, and the text of that turn is embedded.
    """
    for index in range(len(messages) - 1, -1, -1):
        if messages[index]["role"] != "user":
            continue
        text, rest = _user_message(messages[index], index)
        if text.strip():
            return index, text, rest
    return None


def _user_message(message: Mapping[str, Any], index: int) -> tuple[str, dict[str, Any]]:
    content = message["content"]
    blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
    texts: list[str] = []
    others: list[Any] = []
    for position, block in enumerate(blocks):
        if not isinstance(block, Mapping):
            raise InvalidRequestError(
                f"messages[{index}].content[{position}] must be a content block object like "
                f"{{'type': 'text', 'text': ...}}; got {describe(block)}"
            )
        if block.get("type") == "text" and isinstance(block.get("text"), str):
            texts.append(block["text"])
            rest = {k: v for k, v in block.items() if k not in ("type", "text")}
            if rest:  # cache_control, citations: part of the request, not of the text
                others.append({"text_block": position, **rest})
        else:
            others.append(block)  # images, documents, tool results: exact match
    rest_of = {key: value for key, value in message.items() if key != "content"}
    return "\n".join(text for text in texts if text), {**rest_of, "content": others}


def _plain_history(earlier: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """The user turns' text among ``earlier`` messages and the assistant's reply to each
    ("" for none), if every one is plain text (user and assistant text blocks, nothing
    else); empty lists otherwise, or if there is none."""
    said: list[tuple[str, str]] = []
    for index, message in enumerate(earlier):
        if message["role"] not in ("user", "assistant") or set(message) - {"role", "content"}:
            return [], []
        text, rest = _user_message(message, index)
        if rest["content"]:  # tool use and results, images, documents, cache_control
            return [], []
        said.append((message["role"], text))
    return turns_and_replies(said)


def _fields(key: Key) -> tuple[str, str, str]:
    return key.namespace, key.scope, key.text


def _with_stable_ids(messages: list[Mapping[str, Any]]) -> list[Any]:
    """Tool-use ids are random per response; number them in order of appearance."""
    ids: dict[str, str] = {}

    def stable(value: object) -> object:
        return ids.setdefault(value, f"toolu_{len(ids)}") if isinstance(value, str) else value

    out: list[Any] = []
    for message in messages:
        content = message.get("content")
        if isinstance(content, list | tuple):
            blocks = []
            for block in content:
                if isinstance(block, Mapping):
                    block = dict(block)
                    if block.get("type") in ("tool_use", "server_tool_use") and "id" in block:
                        block["id"] = stable(block["id"])
                    if "tool_use_id" in block:
                        block["tool_use_id"] = stable(block["tool_use_id"])
                blocks.append(block)
            message = {**message, "content": blocks}
        out.append(message)
    return out


# -- streams --------------------------------------------------------------------

# delta type -> (block field, how the delta's value joins it)
_DELTAS = {
    "text_delta": ("text", "text"),
    "thinking_delta": ("thinking", "thinking"),
    "signature_delta": ("signature", "signature"),
    "input_json_delta": ("_partial_json", "partial_json"),
}


def _apply_delta(block: dict[str, Any], delta: Mapping[str, Any]) -> None:
    kind = delta.get("type")
    if kind in _DELTAS:
        field, value = _DELTAS[str(kind)]
        block[field] = (block.get(field) or "") + str(delta.get(value) or "")
    elif kind == "citations_delta":
        block.setdefault("citations", []).append(_stream.copy(delta.get("citation")))


def _finish_block(block: dict[str, Any]) -> dict[str, Any]:
    partial = block.pop("_partial_json", None)
    if partial:
        try:
            block["input"] = json.loads(partial)
        except ValueError:
            block["input"] = {}
            block["_broken"] = True  # not a complete answer; see is_complete
    return block


def _block_events(index: int, block: Mapping[str, Any], words: int) -> Iterator[dict[str, Any]]:
    kind = block.get("type")
    at = {"index": index}
    if kind == "text":
        text = str(block.get("text") or "")
        yield {"type": "content_block_start", **at, "content_block": {**block, "text": ""}}
        for piece in _stream.split_words(text, words):
            yield _delta(at, {"type": "text_delta", "text": piece})
    elif kind == "tool_use":
        arguments = json.dumps(block.get("input") or {}, separators=(",", ":"))
        yield {"type": "content_block_start", **at, "content_block": {**block, "input": {}}}
        yield _delta(at, {"type": "input_json_delta", "partial_json": arguments})
    elif kind == "thinking":
        started = {**block, "thinking": "", "signature": ""}
        yield {"type": "content_block_start", **at, "content_block": started}
        for piece in _stream.split_words(str(block.get("thinking") or ""), words):
            yield _delta(at, {"type": "thinking_delta", "thinking": piece})
        yield _delta(at, {"type": "signature_delta", "signature": block.get("signature") or ""})
    else:  # redacted thinking, server tool results: one piece each
        yield {"type": "content_block_start", **at, "content_block": block}
    yield {"type": "content_block_stop", **at}


def _delta(at: Mapping[str, Any], delta: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_delta", **at, "delta": delta}
