"""Helpers shared by bench_library.py, bench_gptcache.py and bench_scale.py.

Not a public module: timing, memory, machine description, the shared texts, an
embedder that serves precomputed vectors, and the on-disk cache of embeddings.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).parent / "out"
DATA = Path(os.environ.get("SEMCACHE_DATA", Path(__file__).resolve().parents[2] / "shared/data"))
QQP = DATA / "qqp_pairs_dev.jsonl.gz"
PARAPHRASES = DATA / "paraphrase_pairs_gptcache.json"

#: Paraphrase pairs whose stored side comes first among the entries: the same in
#: every script, so that they share the file of entry embeddings.
PAIRS = 800

RESPONSE = (
    "Here is a short answer to your question, as a language model would give it: "
    "first the key fact, then one or two sentences of context and an example."
)


# -- timing ---------------------------------------------------------------------


def summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p99 and mean in milliseconds (and the sample count)."""
    if not seconds:
        return {"n": 0, "p50_ms": float("nan"), "p99_ms": float("nan"), "mean_ms": float("nan")}
    ordered = sorted(seconds)
    return {
        "n": len(ordered),
        "p50_ms": 1e3 * statistics.median(ordered),
        "p99_ms": 1e3 * ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))],
        "mean_ms": 1e3 * statistics.fmean(ordered),
    }


def time_each(call: Callable[[Any], Any], items: Iterable[Any]) -> tuple[list[float], list[Any]]:
    """Wall seconds of ``call(item)`` for each item, and the results."""
    times, results = [], []
    for item in items:
        started = time.perf_counter()
        results.append(call(item))
        times.append(time.perf_counter() - started)
    return times, results


def rss_bytes() -> int:
    """Resident set size of this process (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def dir_bytes(path: Path) -> int:
    """Total size of the files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- the machine ------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the numbers were measured on, and how busy it was."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    versions = {}
    for dist in ("semcache", "numpy", "hnswlib", "onnxruntime", "gptcache", "faiss-cpu"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "loadavg_start": list(os.getloadavg()),
        "commit": _commit(),
    }


def _commit() -> str:
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return found.stdout.strip()


def write_report(name: str, report: dict[str, Any]) -> Path:
    """Write ``report`` (with the load average at the end) to benchmarks/out/NAME.json."""
    report.setdefault("machine", {})["loadavg_end"] = list(os.getloadavg())
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(report, indent=2, default=float) + "\n")
    print(f"\nwritten to {path}")
    return path


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- data ---------------------------------------------------------------------------


def qqp_pairs() -> list[dict[str, Any]]:
    """The QQP dev pairs, in file order."""
    with gzip.open(QQP, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def paraphrase_pairs() -> list[tuple[str, str]]:
    """GPTCache's mock paraphrase pairs: (origin, similar)."""
    return [(p["origin"], p["similar"]) for p in json.loads(PARAPHRASES.read_text())]


@dataclass
class Workload:
    """Texts for one side-by-side run.

    ``entries`` are stored (the first ones are the ``stored`` side of the
    paraphrase pairs, so every cache size holds them); ``paraphrase`` queries are
    the other side of those pairs (never stored); ``misses`` are far from everything.
    """

    entries: list[str]
    paraphrase: list[tuple[int, str]]  # (index of the stored text, query)
    misses: list[str]
    held_out: set[str] = field(default_factory=set)


def workload(size: int, n_queries: int, n_misses: int) -> Workload:
    """Distinct QQP question texts as entries, QQP duplicates as paraphrase queries."""
    pairs = qqp_pairs()
    positives = [p for p in pairs if p["label"] == 1 and p["a"].strip() != p["b"].strip()]
    query_texts = {p["b"] for p in positives[:n_queries]}
    entries: list[str] = []
    seen: set[str] = set(query_texts)
    paraphrase = []
    for p in positives[:n_queries]:
        if p["a"] not in seen:
            seen.add(p["a"])
            paraphrase.append((len(entries), p["b"]))
            entries.append(p["a"])
    for p in pairs:
        for text in (p["a"], p["b"]):
            if len(entries) >= size:
                break
            if text not in seen and text.strip():
                seen.add(text)
                entries.append(text)
    if len(entries) < size:
        raise SystemExit(f"only {len(entries)} distinct texts in {QQP}; use a smaller size")
    rng = np.random.default_rng(7)
    misses = list(dict.fromkeys(_nonsense(rng) for _ in range(n_misses)))
    return Workload(entries, paraphrase, misses, query_texts)


_SYLLABLES = ["zor", "qua", "plim", "vex", "trun", "glob", "ksi", "fep", "dru", "yal", "mox"]


def _nonsense(rng: np.random.Generator) -> str:
    words = ["".join(rng.choice(_SYLLABLES, 2)) for _ in range(4)]
    return " ".join(words) + f" {rng.integers(1000, 9999)}"


# -- embeddings ------------------------------------------------------------------------


def embeddings(texts: Sequence[str], embedder: Any, batch: int = 256) -> np.ndarray:
    """Vectors of ``texts`` from ``embedder``, cached in benchmarks/out/ by content."""
    digest = hashlib.sha256()
    digest.update(embedder.name.encode())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    path = OUT / f"vectors-{digest.hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    log(f"embedding {len(texts):,} texts (cached in {path.name}) ...")
    started = time.perf_counter()
    parts = []
    for start in range(0, len(texts), batch):
        parts.append(embedder.embed(list(texts[start : start + batch])))
        if start and start % (batch * 40) == 0:
            rate = start / (time.perf_counter() - started)
            log(f"  {start:,} / {len(texts):,} ({rate:.0f} texts/s)")
    vectors = np.concatenate(parts).astype(np.float32) if parts else np.zeros((0, embedder.dim))
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


class PrecomputedEmbedder:
    """Serves vectors computed beforehand: a lookup, so timings exclude the model.

    ``fallback`` (an embedder) answers texts it was not given; without one such a
    text raises KeyError, so a benchmark cannot silently mix in model time.
    """

    def __init__(self, name: str, dim: int, fallback: Any = None) -> None:
        self.name, self.dim = name, dim
        self._vectors: dict[str, np.ndarray] = {}
        self._fallback = fallback

    def add(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        for text, vector in zip(texts, vectors, strict=True):
            self._vectors[text] = vector

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in texts if t not in self._vectors]
        if missing and self._fallback is not None:
            self.add(missing, self._fallback.embed(missing))
        return np.stack([self._vectors[t] for t in texts]).astype(np.float32, copy=False)

    def one(self, text: str, **_: Any) -> np.ndarray:
        """The 1-D vector of one text (the shape GPTCache's ``embedding_func`` returns)."""
        return self.embed([text])[0]
