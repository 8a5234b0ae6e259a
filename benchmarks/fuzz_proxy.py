"""Fuzz the proxy in-process with the cases of tests/faults (≥ 10,000 requests) and
print how many got a 5xx or a traceback. Outside the default test run.

    python benchmarks/fuzz_proxy.py [--examples 10000]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "faults"))

from fuzz_cases import BODIES, HEADERS, PATHS, make_app, problem, request_args
from hypothesis import HealthCheck, given, settings
from starlette.testclient import TestClient

from semcache import SemanticCache
from semcache.testing import HashingEmbedder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    args = parser.parse_args()
    statuses: collections.Counter[int] = collections.Counter()
    problems: list[str] = []
    with (
        SemanticCache(None, embedder=HashingEmbedder()) as cache,
        TestClient(make_app(cache), raise_server_exceptions=False) as client,
    ):

        @settings(
            max_examples=args.examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(path=PATHS, body=BODIES, headers=HEADERS)
        def run(path: str, body: bytes, headers: list[tuple[str, str]]) -> None:
            response = client.request(**request_args(path, body, headers))
            statuses[response.status_code] += 1
            found = problem(response)
            if found is not None:
                problems.append(f"{path} {body[:120]!r} {headers}: {found}")

        started = time.perf_counter()
        run()
        elapsed = time.perf_counter() - started
    total = sum(statuses.values())
    fives = sum(n for status, n in statuses.items() if status >= 500)
    print(f"requests: {total} in {elapsed:.1f} s")
    print(f"statuses: {dict(sorted(statuses.items()))}")
    print(f"5xx: {fives}; problems (5xx or traceback): {len(problems)}")
    for line in problems[:20]:
        print("  " + line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
