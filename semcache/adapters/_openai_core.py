"""The decisions of the drop-in OpenAI client, shared by its sync and async faces.

Nothing here does network I/O: :func:`prepare` turns the keyword arguments of a
``create`` call into a :class:`Call` (key, controls, what to forward upstream),
:func:`lookup` and :func:`store` talk to the cache (blocking CPU work; the async
client runs them in a worker thread) and fail open, and the remaining functions
convert between the SDK's objects and the wire-level dicts the cache stores.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import openai
import pydantic
from openai.types import Completion
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from .._cache import SemanticCache
from .._canonical import Endpoint, bypass_reason, canonicalize
from .._controls import PREFIX as CONTROL_PREFIX
from .._controls import Controls, parse_controls, strip_controls
from .._errors import ConfigError, InvalidRequestError
from .._records import Hit, Key
from .._replay import assemble, include_usage, is_complete_success, refresh_identity, to_chunks

__all__ = ["Call", "Recorder", "Settings", "prepare"]

_log = logging.getLogger("semcache")

# Arguments of create() that configure the HTTP call, not the request body.
_TRANSPORT_ARGS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
# The SDK marks raw-response and helper (.stream(), .parse()) calls with these
# headers; they expect the SDK's own return types, so they pass through uncached.
_SDK_MARKERS = frozenset(
    {"x-stainless-raw-response", "x-stainless-helper-method", "____stainless_override_cast_to"}
)
_MAX_NAMESPACE = 128


@dataclass(frozen=True, slots=True)
class Settings:
    """The cache options of one client."""

    cache: SemanticCache
    namespace: str = "default"
    cache_sampled_n: bool = False
    #: ``x-semcache-*`` headers among the client's ``default_headers``, names as given:
    #: controls for every call (a call's ``extra_headers`` override them), never sent.
    default_controls: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        name = self.namespace
        if not isinstance(name, str) or not 1 <= len(name) <= _MAX_NAMESPACE:
            raise ConfigError(
                f"cache_namespace must be a string of 1 to {_MAX_NAMESPACE} characters; "
                f"got {name!r}"
            )
        try:
            parse_controls(self.default_controls)
        except InvalidRequestError as exc:
            raise ConfigError(f"default_headers: {exc}") from exc


def default_controls(headers: Mapping[str, object] | None) -> dict[str, str]:
    """The ``x-semcache-*`` headers (string values) among a client's default headers."""
    return {
        name: value
        for name, value in (headers or {}).items()
        if name.lower().startswith(CONTROL_PREFIX) and isinstance(value, str)
    }


@dataclass(frozen=True, slots=True)
class Call:
    """One ``create`` call: what to forward upstream and how the cache takes part.

    ``key`` is None when the call bypasses the cache (``reason`` says why).
    """

    endpoint: Endpoint
    kwargs: dict[str, Any]
    stream: bool
    include_usage: bool = False
    controls: Controls = field(default_factory=Controls)
    key: Key | None = None
    reason: str | None = None
    passthrough: bool = False

    @property
    def reads(self) -> bool:
        return self.key is not None and self.controls.read

    @property
    def writes(self) -> bool:
        return self.key is not None and self.controls.write


def prepare(settings: Settings, endpoint: Endpoint, kwargs: Mapping[str, Any]) -> Call:
    """Parse the controls, strip them from the headers, and key the request.

    Raises :class:`~semcache.InvalidRequestError` for an unreadable
    ``x-semcache-*`` header; a body semcache cannot key is forwarded uncached
    (the upstream reports what is wrong with it, as without semcache).
    """
    own: Mapping[str, object] = kwargs.get("extra_headers") or {}
    forwarded = {name: _materialize(value) for name, value in kwargs.items()}
    if own or settings.default_controls:
        # The client's own x-semcache-* defaults are omitted from what the SDK sends.
        omitted = {name: openai.Omit() for name in settings.default_controls}
        forwarded["extra_headers"] = {**omitted, **strip_controls(own)}
    stream = kwargs.get("stream") is True
    if any(name.lower() in _SDK_MARKERS for name in own):
        return Call(endpoint, forwarded, stream, reason="SDK helper call", passthrough=True)
    headers: dict[str, object] = {k.lower(): v for k, v in settings.default_controls.items()}
    headers.update((name.lower(), value) for name, value in own.items())
    controls = parse_controls(headers)
    call = Call(endpoint, forwarded, stream, controls=controls)
    if not (controls.read or controls.write):
        return _bypass(call, _control_reason(controls))
    body = request_body(forwarded)
    try:
        reason = bypass_reason(endpoint, body, cache_sampled_n=settings.cache_sampled_n)
        namespace = controls.namespace or settings.namespace
        key = None if reason else canonicalize(endpoint, body, namespace=namespace)
    except InvalidRequestError as exc:
        _log.debug("semcache: request not keyed, forwarding it uncached: %s", exc)
        reason = f"request not keyed: {exc}"
        key = None
    if key is None:
        return _bypass(call, reason)
    return dataclasses.replace(call, key=key, include_usage=include_usage(body))


def _control_reason(controls: Controls) -> str:
    return "x-semcache-bypass" if controls.bypass else "Cache-Control: no-store, no-cache"


def _bypass(call: Call, reason: str | None) -> Call:
    return dataclasses.replace(call, key=None, reason=reason)


