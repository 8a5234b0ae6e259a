"""The load generator: its own process, commanded over stdin/stdout in JSON lines.

Run as ``python -m _gateway.loadgen`` with ``benchmarks/`` on the path. Each line in is
one cell (see :func:`run_cell` for the fields); each line out is its result. The client
is a minimal HTTP/1.1 client on asyncio streams (keep-alive, Content-Length and chunked
bodies), one connection per simulated client, so that its own CPU per request stays
small next to a proxy's on a 2-core machine; its CPU is measured and reported anyway.

A cell is a closed loop: every client sends its next request when the last one is
done. Completions are counted in a window that opens after the warm-up (at least
``warm_s`` and one completion per client, so the pipeline is full) and closes after
``seconds`` (and at least ``min_count`` completions) or ``cap`` completions, whichever
is first, bounded by ``max_s``. The target's CPU is read at both ends of the window.
Requests still in flight at the close are finished (not counted) before the reply.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from _gateway.cpu import tree_seconds


@dataclass
class _Tally:
    """What the clients record; ``window`` is set by the controller."""

    done: list[tuple[float, float, str]] = field(default_factory=list)  # (end, latency, outcome)
    errors: list[tuple[float, str]] = field(default_factory=list)
    sent: int = 0
    stop: bool = False
    ran_out: bool = False


def request_bytes(path: str, host: str, headers: dict[str, str], body: bytes) -> bytes:
    """One HTTP/1.1 POST with a JSON body."""
    head = [f"POST {path} HTTP/1.1", f"host: {host}", "content-type: application/json"]
    head += [f"{name}: {value}" for name, value in headers.items()]
    head.append(f"content-length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    """Status, lower-cased headers and the whole body (Content-Length or chunked)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        return status, headers, await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() != "chunked":
        return status, headers, await reader.read()
    chunks: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":
                pass  # trailers
            return status, headers, b"".join(chunks)
        chunks.append(await reader.readexactly(size))
        await reader.readexactly(2)


def outcome(flavour: str, status: int, headers: dict[str, str]) -> str:
    """What the target said it did: ``hit/exact``, ``hit/semantic``, ``miss``, ...

    semcache says so in ``x-semcache`` (and ``x-semcache-kind``); LiteLLM sends
    ``x-litellm-cache-key`` on a cache hit only; the bare upstream always answers itself.
    """
    if status != 200:
        return f"status {status}"
    if flavour == "semcache":
        kind = headers.get("x-semcache-kind")
        said = headers.get("x-semcache", "?")
        return f"{said}/{kind}" if kind else said
    if flavour == "litellm":
        return "hit/exact" if "x-litellm-cache-key" in headers else "miss"
    return "upstream"


def requests_of(cell: dict[str, Any], texts: list[str], host: str) -> list[bytes]:
    """Every request of the cell, one per text, written out before the clients start
    (the load generator's CPU per request is then reading answers only)."""
    payload = dict(cell["payload"])
    written = []
    for text in texts:
        payload["messages"] = [{"role": "user", "content": text}]
        body = json.dumps(payload).encode()
        written.append(request_bytes(cell["path"], host, cell["headers"], body))
    return written


async def _client(cell: dict[str, Any], requests: list[bytes], tally: _Tally) -> None:
    host, port = "127.0.0.1", cell["port"]
    stream = bool(cell["payload"].get("stream"))
    cycle = bool(cell["cycle"])
    reader = writer = None
    try:
        while not tally.stop:
            if not cycle and tally.sent >= len(requests):
                return  # each text of a miss or semantic cell is used once
            data = requests[tally.sent % len(requests)]
            tally.sent += 1
            started = time.perf_counter()
            try:
                if reader is None or writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                writer.write(data)
                status, headers, body = await read_response(reader)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                tally.errors.append((time.perf_counter(), type(exc).__name__))
                if writer is not None:
                    writer.close()
                reader = writer = None
                await asyncio.sleep(0.01)
                continue
            ended = time.perf_counter()
            said = outcome(cell["flavour"], status, headers)
            if status != 200 or (stream and b"[DONE]" not in body[-64:]):
                tally.errors.append((ended, said if status != 200 else "stream not finished"))
            else:
                tally.done.append((ended, ended - started, said))
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader = writer = None
    finally:
        if writer is not None:
            writer.close()


def _cpu(pids: dict[str, int]) -> dict[str, float]:
    return {name: tree_seconds(pid) for name, pid in pids.items()}


