"""VerifierJudge: the local verifier (similarity and lexical guards) seen as a judge."""

from __future__ import annotations

import time

from .._records import Entry
from ..embed.base import Embedder
from ..verify import GuardedVerifier, Verifier
from .base import JudgeRequest

__all__ = ["VerifierJudge"]


class VerifierJudge:
    """Says 1.0 where ``verifier`` would serve the cached prompt for the new one, else 0.0.

    Both prompts are embedded with ``embedder``; their cosine similarity must reach
    ``threshold`` (default 0: the guards alone decide) and the verifier (default: a
    ``GuardedVerifier`` with every guard) must accept the pair. No network, a few
    milliseconds; a baseline judge, and a judge for tests. Thread-safe.
    """

    def __init__(
        self, embedder: Embedder, *, verifier: Verifier | None = None, threshold: float = 0.0
    ) -> None:
        self._embedder = embedder
        self._verifier: Verifier = verifier if verifier is not None else GuardedVerifier()
        self._threshold = threshold

    def judge(self, request: JudgeRequest) -> float:
        """1.0 if the verifier accepts the cached prompt for ``request.prompt``, else 0.0."""
        vectors = self._embedder.embed([request.prompt, request.cached_prompt])
        similarity = float(vectors[0] @ vectors[1])
        now = time.time()
        cached = Entry("judged", "", "", request.cached_prompt, None, now, now)
        chosen = self._verifier.choose(request.prompt, [(cached, similarity)], self._threshold)
        return 0.0 if chosen is None else 1.0

    def __repr__(self) -> str:
        return f"VerifierJudge({self._verifier!r}, threshold={self._threshold})"
