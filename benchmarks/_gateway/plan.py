"""Which cell runs when: targets interleaved inside every (workload, clients) pair, so
that the load other processes put on the machine falls on all targets alike."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

WORKLOADS = ("exact", "stream", "miss", "semantic")
CONCURRENCY = (1, 8, 32, 128)
#: The numbers of a cell that are reported as medians over the repetitions.
MEASURES = (
    "per_second",
    "p50_ms",
    "p99_ms",
    "cpu_ms_per_request",
    "upstream_cpu_ms_per_request",
    "loadgen_cpu_ms_per_request",
    "errors",
    "expected_ratio",
)


@dataclass(frozen=True)
class Cell:
    """One measurement: a workload at a concurrency against a target, in one repetition."""

    rep: int
    workload: str
    clients: int
    target: str


def schedule(
    targets: Sequence[str],
    supports: Mapping[str, Iterable[str]],
    *,
    workloads: Sequence[str] = WORKLOADS,
    concurrency: Sequence[int] = CONCURRENCY,
    reps: int = 3,
) -> list[Cell]:
    """Every cell in run order: A, B, C, A, B, C ... for each workload and concurrency,
    the whole grid once per repetition. A target runs only the workloads it supports."""
    able = {target: set(supports[target]) for target in targets}
    return [
        Cell(rep, workload, clients, target)
        for rep in range(reps)
        for workload in workloads
        for clients in concurrency
        for target in targets
        if workload in able[target]
    ]


def medians(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per (workload, clients, target): the median of each measure over reps."""
    groups: dict[tuple[str, int, str], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["workload"], row["clients"], row["target"]), []).append(row)
    out = []
    for (workload, clients, target), group in groups.items():
        merged: dict[str, Any] = {"workload": workload, "clients": clients, "target": target}
        merged["reps"] = len(group)
        for measure in MEASURES:
            values = [row[measure] for row in group if row.get(measure) is not None]
            merged[measure] = statistics.median(values) if values else None
        out.append(merged)
    return out
