"""Operational endpoints: health, metrics, stats, and the admin's view of the cache.

The admin endpoints (``/semcache/entries``, ``/semcache/clear``,
``/semcache/feedback``) need
``Authorization: Bearer <admin token>``; without a configured token they are
disabled. The dashboard's read-only token (``--ui-token``) is enough for what
shows no tenant data: the per-namespace counts of ``/semcache/stats`` and the
dashboard's series and recent hits (without prompts). Namespaces appear as the
proxy stores them (hashed tenant ids such as ``k-3f2a.../sub``), never as API
keys: clear a tenant by the id the listing shows.
"""

from __future__ import annotations

import heapq
import hmac
import inspect
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from semcache import Entry, Hit, InvalidRequestError, SemanticCache

from ._errors import error_response, invalid_request
from ._log import fields
from ._metrics import CONTENT_TYPE
from ._settings import Settings
from ._state import state_of

__all__ = [
    "authorize",
    "clear",
    "delete_entry",
    "feedback",
    "healthz",
    "list_entries",
    "metrics",
    "role_of",
    "short_prompt",
    "stats",
]

DEFAULT_LIST_LIMIT = 50
MAX_LIST_LIMIT = 1000
MAX_QUERY_CHARS = 500
_PROMPT_CHARS = 200


async def healthz(request: Request) -> Response:
    """Liveness: the proxy is up and its cache open."""
    fields(request)["endpoint"] = "healthz"
    return JSONResponse({"status": "ok"})


async def metrics(request: Request) -> Response:
    """Prometheus text exposition (the cache's entries, bytes, evictions and
    expirations read from its stats() at each scrape)."""
    fields(request)["endpoint"] = "metrics"
    proxy = state_of(request)
    cache_stats = await proxy.in_thread(proxy.cache.stats)
    body = proxy.metrics.render(cache_stats, _policy(proxy.settings), _limits(proxy.settings))
    return Response(body, media_type=CONTENT_TYPE)


async def stats(request: Request) -> Response:
    """The cache's stats(), its limits and the proxy's counters, as JSON; with the
    admin or the dashboard's token, also the requests of each namespace (hashed
    tenant id) since the proxy started."""
    fields(request)["endpoint"] = "stats"
    named = "authorization" in request.headers
    if named and (refused := authorize(request, endpoint="stats", viewer=True)) is not None:
        return refused
    proxy = state_of(request)
    cache_stats = await proxy.in_thread(proxy.cache.stats)
    proxy_stats = {**proxy.metrics.summary(), "pending_writes": proxy.writes.pending}
    body: dict[str, Any] = {
        "cache": cache_stats,
        "limits": _limits(proxy.settings),
        "proxy": proxy_stats,
    }
    if named:
        body["namespaces"] = proxy.metrics.namespaces.snapshot()
    return JSONResponse(body)


def _policy(settings: Settings) -> str:
    # The cache's own default when unset, read from its signature, not copied here.
    default = inspect.signature(SemanticCache).parameters["policy"].default
    return settings.policy or str(default)


def _limits(settings: Settings) -> dict[str, int | None]:
    """max_entries and max_bytes in force (the cache's defaults when unset; None: none)."""
    defaults = inspect.signature(SemanticCache).parameters
    limits: dict[str, int | None] = {}
    for name in ("max_entries", "max_bytes"):
        given = getattr(settings, name)
        limits[name] = given if given is not None else defaults[name].default
    return limits


def role_of(request: Request) -> str | None:
    """``"admin"`` for the admin token, ``"viewer"`` for the dashboard's read-only
    token, None for neither (compared in constant time)."""
    settings = state_of(request).settings
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    presented = given.strip().encode()
    for role, token in (("admin", settings.admin_token), ("viewer", settings.ui_token)):
        if token is not None and hmac.compare_digest(presented, token.encode()):
            return role
    return None


def authorize(
    request: Request, endpoint: str = "admin", *, viewer: bool = False
) -> Response | None:
    """An error response unless the request carries the admin token (or, where
    ``viewer``, the dashboard's read-only token)."""
    fields(request)["endpoint"] = endpoint
    settings = state_of(request).settings
    if settings.admin_token is None and (not viewer or settings.ui_token is None):
        return error_response(
            403,
            "admin endpoints are disabled; start the proxy with --admin-token "
            "(or SEMCACHE_ADMIN_TOKEN) to enable them",
            type_="permission_error",
            code="admin_disabled",
        )
    role = role_of(request)
    if role == "admin" or (viewer and role == "viewer"):
        return None
    if role == "viewer":
        return error_response(
            403,
            "the dashboard's read-only token (--ui-token) cannot do this; "
            "use Authorization: Bearer <admin token>",
            type_="permission_error",
            code="read_only_token",
        )
    wanted = "<admin token> or <ui token>" if viewer and settings.ui_token else "<admin token>"
    return error_response(
        401,
        f"admin endpoints need Authorization: Bearer {wanted}",
        type_="authentication_error",
        code="invalid_admin_token",
    )


