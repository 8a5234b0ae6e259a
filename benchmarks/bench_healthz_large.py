"""/healthz while large bodies arrive, and the proxy's RSS after many large prompts.

Starts `semcache fake-upstream` and `semcache serve` (default embedder, a data
directory with `--max-bytes 20MB`, so stored prompts are on disk, not in RSS) as
subprocesses on free 127.0.0.1 ports, then:

1. idle: p50/p99 of ``GET /healthz`` (100 requests, one at a time);
2. loaded: the same while two clients send large bodies back to back — a 6.8 MB
   body of 200,000 messages (refused with a 400 after parsing) and a 4.7 MB prompt
   (embedded, forwarded, stored);
3. memory: the proxy's RSS before and after 100 distinct 4.7 MB prompts (the
   embedding memo keys texts by digest; it must not keep the prompts).

    python benchmarks/bench_healthz_large.py [--healthz 100] [--prompts 100]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from _common import machine
from bench_proxy import free_port
from soak_proxy import _proc, _start

OUT = Path(__file__).parent / "out" / "healthz_large.json"
KEY = {"Authorization": "Bearer sk-large"}


def many_messages() -> bytes:
    messages = [{"role": "user", "content": f"m{i}"} for i in range(200_000)]  # 6.9 MB
    return json.dumps({"model": "m", "messages": messages}, separators=(",", ":")).encode()


def big_prompt(n: int) -> bytes:
    text = f"prompt {n} " + " ".join(f"w{n}x{i}" for i in range(600_000))[:4_700_000]
    return json.dumps({"model": "m", "messages": [{"role": "user", "content": text}]}).encode()


def healthz(base: str, n: int) -> dict[str, float]:
    times = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(n):
            started = time.perf_counter()
            client.get("/healthz").raise_for_status()
            times.append(time.perf_counter() - started)
            time.sleep(0.02)
    ordered = sorted(times)
    return {
        "n": n,
        "p50_ms": round(1e3 * statistics.median(ordered), 2),
        "p99_ms": round(1e3 * ordered[min(n - 1, round(0.99 * (n - 1)))], 2),
    }


def sender(base: str, bodies: list[bytes], stop: threading.Event, seen: Counter[int]) -> None:
    headers = {**KEY, "content-type": "application/json"}
    with httpx.Client(base_url=base, timeout=120) as client:
        i = 0
        while not stop.is_set():
            answer = client.post(
                "/v1/chat/completions", content=bodies[i % len(bodies)], headers=headers
            )
            seen[answer.status_code] += 1
            i += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--healthz", type=int, default=100)
    parser.add_argument("--prompts", type=int, default=100)
    args = parser.parse_args()
    up_port, port = free_port(), free_port()
    upstream = _start(
        ["fake-upstream", "--port", str(up_port)], f"http://127.0.0.1:{up_port}/v1/models"
    )
    data = tempfile.mkdtemp(prefix="semcache-healthz-")
    flags = ["--port", str(port), "--log-level", "warning", "--data-dir", data]
    proxy = _start(
        ["serve", "--upstream", f"http://127.0.0.1:{up_port}/v1", *flags, "--max-bytes", "20MB"],
        f"http://127.0.0.1:{port}/healthz",
    )
    base = f"http://127.0.0.1:{port}"
    report: dict[str, Any] = {"machine": machine()}
    try:
        report["idle"] = healthz(base, args.healthz)
        print("idle", report["idle"], flush=True)
        stop, seen = threading.Event(), Counter[int]()
        bodies = [[many_messages()], [big_prompt(-1 - i) for i in range(5)]]
        threads = [threading.Thread(target=sender, args=(base, b, stop, seen)) for b in bodies]
        for thread in threads:
            thread.start()
        time.sleep(2)
        report["loaded"] = healthz(base, args.healthz)
        stop.set()
        for thread in threads:
            thread.join()
        report["loaded"]["large_requests"] = {str(k): v for k, v in seen.items()}
        print("loaded", report["loaded"], flush=True)
        rss_before = _proc(proxy.pid)[0]
        with httpx.Client(base_url=base, timeout=120) as client:
            for n in range(args.prompts):
                headers = {**KEY, "content-type": "application/json"}
                client.post("/v1/chat/completions", content=big_prompt(n), headers=headers)
        report["memory"] = {
            "prompts": args.prompts,
            "prompt_mb": 4.7,
            "rss_before_mb": round(rss_before / 2**20, 1),
            "rss_after_mb": round(_proc(proxy.pid)[0] / 2**20, 1),
        }
    finally:
        for process in (proxy, upstream):
            process.terminate()
            process.wait(60)
        shutil.rmtree(data, ignore_errors=True)
    report["machine"]["loadavg_end"] = list(__import__("os").getloadavg())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "machine"}, indent=1))


if __name__ == "__main__":
    main()
