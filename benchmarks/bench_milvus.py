"""Store lookup latency in each mode: local, Milvus Lite file, milvus-lite gRPC server.

    python benchmarks/bench_milvus.py [--n 2000] [--dim 384] [--queries 300] [--k 4]
        [--modes local,milvus-lite-file,milvus-lite-server] [--uri milvus://HOST:19530]

For each mode the same ``n`` random unit vectors are stored in one namespace
(spread over 10 scopes, so that the scope filter has work to do) and then timed,
everything loopback and bounded:

- ``exact``: ``find_exact`` of a stored key (an exact-tier hit);
- ``lookup``: what a semantic lookup costs the store: ``find_exact`` of an
  unknown key, then ``search`` (k candidates) with a query at cosine ~0.9 from a
  stored vector; ``hit@1`` is how often that vector comes first;
- ``add``: one ``add`` (the write of a miss), ``touch``: one buffered hit;
- ``visible``: for the server mode, how long until an entry added by one client
  is found by another client (its own gRPC connection), the cross-process
  consistency delay.

``--uri`` adds a mode on your own Milvus (a scratch collection, dropped at the
end). Embedding is left out (it is the same in every mode; see bench_embed.py). Prints
a table and writes benchmarks/out/milvus.json. Timings on a shared machine are
noisy: compare runs made on the same machine at the same time.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from _common import log, machine, summary, write_report

from semcache import Entry
from semcache.store.local import LocalStore
from semcache.store.milvus import MilvusStore
from semcache.testing import LiteServer

MODEL = "bench-random"
SCOPES = 10
RESPONSE = {"role": "assistant", "content": "A short answer, one or two sentences long. " * 4}
PAYLOAD = json.dumps(RESPONSE, ensure_ascii=False, separators=(",", ":"))  # as the cache passes it


def unit(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return np.asarray(x / np.linalg.norm(x, axis=1, keepdims=True))


def near(rng: np.random.Generator, v: np.ndarray, cosine: float) -> np.ndarray:
    """A unit vector at ``cosine`` from unit vector ``v``."""
    noise = rng.standard_normal(v.shape).astype(np.float32)
    noise -= (noise @ v) * v
    noise /= np.linalg.norm(noise)
    return np.asarray(cosine * v + np.sqrt(1 - cosine**2) * noise, dtype=np.float32)


def entry(i: int) -> Entry:
    now = time.time()
    return Entry(
        id=f"e{i}",
        namespace="bench",
        scope=f"scope-{i % SCOPES}",
        prompt=f"question number {i}",
        response=RESPONSE,
        created_at=now,
        accessed_at=now,
    )


@contextmanager
def open_mode(mode: str, root: Path, dim: int) -> Iterator[tuple[Any, Callable[[], Any]]]:
    """The store of ``mode`` and a factory of a second client (or None)."""
    if mode == "local":
        with LocalStore(root / "local", dim=dim, model=MODEL) as store:
            yield store, lambda: None
    elif mode == "milvus-lite-file":
        with MilvusStore.from_uri(f"milvus://{root}/lite.db", dim=dim, model=MODEL) as store:
            yield store, lambda: None
    elif mode == "milvus-lite-server":
        server = LiteServer(root / "server")
        with server, MilvusStore.from_uri(server.uri, dim=dim, model=MODEL) as store:
            yield store, lambda: MilvusStore.from_uri(server.uri, dim=dim, model=MODEL)
    else:  # a URI: a scratch collection on that server
        uri = f"{mode}{'&' if '?' in mode else '?'}collection=bench_{uuid.uuid4().hex}"
        with MilvusStore.from_uri(uri, dim=dim, model=MODEL) as store:
            try:
                yield store, lambda: MilvusStore.from_uri(uri, dim=dim, model=MODEL)
            finally:
                store._client.drop_collection(store._collection)


def timed(calls: list[Callable[[], Any]]) -> tuple[dict[str, float], list[Any]]:
    times, results = [], []
    for call in calls:
        started = time.perf_counter()
        results.append(call())
        times.append(time.perf_counter() - started)
    return summary(times), results


def measure(store: Any, vs: np.ndarray, queries: int, k: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(vs), queries)
    exact, _ = timed([lambda i=i: store.find_exact(f"key-{i}") for i in picks])

    def lookup(i: int) -> list[Any]:
        store.find_exact(f"unknown-{i}")
        query = near(rng, vs[i], 0.9)
        return list(store.search(query, namespace="bench", scope=f"scope-{i % SCOPES}", k=k))

    semantic, found = timed([lambda i=i: lookup(i) for i in picks])
    firsts = [bool(hits) and hits[0][0].id == f"e{i}" for i, hits in zip(picks, found, strict=True)]
    extra = unit(rng, queries, vs.shape[1])
    adds, _ = timed(
        [
            lambda j=j: store.add(
                entry(10**6 + j), extra[j], exact_key=f"new-{j}", priority=0.0, payload=PAYLOAD
            )
            for j in range(queries)
        ]
    )
    touches, _ = timed(
        [lambda i=i: store.touch(f"e{i}", accessed_at=time.time(), priority=1.0) for i in picks]
    )
    return {
        "exact": exact,
        "lookup": semantic,
        "hit@1": sum(firsts) / len(firsts),
        "add": adds,
        "touch": touches,
    }


def visibility(store: Any, other: Any, dim: int, rounds: int) -> dict[str, float]:
    """Seconds from an add by ``store`` until ``other`` finds the entry."""
    rng = np.random.default_rng(7)
    delays = []
    for r in range(rounds):
        vector = unit(rng, 1, dim)[0]
        store.add(entry(2 * 10**6 + r), vector, exact_key=f"vis-{r}", priority=0.0, payload=PAYLOAD)
        started = time.perf_counter()
        while other.find_exact(f"vis-{r}") is None:
            if time.perf_counter() - started > 30:
                break
            time.sleep(0.001)
        delays.append(time.perf_counter() - started)
    return summary(delays)


def run_mode(mode: str, vs: np.ndarray, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-milvus-") as tmp:
        started = time.perf_counter()
        with open_mode(mode, Path(tmp), args.dim) as (store, second):
            opened = time.perf_counter() - started
            keys = [f"key-{i}" for i in range(len(vs))]
            started = time.perf_counter()
            store.add_many([entry(i) for i in range(len(vs))], vs, keys, [0.0] * len(vs))
            result = {"open_s": opened, "build_s": time.perf_counter() - started}
            result.update(measure(store, vs, args.queries, args.k, seed=3))
            other = second()
            if other is not None:
                with other:
                    result["visible"] = visibility(store, other, args.dim, rounds=20)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--modes", default="local,milvus-lite-file,milvus-lite-server")
    parser.add_argument("--uri", default=None, help="also measure this Milvus (milvus://...)")
    args = parser.parse_args()
    vs = unit(np.random.default_rng(1), args.n, args.dim)
    report: dict[str, Any] = {"machine": machine(), "settings": vars(args), "modes": {}}
    for mode in args.modes.split(",") + ([args.uri] if args.uri else []):
        log(f"{mode}: {args.n} entries, {args.queries} queries")
        report["modes"][mode.split("?")[0].rpartition("@")[2]] = run_mode(mode, vs, args)
    print(f"\n{'mode':20} {'metric':8} {'p50 ms':>9} {'p99 ms':>9}")
    for mode, found in report["modes"].items():
        for metric in ("exact", "lookup", "add", "touch", "visible"):
            if metric in found:
                row = found[metric]
                print(f"{mode:20} {metric:8} {row['p50_ms']:9.2f} {row['p99_ms']:9.2f}")
        print(f"{mode:20} hit@1 {found['hit@1']:.3f}, open {found['open_s']:.1f} s")
    write_report("milvus", report)


if __name__ == "__main__":
    main()
