"""The proxy's ASGI app: routes, lifespan (shared client, cache, background writes)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from semcache import InvalidRequestError, SemanticCache, wire
from semcache.embed import default_embedder
from semcache.judge import LLMJudge

from . import _admin, _ui
from ._completions import handle_completion
from ._errors import error_response, invalid_request
from ._fast import ErrorHandler, FastPath, Handler
from ._judge import open_judge
from ._log import AccessLog, Recorder, logger
from ._metrics import ProxyMetrics
from ._passthrough import handle_passthrough
from ._settings import Settings
from ._state import ProxyState
from ._upstream import Upstream, check_path
from ._writes import Writes

__all__ = ["DEFAULT_CACHE_THREADS", "create_app", "open_cache"]

#: Worker threads for cache calls (lookups and writes); embedding is CPU-bound,
#: so more threads than cores only queue.
DEFAULT_CACHE_THREADS = 4

_ALL = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
#: The completion endpoints: POSTs are cached, other methods are relayed.
_COMPLETION_PATHS = ("/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/messages")


def open_cache(settings: Settings) -> SemanticCache:
    """The SemanticCache the settings describe (cache defaults for unset values)."""
    options = {
        name: getattr(settings, name)
        for name in ("threshold", "policy", "max_entries", "max_bytes", "ttl", "store", "context")
        if getattr(settings, name) is not None
    }
    if settings.onnx_variant is not None or settings.onnx_threads is not None:
        options["embedder"] = default_embedder(
            variant=settings.onnx_variant, intra_op_threads=settings.onnx_threads
        )
    judge = open_judge(settings)
    if judge is not None:
        options.update(judge=judge, judge_mode=settings.judge_mode or "sync")
        options.update(max_error_rate=settings.max_error_rate)
        options.update(judge_deadline=settings.judge_deadline, judge_error=settings.judge_error)
    try:
        cache = SemanticCache(settings.data_dir, **options)
    except BaseException:
        if judge is not None:
            judge.close()
        raise
    cache.embedder.embed(["warm-up"])  # load the model now, not on the first request
    return cache


def create_app(
    settings: Settings,
    *,
    cache: SemanticCache | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    close_cache: bool = False,
) -> Starlette:
    """The proxy as an ASGI app.

    ``cache``: use this cache instead of opening one from ``settings`` at startup;
    the caller keeps ownership and closes it, unless ``close_cache`` (then the app
    closes it on shutdown, as `semcache serve` wants). ``transport``: the httpx
    transport to reach the upstream (tests pass ``httpx.ASGITransport(app=FakeUpstream())``).
    On shutdown, pending cache writes are flushed before the cache is closed.
    """
    metrics = ProxyMetrics()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        own = cache is None or close_cache
        the_cache = (
            cache if cache is not None else await anyio.to_thread.run_sync(open_cache, settings)
        )
        upstream = Upstream(
            settings.upstream, timeout=settings.upstream_timeout, transport=transport
        )
        limiter = anyio.CapacityLimiter(DEFAULT_CACHE_THREADS)
        judge = the_cache.judge
        if isinstance(judge, LLMJudge) and judge.observer is None:
            judge.observer = metrics.observe_judge  # its calls, verdicts, latency, tokens
        writes = Writes(asyncio.get_running_loop(), sync=settings.sync_writes)
        try:
            app.state.proxy = ProxyState(settings, the_cache, upstream, metrics, writes, limiter)
            logger.info('{"event": "started", "upstream": "%s"}', settings.upstream)
            yield
            logger.info('{"event": "stopping", "pending_writes": %d}', writes.pending)
        finally:
            await writes.aclose()  # every accepted write is stored before the cache closes
            await upstream.aclose()
            if own:
                await anyio.to_thread.run_sync(the_cache.close)
                if isinstance(judge, LLMJudge):  # open_cache made it for this cache
                    judge.close()

    handled: list[tuple[type[Exception], ErrorHandler]] = [
        (HTTPException, _http_error),
        (ClientDisconnect, _client_gone),
    ]
    app = _ProxyApp(
        routes=_routes(),
        middleware=[
            Middleware(AccessLog, metrics=metrics),
            Middleware(PathGuard),
        ],
        exception_handlers={**dict(handled), Exception: _server_error},
        lifespan=lifespan,
    )
    app.state.metrics = metrics
    app.state.flights = wire.Flights(settings.coalesce_timeout)  # single-flight
    app.fast = FastPath(
        _fast_routes(settings),
        record=Recorder(metrics),
        errors=handled,
        server_error=_server_error,
    )
    return app


class _ProxyApp(Starlette):
    """Starlette, with the cached endpoints' POSTs served by a :class:`FastPath` in
    front of its middleware and routing (the same handlers, log and metrics)."""

    fast: FastPath | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fast = self.fast
        handler = None if fast is None else fast.handler_for(scope)
        if fast is None or handler is None:
            await super().__call__(scope, receive, send)
            return
        scope["app"] = self
        await fast.serve(handler, scope, receive, send)


class PathGuard:
    """Refuses, before any route runs, a path that could leave the upstream's base
    path (dot segments, backslashes) or is too long to relay: a 400, never a 5xx."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw: bytes = scope.get("raw_path") or scope["path"].encode("utf-8", "replace")
            try:
                check_path(raw.decode("latin-1"), scope.get("query_string", b""))
            except InvalidRequestError as exc:
                response = invalid_request(str(exc), code="invalid_path")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _routes() -> list[Route]:
    return [
        *(Route(path, _completion_or_passthrough, methods=_ALL) for path in _COMPLETION_PATHS),
        Route("/v1/embeddings", _embeddings_or_passthrough, methods=_ALL),
        Route("/v1/{rest:path}", handle_passthrough, methods=_ALL),
        Route("/healthz", _admin.healthz, methods=["GET"]),
        Route("/metrics", _admin.metrics, methods=["GET"]),
        Route("/semcache/stats", _admin.stats, methods=["GET"]),
        Route("/semcache/entries", _admin.list_entries, methods=["GET"]),
        Route("/semcache/entries/{entry_id}", _admin.delete_entry, methods=["DELETE"]),
        Route("/semcache/clear", _admin.clear, methods=["POST"]),
        Route("/semcache/feedback", _admin.feedback, methods=["POST"]),
        *_ui.routes(),
    ]


