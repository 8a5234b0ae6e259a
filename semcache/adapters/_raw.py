"""``with_raw_response`` and ``with_streaming_response`` through the cache.

The SDK marks these calls with its raw-response header and expects an object with
the HTTP response (``.headers``, ``.http_response``, ``.status_code``, ...) and a
``.parse()`` that gives the usual answer. :class:`RawResponse` is that object for
the drop-in client: on a miss it wraps the SDK's own raw response (every attribute
is the SDK's), with the ``x-semcache-*`` headers added and ``.parse()`` going
through the cache (the answer is stored when it is parsed); on a hit it wraps an
HTTP response made from the cached answer (JSON, or the replayed event stream),
so no HTTP call is made. ``.parse()`` returns the same objects as ``create``,
``.semcache`` included.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx

from .. import wire
from .._records import Hit

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AsyncRawResponse", "RawResponse", "hit_http_response"]

#: The SDK's raw-response header and the values its wrappers set: "true" for the
#: legacy raw response (``parse()`` never awaited), "raw" and "stream" for the newer
#: ``APIResponse`` (awaited ``parse()`` on async clients).
MARKER = "x-stainless-raw-response"
RAW, NEW_RAW, STREAMING = "true", "raw", "stream"
KINDS = frozenset({RAW, NEW_RAW, STREAMING})

_UNSET: Any = object()


class RawResponse:
    """A raw response of the drop-in client (see the module docstring); sync ``parse``."""

    def __init__(
        self,
        http_response: Any,
        parsed: Callable[[], Any],
        *,
        semcache: dict[str, Any],
        sdk: Any = None,
    ) -> None:
        self.http_response = http_response
        self.semcache = semcache
        self._parsed = parsed
        self._sdk = sdk
        self._value: Any = _UNSET

    @property
    def headers(self) -> Any:
        """The HTTP headers, ``x-semcache`` (hit, miss or bypass) among them."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The upstream's ``x-request-id`` (None on a hit: no request was made)."""
        value = self.http_response.headers.get("x-request-id")
        return None if value is None else str(value)

    @property
    def retries_taken(self) -> int:
        """The SDK's retries (0 on a hit)."""
        return int(getattr(self._sdk, "retries_taken", 0))

    def parse(self, *, to: Any = None) -> Any:
        """The answer as ``create`` returns it (``to=``: the SDK's own parsing, misses only)."""
        if to is not None:
            return self._sdk_parse(to)
        if self._value is _UNSET:
            self._value = self._parsed()
        return self._value

    def _sdk_parse(self, to: Any) -> Any:
        if self._sdk is None:
            raise TypeError("parse(to=...) is not available on a cached answer; use parse()")
        return self._sdk.parse(to=to)

    def close(self) -> None:
        """Release the connection (nothing to release on a hit)."""
        (self._sdk if self._sdk is not None else self.http_response).close()

    def __getattr__(self, name: str) -> Any:
        # Everything else is the SDK's raw response (a miss) or the HTTP response (a hit).
        if name.startswith("_"):
            raise AttributeError(name)
        target = self._sdk if self._sdk is not None else self.http_response
        return getattr(target, name)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncRawResponse(RawResponse):
    """The async client's ``with_streaming_response`` object: ``await parse()``,
    ``await close()`` (``with_raw_response`` on the async client is a RawResponse)."""

    def __init__(
        self,
        http_response: Any,
        parsed: Callable[[], Awaitable[Any]],
        *,
        semcache: dict[str, Any],
        sdk: Any = None,
    ) -> None:
        super().__init__(http_response, parsed, semcache=semcache, sdk=sdk)
        self._aparsed = parsed

    async def parse(self, *, to: Any = None) -> Any:
        """The answer as ``create`` returns it."""
        if to is not None:
            return await self._sdk_parse(to)
        if self._value is _UNSET:
            self._value = await self._aparsed()
        return self._value

    async def read(self) -> bytes:
        """The whole body."""
        if self._sdk is not None:
            data: bytes = await self._sdk.read()
            return data
        return bytes(self.http_response.content)

    async def close(self) -> None:  # type: ignore[override]
        """Release the connection (nothing to release on a hit)."""
        if self._sdk is not None:
            await self._sdk.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


def mark(sdk: Any, info: dict[str, Any]) -> None:
    """Add the ``x-semcache`` header of a miss or bypass to the SDK's raw response."""
    try:
        sdk.http_response.headers["x-semcache"] = str(info["status"])
    except (AttributeError, TypeError):  # not an SDK raw response: nothing to mark
        return


def hit_http_response(call: wire.Call, hit: Hit, http_client: object, url: str) -> Any:
    """An HTTP response (of the SDK's HTTP library) carrying a cached answer."""
    assert call.dialect is not None
    module = _http_module(http_client)
    headers = {
        "x-semcache": "hit",
        "x-semcache-kind": hit.kind,
        "x-semcache-similarity": f"{hit.similarity:.4f}",
        "x-semcache-entry-id": hit.entry_id,
    }
    if call.stream:
        headers["content-type"] = "text/event-stream"
        content = _events(call, hit.response)
    else:
        headers["content-type"] = "application/json"
        content = json.dumps(call.dialect.refresh(hit.response)).encode()
    request = module.Request("POST", url)
    return module.Response(200, headers=headers, content=content, request=request)


def _events(call: wire.Call, response: Any) -> bytes:
    assert call.dialect is not None
    chunks = call.dialect.replay(response, include_usage=call.include_usage)
    if call.dialect.typed_events:
        lines = [f"event: {c['type']}\ndata: {json.dumps(c)}\n\n" for c in chunks]
    else:
        lines = [f"data: {json.dumps(c)}\n\n" for c in chunks] + ["data: [DONE]\n\n"]
    return "".join(lines).encode()


def _http_module(http_client: object) -> Any:
    """The HTTP library of the SDK's client (httpx, or a fork of it), so that a hit's
    ``http_response`` is of the same kind as a miss's."""
    name = type(http_client).__module__.partition(".")[0]
    try:
        module = importlib.import_module(name)
    except ImportError:
        return httpx
    return module if hasattr(module, "Response") and hasattr(module, "Request") else httpx
