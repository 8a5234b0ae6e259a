"""``POST /v1/responses``: the OpenAI Responses dialect.

The text is the last user item of ``input`` (its text parts; a string ``input`` is
that item); the scope is the model, ``instructions`` (the system part), every
other parameter not in ``IGNORED_PARAMS`` (``previous_response_id``, ``tools``,
``text.format``, ``reasoning``, unknown ones) and every other input item, with
call ids and item ids numbered in order so that the random ids of earlier
responses do not split the cache. Requests that create server state
(``store: true``, ``background``, ``conversation``) bypass the cache: a served
copy would not exist on the server.

A stored answer is the ``response`` object; a hit replayed as a stream is the
event sequence of the API (``response.created``, ``response.in_progress``, per
output item ``response.output_item.added``, its content parts or arguments as
deltas, ``response.output_item.done``, then ``response.completed``), one response
id throughout, as the SDK's stream accumulator checks.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .._conversation import ConversationKey
from .._errors import InvalidRequestError
from .._records import Key
from . import _stream
from ._body import check_body, describe, digest, split_body
from .context import conversation, turns_and_replies, without_persona

__all__ = ["RESPONSES", "Responses"]

_TEXT_PARTS = frozenset({"input_text", "text", "output_text"})
# Items that stay in the scope in substance mode, and the keys of a plain message item.
_INSTRUCTIONS = frozenset({"system", "developer"})
_PLAIN_KEYS = frozenset({"role", "content", "type", "id", "status"})
_TERMINAL = frozenset({"response.completed", "response.incomplete", "response.failed"})
# Server-state requests: the answer is kept (or computed) on the server under its id.
_SERVER_STATE = {
    "store": "store=true keeps the response on the server under its id",
    "background": "background=true runs the response on the server",
    "conversation": "a conversation is server state the response is appended to",
}


class Responses:
    """The Responses dialect (see :class:`~semcache.wire.Dialect`)."""

    name = "responses"
    #: Streams are named SSE events ended by ``response.completed``, not ``[DONE]``.
    typed_events = True

    def key(self, body: Mapping[str, Any], *, namespace: str) -> Key:
        """The cache key: the last user item as text, everything else in the scope."""
        model, params = split_body(body, "input")
        items = _items(body)
        last = _last_user_index(items)
        if last is None:
            raise InvalidRequestError(
                "input has no item with role 'user'; a responses request is cached under "
                "its last user item"
            )
        text, extras = _user_item(items[last], last)
        if not text.strip():
            raise InvalidRequestError(
                f"input[{last}] has no text to embed; a request is cached under its text "
                "(send it with x-semcache-bypass: 1, or add text)"
            )
        context = _with_stable_ids([*items[:last], extras, *items[last + 1 :]])
        scope = {"endpoint": "responses", "model": model, "params": params, "input": context}
        key = Key(namespace, digest(scope), text)
        history, replies = _plain_history(items[:last])
        plain = without_persona(params, "instructions")  # a persona leaves the substance scope
        if not history and not (last == 0 and plain is not None):
            return key  # earlier items with more than text, or nothing to match in substance
        kept = [item for item in items[:last] if item.get("role") in _INSTRUCTIONS]
        rest = _with_stable_ids([*kept, extras, *items[last + 1 :]])
        substance = scope if plain is None else {**scope, "params": plain}
        view = conversation(digest({**substance, "input": rest}), history, text, replies)
        if view is None:
            return key
        return ConversationKey(key.namespace, key.scope, key.text, conversation=view)

    def bypass_reason(
        self, body: Mapping[str, Any], *, cache_sampled_n: bool = False
    ) -> str | None:
        """Server state (``store``, ``background``, ``conversation``), or no user text."""
        check_body(body, "input")  # as key() checks it, without building the scope
        for name, reason in _SERVER_STATE.items():
            value = body.get(name)
            if value is True or (name == "conversation" and value is not None):
                return reason
        items = _items(body)
        last = _last_user_index(items)
        if last is None:
            return "no input item with role 'user' to key the request on"
        text, _ = _user_item(items[last], last)
        return None if text.strip() else "the last user item has no text to embed"

    def is_complete(self, response: object, *, allow_length: bool = True) -> bool:
        """``status`` is ``completed`` (or ``incomplete`` for ``max_output_tokens`` if
        ``allow_length``) with no error and at least one output item."""
        if not isinstance(response, Mapping) or response.get("error"):
            return False
        output = response.get("output")
        if not isinstance(output, list) or not output:
            return False
        status = response.get("status")
        if status == "completed":
            return True
        details = response.get("incomplete_details")
        reason = details.get("reason") if isinstance(details, Mapping) else None
        return allow_length and status == "incomplete" and reason == "max_output_tokens"

    def assemble(self, chunks: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        """The ``response`` of the terminal event, its output rebuilt from the
        ``response.output_item.done`` events if it came without; ``{}`` if the
        stream never finished."""
        final: dict[str, Any] | None = None
        done: dict[int, Any] = {}
        for event in chunks:
            kind = event.get("type")
            if kind == "response.output_item.done" and isinstance(event.get("output_index"), int):
                done[event["output_index"]] = _stream.copy(event.get("item"))
            elif kind in _TERMINAL and isinstance(event.get("response"), Mapping):
                final = _stream.copy(event["response"])
        if final is None:
            return {}
        if final.get("output") is None:
            final["output"] = [done[index] for index in sorted(done)]
        return final

    def replay(
        self,
        response: Mapping[str, Any],
        *,
        include_usage: bool = False,
        words_per_chunk: int = _stream.DEFAULT_WORDS_PER_CHUNK,
    ) -> list[dict[str, Any]]:
        """A stored response as the API's event stream, with a fresh response id
        (usage is always part of ``response.completed``)."""
        final = self.refresh(response)
        start = {**final, "status": "in_progress", "output": [], "usage": None}
        start.pop("incomplete_details", None)
        events: list[dict[str, Any]] = [
            {"type": "response.created", "response": start},
            {"type": "response.in_progress", "response": start},
        ]
        for index, item in enumerate(final.get("output") or ()):
            events.extend(_item_events(index, item, words_per_chunk))
        terminal = "response.completed" if final.get("status") == "completed" else None
        events.append({"type": terminal or "response.incomplete", "response": final})
        return [{**event, "sequence_number": n} for n, event in enumerate(events)]

    def refresh(self, response: Mapping[str, Any]) -> dict[str, Any]:
        """A copy with a fresh ``id`` and ``created_at``."""
        fresh = {"id": "resp_" + secrets.token_hex(24), "created_at": int(time.time())}
        return {**_stream.copy(response), **fresh}


RESPONSES = Responses()


# -- requests -------------------------------------------------------------------


def _items(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    given = body.get("input")
    if isinstance(given, str):
        return [{"role": "user", "content": given}]
    if not isinstance(given, list | tuple) or not given:
        raise InvalidRequestError(
            f"input must be a string or a non-empty list of input items; got {describe(given)}"
        )
    for index, item in enumerate(given):
        if not isinstance(item, Mapping):
            raise InvalidRequestError(
                f"input[{index}] must be an input item object such as "
                f"{{'role': 'user', 'content': ...}}; got {describe(item)}"
            )
    return list(given)


def _last_user_index(items: Sequence[Mapping[str, Any]]) -> int | None:
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        if item.get("role") == "user" and item.get("type", "message") == "message":
            return index
    return None


def _user_item(item: Mapping[str, Any], index: int) -> tuple[str, dict[str, Any]]:
    """The text to embed, and the rest of the item (non-text parts) for the scope."""
    content = item.get("content")
    if isinstance(content, str):
        content = [{"type": "input_text", "text": content}]
    if not isinstance(content, list | tuple):
        raise InvalidRequestError(
            f"input[{index}].content must be a string or a list of content parts; "
            f"got {describe(content)}"
        )
    texts: list[str] = []
    others: list[Any] = []
    for position, part in enumerate(content):
        if not isinstance(part, Mapping):
            raise InvalidRequestError(
                f"input[{index}].content[{position}] must be a content part object like "
                f"{{'type': 'input_text', 'text': ...}}; got {describe(part)}"
            )
        if part.get("type") in _TEXT_PARTS and isinstance(part.get("text"), str):
            texts.append(part["text"])
        else:
            others.append(part)  # images, files, audio: exact match by content
    rest = {key: value for key, value in item.items() if key not in ("content", "type")}
    return "\n".join(text for text in texts if text), {**rest, "content": others}


def _plain_history(earlier: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """The user items' text among ``earlier`` items and the assistant's reply to each
    ("" for none), if every one is a plain message (system, developer, user and
    assistant text, nothing else); empty lists otherwise."""
    said: list[tuple[str, str]] = []
    for index, item in enumerate(earlier):
        role = item.get("role")
        if item.get("type", "message") != "message" or set(item) - _PLAIN_KEYS:
            return [], []  # function calls and their outputs, reasoning: data, matched exactly
        if role in _INSTRUCTIONS:
            continue
        text, rest = _user_item(item, index)
        parts = rest["content"]
        if (
            role not in ("user", "assistant")
            or parts
            or rest.get("status") not in (None, "completed")
        ):
            return [], []  # images, files, refusals
        said.append((role, text))
    return turns_and_replies(said)


def _with_stable_ids(items: list[Mapping[str, Any]]) -> list[Any]:
    """Item ids and call ids are random per response; number them in order of appearance."""
    ids: dict[str, str] = {}

    def stable(value: object, prefix: str) -> object:
        if not isinstance(value, str):
            return value
        return ids.setdefault(value, f"{prefix}_{len(ids)}")

    out: list[Any] = []
    for item in items:
        copy = {key: value for key, value in item.items() if value is not None}
        if copy.get("type", "message") == "message":
            copy.pop("type", None)  # {"role": ...} and {"type": "message", ...} are one item
            copy.pop("status", None)
        if "id" in copy:
            copy["id"] = stable(copy["id"], "item")
        if "call_id" in copy:
            copy["call_id"] = stable(copy["call_id"], "call")
        out.append(copy)
    return out


# -- replay ---------------------------------------------------------------------


def _item_events(index: int, item: Mapping[str, Any], words: int) -> Iterator[dict[str, Any]]:
    """The events of one output item: added, its deltas, done."""
    at = {"output_index": index}
    kind = item.get("type")
    if kind == "message":
        yield {"type": "response.output_item.added", **at, "item": {**item, "content": []}}
        for position, part in enumerate(item.get("content") or ()):
            where = {"item_id": item.get("id"), **at, "content_index": position}
            yield from _part_events(where, part, words)
    elif kind == "function_call":
        arguments = item.get("arguments") or ""
        started = {**item, "arguments": "", "status": "in_progress"}
        yield {"type": "response.output_item.added", **at, "item": started}
        where = {"item_id": item.get("id"), **at}
        for piece in _stream.split_words(arguments, words):
            yield {"type": "response.function_call_arguments.delta", **where, "delta": piece}
        done = {"type": "response.function_call_arguments.done", **where, "arguments": arguments}
        yield {**done, "name": item.get("name")}
    else:  # reasoning, tool calls of built-in tools: one piece each
        yield {"type": "response.output_item.added", **at, "item": item}
    yield {"type": "response.output_item.done", **at, "item": item}


def _part_events(
    where: Mapping[str, Any], part: Mapping[str, Any], words: int
) -> Iterator[dict[str, Any]]:
    kind = part.get("type")
    field, event = ("refusal", "response.refusal") if kind == "refusal" else ("text", None)
    event = event or "response.output_text"
    value = part.get(field)
    full = value if isinstance(value, str) else ""
    empty = {**part, field: ""}
    yield {"type": "response.content_part.added", **where, "part": empty}
    extra: dict[str, Any] = {"logprobs": []} if kind == "output_text" else {}
    for piece in _stream.split_words(full, words):
        yield {"type": f"{event}.delta", **where, "delta": piece, **extra}
    yield {"type": f"{event}.done", **where, field: full, **extra}
    yield {"type": "response.content_part.done", **where, "part": part}
