"""The SDK side of one drop-in ``create`` call, shared by the sync and async clients.

:func:`prepare` turns the keyword arguments of a ``create`` call into a
:class:`~semcache.wire.Call` (plus what to forward upstream); the cache side
(:func:`semcache.wire.lookup` / :func:`semcache.wire.store`) is the exchange the
proxy uses too. The rest converts between the SDK's objects and the wire-level
dicts the cache stores. Nothing here does network I/O.
"""

from __future__ import annotations

import functools
import logging
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import openai
import pydantic
from openai.types import Completion, CreateEmbeddingResponse
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from openai.types.responses import Response, ResponseStreamEvent

from ... import wire
from ..._cache import SemanticCache
from ..._config import MAX_NAMESPACE
from ..._errors import ConfigError, InvalidRequestError
from ..._records import Hit
from .._info import annotate, hit_info, miss_info

__all__ = ["ClientOptions", "Forward", "Recorder", "prepare"]

_log = logging.getLogger("semcache")

# Arguments of create() that configure the HTTP call, not the request body.
_TRANSPORT_ARGS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
# The SDK marks helper calls (.stream(), .parse()) with these headers; they expect
# the SDK's own return types, so they pass through uncached.
_SDK_MARKERS = frozenset({"x-stainless-helper-method", "____stainless_override_cast_to"})
# with_raw_response ("true") and with_streaming_response ("stream") go through the cache.
_RAW_MARKER = "x-stainless-raw-response"
_RAW_KINDS = frozenset({"true", "raw", "stream"})


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """The cache options of one drop-in client."""

    cache: SemanticCache
    namespace: str = "default"
    cache_sampled_n: bool = False
    #: ``x-semcache-*`` headers among the client's ``default_headers``, names as given:
    #: controls for every call (a call's ``extra_headers`` override them), never sent.
    default_controls: Mapping[str, str] = field(default_factory=dict)
    #: The calls in flight, so that concurrent identical calls make one upstream call.
    flights: wire.Flights = field(default_factory=wire.Flights)
    #: How a conversation's earlier turns must match ("exact", "substance"; None: the
    #: cache's own ``context``); ``x-semcache-context`` overrides it per call.
    context: str | None = None

    def __post_init__(self) -> None:
        name = self.namespace
        if not isinstance(name, str) or not 1 <= len(name) <= MAX_NAMESPACE:
            raise ConfigError(
                f"cache_namespace must be a string of 1 to {MAX_NAMESPACE} characters; got {name!r}"
            )
        try:
            wire.parse_controls(self.default_controls)
        except InvalidRequestError as exc:
            raise ConfigError(f"default_headers: {exc}") from exc
        if self.context is not None and self.context not in wire.CONTEXT_MODES:
            raise ConfigError(
                f"cache_context must be one of {', '.join(wire.CONTEXT_MODES)}; "
                f"got {self.context!r}"
            )


def default_controls(headers: Mapping[str, object] | None) -> dict[str, str]:
    """The ``x-semcache-*`` headers (string values) among a client's default headers."""
    return {
        name: value
        for name, value in (headers or {}).items()
        if name.lower().startswith(wire.PREFIX) and isinstance(value, str)
    }


@dataclass(frozen=True, slots=True)
class Forward:
    """One ``create`` call: what goes upstream, and how the cache takes part.

    ``passthrough``: an SDK helper call (``.parse()``, ``.stream()``) that
    expects the SDK's own return types and goes upstream untouched.
    """

    kwargs: dict[str, Any]
    call: wire.Call
    passthrough: bool = False
    #: include_usage was added for the stored answer: keep its chunk from the caller.
    strip_usage: bool = False
    #: with_raw_response ("true") or with_streaming_response ("stream"), else None.
    raw: str | None = None


def prepare(options: ClientOptions, dialect: wire.Dialect, kwargs: Mapping[str, Any]) -> Forward:
    """Parse the controls, strip them from the headers, and key the request.

    Raises :class:`~semcache.InvalidRequestError` for an unreadable
    ``x-semcache-*`` header; a body semcache cannot key is forwarded uncached
    (the upstream reports what is wrong with it, as without semcache).
    """
    own: Mapping[str, object] = kwargs.get("extra_headers") or {}
    forwarded = {name: _materialize(value) for name, value in kwargs.items()}
    if own or options.default_controls:
        # The client's own x-semcache-* defaults are omitted from what the SDK sends.
        omitted = {name: openai.Omit() for name in options.default_controls}
        forwarded["extra_headers"] = {**omitted, **wire.strip_controls(own)}
    raw = next((str(v) for k, v in own.items() if k.lower() == _RAW_MARKER), None)
    if any(name.lower() in _SDK_MARKERS for name in own) or raw not in (None, *_RAW_KINDS):
        skipped = wire.Call(None, dialect=dialect, reason="SDK helper call")
        return Forward(forwarded, skipped, passthrough=True)
    body = request_body(forwarded)
    extra = forwarded.get("extra_body")
    if isinstance(extra, Mapping) and wire.BODY_FIELD in extra:  # LiteLLM's controls
        forwarded["extra_body"] = wire.strip_body_controls(extra)
    headers: dict[str, object] = {k.lower(): v for k, v in options.default_controls.items()}
    headers.update((name.lower(), value) for name, value in own.items())
    if options.context is not None:
        headers.setdefault(wire.PREFIX + "context", options.context)
    controls = wire.parse_controls(headers, body)
    namespace = controls.namespace or options.namespace
    try:
        call = wire.prepare(
            dialect, body, controls, namespace=namespace, cache_sampled_n=options.cache_sampled_n
        )
    except InvalidRequestError as exc:
        _log.debug("semcache: request not keyed, forwarding it uncached: %s", exc)
        call = wire.Call(None, controls, dialect, body, f"request not keyed: {exc}")
    if not (call.writes and call.stream and not call.include_usage and not dialect.typed_events):
        return Forward(forwarded, call, raw=raw)
    # A stored answer should have its usage for every later hit: ask for it.
    stream_options = forwarded.get("stream_options")
    given = stream_options if isinstance(stream_options, Mapping) else {}
    forwarded["stream_options"] = {**given, "include_usage": True}
    return Forward(forwarded, call, strip_usage=True, raw=raw)


