"""semcache side by side with GPTCache, in the same process and the same run.

    pip install -e '.[bench]'       # gptcache, faiss-cpu, psutil (and SQLAlchemy, see below)
    python benchmarks/bench_gptcache.py [--sizes 1000,10000,100000] [--queries 300]

Both caches get the same texts and the same embedding function: semcache's default
embedder (all-MiniLM-L6-v2 int8), which GPTCache receives as ``embedding_func``.
GPTCache runs its recommended local set-up: ``get_data_manager(CacheBase("sqlite"),
VectorBase("faiss", dimension=384))``, ``SearchDistanceEvaluation``, its default
``similarity_threshold`` (0.8), through its own ``gptcache.adapter.api.put/get``.
Its eviction ``max_size`` is raised from the default 1,000 so that it really holds
the 10k and 100k entries. semcache runs with its defaults.

Entries are distinct Quora question texts (/work/shared/data, or $SEMCACHE_DATA);
paraphrase queries are the other question of a QQP duplicate pair whose first
question is stored; misses are nonsense strings far from every question.

At each size (entries are added to the same two caches, from the smallest size
up), the script measures, alternating the two caches query by query so that the
load of a shared machine falls on both alike:

- lookup overhead beyond the embedding: get with an embedder that serves
  precomputed vectors (a dict lookup) — exact repeat, paraphrase, miss;
- end to end with the model: put, and get for exact repeat, paraphrase, miss;
- throughput of 4 threads doing gets end to end (fresh held-out questions, and
  exact repeats);
- in a fresh process per cache: open time and resident memory of the cache as
  stored on disk, and the size on disk.

Bulk loading (not what a user's put does, and timed separately) embeds every text
once in batches, keeps the vectors in benchmarks/out/vectors-*.npy, and loads them:
semcache with ``LocalStore.add_many`` (SQLite rows + the HNSW graph, saved on
close), GPTCache with its data manager's ``import_data`` (SQLAlchemy rows + a flat
FAISS index) and ``flush``.

Hit correctness is measured on fresh caches holding one side of each pair: the
999 GPTCache paraphrase pairs and a seeded sample of QQP dev pairs; each cache at
its own default threshold (GPTCache also at the cosine threshold semcache uses).

Writes benchmarks/out/gptcache.json. GPTCache's import reads a ``data_map.txt``
in the working directory with pickle (a default argument evaluated at import
time), so it is imported from inside an empty temporary directory.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from semcache import DEFAULT_THRESHOLD

sys.path.insert(0, str(Path(__file__).parent))

from _common import (
    PAIRS,
    RESPONSE,
    PrecomputedEmbedder,
    dir_bytes,
    embeddings,
    log,
    machine,
    paraphrase_pairs,
    qqp_pairs,
    rss_bytes,
    summary,
    workload,
    write_report,
)

from semcache import Entry, SemanticCache
from semcache.embed import default_embedder
from semcache.eviction import get_policy
from semcache.store import exact_key
from semcache.store.local import LocalStore

FAISS_THREADS = [1]
GPTCACHE_THRESHOLD = 0.8  # gptcache.Config's default similarity_threshold
SCOPE = ""  # the stored scope of a lookup without one
_gpt: dict[str, Any] = {}


def import_gptcache() -> dict[str, Any]:
    """GPTCache's modules, imported from an empty directory (see the module doc)."""
    if _gpt:
        return _gpt
    here = os.getcwd()
    os.chdir(tempfile.mkdtemp(prefix="gptcache-import-"))
    try:
        from gptcache import Cache, Config
        from gptcache.adapter import api
        from gptcache.manager import CacheBase, VectorBase, get_data_manager
        from gptcache.processor.pre import get_prompt
        from gptcache.similarity_evaluation.distance import SearchDistanceEvaluation
    finally:
        os.chdir(here)
    _gpt.update(
        Cache=Cache,
        Config=Config,
        api=api,
        CacheBase=CacheBase,
        VectorBase=VectorBase,
        get_data_manager=get_data_manager,
        get_prompt=get_prompt,
        SearchDistanceEvaluation=SearchDistanceEvaluation,
    )
    return _gpt


def answer(i: int) -> str:
    return f"{RESPONSE} [{i}]"


def answer_index(found: Any) -> int | None:
    if found is None:
        return None
    text = found if isinstance(found, str) else json.dumps(found)
    return int(text.rsplit("[", 1)[1].rstrip("]"))


