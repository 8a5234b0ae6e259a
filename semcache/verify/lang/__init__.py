"""Checks for prompts in French, German, Spanish and Portuguese.

The guards of :mod:`semcache.verify` read English words. ``conflict(a, b)``
here names the check that tells two prompts in one of ``LANGUAGES`` apart
(negation, opposite pairs, numbers spelled out or not, question words,
qualifiers), or None; each language's words are a small table in its own module.
"""

from __future__ import annotations

from typing import Final

__all__ = ["LANGUAGES"]

#: The languages checked here (ISO 639-1), besides English (semcache.verify's guards).
LANGUAGES: Final = frozenset({"de", "es", "fr", "pt"})
