"""Proxy latency and throughput over HTTP on loopback (not part of the test run).

Starts `semcache fake-upstream` and `semcache serve` (the default embedder, in
memory) as subprocesses on free 127.0.0.1 ports, so the load generator does not
share a GIL with the servers, then measures with plain httpx clients:

- exact hit p50: the same cached question again and again;
- semantic hit p50: distinct rephrasings of cached questions (each one new, so
  every lookup embeds);
- added latency on a miss: p50 through the proxy minus p50 straight to the
  fake upstream, new questions each time;
- streaming time to first byte on a miss, through the proxy and direct;
- exact hits per second with 32 concurrent clients;
- exact hit p50 of the Responses API and of Anthropic Messages next to chat's (the
  fakes of both are served beside the OpenAI one, `--serve-fakes`).

Every phase is bounded in count and time. Usage:
    python benchmarks/bench_proxy.py [--requests 300] [--seconds 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

MODEL = "gpt-4o-mini"
TOPICS = [
    "what is the capital of France",
    "how do I reverse a list in Python",
    "who wrote Pride and Prejudice",
    "what is the boiling point of water at sea level",
    "how many continents are there",
    "what is the speed of light in a vacuum",
    "how do I center a div in CSS",
    "what is the largest planet in the solar system",
    "how do I sort a dictionary by value in Python",
    "what does DNA stand for",
]
LEADS = [
    "quick question: ",
    "please tell me, ",
    "I was wondering, ",
    "can you tell me ",
    "hey, ",
    "do you know ",
    "I need to know ",
    "tell me please: ",
    "one thing: ",
    "out of curiosity, ",
    "could you say ",
    "remind me, ",
]


def vocabulary() -> list[str]:
    """Whole words of the bundled tokenizer: enough for questions that match nothing."""
    import semcache.embed

    path = os.path.join(os.path.dirname(semcache.embed.__file__), "data", "tokenizer.json")
    with open(path, encoding="utf-8") as file:
        vocab = json.load(file)["model"]["vocab"]
    return sorted(word for word in vocab if word.isalpha() and word.isascii() and len(word) > 4)


def chat(text: str, **params: Any) -> dict[str, Any]:
    return {"model": MODEL, "messages": [{"role": "user", "content": text}], **params}


def new_questions(seed: int) -> Iterator[str]:
    """Distinct random questions that (almost always) match nothing cached."""
    rng = random.Random(seed)
    words = vocabulary()
    while True:
        yield "explain how " + " ".join(rng.sample(words, 8)) + " relate"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def command(*args: str, health: str, argv: list[str] | None = None) -> Iterator[None]:
    process = subprocess.Popen(
        argv or [sys.executable, "-m", "semcache", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(health, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{args[0]} did not start") from None
                time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(30)


def p50_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def timed(call: Callable[[], httpx.Response], n: int, seconds: float) -> list[float]:
    samples: list[float] = []
    deadline = time.monotonic() + seconds
    for _ in range(n):
        started = time.perf_counter()
        response = call()
        samples.append(time.perf_counter() - started)
        response.raise_for_status()
        if time.monotonic() > deadline:
            break
    return samples


def wait_written(http: httpx.Client) -> None:
    for _ in range(500):
        if http.get("/semcache/stats").json()["proxy"]["pending_writes"] == 0:
            return
        time.sleep(0.01)


def bench_hits(proxy: httpx.Client, n: int, seconds: float) -> dict[str, Any]:
    for topic in TOPICS:
        proxy.post("/v1/chat/completions", json=chat(topic))
    wait_written(proxy)
    exact = timed(lambda: proxy.post("/v1/chat/completions", json=chat(TOPICS[0])), n, seconds)
    kinds: list[str] = []
    variants = itertools.cycle([lead + topic for lead in LEADS for topic in TOPICS])
    semantic: list[float] = []
    deadline = time.monotonic() + seconds
    for _ in range(min(n, len(LEADS) * len(TOPICS))):
        started = time.perf_counter()
        response = proxy.post("/v1/chat/completions", json=chat(next(variants)))
        elapsed = time.perf_counter() - started
        kinds.append(response.headers.get("x-semcache-kind", "miss"))
        if kinds[-1] == "semantic":
            semantic.append(elapsed)
        if time.monotonic() > deadline:
            break
    return {
        "exact_hit_p50_ms": p50_ms(exact),
        "exact_hit_samples": len(exact),
        "semantic_hit_p50_ms": p50_ms(semantic) if semantic else None,
        "semantic_hit_samples": len(semantic),
        "semantic_rephrasings_tried": len(kinds),
    }


def bench_miss(proxy: httpx.Client, direct: httpx.Client, n: int, seconds: float) -> dict[str, Any]:
    questions = new_questions(1)
    direct_s = timed(
        lambda: direct.post("/chat/completions", json=chat(next(questions))), n, seconds
    )
    through: list[float] = []
    deadline = time.monotonic() + seconds
    for _ in range(n):
        started = time.perf_counter()
        response = proxy.post("/v1/chat/completions", json=chat(next(questions)))
        if response.headers["x-semcache"] == "miss":  # a rare accidental hit is skipped
            through.append(time.perf_counter() - started)
        wait_written(proxy)  # keep background writes out of the next measurement
        if time.monotonic() > deadline:
            break
    return {
        "upstream_direct_p50_ms": p50_ms(direct_s),
        "miss_through_proxy_p50_ms": p50_ms(through),
        "miss_added_p50_ms": round(p50_ms(through) - p50_ms(direct_s), 3),
        "miss_samples": len(through),
    }


def first_byte(client: httpx.Client, path: str, text: str) -> float:
    started = time.perf_counter()
    elapsed = None
    with client.stream("POST", path, json=chat(text, stream=True)) as response:
        for _ in response.iter_raw():
            if elapsed is None:
                elapsed = time.perf_counter() - started
    assert elapsed is not None
    return elapsed


def bench_ttfb(proxy: httpx.Client, direct: httpx.Client, n: int) -> dict[str, Any]:
    questions = new_questions(2)
    direct_s = [first_byte(direct, "/chat/completions", next(questions)) for _ in range(n)]
    through = []
    for _ in range(n):
        through.append(first_byte(proxy, "/v1/chat/completions", "s" + next(questions)))
        wait_written(proxy)
    return {
        "stream_ttfb_direct_p50_ms": p50_ms(direct_s),
        "stream_ttfb_proxy_miss_p50_ms": p50_ms(through),
        "stream_ttfb_added_p50_ms": round(p50_ms(through) - p50_ms(direct_s), 3),
    }


async def hammer(host: str, port: int, clients: int, seconds: float, cap: int) -> dict[str, Any]:
    """Exact hits per second from ``clients`` keep-alive connections.

    A minimal HTTP/1.1 client on raw asyncio streams (a prebuilt request, the
    answer read by Content-Length): httpx's own CPU cost would otherwise cap the
    figure on a 2-core machine before the proxy does.
    """
    payload = json.dumps(chat(TOPICS[0])).encode()
    request = (
        f"POST /v1/chat/completions HTTP/1.1\r\nhost: {host}\r\n"
        f"content-type: application/json\r\ncontent-length: {len(payload)}\r\n\r\n"
    ).encode() + payload
    done = 0
    deadline = time.monotonic() + seconds

    async def worker() -> None:
        nonlocal done
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.monotonic() < deadline and done < cap:
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                await reader.readexactly(length)
                assert b"x-semcache: hit" in head
                done += 1
        finally:
            writer.close()
            await writer.wait_closed()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return {"concurrency": clients, "exact_hits_per_second": round(done / elapsed, 1)}


# -- the three APIs side by side --------------------------------------------------

#: (name, path, body, extra headers) of one cached request per API.
APIS: list[tuple[str, str, dict[str, Any], dict[str, str]]] = [
    ("chat", "/v1/chat/completions", chat(TOPICS[0]), {}),
    ("responses", "/v1/responses", {"model": MODEL, "input": TOPICS[0]}, {}),
    (
        "messages",
        "/v1/messages",
        {
            "model": "claude-sonnet-4-5",
            "max_tokens": 256,
            "messages": [{"role": "user", "content": TOPICS[0]}],
        },
        {"x-api-key": "sk-bench", "anthropic-version": "2023-06-01"},
    ),
]


def bench_apis(proxy: httpx.Client, n: int, seconds: float) -> dict[str, Any]:
    """Exact hit p50 of each API (one question, asked again and again), and each one's
    ratio to chat's, interleaved in rounds so that load from others hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name, *_ in APIS}
    for _, path, body, headers in APIS:
        proxy.post(path, json=body, headers=headers).raise_for_status()
    wait_written(proxy)
    for _, path, body, headers in APIS:  # warm: the first hit of each loads its code paths
        assert proxy.post(path, json=body, headers=headers).headers["x-semcache"] == "hit"
    deadline = time.monotonic() + seconds * len(APIS)
    for _ in range(n):
        for name, path, body, headers in APIS:
            started = time.perf_counter()
            response = proxy.post(path, json=body, headers=headers)
            samples[name].append(time.perf_counter() - started)
            assert response.headers["x-semcache"] == "hit", (name, response.headers)
        if time.monotonic() > deadline:
            break
    chat_p50 = p50_ms(samples["chat"])
    out: dict[str, Any] = {"api_hit_samples": len(samples["chat"])}
    for name, *_ in APIS:
        out[f"{name}_exact_hit_p50_ms"] = p50_ms(samples[name])
        if name != "chat":
            out[f"{name}_vs_chat"] = round(p50_ms(samples[name]) / chat_p50, 3)
    return out


