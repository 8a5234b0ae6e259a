"""The four workloads and their texts.

- exact: the warmed questions again, in turn (non-streamed);
- stream: the same with ``stream: true`` (warmed streamed too: LiteLLM keys the two apart);
- miss: new random questions, each once, so every request goes to the upstream (0 ms);
- semantic: paraphrases of the warmed questions, each once, so every lookup runs the
  model (LiteLLM's in-memory cache is exact only: it cannot serve these).

A target's texts of a miss or semantic cell are never used again by that target; the
targets see the same texts in the same order, so they are given the same work.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench_proxy import LEADS, TOPICS, chat, new_questions
from bench_proxy_load import MORE_TOPICS, TAILS

BASE = TOPICS + MORE_TOPICS
#: Words that ask for another kind of answer ("quick question", "briefly"): semcache's
#: verifier rightly refuses them as paraphrases, so they would make semantic cells misses.
QUALIFIED = ("quick question: ", " (briefly)", ", in short", ", quickly")
SEMANTIC_LEADS = [lead for lead in LEADS if lead not in QUALIFIED]
SEMANTIC_TAILS = [tail for tail in TAILS if tail not in QUALIFIED]
#: Stored too before the run (plain only): with more neighbours stored, most paraphrases
#: below find one the verifier accepts (without them about 30% are refused).
LEAD_VARIANTS = [lead + topic for lead in SEMANTIC_LEADS for topic in BASE]
#: Put before the other paraphrases to get enough distinct texts for a full run.
OPENERS = ["", "so, ", "ok, ", "hi! ", "well, ", "also, ", "right, ", "hmm, ", "sorry, ", "now, "]


@dataclass(frozen=True)
class Workload:
    """What a cell sends: the body (without messages) and whether texts repeat."""

    name: str
    stream: bool
    cycle: bool
    expected: str  # the outcome every answer should report, e.g. "hit/exact"

    def payload(self) -> dict[str, Any]:
        body = chat("")
        del body["messages"]
        return {**body, "stream": True} if self.stream else body


WORKLOADS = {
    "exact": Workload("exact", stream=False, cycle=True, expected="hit/exact"),
    "stream": Workload("stream", stream=True, cycle=True, expected="hit/exact"),
    "miss": Workload("miss", stream=False, cycle=False, expected="miss"),
    "semantic": Workload("semantic", stream=False, cycle=False, expected="hit/semantic"),
}


def paraphrases() -> Iterator[str]:
    """Distinct paraphrases of the warmed questions, none of them stored (19,580)."""
    combos = itertools.product(OPENERS, SEMANTIC_TAILS, SEMANTIC_LEADS, BASE)
    for opener, tail, lead, topic in combos:
        if opener or tail:  # the bare lead variants are stored
            yield f"{opener}{lead}{topic}{tail}"


class Texts:
    """The texts of one target's cells of one workload, handed out without reuse."""

    def __init__(self, workload: str, seed: int = 18) -> None:
        self.cycle = WORKLOADS[workload].cycle
        if self.cycle:
            self._source: Iterator[str] = iter(())
            self._pool = list(BASE)
        elif workload == "semantic":
            self._source, self._pool = paraphrases(), []
        else:
            self._source, self._pool = new_questions(seed), []
        self._offset = 0

    def next(self, count: int) -> list[str]:
        """Up to ``count`` texts not handed out before (the whole base if they repeat)."""
        if self.cycle:
            return list(self._pool)
        want = self._offset + count
        self._pool.extend(itertools.islice(self._source, max(0, want - len(self._pool))))
        return self._pool[self._offset : want]

    def used(self, count: int) -> None:
        """Mark the first ``count`` texts of the last :meth:`next` as spent."""
        if not self.cycle:
            self._offset += count


def matches(expected: str, outcome: str) -> bool:
    """Whether a reported outcome is the one the workload is for ("miss" from a bare
    upstream is "upstream")."""
    return outcome == expected or (expected == "miss" and outcome == "upstream")
