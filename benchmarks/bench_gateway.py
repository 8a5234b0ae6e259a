"""semcache against the LiteLLM proxy, in front of one fake upstream, interleaved.

Every target is its own process on a free 127.0.0.1 port: semcache ``serve`` from each
``--semcache-src`` tree (each tree's own code: see ``_gateway.targets.source_tree``),
the LiteLLM proxy with its in-memory cache (``cache: true``, type ``local``; from its
own venv, ``--litellm-python``), and semcache's fake OpenAI upstream at 0 ms, which is
also measured alone so that it is seen not to be the bottleneck. The load generator is a
fourth process (``_gateway.loadgen``).

Workloads (``_gateway.workloads``): exact hits, streamed exact hits, misses (unique
prompts, upstream at 0 ms) and semantic hits (paraphrases; semcache only). Concurrency
1, 8, 32, 128. Within each (workload, clients) the targets run in turn, A, B, C, and
the grid is repeated ``--reps`` times; reported are the medians of: requests/s and
p50/p99 latency over the measured window (after a warm-up, all clients busy), CPU ms
per request of the target's process tree (utime+stime from /proc, from the cell's first
request until the target is idle again, over every request of the cell: background
work such as a miss's store is counted), errors, and the share of answers that were the
expected outcome (a "hit" cell whose answers were misses is visible, not hidden).

    python benchmarks/bench_gateway.py --semcache-src base=/work/wt-base \\
        --semcache-src new=/work/main [--quick] [--reps 3]

JSON and a markdown table go to benchmarks/out/gateway[-quick].{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from _common import OUT, machine
from _gateway import cpu, plan
from _gateway.targets import (
    BENCH_KEY,
    Running,
    Target,
    litellm_target,
    semcache_target,
    upstream_target,
)
from _gateway.workloads import BASE, LEAD_VARIANTS, WORKLOADS, Texts, matches

HERE = Path(__file__).parent
DEFAULT_LITELLM_PYTHON = "/work/venv-litellm/bin/python"
#: Per cell: (warm-up seconds, window seconds, request cap); the window also needs
#: MIN_COUNT completions (slow targets at 128 clients), bounded by MAX_WINDOW_S.
SETTINGS = {"quick": (0.3, 1.5, 600), "full": (0.5, 4.0, 3000)}
MIN_COUNT = 20
MAX_WINDOW_S = 30.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--semcache-src",
        action="append",
        default=[],
        metavar="[LABEL=]PATH",
        help="a source tree of semcache to run (repeatable); default: this checkout",
    )
    parser.add_argument("--semcache-arg", action="append", default=[], help="extra serve args")
    parser.add_argument(
        "--hide-fast",
        action="append",
        default=[],
        metavar="LABEL",
        help="hide uvloop, httptools and orjson from that tree (older than the fast extra)",
    )
    parser.add_argument("--litellm-python", default=DEFAULT_LITELLM_PYTHON)
    parser.add_argument("--no-litellm", action="store_true", help="semcache targets only")
    parser.add_argument("--quick", action="store_true", help="one rep of short cells (~3 min)")
    parser.add_argument("--reps", type=int, default=None, help="repetitions (default 3; quick 1)")
    parser.add_argument("--clients", default="1,8,32,128", help="concurrency levels")
    parser.add_argument("--workloads", default=",".join(plan.WORKLOADS))
    parser.add_argument("--seconds", type=float, default=None, help="window per cell")
    parser.add_argument("--requests", type=int, default=None, help="cap per cell")
    parser.add_argument("--out", default=None, help="name of the JSON/markdown files")
    parser.add_argument("--render", default=None, help="print the tables of a JSON report")
    return parser.parse_args(argv)


def sources(specs: list[str]) -> list[tuple[str, Path]]:
    """``LABEL=PATH`` or ``PATH`` (labelled by its folder name) pairs."""
    if not specs:
        return [("semcache", HERE.parent)]
    found = []
    for spec in specs:
        label, sep, path = spec.partition("=")
        if not sep:
            label, path = Path(spec).resolve().name, spec
        found.append((label, Path(path)))
    if len({label for label, _ in found}) != len(found):
        raise SystemExit(f"--semcache-src labels must differ; got {[lb for lb, _ in found]}")
    return found


# -- the cache warm-up ----------------------------------------------------------


def _ask(http: httpx.Client, text: str, stream: bool) -> httpx.Response:
    body = {**WORKLOADS["stream" if stream else "exact"].payload()}
    body["messages"] = [{"role": "user", "content": text}]
    response = http.post("/v1/chat/completions", json=body)
    response.raise_for_status()
    return response


def _is_hit(response: httpx.Response) -> bool:
    return response.headers.get("x-semcache") == "hit" or "x-litellm-cache-key" in response.headers


def prime(running: Running) -> None:
    """Store every base question, plain and streamed, and (for semcache, whose semantic
    cells look for them) the lead variants, then wait until the base questions hit."""
    headers = {"authorization": f"Bearer {BENCH_KEY}"}
    with httpx.Client(base_url=running.url, headers=headers, timeout=60) as http:
        for text in BASE:
            for stream in (False, True):
                _ask(http, text, stream)
        if running.target.flavour == "semcache":
            for text in LEAD_VARIANTS:
                _ask(http, text, False)
    for stream in (False, True):
        restore(running, stream)


def restore(running: Running, stream: bool) -> None:
    """Make sure every base question hits (plain or streamed), storing any that do not.

    Run before each exact or streamed cell: LiteLLM's in-memory cache keeps 200
    entries, so the miss cells push the base questions out of it; a question is stored
    again by the ask that misses (on semcache every ask is a hit: nothing changes)."""
    headers = {"authorization": f"Bearer {BENCH_KEY}"}
    deadline = time.monotonic() + 60
    with httpx.Client(base_url=running.url, headers=headers, timeout=60) as http:
        for text in BASE:
            while not _is_hit(_ask(http, text, stream)):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{running.target.name}: {text!r} never hit")
                time.sleep(0.05)


# -- one cell ---------------------------------------------------------------------


class LoadGenerator:
    """The load generator process: one JSON line per cell in, one out."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(HERE)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "_gateway.loadgen"],
            cwd=HERE,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def run(self, cell: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(cell) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the load generator exited")
        result: dict[str, Any] = json.loads(line)
        return result

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(30)


def quiesce(pids: list[int], timeout: float = 15.0) -> float:
    """Wait until the processes use < 5% of a core over 0.3 s (background writes done)."""
    started = time.monotonic()
    before = sum(cpu.tree_seconds(pid) for pid in pids)
    while time.monotonic() - started < timeout:
        time.sleep(0.3)
        now = sum(cpu.tree_seconds(pid) for pid in pids)
        if now - before < 0.015:
            break
        before = now
    return time.monotonic() - started


def cell_command(
    cell: plan.Cell,
    running: Running,
    upstream: Running,
    texts: list[str],
    settings: tuple[float, float, int],
) -> dict[str, Any]:
    warm_s, seconds, cap = settings
    workload = WORKLOADS[cell.workload]
    pids = {"target": running.pid}
    if running is not upstream:
        pids["upstream"] = upstream.pid
    return {
        "port": running.target.port,
        "path": "/v1/chat/completions",
        "headers": {"authorization": f"Bearer {BENCH_KEY}"},
        "payload": workload.payload(),
        "texts": texts,
        "cycle": workload.cycle,
        "flavour": running.target.flavour,
        "clients": cell.clients,
        "pids": pids,
        "warm_s": warm_s,
        "warm_min": cell.clients,
        "warm_max_s": 60.0,
        "seconds": seconds,
        "min_count": MIN_COUNT,
        "cap": cap,
        "max_s": MAX_WINDOW_S,
        "drain_s": 120.0,
    }


def flatten(cell: plan.Cell, result: dict[str, Any], expected: str) -> dict[str, Any]:
    per = result.get("cpu_ms_per_request_cell", {})
    window = result.get("cpu_ms_per_request_window", {})
    good = sum(n for outcome, n in result.get("outcomes", {}).items() if matches(expected, outcome))
    total = result.get("requests", 0) + result.get("errors", 0)
    return {
        "rep": cell.rep,
        "workload": cell.workload,
        "clients": cell.clients,
        "target": cell.target,
        **{k: v for k, v in result.items() if not k.startswith("cpu_ms_per_request")},
        "cpu_ms_per_request": per.get("target"),
        "cpu_ms_per_request_window": window.get("target"),
        "upstream_cpu_ms_per_request": per.get("upstream"),
        "loadgen_cpu_ms_per_request": per.get("loadgen"),
        "expected_ratio": round(good / total, 4) if total else None,
        "loadavg": os.getloadavg()[0],
    }


# -- the report -------------------------------------------------------------------


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def markdown(report: dict[str, Any]) -> str:
    """The medians as one long table and a ratio table against LiteLLM."""
    rows = report["medians"]
    lines = [*describe(report), ""]
    lines += [
        "| workload | clients | target | req/s | p50 ms | p99 ms | CPU ms/req"
        " | load generator CPU ms/req | as expected | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        ratio = row["expected_ratio"]
        lines.append(
            f"| {row['workload']} | {row['clients']} | {row['target']} "
            f"| {_num(row['per_second'])} | {_num(row['p50_ms'], 2)} | {_num(row['p99_ms'], 2)} "
            f"| {_num(row['cpu_ms_per_request'], 2)} "
            f"| {_num(row.get('loadgen_cpu_ms_per_request'), 2)} "
            f"| {'–' if ratio is None else f'{100 * ratio:.0f}%'} | {_num(row['errors'], 0)} |"
        )
    lines += ["", *ratio_table(rows, report["targets"])]
    return "\n".join(lines) + "\n"


def describe(report: dict[str, Any]) -> list[str]:
    """Machine, load, targets and settings, as the lines above the table."""
    cpu_info, machine_info, settings = report["lscpu"], report["machine"], report["settings"]
    loads = [row["loadavg"] for row in report["rows"]] or [0.0]
    lines = [
        f"- CPU: {cpu_info.get('model')} ({cpu_info.get('cpus')} CPUs, "
        f"{cpu_info.get('hypervisor') or 'no'} hypervisor), flags of interest: "
        f"{cpu_info.get('flags_of_interest') or 'none'}; Python {machine_info['python']}",
        f"- load average (1 min) over the cells: {min(loads):.1f}–{max(loads):.1f}",
        "- installed beside semcache: "
        + (", ".join(f"{k} {v}" for k, v in report.get("environment", {}).items() if v) or "?"),
        f"- {settings['reps']} rep(s); per cell: warm-up ≥ {settings['warm_s']} s and one "
        f"answer per client, window {settings['window_s']} s (≥ {MIN_COUNT} answers, "
        f"≤ {settings['cap']}); medians over reps",
    ]
    for name, info in report["targets"].items():
        if info["flavour"] == "semcache":
            lines.append(f"- {name}: semcache at {info['commit']} ({info['src']})")
        elif info["flavour"] == "litellm":
            lines.append(f"- litellm: LiteLLM proxy {info['version']}, in-memory cache, 1 worker")
        else:
            lines.append(f"- {name}: semcache's fake upstream at 0 ms, measured alone")
    return lines


def ratio_table(rows: list[dict[str, Any]], targets: dict[str, Any]) -> list[str]:
    """req/s and CPU per request of each semcache target over LiteLLM's, cell by cell."""
    if "litellm" not in targets:
        return []
    ours = [name for name, info in targets.items() if info["flavour"] == "semcache"]
    index = {(r["workload"], r["clients"], r["target"]): r for r in rows}
    head = " | ".join(f"{name}: req/s ×, CPU ÷" for name in ours)
    lines = [f"| workload | clients | {head} |", "| --- | --- |" + " --- |" * len(ours)]
    for workload in plan.WORKLOADS:
        for clients in sorted({r["clients"] for r in rows}):
            theirs = index.get((workload, clients, "litellm"))
            cells = []
            for name in ours:
                mine = index.get((workload, clients, name))
                if mine is None:
                    continue
                if theirs is None:
                    cells.append("LiteLLM cannot (exact only)")
                    continue
                speed = _ratio(mine["per_second"], theirs["per_second"])
                cost = _ratio(theirs["cpu_ms_per_request"], mine["cpu_ms_per_request"])
                cells.append(f"{speed} req/s, {cost} less CPU")
            if cells:
                lines.append(f"| {workload} | {clients} | " + " | ".join(cells) + " |")
    return lines


def _ratio(top: float | None, bottom: float | None) -> str:
    if not top or not bottom:
        return "–"
    return f"{top / bottom:.1f}×"


def lscpu() -> dict[str, str]:
    try:
        text = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    flags = fields.get("Flags", "").split()
    wanted = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "fma", "sse4_2", "amx_int8")
    return {
        "model": fields.get("Model name", "?").strip(),
        "cpus": fields.get("CPU(s)", "?").strip(),
        "hypervisor": fields.get("Hypervisor vendor", "").strip(),
        "flags_of_interest": " ".join(flag for flag in wanted if flag in flags),
    }


def environment() -> dict[str, str | None]:
    """Versions in the Python that runs semcache: uvicorn picks uvloop (loop="auto") for
    any tree, old or new, when it is installed, so it belongs with the figures."""
    found: dict[str, str | None] = {}
    for dist in ("uvicorn", "starlette", "uvloop", "httptools", "orjson", "onnxruntime"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = None
    for name in ("OPENBLAS_CORETYPE", "OMP_NUM_THREADS"):
        found[name] = os.environ.get(name)
    return found


# -- the run ------------------------------------------------------------------------


def build_targets(args: argparse.Namespace, work: Path, upstream: str) -> list[Target]:
    found = sources(args.semcache_src)
    unknown = sorted(set(args.hide_fast) - {label for label, _ in found})
    if unknown:
        raise SystemExit(f"--hide-fast {unknown}: no --semcache-src has that label")
    targets = [
        semcache_target(
            label, src, upstream, work, args.semcache_arg, hide_fast=label in args.hide_fast
        )
        for label, src in found
    ]
    if not args.no_litellm:
        targets.append(litellm_target(args.litellm_python, upstream, work))
    return targets


def keep_logs(work: Path, name: str) -> None:
    """Copy the targets' logs out of the work directory before it goes."""
    logs = OUT / f"{name}-logs"
    logs.mkdir(parents=True, exist_ok=True)
    for log in work.glob("*.log"):
        shutil.copyfile(log, logs / log.name)


def run(args: argparse.Namespace, name: str) -> dict[str, Any]:
    settings = SETTINGS["quick" if args.quick else "full"]
    if args.seconds is not None or args.requests is not None:
        warm, seconds, cap = settings
        settings = (warm, args.seconds or seconds, args.requests or cap)
    reps = args.reps or (1 if args.quick else 3)
    concurrency = [int(n) for n in args.clients.split(",")]
    workloads = [w for w in args.workloads.split(",") if w]
    report: dict[str, Any] = {"machine": machine(), "lscpu": lscpu(), "settings": {}}
    report["environment"] = environment()
    report["settings"] = {"warm_s": settings[0], "window_s": settings[1], "cap": settings[2]}
    report["settings"].update(reps=reps, concurrency=concurrency, workloads=workloads)
    with tempfile.TemporaryDirectory(prefix="bench-gateway-") as tmp, ExitStack() as stack:
        work = Path(tmp)
        stack.callback(keep_logs, work, name)
        upstream_t = upstream_target(work)
        upstream = Running(upstream_t, work)
        stack.callback(upstream.stop)
        upstream.wait_ready()
        targets = build_targets(args, work, upstream.url)
        running = {t.name: Running(t, work) for t in targets}  # start together: LiteLLM is slow
        for proc in running.values():
            stack.callback(proc.stop)
        for name, proc in running.items():
            ready = proc.wait_ready()
            print(f"{name} ready after {ready:.1f} s", flush=True)
            prime(proc)
        running["upstream"] = upstream
        report["targets"] = {
            name: {"flavour": proc.target.flavour, **proc.target.info, "argv": proc.target.argv}
            for name, proc in running.items()
        }
        loadgen = LoadGenerator()
        stack.callback(loadgen.close)
        names = [*running]
        supports = {name: running[name].target.workloads for name in names}
        cells = plan.schedule(
            names, supports, workloads=workloads, concurrency=concurrency, reps=reps
        )
        texts = {(n, w): Texts(w) for n in names for w in workloads}
        all_pids = [proc.pid for proc in running.values()]
        rows = []
        started = time.monotonic()
        for number, cell in enumerate(cells, 1):
            if WORKLOADS[cell.workload].cycle:
                restore(running[cell.target], WORKLOADS[cell.workload].stream)
            quiesce(all_pids)
            proc = running[cell.target]
            supply = texts[(cell.target, cell.workload)]
            batch = supply.next(2 * settings[2] + 4 * cell.clients + 2000)
            command = cell_command(cell, proc, upstream, batch, settings)
            result = loadgen.run(command)
            supply.used(result["used"])
            rows.append(flatten(cell, result, WORKLOADS[cell.workload].expected))
            print(progress(number, len(cells), rows[-1], time.monotonic() - started), flush=True)
    report["rows"] = rows
    report["medians"] = plan.medians(rows)
    report["machine"]["loadavg_end"] = list(os.getloadavg())
    return report


def progress(number: int, total: int, row: dict[str, Any], elapsed: float) -> str:
    return (
        f"[{number}/{total} {elapsed:.0f}s] rep {row['rep']} {row['workload']:>8} "
        f"x{row['clients']:<3} {row['target']:>10}: {_num(row['per_second'])} req/s "
        f"p50 {_num(row['p50_ms'], 2)} ms, CPU {_num(row['cpu_ms_per_request'], 2)} ms/req "
        f"(loadgen {_num(row['loadgen_cpu_ms_per_request'], 2)}), "
        f"errors {row['errors']}, outcomes {row['outcomes']}, load {row['loadavg']:.1f}"
    )


def main() -> None:
    args = parse_args()
    if args.render:
        print(markdown(json.loads(Path(args.render).read_text())))
        return
    name = args.out or ("gateway-quick" if args.quick else "gateway")
    report = run(args, name)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    table = markdown(report)
    (OUT / f"{name}.md").write_text(table)
    print(table)
    print(f"written to {OUT / (name + '.json')} and {name}.md")


if __name__ == "__main__":
    main()
