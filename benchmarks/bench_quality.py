"""Hit quality on every dev set, default verifier vs plain cosine: docs/quality.md figures.

Three verifiers on the same vectors: ``default`` (the lexical guards and the
alignment checks), ``guards_only`` (the lexical guards alone: the default before
issue #13, commit 81b4e24, which it reproduces pair for pair) and ``cosine``.

Writes docs/quality_results.json and docs/img/quality_*.png. Uses the same
scoring as `semcache eval` (semcache.eval.score_fast, proven equal to
the SemanticCache path by tests/eval/test_eval.py), with the default model's
vectors cached under benchmarks/out/vectors/ (QQP's 120k texts take ~10 minutes
to embed on 2 cores; later runs take seconds).

Run: python benchmarks/bench_quality.py [--skip-qqp] [--latency-pairs N]
     python benchmarks/bench_quality.py --table   # only docs/quality_points.json:
         every set at min_precision 0.73 to 0.90 (0.78 is the default)
     python benchmarks/bench_quality.py --blind FILE   # one blind set, measured once
         after the checks are final (never tune on it): its figures are added to
         docs/quality_results.json under "measured_once" and the file's stem, and a
         markdown block (look-alikes and paraphrases served at the default and at
         min_precision=0.90, per kind) is printed for docs/quality.md
     python benchmarks/bench_quality.py --blind14   # the same for blind14.jsonl (now dev)

blind13.jsonl to blind26.jsonl were each the blind set of a round (measured once, then
read): they are dev sets now, scored with the others.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SEMCACHE_DATA", ROOT.parent / "shared" / "data"))
VECTORS = ROOT / "benchmarks" / "out" / "vectors"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_contextual  # noqa: E402

from semcache import DEFAULT_THRESHOLD  # noqa: E402
from semcache.embed import default_embedder  # noqa: E402
from semcache.eval import (  # noqa: E402
    Pair,
    Scores,
    by_kind,
    read_pairs,
    score_fast,
    score_through_cache,
    summarize,
    sweep,
)
from semcache.verify import (  # noqa: E402
    GUARDS,
    GuardedVerifier,
    ThresholdVerifier,
    default_verifier,
    threshold_for,
)

SETS = {
    "qqp_dev": SHARED / "qqp_pairs_dev.jsonl.gz",
    "gptcache_paraphrases": SHARED / "paraphrase_pairs_gptcache.json",
    "hard_dev": ROOT / "training" / "data" / "hard_dev.jsonl",
    "hard_heldout": ROOT / "training" / "data" / "hard_heldout.jsonl",
    "hard_heldout2": ROOT / "training" / "data" / "hard_heldout2.jsonl",
    "dev13": ROOT / "benchmarks" / "data" / "dev13.jsonl",
    "blind13": ROOT / "benchmarks" / "data" / "blind13.jsonl",  # measured once in #13; now dev
    "blind14": ROOT / "benchmarks" / "data" / "blind14.jsonl",  # measured once in #13; now dev
    # each measured once at the end of its round (figures under "measured_once"); now dev
    **{f"blind{n}": ROOT / "benchmarks" / "data" / f"blind{n}.jsonl" for n in range(15, 28)},
}
BLIND = ROOT / "benchmarks" / "data" / "blind14.jsonl"
STRICT = 0.90  # the min_precision that meets the QQP target


class CachedEmbedder:
    """The default model with vectors remembered on disk per text (sha1 key)."""

    def __init__(self, name: str) -> None:
        self._model = default_embedder()
        self._path = VECTORS / f"{name}-{self._model.name}.npz"  # never another model's
        self._known: dict[str, np.ndarray] = {}
        if self._path.exists():
            data = np.load(self._path, allow_pickle=False)
            self._known = dict(zip(data["keys"].tolist(), data["vecs"], strict=True))
        self.dim, self.name = self._model.dim, self._model.name
        self.token_stats = self._model.token_stats

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [
            hashlib.sha1(t.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
            for t in texts
        ]
        missing = [i for i, k in enumerate(keys) if k not in self._known]
        if missing:
            fresh = self._model.embed([texts[i] for i in missing])
            self._known.update((keys[i], v) for i, v in zip(missing, fresh, strict=True))
        return np.stack([self._known[k] for k in keys])

    def save(self) -> None:
        VECTORS.mkdir(parents=True, exist_ok=True)
        np.savez(
            self._path, keys=np.array(list(self._known)), vecs=np.stack(list(self._known.values()))
        )


def _progress(items: Any, total: int, desc: str) -> Any:
    from tqdm import tqdm

    return tqdm(items, total=total, desc=desc, file=sys.stderr, mininterval=5)


def score_set(name: str, pairs: list[Pair]) -> dict[str, Scores]:
    embedder = CachedEmbedder(name)
    scores = {
        "default": score_fast(pairs, embedder, default_verifier(embedder), _progress),
        "guards_only": score_fast(pairs, embedder, guards_only(embedder)),
        "cosine": score_fast(pairs, embedder, ThresholdVerifier()),
    }
    embedder.save()
    return scores


def guards_only(embedder: Any) -> GuardedVerifier:
    """The default verifier before #13: the lexical guards, no alignment checks."""
    return GuardedVerifier(guards=list(GUARDS), token_stats=embedder.token_stats)


