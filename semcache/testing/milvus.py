"""A Milvus Lite gRPC server in a subprocess, for tests and benchmarks.

``milvus-lite server`` speaks the network protocol of a real Milvus, so several
processes can share one cache through it the way proxies share a Milvus
cluster. It runs with one worker thread: the Milvus Lite engine takes one
writer at a time. This module imports neither pymilvus nor milvus_lite: the
server runs as ``python -m milvus_lite``.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from .._errors import StoreError

__all__ = ["LiteServer", "free_port"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiteServer:
    """``milvus-lite server`` on 127.0.0.1 serving ``data_dir``; a context manager.

    ``start`` waits until the port accepts connections (at most ``wait``
    seconds); ``stop`` terminates the process. Restartable on the same port.
    """

    def __init__(self, data_dir: str | Path, port: int | None = None, wait: float = 60.0) -> None:
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self._wait = wait
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        """Where the server's output goes (next to the data directory)."""
        return self.data_dir.with_name(self.data_dir.name + ".log")

    @property
    def uri(self) -> str:
        """The store URI of this server."""
        return f"milvus://127.0.0.1:{self.port}"

    def start(self) -> LiteServer:
        """Start the server and wait until it listens."""
        command = [sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(self.data_dir)]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--max-workers", "1"]
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:  # the child keeps its own handle
            self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603 (our own interpreter, fixed arguments)
        deadline = time.monotonic() + self._wait
        while not self._listening():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise StoreError(f"milvus-lite server on port {self.port} did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        """Terminate the server (it replays its write-ahead log on the next start)."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def _listening(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
        except OSError:
            return False
        return True

    def __enter__(self) -> LiteServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
