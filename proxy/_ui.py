"""The dashboard at ``/semcache/ui``: a static page and the JSON it reads.

The page (``proxy/ui/``, shipped as package data, no CDN) loads without a token and
shows nothing until given one: it asks for the admin token or the read-only
``--ui-token``, keeps it in the tab's sessionStorage and sends it as
``Authorization: Bearer`` to the JSON endpoints; a token never goes in a URL.

- ``GET /semcache/series``: requests over time by outcome, hit rate, upstream calls,
  tokens saved and latency p50/p99 (10-second buckets, the last hour); either token.
- ``GET /semcache/recent``: the last hits (namespace as its hashed id, kind,
  similarity, entry id); with the admin token also each one's cached prompt,
  truncated, since prompts are tenant data. Either token.
- Everything else the page shows or does goes through the admin endpoints
  (``/semcache/stats``, ``/semcache/entries``, ``/semcache/clear``,
  ``/semcache/feedback``), which check the tokens themselves.
"""

from __future__ import annotations

from importlib import resources

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from semcache import SemanticCache

from ._admin import authorize, role_of, short_prompt
from ._log import fields
from ._state import state_of

__all__ = ["routes"]

#: The page's files: name -> media type. Nothing else under /semcache/ui is served.
_ASSETS = {
    "dashboard.js": "text/javascript; charset=utf-8",
    "dashboard.css": "text/css; charset=utf-8",
}
# Scripts and styles from this origin only, no inline code, no framing, no referrer.
_PAGE_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-cache",
}


def routes() -> list[Route]:
    """The dashboard's routes, for the app's route table."""
    return [
        Route("/semcache/ui", page, methods=["GET"]),
        Route("/semcache/ui/", _to_page, methods=["GET"]),
        Route("/semcache/ui/{name}", asset, methods=["GET"]),
        Route("/semcache/series", series, methods=["GET"]),
        Route("/semcache/recent", recent, methods=["GET"]),
    ]


def _read(name: str) -> bytes:
    return resources.files("semcache_proxy").joinpath("ui", name).read_bytes()


async def page(request: Request) -> Response:
    """The dashboard's HTML (no data in it: the script fetches that with the token)."""
    fields(request)["endpoint"] = "ui"
    body = _read("index.html")
    return Response(body, media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)


async def _to_page(request: Request) -> Response:
    fields(request)["endpoint"] = "ui"
    return RedirectResponse("/semcache/ui", status_code=308)


async def asset(request: Request) -> Response:
    """One of the page's scripts or styles, by its fixed name."""
    fields(request)["endpoint"] = "ui"
    name = request.path_params["name"]
    if name not in _ASSETS:
        return JSONResponse(
            {"error": {"message": f"no dashboard file {name[:80]!r}", "type": "not_found"}},
            status_code=404,
        )
    return Response(_read(name), media_type=_ASSETS[name], headers=_PAGE_HEADERS)


async def series(request: Request) -> Response:
    """Requests over time (see ``TimeSeries.snapshot``), with the caller's role."""
    if (refused := authorize(request, endpoint="series", viewer=True)) is not None:
        return refused
    metrics = state_of(request).metrics
    return JSONResponse({"role": role_of(request), **metrics.series.snapshot()})


async def recent(request: Request) -> Response:
    """The last hits, newest first; prompts (truncated) for the admin only."""
    if (refused := authorize(request, endpoint="recent", viewer=True)) is not None:
        return refused
    proxy = state_of(request)
    hits = proxy.metrics.recent.snapshot()
    admin = role_of(request) == "admin"
    if admin:
        wanted = {str(h["entry_id"]) for h in hits if h.get("entry_id")}
        prompts = await proxy.in_thread(_prompts, proxy.cache, wanted)
        for hit in hits:
            hit["prompt"] = prompts.get(str(hit.get("entry_id")))  # None: gone since
    return JSONResponse({"object": "list", "prompts": admin, "data": hits})


def _prompts(cache: SemanticCache, wanted: set[str]) -> dict[str, str]:
    """The truncated prompts of the entries ``wanted``, by id; one pass over the
    entries, stopping when all are found (the cache has no lookup by id)."""
    found: dict[str, str] = {}
    if not wanted:
        return found
    for entry in cache.entries():
        if entry.id in wanted:
            found[entry.id] = short_prompt(entry.prompt)
            if len(found) == len(wanted):
                break
    return found
