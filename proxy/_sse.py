"""Server-sent events: an incremental reader of an upstream stream, and the writer."""

from __future__ import annotations

from typing import Any

from ._json import dumps, loads

__all__ = ["DONE", "EventSplitter", "SSEReader", "encode", "is_usage_only"]

DONE = b"data: [DONE]\n\n"


def encode(data: Any, *, event: str | None = None) -> bytes:
    """One ``data:`` event carrying ``data`` as JSON, named ``event`` if given."""
    name = b"" if event is None else b"event: " + event.encode() + b"\n"
    return name + b"data: " + dumps(data) + b"\n\n"


class SSEReader:
    """Collects the JSON chunks of an OpenAI stream as its bytes pass by.

    Feed it every byte chunk in order; ``done`` tells whether ``data: [DONE]``
    arrived, ``broken`` whether anything could not be read as a chunk or carried
    an ``error`` (then the stream must not be cached).
    """

    def __init__(self) -> None:
        self.chunks: list[dict[str, Any]] = []
        self.done = False
        self.broken = False
        self._buffer = b""

    def feed(self, data: bytes) -> None:
        """Consume the next bytes of the stream."""
        # One split per read, not a find and two copies of the rest per event; a "\r"
        # or "\n" left at the end is joined with the next read's first byte.
        *events, self._buffer = (self._buffer + data).replace(b"\r\n", b"\n").split(b"\n\n")
        for event in events:
            self._event(event)

    def _event(self, event: bytes) -> None:
        lines = [line[5:].removeprefix(b" ") for line in event.split(b"\n") if line[:5] == b"data:"]
        if not lines:
            return  # a comment or keep-alive
        payload = b"\n".join(lines)
        if payload.strip() == b"[DONE]":
            self.done = True
            return
        try:
            chunk = loads(payload)
        except (ValueError, RecursionError):
            chunk = None
        if not isinstance(chunk, dict) or chunk.get("error"):
            self.broken = True
            return
        self.chunks.append(chunk)

    @property
    def complete(self) -> bool:
        """Whether the stream finished properly and every event was a chunk."""
        return self.done and not self.broken


class EventSplitter:
    """Cuts a byte stream into whole SSE events (each with its blank line)."""

    def __init__(self) -> None:
        self._buffer = b""

    def feed(self, data: bytes) -> list[bytes]:
        """The events completed by ``data``, in order."""
        self._buffer += data
        events: list[bytes] = []
        while True:
            ends = [
                i for i in (self._buffer.find(b"\n\n"), self._buffer.find(b"\r\n\r\n")) if i >= 0
            ]
            if not ends:
                return events
            end = min(ends)
            size = 4 if self._buffer[end : end + 4] == b"\r\n\r\n" else 2
            events.append(self._buffer[: end + size])
            self._buffer = self._buffer[end + size :]

    def rest(self) -> bytes:
        """What is left after the last whole event."""
        rest, self._buffer = self._buffer, b""
        return rest


def is_usage_only(event: bytes) -> bool:
    """Whether an event is the ``include_usage`` chunk: no choices, a usage object."""
    lines = [line[5:].strip() for line in event.splitlines() if line[:5] == b"data:"]
    try:
        chunk = loads(b"\n".join(lines)) if lines else None
    except (ValueError, RecursionError):
        return False
    return isinstance(chunk, dict) and chunk.get("choices") == [] and bool(chunk.get("usage"))
