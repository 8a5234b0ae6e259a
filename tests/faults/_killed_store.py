"""A library process for the kill -9 tests: writes to a local store until killed.

    python _killed_store.py DIR START

Adds entries START, START+1, ... (vectors seeded by their number) in one bucket and
deletes every third one again, with every graph counted as big (its compactions and
saves run on the background worker) and saved every 20 changes, so a kill lands
during writes, saves and compactions. After each add or delete has returned (it is
committed) it prints ``add N`` or ``del N``: what the parent may count on.
"""

from __future__ import annotations

import sys

import numpy as np

from semcache._records import Entry, dump_response
from semcache.store.local import LocalStore, _compaction

DIM = 16


def vector(n: int) -> np.ndarray:
    """The unit vector of entry ``n`` (the same in the parent)."""
    found = np.random.default_rng(n).normal(size=DIM).astype(np.float32)
    return found / np.linalg.norm(found)


def open_store(path: str) -> LocalStore:
    return LocalStore(path, dim=DIM, model="kill-test", flat_limit=32, save_every=20)


def entry(n: int) -> Entry:
    return Entry(
        id=f"e{n}",
        namespace="ns",
        scope="",
        prompt=f"prompt {n}",
        response={"n": n},
        created_at=1.0,
        accessed_at=1.0,
        size=20,
    )


def main(path: str, start: int) -> None:
    _compaction.BACKGROUND_MIN = 0  # every graph is compacted and saved in the background
    store = open_store(path)
    print("ready", flush=True)
    n = start
    while True:
        item = entry(n)
        store.add(
            item,
            vector(n),
            exact_key=f"k{n}",
            priority=float(n),
            payload=dump_response(item.response),
        )
        print(f"add {n}", flush=True)
        if n % 3 == 0:
            store.delete([f"e{n - 2}"])
            print(f"del {n - 2}", flush=True)
        n += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
