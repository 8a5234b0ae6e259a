"""``kill -9`` after puts made on an event loop (``insert_nowait``, whose commits leave
the log's checkpoints to the next blocking put): every put that returned is found."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from semcache import SemanticCache
from semcache.testing import HashingEmbedder

HERE = Path(__file__).parent
COUNT = 300


def test_a_killed_process_keeps_every_put_made_on_the_loop(tmp_path: Path) -> None:
    """300 puts, most made at once (their commits run no checkpoint), then kill -9:
    all 300 are found after a restart, and SQLite's integrity check passes."""
    child = subprocess.Popen(
        [sys.executable, str(HERE / "_killed_loop_writes.py"), str(tmp_path), str(COUNT)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=HERE,
    )
    assert child.stdout is not None
    lines = []
    for line in child.stdout:
        lines.append(line.strip())
        if line.startswith("done"):
            break
    child.kill()
    child.wait(30)
    child.stdout.close()
    assert lines[-1].startswith("done"), lines[-3:]
    assert int(lines[-1].split()[1]) > COUNT // 2  # most were loop puts
    with sqlite3.connect(tmp_path / "entries.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with SemanticCache(tmp_path, embedder=HashingEmbedder()) as cache:
        stored = {entry.response["answer"] for entry in cache.entries()}
    assert stored == set(range(COUNT))