def point(scores: dict[str, Scores], threshold: float) -> dict[str, Any]:
    return {v: summarize(s, threshold).as_dict() for v, s in scores.items()}


def kinds(scores: dict[str, Scores], threshold: float) -> dict[str, Any]:
    """Share served per kind, for sets whose pairs name their kind."""
    return {v: by_kind(s, threshold) for v, s in scores.items() if v != "cosine"}


def latency(pairs: list[Pair]) -> dict[str, Any]:
    """Real SemanticCache lookups: the checks' added cost per lookup."""
    model = default_embedder()
    out: dict[str, Any] = {}
    verifiers = (
        ("default", default_verifier(model)),
        ("guards_only", guards_only(model)),
        ("cosine", ThresholdVerifier()),
    )
    for name, verifier in verifiers:
        out[name] = score_through_cache(pairs, model, verifier).latency_ms
    for name, verifier in verifiers[:2]:
        fast = score_fast(pairs, model, verifier).latency_ms
        out[f"verifier_only_{name}"] = {k: v for k, v in fast.items() if k.startswith("verify")}
    return out


def blind(path: Path = BLIND) -> dict[str, Any]:
    """A blind set, at the default, at min_precision=STRICT and at every TABLE_POINTS
    point (default verifier), with its share served per kind at the first two."""
    scores = score_set(path.stem, read_pairs(path))
    return {
        "default_point": point(scores, DEFAULT_THRESHOLD),
        f"min_precision_{STRICT}": point(scores, threshold_for(STRICT)),
        "points": {
            f"{target:.2f}": summarize(scores["default"], threshold_for(target)).as_dict()
            for target in TABLE_POINTS
        },
        "served_by_kind": kinds(scores, DEFAULT_THRESHOLD),
        f"served_by_kind_min_precision_{STRICT}": kinds(scores, threshold_for(STRICT)),
        "latency_ms": scores["default"].latency_ms,
    }


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def markdown(name: str, result: dict[str, Any]) -> str:
    """The figures of one blind measurement as a markdown block for docs/quality.md."""
    strict = f"min_precision_{STRICT}"
    points = (
        (f"default ({DEFAULT_THRESHOLD})", result["default_point"], result["served_by_kind"]),
        (f"min_precision={STRICT} ({threshold_for(STRICT)})", result[strict],
         result[f"served_by_kind_{strict}"]),
    )  # fmt: skip
    lines = [
        f"**{name} (measured once)**, default verifier (guards only, plain cosine):",
        "",
        "| point | look-alikes served | paraphrases served |",
        "| --- | --- | --- |",
    ]
    for label, point_, _ in points:
        cells = [
            " / ".join(_pct(point_[v][key]) for v in ("default", "guards_only", "cosine"))
            for key in ("negatives_served", "recall")
        ]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} |")
    lines += ["", "| kind | " + " | ".join(label for label, _, _ in points) + " |"]
    lines.append("| --- |" + " --- |" * len(points))
    for kind in sorted(points[0][2]["default"]):
        cells = [
            f"{_pct(k['default'][kind])} ({_pct(k['guards_only'][kind])})" for _, _, k in points
        ]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plot(curves: dict[str, dict[str, list[dict[str, Any]]]], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    if "qqp_dev" in curves:
        fig, ax = plt.subplots(figsize=(6, 4.5))
        for verifier, style in (("default", "-"), ("cosine", "--")):
            rows = curves["qqp_dev"][verifier]
            ax.plot(
                [r["recall"] for r in rows], [r["precision"] for r in rows], style, label=verifier
            )
        for t, label in (
            (DEFAULT_THRESHOLD, "default point"),
            (threshold_for(STRICT), f"min_precision={STRICT}"),
        ):
            row = summarize_row(curves["qqp_dev"]["default"], t)
            ax.plot(row["recall"], row["precision"], "o")
            ax.annotate(
                label, (row["recall"], row["precision"]), textcoords="offset points", xytext=(5, 5)
            )
        ax.set(xlabel="recall", ylabel="precision", title="QQP dev pairs (threshold sweep)")
        ax.axhline(0.9, color="grey", lw=0.5)
        ax.legend()
        fig.tight_layout()
        fig.savefig(out / "quality_pr_qqp.png", dpi=110)
    fig, axes = plt.subplots(1, 6, figsize=(25, 4), sharey=True)
    panels = (
        ("gptcache_paraphrases", "positives"),
        ("hard_dev", None),
        ("hard_heldout", None),
        ("hard_heldout2", None),
        ("dev13", None),
        ("blind13", None),
    )
    for ax, (name, _) in zip(axes, panels, strict=True):
        for verifier, style in (("default", "-"), ("guards_only", ":"), ("cosine", "--")):
            rows = curves[name][verifier]
            ts = [r["threshold"] for r in rows]
            ax.plot(
                ts,
                [r["recall"] for r in rows],
                style,
                color="C0",
                label=f"paraphrases served ({verifier})",
            )
            if name != "gptcache_paraphrases":
                ax.plot(
                    ts,
                    [r["negatives_served"] for r in rows],
                    style,
                    color="C3",
                    label=f"negatives served ({verifier})",
                )
        ax.axvline(DEFAULT_THRESHOLD, color="grey", lw=0.5)
        ax.set(title=name, xlabel="threshold", xlim=(0.6, 1.0))
    axes[0].set_ylabel("share of pairs served")
    axes[-1].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "quality_served.png", dpi=110)


