"""A scripted OpenAI-compatible upstream to put behind httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

from semcache.wire import CHAT, COMPLETIONS


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body of pieces; ``drop_after`` cuts the connection after that many."""

    def __init__(self, pieces: list[bytes], drop_after: int | None = None) -> None:
        self.pieces = pieces
        self.drop_after = drop_after

    def _sent(self) -> Iterator[bytes]:
        for number, piece in enumerate(self.pieces):
            if number == self.drop_after:
                raise httpx.ReadError("connection reset by peer")
            yield piece

    def __iter__(self) -> Iterator[bytes]:
        yield from self._sent()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self._sent():
            yield piece


class Upstream:
    """Answers "Answer N to: <text>" (N counts calls), streamed per word when asked.

    ``status`` makes every call fail with that HTTP status; ``drop_after`` cuts a
    stream after that many events; ``finish`` sets the finish_reason.
    """

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.headers: list[httpx.Headers] = []
        self.status: int | None = None
        self.drop_after: int | None = None
        self.finish = "stop"
        self.tool_call: dict[str, Any] | None = None

    @property
    def calls(self) -> int:
        return len(self.bodies)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.bodies.append(body)
        self.headers.append(request.headers)
        if self.status is not None:
            error = {"message": "upstream is unhappy", "type": "server_error", "code": None}
            return httpx.Response(self.status, json={"error": error})
        chat = request.url.path.endswith("/chat/completions")
        answer = self._answer(chat, body)
        if not body.get("stream"):
            return httpx.Response(200, json=answer)
        events = [*self._chunks(chat, answer, body), "[DONE]"]
        pieces = [f"data: {event}\n\n".encode() for event in events]
        headers = {"content-type": "text/event-stream"}
        return httpx.Response(200, headers=headers, stream=Body(pieces, self.drop_after))

    def _answer(self, chat: bool, body: dict[str, Any]) -> dict[str, Any]:
        prompt = body["messages"][-1]["content"] if chat else body["prompt"]
        text = f"Answer {self.calls} to: {prompt}"
        usage = {"prompt_tokens": 3, "completion_tokens": 5, "total_tokens": 8}
        base = {"id": f"up-{self.calls}", "created": 1700000000, "model": body["model"]}
        if not chat:
            choice = {"index": 0, "text": text, "logprobs": None, "finish_reason": self.finish}
            return {**base, "object": "text_completion", "choices": [choice], "usage": usage}
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if self.tool_call is not None:
            message = {"role": "assistant", "content": None, "tool_calls": [self.tool_call]}
        choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": self.finish}
        return {**base, "object": "chat.completion", "choices": [choice], "usage": usage}

    def _chunks(self, chat: bool, answer: dict[str, Any], body: dict[str, Any]) -> list[str]:
        usage = (body.get("stream_options") or {}).get("include_usage") is True
        dialect = CHAT if chat else COMPLETIONS
        return [
            json.dumps({**c, "id": answer["id"]})
            for c in dialect.replay(answer, include_usage=usage)
        ]
