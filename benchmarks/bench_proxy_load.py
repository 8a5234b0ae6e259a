"""The proxy under load: 1, 8, 32 and 128 concurrent clients on loopback.

Starts `semcache fake-upstream --latency-ms 500` (a realistic LLM latency) and
`semcache serve` (default embedder, in memory) as subprocesses on free 127.0.0.1
ports, warms the cache with a set of questions, then for each concurrency runs
three phases, each bounded in requests and seconds:

- exact: the cached questions again (exact tier, no embedding);
- semantic: distinct rephrasings of the cached questions, every text new, so
  every lookup embeds (the embedding memo cannot help);
- miss: new questions, each going to the 500 ms upstream.

Per phase: throughput, p50/p99 latency, and the outcomes the proxy reported
(x-semcache), so a "semantic" phase that missed is visible, not hidden. The
client is a minimal HTTP/1.1 client on asyncio streams with keep-alive
connections, so its own CPU cost stays small next to the proxy's on 2 cores.

    python benchmarks/bench_proxy_load.py [--seconds 10] [--requests 600]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from bench_proxy import LEADS, TOPICS, chat, command, free_port, new_questions

CONCURRENCY = (1, 8, 32, 128)
MORE_TOPICS = [
    "what is the tallest mountain on Earth",
    "how do I make a cup of green tea",
    "what causes the seasons on Earth",
    "how does a bicycle stay upright",
    "what is photosynthesis",
    "how do vaccines train the immune system",
    "what is the difference between weather and climate",
    "how do I write a for loop in JavaScript",
    "why is the sky blue",
    "how do bees make honey",
]
TAILS = [
    "",
    "?",
    " please",
    ", thanks",
    "? thank you",
    " — any idea?",
    " (briefly)",
    ", in short",
    "!",
    " if you know",
    ", quickly",
    "? cheers",
]
OUT = Path(__file__).parent / "out"


def rephrasings() -> Iterator[str]:
    """Distinct paraphrases of the cached questions (leads x topics x tails: 2,880,
    enough for 4 concurrency levels of the default 600 requests)."""
    topics = TOPICS + MORE_TOPICS
    for tail, lead, topic in itertools.product(TAILS, LEADS, topics):
        yield f"{lead}{topic}{tail}"


def encode(text: str, host: str) -> bytes:
    payload = json.dumps(chat(text)).encode()
    head = (
        f"POST /v1/chat/completions HTTP/1.1\r\nhost: {host}\r\n"
        f"content-type: application/json\r\ncontent-length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


def outcome(head: bytes) -> str:
    lines = {
        k.strip().lower(): v.strip()
        for k, _, v in (line.partition(b":") for line in head.split(b"\r\n")[1:])
    }
    status = lines.get(b"x-semcache", b"?").decode()
    kind = lines.get(b"x-semcache-kind", b"").decode()
    return f"{status}/{kind}" if kind else status


async def run_phase(
    port: int, texts: Iterator[str], clients: int, cap: int, seconds: float
) -> dict[str, Any]:
    """Send up to ``cap`` requests from ``clients`` connections for at most ``seconds``."""
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    deadline = time.monotonic() + seconds
    sent = 0

    async def worker() -> None:
        nonlocal sent
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.monotonic() < deadline and sent < cap:
                sent += 1
                text = next(texts)
                started = time.perf_counter()
                writer.write(encode(text, "127.0.0.1"))
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - started)
                outcomes[outcome(head)] += 1
        finally:
            writer.close()
            await writer.wait_closed()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    ms = sorted(x * 1000 for x in latencies)
    return {
        "requests": len(ms),
        "per_second": round(len(ms) / elapsed, 1),
        "p50_ms": round(statistics.median(ms), 2),
        "p99_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.99))], 2),
        "outcomes": dict(outcomes),
    }


def warm(proxy_url: str) -> None:
    """Cache every base question once (misses through the upstream), then wait for writes."""
    with httpx.Client(base_url=proxy_url, timeout=60) as http:
        for topic in TOPICS + MORE_TOPICS:
            http.post("/v1/chat/completions", json=chat(topic)).raise_for_status()
        for _ in range(600):
            if http.get("/semcache/stats").json()["proxy"]["pending_writes"] == 0:
                return
            time.sleep(0.05)


async def run_all(port: int, cap: int, seconds: float) -> list[dict[str, Any]]:
    exact = itertools.cycle(TOPICS + MORE_TOPICS)
    semantic = rephrasings()
    misses = new_questions(seed=11)
    rows = []
    for clients in CONCURRENCY:
        for phase, texts in (("exact", exact), ("semantic", semantic), ("miss", misses)):
            limit = cap if phase != "miss" else min(cap, 4 * clients)
            row = await run_phase(port, texts, clients, limit, seconds)
            rows.append({"clients": clients, "phase": phase, **row})
            print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=600, help="cap per phase")
    parser.add_argument("--seconds", type=float, default=10.0, help="time cap per phase")
    parser.add_argument("--latency-ms", type=int, default=500, help="fake upstream latency")
    args = parser.parse_args()
    fake_port, proxy_port = free_port(), free_port()
    fake_url, proxy_url = f"http://127.0.0.1:{fake_port}", f"http://127.0.0.1:{proxy_port}"
    upstream = ("fake-upstream", "--port", str(fake_port), "--latency-ms", str(args.latency_ms))
    serve = ("serve", "--upstream", fake_url, "--port", str(proxy_port), "--log-level", "warning")
    load_before = os.getloadavg()[0]
    with (
        command(*upstream, health=fake_url + "/v1/models"),
        command(*serve, health=proxy_url + "/healthz"),
    ):
        warm(proxy_url)
        rows = asyncio.run(run_all(proxy_port, args.requests, args.seconds))
        total = sum(sum(r["outcomes"].values()) for r in rows)
        hits = sum(n for r in rows for k, n in r["outcomes"].items() if k.startswith("hit"))
    report = {
        "upstream_latency_ms": args.latency_ms,
        "load_average_before": load_before,
        "rows": rows,
        "upstream_calls_saved": {"requests": total, "served_from_cache": hits},
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "proxy_load.json").write_text(json.dumps(report, indent=2))
    print(f"{'clients':>7} {'phase':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  outcomes")
    for r in rows:
        print(
            f"{r['clients']:>7} {r['phase']:>9} {r['per_second']:>8} {r['p50_ms']:>8} "
            f"{r['p99_ms']:>8}  {r['outcomes']}"
        )
    print(f"served from cache: {hits} of {total} requests")


if __name__ == "__main__":
    main()
