"""CPU time of a process tree, from /proc (Linux).

A target is a process and whatever it starts (workers, a store owner), so its cost is
the sum over the tree: utime + stime of every live process, plus cutime + cstime (the
children it has already reaped, so a worker that exits keeps its time counted).
"""

from __future__ import annotations

import os
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


def _fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (which may hold spaces)."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return text.rpartition(")")[2].split()


def process_seconds(pid: int) -> float:
    """utime + stime + cutime + cstime of one process, in seconds (0 if it is gone)."""
    fields = _fields(pid)
    if fields is None:
        return 0.0
    # After the name: state is field 3, so utime (14) .. cstime (17) sit at 11..14.
    return sum(int(value) for value in fields[11:15]) / CLOCK_TICKS


def children_map() -> dict[int, list[int]]:
    """Every live process's children, from the ppid field of /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        fields = _fields(int(entry.name))
        if fields is not None:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def tree(pid: int) -> list[int]:
    """``pid`` and all its live descendants."""
    children = children_map()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, ()))
    return found


def tree_seconds(pid: int) -> float:
    """CPU seconds used so far by ``pid``'s process tree."""
    return sum(process_seconds(member) for member in tree(pid))
