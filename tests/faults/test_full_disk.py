"""A full disk under the proxy's data directory: it keeps answering (as misses, the
writes failing), reads still hit, and it stores again once space returns.

The disk is a 4 MiB tmpfs mounted for the test (root on Linux: CI machines and this
sandbox), filled with a ballast file. Where mounting is not permitted the test falls
back to a simulation (also with ``SEMCACHE_FAULT_NO_MOUNT=1``): the proxy process's
file size limit (RLIMIT_FSIZE, changed from outside with prlimit) is set to the
current size of its files, so that any file growth fails as on a full disk (EFBIG
instead of ENOSPC), and raised again afterwards.
"""

from __future__ import annotations

import contextlib
import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
from semcache_proxy import ServerThread

sys.path.insert(0, str(Path(__file__).parent))
from test_kill import HERE, Child

from semcache.testing import FakeUpstream

KEY = {"Authorization": "Bearer sk-full-disk"}
BIG = "x" * 300_000  # a prompt whose entry needs new disk space


@contextlib.contextmanager
def _tmpfs(where: Path) -> Iterator[bool]:
    """Mount a 4 MiB tmpfs on ``where``; yields whether that worked."""
    where.mkdir()
    mounted = (
        os.geteuid() == 0
        and not os.environ.get("SEMCACHE_FAULT_NO_MOUNT")  # to run the fallback on purpose
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)], capture_output=True
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(where: Path) -> Callable[[], None]:
    """Fill the file system of ``where`` to the last block; returns how to free it."""
    ballast = where / "ballast"
    with open(ballast, "wb", buffering=0) as file:
        for block in (65536, 512):
            with contextlib.suppress(OSError):
                while True:
                    file.write(b"\0" * block)
    return lambda: ballast.unlink()


def _freeze(pid: int, data: Path) -> Callable[[], None]:
    """No file of ``pid`` may grow past the largest file under ``data`` now."""
    biggest = max(p.stat().st_size for p in data.rglob("*") if p.is_file())
    hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)[1]
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (biggest, hard))
    return lambda: resource.prlimit(pid, resource.RLIMIT_FSIZE, (hard, hard)) and None


def _ask(client: httpx.Client, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    answer = client.post("/v1/chat/completions", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["choices"][0]["message"]["content"] == f"Answer to: {text}"
    return answer.headers["x-semcache"]


def test_a_full_disk_turns_writes_into_misses_and_recovers(tmp_path: Path) -> None:
    """Full: every request answered (misses for new questions, hits for stored ones),
    /healthz ok. Space back: new answers are stored and served again."""
    with (
        ServerThread(FakeUpstream()) as upstream,
        _tmpfs(tmp_path / "disk") as mounted,
    ):
        data = tmp_path / "disk" / "data"
        child = Child(str(HERE / "_killed_proxy.py"), str(data), upstream.url + "/v1", "sync")
        try:
            url = "http://127.0.0.1:" + child.wait_ready().split()[1]
            with httpx.Client(base_url=url, headers=KEY, timeout=60) as client:
                _scenario(client, data, mounted, child.process.pid)
        finally:
            child.kill()
        with sqlite3.connect(data / "entries.sqlite3") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _scenario(client: httpx.Client, data: Path, mounted: bool, pid: int) -> None:
    assert _ask(client, "stored before") == "miss"
    assert _ask(client, "stored before") == "hit"
    free = _fill(data.parent) if mounted else _freeze(pid, data)
    try:
        for n in range(3):
            for _ in range(2):  # asked twice: the first answer could not be stored
                assert _ask(client, f"{BIG} while full {n}") == "miss"
        assert _ask(client, "stored before") == "hit"  # reads still work
        assert client.get("/healthz").status_code == 200
    finally:
        free()
    assert _ask(client, f"{BIG} space is back") == "miss"
    assert _ask(client, f"{BIG} space is back") == "hit"
    assert _ask(client, f"{BIG} while full 0") in ("miss", "hit")  # right answer either way
