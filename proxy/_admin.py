"""Operational endpoints: health, metrics, stats, and the admin's view of the cache.

The admin endpoints (``/semcache/entries``, ``/semcache/clear``) need
``Authorization: Bearer <admin token>``; without a configured token they are
disabled. Namespaces appear as the proxy stores them (hashed tenant ids such as
``k-3f2a.../sub``), never as API keys: clear a tenant by the id the listing shows.
"""

from __future__ import annotations

import heapq
import hmac
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from semcache import Entry, InvalidRequestError, SemanticCache

from ._errors import error_response, invalid_request
from ._log import fields
from ._metrics import CONTENT_TYPE
from ._state import state_of

__all__ = ["clear", "delete_entry", "healthz", "list_entries", "metrics", "stats"]

DEFAULT_LIST_LIMIT = 50
MAX_LIST_LIMIT = 1000
_PROMPT_CHARS = 200


async def healthz(request: Request) -> Response:
    """Liveness: the proxy is up and its cache open."""
    fields(request)["endpoint"] = "healthz"
    return JSONResponse({"status": "ok"})


async def metrics(request: Request) -> Response:
    """Prometheus text exposition."""
    fields(request)["endpoint"] = "metrics"
    return Response(state_of(request).metrics.render(), media_type=CONTENT_TYPE)


async def stats(request: Request) -> Response:
    """The cache's stats() and the proxy's counters, as JSON."""
    fields(request)["endpoint"] = "stats"
    proxy = state_of(request)
    cache_stats = await proxy.in_thread(proxy.cache.stats)
    proxy_stats = {**proxy.metrics.summary(), "pending_writes": proxy.writes.pending}
    return JSONResponse({"cache": cache_stats, "proxy": proxy_stats})


def _refuse(request: Request) -> Response | None:
    """An error response unless the request carries the admin token."""
    fields(request)["endpoint"] = "admin"
    token = state_of(request).settings.admin_token
    if token is None:
        return error_response(
            403,
            "admin endpoints are disabled; start the proxy with --admin-token "
            "(or SEMCACHE_ADMIN_TOKEN) to enable them",
            type_="permission_error",
            code="admin_disabled",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        return error_response(
            401,
            "admin endpoints need Authorization: Bearer <admin token>",
            type_="authentication_error",
            code="invalid_admin_token",
        )
    return None


async def list_entries(request: Request) -> Response:
    """The most recently stored entries: ``?limit=N`` (default 50), ``?namespace=ID``."""
    if (refused := _refuse(request)) is not None:
        return refused
    try:
        limit = _limit(request.query_params.get("limit"))
    except InvalidRequestError as exc:
        return invalid_request(str(exc), param="limit")
    proxy = state_of(request)
    namespace = request.query_params.get("namespace") or None
    entries = await proxy.in_thread(_recent, proxy.cache, namespace, limit)
    return JSONResponse({"object": "list", "data": [_describe(e) for e in entries]})


async def delete_entry(request: Request) -> Response:
    """Delete one entry by id."""
    if (refused := _refuse(request)) is not None:
        return refused
    proxy = state_of(request)
    entry_id = request.path_params["entry_id"]
    if not await proxy.in_thread(proxy.cache.delete, entry_id):
        return error_response(
            404, f"no entry with id {entry_id!r}", type_="invalid_request_error", code="not_found"
        )
    return JSONResponse({"id": entry_id, "deleted": True})


async def clear(request: Request) -> Response:
    """Clear one namespace (``{"namespace": ID}``) or everything (``{"all": true}``)."""
    if (refused := _refuse(request)) is not None:
        return refused
    try:
        namespace = _clear_target(await request.body())
    except InvalidRequestError as exc:
        return invalid_request(str(exc))
    proxy = state_of(request)
    deleted = await proxy.in_thread(proxy.cache.clear, namespace)
    return JSONResponse({"namespace": namespace, "deleted": deleted})


def _clear_target(raw: bytes) -> str | None:
    try:
        body: Any = json.loads(raw or b"{}")
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("all") is True and "namespace" not in body:
        return None
    if isinstance(body, dict) and isinstance(body.get("namespace"), str) and body["namespace"]:
        return str(body["namespace"])
    raise InvalidRequestError(
        'send {"namespace": "<id from GET /semcache/entries>"} to clear one namespace, '
        'or {"all": true} to clear everything'
    )


def _limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIST_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIST_LIMIT:
        raise InvalidRequestError(
            f"limit must be a whole number from 1 to {MAX_LIST_LIMIT}; got {raw!r}"
        )
    return int(raw)


def _recent(cache: SemanticCache, namespace: str | None, limit: int) -> list[Entry]:
    return heapq.nlargest(limit, cache.entries(namespace), key=lambda e: e.created_at)


def _describe(entry: Entry) -> dict[str, Any]:
    prompt = (
        entry.prompt if len(entry.prompt) <= _PROMPT_CHARS else entry.prompt[:_PROMPT_CHARS] + "…"
    )
    return {
        "id": entry.id,
        "namespace": entry.namespace,
        "created": entry.created_at,
        "expires": entry.expires_at,
        "hits": entry.hits,
        "size": entry.size,
        "prompt": prompt,
    }
