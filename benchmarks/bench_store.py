"""Local store speed, memory and recall, on random unit vectors (no embedding).

    python benchmarks/bench_store.py [--n 100000] [--dim 384] [--efs 32,64,128]
        [--queries 1000] [--k 4] [--dir DIR] [--M 16] [--ef-construction 200]

Builds a store of ``n`` entries in one (namespace, scope) bucket with
``add_many`` (or reuses ``--dir`` if it already holds such a store), then measures:

- open time of the closed store (index files present and valid);
- memory: growth of the RSS of a fresh process from before open to after 200
  searches, per entry, and what remains once the vector (4 * dim bytes) is taken
  off (the payload stays on disk; SQLite's page cache is bounded to 32 MiB);
- ``search`` latency (everything but embedding: hashing the bucket, the graph
  search, fetching the rows from SQLite, decoding JSON) with k = the cache's
  default number of candidates, for each ``ef``;
- recall against brute force: recall@10 for random queries (the hard case in high
  dimension: every neighbour is about as far as any other) and for "paraphrase"
  queries (a stored vector moved to cosine ~0.9 from it, as a cache lookup is),
  and recall@1 for the latter (what a cache hit needs);
- ``find_exact`` (the exact tier), single ``add``, ``touch`` and ``delete``.

``--dir`` keeps the built store for later runs (then --M/--ef-construction are
ignored). ``--efs ""`` skips the search table, e.g. to time open at 1,000,000
entries built quickly with a small --ef-construction (open time does not depend
on it). Prints a table and writes benchmarks/out/store.json. Timings on a shared machine
are noisy: compare runs made on the same machine at the same time.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from semcache import Entry
from semcache.store.local import DEFAULT_EF_CONSTRUCTION, DEFAULT_M, LocalStore
from semcache.testing import BruteForceIndex

OUT = Path(__file__).parent / "out" / "store.json"
MODEL = "bench-random"
RESPONSE = {
    "role": "assistant",
    "content": "To reset your password, open Settings, choose Security, then follow "
    "the link we email you. The link expires after one hour; ask for a new one if it "
    "does. " * 2,
}
PAYLOAD = json.dumps(RESPONSE, ensure_ascii=False, separators=(",", ":"))  # as the cache passes it


def unit(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return np.asarray(x / np.linalg.norm(x, axis=1, keepdims=True))


def entries(start: int, n: int) -> list[Entry]:
    return [
        Entry(
            id=f"e{i}",
            namespace="bench",
            scope="",
            prompt=f"How do I reset the password of account number {i}?",
            response=RESPONSE,
            created_at=1.7e9,
            accessed_at=1.7e9,
        )
        for i in range(start, start + n)
    ]


def build(path: Path, vs: np.ndarray, settings: dict[str, int]) -> dict[str, float]:
    chunk = 10_000
    started = time.perf_counter()
    with LocalStore(path, dim=vs.shape[1], model=MODEL, **settings) as store:
        for start in range(0, len(vs), chunk):
            part = entries(start, min(chunk, len(vs) - start))
            keys = [f"key-{e.id}" for e in part]
            store.add_many(part, vs[start : start + len(part)], keys, [0.0] * len(part))
        loaded = time.perf_counter()
    closed = time.perf_counter()
    return {"load_s": loaded - started, "close_s": closed - loaded}


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def timed(calls: list[Callable[[], Any]]) -> dict[str, float]:
    times = []
    for call in calls:
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    times.sort()
    return {
        "p50_ms": 1e3 * statistics.median(times),
        "p99_ms": 1e3 * times[int(0.99 * (len(times) - 1))],
    }


def paraphrases(rng: np.random.Generator, vs: np.ndarray, n: int) -> np.ndarray:
    """Stored vectors moved to cosine ~0.9 away from themselves."""
    picked = vs[rng.choice(len(vs), n, replace=False)]
    noise = unit(rng, n, vs.shape[1]) * 0.48
    moved = picked + noise
    return np.asarray(moved / np.linalg.norm(moved, axis=1, keepdims=True))


def recall(store: LocalStore, truth: BruteForceIndex, queries: np.ndarray, k: int) -> float:
    expected, _ = truth.knn(queries, k)
    hits = 0
    for q, want in zip(queries, expected, strict=True):
        got = {int(e.id[1:]) for e, _ in store.search(q, namespace="bench", scope="", k=k)}
        hits += len(got & set(want.tolist()))
    return hits / (k * len(queries))


def measure_ef(
    path: Path,
    ef: int,
    vs: np.ndarray,
    queries: dict[str, np.ndarray],
    k: int,
    truth: BruteForceIndex,
) -> dict[str, Any]:
    with LocalStore(path, dim=vs.shape[1], model=MODEL, ef=ef) as store:
        row: dict[str, Any] = {"ef": ef}
        for name, qs in queries.items():
            for q in qs[:100]:  # warm-up
                store.search(q, namespace="bench", scope="", k=k)
            search = partial(store.search, namespace="bench", scope="", k=k)
            row[f"search_{name}"] = timed([partial(search, q) for q in qs])
        row["recall10_random"] = recall(store, truth, queries["random"][:200], 10)
        row["recall10_paraphrase"] = recall(store, truth, queries["paraphrase"][:200], 10)
        row["recall1_paraphrase"] = recall(store, truth, queries["paraphrase"][:200], 1)
    return row


_OPEN = """
import json, sys, time
import numpy as np
from semcache.store.local import LocalStore
sys.path.insert(0, sys.argv[3])
from bench_store import rss_bytes
before = rss_bytes()
started = time.perf_counter()
store = LocalStore(sys.argv[1], dim=int(sys.argv[2]), model="bench-random")
opened = time.perf_counter() - started
rng = np.random.default_rng(1)
for q in rng.standard_normal((200, int(sys.argv[2]))).astype(np.float32):
    store.search(q / np.linalg.norm(q), namespace="bench", scope="", k=4)