async def _control(cell: dict[str, Any], tally: _Tally) -> dict[str, Any]:
    """Open and close the measured window; read the CPU of the watched processes."""
    pids = {**cell["pids"], "loadgen": os.getpid()}
    started = time.perf_counter()
    need = min(cell["clients"], cell["warm_min"])
    while time.perf_counter() - started < cell["warm_max_s"]:
        if time.perf_counter() - started >= cell["warm_s"] and len(tally.done) >= need:
            break
        await asyncio.sleep(0.01)
    opened, cpu_open, first = time.perf_counter(), _cpu(pids), len(tally.done)
    while True:
        await asyncio.sleep(0.01)
        now, count = time.perf_counter(), len(tally.done) - first
        if count >= cell["cap"] or now - opened >= cell["max_s"]:
            break
        if now - opened >= cell["seconds"] and count >= cell["min_count"]:
            break
        if not cell["cycle"] and tally.sent >= len(cell["texts"]):
            tally.ran_out = True
            break
    closed, cpu_close = time.perf_counter(), _cpu(pids)
    tally.stop = True
    return {
        "opened": opened,
        "closed": closed,
        "cpu": {name: cpu_close[name] - cpu_open[name] for name in pids},
        "warm_s": opened - started,
    }


async def _settle(pid: int, timeout: float = 15.0) -> None:
    """Wait until ``pid``'s tree uses under 5% of a core over 0.3 s (its writes done)."""
    started, before = time.perf_counter(), tree_seconds(pid)
    while time.perf_counter() - started < timeout:
        await asyncio.sleep(0.3)
        now = tree_seconds(pid)
        if now - before < 0.015:
            return
        before = now


def summarize(tally: _Tally, window: dict[str, Any]) -> dict[str, Any]:
    """The window's numbers: rate, latency percentiles, CPU per request, outcomes."""
    opened, closed = window["opened"], window["closed"]
    inside = [(latency, said) for end, latency, said in tally.done if opened < end <= closed]
    errors = Counter(what for when, what in tally.errors if opened < when <= closed)
    ms = sorted(latency * 1000 for latency, _ in inside)
    n = len(ms)
    outcomes = Counter(said for _, said in inside)
    per_request = {
        name: (1000 * seconds / n if n else None) for name, seconds in window["cpu"].items()
    }
    return {
        "requests": n,
        "window_s": round(closed - opened, 3),
        "warm_s": round(window["warm_s"], 3),
        "per_second": round(n / (closed - opened), 2) if n else 0.0,
        "p50_ms": round(statistics.median(ms), 3) if n else None,
        "p99_ms": round(ms[min(n - 1, int(0.99 * n))], 3) if n else None,
        "cpu_ms_per_request_window": {
            k: None if v is None else round(v, 3) for k, v in per_request.items()
        },
        "cpu_s": {name: round(seconds, 3) for name, seconds in window["cpu"].items()},
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "outcomes": dict(outcomes),
    }


async def run_cell(cell: dict[str, Any]) -> dict[str, Any]:
    """Run one cell. Fields: port, path, headers, payload (the JSON body without
    ``messages``), texts, cycle (reuse texts) or not (each text once), flavour
    (semcache, litellm, upstream), clients, pids (name -> pid to read CPU of), warm_s,
    warm_min, warm_max_s, seconds, min_count, cap, max_s, drain_s."""
    tally = _Tally()
    texts: list[str] = cell["texts"]
    pids = {**cell["pids"], "loadgen": os.getpid()}
    requests = requests_of(cell, texts, "127.0.0.1")
    cpu_start = _cpu(pids)
    clients = [
        asyncio.ensure_future(_client(cell, requests, tally)) for _ in range(cell["clients"])
    ]
    window = await _control(cell, tally)
    _, pending = await asyncio.wait(clients, timeout=cell["drain_s"])
    for task in pending:
        task.cancel()
    await _settle(cell["pids"]["target"])
    cpu_end = _cpu(pids)
    failures = [
        repr(result)
        for result in await asyncio.gather(*clients, return_exceptions=True)
        if isinstance(result, Exception) and not isinstance(result, asyncio.CancelledError)
    ]
    result = summarize(tally, window)
    result.update(used=tally.sent, undrained=len(pending), ran_out=tally.ran_out)
    # Every request of the cell, warm-up and drain included, over all the CPU from the
    # first request until the target is idle again (background writes included): under
    # processor sharing (LiteLLM at 128 clients) completions come in bursts, and a
    # window's CPU / completions swings with where the bursts fall.
    answered = len(tally.done) + len(tally.errors)
    result["cpu_ms_per_request_cell"] = {
        name: round(1000 * (cpu_end[name] - cpu_start[name]) / answered, 3) if answered else None
        for name in pids
    }
    result["answered_in_cell"] = answered
    result["client_failures"] = failures[:5]
    return result


def main() -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        result = asyncio.run(run_cell(json.loads(line)))
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