def _fast_routes(settings: Settings) -> dict[str, Handler]:
    """The POSTs the fast path serves: every cached endpoint (the routes above send
    their POSTs to the same handler)."""
    paths = list(_COMPLETION_PATHS)
    if settings.cache_embeddings:
        paths.append("/v1/embeddings")
    return dict.fromkeys(paths, handle_completion)


async def _completion_or_passthrough(request: Request) -> Response:
    # GET /v1/chat/completions lists stored completions upstream: not ours to cache.
    if request.method == "POST":
        return await handle_completion(request)
    return await handle_passthrough(request)


async def _embeddings_or_passthrough(request: Request) -> Response:
    # --no-cache-embeddings: relayed as every other /v1/ route
    if request.method == "POST" and request.app.state.proxy.settings.cache_embeddings:
        return await handle_completion(request)
    return await handle_passthrough(request)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    kind = "not_found" if exc.status_code == 404 else "invalid_request_error"
    message = f"{request.method} {request.url.path}: {exc.detail}"
    return error_response(exc.status_code, message, type_=kind, code=kind)


async def _client_gone(request: Request, exc: Exception) -> Response:
    # Not an error of the proxy: nobody is left to answer, and a traceback would be noise.
    logger.info('{"event": "client_disconnected", "path": "%s"}', request.url.path[:200])
    return Response(status_code=400)


async def _server_error(request: Request, exc: Exception) -> Response:
    logging.getLogger("semcache.proxy").error("unhandled error", exc_info=exc)
    return error_response(
        500, f"internal proxy error: {type(exc).__name__}", type_="server_error", code="internal"
    )
