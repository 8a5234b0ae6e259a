"""CPU per request of `semcache serve`, by outcome and by stage, old and new side by side.

Starts `semcache fake-upstream` (0 ms latency) and one `semcache serve` per side (a
local store in a temporary directory) as subprocesses on free 127.0.0.1 ports. A
side is this checkout ("new") and, with ``--base DIR``, a worktree of an older
commit ("old": run from that worktree's sources). For every outcome

- exact: the cached questions again (exact tier, no model);
- stream_exact: the same with ``"stream": true`` (a replayed SSE stream);
- semantic: distinct rephrasings of the cached questions (each text new: the model runs);
- miss: new questions (model, upstream call, background store);
- stream_miss: new questions streamed (the SSE relay is read on the way),

it sends ``--requests`` requests from ``--clients`` keep-alive connections and reads
the proxy process's CPU (utime + stime of all its threads, /proc/<pid>/stat) before
and after (after the background writes are done). Sides and outcomes are
interleaved within each of ``--reps`` rounds, so the load of other processes falls
on both alike; the medians are reported.

With ``--spy``, one more round per outcome and side runs under ``py-spy record``
(sampling, nonblocking, idle threads left out) and every sample is put into a stage
by the innermost frame that names one (HTTP/uvicorn, Starlette, body parse,
keys, embed, search, verify, store, response encode, logging, metrics, thread
hops, upstream client, ...); a stage's ms per request is its share of the samples
times the CPU per request measured without the profiler.

The model's own CPU time per text is measured in this process on the miss texts
(one text per call, as a lookup embeds, back to back: warm), to set the targets "model +
3 ms". Beside it, the model as it ran inside each proxy's requests: the CPU of its runs
timed on their threads (``time.thread_time``, the cache's ``model_cpu_seconds`` stat), per
request of an outcome; a lone request's run comes after an idle gap and costs more than a
warm one. Both readings are printed. The event loop's share (the main thread's CPU) is
reported beside each total.

With ``--scale``, instead: exact and semantic hits at ``--clients`` through one proxy on
the local store, one on a Milvus Lite server and two sharing it (docs/benchmarks.md,
"Hot path").

    python benchmarks/profile_proxy.py [--base /work/wt-h5-base [--hide-fast]] [--requests 400]
        [--clients 8] [--reps 3] [--spy] [--json benchmarks/out/profile_proxy.json]
    python benchmarks/profile_proxy.py --scale --clients 32 --requests 1000
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from _gateway.targets import free_port  # $SEMCACHE_BENCH_PORTS on a shared machine
from bench_proxy import LEADS, TOPICS, chat, new_questions
from bench_proxy_load import MORE_TOPICS, TAILS

OUT = Path(__file__).parent / "out"
OUTCOMES = ("exact", "stream_exact", "semantic", "miss", "stream_miss")
AUTH = "Bearer sk-profile-proxy"
_TICK = os.sysconf("SC_CLK_TCK")

# -- the proxy processes -------------------------------------------------------------


def cpu_seconds(pid: int, task: int | None = None) -> float:
    """utime + stime of every thread of ``pid`` so far (finished threads included),
    or of its thread ``task`` alone (the main thread, ``task == pid``, runs the loop)."""
    where = f"/proc/{pid}/stat" if task is None else f"/proc/{pid}/task/{task}/stat"
    fields = Path(where).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def wait_healthy(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.1)


def shim_path(worktree: Path, into: Path, *, hide_fast: bool = False) -> str:
    """A PYTHONPATH that imports ``semcache`` and ``semcache_proxy`` from ``worktree``
    (ahead of the editable install of this checkout); with ``hide_fast``, it also hides
    the optional speed-ups (``fast`` extra) from a commit older than them, as it ran
    before they were installed."""
    into.mkdir(parents=True, exist_ok=True)
    for name, target in (("semcache", "semcache"), ("semcache_proxy", "proxy")):
        link = into / name
        if not link.exists():
            link.symlink_to(worktree / target)
    if hide_fast:  # uvicorn's loop="auto" takes uvloop where installed
        hidden = "raise ImportError('hidden: the old commit is measured as it shipped')\n"
        for module in ("uvloop", "httptools", "orjson"):
            (into / f"{module}.py").write_text(hidden)
    return str(into)


class Side:
    """One `semcache serve` process (old or new code) and its measurements."""

    def __init__(
        self,
        name: str,
        upstream: str,
        data: Path,
        pythonpath: str | None,
        store: str | None = None,
    ) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        if pythonpath is not None:
            env["PYTHONPATH"] = pythonpath
        argv = [sys.executable, "-m", "semcache", "serve", "--upstream", upstream]
        argv += ["--port", str(self.port)]
        argv += ["--data-dir", str(data)] if store is None else ["--store", store]
        quiet = subprocess.DEVNULL  # the log is still formatted and written (to /dev/null)
        self.process = subprocess.Popen(
            argv, env=env, stdout=quiet, stderr=quiet, cwd=tempfile.gettempdir()
        )
        wait_healthy(self.url + "/healthz", self.process, f"the {name} proxy")
        self.pid = self.process.pid

    def pending(self) -> int:
        stats = httpx.get(self.url + "/semcache/stats", timeout=30).json()
        return int(stats["proxy"]["pending_writes"])

    def model(self) -> tuple[int, float] | None:
        """Texts embedded and the CPU seconds of their model runs so far, as timed in the
        proxy (``model_texts``, ``model_cpu_seconds`` of its cache's stats); None for a
        commit older than them."""
        stats = httpx.get(self.url + "/semcache/stats", timeout=30).json()["cache"]
        if "model_cpu_seconds" not in stats:
            return None
        return int(stats["model_texts"]), float(stats["model_cpu_seconds"])

    def settle(self) -> None:
        """Wait until the background writes are done (bounded)."""
        deadline = time.monotonic() + 60
        while self.pending() and time.monotonic() < deadline:
            time.sleep(0.02)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


# -- the client ----------------------------------------------------------------------


def encode(body: dict[str, Any]) -> bytes:
    payload = json.dumps(body).encode()
    head = (
        "POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n"
        f"authorization: {AUTH}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


def headers_of(head: bytes) -> dict[bytes, bytes]:
    return {
        k.strip().lower(): v.strip()
        for k, _, v in (line.partition(b":") for line in head.split(b"\r\n")[1:])
    }


async def read_response(reader: asyncio.StreamReader) -> dict[bytes, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    headers = headers_of(head)
    if b"content-length" in headers:
        await reader.readexactly(int(headers[b"content-length"]))
        return headers
    while True:  # chunked
        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
        await reader.readexactly(size + 2)
        if size == 0:
            return headers


def outcome_of(headers: dict[bytes, bytes]) -> str:
    status = headers.get(b"x-semcache", b"?").decode()
    kind = headers.get(b"x-semcache-kind", b"").decode()
    return f"{status}/{kind}" if kind else status


async def send_all(
    ports: Sequence[int], bodies: list[dict[str, Any]], clients: int, seconds: float
) -> tuple[Counter[str], float, list[float]]:
    """Send ``bodies`` over ``clients`` connections, spread over ``ports`` (bounded by
    ``seconds``); the outcomes, the elapsed seconds and each request's seconds."""
    outcomes: Counter[str] = Counter()
    latencies: list[float] = []
    queue = iter(bodies)
    deadline = time.monotonic() + seconds

    async def worker(port: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for body in queue:
                if time.monotonic() > deadline:
                    break
                started = time.perf_counter()
                writer.write(encode(body))
                outcomes[outcome_of(await read_response(reader))] += 1
                latencies.append(time.perf_counter() - started)
        finally:
            writer.close()
            await writer.wait_closed()

    started = time.perf_counter()
    await asyncio.gather(*(worker(ports[i % len(ports)]) for i in range(clients)))
    return outcomes, time.perf_counter() - started, latencies


def percentiles(latencies: list[float]) -> dict[str, float]:
    ms = sorted(x * 1000 for x in latencies) or [math.nan]
    return {
        "p50_ms": round(statistics.median(ms), 2),
        "p99_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.99))], 2),
    }


# -- the workloads -------------------------------------------------------------------

CACHED = TOPICS + MORE_TOPICS


def rephrasings() -> Iterator[str]:
    for tail, lead, topic in itertools.product(TAILS, LEADS, CACHED):
        yield f"{lead}{topic}{tail}"


def semantic_hits(texts: list[str]) -> list[str]:
    """The rephrasings the library serves as semantic hits of the cached questions
    (the guards refuse some, e.g. "hey, ... !"): the semantic phase should measure hits."""
    from semcache import SemanticCache

    with SemanticCache(None) as cache:
        for topic in CACHED:
            cache.put(topic, {"answer": topic})
        return [t for t in texts if (hit := cache.get(t)) is not None and hit.kind == "semantic"]


class Texts:
    """The texts of each outcome; every side gets the same ones, in the same order."""

    def __init__(self) -> None:
        self.semantic = semantic_hits(list(rephrasings()))
        self.fresh = new_questions(seed=23)
        self.used: dict[str, int] = defaultdict(int)

    def bodies(self, outcome: str, n: int, side: int) -> list[dict[str, Any]]:
        stream = outcome.startswith("stream_")
        if outcome in ("exact", "stream_exact"):
            texts = [CACHED[i % len(CACHED)] for i in range(n)]
        elif outcome == "semantic":
            start = self.used[f"semantic{side}"]
            self.used[f"semantic{side}"] += n
            texts = [self.semantic[(start + i) % len(self.semantic)] for i in range(n)]
        else:
            texts = [next(self.fresh) for _ in range(n)]
        return [chat(t, stream=True) if stream else chat(t) for t in texts]


def warm(side: Side) -> None:
    with httpx.Client(base_url=side.url, timeout=60, headers={"authorization": AUTH}) as http:
        for topic in CACHED:
            http.post("/v1/chat/completions", json=chat(topic)).raise_for_status()
    side.settle()


def run_outcome(
    side: Side, bodies: list[dict[str, Any]], clients: int, seconds: float
) -> dict[str, Any]:
    side.settle()
    model_before = side.model()
    before, loop_before = cpu_seconds(side.pid), cpu_seconds(side.pid, side.pid)
    outcomes, elapsed, latencies = asyncio.run(send_all([side.port], bodies, clients, seconds))
    side.settle()
    used = cpu_seconds(side.pid) - before
    loop = cpu_seconds(side.pid, side.pid) - loop_before
    model_after = side.model()
    done = sum(outcomes.values())
    model: dict[str, Any] = {}
    if model_before is not None and model_after is not None:
        texts = model_after[0] - model_before[0]
        model_cpu = model_after[1] - model_before[1]
        model = {
            "model_texts": texts,
            "model_ms_per_text": round(model_cpu * 1000 / max(texts, 1), 3),
            "model_ms_per_request": round(model_cpu * 1000 / max(done, 1), 3),
        }
    return {
        "requests": done,
        "cpu_ms_per_request": round(used * 1000 / max(done, 1), 3),
        "loop_cpu_ms_per_request": round(loop * 1000 / max(done, 1), 3),
        **model,
        "per_second": round(done / elapsed, 1),
        **percentiles(latencies),
        "outcomes": dict(outcomes),
    }


# -- scaling: one process on the local store, or several sharing Milvus ---------------


def run_scale(upstream: str, work: Path, clients: int, requests: int, seconds: float) -> Any:
    """Exact and semantic hits at ``clients`` connections through one `semcache serve`
    on the local store, one on a Milvus Lite server, and two sharing that server
    (the clients spread over them); CPU summed over the proxies, Milvus Lite apart."""
    from semcache.testing.milvus import LiteServer

    results: dict[str, dict[str, Any]] = {}
    for name, milvus, count in (
        ("local x1", False, 1),
        ("milvus x1", True, 1),
        ("milvus x2", True, 2),
    ):
        label = name.replace(" ", "")
        with LiteServer(work / f"milvus-{label}") as lite:
            store = lite.uri if milvus else None
            sides = [
                Side(f"{name}#{i}", upstream, work / f"{label}-{i}", None, store=store)
                for i in range(count)
            ]
            try:
                for side in sides:
                    warm(side)
                texts = Texts()
                results[name] = {}
                for outcome in ("exact", "semantic"):
                    bodies = texts.bodies(outcome, requests, 0)
                    row = run_spread(
                        sides, _pid_of(lite) if milvus else None, bodies, clients, seconds
                    )
                    results[name][outcome] = row
                    print(json.dumps({"scale": name, "outcome": outcome, **row}), flush=True)
            finally:
                for side in sides:
                    side.stop()
    return results


def _pid_of(lite: Any) -> int:
    return int(lite._process.pid)  # LiteServer keeps its process to itself


def run_spread(
    sides: list[Side],
    milvus: int | None,
    bodies: list[dict[str, Any]],
    clients: int,
    seconds: float,
) -> dict[str, Any]:
    for side in sides:
        side.settle()
    pids = [side.pid for side in sides]
    before = [cpu_seconds(pid) for pid in pids]
    milvus_before = cpu_seconds(milvus) if milvus is not None else 0.0
    ports = [side.port for side in sides]
    outcomes, elapsed, latencies = asyncio.run(send_all(ports, bodies, clients, seconds))
    for side in sides:
        side.settle()
    used = sum(cpu_seconds(pid) - b for pid, b in zip(pids, before, strict=True))
    milvus_used = cpu_seconds(milvus) - milvus_before if milvus is not None else 0.0
    done = max(sum(outcomes.values()), 1)
    return {
        "requests": done,
        "per_second": round(done / elapsed, 1),
        **percentiles(latencies),
        "proxies_cpu_ms_per_request": round(used * 1000 / done, 3),
        "milvus_cpu_ms_per_request": round(milvus_used * 1000 / done, 3),
        "outcomes": dict(outcomes),
    }


# -- py-spy and the stages -------------------------------------------------------------

# The stage of a frame, from its function and file (py-spy's short paths, e.g.
# "proxy/_log.py"); the innermost frame that names one is the sample's stage.
# Standard-library helpers (json, hashlib, re, dataclasses) name none, so their
# caller decides: json.dumps in the access log is logging, in a response encoding.
_BY_FILE: list[tuple[str, tuple[str, ...]]] = [
    ("embed (model)", ("onnxruntime/", "semcache/embed/", "tokenizers/")),
    ("index search", ("hnswlib",)),
    ("verify", ("semcache/verify/", "semcache/lang/", "semcache/judge/")),
    ("store read/write", ("semcache/store/", "semcache/eviction/", "sqlite3/")),
    ("response encode", ("starlette/responses.py", "proxy/_sse.py", "semcache/wire/_stream.py")),
    ("cache logic", ("semcache/wire/exchange.py", "semcache/wire/flight.py")),
    ("key building/digests", ("semcache/_keys.py", "proxy/_tenancy.py", "semcache/wire/")),
    ("logging", ("proxy/_log.py", "logging/")),
    ("metrics", ("proxy/_metrics.py", "proxy/_series.py", "prometheus_client/")),
    # The name is kept for comparisons with earlier runs (httpcore's connections; the
    # fifth session's aiohttp and _http11 trees counted too).
    (
        "upstream client (httpx)",
        ("httpx/", "httpcore/", "aiohttp/", "proxy/_upstream.py", "proxy/_posts.py"),
    ),
    ("thread hops", ("anyio/to_thread.py", "threading.py", "queue.py", "concurrent/")),
    ("cache logic", ("semcache/_",)),
    ("Starlette routing/middleware", ("starlette/", "proxy/_app.py", "proxy/_ui.py", "anyio/")),
    ("HTTP parse/uvicorn", ("uvicorn/", "h11/", "httptools/", "asyncio/", "uvloop/", "selectors")),
    ("HTTP parse/uvicorn", ("<frozen runpy>",)),  # the loop's own C code (uvloop) under run
]
_BY_FUNCTION: dict[str, str] = {
    "_parse": "body parse/JSON",
    "_parse_body": "body parse/JSON",
    "_parse_or_refuse": "body parse/JSON",
    "_read_limited": "body parse/JSON",
    "_check_text": "body parse/JSON",
    "_control_headers": "key building/digests",
    "_serve": "response encode",
    "_serve_hit": "response encode",
    "_serve_shared": "response encode",
    "_hit_response": "response encode",
    "_count_savings": "metrics",
    "refresh": "response encode",
    "replay": "response encode",
    "_relay": "upstream client (httpx)",
    "_read_relay": "upstream client (httpx)",
    "_forward": "upstream client (httpx)",
    "WorkerThread.run": "thread hops",
    "WorkerThread._report_result": "thread hops",
    "run_sync_in_worker_thread": "thread hops",
    "in_thread": "thread hops",
    "search": "index search",
    "check_path": "Starlette routing/middleware",  # PathGuard
    "LocalStore.search": "index search",
}
_OWN_FILES = ("proxy/", "semcache/")


def frame_stage(frame: str) -> str | None:
    function, _, where = frame.rpartition(" (")
    path = where.rsplit(":", 1)[0]
    if path.startswith("semcache_proxy/"):  # as imported through a PYTHONPATH shim
        path = path[len("semcache_") :]
    if path.startswith(_OWN_FILES) or path.startswith("anyio/"):
        named = _BY_FUNCTION.get(function) or _BY_FUNCTION.get(function.rsplit(".", 1)[-1])
        if named is not None and not (named == "index search" and "store" not in path):
            return named
    for stage, prefixes in _BY_FILE:
        if path.startswith(prefixes) or any(f"/{p}" in path for p in prefixes):
            return stage
    if path.startswith("proxy/"):
        return "proxy handler"
    return None


# Leaves of threads that wait: py-spy samples some of them as active (an idle worker
# in Queue.get, a lookup waiting for its batch), but /proc shows they use no CPU.
_WAITS = (
    "Condition.wait ",
    "Event.wait ",
    "_wait_for_tstate_lock ",
    "select ",
    "sleep (",
    "Writes._next ",  # the writer thread waiting for a write (SimpleQueue.get, in C)
)


def stage_of(stack: list[str]) -> str:
    if stack and stack[-1].startswith(_WAITS):
        return "waiting"
    for frame in reversed(stack):
        stage = frame_stage(frame)
        if stage is not None:
            return stage
    return "other"


def spy_start(pid: int, out: Path) -> subprocess.Popen[bytes]:
    argv = ["py-spy", "record", "--pid", str(pid), "--format", "raw", "--output", str(out)]
    argv += ["--rate", "1000", "--nonblocking"]
    spy = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # attach before the first request
    return spy


def spy_stop(spy: subprocess.Popen[bytes], out: Path) -> dict[str, float]:
    spy.send_signal(signal.SIGINT)
    spy.wait(60)
    samples: Counter[str] = Counter()
    for line in out.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            samples[stage_of(stack.split(";"))] += int(count)
    samples.pop("waiting", None)
    total = sum(samples.values()) or 1
    return {stage: n / total for stage, n in samples.most_common()}


# -- the model ----------------------------------------------------------------------


def model_cpu_ms(n: int = 200) -> float:
    """CPU ms of the shipped model per text, one text per call (this process)."""
    from semcache.embed import default_embedder

    embedder = default_embedder()
    texts = list(itertools.islice(new_questions(seed=5), n))
    embedder.embed(texts[:5])
    started = time.process_time()
    for text in texts:
        embedder.embed([text])
    return round((time.process_time() - started) * 1000 / n, 3)


# -- the run -------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    info = dict(line.split(":", 1) for line in lscpu.splitlines() if ":" in line)
    flags = info.get("Flags", "").split()
    wanted = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "fma", "sse4_2")
    return {
        "cpu": info.get("Model name", "").strip(),
        "cpus": os.cpu_count(),
        "flags": [f for f in wanted if f in flags],
        "python": sys.version.split()[0],
    }


def commit(path: Path) -> str:
    found = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "-C", str(path), "status", "--porcelain", "--", "proxy", "semcache"],
        capture_output=True,
        text=True,
    )
    return found.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=None, help="worktree of the old commit")
    parser.add_argument("--requests", type=int, default=400, help="requests per outcome and rep")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60.0, help="time cap per phase")
    parser.add_argument("--outcomes", default=",".join(OUTCOMES))
    parser.add_argument("--spy", action="store_true", help="stage breakdown with py-spy")
    parser.add_argument(
        "--hide-fast",
        action="store_true",
        help="hide uvloop, httptools and orjson from --base (a commit older than them)",
    )
    parser.add_argument(
        "--scale", action="store_true", help="instead: local x1 vs Milvus Lite x1 and x2"
    )
    parser.add_argument("--json", type=Path, default=OUT / "profile_proxy.json")
    args = parser.parse_args()
    outcomes = args.outcomes.split(",")
    root = Path(__file__).resolve().parents[1]
    work = Path(tempfile.mkdtemp(prefix="profile-proxy-"))
    fake_port = free_port()
    fake_url = f"http://127.0.0.1:{fake_port}"
    fake = subprocess.Popen(
        [sys.executable, "-m", "semcache", "fake-upstream", "--port", str(fake_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sides: list[Side] = []
    report: dict[str, Any] = {"machine": machine(), "load_before": os.getloadavg()}
    try:
        wait_healthy(fake_url + "/v1/models", fake, "the fake upstream")
        report["model_cpu_ms_per_text"] = model_cpu_ms()
        if args.scale:
            report["commits"] = {"new": commit(root)}
            report["scale"] = run_scale(fake_url, work, args.clients, args.requests, args.seconds)
            report["load_after"] = os.getloadavg()
            args.json.write_text(json.dumps(report, indent=2))
            return
        commits = {"new": commit(root)}
        if args.base is not None:
            shim = shim_path(args.base.resolve(), work / "old-path", hide_fast=args.hide_fast)
            sides.append(Side("old", fake_url, work / "old-data", shim))
            commits["old"] = commit(args.base)
        sides.append(Side("new", fake_url, work / "new-data", None))
        report["commits"] = commits
        report["base_fast_hidden"] = args.hide_fast
        for side in sides:
            warm(side)
        texts = Texts()
        report["semantic_texts"] = len(texts.semantic)  # past this, texts come again (memo)
        rows: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        for rep in range(args.reps):
            for outcome in outcomes:
                for index, side in enumerate(sides if rep % 2 == 0 else sides[::-1]):
                    bodies = texts.bodies(outcome, args.requests, index)
                    row = run_outcome(side, bodies, args.clients, args.seconds)
                    rows[outcome][side.name].append(row)
                    print(json.dumps({"rep": rep, "outcome": outcome, "side": side.name, **row}))
        spied: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
        if args.spy:
            for outcome in outcomes:
                for index, side in enumerate(sides):
                    bodies = texts.bodies(outcome, 2 * args.requests, index)
                    out = work / f"spy-{side.name}-{outcome}.txt"
                    spy = spy_start(side.pid, out)
                    try:
                        run_outcome(side, bodies, args.clients, args.seconds)
                    finally:
                        spied[outcome][side.name] = spy_stop(spy, out)
        report.update(
            clients=args.clients,
            requests=args.requests,
            reps=args.reps,
            load_after=os.getloadavg(),
            results=summarize(rows, spied),
        )
    finally:
        for side in sides:
            side.stop()
        fake.terminate()
        fake.wait(30)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2))
    print_table(report)


def summarize(
    rows: dict[str, dict[str, list[dict[str, Any]]]],
    spied: dict[str, dict[str, dict[str, float]]],
) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for outcome, by_side in rows.items():
        results[outcome] = {}
        for name, reps in by_side.items():
            cpu = statistics.median(r["cpu_ms_per_request"] for r in reps)
            loop = statistics.median(r["loop_cpu_ms_per_request"] for r in reps)
            shares = spied.get(outcome, {}).get(name, {})
            in_request = [r["model_ms_per_request"] for r in reps if "model_ms_per_request" in r]
            results[outcome][name] = {
                "cpu_ms_per_request": round(cpu, 3),
                "model_ms_per_request": (
                    round(statistics.median(in_request), 3) if in_request else None
                ),
                "model_reps": in_request,
                "loop_cpu_ms_per_request": round(loop, 3),
                "per_second": statistics.median(r["per_second"] for r in reps),
                "reps": [r["cpu_ms_per_request"] for r in reps],
                "outcomes": reps[-1]["outcomes"],
                "stages_ms": {s: round(cpu * share, 3) for s, share in shares.items()},
            }
    return results


def print_table(report: dict[str, Any]) -> None:
    warm = report["model_cpu_ms_per_text"]
    print(f"model CPU per text (warm, back to back, this process): {warm} ms; {report['machine']}")
    for outcome, by_side in report["results"].items():
        for name, row in by_side.items():
            cpu, in_request = row["cpu_ms_per_request"], row.get("model_ms_per_request")
            besides = f"model(warm) + {cpu - warm:.2f}"
            if in_request:  # the model's runs as timed inside this proxy's requests
                besides += f", model(in request {in_request:.3f}) + {cpu - in_request:.2f}"
            print(
                f"{outcome:>13} {name:>4} {cpu:>8.3f} ms CPU/req ({besides}) "
                f"(loop {row['loop_cpu_ms_per_request']:.3f}) "
                f"{row['per_second']:>8} req/s  reps {row['reps']}  {row['outcomes']}"
            )
            for stage, ms in row["stages_ms"].items():
                print(f"{'':>20}{stage:<30}{ms:>8.3f}")


if __name__ == "__main__":
    main()
