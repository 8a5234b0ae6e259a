"""The Verifier protocol: the last word on whether a candidate is a hit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .._records import Candidate

__all__ = ["Verifier"]


class Verifier(Protocol):
    """Chooses which candidate, if any, answers a query.

    ``candidates`` are the nearest unexpired entries of the query's (namespace,
    scope), closest first, with their cosine similarity (higher is closer).
    ``threshold`` is the similarity the caller asked for; an entry's own
    ``floor`` (raised by feedback on a wrong hit) is a higher bar for that entry,
    which a verifier must respect too. Returns the chosen candidate or None (a
    miss). Must be thread-safe and cheap: it runs on every lookup that reaches the
    semantic tier.
    """

    def choose(
        self, query: str, candidates: Sequence[Candidate], threshold: float
    ) -> Candidate | None: ...
