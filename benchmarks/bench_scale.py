"""The local store at scale: 1,000,000 entries of synthetic, clustered vectors.

    python benchmarks/bench_scale.py --size 1000000 [--M 16 --ef-construction 200 --ef 64]
    python benchmarks/bench_scale.py --tune --size 200000 [--Ms 12,16,24] [--efcs 100,200]
                                     [--efs 16,32,64,128] [--real]

Vectors are generated directly (no model): 384-d unit vectors drawn around a
two-level hierarchy of centres (topics, then subtopics), so that neighbours are
closer than strangers as with sentence embeddings, and the ANN problem is not the
degenerate one of uniform random vectors. Prompts and responses are short
synthetic strings. Two kinds of query:

- ``paraphrase``: a stored vector moved to cosine ~0.9 from itself (what a cache
  lookup is: its nearest neighbour should be that entry, and it is a hit at the
  default threshold of 0.85);
- ``fresh``: a new draw from the same distribution (mostly a miss; its 10 nearest
  neighbours are a harder test of the graph).

Default mode builds the store with ``add_many`` (build time, size on disk), then,
in a fresh process so that resident memory is the store's alone, opens it (open
time, RSS), searches it directly and through ``SemanticCache`` with an embedder
that serves precomputed vectors (latency excluding embedding), measures recall@1
and recall@10 against exact brute force (numpy), and times puts at the entry
limit, where every put evicts one entry. ``--tune`` builds bare hnswlib graphs
for each (M, ef_construction) and sweeps ef, to choose the store's defaults;
with ``--real`` on the default model's vectors of up to ~100,000 Quora questions
(those bench_library.py stores; queries: QQP duplicates and unrelated questions).

Writes benchmarks/out/scale-SIZE.json (or tune-SIZE.json). The store is built
under benchmarks/out/ and removed afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from _common import (
    OUT,
    PrecomputedEmbedder,
    dir_bytes,
    log,
    machine,
    rss_bytes,
    summary,
    time_each,
    write_report,
)

from semcache import Entry, SemanticCache
from semcache.store import exact_key
from semcache.store.local import (
    DEFAULT_EF,
    DEFAULT_EF_CONSTRUCTION,
    DEFAULT_M,
    HnswParams,
    LocalStore,
    ef_for,
)

DIM = 384
MODEL = "bench-scale-synthetic"
NAMESPACE = "default"
SCOPE = ""  # the stored scope of a lookup without one
CHUNK = 50_000
TOPICS, SUBTOPICS = 2_000, 10


# -- synthetic data ---------------------------------------------------------------


def _unit(x: np.ndarray) -> np.ndarray:
    return np.asarray(x / np.linalg.norm(x, axis=1, keepdims=True), dtype=np.float32)


def _noise(rng: np.random.Generator, n: int, scale: float) -> np.ndarray:
    # Gaussian noise of expected norm `scale` in DIM dimensions.
    return rng.standard_normal((n, DIM), dtype=np.float32) * np.float32(scale / np.sqrt(DIM))


def centres(seed: int = 1) -> np.ndarray:
    """Subtopic centres: TOPICS topics of SUBTOPICS subtopics each."""
    rng = np.random.default_rng(seed)
    topics = _unit(rng.standard_normal((TOPICS, DIM), dtype=np.float32))
    subs = np.repeat(topics, SUBTOPICS, axis=0) + _noise(rng, TOPICS * SUBTOPICS, 0.8)
    return _unit(subs)


def draw(rng: np.random.Generator, subs: np.ndarray, n: int) -> np.ndarray:
    """``n`` vectors around random subtopic centres (pairwise cosine ~0.5 within one)."""
    which = rng.integers(0, len(subs), n)
    return _unit(subs[which] + _noise(rng, n, 1.0))


def vectors(size: int, seed: int = 2) -> np.ndarray:
    subs = centres()
    rng = np.random.default_rng(seed)
    out = np.empty((size, DIM), np.float32)
    for start in range(0, size, 100_000):
        stop = min(size, start + 100_000)
        out[start:stop] = draw(rng, subs, stop - start)
    return out


def queries(vs: np.ndarray, n: int, seed: int = 3) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    sources = rng.choice(len(vs), n, replace=False)
    return {
        "paraphrase": _unit(vs[sources] + _noise(rng, n, 0.48)),  # cosine ~0.9 to its source
        "paraphrase_source": sources,
        "fresh": draw(rng, centres(), n),
    }


def prompt(i: int, verb: str = "do I set up") -> str:
    return f"synthetic question {i}: how {verb} item {i % 997} for case {i // 997}?"


def truth(vs: np.ndarray, qs: np.ndarray, k: int = 10) -> np.ndarray:
    """Exact top-k indices by inner product (numpy, in chunks)."""
    out = np.empty((len(qs), k), np.int64)
    for start in range(0, len(qs), 100):
        sims = qs[start : start + 100] @ vs.T
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(sims, part, axis=1)
        out[start : start + 100] = np.take_along_axis(part, np.argsort(-top, axis=1), axis=1)
    return out


def entries(start: int, n: int, now: float) -> list[Entry]:
    return [
        Entry(
            id=f"e{i}",
            namespace=NAMESPACE,
            scope=SCOPE,
            prompt=prompt(i),
            response=f"synthetic answer {i}: open the settings of item {i % 997}.",
            created_at=now,
            accessed_at=now + i * 1e-6,
        )
        for i in range(start, start + n)
    ]


# -- build ---------------------------------------------------------------------------


def build(path: Path, vs: np.ndarray, params: dict[str, int]) -> dict[str, Any]:
    started = time.perf_counter()
    now = time.time() - 3600
    with LocalStore(path, dim=DIM, model=MODEL, **params) as store:
        for start in range(0, len(vs), CHUNK):
            part = entries(start, min(CHUNK, len(vs) - start), now)
            keys = [exact_key(NAMESPACE, SCOPE, e.prompt) for e in part]
            store.add_many(part, vs[start : start + len(part)], keys, [e.accessed_at for e in part])
            rate = (start + len(part)) / (time.perf_counter() - started)
            log(f"  {start + len(part):,} entries ({rate:,.0f}/s)")
        loaded = time.perf_counter()
    closed = time.perf_counter()
    return {
        "load_s": loaded - started,
        "close_s": closed - loaded,
        "total_s": closed - started,
        "rate_per_s": len(vs) / (closed - started),
        "disk_bytes": dir_bytes(path),
        "disk_files": {p.name: p.stat().st_size for p in path.rglob("*") if p.is_file()},
    }


# -- measure (in a fresh process) --------------------------------------------------------


def measure(
    path: Path, qfile: Path, params: dict[str, int], evictions: int, other_efs: list[int]
) -> dict[str, Any]:
    before = rss_bytes()
    started = time.perf_counter()
    store = LocalStore(path, dim=DIM, model=MODEL, **params)
    result: dict[str, Any] = {"open_s": time.perf_counter() - started}
    result["rss_after_open_mb"] = (rss_bytes() - before) / 2**20
    loaded = np.load(qfile)
    count, size = store.usage()
    result.update(entries=count, bytes=size)
    # The store widens ef for big graphs (ef_for): record what the searches used.
    result["effective_ef"] = {str(ef): ef_for(ef, count) for ef in [params["ef"], *other_efs]}
    for kind in ("paraphrase", "fresh"):
        qs, expected = loaded[kind], loaded[f"{kind}_truth"]
        result[kind] = search_store(store, qs, expected)
    result["rss_after_search_mb"] = (rss_bytes() - before) / 2**20
    result["cache"] = through_cache(store, loaded)
    result["other_efs"] = {ef: sweep(store, loaded, params, ef) for ef in other_efs}
    result["eviction"] = evict(store, count, evictions)
    started = time.perf_counter()
    store.close()
    result["close_s"] = time.perf_counter() - started
    result["rss_end_mb"] = (rss_bytes() - before) / 2**20
    return result


def search_store(store: LocalStore, qs: np.ndarray, expected: np.ndarray) -> dict[str, Any]:
    def search(q: np.ndarray, k: int = 4) -> list[int]:
        found = store.search(q, namespace=NAMESPACE, scope=SCOPE, k=k)
        return [int(e.id[1:]) for e, _ in found]

    for q in qs[:50]:  # warm-up
        search(q)
    times, _ = time_each(search, qs)
    top10 = [search(q, 10) for q in qs]
    r1 = np.mean(
        [bool(got) and got[0] == want[0] for got, want in zip(top10, expected, strict=True)]
    )
    r10 = np.mean(
        [len(set(got) & set(want.tolist())) / 10 for got, want in zip(top10, expected, strict=True)]
    )
    return {"search_k4": summary(times), "recall_at_1": float(r1), "recall_at_10": float(r10)}


def sweep(store: LocalStore, loaded: Any, params: dict[str, int], ef: int) -> dict[str, Any]:
    """Search latency and recall at another ef (a search-time setting: same graph)."""
    store._buckets.params = HnswParams(params["M"], params["ef_construction"], ef)
    try:
        return {
            k: search_store(store, loaded[k], loaded[f"{k}_truth"]) for k in ("paraphrase", "fresh")
        }
    finally:
        store._buckets.params = HnswParams(params["M"], params["ef_construction"], params["ef"])


def through_cache(store: LocalStore, loaded: Any) -> dict[str, Any]:
    embedder = PrecomputedEmbedder(MODEL, DIM)
    result: dict[str, Any] = {}
    cache = SemanticCache(store=store, embedder=embedder, max_entries=None, max_bytes=None)
    # Paraphrases keep the source's numbers: the default verifier vetoes changed ones.
    names = {
        "paraphrase": [prompt(int(i), "should I set up") for i in loaded["paraphrase_source"]],
        "fresh": [f"fresh query {j}" for j in range(len(loaded["fresh"]))],
    }
    for kind, texts in names.items():
        embedder.add(texts, loaded[kind])
        for text in texts[:50]:
            cache.get(text)  # warm-up
        times, hits = time_each(cache.get, texts)
        result[kind] = {
            "get": summary(times),
            "hit_rate": sum(h is not None for h in hits) / len(hits),
        }
    exact_times, hits = time_each(cache.get, [e.prompt for e in entries(0, 1000, 0.0)])
    result["exact"] = {
        "get": summary(exact_times),
        "hit_rate": sum(h is not None for h in hits) / 1000,
    }
    return result


def evict(store: LocalStore, count: int, n: int) -> dict[str, Any]:
    """Puts at the entry limit: each one evicts the least recently used entry."""
    embedder = PrecomputedEmbedder(MODEL, DIM)
    rng = np.random.default_rng(5)
    texts = [f"new prompt {j} after the store is full" for j in range(n)]
    embedder.add(texts, draw(rng, centres(), n))
    cache = SemanticCache(store=store, embedder=embedder, max_entries=count, max_bytes=None)
    times, _ = time_each(lambda t: cache.put(t, {"answer": t}), texts)
    stats = cache.stats()
    return {
        "put_at_limit": summary(times),
        "evictions": stats["evictions"],
        "entries": stats["entries"],
    }


def run_default(args: argparse.Namespace) -> None:
    params = {"M": args.M, "ef_construction": args.ef_construction, "ef": args.ef}
    report: dict[str, Any] = {"machine": machine(), "size": args.size, "dim": DIM, **params}
    path = args.dir or OUT / f"scale-{args.size}-store"
    report["data"] = args.data
    name = f"scale-{args.size}" + ("-qqp" if args.data == "qqp" else "")
    log(f"generating {args.size:,} vectors ({args.data}) ...")
    if args.data == "qqp":
        vs, qs = qqp_variants(args.size, args.queries)
    else:
        vs = vectors(args.size)
        qs = queries(vs, args.queries)
    log("exact top-10 by brute force ...")
    started = time.perf_counter()
    arrays = dict(qs)
    arrays.update({f"{kind}_truth": truth(vs, qs[kind]) for kind in ("paraphrase", "fresh")})
    if args.data == "qqp":  # a paraphrase's "source" is its nearest stored vector
        arrays["paraphrase_source"] = arrays["paraphrase_truth"][:, 0]
    count = len(qs["paraphrase"]) + len(qs["fresh"])
    report["bruteforce_query_ms"] = 1e3 * (time.perf_counter() - started) / count
    qfile = OUT / f"{name}-queries.npz"
    np.savez(qfile, **arrays)
    if args.reuse and (path / "entries.sqlite3").exists():
        log(f"reusing the store in {path}")
    else:
        shutil.rmtree(path, ignore_errors=True)
        log(f"building the store in {path} ...")
        report["build"] = build(path, vs, params)
    del vs
    report["disk_bytes"] = dir_bytes(path)
    log("measuring in a fresh process ...")
    command = [sys.executable, __file__, "--measure", str(path), str(qfile)]
    command += [f"--M={args.M}", f"--ef-construction={args.ef_construction}", f"--ef={args.ef}"]
    command += [f"--evictions={args.evictions}", f"--other-efs={args.other_efs}"]
    found = subprocess.run(command, capture_output=True, text=True, check=False)
    sys.stderr.write(found.stderr)
    if found.returncode:
        raise SystemExit(f"measuring failed with exit code {found.returncode}")
    report["measure"] = json.loads(found.stdout)
    if not args.keep:
        shutil.rmtree(path, ignore_errors=True)
    print_default(report)
    write_report(name, report)


def print_default(r: dict[str, Any]) -> None:
    m = r["measure"]
    print(
        f"\nlocal store, {r['size']:,} entries, dim {r['dim']}, M={r['M']}, "
        f"ef_construction={r['ef_construction']}, ef={r['ef']} "
        f"(searches use {m.get('effective_ef', {}).get(str(r['ef']), r['ef'])} at this size)"
    )
    if "build" in r:
        b = r["build"]
        print(
            f"  build (add_many + close)   {b['total_s']:.0f} s ({b['rate_per_s']:,.0f} entries/s)"
        )
    print(f"  size on disk               {r['disk_bytes'] / 2**30:.2f} GiB")
    print(f"  open                       {m['open_s']:.2f} s")
    print(
        f"  RSS after open / searches  {m['rss_after_open_mb']:.0f} / "
        f"{m['rss_after_search_mb']:.0f} MiB"
    )
    print(
        "  query        | store.search k=4 p50 / p99 ms | recall@1 | recall@10 | "
        "cache.get p50 / p99 ms | hit rate"
    )
    for kind in ("paraphrase", "fresh"):
        s, c = m[kind], m["cache"][kind]
        print(
            f"  {kind:<12} | {s['search_k4']['p50_ms']:.3f} / {s['search_k4']['p99_ms']:.3f}"
            f"                 | {s['recall_at_1']:.3f}    | {s['recall_at_10']:.3f}     | "
            f"{c['get']['p50_ms']:.3f} / {c['get']['p99_ms']:.3f}          | {c['hit_rate']:.2f}"
        )
    e = m["cache"]["exact"]
    print(
        f"  exact repeat (cache.get)   p50 {e['get']['p50_ms']:.3f} ms, "
        f"p99 {e['get']['p99_ms']:.3f} ms"
    )
    for ef, row in m.get("other_efs", {}).items():
        p, f = row["paraphrase"], row["fresh"]
        used = m.get("effective_ef", {}).get(str(ef), ef)
        print(
            f"  at ef={ef:<4} (used {used:<4}) search p50 {p['search_k4']['p50_ms']:.3f} / "
            f"{f['search_k4']['p50_ms']:.3f} ms, "
            f"recall@1 {p['recall_at_1']:.3f} / {f['recall_at_1']:.3f}, "
            f"recall@10 {p['recall_at_10']:.3f} / {f['recall_at_10']:.3f} (paraphrase / fresh)"
        )
    ev = m["eviction"]
    print(
        f"  put at the limit (evicts)  p50 {ev['put_at_limit']['p50_ms']:.3f} ms, "
        f"p99 {ev['put_at_limit']['p99_ms']:.3f} ms; {ev['evictions']} evictions, "
        f"{ev['entries']:,} entries after"
    )


# -- tuning ----------------------------------------------------------------------------------


def qqp_variants(size: int, n: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Repeated-with-variation data: the default model's vectors of ~100,000 Quora
    questions, then noisy copies of them (cosine ~0.9 to their original) up to
    ``size``. Queries are real: QQP duplicates of stored questions, and unrelated
    held-out questions."""
    base, qs = real_vectors(min(size, 100_000), n)
    rng = np.random.default_rng(4)
    out = np.empty((size, DIM), np.float32)
    out[: len(base)] = base
    for start in range(len(base), size, len(base)):
        stop = min(size, start + len(base))
        picked = base[: stop - start]
        out[start:stop] = _unit(picked + _noise(rng, stop - start, 0.48))
    return out, qs


