"""A fake OpenAI-compatible LLM server for tests, demos and benchmarks.

Answers are derived from the prompt (``"Answer to: <last user text>"``), so a test
can tell which prompt an answer came from; token counts are word counts. It can be
told to fail, per request or for every request, in the ways real upstreams do:

========================  ==================================================
mode                      behaviour
========================  ==================================================
``"500"`` (any status)    an OpenAI-shaped error with that HTTP status
``"timeout"``             never answers (until the client goes away)
``"drop"``                the connection is cut half-way through the body
``"truncate"``            a stream that ends cleanly but early (no ``[DONE]``)
``"error-event"``         a stream that sends an ``error`` event half-way
``"no-finish"``           a complete answer without a ``finish_reason``
``"length"``              ``finish_reason: "length"`` (the answer was cut)
``"hold"``                a stream that stops half-way until :meth:`release`
========================  ==================================================

Choose a mode with the ``x-fake-fail`` request header, with ``[fail:MODE]``
anywhere in the prompt, or with ``FakeUpstream(fail=MODE)`` for all requests.

It answers the calls of :class:`semcache.judge.LLMJudge` (recognized by their
messages) by a rule over the judged pair: by default :func:`shared_marker`, "yes"
if the cached and the new prompt share a ``#marker`` word. ``judge_rule`` may be
any function of the :class:`~semcache.judge.JudgeRequest` returning a bool or
P(yes); ``logprobs`` of the first token are included when asked (unless
``judge_logprobs=False``); ``judge_latency_ms`` delays judge answers only, and
``judge_fail`` makes them fail ("500" or any status, "timeout", "garbage": an
answer that is neither yes nor no). ``judge_calls`` counts them.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from ..judge import JudgeRequest, read_judge_messages
from ._fake_responses import ResponsesAnswer, prompt_of_input
from ._hashing import HashingEmbedder

__all__ = ["FakeUpstream", "JudgeRule", "RecordedRequest", "shared_marker"]

#: How the fake judges a pair: True/False, or P(yes) in [0, 1].
JudgeRule = Callable[[JudgeRequest], "bool | float"]
_MARKER = re.compile(r"#\w+")


def shared_marker(request: JudgeRequest) -> bool:
    """The fake's default judge rule: yes iff both prompts hold the same ``#marker``."""
    mine = set(_MARKER.findall(request.cached_prompt))
    return bool(mine & set(_MARKER.findall(request.prompt)))


_FAIL_HEADER = "x-fake-fail"
_LATENCY_HEADER = "x-fake-latency-ms"
_MAGIC = "[fail:"


class _Dropped(ConnectionResetError):
    """Raised inside the app to make the server cut the connection."""


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received: path, lower-cased headers and parsed JSON body."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: Any


