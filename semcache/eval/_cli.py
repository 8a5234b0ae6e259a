"""``semcache eval FILE``: precision, recall and hits on labelled pairs."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any

from .._config import DEFAULT_THRESHOLD, check_threshold
from .._errors import ConfigError
from ..embed import Embedder
from ..verify import (
    ThresholdVerifier,
    Verifier,
    default_verifier,
    operating_points,
    threshold_for,
)
from ._pairs import read_pairs
from ._scoring import Scores, by_kind, errors, score_fast, score_through_cache, summarize, sweep

__all__ = ["register", "run"]

_PROGRESS_FROM = 2000  # pairs: shorter runs finish before a bar helps


def register(subparsers: Any) -> None:
    """Add the ``eval`` subcommand."""
    parser = subparsers.add_parser(
        "eval",
        help="measure hit quality on labelled pairs",
        description=(
            "For each pair, cache `a` and look up `b` in an isolated namespace; report "
            "precision, recall, F1, hits, false hits and latency. FILE holds JSON lines "
            '{"a", "b", "label"} (gzip allowed; "a" and "b" may be lists of '
            '{"role", "content"} messages; an optional "kind" gives per-kind shares) '
            'or a JSON list of {"origin", "similar"}.'
        ),
    )
    parser.add_argument("file", metavar="FILE")
    point = parser.add_mutually_exclusive_group()
    point.add_argument("--threshold", type=float, help="similarity threshold (cosine)")
    point.add_argument("--min-precision", type=float, help="target precision (operating point)")
    parser.add_argument("--curve", action="store_true", help="sweep the threshold")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--show-errors", action="store_true",
        help="list the false hits and missed paraphrases, with what refused each miss",
    )  # fmt: skip
    parser.add_argument("--limit", type=_count, help="only the first N pairs (N ≥ 1)")
    parser.add_argument("--verifier", choices=("default", "cosine"), default="default")
    parser.add_argument(
        "--path", choices=("fast", "cache"), default="fast",
        help="fast: batch embedding + verifier (default); cache: a real SemanticCache",
    )  # fmt: skip
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, embedder: Embedder | None = None) -> int:
    """Run the evaluation ``args`` describe; prints the report, returns 0."""
    threshold = _threshold(args)
    pairs = read_pairs(args.file, args.limit)
    if embedder is None:
        from ..embed import default_embedder

        embedder = default_embedder()
    verifier: Verifier = (
        ThresholdVerifier() if args.verifier == "cosine" else default_verifier(embedder)
    )
    show = not args.no_progress and len(pairs) >= _PROGRESS_FROM
    score = score_through_cache if args.path == "cache" else score_fast
    scores = score(pairs, embedder, verifier, _bar if show else _quiet)
    report = _report(scores, threshold, args)
    if args.show_errors:
        report["errors"] = errors(scores, pairs, threshold)
    print(json.dumps(report, indent=2) if args.json else _text(report))
    return 0


def _count(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of pairs, 1 or more; got {text!r}"
        )
    return int(text)


def _threshold(args: argparse.Namespace) -> float:
    # The library's messages name its arguments (threshold=); these name the flags.
    if args.min_precision is not None:
        points = operating_points()
        low, high = points[0][0], points[-1][0]
        if not low <= args.min_precision <= high:
            raise ConfigError(
                f"--min-precision must be between {low} and {high} (the measured range); "
                f"got {args.min_precision} — for other targets pass --threshold instead"
            )
        return threshold_for(args.min_precision)
    if args.threshold is not None:
        try:
            return check_threshold(args.threshold)
        except ConfigError:
            raise ConfigError(
                f"--threshold must be a cosine similarity between 0 and 1; got {args.threshold}"
            ) from None
    return DEFAULT_THRESHOLD


def _bar(items: Iterable[Any], total: int, desc: str) -> Iterable[Any]:
    from tqdm import tqdm

    bar: Iterable[Any] = tqdm(items, total=total, desc=desc, file=sys.stderr, unit=" items")
    return bar


def _quiet(items: Iterable[Any], total: int, desc: str) -> Iterable[Any]:
    return items


def _report(scores: Scores, threshold: float, args: argparse.Namespace) -> dict[str, Any]:
    report: dict[str, Any] = {
        "file": str(args.file),
        "verifier": args.verifier,
        "path": args.path,
        **summarize(scores, threshold).as_dict(),
        "latency_ms": {k: round(v, 3) for k, v in scores.latency_ms.items()},
    }
    kinds = by_kind(scores, threshold)
    if kinds:
        report["served_by_kind"] = kinds
    if args.curve:
        report["curve"] = [s.as_dict() for s in sweep(scores)]
    return report


def _text(report: dict[str, Any]) -> str:
    lines = [
        f"file         {report['file']}",
        f"verifier     {report['verifier']} (path: {report['path']}), "
        f"threshold {report['threshold']:.3f}",
        f"pairs        {report['pairs']} ({report['positives']} should hit)",
        f"hits         {report['hits']} (false hits {report['false_hits']}, "
        f"{report['negatives_served']:.1%} of the pairs that should miss)",
        f"precision    {report['precision']:.4f}",
        f"recall       {report['recall']:.4f}",
        f"f1           {report['f1']:.4f}",
        "latency ms   " + ", ".join(f"{k} {v:.3f}" for k, v in report["latency_ms"].items()),
    ]
    for kind, share in report.get("served_by_kind", {}).items():
        lines.append(f"served       {kind}: {share:.1%}")
    if "errors" in report:
        lines.append(f"errors       {len(report['errors'])} (false hits, then missed paraphrases)")
        ordered = sorted(report["errors"], key=lambda e: e["error"] != "false hit")
        lines.extend(_error_line(e) for e in ordered)
    if "curve" in report:
        lines.append("threshold  precision  recall  f1      hits    false_hits")
        for row in report["curve"]:
            lines.append(
                f"{row['threshold']:<10.2f} {row['precision']:<10.4f} {row['recall']:<7.4f} "
                f"{row['f1']:<7.4f} {row['hits']:<7d} {row['false_hits']}"
            )
    return "\n".join(lines)


def _error_line(error: dict[str, Any]) -> str:
    similarity = "-" if error["similarity"] is None else f"{error['similarity']:.3f}"
    why = f" [{error['why']}]" if error["why"] else ""
    kind = f" {error['kind']}" if error["kind"] else ""
    return f"  {error['error']:<9}{kind} {similarity}{why}: {error['a']!r} -> {error['b']!r}"
