"""Opening a pymilvus client for a store, and Milvus Lite's in-process server."""

from __future__ import annotations

import fcntl
import os
import re
import threading
import time
from pathlib import Path
from typing import Any

from ..._errors import StoreError, StoreLockedError
from ._config import MilvusConfig

__all__ = ["connect", "describe", "disconnect", "partial_updates", "require_pymilvus"]

# Milvus Lite serves a file from a gRPC server in a thread of this process,
# one per file, shared by every client of the file (pymilvus's server manager).
# Counting our stores per file lets the last close stop that server and unlock
# the file, so that another process can open it afterwards.
_lite_users: dict[str, int] = {}
_lite_lock = threading.Lock()

#: Milvus Lite's clients: no keepalive pings on the local connection (see ``connect``).
_LITE_GRPC_OPTIONS: dict[str, Any] = {
    "grpc.keepalive_time_ms": 2**31 - 1,
    "grpc.keepalive_permit_without_calls": False,
}
_CONNECT_ATTEMPTS = 2  # a transient refusal of the Connect is tried once more
_RETRY_PAUSE = 0.2  # seconds before that second try


def describe(config: MilvusConfig) -> str:
    """Where ``config`` points, for messages and logs (never with the token)."""
    if config.is_lite:
        return f"Milvus Lite file {config.address}"
    return config.address + (f"/{config.db_name}" if config.db_name else "")


def partial_updates(version: str) -> bool:
    """Whether a server of ``version`` merges partial upserts (Milvus 2.6.2+, Milvus Lite)."""
    if "lite" in version.lower():
        return True
    found = re.search(r"(\d+)\.(\d+)\.(\d+)", version)
    return found is not None and tuple(map(int, found.groups())) >= (2, 6, 2)


def require_pymilvus() -> Any:
    """The pymilvus module, or ImportError naming the extra that installs it."""
    try:
        import pymilvus
    except ImportError as exc:
        raise ImportError(
            "the Milvus store needs pymilvus (and milvus-lite for milvus:///file.db): "
            "pip install 'semcache[milvus]'"
        ) from exc
    return pymilvus


def connect(config: MilvusConfig, where: str) -> Any:
    """A dedicated MilvusClient for ``config``; StoreError if the server cannot be reached.

    A Milvus Lite server is local, so its clients send no keepalive pings: pymilvus pings
    every 10 s even when idle, and gRPC's server answers pings that come too often (as
    they do when the machine is busy) with a GOAWAY "too_many_pings" that fails the next
    client's Connect. Such a refusal is transient: the Connect is tried again once."""
    pymilvus = require_pymilvus()
    extra: dict[str, Any] = {}
    owned = False
    if config.is_lite:
        extra["grpc_options"] = _LITE_GRPC_OPTIONS
        owned = _start_lite(config.address)
    for attempt in range(_CONNECT_ATTEMPTS):
        try:
            return pymilvus.MilvusClient(
                uri=config.address,
                token=config.token,
                db_name=config.db_name,
                timeout=config.write_timeout,
                dedicated=True,
                **extra,
            )
        except Exception as exc:
            if attempt + 1 < _CONNECT_ATTEMPTS and _transient(exc):
                time.sleep(_RETRY_PAUSE)
                continue
            if config.is_lite:
                disconnect(config)
                if not owned:  # the file's LOCK is held by this process's own server
                    _raise_if_locked(config.address, exc)
            raise StoreError(
                f"cannot connect to Milvus at {where}: {exc}; check that the server runs and "
                "that the URI and token are right"
            ) from exc
    raise AssertionError("unreachable")  # the loop returns or raises


def _transient(exc: Exception) -> bool:
    """Whether a failed Connect is worth one more try: gRPC's UNAVAILABLE, as after a
    GOAWAY ("Too many pings"), not a refused token or a missing database."""
    text = str(exc)
    return "UNAVAILABLE" in text or "Too many pings" in text


def disconnect(config: MilvusConfig, client: Any = None) -> None:
    """Close ``client``; stop the Milvus Lite server of the file with its last user."""
    if client is not None:
        client.close()
    if not config.is_lite:
        return
    path = os.path.abspath(config.address)
    with _lite_lock:
        _lite_users[path] -= 1
        last = _lite_users[path] == 0
        if last:
            del _lite_users[path]
    if last:
        from milvus_lite import server_manager_instance

        server_manager_instance.release_server(path)


def _start_lite(address: str) -> bool:
    """Count a user of the Milvus Lite file ``address``; whether this process already
    served it (its server, and so the file's LOCK, are then this process's own)."""
    try:
        import milvus_lite  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            "a milvus:///file.db store needs milvus-lite: pip install 'semcache[milvus]'"
        ) from exc
    try:
        Path(address).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the directory of {address}: {exc}") from exc
    with _lite_lock:
        path = os.path.abspath(address)
        users = _lite_users.get(path, 0)
        _lite_users[path] = users + 1
    return users > 0


def _raise_if_locked(address: str, exc: Exception) -> None:
    lock = Path(address) / "LOCK"
    if not lock.exists():
        return
    with open(lock, "rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise StoreLockedError(
                f"the Milvus Lite file {address} is open in another process, and a Milvus "
                "Lite file has a single owner; to share a cache between processes run "
                f"`milvus-lite server --data-dir {address}` and use milvus://127.0.0.1:19530"
            ) from exc
        fcntl.flock(handle, fcntl.LOCK_UN)