def is_usage_only(chunk: Any) -> bool:
    """Whether a chunk is the ``include_usage`` one: no choices, a usage object."""
    return not getattr(chunk, "choices", None) and getattr(chunk, "usage", None) is not None


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


# -- SDK objects <-> wire dicts ---------------------------------------------------


def dump(obj: Any) -> dict[str, Any]:
    """An SDK response or chunk object as the JSON dict it was parsed from."""
    data: dict[str, Any] = obj.model_dump(mode="json", exclude_unset=True)
    data.pop("semcache", None)
    return data


# dialect name -> the SDK's types of a whole answer and of one chunk (None: by event type)
_MODELS: dict[str, tuple[type[openai.BaseModel], type[openai.BaseModel] | None]] = {
    "chat": (ChatCompletion, ChatCompletionChunk),
    "completion": (Completion, Completion),
    "responses": (Response, None),
    "embeddings": (CreateEmbeddingResponse, None),
}


def hit_response(call: wire.Call, hit: Hit) -> Any:
    """A hit as the SDK's non-streamed object, with a fresh id and ``.semcache``."""
    return answer_response(call, hit.response, hit_info(hit))


def answer_response(call: wire.Call, response: Any, info: dict[str, Any]) -> Any:
    """A stored (or shared) answer as the SDK's non-streamed object, with a fresh id."""
    assert call.dialect is not None
    model = _MODELS[call.dialect.name][0]
    return model.construct(**call.dialect.refresh(response), semcache=info)


def hit_chunks(call: wire.Call, hit: Hit) -> list[Any]:
    """A hit as the SDK's chunk (or event) objects, for a streamed request."""
    return answer_chunks(call, hit.response)


def answer_chunks(call: wire.Call, response: Any) -> list[Any]:
    """A stored (or shared) answer as the SDK's chunk (or event) objects."""
    assert call.dialect is not None
    model = _MODELS[call.dialect.name][1]
    chunks = call.dialect.replay(response, include_usage=call.include_usage)
    if model is None:
        events = _response_events()
        return [events.get(chunk["type"], openai.BaseModel).construct(**chunk) for chunk in chunks]
    return [model.construct(**chunk) for chunk in chunks]


@functools.cache
def _response_events() -> dict[str, type[openai.BaseModel]]:
    """The SDK's Responses event classes by their ``type`` literal."""
    union = typing.get_args(ResponseStreamEvent)[0]
    return {
        typing.get_args(event.model_fields["type"].annotation)[0]: event
        for event in typing.get_args(union)
    }


def keep(
    cache: SemanticCache,
    call: wire.Call,
    result: Any,
    seat: wire.Seat | None = None,
    info: dict[str, Any] | None = None,
) -> Any:
    """A non-streamed upstream answer: store it if allowed (sharing it with the calls
    waiting on ``seat``), then annotate and return it (``info``: its ``.semcache``)."""
    info = miss_info(call) if info is None else info
    if call.writes:
        answer = dump(result)
        if seat is None:
            info["stored"] = wire.store(cache, call, answer)
        else:
            info["stored"] = wire.settle(cache, call, seat, answer)
    elif seat is not None:
        seat.leave()
    return annotate(result, info)


class Recorder:
    """Collects the chunks of a streamed miss and stores the answer if it completed.

    ``seat``: the flight this call leads; it is left when the stream ends, either way.
    """

    def __init__(
        self,
        cache: SemanticCache,
        call: wire.Call,
        info: dict[str, Any],
        seat: wire.Seat | None = None,
    ) -> None:
        self._cache = cache
        self._call = call
        self._info = info
        self._seat = seat
        self._chunks: list[dict[str, Any]] = []

    def add(self, chunk: Any) -> None:
        """Record one chunk object as it passes to the caller."""
        if self._call.writes:
            self._chunks.append(dump(chunk))

    def finish(self) -> None:
        """The stream ended normally: assemble and store (blocking; never raises)."""
        if self._call.writes and self._chunks and self._call.dialect is not None:
            response = self._call.dialect.assemble(self._chunks)
            if self._seat is None:
                self._info["stored"] = wire.store(self._cache, self._call, response)
            else:
                self._info["stored"] = wire.settle(self._cache, self._call, self._seat, response)
        self.abandon()

    def abandon(self) -> None:
        """The stream is over (ended, stopped early or broken): leave the flight."""
        if self._seat is not None:
            self._seat.leave()
