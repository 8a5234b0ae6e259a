"""Serving an ASGI app with uvicorn on a background thread (tests, demo, benchmarks)."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from semcache import SemcacheError

from ._settings import Settings

__all__ = ["ServerThread", "uvicorn_limits"]


def uvicorn_limits(settings: Settings) -> dict[str, Any]:
    """The uvicorn.Config options that bound what one client can hold open."""
    return {
        "timeout_keep_alive": settings.keep_alive,
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        "limit_concurrency": settings.limit_concurrency,
    }


class ServerThread:
    """Runs ``app`` under uvicorn on ``host:port`` (port 0: a free one) in a thread.

    ``settings``: take uvicorn's connection limits from them (keep-alive, header
    size, concurrency), as `semcache serve` does.

    The socket is bound in the constructor, so ``url`` is known before ``start``
    and no other process can take the port in between. ``stop`` shuts down
    gracefully: in-flight requests finish and the app's lifespan shutdown runs.

        with ServerThread(app) as server:
            httpx.get(server.url + "/healthz")
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "warning",
        graceful_timeout: int = 10,
        settings: Settings | None = None,
    ) -> None:
        # proto must be IPPROTO_TCP, not 0: asyncio only disables Nagle's algorithm
        # on accepted sockets of that proto, and with it on, every response whose
        # body is written after its headers waits ~40 ms for a delayed ACK.
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.host, self.port = host, self._socket.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_level=log_level,
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=graceful_timeout,
            **(uvicorn_limits(settings) if settings is not None else {}),
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321``."""
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 60.0) -> ServerThread:
        """Start serving; returns once the app's startup has completed."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise SemcacheError(f"the server on {self.url} failed to start (see the log)")
            time.sleep(0.01)
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop gracefully and wait for the thread (at most ``timeout`` seconds)."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._socket.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