async def list_entries(request: Request) -> Response:
    """The most recently stored entries: ``?limit=N`` (default 50), ``?namespace=ID``,
    ``?q=TEXT`` (only prompts that contain TEXT, ignoring case)."""
    if (refused := authorize(request)) is not None:
        return refused
    try:
        limit = _limit(request.query_params.get("limit"))
    except InvalidRequestError as exc:
        return invalid_request(str(exc), param="limit")
    try:
        text = _query(request.query_params.get("q"))
    except InvalidRequestError as exc:
        return invalid_request(str(exc), param="q")
    proxy = state_of(request)
    namespace = request.query_params.get("namespace") or None
    entries = await proxy.in_thread(_recent, proxy.cache, namespace, limit, text)
    return JSONResponse({"object": "list", "data": [_describe(e) for e in entries]})


async def delete_entry(request: Request) -> Response:
    """Delete one entry by id."""
    if (refused := authorize(request)) is not None:
        return refused
    proxy = state_of(request)
    entry_id = request.path_params["entry_id"]
    if not await proxy.in_thread(proxy.cache.delete, entry_id):
        return _no_entry(entry_id)
    return JSONResponse({"id": entry_id, "deleted": True})


def _no_entry(entry_id: str) -> Response:
    return error_response(
        404,
        f"no entry with id {entry_id!r}; it was deleted, evicted or expired, or the id is not "
        "an x-semcache-entry-id (GET /semcache/entries lists them)",
        type_="invalid_request_error",
        code="not_found",
    )


async def clear(request: Request) -> Response:
    """Clear one namespace (``{"namespace": ID}``) or everything (``{"all": true}``)."""
    if (refused := authorize(request)) is not None:
        return refused
    try:
        namespace = _clear_target(await request.body())
    except InvalidRequestError as exc:
        return invalid_request(str(exc))
    proxy = state_of(request)
    deleted = await proxy.in_thread(proxy.cache.clear, namespace)
    return JSONResponse({"namespace": namespace, "deleted": deleted})


async def feedback(request: Request) -> Response:
    """Report a served hit as wrong (or right), by the headers it was served with:
    ``{"entry_id", "kind", "similarity", "correct"}``. A wrong exact hit deletes the
    entry; a wrong semantic hit raises the entry's own threshold (see docs/quality.md).
    """
    if (refused := authorize(request)) is not None:
        return refused
    try:
        hit, correct = _feedback_hit(await request.body())
    except InvalidRequestError as exc:
        return invalid_request(str(exc))
    proxy = state_of(request)
    if not await proxy.in_thread(lambda: proxy.cache.feedback(hit, correct=correct)):
        return _no_entry(hit.entry_id)
    return JSONResponse({"id": hit.entry_id, "correct": correct})


def _feedback_hit(raw: bytes) -> tuple[Hit, bool]:
    try:
        body: Any = json.loads(raw or b"null")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise InvalidRequestError(_FEEDBACK_SHAPE)
    entry_id, kind = body.get("entry_id"), body.get("kind")
    similarity, correct = body.get("similarity"), body.get("correct")
    if not isinstance(entry_id, str) or not entry_id:
        raise InvalidRequestError(
            f"entry_id must be the x-semcache-entry-id of a hit; got {entry_id!r}"
        )
    if kind not in ("exact", "semantic"):
        raise InvalidRequestError(f"kind must be 'exact' or 'semantic'; got {kind!r}")
    if (
        isinstance(similarity, bool)
        or not isinstance(similarity, (int, float))
        or not 0 <= similarity <= 1
    ):
        raise InvalidRequestError(f"similarity must be a number from 0 to 1; got {similarity!r}")
    if not isinstance(correct, bool):
        raise InvalidRequestError(f"correct must be true or false; got {correct!r}")
    hit = Hit(None, float(similarity), "", kind, entry_id, "", "", 0.0)
    return hit, correct


_FEEDBACK_SHAPE = (
    'send {"entry_id": ..., "kind": "exact"|"semantic", "similarity": 0..1, "correct": false} '
    "with the values of the hit's x-semcache-* response headers"
)


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


def _query(raw: str | None) -> str:
    text = (raw or "").strip().casefold()
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidRequestError(
            f"q must be at most {MAX_QUERY_CHARS} characters of the prompt; got {len(text)}"
        )
    return text


def _recent(cache: SemanticCache, namespace: str | None, limit: int, text: str = "") -> list[Entry]:
    entries = cache.entries(namespace)
    if text:
        entries = (e for e in entries if text in e.prompt.casefold())
    return heapq.nlargest(limit, entries, key=lambda e: e.created_at)


def short_prompt(prompt: str) -> str:
    """A prompt cut to what a listing shows (200 characters and an ellipsis)."""
    return prompt if len(prompt) <= _PROMPT_CHARS else prompt[:_PROMPT_CHARS] + "…"


def _describe(entry: Entry) -> dict[str, Any]:
    prompt = short_prompt(entry.prompt)
    return {
        "id": entry.id,
        "namespace": entry.namespace,
        "created": entry.created_at,
        "expires": entry.expires_at,
        "hits": entry.hits,
        "size": entry.size,
        "prompt": prompt,
    }
