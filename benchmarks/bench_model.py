"""The embedding model on this CPU: variants x onnxruntime settings, interleaved.

    python training/build_model.py --variants benchmarks/out/models   # once (`train` extra)
    python benchmarks/bench_model.py [--rounds 7] [--part speed,settings,load,fidelity]

Parts (each writes into benchmarks/out/model.json and prints markdown tables):

- ``speed``: every variant (fp32, the shipped dynamic int8 with 7-bit weights, 8-bit,
  per-tensor, static QDQ int8, fp16) at the shipped session settings, prompts of 8, 25
  and 128 tokens, one text per run and batches of 8.
- ``settings``: the shipped model under each onnxruntime setting: intra-op threads 1 and
  2, spinning on/off, inter-op threads with the parallel executor, optimization levels,
  a pre-optimized saved model loaded without optimization, the memory arena.
- ``load``: the shipped embedder end to end (tokenize, run, pool) in a process that runs
  other threads as a server does: a Python thread holding the GIL most of the time (an
  event loop's work), and eight callers through ``BatchingEmbedder``; per setting, the
  embeddings' wall and CPU time and how much work the other thread still got done.
- ``batch``: the shipped model against its per-text quantized variant (dynint8-pertext,
  or ``--other FILE``) in runs of 1, 2, 4, 8 and 16 texts of 12, 25 and 48 tokens, and
  whether a text's vector is the same in a run as alone (500 random runs of 2-16 texts
  of mixed lengths) and the same in both models.
- ``fidelity``: each variant's vectors against the shipped model's and fp32's (cosine,
  min and mean) over the project's own prompt sets and GPTCache prompts (>= 500 texts).

Cells are interleaved: each round runs every cell a few times, in a new random order,
so the load of other processes on this shared machine spreads over all of them.
Reported per cell: p50 and p90 wall ms and CPU ms (process CPU time, all threads) per
embedding. The machine (lscpu model and flags) and load are recorded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort  # type: ignore[import-untyped]
from _common import DATA, OUT, log, machine, write_report
from tokenizers import Tokenizer

from semcache.embed.batching import BatchingEmbedder
from semcache.embed.onnx import MINILM_MODEL, MINILM_TOKENIZER, OnnxEmbedder, default_embedder

ROOT = Path(__file__).resolve().parents[1]
MODELS = OUT / "models"
VARIANTS = [
    "fp32",
    "dynint8",
    "dynint8-8bit",
    "dynint8-tensor",
    "dynint8-tensor-8bit",
    "qdq-int8",
    "fp16",
]
LENGTHS = (8, 25, 128)
LEVELS = {
    "disabled": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
    "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
    "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
    "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
}
#: name -> session options; "t1" is what semcache shipped before this benchmark.
SETTINGS: dict[str, dict[str, Any]] = {
    "t1": {},
    "t2 spin": {"intra": 2, "spin": True},
    "t2 no-spin": {"intra": 2, "spin": False},
    "t1 inter2 parallel": {"inter": 2, "parallel": True},
    "t1 level basic": {"level": "basic"},
    "t1 level extended": {"level": "extended"},
    "t1 pre-optimized": {"preoptimized": True},
    "t1 arena": {"arena": True},
}


# -- sessions and feeds ---------------------------------------------------------------


def session(path: Path, intra: int = 1, spin: bool = False, inter: int = 1, **opts: Any) -> Any:
    options = ort.SessionOptions()
    options.intra_op_num_threads = intra
    options.inter_op_num_threads = inter
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "1" if spin else "0")
    if opts.get("parallel"):
        options.execution_mode = ort.ExecutionMode.ORT_PARALLEL
    options.enable_cpu_mem_arena = bool(opts.get("arena"))
    options.graph_optimization_level = LEVELS[opts.get("level", "all")]
    if opts.get("preoptimized"):
        path = preoptimized(path)
        options.graph_optimization_level = LEVELS["disabled"]
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def preoptimized(path: Path) -> Path:
    saved = MODELS / f"{path.stem}.optimized.onnx"
    if not saved.exists():
        options = ort.SessionOptions()
        options.graph_optimization_level = LEVELS["all"]
        options.optimized_model_filepath = str(saved)
        options.log_severity_level = 3
        ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return saved


def feeds_of(
    tokenizer: Tokenizer, texts: list[str], length: int, batch: int
) -> list[dict[str, Any]]:
    """Feeds of ``batch`` texts cut or repeated to exactly ``length`` tokens each."""
    rows = []
    cls, sep = tokenizer.token_to_id("[CLS]") or 101, tokenizer.token_to_id("[SEP]") or 102
    for text in texts:
        ids = tokenizer.encode(text).ids[1:-1] or [sep]
        while len(ids) < length - 2:
            ids = ids + ids
        rows.append([cls, *ids[: length - 2], sep])
    out = []
    for start in range(0, len(rows) - batch + 1, batch):
        array = np.array(rows[start : start + batch], dtype=np.int64)
        mask = np.ones_like(array)
        out.append({"input_ids": array, "attention_mask": mask, "token_type_ids": 0 * mask})
    return out


# -- interleaved timing ----------------------------------------------------------------


class Cell:
    """One timed configuration: a callable run ``per_round`` times in each round."""

    def __init__(self, key: dict[str, Any], run: Callable[[int], Any], texts: int) -> None:
        self.key, self.run, self.texts = key, run, texts
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, repeats: int, offset: int) -> None:
        for i in range(repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            self.run(offset + i)
            self.wall.append((time.perf_counter() - wall) / self.texts)
            self.cpu.append((time.process_time() - cpu) / self.texts)

    def row(self) -> dict[str, Any]:
        return {
            **self.key,
            "n": len(self.wall),
            "p50_ms": 1e3 * statistics.median(self.wall),
            "p90_ms": 1e3 * float(np.percentile(self.wall, 90)),
            "cpu_p50_ms": 1e3 * statistics.median(self.cpu),
            "cpu_mean_ms": 1e3 * statistics.fmean(self.cpu),
        }


def interleave(cells: list[Cell], rounds: int, budget_s: float) -> list[dict[str, Any]]:
    """Each round runs every cell (random order) for about ``budget_s`` seconds."""
    rng = random.Random(18)
    for cell in cells:
        cell.run(0)  # warm
    repeats = {}
    for cell in cells:
        started = time.perf_counter()
        cell.run(1)
        repeats[id(cell)] = max(
            2, min(60, int(budget_s / max(time.perf_counter() - started, 1e-4)))
        )
    for number in range(rounds):
        order = cells[:]
        rng.shuffle(order)
        for cell in order:
            cell.time(repeats[id(cell)], number * 1000)
        log(f"  round {number + 1}/{rounds} done, load {os.getloadavg()[0]:.1f}")
    return [cell.row() for cell in cells]


def session_cell(key: dict[str, Any], sess: Any, feeds: list[dict[str, Any]]) -> Cell:
    def run(i: int) -> Any:
        return sess.run(["last_hidden_state"], feeds[i % len(feeds)])

    return Cell(key, run, len(feeds[0]["input_ids"]))


# -- texts ---------------------------------------------------------------------------


def prompt_texts() -> list[str]:
    """The project's own prompt sets (dev13, blind13, hard_*) and 150 GPTCache prompts."""
    texts: list[str] = []
    files = [ROOT / "benchmarks/data/dev13.jsonl", ROOT / "benchmarks/data/blind13.jsonl"]
    files += sorted((ROOT / "training/data").glob("hard_*.jsonl"))
    for path in files:
        for line in path.read_text().splitlines():
            pair = json.loads(line)
            texts += [pair["a"], pair["b"]]
    pairs = json.loads((DATA / "paraphrase_pairs_gptcache.json").read_text())
    texts += [p["origin"] for p in pairs[:150]]
    return list(dict.fromkeys(t for t in texts if t.strip()))


