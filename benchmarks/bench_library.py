"""SemanticCache at 100,000 entries with the default model: the library-level targets.

    python benchmarks/bench_library.py [--size 100000] [--queries 300] [--no-profile]

Entries are distinct Quora questions (see bench_gptcache.py; the embeddings file
in benchmarks/out/ is shared with it), bulk-loaded with ``LocalStore.add_many``.
Then, with ``SemanticCache(path)`` and every default (model, threshold, verifier):

- exact hit: a stored question verbatim (no embedding);
- semantic hit: the QQP duplicate of a stored question, first as a new text (the
  model runs), then the same text again (its vector is remembered, so the second
  call is everything but the embedding); the model alone is timed on the same
  texts, interleaved;
- miss: a nonsense string far from every question;
- put: a new text (the model runs), and a text whose vector the cache already
  remembers from a lookup (everything but the embedding);
- in a fresh process: open time of the 100,000-entry store and resident memory
  per entry, beyond the vector (and beyond vector + payload);
- pyinstrument profiles of the semantic-hit and put paths without the model,
  written to benchmarks/out/profile-*.txt.

Writes benchmarks/out/library.json.

    python benchmarks/bench_library.py --judge-case [--size 20000] [--queries 1000]

The judge's cost on a hit (#14): the same entries in three caches, no judge, a judge
in ``async`` mode, and ``async`` with learned thresholds (``max_error_rate=0.02``),
timed on the same lookups interleaved (the order rotates every query): exact hits
on entries not hit before (the first exact hit of an entry reads its verdicts from
the store), the same again, and semantic hits whose vector is remembered (no model
run: the rest of the path). Medians, the difference of medians and the median of the
per-query differences. Writes benchmarks/out/library_judge.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from _common import (
    OUT,
    PAIRS,
    dir_bytes,
    embeddings,
    log,
    machine,
    rss_bytes,
    summary,
    workload,
    write_report,
)
from bench_gptcache import SCOPE, Semcache, answer

from semcache import SemanticCache
from semcache.embed import default_embedder

TARGETS = {
    "exact_hit_p50_ms": 0.2,
    "semantic_hit_p50_ms": 5.0,
    "semantic_hit_without_embedding_p50_ms": 0.5,
    "put_p50_ms": 5.0,
    "rss_per_entry_beyond_vector_and_payload_b": 1024,
    "open_s": 3.0,
}


def timed(call: Any, *args: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call(*args)
    return time.perf_counter() - started, result


def lookups(cache: SemanticCache, model: Any, w: Any, q: int, rng: Any) -> dict[str, Any]:
    size = len(w.entries)
    exact = [w.entries[i] for i in rng.choice(size, q, replace=False)]
    times, hits = zip(*(timed(cache.get, t) for t in exact), strict=True)
    out: dict[str, Any] = {"exact": {**summary(times), "hit_rate": _rate(hits)}}
    first, again, model_only, hits = [], [], [], []
    for _, text in w.paraphrase[:q]:
        first.append(timed(cache.get, text)[0])
        took, hit = timed(cache.get, text)  # its vector is remembered now
        again.append(took)
        hits.append(hit)
        model_only.append(timed(model.embed, [text + " ?"])[0])  # same length, not memoized
    out["semantic"] = {**summary(first), "hit_rate": _rate(hits)}
    out["semantic_without_embedding"] = summary(again)
    out["embedding_alone"] = summary(model_only)
    times, hits = zip(*(timed(cache.get, t) for t in w.misses[:q]), strict=True)
    out["miss"] = {**summary(times), "hit_rate": _rate(hits)}
    return out


def _rate(hits: Any) -> float:
    return sum(h is not None for h in hits) / max(len(hits), 1)


def recall(
    cache: SemanticCache, w: Any, vectors: np.ndarray, queries: np.ndarray
) -> dict[str, Any]:
    """Recall@1 and @10 of the store's search on real embeddings, against numpy brute force."""
    store = cache._store
    position = {text: i for i, text in enumerate(w.entries)}
    sims = queries @ vectors.T
    top = np.argsort(-sims, axis=1)[:, :10]
    at1 = at10 = 0.0
    for q, want in zip(queries, top, strict=True):
        found = store.search(q, namespace="default", scope=SCOPE, k=10)
        got = [position.get(entry.prompt, -1) for entry, _ in found]
        at1 += bool(got) and got[0] == want[0]
        at10 += len(set(got) & set(want.tolist())) / 10
    return {
        "n": len(queries),
        "recall_at_1": at1 / len(queries),
        "recall_at_10": at10 / len(queries),
    }


