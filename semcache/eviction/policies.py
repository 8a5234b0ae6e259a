"""The built-in eviction policies, as data: one priority formula each.

Priorities are compared across entries only, so each formula just has to order
entries the way the policy means (lowest goes first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .._errors import ConfigError
from .._records import Entry

__all__ = ["POLICIES", "FormulaPolicy", "get_policy"]

# Access times are Unix seconds (~1.7e9); divided by this they stay below 1 until
# the year 2096, so LFU can break ties between equal hit counts by recency without
# a second column.
_RECENCY_SCALE = 4e9


def _lru(entry: Entry, clock: float) -> float:
    return entry.accessed_at


def _lfu(entry: Entry, clock: float) -> float:
    return entry.hits + entry.accessed_at / _RECENCY_SCALE


def _fifo(entry: Entry, clock: float) -> float:
    return entry.created_at


def _cost(entry: Entry, clock: float) -> float:
    # GreedyDual-Size-Frequency: H = L + F * C / S. An entry that is hit often,
    # saves a lot per hit (tokens, latency) and takes little room is kept; L (the
    # clock) ages everything that is not hit, so a once-popular entry cannot squat.
    frequency = entry.hits + 1
    return clock + frequency * max(entry.cost, 1e-9) / max(entry.size, 1)


@dataclass(frozen=True, slots=True)
class FormulaPolicy:
    """An eviction policy given by its priority formula."""

    name: str
    formula: Callable[[Entry, float], float]

    def priority(self, entry: Entry, clock: float) -> float:
        """The entry's priority; lowest is evicted first."""
        return self.formula(entry, clock)


POLICIES: dict[str, FormulaPolicy] = {
    "lru": FormulaPolicy("lru", _lru),
    "lfu": FormulaPolicy("lfu", _lfu),
    "fifo": FormulaPolicy("fifo", _fifo),
    "cost": FormulaPolicy("cost", _cost),
}


def get_policy(name: str) -> FormulaPolicy:
    """The built-in policy called ``name``; raises ConfigError naming the choices."""
    try:
        return POLICIES[name]
    except KeyError:
        choices = ", ".join(sorted(POLICIES))
        raise ConfigError(f"unknown eviction policy {name!r}; choose one of: {choices}") from None
