"""``semcache demo --open``: the demo's proxy keeps serving its dashboard until Ctrl-C.

The end-to-end test runs the real command (real model, real workload) with no display,
reads the printed URL and token, reads the dashboard's data with them, then stops it
with SIGINT.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from typing import IO, Any

import httpx
import pytest
from semcache_proxy._demo import serve_dashboard


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _lines(stream: IO[str], into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line)


def _read_until(lines: queue.Queue[str], prefix: str, seconds: float, seen: list[str]) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.05, deadline - time.monotonic()))
        except queue.Empty:
            break
        seen.append(line)
        if line.startswith(prefix):
            return line.rstrip("\n")
    raise AssertionError(f"no line starting {prefix!r} in time; output:\n{''.join(seen)}")


@pytest.mark.slow  # the whole demo runs first: ~30 s on an idle 2-core machine
@pytest.mark.timeout(240)
def test_demo_open_serves_the_dashboard_until_interrupted() -> None:
    """The URL and token printed work on the dashboard's endpoints; Ctrl-C ends it, exit 0."""
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    command = [sys.executable, "-m", "semcache", "demo", "--open", "--latency-ms", "0"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environ,
        # A background job of a non-interactive shell ignores SIGINT, and a child keeps that:
        # Python would then install no Ctrl-C handler and the demo would never stop.
        preexec_fn=_default_sigint,
    )
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        url = _read_until(lines, "dashboard: ", 180, seen).removeprefix("dashboard: ")
        token = _read_until(lines, "admin token of this run: ", 10, seen).rsplit(" ", 1)[-1]
        _read_until(lines, "  no display here", 10, seen)
        assert url.startswith("http://127.0.0.1:") and url.endswith("/semcache/ui")
        base = url.removesuffix("/semcache/ui")
        headers = {"Authorization": f"Bearer {token}"}
        assert httpx.get(url).status_code == 200
        series = httpx.get(base + "/semcache/series", headers=headers).json()
        assert series["role"] == "admin"
        assert sum(series["requests"]["semantic"]) > 0 and sum(series["requests"]["miss"]) > 0
        recent = httpx.get(base + "/semcache/recent", headers=headers).json()
        assert recent["data"] and all(hit["prompt"] for hit in recent["data"])
        assert httpx.get(base + "/semcache/series").status_code == 401
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=60)
        reader.join(timeout=10)
        process.stdout.close()
    _read_until(lines, "stopping the demo", 10, seen)
    assert code == 0, "".join(seen)


def test_no_browser_is_opened_without_a_display(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without DISPLAY or WAYLAND_DISPLAY webbrowser is not asked (no text browser)."""
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.setattr(sys, "platform", "linux")
    serve_dashboard("http://127.0.0.1:9", "t" * 16, wait=lambda: None, environ={})
    assert opened == []
    assert "no display here" in capsys.readouterr().out


def test_a_browser_is_opened_where_there_is_a_display(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a display the dashboard's URL (never the token) goes to webbrowser.open."""
    opened: list[Any] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.setattr(sys, "platform", "linux")
    serve_dashboard(
        "http://127.0.0.1:9", "secret-token-1", wait=lambda: None, environ={"DISPLAY": ":0"}
    )
    assert opened == ["http://127.0.0.1:9/semcache/ui"]
    assert "opened in your browser" in capsys.readouterr().out
