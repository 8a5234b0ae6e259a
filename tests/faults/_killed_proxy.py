"""A proxy process for the kill -9 tests: the proxy app under uvicorn on 127.0.0.1.

    python _killed_proxy.py DIR UPSTREAM_URL sync|background

The same app and server `semcache serve` runs (create_app, the uvicorn limits),
with the hashing embedder instead of the ONNX model so that a restart takes a
second, not the model's load. Prints ``ready PORT`` once it serves. Also the
proxy of the full-disk test (SIGXFSZ ignored: a file size limit is an error).
"""

from __future__ import annotations

import signal
import sys
import threading

from semcache_proxy import ServerThread, Settings, create_app

from semcache import SemanticCache
from semcache.testing import HashingEmbedder


def main(path: str, upstream: str, mode: str) -> None:
    # A file size limit (the full-disk test's fallback) is then an error, not death.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    settings = Settings(upstream=upstream, sync_writes=mode == "sync", log_level="warning")
    cache = SemanticCache(path, embedder=HashingEmbedder())
    server = ServerThread(create_app(settings, cache=cache, close_cache=True), settings=settings)
    server.start()
    print(f"ready {server.port}", flush=True)
    threading.Event().wait()  # until killed


if __name__ == "__main__":
    main(*sys.argv[1:4])
