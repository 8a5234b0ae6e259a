"""One structured (JSON) log line per request, and the request counter.

Handlers describe what they did in :func:`fields` (outcome, kind, similarity,
upstream time, namespace); the middleware adds status and timings once the last
byte is sent, so a streamed answer is logged when it ends. Never logged: API keys
and other headers; the prompt only when the log level is debug.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from typing import Any, TextIO

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._json import dumps
from ._metrics import ProxyMetrics

__all__ = [
    "AccessLog",
    "JsonFormatter",
    "JsonLines",
    "Line",
    "Recorder",
    "configure_logging",
    "fields",
    "logger",
    "scope_fields",
    "watching",
]

logger = logging.getLogger("semcache.proxy")
_SCOPE_KEY = "semcache.log"
_NAMESPACE_PREFIX = 12  # enough to tell tenants apart in logs, too short to matter


def fields(request: Request) -> dict[str, Any]:
    """The log fields of this request, for handlers to fill in."""
    return scope_fields(request.scope)


def scope_fields(scope: Scope) -> dict[str, Any]:
    """The log fields of the request of ``scope`` (see :func:`fields`)."""
    found: dict[str, Any] = scope.setdefault(_SCOPE_KEY, {})
    return found


class AccessLog:
    """ASGI middleware: logs each HTTP request and counts it by endpoint and outcome."""

    def __init__(self, app: ASGIApp, *, metrics: ProxyMetrics) -> None:
        self.app = app
        self.record = Recorder(metrics)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        seen = scope_fields(scope)
        try:
            await self.app(scope, receive, watching(send, seen, started))
        finally:
            self.record(scope, seen, started)


def watching(send: Send, seen: dict[str, Any], started: float) -> Send:
    """``send``, noting the status and the time to the first body byte in ``seen``."""

    async def send_and_watch(message: Message) -> None:
        if message["type"] == "http.response.start":
            seen["status"] = message["status"]
        elif message["type"] == "http.response.body" and "ttfb_ms" not in seen:
            seen["ttfb_ms"] = _ms_since(started)
        await send(message)

    return send_and_watch


class Recorder:
    """What happens once a request is answered: it is counted by endpoint and outcome
    (``ProxyMetrics.observe_request``) and logged, one JSON line, unless it is a
    successful scrape or probe."""

    def __init__(self, metrics: ProxyMetrics) -> None:
        self.metrics = metrics

    def __call__(self, scope: Scope, seen: dict[str, Any], started: float) -> None:
        """Record the request of ``scope``, started at ``started`` (perf_counter), from
        the fields its handler and :func:`watching` left in ``seen``."""
        elapsed = time.perf_counter() - started
        status = seen.get("status", 500)
        outcome = seen.get("outcome") or ("error" if status >= 400 else "ok")
        endpoint = seen.get("endpoint", "other")
        self.metrics.observe_request(endpoint, outcome, elapsed, seen)
        if (endpoint in ("metrics", "healthz") and status < 400) or not logger.isEnabledFor(
            logging.INFO
        ):
            return  # scrapes and probes would drown the log
        record = {
            "event": "request",
            "method": scope.get("method"),
            "path": scope.get("path"),
            "status": status,
            "outcome": outcome,
            "latency_ms": round(elapsed * 1000, 2),
        }
        record.update((k, v) for k, v in seen.items() if k not in _SET_HERE)
        if "namespace" in record:
            record["namespace"] = str(record["namespace"])[:_NAMESPACE_PREFIX]
        direct = _direct_handler()
        if direct is not None:
            direct.write_line("info", record)  # the line the logging module would write
        else:
            logger.info("%s", Line(record))


_SET_HERE = frozenset(("status", "outcome", "endpoint"))


class Line:
    """A log message that is a JSON object: its fields are written out only when a
    handler formats the record, and :class:`JsonFormatter` merges them as they are,
    instead of writing them, reading them back and writing them again."""

    __slots__ = ("fields",)

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields

    def __str__(self) -> str:
        return _text(self.fields)


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


class JsonFormatter(logging.Formatter):
    """Every log record as one JSON object per line (messages that already are
    JSON objects, like the request lines, are merged in rather than quoted)."""

    def format(self, record: logging.LogRecord) -> str:
        data: Any = _line_of(record)
        message = "" if data is not None else record.getMessage()
        if data is None and message.startswith("{"):
            try:
                data = json.loads(message)
            except ValueError:
                data = None
        if not isinstance(data, dict):
            data = {"message": message}
        out = {"ts": round(record.created, 3), "level": record.levelname.lower(), **data}
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return _text(out)


def _text(fields: dict[str, Any]) -> str:
    try:
        return dumps(fields, default=str).decode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: json.dumps keeps it in the text
        return json.dumps(fields, ensure_ascii=False, default=str)


def _line_of(record: logging.LogRecord) -> dict[str, Any] | None:
    args = record.args
    if record.msg != "%s" or not isinstance(args, tuple) or len(args) != 1:
        return None
    return args[0].fields if isinstance(args[0], Line) else None


class JsonLines(logging.StreamHandler):  # type: ignore[type-arg]
    """A handler writing :class:`JsonFormatter` lines to ``stream``, to which the
    request log writes its lines itself (:meth:`write_line`).

    A request line through the logging module builds a LogRecord, runs the handler's
    filters and the formatter's dispatch, and writes once per line: about 10-15 us of
    CPU per request more than here. Written here, the line is the same, and the lines of
    requests that end in one turn of the event loop leave in one write (at the end of
    that turn, so a line is never held longer than the loop is busy). Only where
    nothing else would see the record: no filter, no other handler on the way.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream if stream is not None else sys.stderr)
        self.setFormatter(JsonFormatter())
        self._held: list[str] = []

    def write_line(self, level: str, fields: dict[str, Any]) -> None:
        """Write ``fields`` as the formatter would write a record of ``level`` with them."""
        line = _text({"ts": round(time.time(), 3), "level": level, **fields}) + "\n"
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not on a loop: at once
            self._write([line])
            return
        if not self._held:
            loop.call_soon(self.flush_held)
        self._held.append(line)

    def flush_held(self) -> None:
        """Write the lines held, if any."""
        held, self._held = self._held, []
        if held:
            self._write(held)

    def _write(self, lines: list[str]) -> None:
        self.acquire()
        try:
            self.stream.write("".join(lines))
            self.stream.flush()
        except Exception:  # as logging does: a broken log never breaks a request
            self.handleError(logging.LogRecord(logger.name, logging.INFO, "", 0, "", (), None))
        finally:
            self.release()

    def close(self) -> None:
        self.flush_held()
        super().close()


def _direct_handler() -> JsonLines | None:
    """The one handler an info record of :data:`logger` would reach, if it is a
    :class:`JsonLines` with no filter on the way; else None (the logging module decides)."""
    current: logging.Logger | None = logger
    while current is not None:
        if current.filters:
            return None
        if current.handlers:
            found = current.handlers[0]
            alone = len(current.handlers) == 1 and not current.propagate
            if alone and isinstance(found, JsonLines) and not found.filters:
                return found if found.level <= logging.INFO else None
            return None
        current = current.parent if current.propagate else None
    return None


def configure_logging(level: str) -> None:
    """Send semcache's and uvicorn's logs to stderr as JSON lines at ``level``."""
    handler = JsonLines()
    for name in ("semcache", "uvicorn.error"):
        target = logging.getLogger(name)
        target.handlers[:] = [handler]
        target.setLevel(level.upper())
        target.propagate = False
