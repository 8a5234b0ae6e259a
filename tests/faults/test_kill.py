"""``kill -9`` during writes, index saves and compactions: what was acknowledged is
found after a restart, and SQLite's integrity check passes.

The default run kills a few times (``SEMCACHE_FAULT_KILLS``, default 3, per test);
``SEMCACHE_FAULT_KILLS=25`` is the long variant whose counts docs/security.md gives.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from semcache_proxy import ServerThread
from semcache_proxy._writes import DEFAULT_MAX_PENDING

from semcache.testing import FakeUpstream

sys.path.insert(0, str(Path(__file__).parent))
from _killed_store import entry, open_store, vector

KILLS = int(os.environ.get("SEMCACHE_FAULT_KILLS", "3"))
HERE = Path(__file__).parent
#: Seconds each life of the writer lasts before its kill, in turn.
KEY = {"Authorization": "Bearer sk-kill-test"}
LIVES = (0.15, 0.4, 0.05, 0.6, 0.25)


class Child:
    """A subprocess whose stdout lines are collected as they come (until it dies)."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, *args], stdout=subprocess.PIPE, text=True, cwd=HERE
        )
        self.lines: list[str] = []
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.strip())
            if line.startswith("ready"):
                self._ready.set()
        self._ready.set()

    def wait_ready(self, timeout: float = 60) -> str:
        assert self._ready.wait(timeout), "the child never got ready"
        ready = next((line for line in self.lines if line.startswith("ready")), None)
        assert ready is not None, f"the child died before it was ready: {self.lines[-5:]}"
        return ready

    def wait_for(self, prefix: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not any(line.startswith(prefix) for line in self.lines[-3:]):
            assert time.monotonic() < deadline and self.process.poll() is None, self.lines[-5:]
            time.sleep(0.01)

    def kill(self) -> list[str]:
        """kill -9; then every line it printed before it died."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)
        self._reader.join(30)
        assert self.process.stdout is not None
        self.process.stdout.close()
        return self.lines


def integrity(database: Path) -> str:
    with sqlite3.connect(database) as conn:
        (result,) = conn.execute("PRAGMA integrity_check").fetchone()
    return str(result)


def test_a_killed_library_process_loses_no_acknowledged_write(tmp_path: Path) -> None:
    """Writes, deletes, background saves and compactions killed KILLS times: every
    acknowledged add is found (by id and by its vector), every acknowledged delete stays
    deleted, integrity_check ok."""
    added: set[int] = set()
    deleted: set[int] = set()
    start = 0
    for kill in range(KILLS):
        child = Child(str(HERE / "_killed_store.py"), str(tmp_path), str(start))
        child.wait_ready()
        child.wait_for("add")
        time.sleep(LIVES[kill % len(LIVES)])
        lines = child.kill()
        for line in lines:
            kind, _, number = line.partition(" ")
            if kind == "add":
                added.add(int(number))
            elif kind == "del":
                deleted.add(int(number))
        kind, _, number = lines[-1].partition(" ")
        if kind == "add" and int(number) % 3 == 0:  # its delete may have been committed
            added.discard(int(number) - 2)
        assert integrity(tmp_path / "entries.sqlite3") == "ok"
        _check(tmp_path, added - deleted, deleted)
        start = max(added | {start}) + 10
    assert len(added) > 10 * KILLS  # the kills came during writing, not before it
    logging.getLogger(__name__).info(
        "library: %d kills, %d adds, %d deletes acknowledged", KILLS, len(added), len(deleted)
    )


def _check(path: Path, live: set[int], deleted: set[int]) -> None:
    with open_store(str(path)) as store:
        missing = [n for n in sorted(live) if store.get(f"e{n}") is None]
        assert not missing, f"acknowledged adds lost: {missing[:20]}"
        assert all(store.get(f"e{n}") is None for n in deleted)
        unfound = []
        for n in sorted(live):
            found = store.search(vector(n), namespace="ns", scope="", k=1)
            if not found or found[0][0].id != entry(n).id:
                unfound.append(n)
        assert not unfound, f"not found by their vectors: {unfound[:20]}"


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    with ServerThread(FakeUpstream()) as server:
        yield server.url + "/v1"


def _chat(n: int) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": f"kill test question {n}"}]}


class Traffic:
    """Sequential misses (distinct questions) from a thread; keeps the acknowledged ones."""

    def __init__(self, url: str, start: int) -> None:
        self.acked: dict[int, str] = {}
        self.first = threading.Event()  # set at the first acknowledged answer
        self._url, self._n, self._stop = url, start, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with httpx.Client(base_url=self._url, headers=KEY, timeout=60) as client:
            while not self._stop.is_set():
                try:
                    answer = client.post("/v1/chat/completions", json=_chat(self._n))
                except httpx.TransportError:
                    return  # killed
                if answer.status_code == 200 and answer.headers["x-semcache"] == "miss":
                    self.acked[self._n] = answer.json()["choices"][0]["message"]["content"]
                    self.first.set()
                self._n += 1

    def stop(self) -> int:
        self._stop.set()
        self._thread.join(30)
        return self._n


@pytest.mark.parametrize("mode", ["sync", "background"])
def test_a_killed_proxy_loses_no_acknowledged_answer(
    tmp_path: Path, upstream: str, mode: str
) -> None:
    """The proxy killed KILLS times mid-traffic: after each restart every answer it had
    sent is a hit with the same content (sync); in the background mode at most the
    pending writes are missing. integrity_check ok after every kill."""
    acked: dict[int, str] = {}
    lost: list[int] = []
    start = 0
    for kill in range(KILLS + 1):
        child = Child(str(HERE / "_killed_proxy.py"), str(tmp_path), upstream, mode)
        url = "http://127.0.0.1:" + child.wait_ready().split()[1]
        lost += _missing(url, acked)
        if kill == KILLS:  # the last life only checks
            child.kill()
            break
        traffic = Traffic(url, start)
        assert traffic.first.wait(60), "no answer from the proxy"
        time.sleep(LIVES[kill % len(LIVES)] * 2)
        child.kill()
        start = traffic.stop() + 1
        acked.update(traffic.acked)
        assert integrity(tmp_path / "entries.sqlite3") == "ok"
    assert len(acked) > 3 * KILLS
    logging.getLogger(__name__).info(
        "%s: %d kills, %d acknowledged, %d lost", mode, KILLS, len(acked) + len(lost), len(lost)
    )
    if mode == "sync":
        assert lost == []
    else:
        assert len(set(lost)) <= DEFAULT_MAX_PENDING * KILLS


def _missing(url: str, acked: dict[int, str]) -> list[int]:
    """The acknowledged questions that are not hits with their content (each then
    stored again by this miss: it is checked once)."""
    missing = []
    with httpx.Client(base_url=url, headers=KEY, timeout=60) as client:
        for n, content in list(acked.items()):
            answer = client.post("/v1/chat/completions", json=_chat(n))
            assert answer.status_code == 200
            if answer.headers["x-semcache"] != "hit":
                missing.append(n)
                del acked[n]
            else:
                assert answer.json()["choices"][0]["message"]["content"] == content
    return missing
