"""A candidate as the store returns it, for the verifier tests."""

from __future__ import annotations

from semcache._records import Candidate, Entry


def candidate(prompt: str, similarity: float) -> Candidate:
    """An entry cached under ``prompt``, found at ``similarity``."""
    entry = Entry(
        id=prompt, namespace="n", scope="", prompt=prompt, response=None,
        created_at=0.0, accessed_at=0.0,
    )  # fmt: skip
    return (entry, similarity)