print(json.dumps({"open_s": opened, "grown": rss_bytes() - before}))
store.close()
"""


def measure_open(path: Path, dim: int, n: int) -> dict[str, Any]:
    """Open time and memory, in a fresh process (so nothing else is in its heap)."""
    script = [sys.executable, "-c", _OPEN, str(path), str(dim), str(Path(__file__).parent)]
    found = json.loads(subprocess.run(script, check=True, capture_output=True).stdout)
    grown = found["grown"]
    return {
        "open_s": found["open_s"],
        "rss_mb": grown / 2**20,
        "rss_per_entry_b": grown / n,
        "rss_per_entry_beyond_vector_b": grown / n - 4 * dim,
    }


def measure_writes(store: LocalStore, dim: int, n: int, rng: np.random.Generator) -> dict[str, Any]:
    fresh = entries(n, 1000)
    vectors = unit(rng, 1000, dim)
    pairs = zip(fresh, vectors, strict=True)
    return {
        "find_exact": timed(
            [partial(store.find_exact, f"key-e{i}") for i in rng.integers(0, n, 1000)]
        ),
        "add": timed(
            [
                partial(store.add, e, v, exact_key=f"key-{e.id}", priority=0.0, payload=PAYLOAD)
                for e, v in pairs
            ]
        ),
        "touch": timed(
            [partial(store.touch, e.id, accessed_at=1.8e9, priority=1.0) for e in fresh]
        ),
        "delete": timed([partial(store.delete, [e.id]) for e in fresh]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--efs", default="32,64,128")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--dir", type=Path, default=None, help="keep the store here")
    parser.add_argument("--out", type=Path, default=OUT, help="where the JSON goes")
    parser.add_argument("--M", type=int, default=DEFAULT_M, help="graph degree (build)")
    parser.add_argument("--ef-construction", type=int, default=DEFAULT_EF_CONSTRUCTION)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(args, args.dir or Path(tmp) / "store")


def run(args: argparse.Namespace, path: Path) -> None:
    rng = np.random.default_rng(0)
    vs = unit(rng, args.n, args.dim)
    report: dict[str, Any] = {
        "n": args.n,
        "dim": args.dim,
        "k": args.k,
        "machine": platform.platform(),
    }
    if not (path / "entries.sqlite3").exists():
        print(f"building {args.n:,} entries of dim {args.dim} ...", flush=True)
        settings = {"M": args.M, "ef_construction": args.ef_construction}
        report["build"] = {**settings, **build(path, vs, settings)}
    report.update(measure_open(path, args.dim, args.n))
    with LocalStore(path, dim=args.dim, model=MODEL) as store:
        report.update(measure_writes(store, args.dim, args.n, rng))
    truth = BruteForceIndex(args.dim)
    if args.efs:
        truth.add(np.arange(args.n), vs)
    queries = {
        "random": unit(rng, args.queries, args.dim),
        "paraphrase": paraphrases(rng, vs, args.queries),
    }
    efs = [int(ef) for ef in args.efs.split(",") if ef]  # --efs "": skip (e.g. at 1M)
    report["by_ef"] = [measure_ef(path, ef, vs, queries, args.k, truth) for ef in efs]
    print_table(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {args.out}")


def print_table(report: dict[str, Any]) -> None:
    print(f"\nlocal store, {report['n']:,} entries, dim {report['dim']}, k={report['k']}")
    if "build" in report:
        b = report["build"]
        print(
            f"  bulk load (add_many)   {b['load_s']:.1f} s "
            f"({report['n'] / b['load_s']:,.0f}/s), close {b['close_s']:.2f} s"
        )
    print(f"  open                   {report['open_s']:.2f} s")
    print(
        f"  RSS                    {report['rss_mb']:.0f} MB = "
        f"{report['rss_per_entry_b']:.0f} B/entry, "
        f"{report['rss_per_entry_beyond_vector_b']:.0f} B beyond the vector"
    )
    for name in ("find_exact", "add", "touch", "delete"):
        t = report[name]
        print(f"  {name:<22} p50 {t['p50_ms']:.3f} ms  p99 {t['p99_ms']:.3f} ms")
    print(
        "\n   ef | search p50/p99 ms (random) | (paraphrase) | recall@10 rand | @10 para | @1 para"
    )
    for row in report["by_ef"]:
        r, p = row["search_random"], row["search_paraphrase"]
        print(
            f"  {row['ef']:>3} | {r['p50_ms']:.3f} / {r['p99_ms']:.3f}"
            f"              | {p['p50_ms']:.3f} / {p['p99_ms']:.3f}"
            f" | {row['recall10_random']:.3f}          | {row['recall10_paraphrase']:.3f}"
            f"    | {row['recall1_paraphrase']:.3f}"
        )


if __name__ == "__main__":
    main()