class Switch:
    """One embedder for both caches: precomputed vectors, or the model itself."""

    def __init__(self, pre: PrecomputedEmbedder, model: Any) -> None:
        self.pre, self.model, self.use_model = pre, model, False
        self.name, self.dim = model.name, model.dim

    def embed(self, texts: Any) -> np.ndarray:
        return (self.model if self.use_model else self.pre).embed(texts)

    def one(self, text: str, **_: Any) -> np.ndarray:
        """GPTCache's ``embedding_func``: one text in, a 1-D float32 vector out."""
        return self.embed([text])[0]


# -- the two caches behind one interface -------------------------------------------


class Semcache:
    name = "semcache"

    def __init__(self, path: Path, embedder: Any) -> None:
        self.path, self.embedder = path, embedder
        self.cache: SemanticCache | None = None
        self.open()

    def open(self) -> float:
        started = time.perf_counter()
        self.cache = SemanticCache(self.path, embedder=self.embedder)
        return time.perf_counter() - started

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
            self.cache = None

    def put(self, text: str, i: int) -> None:
        assert self.cache is not None
        self.cache.put(text, answer(i))

    def get(self, text: str) -> int | None:
        assert self.cache is not None
        hit = self.cache.get(text)
        return None if hit is None else answer_index(hit.response)

    def bulk(self, texts: list[str], vectors: np.ndarray, first: int) -> float:
        """Load entries straight into the store (closed cache), as add_many does."""
        self.close()
        policy = get_policy("lru")
        started = time.perf_counter()
        with LocalStore(self.path, dim=self.embedder.dim, model=self.embedder.name) as store:
            for start in range(0, len(texts), 10_000):
                part = [
                    _entry(text, first + start + j)
                    for j, text in enumerate(texts[start : start + 10_000])
                ]
                keys = [exact_key(e.namespace, e.scope, e.prompt) for e in part]
                prios = [policy.priority(e, 0.0) for e in part]
                store.add_many(part, vectors[start : start + len(part)], keys, prios)
        took = time.perf_counter() - started
        self.open()
        return took


def _entry(text: str, i: int) -> Entry:
    now = time.time()
    payload = json.dumps(answer(i))
    return Entry(
        id=uuid.uuid4().hex,
        namespace="default",
        scope=SCOPE,
        prompt=text,
        response=answer(i),
        created_at=now,
        accessed_at=now,
        size=len(text.encode()) + len(payload.encode()),
        cost=max(len(payload) / 4.0, 1.0),
    )


class GPTCache:
    name = "gptcache"

    def __init__(self, path: Path, embed_one: Any, dim: int, threshold: float) -> None:
        self.g = import_gptcache()
        self.path, self.embed_one, self.dim = path, embed_one, dim
        path.mkdir(parents=True, exist_ok=True)
        self.data_manager = self.g["get_data_manager"](
            self.g["CacheBase"]("sqlite", sql_url=f"sqlite:///{path}/sqlite.db"),
            self.g["VectorBase"]("faiss", dimension=dim, index_path=str(path / "faiss.index")),
            max_size=10_000_000,  # default 1,000 would evict all but 1,000 entries
        )
        self.cache = self.g["Cache"]()
        self.cache.init(
            pre_embedding_func=self.g["get_prompt"],
            embedding_func=embed_one,
            data_manager=self.data_manager,
            similarity_evaluation=self.g["SearchDistanceEvaluation"](),
            config=self.g["Config"](similarity_threshold=threshold),
        )

    def put(self, text: str, i: int) -> None:
        self.g["api"].put(text, answer(i), cache_obj=self.cache)

    def get(self, text: str) -> int | None:
        return answer_index(self.g["api"].get(text, cache_obj=self.cache))

    def bulk(self, texts: list[str], vectors: np.ndarray, first: int) -> float:
        started = time.perf_counter()
        for start in range(0, len(texts), 10_000):
            part = texts[start : start + 10_000]
            self.data_manager.import_data(
                part,
                [answer(first + start + j) for j in range(len(part))],
                list(vectors[start : start + len(part)]),
                [None] * len(part),
            )
        self.data_manager.flush()
        return time.perf_counter() - started

    def close(self) -> None:
        self.data_manager.flush()


# -- measurements -----------------------------------------------------------------------


def alternate(caches: list[Any], method: str, texts: list[str]) -> dict[str, dict[str, Any]]:
    """Time ``method(text)`` on each cache, alternating caches text by text."""
    times: dict[str, list[float]] = {c.name: [] for c in caches}
    results: dict[str, list[Any]] = {c.name: [] for c in caches}
    errors = dict.fromkeys(times, 0)
    for n, text in enumerate(texts):
        order = caches if n % 2 == 0 else caches[::-1]
        for cache in order:
            started = time.perf_counter()
            try:
                results[cache.name].append(getattr(cache, method)(text))
            except Exception:
                errors[cache.name] += 1
                results[cache.name].append(None)
            times[cache.name].append(time.perf_counter() - started)
    return {
        name: {**summary(times[name]), "results": results[name], "errors": errors[name]}
        for name in times
    }


