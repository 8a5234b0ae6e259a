"""The EvictionPolicy protocol.

A policy is a priority function: every entry carries a number, and when the store
is over its limits the entries with the *lowest* priority go first. The store keeps
the number in an indexed column, so finding victims is one ordered scan and no
policy needs its own data structure. The priority is recomputed when an entry is
stored and each time it is hit.
"""

from __future__ import annotations

from typing import Protocol

from .._records import Entry

__all__ = ["EvictionPolicy"]


class EvictionPolicy(Protocol):
    """Ranks entries for eviction: lowest ``priority`` is evicted first."""

    @property
    def name(self) -> str: ...

    def priority(self, entry: Entry, clock: float) -> float:
        """The entry's priority given its current stats.

        ``clock`` is the policy's inflation value (the priority of the last entry
        evicted); only aging policies such as GreedyDual use it.
        """
        ...
