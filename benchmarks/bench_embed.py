"""Embedding speed of the default model: session options grid, then end to end.

    python benchmarks/bench_embed.py [--runs 200] [--batch-runs 20] [--rounds 5]

Part 1 times ``session.run`` alone for each combination of onnxruntime settings
(intra-op threads, graph optimization level, CPU memory arena, thread spinning),
on one short prompt and on a batch of 32 prompts. Configurations are interleaved
in rounds so that load from other processes spreads evenly over them. CPU time per
call is reported too: spinning threads buy latency with CPU the caller may need.

Part 2 times ``default_embedder()`` as shipped (tokenize, run, pool, normalize),
with threads=1 and 2 (one intra-op thread per run; threads=2 runs two batches at
once). ``--small`` limits part 1 to threads x spinning.

Prints tables and writes benchmarks/out/embed.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from semcache.embed import default_embedder
from semcache.embed.onnx import DEFAULT_MAX_LENGTH, DEFAULT_THREADS, MINILM_MODEL, MINILM_TOKENIZER

OUT = Path(__file__).parent / "out" / "embed.json"
SHORT = "How do I reset my password?"
TOPICS = ["passwords", "the French revolution", "sorting algorithms", "sourdough bread"]
BATCH = [
    f"Question {i}: could you explain {TOPICS[i % 4]} to me"
    + " in some detail, with an example" * (i % 4)
    for i in range(32)
]
LEVELS = {
    "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
    "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
    "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
}


def session(threads: int, level: str, arena: bool, spinning: bool) -> Any:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = LEVELS[level]
    options.enable_cpu_mem_arena = arena
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    options.log_severity_level = 3
    model = str(MINILM_MODEL)
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def feeds(texts: list[str]) -> dict[str, np.ndarray[Any, Any]]:
    """Model inputs for ``texts``, padded to the longest with zeros as the embedder pads."""
    tokenizer = Tokenizer.from_file(str(MINILM_TOKENIZER))
    tokenizer.enable_truncation(DEFAULT_MAX_LENGTH)
    tokenizer.enable_padding(pad_id=0)
    encodings = tokenizer.encode_batch(texts)
    return {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }


def timed(call: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each of ``runs`` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        call()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return wall, cpu


def grid(runs: int, batch_runs: int, rounds: int, small: bool) -> list[dict[str, Any]]:
    short, batch = feeds([SHORT]), feeds(BATCH)
    levels, arenas = (["all"], [False]) if small else (list(LEVELS), [True, False])
    configs = list(itertools.product([1, 2], levels, arenas, [True, False]))
    sessions = {config: session(*config) for config in configs}
    samples: dict[Any, dict[str, list[float]]] = {
        c: {"short": [], "short_cpu": [], "batch": [], "batch_cpu": []} for c in configs
    }
    for _ in range(rounds):
        for config, sess in sessions.items():
            for name, feed, count in (("short", short, runs), ("batch", batch, batch_runs)):
                timed(lambda sess=sess, feed=feed: sess.run(None, feed), 3)  # warm-up
                wall, cpu = timed(lambda sess=sess, feed=feed: sess.run(None, feed), count)
                samples[config][name] += wall
                samples[config][f"{name}_cpu"] += cpu
    return [
        {
            "threads": threads,
            "opt_level": level,
            "mem_arena": arena,
            "spinning": spinning,
            "short_ms": _ms(s["short"]),
            "short_cpu_ms": _ms(s["short_cpu"]),
            "batch32_ms": _ms(s["batch"]),
            "batch32_cpu_ms": _ms(s["batch_cpu"]),
            "batch32_texts_per_s": round(32 / statistics.median(s["batch"]), 1),
        }
        for (threads, level, arena, spinning), s in samples.items()
    ]


def end_to_end(runs: int, batch_runs: int, threads: int) -> dict[str, Any]:
    start = time.perf_counter()
    embedder = default_embedder(threads=threads)
    embedder.load()
    load_s = time.perf_counter() - start
    long_text = " ".join(f"word{i}" for i in range(10_000))
    timed(lambda: embedder.embed([SHORT]), 20)
    short, short_cpu = timed(lambda: embedder.embed([SHORT]), runs)
    batch, _ = timed(lambda: embedder.embed(BATCH), batch_runs)
    long, _ = timed(lambda: embedder.embed([long_text]), max(5, batch_runs // 2))
    return {
        "threads": threads,
        "load_s": round(load_s, 3),
        "short_p50_ms": _ms(short),
        "short_p90_ms": _ms(short, 0.9),
        "short_cpu_ms": _ms(short_cpu),
        "batch32_ms": _ms(batch),
        "batch32_texts_per_s": round(32 / statistics.median(batch), 1),
        "long_10k_words_ms": _ms(long),
    }


def _ms(values: list[float], quantile: float = 0.5) -> float:
    return round(float(np.quantile(values, quantile)) * 1e3, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="short-prompt runs per config")
    parser.add_argument("--batch-runs", type=int, default=20, help="batch runs per config")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--small", action="store_true", help="grid of threads x spinning only")
    args = parser.parse_args()
    per_round = max(1, args.runs // args.rounds), max(1, args.batch_runs // args.rounds)
    rows = grid(*per_round, rounds=args.rounds, small=args.small)
    header = "threads  opt       arena  spin   short ms (cpu)   batch32 ms (cpu)  texts/s"
    print(header)
    for r in sorted(rows, key=lambda r: r["short_ms"]):
        print(
            f"{r['threads']:>7}  {r['opt_level']:<8}  {r['mem_arena']!s:<5}  {r['spinning']!s:<5}"
            f"  {r['short_ms']:>6} ({r['short_cpu_ms']:>6})  {r['batch32_ms']:>7} "
            f"({r['batch32_cpu_ms']:>7})  {r['batch32_texts_per_s']:>7}"
        )
    shipped = [end_to_end(args.runs, args.batch_runs, threads) for threads in (1, 2)]
    print(f"\ndefault_embedder() end to end (default threads={DEFAULT_THREADS}):")
    print(f"  {'threads':<22} {shipped[0]['threads']:>10} {shipped[1]['threads']:>10}")
    for key in list(shipped[0])[1:]:
        print(f"  {key:<22} {shipped[0][key]:>10} {shipped[1][key]:>10}")
    result = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "onnxruntime": ort.__version__,
        "loadavg_at_end": os.getloadavg(),
        "grid": rows,
        "default_threads": DEFAULT_THREADS,
        "default_embedder": shipped,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2))
    print(f"\nwrote {OUT}")


if __name__ == "__main__":
    main()
