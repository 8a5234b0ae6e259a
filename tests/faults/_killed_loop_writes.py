"""A library process for the loop-write kill test: puts made with ``insert_nowait``.

    python _killed_loop_writes.py DIR COUNT

Looks up then stores COUNT questions the way the proxy does on its event loop (the
lookup's vector remembered, ``insert_nowait``; ``insert`` when that is refused, as
the proxy's writer thread would), with a log limit that makes a checkpoint due every
few commits. Prints ``stored N`` after each put has returned and ``done K`` after
the last (K: the puts made at once); then waits to be killed.
"""

from __future__ import annotations

import sys
import threading

from semcache import Key, SemanticCache
from semcache._keys import scope_digest
from semcache.testing import HashingEmbedder


def question(n: int) -> str:
    return f"loop write number {n}: what is {n} times {n + 7}?"


def main(path: str, count: int) -> None:
    cache = SemanticCache(path, embedder=HashingEmbedder(), max_bytes=8_000_000)
    at_once = 0
    for n in range(count):
        assert cache.get(question(n)) is None  # the miss's lookup: its vector remembered
        key = Key("default", scope_digest(None), question(n))
        if cache.insert_nowait(key, {"answer": n}) is None:  # a checkpoint due: wait
            cache.insert(key, {"answer": n})
        else:
            at_once += 1
        print(f"stored {n}", flush=True)
    print(f"done {at_once}", flush=True)
    threading.Event().wait()  # until killed


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