def put_all(caches: list[Any], texts: list[str], first: int) -> dict[str, dict[str, Any]]:
    items = [f"{i}\0{t}" for i, t in enumerate(texts, start=first)]

    class Put:
        def __init__(self, cache: Any) -> None:
            self.name, self.cache = cache.name, cache

        def put(self, item: str) -> None:
            i, text = item.split("\0", 1)
            self.cache.put(text, int(i))

    return alternate([Put(c) for c in caches], "put", items)


def lookups(caches: list[Any], queries: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, texts in queries.items():
        rows = alternate(caches, "get", texts)
        for row in rows.values():
            results = row.pop("results")
            row["hit_rate"] = sum(r is not None for r in results) / max(len(results), 1)
        out[kind] = rows
    return out


def throughput(cache: Any, texts: list[str], threads: int = 4) -> dict[str, float]:
    errors = 0

    def one(text: str) -> None:
        nonlocal errors
        try:
            cache.get(text)
        except Exception:
            errors += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, texts))
    took = time.perf_counter() - started
    return {"per_s": len(texts) / took, "n": len(texts), "errors": errors}


def memory_child(kind: str, path: Path, dim: int, name: str) -> dict[str, Any]:
    """Open a stored cache in this fresh process: open time and RSS growth."""
    rng = np.random.default_rng(0)
    pre = PrecomputedEmbedder(name, dim)
    texts = [f"memory probe {j}" for j in range(200)]
    v = rng.standard_normal((200, dim)).astype(np.float32)
    pre.add(texts, v / np.linalg.norm(v, axis=1, keepdims=True))
    if kind == "gptcache":
        import_gptcache()
        import faiss  # noqa: F401
    import hnswlib  # noqa: F401

    before = rss_bytes()
    started = time.perf_counter()
    cache: Any
    if kind == "semcache":
        cache = Semcache(path, pre)
    else:
        cache = GPTCache(path, pre.one, dim, GPTCACHE_THRESHOLD)
    opened = time.perf_counter() - started
    for text in texts:
        cache.get(text)
    grown = rss_bytes() - before
    return {"open_s": opened, "rss_mb": grown / 2**20, "disk_bytes": dir_bytes(path)}


def memory(caches: list[Any], switch: Switch, entries: int) -> dict[str, Any]:
    out = {}
    for cache in caches:
        cache.close()
        command = [sys.executable, __file__, f"--faiss-threads={FAISS_THREADS[0]}"]
        command += ["--memory-child", cache.name, str(cache.path), str(switch.dim), switch.name]
        found = subprocess.run(command, capture_output=True, text=True, check=False)
        if found.returncode:
            log(found.stderr)
            out[cache.name] = {"error": found.stderr[-500:]}
        else:
            row = json.loads(found.stdout.strip().splitlines()[-1])
            row["rss_per_entry_b"] = row["rss_mb"] * 2**20 / entries
            out[cache.name] = row
        if isinstance(cache, Semcache):
            cache.open()
    return out


# -- correctness --------------------------------------------------------------------------


def correctness(
    switch: Switch, pairs: list[tuple[str, str, int]], tmp: Path, label: str
) -> dict[str, Any]:
    """Store each pair's first text, query its second: precision and recall of hits."""
    switch.use_model = False
    stored = list(dict.fromkeys(a for a, _, _ in pairs))
    index = {a: i for i, a in enumerate(stored)}
    out: dict[str, Any] = {}
    configs: list[tuple[str, Any]] = [
        ("semcache", lambda p: Semcache(p, switch)),
        (f"gptcache@{GPTCACHE_THRESHOLD}", lambda p: GPTCache(p, switch.one, switch.dim, 0.8)),
    ]
    threshold = DEFAULT_THRESHOLD  # a plain threshold at semcache's own cosine
    equivalent = (2 + 2 * threshold) / 4  # GPTCache's rank is 4 - L2^2 = 2 + 2 cos
    configs.append(
        (f"gptcache@cos{threshold}", lambda p: GPTCache(p, switch.one, switch.dim, equivalent))
    )
    for name, make in configs:
        cache = make(tmp / f"{label}-{name}")
        for i, a in enumerate(stored):
            cache.put(a, i)
        true_hits = wrong_hits = positives = hits = 0
        for a, b, y in pairs:
            got = cache.get(b)
            positives += y
            if got is not None:
                hits += 1
                if y == 1 and got == index[a]:
                    true_hits += 1
                else:
                    wrong_hits += 1
        cache.close()
        out[name] = {
            "pairs": len(pairs),
            "positives": positives,
            "hits": hits,
            "correct_hits": true_hits,
            "wrong_hits": wrong_hits,
            "precision": true_hits / hits if hits else float("nan"),
            "recall": true_hits / positives if positives else float("nan"),
        }
    return out


