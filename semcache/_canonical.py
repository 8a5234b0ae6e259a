"""Request canonicalization: an OpenAI-style request body as a cache ``Key``.

Shared by the drop-in client and the proxy, so both key a request the same way
and can share one cache. Works on plain JSON-level dicts (a parsed request body),
never on SDK types. The rules are documented, parameter by parameter, in
``docs/keys.md``; :data:`IGNORED_PARAMS` is the only place that lets a parameter
out of the scope.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from ._errors import InvalidRequestError
from ._keys import scope_digest
from ._records import Key

__all__ = [
    "IGNORED_PARAMS",
    "Endpoint",
    "bypass_reason",
    "canonicalize",
    "canonicalize_chat",
    "canonicalize_completion",
]

Endpoint = Literal["chat", "completion"]

# Parameters that do not change the answer, with the reason. Everything else,
# including parameters unknown to this table, goes into the scope: an unknown
# parameter splitting the cache costs hits, one wrongly ignored serves wrong answers.
IGNORED_PARAMS: Mapping[str, str] = {
    "stream": "a cached answer is replayed as a stream or as one object on demand",
    "stream_options": "only frames the stream (include_usage); honoured on replay",
    "user": "an end-user id for abuse monitoring; the namespace separates tenants",
    "safety_identifier": "an end-user id for abuse monitoring (successor of user)",
    "metadata": "tags for stored completions, not seen by the model",
    "store": "whether the provider keeps the completion, not seen by the model",
    "service_tier": "latency and price class of the same model",
    "prompt_cache_key": "routing hint of the provider's prompt cache",
    "prompt_cache_retention": "lifetime of the provider's prompt cache",
    "prompt_cache_options": "options of the provider's prompt cache",
    "timeout": "a client-side setting some clients put in the body",
}

_VERSION = 1
_SAMPLED_N = "n > 1 with temperature > 0 asks for different answers on purpose"
_TEXT_PARTS = frozenset({"text", "input_text"})


def canonicalize(endpoint: Endpoint, body: Mapping[str, Any], *, namespace: str) -> Key:
    """The cache key of a ``/v1/chat/completions`` or ``/v1/completions`` body.

    ``text`` is the last user turn (chat) or the prompt (completion); ``scope`` is a
    digest of the model, every parameter not in :data:`IGNORED_PARAMS`, and, for
    chat, every message but the text of the last user turn. Raises
    :class:`~semcache.InvalidRequestError` naming the field for a body that cannot
    be keyed; check :func:`bypass_reason` first to tell valid but uncacheable
    requests (no user turn, a batch of prompts) apart from malformed ones.
    """
    if endpoint == "chat":
        return canonicalize_chat(body, namespace=namespace)
    if endpoint == "completion":
        return canonicalize_completion(body, namespace=namespace)
    raise InvalidRequestError(f"endpoint must be 'chat' or 'completion'; got {endpoint!r}")


def canonicalize_chat(body: Mapping[str, Any], *, namespace: str) -> Key:
    """The cache key of a chat completion body (see :func:`canonicalize`)."""
    model, params = _split_body(body, "messages")
    messages = _messages(body)
    last = _last_user_index(messages)
    if last is None:
        raise InvalidRequestError(
            "messages has no message with role 'user'; a chat request is cached under "
            "its last user turn"
        )
    text, extras = _user_turn(messages[last], last)
    context = _with_stable_tool_ids([*messages[:last], extras, *messages[last + 1 :]])
    scope = {"endpoint": "chat", "model": model, "params": params, "messages": context}
    return Key(namespace, _digest(scope), _require_text(text, f"messages[{last}]"))


def canonicalize_completion(body: Mapping[str, Any], *, namespace: str) -> Key:
    """The cache key of a legacy completion body (see :func:`canonicalize`)."""
    model, params = _split_body(body, "prompt")
    text = _prompt_text(body)
    if text is None:
        raise InvalidRequestError(
            "prompt must be one string (or a list of exactly one string) to be cached; "
            f"got {_describe(body.get('prompt'))}"
        )
    scope = {"endpoint": "completion", "model": model, "params": params}
    return Key(namespace, _digest(scope), _require_text(text, "prompt"))


def bypass_reason(
    endpoint: Endpoint, body: Mapping[str, Any], *, cache_sampled_n: bool = False
) -> str | None:
    """Why a valid request must not be served from (or stored in) the cache, or None.

    Reasons: no user turn or no text to embed, a batch or token-id prompt,
    ``echo`` (the answer contains the prompt itself), and ``n > 1`` with a
    temperature above 0 (unless ``cache_sampled_n``; a missing temperature counts
    as above 0). Raises :class:`~semcache.InvalidRequestError` for a malformed body.
    """
    if endpoint == "chat":
        reason = _chat_bypass(body)
    elif endpoint == "completion":
        reason = _completion_bypass(body)
    else:
        raise InvalidRequestError(f"endpoint must be 'chat' or 'completion'; got {endpoint!r}")
    if reason is None and not cache_sampled_n and _is_sampled_n(body):
        return _SAMPLED_N
    return reason


def _chat_bypass(body: Mapping[str, Any]) -> str | None:
    _split_body(body, "messages")
    messages = _messages(body)
    last = _last_user_index(messages)
    if last is None:
        return "no message with role 'user' to key the request on"
    text, _ = _user_turn(messages[last], last)
    return None if text.strip() else "the last user message has no text to embed"


def _completion_bypass(body: Mapping[str, Any]) -> str | None:
    _split_body(body, "prompt")
    text = _prompt_text(body)
    if text is None:
        return f"prompt is {_describe(body.get('prompt'))}, not one string"
    if not text.strip():
        return "the prompt has no text to embed"
    return "echo=true returns the prompt itself in the answer" if body.get("echo") else None


def _is_sampled_n(body: Mapping[str, Any]) -> bool:
    n, temperature = body.get("n"), body.get("temperature")
    if not isinstance(n, int) or isinstance(n, bool) or n <= 1:
        return False
    return not isinstance(temperature, int | float) or temperature > 0


# -- the parts of a key ---------------------------------------------------------


def _split_body(body: object, content_field: str) -> tuple[str, dict[str, Any]]:
    """The model and the normalized parameters that go into the scope."""
    if not isinstance(body, Mapping):
        raise InvalidRequestError(f"request body must be a JSON object; got {_describe(body)}")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise InvalidRequestError(f"model must be a non-empty string; got {_describe(model)}")
    params: dict[str, Any] = {}
    for name, value in body.items():
        if name in ("model", content_field) or name in IGNORED_PARAMS or value is None:
            continue  # null asks for the default, the same as leaving it out
        params[str(name)] = _normalize_param(name, value)
    if params.get("n") == 1:
        del params["n"]  # 1 is the default of every OpenAI-compatible server
    return model, params


def _normalize_param(name: str, value: Any) -> Any:
    if name == "stop" and isinstance(value, str):
        return [value]
    return _integral_floats(value)


def _integral_floats(value: Any) -> Any:
    """0.0 and 0 mean the same to the server; make them the same in the scope."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {key: _integral_floats(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_integral_floats(item) for item in value]
    return value


