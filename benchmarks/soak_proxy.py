"""Soak: the proxy under mixed traffic at a fixed rate for a long time (default 30 min).

Starts `semcache fake-upstream --latency-ms 100` and `semcache serve` (the default
embedder, a data directory with entry and byte limits, so eviction runs all along)
as subprocesses on free 127.0.0.1 ports, then sends requests at a fixed rate from a
pool of threads, in a fixed cycle of 20 slots:

- 6 exact: one of ten cached questions again (exact tier);
- 4 semantic: a question of the ten with one of 12 leads and 4 endings (480 texts:
  a semantic hit, or a miss that is stored and later found exactly);
- 6 miss: a new random question (stored, so the store fills and evicts);
- 2 bypass: ``x-semcache-bypass: 1`` (forwarded, never stored);
- 2 streams: one cached question and one new question, ``stream: true``.

Every minute it records the proxy's RSS and open files (from /proc), the data
directory's size, and p50/p99 latency and outcomes of the requests of that minute.
Writes the JSON to benchmarks/out/soak_proxy.json and a plot to
docs/img/soak_proxy.png (matplotlib: the ``bench`` extra).

    python benchmarks/soak_proxy.py [--minutes 30] [--rate 20]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from _common import dir_bytes, machine
from bench_proxy import LEADS, TOPICS, chat, free_port, new_questions

OUT = Path(__file__).parent / "out" / "soak_proxy.json"
PLOT = Path(__file__).resolve().parents[1] / "docs" / "img" / "soak_proxy.png"
KEY = {"Authorization": "Bearer sk-soak"}
ENDINGS = ["?", "", " thanks", " please"]
CYCLE = ["exact"] * 6 + ["semantic"] * 4 + ["miss"] * 6 + ["bypass"] * 2 + ["stream"] * 2


def _proc(pid: int) -> tuple[int, int]:
    """(RSS bytes, open file descriptors) of process ``pid``."""
    rss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) * 1024
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


class Traffic:
    """Builds the request of each slot, and records what came back (thread-safe)."""

    def __init__(self, base: str, seed: int) -> None:
        self.base = base
        self._rng = random.Random(seed)
        self._new = new_questions(seed)
        self._lock = threading.Lock()
        self._local = threading.local()
        self.samples: list[tuple[float, str, float, str]] = []  # (end, kind, s, outcome)

    def _client(self) -> httpx.Client:
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = httpx.Client(base_url=self.base, timeout=60)
        return client

    def body(self, kind: str) -> tuple[dict[str, Any], dict[str, str]]:
        with self._lock:  # the generators are not thread-safe
            topic = self._rng.choice(TOPICS)
            if kind == "semantic":
                text = self._rng.choice(LEADS) + topic + self._rng.choice(ENDINGS)
            elif kind in ("miss", "bypass") or (kind == "stream" and self._rng.random() < 0.5):
                text = next(self._new)
            else:
                text = topic
        headers = dict(KEY, **({"x-semcache-bypass": "1"} if kind == "bypass" else {}))
        return chat(text, stream=kind == "stream"), headers

    def send(self, kind: str) -> None:
        body, headers = self.body(kind)
        started, outcome = time.perf_counter(), "error"
        try:
            if body.get("stream"):
                with self._client().stream(
                    "POST", "/v1/chat/completions", json=body, headers=headers
                ) as answer:
                    answer.read()
            else:
                answer = self._client().post("/v1/chat/completions", json=body, headers=headers)
            if answer.status_code == 200:
                outcome = answer.headers.get("x-semcache", "?")
                outcome += (
                    "-" + answer.headers.get("x-semcache-kind", "") if outcome == "hit" else ""
                )
            else:
                outcome = f"status-{answer.status_code}"
        except httpx.HTTPError as exc:
            outcome = f"error-{type(exc).__name__}"
        elapsed = time.perf_counter() - started
        with self._lock:
            self.samples.append((time.monotonic(), kind, elapsed, outcome))

    def take(self) -> list[tuple[float, str, float, str]]:
        with self._lock:
            taken, self.samples = self.samples, []
        return taken


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(1e3 * ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 2)


def minute_row(
    minute: int, samples: list[tuple[float, str, float, str]], pid: int, data: Path
) -> dict[str, Any]:
    rss, fds = _proc(pid)
    seconds = [s for _, _, s, _ in samples]
    by_kind: dict[str, list[float]] = {}
    for _, kind, s, _ in samples:
        by_kind.setdefault(kind, []).append(s)
    return {
        "minute": minute,
        "requests": len(samples),
        "rss_mb": round(rss / 2**20, 1),
        "open_files": fds,
        "store_kb": round(dir_bytes(data) / 1000, 1),
        "p50_ms": round(1e3 * statistics.median(seconds), 2) if seconds else None,
        "p99_ms": _quantile(seconds, 0.99) if seconds else None,
        "p50_ms_by_kind": {k: round(1e3 * statistics.median(v), 2) for k, v in by_kind.items()},
        "outcomes": dict(Counter(o for _, _, _, o in samples)),
        "loadavg": list(os.getloadavg()),
    }


def _start(args: list[str], health: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "semcache", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    while True:
        try:
            if httpx.get(health, timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"{args[0]} did not start") from None
            time.sleep(0.2)


def run(args: argparse.Namespace, data: Path) -> dict[str, Any]:
    up_port, port = free_port(), free_port()
    upstream = _start(
        ["fake-upstream", "--port", str(up_port), "--latency-ms", "100"],
        f"http://127.0.0.1:{up_port}/v1/models",
    )
    flags = ["--port", str(port), "--data-dir", str(data), "--log-level", "warning"]
    flags += ["--max-entries", str(args.max_entries), "--max-bytes", args.max_bytes]
    proxy = _start(
        ["serve", "--upstream", f"http://127.0.0.1:{up_port}/v1", *flags],
        f"http://127.0.0.1:{port}/healthz",
    )
    try:
        return _soak(args, Traffic(f"http://127.0.0.1:{port}", seed=17), proxy.pid, data)
    finally:
        for process in (proxy, upstream):
            process.terminate()
            process.wait(60)


def _soak(args: argparse.Namespace, traffic: Traffic, pid: int, data: Path) -> dict[str, Any]:
    for _topic in TOPICS:  # the ten exact questions are cached before the clock starts
        traffic.send("exact")
    traffic.take()
    rows: list[dict[str, Any]] = [minute_row(0, [], pid, data)]
    print(json.dumps(rows[0]), flush=True)
    interval, slots = 1.0 / args.rate, itertools.cycle(CYCLE)
    started = time.monotonic()
    next_send, next_minute = started, started + 60
    with ThreadPoolExecutor(args.workers) as pool:
        while (now := time.monotonic()) < started + 60 * args.minutes:
            if now >= next_minute:
                rows.append(minute_row(len(rows), traffic.take(), pid, data))
                print(json.dumps(rows[-1]), flush=True)
                next_minute += 60
            if now < next_send:
                time.sleep(min(next_send - now, 0.05))
                continue
            pool.submit(traffic.send, next(slots))
            next_send += interval
    rows.append(minute_row(len(rows), traffic.take(), pid, data))
    return {"rows": rows, **_verdict(rows, args.warm_minutes)}


def _verdict(rows: list[dict[str, Any]], warm: int) -> dict[str, Any]:
    """RSS growth once warm (from the warm minute to the highest later one), and the
    p50 of the first and last warm minutes."""
    after = [r for r in rows if r["minute"] >= warm and r["requests"]]
    if not after:
        return {}
    base = after[0]["rss_mb"]
    return {
        "warm_minute": after[0]["minute"],
        "rss_warm_mb": base,
        "rss_max_after_warm_mb": max(r["rss_mb"] for r in after),
        "rss_growth_after_warm": round(max(r["rss_mb"] for r in after) / base - 1, 4),
        "p50_first_warm_ms": after[0]["p50_ms"],
        "p50_last_ms": after[-1]["p50_ms"],
        "p99_max_after_warm_ms": max(r["p99_ms"] for r in after),
        "errors": sum(
            n for r in rows for o, n in r["outcomes"].items() if o.startswith(("error", "status"))
        ),
    }


def plot(report: dict[str, Any], where: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = report["rows"]
    minutes = [r["minute"] for r in rows]
    panels: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
        ("RSS (MB)", lambda r: r["rss_mb"]),
        ("open files", lambda r: r["open_files"]),
        ("data directory (kB)", lambda r: r["store_kb"]),
    ]
    figure, axes = plt.subplots(4, 1, figsize=(7, 9), sharex=True)
    for axis, (title, value) in zip(axes, panels, strict=False):
        axis.plot(minutes, [value(r) for r in rows], marker=".")
        axis.set_ylabel(title)
        axis.set_ylim(bottom=0)
    timed = [r for r in rows if r["p50_ms"] is not None]
    for name in ("p50_ms", "p99_ms"):
        axes[3].plot([r["minute"] for r in timed], [r[name] for r in timed], marker=".", label=name)
    axes[3].set_ylabel("latency (ms)")
    axes[3].set_yscale("log")
    axes[3].legend()
    axes[3].set_xlabel("minute")
    figure.suptitle("semcache serve, mixed traffic at a fixed rate (shared 2-core VM)")
    figure.tight_layout()
    where.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(where, dpi=90)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--rate", type=float, default=20, help="requests per second")
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--warm-minutes", type=int, default=5)
    parser.add_argument("--max-entries", type=int, default=3000)
    parser.add_argument("--max-bytes", default="1MB")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--plot", type=Path, default=PLOT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="semcache-soak-") as tmp:
        report = {
            "machine": machine(),
            "settings": {k: str(v) for k, v in vars(args).items()},
            **run(args, Path(tmp) / "data"),
        }
    report["machine"]["loadavg_end"] = list(os.getloadavg())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    plot(report, args.plot)
    summary = {k: v for k, v in report.items() if k not in ("rows", "machine")}
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
