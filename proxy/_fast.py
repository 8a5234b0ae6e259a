"""The cached endpoints' POSTs, served in front of Starlette's middleware and routing.

Completion requests are most of the proxy's traffic, and an exact hit costs less
than the stack it used to pass through: Starlette's error and exception middlewares,
the access log's and the path guard's, the router's match over every route and the
request/response wrapper, each one more ASGI call with its own ``send`` wrapper.
Here a request to one of the cached paths, exactly as routed (``POST``, no query, no
percent-escapes, no root path), goes straight to its handler, and keeps what the stack
gave it: the access log line and the request metrics (:class:`~._log.Recorder`), the
same exception handlers (a 4xx for a bad request or a client gone, a 500 for a bug,
re-raised for uvicorn to log), ``scope["app"]`` for the handler's state. Every other
request, and these paths with a query string (which the path guard checks), go
through the stack as before.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from ._log import Recorder, scope_fields, watching

__all__ = ["ErrorHandler", "FastPath", "Handler"]

Handler = Callable[[Request], Awaitable[Response]]
ErrorHandler = Callable[[Request, Exception], Awaitable[Response]]


class FastPath:
    """The handlers of ``routes`` (path -> handler, for ``POST``), served directly.

    ``errors``: exception types and their handlers, tried in order for an exception a
    handler raises; ``server_error`` answers any other (then the exception is
    re-raised, as Starlette's ``ServerErrorMiddleware`` does). ``record`` counts and
    logs every request served here.
    """

    def __init__(
        self,
        routes: Mapping[str, Handler],
        *,
        record: Recorder,
        errors: Sequence[tuple[type[Exception], ErrorHandler]],
        server_error: ErrorHandler,
    ) -> None:
        self._routes = {path: (path.encode("ascii"), handler) for path, handler in routes.items()}
        self._record = record
        self._errors = tuple(errors)
        self._server_error = server_error

    def handler_for(self, scope: Scope) -> Handler | None:
        """The handler of the request of ``scope``, or None if the stack serves it."""
        if scope["type"] != "http" or scope.get("method") != "POST":
            return None
        if scope.get("query_string") or scope.get("root_path"):
            return None  # the path guard checks query strings; mounts route by root path
        found = self._routes.get(scope["path"])
        if found is None or scope.get("raw_path", found[0]) != found[0]:
            return None  # a percent-escaped path goes to the guard and the router
        return found[1]

    async def serve(self, handler: Handler, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one request with ``handler``, recorded once its last byte is sent."""
        started = time.perf_counter()
        seen = scope_fields(scope)
        reply = _Reply(send, seen, started)
        request = Request(scope, receive, send)
        try:
            await self._answer(handler, request, reply)
        finally:
            self._record(scope, seen, started)

    async def _answer(self, handler: Handler, request: Request, reply: _Reply) -> None:
        try:
            try:
                response = await handler(request)
            except Exception as exc:
                response = await self._handled(request, exc)
            await reply.respond(response, request)
        except Exception as exc:
            if reply.started:
                raise  # uvicorn logs it and closes the connection
            await reply.respond(await self._server_error(request, exc), request)
            raise

    async def _handled(self, request: Request, exc: Exception) -> Response:
        for kind, handle in self._errors:
            if isinstance(exc, kind):
                response = await handle(request, exc)
                exc.__traceback__ = None  # as Starlette: no frames kept by a reused error
                return response
        raise exc


class _Reply:
    """The ``send`` of one request, and what the access log notes of it (status, time
    to the first body byte) and the error handling needs (whether it started)."""

    __slots__ = ("_seen", "_send", "_started_at", "started")

    def __init__(self, send: Send, seen: dict[str, Any], started_at: float) -> None:
        self._send, self._seen, self._started_at = send, seen, started_at
        self.started = False

    async def respond(self, response: Response, request: Request) -> None:
        """Send ``response``: a whole one with its status noted here, a stream through
        a watching ``send`` (its first byte comes later)."""
        self.started = True
        if isinstance(response, StreamingResponse):
            send = watching(self._send, self._seen, self._started_at)
            await response(request.scope, request.receive, send)
            return
        self._seen["status"] = response.status_code
        self._seen["ttfb_ms"] = round((time.perf_counter() - self._started_at) * 1000, 2)
        await response(request.scope, request.receive, self._send)