# -- parts -----------------------------------------------------------------------------


def part_speed(tokenizer: Tokenizer, texts: list[str], rounds: int) -> list[dict[str, Any]]:
    cells = []
    for variant in VARIANTS:
        sess = session(MODELS / f"{variant}.onnx")
        for length in LENGTHS:
            for batch in (1, 8):
                if batch == 8 and length == 128:
                    continue
                feeds = feeds_of(tokenizer, texts[:64], length, batch)
                key = {"variant": variant, "tokens": length, "batch": batch}
                cells.append(session_cell(key, sess, feeds))
    return interleave(cells, rounds, 0.25)


def part_settings(tokenizer: Tokenizer, texts: list[str], rounds: int) -> list[dict[str, Any]]:
    cells = []
    for name, opts in SETTINGS.items():
        sess = session(MINILM_MODEL, **opts)
        for length in LENGTHS:
            for batch in (1, 4):
                feeds = feeds_of(tokenizer, texts[:64], length, batch)
                key = {"setting": name, "tokens": length, "batch": batch}
                cells.append(session_cell(key, sess, feeds))
    return interleave(cells, rounds, 0.25)


def load_times(opts: dict[str, Any], trials: int = 3) -> dict[str, float]:
    """Seconds to create a session (median of ``trials``) for these options."""
    samples = []
    for _ in range(trials):
        started = time.perf_counter()
        session(MINILM_MODEL, **opts)
        samples.append(time.perf_counter() - started)
    return {"load_s": statistics.median(samples)}


