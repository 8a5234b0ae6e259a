"""Languages of prompts: which ones the semantic tier serves.

``identify(text)`` names a prompt's language (py3langid, offline, model in its
wheel), ``languages_of(text)`` the languages it may be in when the identifier is
unsure. ``LanguageGate`` gives prompts in a language the model and checks do not
cover the exact tier only, and never serves a prompt an entry cached in another
language (``treated_as(text)``: the language a cache reads a text as).
``model_languages(embedder)`` is what an embedder covers (its
``languages``; English if it does not say). See docs/languages.md.
"""

from __future__ import annotations

from ._gate import DEFAULT_LANGUAGES, LanguageGate, language_gate, model_languages, treated_as
from ._identify import IDENTIFIABLE, UNDETERMINED, identify, languages_of

__all__ = [
    "DEFAULT_LANGUAGES",
    "IDENTIFIABLE",
    "UNDETERMINED",
    "LanguageGate",
    "identify",
    "language_gate",
    "languages_of",
    "model_languages",
    "treated_as",
]
