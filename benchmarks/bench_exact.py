"""Exact hits in process: the cost of ``SemanticCache.get`` without any model.

    python benchmarks/bench_exact.py [--entries 1000] [--hits 5000] [--reps 7]

A 1,000-entry in-memory cache on the hashing embedder; the same stored prompt is
asked ``--hits`` times per repetition. Prints the median microseconds per hit.
Runs unchanged on older commits (it uses only the public API), so two commits can
be alternated on one machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

from semcache import SemanticCache
from semcache.testing import HashingEmbedder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--hits", type=int, default=5000)
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    with SemanticCache(None, embedder=HashingEmbedder()) as cache:
        for i in range(args.entries):
            cache.put(f"question number {i} about things", {"a": i})
        per_hit = []
        for _ in range(args.reps):
            started = time.perf_counter()
            for _ in range(args.hits):
                cache.get("question number 7 about things")
            per_hit.append((time.perf_counter() - started) / args.hits * 1e6)
    print(f"exact hit: {statistics.median(per_hit):.1f} us median of {args.reps} reps")


if __name__ == "__main__":
    main()