BUSY = "beside a busy thread"
NATIVE = "beside a busy thread that releases the GIL"


def busy_python(stop: threading.Event, counter: list[float]) -> None:
    """An event loop's kind of work: Python code holding the GIL, with short waits."""
    payload = {"model": "gpt-x", "messages": [{"role": "user", "content": "hello " * 40}]}
    started = time.thread_time()
    while not stop.is_set():
        for _ in range(50):
            json.loads(json.dumps(payload))
        counter[0] += 1
        time.sleep(0.0002)  # a request's I/O wait
    counter[1] = time.thread_time() - started


def busy_native(stop: threading.Event, counter: list[float]) -> None:
    """As much CPU as busy_python, in C code that releases the GIL (sha256 of 64 KB blocks)."""
    block = bytes(65536)
    started = time.thread_time()
    while not stop.is_set():
        for _ in range(14):
            hashlib.sha256(block).digest()
        counter[0] += 1
        time.sleep(0.0002)
    counter[1] = time.thread_time() - started


def part_load(texts: list[str], rounds: int, seconds: float) -> list[dict[str, Any]]:
    """The shipped embedder end to end, beside a GIL-holding thread and under 8 callers."""
    settings = {
        "t1": {"intra_op_threads": 1, "spinning": False},
        "t1, one run per call": {"intra_op_threads": 1, "spinning": False, "threads": 1},
        "t2 spin": {"intra_op_threads": 2, "spinning": True},
        "t2 no-spin": {"intra_op_threads": 2, "spinning": False},
    }
    embedders = {name: default_embedder(**opts) for name, opts in settings.items()}  # type: ignore[arg-type]
    for embedder in embedders.values():
        embedder.load()
    # Prompts of 6-40 tokens (median about 10), as a chat proxy sees them.
    sample = [t for t in texts if 6 <= n_tokens(embedders["t1"], t) <= 40][:400]
    results: dict[tuple[str, str], dict[str, list[float]]] = {}
    rng = random.Random(18)
    scenarios = ["quiet", BUSY, BUSY + ", switch interval 1 ms", NATIVE, "8 callers, batcher"]
    for number in range(rounds):
        order = [(s, c) for s in settings for c in scenarios]
        rng.shuffle(order)
        for name, scenario in order:
            figures = run_scenario(embedders[name], scenario, sample, seconds)
            cell = results.setdefault((name, scenario), {})
            for k, v in figures.items():
                cell.setdefault(k, []).append(v)
        log(f"  load round {number + 1}/{rounds} done, load {os.getloadavg()[0]:.1f}")
    return [
        {"setting": n, "scenario": s, **{k: statistics.median(v) for k, v in f.items()}}
        for (n, s), f in sorted(results.items(), key=lambda item: (item[0][1], item[0][0]))
    ]


def n_tokens(embedder: OnnxEmbedder, text: str) -> int:
    return embedder.token_stats([text])[0].tokens + 2


