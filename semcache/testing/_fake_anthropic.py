"""A fake Anthropic Messages API server for tests: ``POST /v1/messages``.

Answers are ``"Answer to: <last user text>"``; token counts are word counts. With
``tools`` and a ``tool_choice`` of ``{"type": "any"}`` or ``{"type": "tool", ...}``
the answer is a ``tool_use`` block of the first (or named) tool with input
``{"query": prompt}``. Failure modes as :class:`~semcache.testing.FakeUpstream`
(``x-fake-fail`` header, ``[fail:MODE]`` in the prompt, or ``fail=``): an HTTP
status (an Anthropic-shaped error), ``"truncate"`` (a stream that stops half-way),
``"error-event"`` (an ``error`` event half-way), ``"max_tokens"`` (the answer cut).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from ._fake_upstream import RecordedRequest

__all__ = ["FakeAnthropic"]

_FAIL_HEADER = "x-fake-fail"
_MAGIC = "[fail:"


class FakeAnthropic:
    """An Anthropic-compatible ASGI app with deterministic answers.

    Serve it with uvicorn (the ``anthropic`` SDK brings its own HTTP client) or call
    it in-process with ``httpx.ASGITransport(app=fake)``. ``calls`` counts requests
    per path; ``requests`` keeps them all.
    """

    def __init__(self, *, fail: str | None = None) -> None:
        self.fail = fail
        self.calls: Counter[str] = Counter()
        self.requests: list[RecordedRequest] = []
        self._ids = 0
        self._app = Starlette(routes=[Route("/v1/messages", self._messages, methods=["POST"])])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)

    @property
    def message_calls(self) -> int:
        """How many ``POST /v1/messages`` requests reached the fake."""
        return self.calls["/v1/messages"]

    def reset(self) -> None:
        """Forget counted and recorded requests."""
        self.calls.clear()
        self.requests.clear()

    async def _messages(self, request: Request) -> Response:
        raw = await request.body()
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        self.calls[request.url.path] += 1
        headers = {k.lower(): v for k, v in request.headers.items()}
        self.requests.append(RecordedRequest(request.method, request.url.path, headers, body))
        if not isinstance(body, dict):
            return _error(400, "request body must be a JSON object")
        prompt = _prompt_of(body)
        mode = request.headers.get(_FAIL_HEADER) or _magic_mode(prompt) or self.fail
        if mode is not None and mode.isdigit():
            return _error(int(mode), f"fake upstream failure {mode}")
        self._ids += 1
        answer = _Answer(self._ids, body, prompt, mode)
        if body.get("stream"):
            return StreamingResponse(_stream(answer.events(), mode), media_type="text/event-stream")
        return JSONResponse(answer.whole())


class _Answer:
    def __init__(self, number: int, body: Mapping[str, Any], prompt: str, mode: str | None):
        self.id, self.tool_id = f"msg_fake{number}", f"toolu_fake{number}"
        self.model = str(body.get("model", "fake-claude"))
        self.prompt = prompt
        self.words = f"Answer to: {prompt}".split(" ")
        self.stop = "max_tokens" if mode == "max_tokens" else "end_turn"
        if mode == "max_tokens":
            self.words = self.words[: max(1, len(self.words) // 2)]
        self.tool = _forced_tool(body)
        if self.tool is not None:
            self.stop = "tool_use"
        self.usage = {"input_tokens": len(prompt.split()), "output_tokens": len(self.words)}

    def _block(self) -> dict[str, Any]:
        if self.tool is not None:
            input_ = {"query": self.prompt}
            return {"type": "tool_use", "id": self.tool_id, "name": self.tool, "input": input_}
        return {"type": "text", "text": " ".join(self.words)}

    def whole(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": "message",
            "role": "assistant",
            "model": self.model,
            "content": [self._block()],
            "stop_reason": self.stop,
            "stop_sequence": None,
            "usage": self.usage,
        }

    def events(self) -> list[dict[str, Any]]:
        start = {**self.whole(), "content": [], "stop_reason": None}
        start["usage"] = {**self.usage, "output_tokens": 1}
        block = self._block()
        events: list[dict[str, Any]] = [{"type": "message_start", "message": start}]
        if self.tool is not None:
            opened = {**block, "input": {}}
            arguments = json.dumps(block["input"])
            half = len(arguments) // 2
            deltas = [
                {"type": "input_json_delta", "partial_json": part}
                for part in (arguments[:half], arguments[half:])
            ]
        else:
            opened = {"type": "text", "text": ""}
            deltas = [
                {"type": "text_delta", "text": word if i == 0 else " " + word}
                for i, word in enumerate(self.words)
            ]
        events.append({"type": "content_block_start", "index": 0, "content_block": opened})
        events.append({"type": "ping"})
        events.extend({"type": "content_block_delta", "index": 0, "delta": d} for d in deltas)
        events.append({"type": "content_block_stop", "index": 0})
        stop = {"stop_reason": self.stop, "stop_sequence": None}
        usage = {"output_tokens": self.usage["output_tokens"]}
        events.append({"type": "message_delta", "delta": stop, "usage": usage})
        events.append({"type": "message_stop"})
        return events


async def _stream(events: list[dict[str, Any]], mode: str | None) -> AsyncIterator[bytes]:
    for i, event in enumerate(events):
        if i == len(events) // 2 and mode in ("truncate", "error-event"):
            if mode == "error-event":
                error = {"type": "error", "error": {"type": "overloaded_error", "message": "busy"}}
                yield _sse("error", error)
            return
        yield _sse(str(event["type"]), event)


def _sse(name: str, data: Any) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


def _prompt_of(body: Mapping[str, Any]) -> str:
    messages = body.get("messages")
    for message in reversed(messages if isinstance(messages, list) else []):
        if not isinstance(message, dict) or message.get("role") != "user":
            continue
        content = message.get("content")
        if isinstance(content, str):
            return content
        texts = [
            str(b.get("text", ""))
            for b in content or []
            if isinstance(b, dict) and b.get("type") == "text"
        ]
        if texts:
            return " ".join(texts)
    return ""


def _forced_tool(body: Mapping[str, Any]) -> str | None:
    tools = [t for t in body.get("tools") or [] if isinstance(t, dict) and t.get("name")]
    choice = body.get("tool_choice")
    if not tools or not isinstance(choice, dict) or choice.get("type") not in ("any", "tool"):
        return None
    return str(choice.get("name") or tools[0]["name"])


def _magic_mode(prompt: str) -> str | None:
    start = prompt.find(_MAGIC)
    end = prompt.find("]", start)
    return prompt[start + len(_MAGIC) : end] if start >= 0 and end > 0 else None


def _error(status: int, message: str) -> JSONResponse:
    kind = "api_error" if status >= 500 else "invalid_request_error"
    body = {"type": "error", "error": {"type": kind, "message": message}}
    return JSONResponse(body, status_code=status)
