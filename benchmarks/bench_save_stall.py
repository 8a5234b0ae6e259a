"""How long a graph save or the start of a compaction holds up the searches of a
big local store.

    python benchmarks/bench_save_stall.py [--n 500000] [--dir DIR] [--window 20]
        [--what save|compaction]

A graph is saved once a quarter of it (or ``save_every`` entries) changed since
its last save, and compacted once a quarter of its slots hold deleted entries.
This script builds (or reuses, with ``--dir``) a store of ``n`` random unit
vectors in one bucket, starts a thread searching it every 2 ms, then makes the
next write the one that finds the save (or compaction) due: it sets the graph's
counters as ``n / 4`` puts (or deletes) would, rather than making them. It
records, over ``window`` seconds:

- how long that one write took;
- the latency of every search made meanwhile: p50, p99, max, and how many took
  more than 50 ms;
- for a save, when the new index file was in place (its sidecar's modification
  time), from the start of the write. A compaction goes on building after the
  window; closing the store abandons it.

The graph is built with ef_construction 40 to keep the build short: the save
writes the same bytes whatever the build's beam was. Writes
benchmarks/out/save_stall.json (or compaction_stall.json).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _common import log, machine, summary, write_report

from semcache import Entry
from semcache.store.local import LocalStore, bucket_id

MODEL = "bench-random"
DIM = 384
PAUSE = 0.002  # between two searches of the searching thread


def _entry(i: int) -> Entry:
    return Entry(
        id=f"e{i}",
        namespace="bench",
        scope="",
        prompt=f"question {i}",
        response={"role": "assistant", "content": f"answer {i}"},
        created_at=1.7e9,
        accessed_at=1.7e9,
    )


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    x = rng.standard_normal((n, DIM)).astype(np.float32)
    return np.asarray(x / np.linalg.norm(x, axis=1, keepdims=True))


def _build(path: Path, n: int) -> None:
    rng = np.random.default_rng(0)
    chunk = 20_000
    with LocalStore(path, dim=DIM, model=MODEL, ef_construction=40) as store:
        for start in range(0, n, chunk):
            size = min(chunk, n - start)
            part = [_entry(i) for i in range(start, start + size)]
            keys = [f"k{e.id}" for e in part]
            store.add_many(part, _unit(rng, size), keys, [0.0] * size)
            log(f"  built {start + size:,} / {n:,}")


def measure(path: Path, window: float, what: str) -> dict[str, Any]:
    rng = np.random.default_rng(1)
    queries = _unit(rng, 512)
    sidecar = path / "index" / f"{bucket_id('bench', '')}.json"
    opened = time.perf_counter()
    store = LocalStore(path, dim=DIM, model=MODEL)
    open_s = time.perf_counter() - opened
    latencies: list[float] = []
    stop = threading.Event()

    def search() -> None:
        i = 0
        while not stop.is_set():
            started = time.perf_counter()
            store.search(queries[i % len(queries)], namespace="bench", scope="", k=4)
            latencies.append(time.perf_counter() - started)
            i += 1
            time.sleep(PAUSE)

    thread = threading.Thread(target=search)
    thread.start()
    time.sleep(1.0)
    graph: Any = store._buckets.get(bucket_id("bench", ""))
    before = sidecar.stat().st_mtime
    count_before = len(latencies)
    started = time.perf_counter()
    wall = time.time()
    if what == "save":
        graph.changes = 10**9  # what n / 4 puts would leave
        new = _entry(10**9 + int(wall))
        payload = json.dumps(new.response, ensure_ascii=False, separators=(",", ":"))
        store.add(new, _unit(rng, 1)[0], exact_key=f"k{wall}", priority=0.0, payload=payload)
    else:
        graph.live -= graph.live // 3  # the share of deleted slots n / 3 deletes would leave
        store.delete([next(store.iterate()).id])
    add_s = time.perf_counter() - started
    time.sleep(max(window - add_s, 0.0))
    stop.set()
    thread.join()
    saved_after = sidecar.stat().st_mtime - wall if sidecar.stat().st_mtime != before else None
    store.close()
    during = latencies[count_before:]
    return {
        "open_s": open_s,
        "write_ms": 1e3 * add_s,
        "file_in_place_after_s": saved_after,
        "searches": summary(during),
        "search_max_ms": 1e3 * max(during),
        "searches_over_50ms": sum(t > 0.05 for t in during),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=500_000)
    parser.add_argument("--dir", type=Path, help="keep (or reuse) the built store here")
    parser.add_argument("--window", type=float, default=20.0, help="seconds measured")
    parser.add_argument("--what", choices=["save", "compaction"], default="save")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.dir or Path(tmp) / "store"
        if not (path / "entries.sqlite3").exists():
            log(f"building {args.n:,} entries in {path}")
            _build(path, args.n)
        result = measure(path, args.window, args.what)
    report = {"machine": machine(), "n": args.n, "what": args.what, **result}
    searches = result["searches"]
    print(
        f"{args.what}: the write {result['write_ms']:.0f} ms; file in place after "
        f"{result['file_in_place_after_s']} s; searches meanwhile: n={searches['n']} "
        f"p50 {searches['p50_ms']:.2f} ms, p99 {searches['p99_ms']:.2f} ms, "
        f"max {result['search_max_ms']:.0f} ms, {result['searches_over_50ms']} over 50 ms"
    )
    write_report(f"{args.what}_stall", report)


if __name__ == "__main__":
    main()