def run_scenario(
    embedder: OnnxEmbedder, scenario: str, texts: list[str], seconds: float
) -> dict[str, float]:
    stop, counter = threading.Event(), [0.0, 0.0]
    helper = None
    switch = sys.getswitchinterval()
    if scenario.startswith(BUSY):
        if scenario.endswith("1 ms"):
            sys.setswitchinterval(0.001)
        work = busy_native if scenario == NATIVE else busy_python
        helper = threading.Thread(target=work, args=(stop, counter), daemon=True)
        helper.start()
    walls: list[float] = []
    done = [0]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    if scenario == "8 callers, batcher":
        batcher = BatchingEmbedder(embedder)
        lock = threading.Lock()

        def caller(offset: int) -> None:
            i = offset
            while time.perf_counter() - wall0 < seconds:
                started = time.perf_counter()
                batcher.embed([texts[i % len(texts)]])
                with lock:
                    walls.append(time.perf_counter() - started)
                    done[0] += 1
                i += 8

        threads = [threading.Thread(target=caller, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        i = 0
        while time.perf_counter() - wall0 < seconds:
            started = time.perf_counter()
            embedder.embed([texts[i % len(texts)]])
            walls.append(time.perf_counter() - started)
            i += 1
        done[0] = i
    elapsed = time.perf_counter() - wall0
    stop.set()
    if helper is not None:
        helper.join()
    sys.setswitchinterval(switch)
    # The busy thread's own CPU is not the embeddings'.
    cpu = time.process_time() - cpu0 - counter[1]
    return {
        "p50_ms": 1e3 * statistics.median(walls),
        "p90_ms": 1e3 * float(np.percentile(walls, 90)),
        "embeds_per_s": done[0] / elapsed,
        "cpu_ms_per_embed": 1e3 * cpu / max(done[0], 1),
        "busy_thread_iters_per_s": counter[0] / elapsed,
    }


BATCHES = (1, 2, 4, 8, 16)


def part_batch(
    tokenizer: Tokenizer, texts: list[str], rounds: int, other: Path
) -> list[dict[str, Any]]:
    cells = []
    for name, path in (("shipped", MINILM_MODEL), ("per-text", other)):
        sess = session(path)
        for length in (12, 25, 48):
            for batch in BATCHES:
                feeds = feeds_of(tokenizer, texts[: 4 * max(BATCHES)], length, batch)
                key = {"model": name, "tokens": length, "batch": batch}
                cells.append(session_cell(key, sess, feeds))
    return interleave(cells, rounds, 0.25)


def batch_invariance(texts: list[str], other: Path, runs: int = 500) -> list[dict[str, Any]]:
    """Per model: min cosine and identical rows of a text in a random run vs alone."""
    rng = random.Random(9)
    batches = [rng.sample(range(len(texts)), rng.randint(2, 16)) for _ in range(runs)]
    rows = []
    for name, path in (("shipped", MINILM_MODEL), ("per-text", other)):
        one = OnnxEmbedder(path, MINILM_TOKENIZER, batch_size=1, threads=1)
        many = OnnxEmbedder(path, MINILM_TOKENIZER, batch_size=16, threads=1)
        alone = one.embed(texts)
        cos, same, total = 1.0, 0, 0
        for batch in batches:
            vectors = many.embed([texts[i] for i in batch])
            cos = min(cos, float((vectors * alone[batch]).sum(1).min()))
            same += int((vectors == alone[batch]).all(1).sum())
            total += len(batch)
        rows.append({"model": name, "runs": runs, "rows": total, "identical": same, "cos_min": cos})
        if name == "shipped":
            shipped = alone
        else:
            rows.append(
                {
                    "model": "per-text vs shipped, alone",
                    "runs": 0,
                    "rows": len(texts),
                    "identical": int((alone == shipped).all(1).sum()),
                    "cos_min": float((alone * shipped).sum(1).min()),
                }
            )
    return rows


def part_fidelity(texts: list[str]) -> list[dict[str, Any]]:
    vectors = {}
    for variant in VARIANTS:
        embedder = OnnxEmbedder(MODELS / f"{variant}.onnx", MINILM_TOKENIZER, batch_size=1)
        vectors[variant] = embedder.embed(texts)
        log(f"  fidelity: {variant} embedded {len(texts)} texts")
    shipped = default_embedder().embed(texts)
    rows = []
    for variant, v in vectors.items():
        to_shipped = (v * shipped).sum(1)
        to_fp32 = (v * vectors["fp32"]).sum(1)
        rows.append(
            {
                "variant": variant,
                "texts": len(texts),
                "cos_shipped_min": float(to_shipped.min()),
                "cos_shipped_mean": float(to_shipped.mean()),
                "cos_fp32_min": float(to_fp32.min()),
                "cos_fp32_mean": float(to_fp32.mean()),
                "file_mb": (MODELS / f"{variant}.onnx").stat().st_size / 1e6,
            }
        )
    return rows


# -- report ---------------------------------------------------------------------------


def lscpu() -> dict[str, str]:
    found = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    fields = dict(line.split(":", 1) for line in found.splitlines() if ":" in line)
    keep = ("Model name", "CPU(s)", "Thread(s) per core", "Flags", "Hypervisor vendor")
    return {k: fields[k].strip() for k in keep if k in fields}


def cell(column: str, value: object) -> str:
    if not isinstance(value, float):
        return str(value)
    return f"{value:.4f}" if column.startswith("cos") else f"{value:.2f}"


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = [cell(c, row[c]) for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--part", default="speed,settings,load,fidelity")
    parser.add_argument("--load-seconds", type=float, default=2.0)
    parser.add_argument(
        "--other", type=Path, default=MODELS / "dynint8-pertext.onnx", help="--part batch"
    )
    args = parser.parse_args()
    parts = set(args.part.split(","))
    missing = [v for v in VARIANTS if not (MODELS / f"{v}.onnx").exists()]
    if missing and parts & {"speed", "fidelity"}:
        sys.exit(f"missing {missing}: run python training/build_model.py --variants {MODELS}")
    tokenizer = Tokenizer.from_file(str(MINILM_TOKENIZER))
    texts = prompt_texts()
    path = OUT / "model.json"
    report: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    report["machine"] = {**machine(), "lscpu": lscpu()}
    report["machine"]["versions"]["onnxruntime"] = ort.__version__
    speed_cols = ["tokens", "batch", "p50_ms", "p90_ms", "cpu_p50_ms"]
    if "speed" in parts:
        log("speed: variants at the shipped settings")
        report["speed"] = part_speed(tokenizer, texts, args.rounds)
        print(table(report["speed"], ["variant", *speed_cols]))
    if "settings" in parts:
        log("settings: the shipped model under each onnxruntime setting")
        report["settings"] = part_settings(tokenizer, texts, args.rounds)
        report["load_s"] = {n: load_times(o) for n, o in SETTINGS.items() if n != "t1 arena"}
        print(table(report["settings"], ["setting", *speed_cols]))
        print(json.dumps(report["load_s"]))
    if "load" in parts:
        log("load: end to end beside other threads")
        report["load"] = part_load(texts, max(3, args.rounds // 2), args.load_seconds)
        cols = ["setting", "scenario", "p50_ms", "p90_ms", "embeds_per_s", "cpu_ms_per_embed"]
        print(table(report["load"], [*cols, "busy_thread_iters_per_s"]))
    if "batch" in parts:
        if not args.other.exists():
            sys.exit(
                f"missing {args.other}: run python training/build_model.py --variants {MODELS}"
            )
        log("batch: the shipped and the per-text model in runs of several texts")
        report["batch"] = part_batch(tokenizer, texts, args.rounds, args.other)
        print(table(report["batch"], ["model", *speed_cols, "cpu_mean_ms"]))
        report["batch_invariance"] = batch_invariance(texts, args.other)
        print(table(report["batch_invariance"], ["model", "runs", "rows", "identical", "cos_min"]))
    if "fidelity" in parts:
        log(f"fidelity: {len(texts)} texts")
        report["fidelity"] = part_fidelity(texts)
        cols = ["cos_shipped_min", "cos_shipped_mean", "cos_fp32_min", "cos_fp32_mean"]
        print(table(report["fidelity"], ["variant", "texts", *cols, "file_mb"]))
    write_report("model", report)


if __name__ == "__main__":
    main()
