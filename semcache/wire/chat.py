"""``POST /v1/chat/completions``: the OpenAI chat dialect.

The text is the last user turn (its text parts); the scope is the model, every
parameter not in ``IGNORED_PARAMS``, and every message but the text of that turn
(system prompt, earlier turns, images, later tool results), with tool-call ids
numbered in order so that the random ids of earlier responses do not split the
cache.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .._conversation import ConversationKey
from .._errors import InvalidRequestError
from .._records import Key
from . import _stream
from ._body import SAMPLED_N, check_body, describe, digest, is_sampled_n, split_body
from .context import conversation, persona, turns_and_replies

__all__ = ["CHAT", "ChatCompletions"]

_TEXT_PARTS = frozenset({"text", "input_text"})
# Messages that stay in the scope in substance mode (context="substance").
_INSTRUCTIONS = frozenset({"system", "developer"})


class ChatCompletions:
    """The chat completions dialect (see :class:`~semcache.wire.Dialect`)."""

    name = "chat"
    #: Streams are ``data:`` chunks ended by ``data: [DONE]``.
    typed_events = False

    def key(self, body: Mapping[str, Any], *, namespace: str) -> Key:
        """The cache key: the last user turn as text, everything else in the scope."""
        model, params = split_body(body, "messages")
        messages = _messages(body)
        last = _last_user_index(messages)
        if last is None:
            raise InvalidRequestError(
                "messages has no message with role 'user'; a chat request is cached under "
                "its last user turn"
            )
        text, extras = _user_turn(messages[last], last)
        if not text.strip():
            raise InvalidRequestError(
                f"messages[{last}] has no text to embed; a request is cached under its text "
                "(send it with x-semcache-bypass: 1, or add text)"
            )
        context = _with_stable_tool_ids([*messages[:last], extras, *messages[last + 1 :]])
        scope = {"endpoint": "chat", "model": model, "params": params, "messages": context}
        key = Key(namespace, digest(scope), text)
        history, replies = _plain_history(messages[:last])
        kept = [m for m in messages[:last] if m["role"] in _INSTRUCTIONS and not _persona(m)]
        bare = all(m["role"] in _INSTRUCTIONS for m in messages[:last])
        if not history and not (bare and len(kept) < last):
            return key  # no earlier turns, or ones that hold more than text: exact only
        rest = _with_stable_tool_ids([*kept, extras, *messages[last + 1 :]])
        view = conversation(digest({**scope, "messages": rest}), history, text, replies)
        return key if view is None else ConversationKey(*_fields(key), conversation=view)

    def bypass_reason(
        self, body: Mapping[str, Any], *, cache_sampled_n: bool = False
    ) -> str | None:
        """No user turn, no text in it, or sampled ``n > 1``."""
        check_body(body, "messages")  # as key() checks it, without building the scope
        messages = _messages(body)
        last = _last_user_index(messages)
        if last is None:
            return "no message with role 'user' to key the request on"
        text, _ = _user_turn(messages[last], last)
        if not text.strip():
            return "the last user message has no text to embed"
        return SAMPLED_N if not cache_sampled_n and is_sampled_n(body) else None

    def is_complete(self, response: object, *, allow_length: bool = True) -> bool:
        """Every choice has its message and a successful ``finish_reason``."""
        return _stream.is_complete(response, answer_field="message", allow_length=allow_length)

    def assemble(self, chunks: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        """One ``chat.completion`` from its chunks: deltas merged per choice."""
        return _stream.assemble(
            chunks, object_name="chat.completion", delta_into="message", finish=_finish_choice
        )

    def replay(
        self,
        response: Mapping[str, Any],
        *,
        include_usage: bool = False,
        words_per_chunk: int = _stream.DEFAULT_WORDS_PER_CHUNK,
    ) -> list[dict[str, Any]]:
        """A stored answer as chunks: per choice a role chunk, the content a few words
        per chunk, tool calls one chunk each, then the ``finish_reason``."""
        return _stream.replay(
            response,
            id_prefix="chatcmpl-",
            chunk_object="chat.completion.chunk",
            pieces=_pieces,
            include_usage=include_usage,
            words_per_chunk=words_per_chunk,
        )

    def refresh(self, response: Mapping[str, Any]) -> dict[str, Any]:
        """A copy with a fresh ``id`` and ``created``."""
        return {**_stream.copy(response), **_stream.identity("chatcmpl-")}


CHAT = ChatCompletions()


# -- requests -------------------------------------------------------------------


def _messages(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    messages = body.get("messages")
    if not isinstance(messages, list | tuple) or not messages:
        raise InvalidRequestError(
            f"messages must be a non-empty list of message objects; got {describe(messages)}"
        )
    for index, message in enumerate(messages):
        _check_message(message, index)
    return list(messages)


def _check_message(message: object, index: int) -> None:
    if not isinstance(message, Mapping):
        raise InvalidRequestError(
            f"messages[{index}] must be an object with 'role' and 'content'; "
            f"got {describe(message)}"
        )
    if not isinstance(message.get("role"), str):
        raise InvalidRequestError(
            f"messages[{index}].role must be a string such as 'user'; "
            f"got {describe(message.get('role'))}"
        )
    content = message.get("content")
    if content is not None and not isinstance(content, str | list | tuple):
        raise InvalidRequestError(
            f"messages[{index}].content must be a string, a list of content parts or null; "
            f"got {describe(content)}"
        )


def _last_user_index(messages: Sequence[Mapping[str, Any]]) -> int | None:
    for index in range(len(messages) - 1, -1, -1):
        if messages[index]["role"] == "user":
            return index
    return None


def _user_turn(message: Mapping[str, Any], index: int) -> tuple[str, dict[str, Any]]:
    """The text to embed, and the rest of the message (non-text parts) for the scope."""
    content = message.get("content")
    parts: Sequence[Any] = [] if content is None else _parts(content)
    texts: list[str] = []
    others: list[Any] = []
    for position, part in enumerate(parts):
        if not isinstance(part, Mapping):
            raise InvalidRequestError(
                f"messages[{index}].content[{position}] must be a content part object "
                f"like {{'type': 'text', 'text': ...}}; got {describe(part)}"
            )
        if part.get("type") in _TEXT_PARTS and isinstance(part.get("text"), str):
            texts.append(part["text"])
        else:
            others.append(part)  # images, audio, files: exact match by content
    rest = {key: value for key, value in message.items() if key != "content"}
    return "\n".join(text for text in texts if text), {**rest, "content": others}


def _plain_history(earlier: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """The user turns' text among ``earlier`` messages and the assistant's reply to each
    ("" for none), if they are all plain text (system, user and assistant messages with
    text only); empty lists otherwise, or if none."""
    said: list[tuple[str, str]] = []
    for index, message in enumerate(earlier):
        role = message["role"]
        if role in _INSTRUCTIONS:
            continue
        if role not in ("user", "assistant") or set(message) - {"role", "content", "name"}:
            return [], []  # tool calls and results, audio, refusals: data that must match exactly
        text, others = _user_turn(message, index)
        if others["content"]:
            return [], []  # images, files
        said.append((role, text))
    return turns_and_replies(said)


def _persona(message: Mapping[str, Any]) -> bool:
    """A system prompt that names the default persona and gives no instruction."""
    content = message.get("content")
    return set(message) <= {"role", "content"} and isinstance(content, str) and persona(content)


def _fields(key: Key) -> tuple[str, str, str]:
    return key.namespace, key.scope, key.text


def _parts(content: str | Sequence[Any]) -> Sequence[Any]:
    return [{"type": "text", "text": content}] if isinstance(content, str) else content


def _with_stable_tool_ids(messages: list[Mapping[str, Any]]) -> list[Any]:
    """Tool call ids are random per response; number them in order of appearance."""
    ids: dict[str, str] = {}

    def stable(call_id: object) -> object:
        if not isinstance(call_id, str):
            return call_id
        return ids.setdefault(call_id, f"call_{len(ids)}")

    out: list[Any] = []
    for message in messages:
        copy = dict(message)
        calls = copy.get("tool_calls")
        if isinstance(calls, list | tuple):
            copy["tool_calls"] = [
                {**call, "id": stable(call.get("id"))} if isinstance(call, Mapping) else call
                for call in calls
            ]
        if "tool_call_id" in copy:
            copy["tool_call_id"] = stable(copy["tool_call_id"])
        out.append(copy)
    return out


# -- responses ------------------------------------------------------------------


def _finish_choice(state: dict[str, Any]) -> dict[str, Any]:
    message = {"role": "assistant", "content": None, **state.pop("message", {})}
    if isinstance(message.get("tool_calls"), list):
        message["tool_calls"] = [_without_index(call) for call in message["tool_calls"]]
    return {**state, "message": message}


def _without_index(call: Any) -> Any:
    return {k: v for k, v in call.items() if k != "index"} if isinstance(call, dict) else call


def _pieces(choice: Mapping[str, Any], words: int) -> list[dict[str, Any]]:
    end = {"logprobs": choice.get("logprobs"), "finish_reason": choice.get("finish_reason")}
    deltas = _message_deltas(choice.get("message") or {}, words)
    return [{"delta": delta, "logprobs": None, "finish_reason": None} for delta in deltas] + [
        {"delta": {}, **end}
    ]


def _message_deltas(message: Mapping[str, Any], words: int) -> Iterator[dict[str, Any]]:
    content = message.get("content")
    role = message.get("role") or "assistant"
    yield {"role": role, "content": ""} if isinstance(content, str) else {"role": role}
    for piece in _stream.split_words(content if isinstance(content, str) else "", words):
        yield {"content": piece}
    for position, call in enumerate(message.get("tool_calls") or ()):
        yield {"tool_calls": [{"index": position, **call}]}
    for key, value in message.items():
        if key not in ("role", "content", "tool_calls") and value is not None:
            yield {key: value}  # refusal, function_call, audio, provider extras: one piece
