"""The parts of a request body every dialect keys the same way: the model, the
parameters that go into the scope, and the scope's digest.

The rules are documented, parameter by parameter, in ``docs/keys.md``;
:data:`IGNORED_PARAMS` is the only place that lets a parameter out of the scope.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from typing import Any

from .._errors import InvalidRequestError
from .._keys import scope_digest

__all__ = [
    "IGNORED_PARAMS",
    "MAX_DEPTH",
    "MAX_ITEMS",
    "SAMPLED_N",
    "check_body",
    "checking_once",
    "describe",
    "digest",
    "is_sampled_n",
    "split_body",
]

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

SAMPLED_N = "n > 1 with temperature > 0 asks for different answers on purpose"
_VERSION = 1
#: Deepest nesting of objects and lists a body may have. Real requests (tool
#: schemas included) stay far below; the limit keeps canonicalization, which
#: recurses, from ever meeting Python's recursion limit.
MAX_DEPTH = 64
#: Most messages (or prompts, or input items) one request may carry.
MAX_ITEMS = 10_000


# Within checking_once(): the body (and content field) check_body last passed, so that
# a second check of the same object (key() after bypass_reason()) skips the walk.
# Outside it: _EVERY_TIME, and every call checks (a caller may change a body between).
_EVERY_TIME = object()
_CHECKED: ContextVar[object] = ContextVar("semcache_checked_body", default=_EVERY_TIME)


class checking_once:  # lower case, as contextlib's context managers are
    """Within it, :func:`check_body` walks a body's depth once, however often it is
    asked about the same object: for a caller that checks and then keys a body it
    does not change in between (``wire.prepare``). Per thread and per task. A class,
    not a ``contextmanager`` generator: that costs as much as the walk it saves."""

    __slots__ = ("_token",)

    def __enter__(self) -> None:
        self._token = _CHECKED.set(None)

    def __exit__(self, *exc_info: object) -> None:
        _CHECKED.reset(self._token)


def split_body(body: object, content_field: str) -> tuple[str, dict[str, Any]]:
    """The model and the normalized parameters that go into the scope.

    ``content_field`` (``messages``, ``prompt``) is left out: the dialect keys it.
    """
    model = check_body(body, content_field)
    assert isinstance(body, Mapping)  # checked
    params: dict[str, Any] = {}
    for name, value in body.items():
        if name in ("model", content_field) or name in IGNORED_PARAMS or value is None:
            continue  # null asks for the default, the same as leaving it out
        params[str(name)] = _normalize_param(name, value)
    if params.get("n") == 1:
        del params["n"]  # 1 is the default of every OpenAI-compatible server
    return model, params


def check_body(body: object, content_field: str) -> str:
    """The model of a body :func:`split_body` takes; raises as it does for one it refuses
    (not an object, too many items or too deep, no model), without building the
    parameters: for a check that keys nothing (``bypass_reason``)."""
    if not isinstance(body, Mapping):
        raise InvalidRequestError(f"request body must be a JSON object; got {describe(body)}")
    checked = _CHECKED.get()
    if checked is _EVERY_TIME:
        _check_size(body, content_field)
    elif not (type(checked) is tuple and checked[0] is body and checked[1] == content_field):
        _check_size(body, content_field)
        _CHECKED.set((body, content_field))
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise InvalidRequestError(f"model must be a non-empty string; got {describe(model)}")
    return model


def _check_size(body: Mapping[str, Any], content_field: str) -> None:
    """Refuse bodies too deep or with too many items to key (a 400, never a RecursionError)."""
    items = body.get(content_field)
    if isinstance(items, list | tuple) and len(items) > MAX_ITEMS:
        raise InvalidRequestError(
            f"{content_field} has {len(items)} items, over the limit of {MAX_ITEMS}; "
            "send fewer (or x-semcache-bypass: 1 to skip the cache)"
        )
    depth = _depth(body)
    if depth > MAX_DEPTH:
        raise InvalidRequestError(
            f"request body is nested more than {MAX_DEPTH} levels deep; flatten it "
            "(or send x-semcache-bypass: 1 to skip the cache)"
        )


def _depth(value: object) -> int:
    """How deeply objects and lists nest in ``value``, stopping just past MAX_DEPTH."""
    deepest, stack = 0, [(value, 1)]
    while stack:  # iterative: the very bodies this guards against would overflow a recursion
        item, level = stack.pop()
        kind = type(item)  # the plain types first: an ABC isinstance per node was most of it
        if kind is dict:
            children: Iterable[object] = item.values()  # type: ignore[attr-defined]
        elif kind is list or kind is tuple or isinstance(item, list | tuple):
            children = item  # type: ignore[assignment]
        elif kind not in _LEAVES and isinstance(item, Mapping):
            children = item.values()
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        below = level + 1
        for child in children:  # only containers go on the stack
            if type(child) not in _LEAVES:
                stack.append((child, below))
    return deepest


# What JSON parses into besides objects and lists: never nested, told by type alone.
_LEAVES = frozenset({str, int, float, bool, type(None)})


def is_sampled_n(body: Mapping[str, Any]) -> bool:
    """Whether the body asks for several sampled answers (a missing temperature is > 0)."""
    n, temperature = body.get("n"), body.get("temperature")
    if not isinstance(n, int) or isinstance(n, bool) or n <= 1:
        return False
    return not isinstance(temperature, int | float) or temperature > 0


def _normalize_param(name: str, value: Any) -> Any:
    if name == "stop" and isinstance(value, str):
        return [value]
    return _integral_floats(value)


def _integral_floats(value: Any) -> Any:
    """0.0 and 0 mean the same to the server; make them the same in the scope."""
    kind = type(value)  # the plain types first (no ABC isinstance per node)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return {key: _integral_floats(item) for key, item in value.items()}
    if kind is list:
        return [_integral_floats(item) for item in value]
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {key: _integral_floats(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_integral_floats(item) for item in value]
    return value


def digest(scope: Mapping[str, Any]) -> str:
    """The scope digest of everything that must match exactly (canonical JSON, hashed once)."""
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


def describe(value: object) -> str:
    """A short description of a bad value for an error message."""
    if value is None:
        return "nothing (missing or null)"
    text = repr(value)
    shown = text if len(text) <= 60 else text[:57] + "..."
    return f"{type(value).__name__} {shown}"