def puts(cache: SemanticCache, w: Any, q: int, rng: Any) -> dict[str, Any]:
    picked = rng.choice(len(w.entries), 2 * q, replace=False)
    new = [w.entries[i] + " Thanks in advance!" for i in picked[:q]]
    full = [timed(cache.put, text, answer(20_000_000 + j))[0] for j, text in enumerate(new)]
    known = [w.entries[i] + " Any ideas?" for i in picked[q:]]
    without = []
    for j, text in enumerate(known):
        cache.get(text)  # embeds and remembers the vector
        without.append(timed(cache.put, text, answer(30_000_000 + j))[0])
    return {"put": summary(full), "put_without_embedding": summary(without)}


def profile(cache: SemanticCache, w: Any, q: int, rng: Any) -> dict[str, str]:
    from pyinstrument import Profiler

    texts = [b for _, b in w.paraphrase[q : 2 * q]]
    for text in texts:
        cache.get(text)  # remember the vectors: the profile is of the rest
    out = {}
    profiler = Profiler(interval=0.0001)
    with profiler:
        for _ in range(3):
            for text in texts:
                cache.get(text)
    out["semantic_hit"] = profiler.output_text(unicode=False, color=False)
    picked = rng.choice(len(w.entries), q, replace=False)
    known = [w.entries[i] + " Please answer briefly." for i in picked]
    for text in known:
        cache.get(text)
    profiler = Profiler(interval=0.0001)
    with profiler:
        for j, text in enumerate(known):
            cache.put(text, answer(40_000_000 + j))
    out["put"] = profiler.output_text(unicode=False, color=False)
    for name, text in out.items():
        (OUT / f"profile-{name}.txt").write_text(text)
    return {name: str(OUT / f"profile-{name}.txt") for name in out}


def memory_child(path: Path, probes: list[str]) -> dict[str, Any]:
    """Open the store in this fresh process: open time and RSS growth, the model excluded
    (it is loaded first and measured apart)."""
    import hnswlib  # noqa: F401

    embedder = default_embedder()
    loading = rss_bytes()
    embedder.embed(["load the model first"])  # the cache would load it when opened
    before = rss_bytes()
    started = time.perf_counter()
    cache = SemanticCache(path, embedder=embedder)
    opened = time.perf_counter() - started
    hits = sum(cache.get(text) is not None for text in probes)
    grown = rss_bytes() - before
    cache.close()
    return {
        "open_s": opened,
        "rss_bytes": grown,
        "probe_hits": hits,
        "model_rss_bytes": before - loading,
    }