class FakeUpstream:
    """An OpenAI-compatible ASGI app with deterministic answers.

    Serves ``POST /v1/chat/completions``, ``POST /v1/completions`` and
    ``POST /v1/responses`` (streaming or not; Responses: a function call when
    ``tool_choice`` forces one), ``GET /v1/models``, ``POST /v1/embeddings`` and an
    ``/v1/echo/...`` route (any method) that returns what it received. ``latency_ms``
    delays every answer (before the first byte), ``chunk_delay_ms`` each streamed
    chunk after it.

    Use it in-process with ``httpx.ASGITransport(app=fake)`` or serve it with
    uvicorn. ``calls`` counts requests per path; ``requests`` keeps them all.
    """

    def __init__(
        self,
        *,
        latency_ms: float = 0.0,
        chunk_delay_ms: float = 0.0,
        fail: str | None = None,
        hang_seconds: float = 30.0,
        model: str = "fake-model",
        judge_rule: JudgeRule = shared_marker,
        judge_logprobs: bool = True,
        judge_latency_ms: float = 0.0,
        judge_fail: str | None = None,
    ) -> None:
        self.latency_ms = latency_ms
        self.chunk_delay_ms = chunk_delay_ms
        self.fail = fail
        self.hang_seconds = hang_seconds
        self.model = model
        self.judge_rule, self.judge_logprobs = judge_rule, judge_logprobs
        self.judge_latency_ms, self.judge_fail = judge_latency_ms, judge_fail
        self.judge_calls = 0
        self.calls: Counter[str] = Counter()
        self.requests: list[RecordedRequest] = []
        self.holding = 0  # streams paused half-way in "hold" mode right now
        self._ids = 0
        self._release = threading.Event()
        self._embedder = HashingEmbedder(16)
        self._app = Starlette(
            routes=[
                Route("/v1/chat/completions", self._completion, methods=["GET", "POST"]),
                Route("/v1/completions", self._completion, methods=["POST"]),
                Route("/v1/responses", self._responses, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
                Route("/v1/embeddings", self._embeddings, methods=["POST"]),
                Route("/v1/echo/{rest:path}", self._echo, methods=_ALL_METHODS),
            ]
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)

    @property
    def completion_calls(self) -> int:
        """How many completion requests (chat or legacy) reached the fake."""
        return self.calls["/v1/chat/completions"] + self.calls["/v1/completions"]

    def release(self) -> None:
        """Let the streams held half-way ("hold" mode) finish, now and from now on."""
        self._release.set()

    def reset(self) -> None:
        """Forget counted and recorded requests."""
        self.calls.clear()
        self.requests.clear()

    # -- routes -------------------------------------------------------------

    async def _record(self, request: Request) -> Any:
        raw = await request.body()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        self.calls[request.url.path] += 1
        headers = {k.lower(): v for k, v in request.headers.items()}
        self.requests.append(RecordedRequest(request.method, request.url.path, headers, body))
        return body

    async def _completion(self, request: Request) -> Response:
        body = await self._record(request)
        if request.method == "GET":  # the listing of stored chat completions: none here
            return JSONResponse({"object": "list", "data": [], "has_more": False})
        if not isinstance(body, dict):
            return _error(400, "request body must be a JSON object")
        chat = request.url.path.endswith("/chat/completions")
        judged = read_judge_messages(body.get("messages") or []) if chat else None
        if judged is not None:
            return await self._judge(request, body, judged)
        prompt = _prompt_of(body, chat)
        mode = request.headers.get(_FAIL_HEADER) or _magic_mode(prompt) or self.fail
        await self._wait(request)
        if mode == "timeout":
            return await self._hang(request)
        if mode is not None and mode.isdigit():
            return _error(int(mode), f"fake upstream failure {mode}")
        answer = _Answer(self._next_id(chat), body, chat, prompt, mode)
        if body.get("stream"):
            return StreamingResponse(self._stream(answer), media_type="text/event-stream")
        if mode == "drop":
            return _DroppingResponse(json.dumps(answer.whole()).encode())
        return JSONResponse(answer.whole())

    async def _judge(
        self, request: Request, body: Mapping[str, Any], judged: JudgeRequest
    ) -> Response:
        """The answer to a judge call: "yes" or "no" by ``judge_rule``."""
        self.judge_calls += 1
        if self.judge_latency_ms > 0:
            await anyio.sleep(self.judge_latency_ms / 1000)
        mode = self.judge_fail
        if mode == "timeout":
            return await self._hang(request)
        if mode is not None and mode.isdigit():
            return _error(int(mode), f"fake judge failure {mode}")
        verdict = self.judge_rule(judged)
        p = min(max(float(verdict), 0.001), 0.999)  # logprobs of 0 and 1 would be +-inf
        word = "maybe" if mode == "garbage" else ("yes" if p >= 0.5 else "no")
        choice: dict[str, Any] = {
            "index": 0,
            "message": {"role": "assistant", "content": word, "refusal": None},
            "logprobs": None,
            "finish_reason": "stop",
        }
        if body.get("logprobs") and self.judge_logprobs and mode != "garbage":
            tops: list[dict[str, Any]] = [
                {"token": "yes", "logprob": math.log(p)},
                {"token": "no", "logprob": math.log1p(-p)},
            ]
            tops.sort(key=lambda top: -float(top["logprob"]))
            first = {"token": word, "logprob": tops[0]["logprob"], "top_logprobs": tops}
            choice["logprobs"] = {"content": [first]}
        prompt_tokens = sum(_words(str(m.get("content", ""))) for m in body.get("messages") or [])
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": 1}
        usage["total_tokens"] = prompt_tokens + 1
        head = {"id": self._next_id(True), "object": "chat.completion", "created": int(time.time())}
        return JSONResponse(
            {**head, "model": body.get("model"), "choices": [choice], "usage": usage}
        )

    async def _responses(self, request: Request) -> Response:
        body = await self._record(request)
        if not isinstance(body, dict):
            return _error(400, "request body must be a JSON object")
        prompt = prompt_of_input(body)
        mode = request.headers.get(_FAIL_HEADER) or _magic_mode(prompt) or self.fail
        await self._wait(request)
        if mode is not None and mode.isdigit():
            return _error(int(mode), f"fake upstream failure {mode}")
        self._ids += 1
        answer = ResponsesAnswer(self._ids, body, prompt, mode)
        if not body.get("stream"):
            return JSONResponse(answer.whole())
        return StreamingResponse(
            self._typed_events(answer.events(), mode), media_type="text/event-stream"
        )

    async def _typed_events(
        self, events: list[dict[str, Any]], mode: str | None
    ) -> AsyncIterator[bytes]:
        """Named SSE events (Responses, Anthropic); "truncate" and "error-event" stop
        half-way (the latter after an ``error`` event)."""
        for i, event in enumerate(events):
            if i == len(events) // 2 and mode in ("truncate", "error-event"):
                if mode == "error-event":
                    error = {"type": "error", "code": "server_error", "message": "fake error"}
                    yield _sse(error, event="error")
                return
            yield _sse(event, event=str(event["type"]))
            if self.chunk_delay_ms > 0:
                await anyio.sleep(self.chunk_delay_ms / 1000)

    async def _models(self, request: Request) -> Response:
        await self._record(request)
        model = {"id": self.model, "object": "model", "created": 0, "owned_by": "semcache"}
        return JSONResponse({"object": "list", "data": [model]})

    async def _embeddings(self, request: Request) -> Response:
        body = await self._record(request)
        texts = body.get("input", "") if isinstance(body, dict) else ""
        texts = [texts] if isinstance(texts, str) else [str(t) for t in texts]
        vectors = self._embedder.embed(texts)
        data = [
            {"object": "embedding", "index": i, "embedding": [float(x) for x in row]}
            for i, row in enumerate(vectors)
        ]
        usage = {"prompt_tokens": sum(_words(t) for t in texts)}
        usage["total_tokens"] = usage["prompt_tokens"]
        return JSONResponse({"object": "list", "data": data, "model": self.model, "usage": usage})

    async def _echo(self, request: Request) -> Response:
        body = await self._record(request)
        status = int(request.headers.get("x-fake-status", "200"))
        echoed = {
            "method": request.method,
            "path": request.url.path,
            "query": request.url.query,
            "headers": {k.lower(): v for k, v in request.headers.items()},
            "body": body,
        }
        return JSONResponse(echoed, status_code=status, headers={"x-fake-echo": "1"})

    # -- helpers ------------------------------------------------------------

    def _next_id(self, chat: bool) -> str:
        self._ids += 1
        return f"{'chatcmpl' if chat else 'cmpl'}-fake{self._ids}"

    async def _wait(self, request: Request) -> None:
        latency = float(request.headers.get(_LATENCY_HEADER, self.latency_ms))
        if latency > 0:
            await anyio.sleep(latency / 1000)

    async def _hang(self, request: Request) -> Response:
        deadline = time.monotonic() + self.hang_seconds
        while time.monotonic() < deadline and not await request.is_disconnected():
            await anyio.sleep(0.05)
        return _error(504, "fake upstream hung")

    async def _hold(self) -> None:
        self.holding += 1
        deadline = time.monotonic() + self.hang_seconds
        while not self._release.is_set() and time.monotonic() < deadline:
            await anyio.sleep(0.01)
        self.holding -= 1

    async def _stream(self, answer: _Answer) -> AsyncIterator[bytes]:
        chunks = answer.chunks()
        half = len(chunks) // 2
        for i, chunk in enumerate(chunks):
            if i == half and answer.mode == "hold":
                await self._hold()
            if i == half and answer.mode in ("drop", "truncate", "error-event"):
                if answer.mode == "drop":
                    raise _Dropped("fake upstream dropped the stream")
                if answer.mode == "error-event":
                    yield _sse({"error": {"message": "fake stream error", "type": "server_error"}})
                return
            yield _sse(chunk)
            if self.chunk_delay_ms > 0:
                await anyio.sleep(self.chunk_delay_ms / 1000)
        yield b"data: [DONE]\n\n"


_ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


class _Answer:
    """The deterministic answer to one completion request, whole or as chunks."""

    def __init__(self, id_: str, body: dict[str, Any], chat: bool, prompt: str, mode: str | None):
        self.id, self.body, self.chat, self.mode = id_, body, chat, mode
        self.model = str(body.get("model", "fake-model"))
        self.created = int(time.time())
        words = f"Answer to: {prompt}".split(" ")
        max_tokens = body.get("max_tokens") or body.get("max_completion_tokens")
        self.finish: str | None = "stop"
        if mode == "length" or (isinstance(max_tokens, int) and len(words) > max_tokens):
            words, self.finish = words[: max(1, (max_tokens or len(words) // 2))], "length"
        if mode == "no-finish":
            self.finish = None
        self.words = words
        n = body.get("n")
        self.n: int = n if isinstance(n, int) and n > 0 else 1
        prompt_tokens = _words(prompt)
        self.usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(words),
            "total_tokens": prompt_tokens + len(words),
        }

    def _head(self) -> dict[str, Any]:
        kind = "chat.completion" if self.chat else "text_completion"
        return {"id": self.id, "object": kind, "created": self.created, "model": self.model}

    def whole(self) -> dict[str, Any]:
        text = " ".join(self.words)
        choices = [self._choice(i, text, self.finish, whole=True) for i in range(self.n)]
        return {**self._head(), "choices": choices, "usage": self.usage}

    def _choice(self, index: int, text: str, finish: str | None, *, whole: bool) -> dict[str, Any]:
        choice: dict[str, Any] = {"index": index, "logprobs": None, "finish_reason": finish}
        if not self.chat:
            choice["text"] = text
        elif whole:
            choice["message"] = {"role": "assistant", "content": text, "refusal": None}
        else:
            choice["delta"] = {"content": text} if text else {}
        return choice

    def chunks(self) -> list[dict[str, Any]]:
        head = self._head()
        if self.chat:
            head["object"] = "chat.completion.chunk"
        pieces = [w if i == 0 else " " + w for i, w in enumerate(self.words)]
        out = []
        for index in range(self.n):
            if self.chat:
                role = {"index": index, "delta": {"role": "assistant", "content": ""}}
                out.append({**head, "choices": [{**role, "logprobs": None, "finish_reason": None}]})
            for piece in pieces:
                out.append({**head, "choices": [self._choice(index, piece, None, whole=False)]})
            out.append({**head, "choices": [self._choice(index, "", self.finish, whole=False)]})
        options = self.body.get("stream_options")
        if isinstance(options, dict) and options.get("include_usage"):
            for chunk in out:
                chunk["usage"] = None
            out.append({**head, "choices": [], "usage": self.usage})
        return out


class _DroppingResponse(Response):
    """Announces the whole body, sends half of it, then cuts the connection."""

    def __init__(self, body: bytes) -> None:
        super().__init__(body, media_type="application/json")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        half = self.body[: len(self.body) // 2]
        await send({"type": "http.response.body", "body": half, "more_body": True})
        raise _Dropped("fake upstream dropped the response")


def _prompt_of(body: Mapping[str, Any], chat: bool) -> str:
    """The last user text of a chat request, or the prompt of a completion request."""
    if not chat:
        prompt = body.get("prompt", "")
        return prompt if isinstance(prompt, str) else " ".join(map(str, prompt))
    messages = body.get("messages")
    for message in reversed(messages if isinstance(messages, list) else []):
        if isinstance(message, dict) and message.get("role") == "user":
            return _text_of(message.get("content"))
    return ""


def _text_of(content: Any) -> str:
    if isinstance(content, list):  # content parts: keep the text ones
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return "" if content is None else str(content)


def _magic_mode(prompt: str) -> str | None:
    start = prompt.find(_MAGIC)
    if start < 0:
        return None
    end = prompt.find("]", start)
    return prompt[start + len(_MAGIC) : end] if end > 0 else None


def _words(text: str) -> int:
    return len(text.split())


def _sse(data: Any, *, event: str | None = None) -> bytes:
    name = "" if event is None else f"event: {event}\n"
    return f"{name}data: {json.dumps(data)}\n\n".encode()


def _error(status: int, message: str) -> JSONResponse:
    kind = "server_error" if status >= 500 else "invalid_request_error"
    body = {"error": {"message": message, "type": kind, "param": None, "code": None}}
    return JSONResponse(body, status_code=status)
