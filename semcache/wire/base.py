"""The Dialect protocol: how one API's requests and responses meet the cache.

A dialect keys a request body (``Key``: namespace, scope digest, text to embed),
tells valid but uncacheable requests apart, judges whether an answer is complete
enough to store, and converts between the stored (non-streamed) answer and the
stream a caller may ask for. It works on JSON-level dicts only, never on SDK
types or HTTP, so the proxy and the drop-in clients share it. Dialects hold no
state and are safe to share between threads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from .._records import Key

__all__ = ["Dialect"]


class Dialect(Protocol):
    """One API dialect (``name`` is its label in metrics and logs)."""

    name: str
    #: Whether streams are named SSE events (``event: TYPE``) ended by a terminal
    #: event (Responses, Anthropic), rather than ``data:`` chunks ended by ``[DONE]``.
    typed_events: bool

    def key(self, body: Mapping[str, Any], *, namespace: str) -> Key:
        """The cache key of a request body; raises InvalidRequestError naming the
        field for a body that cannot be keyed (check ``bypass_reason`` first)."""
        ...

    def bypass_reason(
        self, body: Mapping[str, Any], *, cache_sampled_n: bool = False
    ) -> str | None:
        """Why a valid request must not be served from or stored in the cache, or
        None; raises InvalidRequestError for a malformed body."""
        ...

    def is_complete(self, response: object, *, allow_length: bool = True) -> bool:
        """Whether a full response is a complete, successful answer worth storing."""
        ...

    def assemble(self, chunks: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        """One full response from the parsed events of a stream."""
        ...

    def replay(
        self, response: Mapping[str, Any], *, include_usage: bool = False
    ) -> list[dict[str, Any]]:
        """A stored full response as the events of a stream, with a fresh identity."""
        ...

    def refresh(self, response: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of a stored full response with a fresh identity, to serve as is."""
        ...