def summarize_row(rows: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    return min(rows, key=lambda r: abs(r["threshold"] - threshold))


def counted(figures: Any) -> Any:
    """bench_contextual's figures with each list of served examples (the texts
    ``--show-errors`` prints) replaced by its length: the JSON keeps the counts."""
    if isinstance(figures, dict):
        return {k: counted(v) for k, v in figures.items()}
    if isinstance(figures, list) and figures and isinstance(figures[0], list | tuple):
        return len(figures)
    return figures


#: The operating points of the decision table (``--table``).
TABLE_POINTS = (0.73, 0.78, 0.80, 0.85, 0.88, 0.90)  # 0.78: the default (DEFAULT_MIN_PRECISION)


def decision_table(scores: dict[str, Scores] | None = None) -> dict[str, Any]:
    """Every set at each of TABLE_POINTS (default verifier): what choosing that
    ``min_precision`` serves and refuses. Written to docs/quality_points.json."""
    if scores is None:
        scores = {name: score_set(name, read_pairs(path))["default"] for name, path in SETS.items()}
    table: dict[str, Any] = {}
    for target in TABLE_POINTS:
        threshold = threshold_for(target)
        row: dict[str, Any] = {"threshold": threshold}
        for name, s in scores.items():
            row[name] = summarize(s, threshold).as_dict()
        row["contextual"] = counted(bench_contextual.run(threshold))
        table[f"{target:.2f}"] = row
    out = ROOT / "docs" / "quality_points.json"
    out.write_text(json.dumps(table, indent=1) + "\n")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-qqp", action="store_true")
    parser.add_argument("--latency-pairs", type=int, default=500)
    parser.add_argument(
        "--table", action="store_true", help="only the min_precision decision table"
    )
    parser.add_argument(
        "--blind14", action="store_true", help="only benchmarks/data/blind14.jsonl (now dev)"
    )
    parser.add_argument(
        "--blind",
        type=Path,
        metavar="FILE",
        help="measure one blind file once: print a markdown block, save its figures",
    )
    args = parser.parse_args()
    if args.table:
        print(json.dumps(decision_table(), indent=1))
        return
    if args.blind14 or args.blind:
        path = args.blind or BLIND
        out = ROOT / "docs" / "quality_results.json"
        saved: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
        once = saved.setdefault("measured_once", {})
        once[path.stem] = blind(path)
        out.write_text(json.dumps(saved, indent=1) + "\n")
        print(markdown(path.stem, once[path.stem]))
        return
    results: dict[str, Any] = {
        "default_threshold": DEFAULT_THRESHOLD,
        "strict_threshold": threshold_for(STRICT),
    }
    curves: dict[str, Any] = {}
    defaults: dict[str, Scores] = {}
    for name, path in SETS.items():
        if args.skip_qqp and name == "qqp_dev":
            continue
        started = time.perf_counter()
        scores = score_set(name, read_pairs(path))
        defaults[name] = scores["default"]
        results[name] = {
            "default_point": point(scores, DEFAULT_THRESHOLD),
            f"min_precision_{STRICT}": point(scores, threshold_for(STRICT)),
            "cosine_0.90": summarize(scores["cosine"], 0.90).as_dict(),
            "latency_ms": scores["default"].latency_ms,
        }
        if any(scores["default"].kinds):
            results[name]["served_by_kind"] = kinds(scores, DEFAULT_THRESHOLD)
        curves[name] = {
            v: [r.as_dict() for r in sweep(s, 0.6, 1.0, 0.005)] for v, s in scores.items()
        }
        print(f"{name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    results["contextual"] = {
        "default_point": counted(bench_contextual.run(DEFAULT_THRESHOLD)),
        f"min_precision_{STRICT}": counted(bench_contextual.run(threshold_for(STRICT))),
    }
    qqp = read_pairs(SETS["qqp_dev"], limit=args.latency_pairs)
    results["lookup_latency_ms"] = latency(qqp)
    (ROOT / "docs").mkdir(exist_ok=True)
    out = ROOT / "docs" / "quality_results.json"
    earlier: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    # the blind sets' figures of their one measurement (--blind), kept as they were
    results["measured_once"] = earlier.get("measured_once", {})
    out.write_text(json.dumps(results, indent=1) + "\n")
    if not args.skip_qqp:
        decision_table(defaults)
    plot(curves, ROOT / "docs" / "img")
    print(json.dumps({k: v for k, v in results.items() if k != "contextual"}, indent=1))


if __name__ == "__main__":
    main()