def _messages(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    messages = body.get("messages")
    if not isinstance(messages, list | tuple) or not messages:
        raise InvalidRequestError(
            f"messages must be a non-empty list of message objects; got {_describe(messages)}"
        )
    for index, message in enumerate(messages):
        _check_message(message, index)
    return list(messages)


def _check_message(message: object, index: int) -> None:
    if not isinstance(message, Mapping):
        raise InvalidRequestError(
            f"messages[{index}] must be an object with 'role' and 'content'; "
            f"got {_describe(message)}"
        )
    if not isinstance(message.get("role"), str):
        raise InvalidRequestError(
            f"messages[{index}].role must be a string such as 'user'; "
            f"got {_describe(message.get('role'))}"
        )
    content = message.get("content")
    if content is not None and not isinstance(content, str | list | tuple):
        raise InvalidRequestError(
            f"messages[{index}].content must be a string, a list of content parts or null; "
            f"got {_describe(content)}"
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
                f"like {{'type': 'text', 'text': ...}}; got {_describe(part)}"
            )
        if part.get("type") in _TEXT_PARTS and isinstance(part.get("text"), str):
            texts.append(part["text"])
        else:
            others.append(part)  # images, audio, files: exact match by content
    rest = {key: value for key, value in message.items() if key != "content"}
    return "\n".join(text for text in texts if text), {**rest, "content": others}


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


def _prompt_text(body: Mapping[str, Any]) -> str | None:
    prompt = body.get("prompt")
    if isinstance(prompt, str):
        return prompt
    if isinstance(prompt, list | tuple) and len(prompt) == 1 and isinstance(prompt[0], str):
        return prompt[0]
    return None


def _require_text(text: str, field: str) -> str:
    if not text.strip():
        raise InvalidRequestError(
            f"{field} has no text to embed; a request is cached under its text "
            "(send it with x-semcache-bypass: 1, or add text)"
        )
    return text


def _digest(scope: Mapping[str, Any]) -> str:
    try:
        encoded = json.dumps(
            {"v": _VERSION, **scope},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            allow_nan=False,
        )
    except (TypeError, ValueError) as exc:
        raise InvalidRequestError(
            f"request body must be plain JSON (objects, lists, strings, finite numbers, "
            f"booleans, null); {exc}"
        ) from exc
    return scope_digest(encoded)


def _describe(value: object) -> str:
    if value is None:
        return "nothing (missing or null)"
    text = repr(value)
    shown = text if len(text) <= 60 else text[:57] + "..."
    return f"{type(value).__name__} {shown}"