def memory(path: Path, w: Any, n: int) -> dict[str, Any]:
    probes = w.entries[:: max(1, n // 200)][:200]
    command = [sys.executable, __file__, "--memory-child", str(path), json.dumps(probes)]
    found = subprocess.run(command, capture_output=True, text=True, check=False)
    if found.returncode:
        raise SystemExit(f"memory child failed: {found.stderr[-2000:]}")
    row = json.loads(found.stdout.strip().splitlines()[-1])
    payload = sum(
        len(t.encode()) + len(json.dumps(answer(i)).encode()) for i, t in enumerate(w.entries)
    )
    row["rss_per_entry_b"] = row["rss_bytes"] / n
    row["vector_b"] = 4 * 384
    row["payload_per_entry_b"] = payload / n
    row["rss_per_entry_beyond_vector_b"] = row["rss_per_entry_b"] - row["vector_b"]
    row["rss_per_entry_beyond_vector_and_payload_b"] = (
        row["rss_per_entry_beyond_vector_b"] - row["payload_per_entry_b"]
    )
    row["disk_bytes"] = dir_bytes(path)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=None, help="100,000 (20,000: --judge-case)")
    parser.add_argument("--queries", type=int, default=None, help="300 (1,000: --judge-case)")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--judge-case", action="store_true", help="async judge vs none on hits")
    parser.add_argument("--memory-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        path, probes = args.memory_child
        print(json.dumps(memory_child(Path(path), json.loads(probes))))
        return
    args.size = args.size or (20_000 if args.judge_case else 100_000)
    args.queries = args.queries or (1000 if args.judge_case else 300)
    tmp = Path(tempfile.mkdtemp(prefix="bench-library-"))
    try:
        (judge_case if args.judge_case else run)(args, tmp / "cache")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


#: The three caches of --judge-case: name -> SemanticCache options (beyond the embedder).
JUDGE_CASES: dict[str, dict[str, Any]] = {
    "no judge": {},
    "async judge": {"judge_mode": "async"},
    "async judge, max_error_rate=0.02": {"judge_mode": "async", "max_error_rate": 0.02},
}


def _never(cached_prompt: str, cached_response: str, prompt: str) -> float:
    return 0.0  # asked only about band candidates of misses: none of the timed lookups


def judge_case(args: argparse.Namespace, path: Path) -> None:
    """Hits with and without an async judge, interleaved (see the module docstring)."""
    q = args.queries
    w = workload(args.size, n_queries=max(PAIRS, q), n_misses=10)
    model = default_embedder()
    vectors = embeddings(w.entries, model)
    caches: dict[str, SemanticCache] = {}
    for i, (name, options) in enumerate(JUDGE_CASES.items()):
        holder = Semcache(path.with_name(f"cache-{i}"), model)
        holder.bulk(w.entries, vectors, 0)
        holder.close()
        judge = {"judge": _never} if options else {}
        caches[name] = SemanticCache(
            path.with_name(f"cache-{i}"), embedder=model, **judge, **options
        )
    rng = np.random.default_rng(7)
    exact = [w.entries[i] for i in rng.choice(len(w.entries), q, replace=False)]
    semantic = [text for _, text in w.paraphrase[:q]]
    try:
        for cache in caches.values():  # vectors remembered (no lookup: no judge runs yet)
            cache._embedder.embed(semantic)
        report: dict[str, Any] = {"machine": machine(), "size": args.size, "queries": q}
        report["exact_first"] = _interleaved(caches, exact)
        report["exact_again"] = _interleaved(caches, exact)
        report["semantic_without_embedding"] = _interleaved(caches, semantic)
        report["judge_stats"] = {name: c.stats().get("judge") for name, c in caches.items()}
    finally:
        for cache in caches.values():
            cache.close()
    report["target_added_p50_ms"] = 0.1
    write_report("library_judge", report)
    for case in ("exact_first", "exact_again", "semantic_without_embedding"):
        print(f"\n{case} ({q} lookups)")
        for name, row in report[case].items():
            added = (
                f"added: p50 difference {row['p50_difference_ms']:+.4f} ms, "
                f"median paired {row['median_paired_ms']:+.4f} ms"
                if "median_paired_ms" in row
                else ""
            )
            print(
                f"  {name:<34} hits {row['hit_rate']:.0%} (both {row['both']}) "
                f"p50 {row['p50_ms']:.4f} ms {added}"
            )


def _interleaved(caches: dict[str, SemanticCache], texts: list[str]) -> dict[str, Any]:
    """Each text looked up in every cache, the order rotating; the added time is over
    the texts that are hits in both the judged cache and the one without a judge."""
    names = list(caches)
    took: dict[str, list[float]] = {name: [] for name in names}
    hit: dict[str, list[bool]] = {name: [] for name in names}
    for n, text in enumerate(texts):
        for name in names[n % len(names) :] + names[: n % len(names)]:  # rotate the order
            seconds, found = timed(caches[name].get, text)
            took[name].append(seconds)
            hit[name].append(found is not None)
    base, out = names[0], {}
    for name in names:
        both = [i for i, h in enumerate(hit[name]) if h and hit[base][i]]
        mine = [took[name][i] for i in both]
        row: dict[str, Any] = {"hit_rate": sum(hit[name]) / max(len(texts), 1), "both": len(both)}
        row.update(summary(mine))
        if name != base and both:
            theirs = [took[base][i] for i in both]
            row["p50_difference_ms"] = row["p50_ms"] - summary(theirs)["p50_ms"]
            row["median_paired_ms"] = 1e3 * float(np.median(np.subtract(mine, theirs)))
        out[name] = row
    return out


def run(args: argparse.Namespace, path: Path) -> None:
    q = args.queries
    w = workload(args.size, n_queries=max(PAIRS, 2 * q), n_misses=q)
    model = default_embedder()
    vectors = embeddings(w.entries, model)
    report: dict[str, Any] = {"machine": machine(), "size": args.size, "queries": q}
    log(f"bulk load of {args.size:,} entries ...")
    holder = Semcache(path, model)
    report["bulk_load_s"] = holder.bulk(w.entries, vectors, 0)
    holder.close()
    log("open time and memory (fresh process) ...")
    report["memory"] = memory(path, w, args.size)
    rng = np.random.default_rng(5)
    with SemanticCache(path) as cache:
        model.embed(["warm up"])
        cache.embedder.embed(["warm up"])
        report["verifier"] = type(cache._verifier).__name__
        log("lookups ...")
        report["lookups"] = lookups(cache, model, w, q, rng)
        log("recall on the real embeddings ...")
        report["recall"] = {
            "paraphrase": recall(cache, w, vectors, model.embed([b for _, b in w.paraphrase[:q]])),
            "nonsense": recall(cache, w, vectors, model.embed(w.misses[:q])),
        }
        log("puts ...")
        report["puts"] = puts(cache, w, q, rng)
        if not args.no_profile:
            log("profiles ...")
            report["profiles"] = profile(cache, w, q, rng)
    print_report(report)
    write_report("library", report)


def print_report(r: dict[str, Any]) -> None:
    lk, pt, m = r["lookups"], r["puts"], r["memory"]
    rows = [
        ("exact hit p50", lk["exact"]["p50_ms"], "ms", TARGETS["exact_hit_p50_ms"]),
        ("semantic hit p50 (with embedding)", lk["semantic"]["p50_ms"], "ms", 5.0),
        (
            "semantic hit p50 without embedding",
            lk["semantic_without_embedding"]["p50_ms"],
            "ms",
            0.5,
        ),
        ("  embedding alone p50", lk["embedding_alone"]["p50_ms"], "ms", None),
        ("miss p50 (with embedding)", lk["miss"]["p50_ms"], "ms", None),
        ("put p50 (with embedding)", pt["put"]["p50_ms"], "ms", 5.0),
        ("put p50 without embedding", pt["put_without_embedding"]["p50_ms"], "ms", None),
        ("open (model already loaded)", m["open_s"], "s", 3.0),
        ("  the model's own RSS", m["model_rss_bytes"] / 2**20, "MiB", None),
        ("RSS per entry", m["rss_per_entry_b"], "B", None),
        ("  beyond the vector", m["rss_per_entry_beyond_vector_b"], "B", None),
        ("  beyond vector + payload", m["rss_per_entry_beyond_vector_and_payload_b"], "B", 1024),
    ]
    print(f"\nSemanticCache, {r['size']:,} entries, default model, verifier {r['verifier']}")
    print(f"  bulk load (add_many)                 {r['bulk_load_s']:.1f} s")
    for name, value, unit, target in rows:
        goal = f"(target <= {target} {unit})" if target is not None else ""
        print(f"  {name:<36} {value:9.3f} {unit:<2} {goal}")
    print(
        f"  p99: exact {lk['exact']['p99_ms']:.3f} ms, semantic {lk['semantic']['p99_ms']:.3f} ms, "
        f"without embedding {lk['semantic_without_embedding']['p99_ms']:.3f} ms, "
        f"put {pt['put']['p99_ms']:.3f} ms"
    )
    for kind, rc in r["recall"].items():
        print(
            f"  HNSW recall, {kind} queries ({rc['n']}): "
            f"@1 {rc['recall_at_1']:.3f}, @10 {rc['recall_at_10']:.3f}"
        )
    print(
        f"  hit rates: exact {lk['exact']['hit_rate']:.2f}, "
        f"paraphrase {lk['semantic']['hit_rate']:.2f}, miss {lk['miss']['hit_rate']:.2f}"
    )


if __name__ == "__main__":
    main()