def _materialize(value: Any) -> Any:
    """One-shot iterators (a generator of messages) are read once, for key and upstream."""
    return list(value) if isinstance(value, Iterator) else value


def request_body(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON body the SDK would send for these ``create`` arguments."""
    body = {
        name: _jsonable(value)
        for name, value in kwargs.items()
        if name not in _TRANSPORT_ARGS and _given(value)
    }
    extra = kwargs.get("extra_body")
    if isinstance(extra, Mapping):
        body.update({str(name): _jsonable(value) for name, value in extra.items()})
    return body


def _given(value: object) -> bool:
    return not isinstance(value, openai.NotGiven | openai.Omit)


def _jsonable(value: Any) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items() if _given(v)}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


# -- the cache (blocking: the async client calls these in a worker thread) -------


def lookup(settings: Settings, call: Call) -> Hit | None:
    """The cached answer for ``call``, or None. Never raises: a fault is a miss."""
    if not call.reads or call.key is None:
        return None
    key, controls = call.key, call.controls
    try:
        hit = settings.cache.get(
            key.text, namespace=key.namespace, scope=key.scope, threshold=controls.threshold
        )
    except Exception:
        _log.warning("semcache: cache lookup failed; calling upstream", exc_info=True)
        return None
    if hit is None or not controls.fresh_enough(hit.created_at, time.time()):
        return None
    if not is_complete_success(call.endpoint, hit.response):
        _log.warning("semcache: entry %s is not a stored %s answer", hit.entry_id, call.endpoint)
        return None
    return hit


def store(settings: Settings, call: Call, response: Mapping[str, Any]) -> bool:
    """Store a complete, successful answer if the call allows it; never raises."""
    if not call.writes or call.key is None:
        return False
    if not is_complete_success(call.endpoint, response):
        return False
    key = call.key
    try:
        settings.cache.put(
            key.text,
            dict(response),
            namespace=key.namespace,
            scope=key.scope,
            ttl=call.controls.ttl,
            cost=_cost(response),
        )
    except Exception:
        _log.warning("semcache: could not store an answer; it was still served", exc_info=True)
        return False
    return True


def _cost(response: Mapping[str, Any]) -> float | None:
    usage = response.get("usage")
    total = usage.get("total_tokens") if isinstance(usage, Mapping) else None
    return float(total) if isinstance(total, int) and total > 0 else None


# -- SDK objects <-> wire dicts ---------------------------------------------------


def dump(obj: Any) -> dict[str, Any]:
    """An SDK response or chunk object as the JSON dict it was parsed from."""
    data: dict[str, Any] = obj.model_dump(mode="json", exclude_unset=True)
    data.pop("semcache", None)
    return data


def hit_response(call: Call, hit: Hit) -> Any:
    """A hit as the SDK's non-streamed object, with a fresh id and ``.semcache``."""
    data = refresh_identity(call.endpoint, hit.response)
    model = ChatCompletion if call.endpoint == "chat" else Completion
    return model.construct(**data, semcache=hit_info(hit))


def hit_chunks(call: Call, hit: Hit) -> list[Any]:
    """A hit as the SDK's chunk objects, for a streamed request."""
    model = ChatCompletionChunk if call.endpoint == "chat" else Completion
    chunks = to_chunks(call.endpoint, hit.response, include_usage=call.include_usage)
    return [model.construct(**chunk) for chunk in chunks]


def hit_info(hit: Hit) -> dict[str, Any]:
    """What ``.semcache`` says about a hit."""
    return {
        "status": "hit",
        "kind": hit.kind,
        "similarity": hit.similarity,
        "entry_id": hit.entry_id,
        "cached_at": hit.created_at,
    }


def miss_info(call: Call, stored: bool = False) -> dict[str, Any]:
    """What ``.semcache`` says about an upstream answer (a miss or a bypass)."""
    if call.key is None:
        return {"status": "bypass", "reason": call.reason}
    info: dict[str, Any] = {"status": "miss", "stored": stored}
    if not call.controls.read:
        info["reason"] = "refresh"
    return info


def settle(settings: Settings, call: Call, result: Any) -> Any:
    """A non-streamed upstream answer: store it if allowed, then annotate and return it."""
    info = miss_info(call)
    if call.writes:
        info["stored"] = store(settings, call, dump(result))
    return annotate(result, info)


def annotate(obj: Any, info: dict[str, Any]) -> Any:
    """Attach ``info`` as the ``semcache`` attribute (SDK models allow extra fields)."""
    try:
        obj.semcache = info
    except (AttributeError, TypeError, ValueError):  # not a model of ours to annotate
        _log.debug("semcache: could not annotate %s", type(obj).__name__)
    return obj


class Recorder:
    """Collects the chunks of a streamed miss and stores the answer if it completed."""

    def __init__(self, settings: Settings, call: Call, info: dict[str, Any]) -> None:
        self._settings = settings
        self._call = call
        self._info = info
        self._chunks: list[dict[str, Any]] = []

    def add(self, chunk: Any) -> None:
        """Record one chunk object as it passes to the caller."""
        if self._call.writes:
            self._chunks.append(dump(chunk))

    def finish(self) -> None:
        """The stream ended normally: assemble and store (blocking; never raises)."""
        if self._call.writes and self._chunks:
            response = assemble(self._call.endpoint, self._chunks)
            self._info["stored"] = store(self._settings, self._call, response)