def serve_fakes(port: int) -> None:
    """The OpenAI fake with the Anthropic one on /v1/messages, in this process."""
    import uvicorn

    from semcache.testing import FakeAnthropic, FakeUpstream

    openai_fake, anthropic_fake = FakeUpstream(), FakeAnthropic()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/v1/messages"):
            await anthropic_fake(scope, receive, send)
        else:
            await openai_fake(scope, receive, send)

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="samples per latency phase")
    parser.add_argument("--seconds", type=float, default=8.0, help="time cap per phase")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--json", default=None, help="also write the results to this file")
    parser.add_argument("--serve-fakes", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fakes is not None:
        serve_fakes(args.serve_fakes)
        return

    fake_port, proxy_port = free_port(), free_port()
    fake_url, proxy_url = f"http://127.0.0.1:{fake_port}", f"http://127.0.0.1:{proxy_port}"
    results: dict[str, Any] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cpus, {platform.python_version()}",
        "load_average": os.getloadavg()[0],
    }
    with (
        command(
            health=fake_url + "/v1/models",
            argv=[sys.executable, os.path.abspath(__file__), "--serve-fakes", str(fake_port)],
        ),
        command(
            "serve",
            "--upstream",
            fake_url,
            "--port",
            str(proxy_port),
            "--log-level",
            "warning",
            "--anonymous",
            "share",  # the load generator sends no key
            health=proxy_url + "/healthz",
        ),
    ):
        with (
            httpx.Client(base_url=proxy_url, timeout=30) as proxy,
            httpx.Client(base_url=fake_url + "/v1", timeout=30) as direct,
        ):
            results.update(bench_hits(proxy, args.requests, args.seconds))
            results.update(bench_apis(proxy, args.requests, args.seconds))
            results.update(bench_miss(proxy, direct, min(args.requests, 150), args.seconds))
            results.update(bench_ttfb(proxy, direct, min(args.requests, 100)))
        results.update(
            asyncio.run(hammer("127.0.0.1", proxy_port, args.concurrency, args.seconds, 20_000))
        )
    print(json.dumps(results, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)


if __name__ == "__main__":
    main()