# -- the run ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=200, help="per kind and size")
    parser.add_argument("--puts", type=int, default=200, help="per size")
    parser.add_argument("--throughput", type=int, default=200, help="gets per cache and size")
    parser.add_argument("--qqp-pairs", type=int, default=2000)
    parser.add_argument(
        "--faiss-threads",
        type=int,
        default=1,
        help="OpenMP threads of FAISS (default 1, like semcache's one-thread hnswlib query; "
        "0 keeps FAISS's own default, all cores)",
    )
    parser.add_argument("--memory-child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.faiss_threads > 0:
        import faiss

        faiss.omp_set_num_threads(args.faiss_threads)
    FAISS_THREADS[0] = args.faiss_threads
    if args.memory_child:
        kind, path, dim, name = args.memory_child
        print(json.dumps(memory_child(kind, Path(path), int(dim), name)))
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-gptcache-"))
    atexit.register(shutil.rmtree, tmp, True)  # registered first: runs after GPTCache's own
    run(args, tmp)


def texts_for(args: argparse.Namespace, sizes: list[int]) -> dict[str, Any]:
    """Every text of the run.

    Texts embedded end to end are new to the model at each size (semcache
    remembers recent embeddings); puts and throughput use variants of stored
    questions, which are new texts with realistic wording.
    """
    q, n = args.queries, len(sizes)
    w = workload(max(sizes), n_queries=max(PAIRS, q * (n + 1)), n_misses=2 * q * n)
    qqp = qqp_pairs()
    picked = np.random.default_rng(11).choice(len(qqp), args.qqp_pairs, replace=False)
    return {
        "w": w,
        "qqp_sample": [(qqp[i]["a"], qqp[i]["b"], int(qqp[i]["label"])) for i in picked],
        "para": [(a, b, 1) for a, b in paraphrase_pairs()],
    }


_PUT_SUFFIXES = [" Thanks in advance!", " Please answer briefly.", " Any ideas?", " Help!"]


def variants(w: Any, size: int, n: int, rng: np.random.Generator, form: str) -> list[str]:
    picked = rng.choice(size, n, replace=False)
    return [form.format(w.entries[i], _PUT_SUFFIXES[k % 4]) for k, i in enumerate(picked)]


def run(args: argparse.Namespace, tmp: Path) -> None:
    sizes = sorted(int(s) for s in args.sizes.split(","))
    q = args.queries
    report: dict[str, Any] = {
        "machine": machine(),
        "sizes": sizes,
        "queries": q,
        "faiss_threads": args.faiss_threads,
    }
    t = texts_for(args, sizes)
    w = t["w"]
    model = default_embedder()
    entry_vectors = embeddings(w.entries, model)  # the same file as bench_library.py's
    others = [b for _, b in w.paraphrase] + w.misses
    others += [x for a, b, _ in t["qqp_sample"] + t["para"] for x in (a, b)]
    others = list(dict.fromkeys(others))
    pre = PrecomputedEmbedder(model.name, model.dim)
    pre.add(w.entries, entry_vectors)
    pre.add(others, embeddings(others, model))
    switch = Switch(pre, model)
    model.embed(["warm up the model"])

    log("hit correctness ...")
    report["correctness"] = {
        "paraphrase_pairs": correctness(switch, t["para"], tmp, "para"),
        "qqp_sample": correctness(switch, t["qqp_sample"], tmp, "qqp"),
    }
    semcache = Semcache(tmp / "semcache", switch)
    report["semcache_verifier"] = type(semcache.cache._verifier).__name__  # type: ignore[union-attr]
    gpt = GPTCache(tmp / "gptcache", switch.one, switch.dim, GPTCACHE_THRESHOLD)
    caches: list[Any] = [semcache, gpt]
    report["by_size"] = []
    loaded = 0
    # Overhead: the same q paraphrase queries at every size (always stored: the
    # first entries); end to end: q new ones per size.
    overhead_para = [b for _, b in w.paraphrase[:q]]
    fresh_para = iter(w.paraphrase[q:])
    per_size = min(q, (len(w.paraphrase) - q) // len(sizes))
    misses = iter(w.misses)
    rng = np.random.default_rng(3)
    for number, size in enumerate(sizes):
        log(f"size {size:,}: bulk load ...")
        row: dict[str, Any] = {"size": size, "bulk_load_s": {}}
        for cache in caches:
            row["bulk_load_s"][cache.name] = cache.bulk(
                w.entries[loaded:size], entry_vectors[loaded:size], loaded
            )
        loaded = size
        e2e_para = [b for i, b in (next(fresh_para) for _ in range(per_size)) if i < size]
        exact = [w.entries[i] for i in rng.choice(size, 2 * q, replace=False)]
        for phase, use_model in (("overhead", False), ("end_to_end", True)):
            log(f"size {size:,}: {phase} ...")
            switch.use_model = use_model
            half = 0 if phase == "overhead" else q
            queries = {
                "exact": exact[half : half + q],
                "paraphrase": overhead_para if phase == "overhead" else e2e_para,
                "miss": [next(misses) for _ in range(q)],
            }
            row[phase] = lookups(caches, queries)
            form = "{}{}" if phase == "end_to_end" else "{} (overhead put){}"
            puts = variants(w, size, args.puts, rng, form)
            if not use_model:  # vectors for the new texts, near their question's
                base = np.stack([pre.one(p.split(" (overhead put)")[0]) for p in puts])
                noise = rng.standard_normal(base.shape).astype(np.float32) * 0.01
                moved = base + noise
                pre.add(puts, moved / np.linalg.norm(moved, axis=1, keepdims=True))
            row[phase]["put"] = put_all(caches, puts, 10_000_000 + 1000 * number)
            for put_row in row[phase]["put"].values():
                put_row.pop("results")
        switch.use_model = True
        log(f"size {size:,}: throughput ...")
        fresh = variants(w, size, 2 * args.throughput, rng, "Quick question: {}")
        row["throughput_4_threads"] = {
            c.name: {
                "fresh": throughput(c, fresh[i::2]),
                "exact": throughput(c, exact[: args.throughput]),
            }
            for i, c in enumerate(caches)
        }
        log(f"size {size:,}: memory and open time (fresh processes) ...")
        row["memory"] = memory(caches, switch, size)
        report["by_size"].append(row)
        print_size(row)
    semcache.close()
    gpt.close()
    print_correctness(report["correctness"])
    write_report("gptcache", report)


def print_size(row: dict[str, Any]) -> None:
    print(f"\n== {row['size']:,} entries ==")
    print("                         semcache p50 / p99 ms   gptcache p50 / p99 ms   ratio p50")
    for phase in ("overhead", "end_to_end"):
        for kind in ("exact", "paraphrase", "miss", "put"):
            s, g = row[phase][kind]["semcache"], row[phase][kind]["gptcache"]
            hit = (
                f"  hits {s.get('hit_rate', 0):.2f} / {g.get('hit_rate', 0):.2f}"
                if "hit_rate" in s
                else ""
            )
            print(
                f"  {phase[:8]:<8} {kind:<11} {s['p50_ms']:8.3f} / {s['p99_ms']:8.3f}    "
                f"{g['p50_ms']:8.3f} / {g['p99_ms']:8.3f}    {g['p50_ms'] / s['p50_ms']:6.1f}x{hit}"
            )
    t = row["throughput_4_threads"]
    for kind in ("fresh", "exact"):
        print(
            f"  4 threads {kind:<6} gets/s  semcache {t['semcache'][kind]['per_s']:7.0f}   "
            f"gptcache {t['gptcache'][kind]['per_s']:7.0f}"
        )
    for name, m in row["memory"].items():
        if "error" in m:
            print(f"  {name}: memory child failed")
            continue
        print(
            f"  {name:<9} bulk load {row['bulk_load_s'][name]:6.1f} s  open {m['open_s']:.2f} s  "
            f"RSS {m['rss_mb']:.0f} MiB ({m['rss_per_entry_b']:.0f} B/entry)  "
            f"disk {m['disk_bytes'] / 2**20:.0f} MiB"
        )


def print_correctness(c: dict[str, Any]) -> None:
    print("\nhit correctness (precision = correct hits / hits, recall = correct hits / positives)")
    for data, rows in c.items():
        for name, r in rows.items():
            print(
                f"  {data:<17} {name:<18} hits {r['hits']:5}  precision {r['precision']:.3f}  "
                f"recall {r['recall']:.3f}"
            )


if __name__ == "__main__":
    main()