def real_vectors(size: int, n: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The default model's vectors of the Quora entries bench_library.py stores, and
    of held-out questions: QQP duplicates of stored ones, and unrelated ones."""
    from _common import PAIRS, embeddings, qqp_pairs, workload

    from semcache.embed import default_embedder

    model = default_embedder()
    w = workload(size, n_queries=PAIRS, n_misses=1)
    stored = set(w.entries)
    others = [t for p in qqp_pairs() for t in (p["a"], p["b"])]
    fresh = [t for t in dict.fromkeys(others) if t not in stored and t not in w.held_out]
    return embeddings(w.entries, model), {
        "paraphrase": embeddings([b for _, b in w.paraphrase[:n]], model),
        "fresh": embeddings(fresh[:n], model),
    }


def run_tune(args: argparse.Namespace) -> None:
    import hnswlib

    if args.real:
        vs, qs = real_vectors(args.size, args.queries)
    else:
        vs = vectors(args.size)
        qs = queries(vs, args.queries)
        qs.pop("paraphrase_source")
    expected = {kind: truth(vs, q) for kind, q in qs.items()}
    rows = []
    for M in (int(x) for x in args.Ms.split(",")):
        for efc in (int(x) for x in args.efcs.split(",")):
            index = hnswlib.Index(space="ip", dim=DIM)
            index.init_index(max_elements=len(vs), M=M, ef_construction=efc)
            started = time.perf_counter()
            index.add_items(vs, np.arange(len(vs)), num_threads=-1)
            built = time.perf_counter() - started
            log(f"  M={M} ef_construction={efc}: built in {built:.0f} s")
            for ef in (int(x) for x in args.efs.split(",")):
                index.set_ef(ef)
                row: dict[str, Any] = {"M": M, "ef_construction": efc, "ef": ef, "build_s": built}
                query = functools.partial(index.knn_query, k=4, num_threads=1)
                for kind, q in qs.items():
                    times, _ = time_each(query, q)
                    labels, _ = index.knn_query(q, k=10, num_threads=1)
                    want = expected[kind]
                    row[f"{kind}_p50_ms"] = summary(times)["p50_ms"]
                    row[f"{kind}_recall1"] = float(np.mean(labels[:, 0] == want[:, 0]))
                    row[f"{kind}_recall10"] = float(
                        np.mean(
                            [len(set(a) & set(b)) / 10 for a, b in zip(labels, want, strict=True)]
                        )
                    )
                rows.append(row)
                print_tune_row(row)
            del index
    name = f"tune-{'real-' if args.real else ''}{args.size}"
    write_report(name, {"machine": machine(), "size": args.size, "real": args.real, "rows": rows})


def print_tune_row(r: dict[str, Any]) -> None:
    print(
        f"M={r['M']:>2} efc={r['ef_construction']:>3} ef={r['ef']:>3} "
        f"build {r['build_s']:5.0f} s | "
        f"paraphrase p50 {r['paraphrase_p50_ms']:.3f} ms r@1 {r['paraphrase_recall1']:.3f} "
        f"r@10 {r['paraphrase_recall10']:.3f} | fresh p50 {r['fresh_p50_ms']:.3f} ms "
        f"r@1 {r['fresh_recall1']:.3f} r@10 {r['fresh_recall10']:.3f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--M", type=int, default=DEFAULT_M)
    parser.add_argument("--ef-construction", type=int, default=DEFAULT_EF_CONSTRUCTION)
    parser.add_argument("--ef", type=int, default=DEFAULT_EF)
    parser.add_argument("--evictions", type=int, default=1000)
    parser.add_argument("--other-efs", default="32,128", help="also measure search at these ef")
    parser.add_argument("--dir", type=Path, default=None, help="where to build the store")
    parser.add_argument("--keep", action="store_true", help="keep the store afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a store built before")
    parser.add_argument(
        "--data",
        choices=("clustered", "qqp"),
        default="clustered",
        help="clustered synthetic vectors, or Quora questions' vectors with noisy copies",
    )
    parser.add_argument("--tune", action="store_true")
    parser.add_argument(
        "--real", action="store_true", help="tune on the default model's vectors of Quora questions"
    )
    parser.add_argument("--Ms", default="12,16,24")
    parser.add_argument("--efcs", default="100,200")
    parser.add_argument("--efs", default="16,32,64,128")
    parser.add_argument("--measure", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        params = {"M": args.M, "ef_construction": args.ef_construction, "ef": args.ef}
        efs = [int(x) for x in args.other_efs.split(",") if x]
        print(json.dumps(measure(*args.measure, params, args.evictions, efs), default=float))
    elif args.tune:
        run_tune(args)
    else:
        run_default(args)


if __name__ == "__main__":
    main()
