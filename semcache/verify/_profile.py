"""What the guards look at in one text: its tokens, numbers, entities, poles.

A ``Profile`` is computed once per text (and memoized: cached prompts are
profiled again on every lookup that reaches them) and compared pairwise by
``semcache.verify._guards``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TypedDict

from ._lexicon import (
    AMBIGUOUS,
    ENTITY_CLASSES,
    NEGATORS,
    NUMBER_WORDS,
    OPPOSITES,
    ORDINALS,
    SCALES,
    SPECIFIC_QUESTIONS,
    STOPWORDS,
)

__all__ = [
    "SHORT_TEXT",
    "Profile",
    "durations",
    "lemma",
    "negated_words",
    "pole_indexes",
    "pole_positions",
    "profile",
    "words_of",
]

_TOKEN = re.compile(r"[^\W_][\w+#'.\-]*[\w+#%]|[^\W_]|[$€£¥%]")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_SENTENCE_END = re.compile(r"[.!?:;\"(\[]\s*$")
# Symbols (emoji, math, private use): tokenizers often map them to [UNK] or drop them.
_SYMBOL_CATEGORIES = frozenset({"So", "Sm", "Sk", "Co", "Cn"})
# "this" / "these" with nothing after it, or "this picture": the referent is not
# in the text (an image, a page the asker sees), so the text alone cannot match.
_DEICTIC = re.compile(
    r"\b(?:this|these|that|those)(?: ones?| (?:picture|image|photo|pic|video|song|symbol|sign|"
    r"screenshot|painting|graph|chart|meme|circuit|diagram|plant|bug))?\s*[?.!]*\s*$"
    r"|\b(?:this|these|the following|(?:given )?below|above) (?:\w+ )?(?:questions?|problems?|"
    r"sentences?|passage|code|equation|image|picture|circuit)\b(?![^?.!]*:)"
    r"|\b(?:given )?(?:below|above)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
#: Words: up to this, a question or instruction; beyond, a passage (which names
#: what it points at, and mentions both poles of an opposition in passing).
SHORT_TEXT = 20
_DETERMINERS = frozenset({"the", "my", "your", "his", "her", "its", "our", "their"})
_PRONOUN_I = frozenset({"i", "i'm", "i've", "i'll", "i'd"})
# Numbered-list markers ("1) ...", "2. ...") count items, they are not part of a question.
_ENUMERATION = re.compile(r"(?:^|(?<=\s))\(?\d{1,2}[.)](?=\s)")
# Phrases with a negator that do not negate: "or not", "don't forget", a leading
# "No," of an answer or "No really," (a leading "No information ..." does negate).
_NEUTRAL_NEGATION = re.compile(
    r"\b(?:(?:whether|why) or (?:why )?not|or not|if not|not only|no matter"
    r"|(?:do not|don't|never) forget)\b"
    # An outcome nobody asks for, of the thing worked on: "hang it *without it falling*".
    r"|\bwithout (?:it|them) \w+ing\b|^\s*no(?:\s+\w+)?\s*(?:[,.!;:]|$)"
    # The asker's frame, not the question: politeness ("if you wouldn't mind") and not
    # knowing what is asked next ("I have no idea how to", "I'm not sure why").
    r"|\bif you (?:do not|don'?t|would not|wouldn'?t) mind\b"
    # A status named with "not": "a 404 not found error".
    r"|\b\d{3} not found\b|\bnot found error\b"
    # Both poles of one act: "what to say (and not say)", "do's and don'ts".
    r"|\b(\w+)'?s?\W+(?:and|&|or)\s+(?:not|never)\s+\1\b|\bdo'?s and don'?ts\b"
    r"|\b(?:(?:i|we) (?:do not|don'?t|really don'?t) know|(?:i|we)(?:'?ve| have) no (?:idea|clue)"
    r"|no (?:idea|clue)|(?:i'?m|i am|we'?re|we are) not (?:sure|certain))"
    r"(?= (?:how|what|why|where|when|which|who|whether|if)\b)",
    re.I,
)


_LETTER_IN_BRACKETS = re.compile(r"\b(\d+)\(([a-zA-Z])\)")
# Words written two ways, one of them apart or shortened: "w/o" and "with out" are
# "without" (not "with out of", as in "with out-of-date eggs"), "how come" is "why".
_WRITTEN_APART = re.compile(r"\bw/o\b|\bwith out\b(?! of\b)|\bhow come\b", re.IGNORECASE)
_AS_ONE = {"w/o": "without", "with out": "without", "how come": "why"}
# "1,000" is "1000", one number written two ways: a comma between a group of 1-3 digits and
# groups of exactly three ("12,500", "1,000,000"), not in a list ("1,2,3") or after a year.
_GROUPED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")
# An arithmetic or comparison sign between two operands, each a number, a term with one
# ("3x") or a lone letter ("3x + 7", "x - 2", "a*b", "n >= 5"): the tokens drop the sign,
# so "3x + 7 = 22" and "3x - 7 = 22" would have the same numbers. A hyphen or slash
# written without spaces joins a name or a range unless a number stands on each side of
# it ("well-known", "COVID-19", "W-2"; "3x-7" is a sign), and between two bare numbers
# it is a date, a range or a fraction ("2016-17", "24/7", "1/2"). A "=" asking for the
# result ("2+2=?") has no right-hand operand.
_SIGNED = re.compile(r"([\w.]+|[)\]])(\s*)([-+*/^=<>≤≥−–×÷]=?)(\s*)(?=([\w.]+|[(\[]))")
_HAS_SIGN = re.compile(r"[-+*/^=<>≤≥−–×÷]")
_SIGN = {"−": "-", "–": "-", "×": "*", "÷": "/", "≤": "<=", "≥": ">="}
#: An operator written as a word of its own ("the js *===* operator", "what does *=>*
#: mean"): the model's tokenizer drops the signs, so "==" and "===" read alike. A
#: dash, slash, bullet or run of exclamation marks alone is prose's, not code's.
_OPERATOR_WORD = re.compile(
    r"(?<!\S)(?!-+(?!\S)|!+(?!\S))(?:[=!<>&|+\-*/%^~:]{2,3}|[=<>!&|^~%])(?!\S)"
)


@dataclass(frozen=True, slots=True)
class Profile:
    """The features of one text the guards compare."""

    words: tuple[str, ...]  # lower-cased tokens, in order
    lemmas: tuple[str, ...]  # light-stemmed words, in order
    padded: str  # " w1 w2 ... " for phrase look-ups
    numbers: Counter[str]
    entities: frozenset[str]  # canonical ids ("country:france", "cap:kubernetes")
    entity_words: dict[str, str]  # canonical id -> the word that named it
    negations: int
    stated: int  # of those, in clauses that state the asker's case, not what is asked
    states: bool  # the text has such a clause ("my printer won't connect, how do I ...")
    purpose: bool  # the text names a purpose or result: "for growth", "so it's crisp"
    request: str  # the text without those clauses
    cases: tuple[str, ...]  # those clauses
    poles: tuple[int, ...]  # per OPPOSITES group: bit 1 = left pole, bit 2 = right
    questions: frozenset[str]
    symbols: Counter[str]  # emoji, math and other symbols the words do not carry
    deictic: bool  # points at something not in the text: "solve this question"
    prefixed: tuple[tuple[str, str], ...]  # ("unbiased", "biased"): word, base after un-/dis-/...
    durations: tuple[tuple[int, float], ...] = ()  # (scale, amount) per duration, sorted
    duration_numbers: Counter[str] | None = None  # the numbers that are durations' amounts
    duration_units: frozenset[str] = frozenset()  # the words of their units ("days")
    operators: Counter[str] | None = None  # signs between operands ("+", "="), if any

    def has(self, phrase: str) -> bool:
        """Whether the word or phrase (lower case) occurs, as words."""
        return f" {phrase} " in self.padded


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """A light stem: possessive and plural endings dropped (memoized: a pure function
    of the word, asked for every word of every profile and shape)."""
    word = word.removesuffix("'s").removesuffix("'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=8192)
def profile(text: str) -> Profile:
    """The profile of ``text`` (memoized; pure function of the text)."""
    text = _ENUMERATION.sub(" ", text.replace("’", "'").replace("‘", "'"))
    if "/o" in text or " out" in text or " come" in text:
        text = _WRITTEN_APART.sub(lambda m: _AS_ONE[" ".join(m.group().lower().split())], text)
    if "(" in text:  # "401(k)" is "401k", one name written two ways
        text = _LETTER_IN_BRACKETS.sub(r"\1\2", text)
    if "," in text:
        text = _GROUPED_THOUSANDS.sub(lambda m: m.group().replace(",", ""), text)
    spans = [(m.group(), m.start()) for m in _TOKEN.finditer(text)]
    raw = [s for s, _ in spans]
    words = tuple(map(_word, raw))
    padded = " " + " ".join(words) + " "
    entities, named = _entities(text, spans, words)
    statements = _statements(text)
    # Most texts have no negator: the costly phrase scan of ``_negations`` is skipped.
    negated = any(map(_negator, words))
    return Profile(
        words=words,
        lemmas=tuple(lemma(w) for w in words),
        padded=padded,
        numbers=_numbers(words) + _roman(raw),
        entities=entities,
        entity_words=named,
        negations=_negations(text) if negated else 0,
        stated=sum(map(_negations, statements)) if negated else 0,
        states=bool(statements),
        purpose=" for " in padded or " so " in padded,
        request=_without(text, statements),
        cases=statements,
        poles=_poles(words, padded),
        questions=_questions(text, words, padded),
        symbols=_symbols(text),
        deictic=len(words) <= SHORT_TEXT and _deictic(text),
        prefixed=_prefixed(words),
        **_durations(words),
        operators=_operators(text) if _HAS_SIGN.search(text) else None,
    )


def _symbols(text: str) -> Counter[str]:
    """The characters of ``text`` the model does not see, and its operators written
    as words."""
    found = Counter(_OPERATOR_WORD.findall(text)) if _HAS_OPERATOR_SIGN.search(text) else Counter()
    if not text.isascii():
        found.update(c for c in text if _unseen(c))
    return found


_HAS_OPERATOR_SIGN = re.compile(r"[=!<>&|^~%]")


def _operators(text: str) -> Counter[str]:
    """The signs between operands in ``text``, one way of writing each."""
    return Counter(_SIGN.get(m[3], m[3]) for m in _SIGNED.finditer(text) if _sign(m))


def _sign(m: re.Match[str]) -> bool:
    left, spaced, sign, right = m[1], m[2] or m[4], m[3], m[5]
    if not (_operand(left) and _operand(right)):
        return False
    if spaced or sign not in "-/–":
        return True
    digits = _DIGITS.fullmatch(left) and _DIGITS.fullmatch(right)  # "2016-17", "24/7"
    return not digits and any(c.isdigit() for c in left) and any(c.isdigit() for c in right)


def _operand(part: str) -> bool:
    """A bracket, a lone letter or digit, or a term with a digit ("3x", "2.5")."""
    return len(part) == 1 or any(c.isdigit() for c in part)


def words_of(text: str) -> tuple[str, ...]:
    """The words of a text as ``Profile.words`` has them, without the rest of a profile
    (for a clause of a text already profiled)."""
    return tuple(map(_word, _TOKEN.findall(text)))


def _word(token: str) -> str:
    return token.lower().rstrip(".") or token.lower()


# A clause before a final "that": "I want to track my package, how do I do *that*?"
# points back at the clause ("this" points at what the asker sees).
_ANAPHORA = re.compile(
    r"\w+\W+\w+\W+\w+.*?(?:[,;:]|\s[-–—]|[.!?])\s.*\b(?:that|those)\s*[?.!]*\s*$", re.I | re.S
)


def _deictic(text: str) -> bool:
    """Whether the text points at something it does not contain."""
    found = _DEICTIC.search(text)
    if found is None or _ANAPHORA.match(text):
        return False
    # "getting permission denied when I push, how do I fix *this*?": the stated case.
    return not (_statements(text) and _LAST_THIS.search(text))


_LAST_THIS = re.compile(r"\bthis\s*[?.!]*\s*$", re.I)


_NEGATING_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "anti-")  # "non-": negation


def _prefixed(words: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(word, base) for each word that may be a negating prefix + a base word."""
    return tuple(pair for word in dict.fromkeys(words) for pair in _word_prefixed(word))


@lru_cache(maxsize=65536)
def _word_prefixed(word: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (word, word[len(prefix) :])
        for prefix in _NEGATING_PREFIXES
        if word.startswith(prefix) and len(word) - len(prefix) > 3
    )


_AUXILIARIES = frozenset(
    {"do", "does", "did", "is", "are", "was", "were", "can", "could", "will", "would"}
    | {"should", "shall", "has", "have", "had", "may", "might", "must", "am"}
)
_WH = frozenset({"what", "which", "how", "why", "when", "where", "who", "whom", "whose"})


def _unseen(char: str) -> bool:
    """A symbol, or a letter of a non-Latin script (the model is English)."""
    if char.isascii():
        return False
    category = unicodedata.category(char)
    if category in _SYMBOL_CATEGORIES:
        return True
    return category.startswith("L") and not unicodedata.name(char, "").startswith("LATIN")


_QUESTION_TAG = re.compile(
    r" (?:(?:and|or|if so|if yes|if not|if yes then) )?(?:why|how|when|where)(?: or why not)? $"
)


def _questions(text: str, words: tuple[str, ...], padded: str) -> frozenset[str]:
    """The kinds of question asked: specific wh-words, a bare "how", or yes/no. A
    tag asking for the reason after the question ("Who is your role model, and
    why?", "Is history a science? Why?", "... If so, when?") leaves its kind as it is."""
    if not words or not ("?" in text or words[0] in _WH | _AUXILIARIES):
        return frozenset()  # a statement: its "when" is a conjunction
    if len(words) > 3:
        padded = _QUESTION_TAG.sub(" ", padded)
    padded = _without_conjunctions(words, padded)
    padded = _HOW_MANY_UNITS.sub(r" how long\1 ", padded)  # "how many minutes" is "how long"
    padded = _HOW_EARLY.sub(" when ", padded)  # "how early", "how many hours before": "when"
    kinds = {v for k, v in SPECIFIC_QUESTIONS.items() if f" {k} " in padded}
    if not kinds and " how " in padded:
        kinds.add("how")
    # "Can you explain ...?" asks for the explanation, not yes or no.
    yes_no = words and words[0] in _AUXILIARIES and not _WH & set(words)
    if not kinds and yes_no and not _REQUEST.match(padded):
        kinds.add("yes/no")
    return frozenset(kinds)


_DURATION_UNITS = "seconds|minutes|mins|hours|hrs|days|nights|weeks|months|years"
# "how many minutes": a duration; "how many hours *before*": a time.
_HOW_MANY_UNITS = re.compile(rf" how many (?:{_DURATION_UNITS})( (?:before|ahead|prior|early))?\b")
_HOW_EARLY = re.compile(
    r" how (?:early|late|soon|long) (?:before|ahead|prior|early)\b| how early\b"
)
# A request put as a question: "can you explain", "could you please tell me".
_REQUEST = re.compile(
    r" (?:can|could|would|will) (?:you|u) (?:please |pls )?(?:explain|tell|describe|show|give"
    r"|list|help|recommend|suggest|walk|summarize|summarise|write|define|outline|break)\b"
    r"(?! (?:me |us )?(?:if|whether)\b)"  # "can you tell me *if* it's open" asks yes or no
)


# After a wh-word that asks, an auxiliary, "to" or a degree word follows ("when *is*",
# "where *to*", "how *often*"); after one that joins two clauses, a subject or a verb
# ("required *when applying*", "... *when they* deliver it").
_ASKING_NEXT = _AUXILIARIES | frozenset(
    {"to", "'s", "many", "much", "long", "old", "far", "often", "frequently", "tall", "big"}
    | {"large", "high", "deep", "wide", "heavy", "soon", "early", "late", "exactly", "else"}
)


def _without_conjunctions(words: tuple[str, ...], padded: str) -> str:
    """``padded`` without the wh-words that join clauses rather than ask ("Is
    insurance required *when* applying?" asks yes or no; "*When* quitting, how much
    notice ...?" asks how much)."""
    joining = [
        i
        for i, w in enumerate(words[:-1])
        if w in _WH
        and words[i + 1] not in _ASKING_NEXT
        and (
            (i == 0 and w in ("when", "where") and _WH & set(words[2:]))
            or (i and words[i - 1] not in _WH)
        )
    ]
    if words[0] not in _WH | _AUXILIARIES:  # "command to *count how many* lines a file has"
        joining += [i for i in range(1, len(words) - 1) if _embedded(words, i)]
    if not joining:
        return padded
    keep = [w for i, w in enumerate(words) if i not in joining]
    return " " + " ".join(keep) + " "


# Where one clause ends and the next begins: a sentence's end, a comma, a dash, or
# "so (that)" opening a clause of the result wanted ("... so it's not soggy").
_CLAUSE_END = re.compile(r"(?<=[.!?;:])\s+|,\s+|\s+[-–—]+\s+|\s+(?=so (?:that )?\w+(?:'\w+)? )")
_REQUEST_OPENERS = frozenset(
    {"what", "which", "how", "why", "when", "where", "who", "whom", "whose", "whether"}
    | {"do", "does", "did", "is", "are", "was", "were", "can", "could", "will", "would"}
    | {"should", "shall", "has", "have", "may", "might", "must", "am", "any", "please"}
)


def _statements(text: str) -> tuple[str, ...]:
    """The clauses of ``text`` that state the asker's case rather than ask ("printer
    wont connect to wifi, *how do i set it up*", "hiccups won't stop. *how do I make
    them go away*"): all but those that open with a question word, an auxiliary or
    "please", or end with a question mark. A text none of whose clauses asks is all
    request (a terse "printer wont connect to wifi" asks about exactly that) but for a
    clause of the result wanted ("reheat pizza *so it's not soggy*")."""
    clauses = [c.strip() for c in _CLAUSE_END.split(text) if c and c.strip(" .,!;:")]
    if len(clauses) < 2:
        return ()
    asks = [c.endswith("?") or _opener(c) in _REQUEST_OPENERS for c in clauses]
    if not any(asks):  # a terse request with the result wanted: "reheat pizza so it's crisp"
        asks = [_opener(c) != "so" for c in clauses]
    return tuple(c for c, ask in zip(clauses, asks, strict=True) if not ask)


def _without(text: str, clauses: tuple[str, ...]) -> str:
    for clause in clauses:
        text = text.replace(clause, " ")
    return text


def _opener(clause: str) -> str:
    first = _TOKEN.search(clause)
    return first.group().lower() if first else ""


# Verbs after which a wh-word still asks: "tell me how many", "not sure why".
_ASKING_VERBS = frozenset(
    {"tell", "know", "explain", "show", "ask", "wonder", "wondering", "sure", "idea"}
    | {"understand", "me", "us", "learn", "out", "describe", "figure", "clue", "curious"}
)


def _embedded(words: tuple[str, ...], i: int) -> bool:
    """Whether words[i] is a wh-word that opens the object of a verb of doing ("*count*
    how many lines", "*calculate* how much tax") in a prompt that does not itself open
    as a question: what the prompt asks for is the doing, not the wh-question."""
    before = words[i - 1]
    return (
        words[i] in _WH
        and before not in _WH | _AUXILIARIES | _ASKING_VERBS
        and before not in STOPWORDS
        and before.isalpha()
    )


def negated_words(text: str) -> list[tuple[str, str]]:
    """(negator, the word after it) for each negation of ``text`` the guards count."""
    words = [w.lower() for w in _TOKEN.findall(_NEUTRAL_NEGATION.sub(" ", text))]
    return [
        (w, words[i + 1] if i + 1 < len(words) else "")
        for i, w in enumerate(words)
        if w in NEGATORS or w.endswith("n't") or w.startswith(("non-", "no-"))
    ]


def _negations(text: str) -> int:
    words = [w.lower() for w in _TOKEN.findall(_NEUTRAL_NEGATION.sub(" ", text))]
    return sum(map(_negator, words))


def _negator(word: str) -> bool:
    return word in NEGATORS or word.endswith("n't") or word.startswith(("non-", "no-"))


def _poles(words: tuple[str, ...], padded: str) -> tuple[int, ...]:
    """Per OPPOSITES group: bit 1 if the text uses the left pole, bit 2 the right."""
    found = [0] * len(OPPOSITES)
    for word in words:
        for group, bit in _word_poles(word):
            found[group] |= bit
    for phrase, group, bit in _POLE_PHRASES:
        if f" {phrase} " in padded:
            found[group] |= bit
    return tuple(found)


@lru_cache(maxsize=65536)
def _word_poles(word: str) -> tuple[tuple[int, int], ...]:
    """(group, bit) of every OPPOSITES pole one of the word's variants is in
    (memoized per word: most words are on no pole, and words recur)."""
    return tuple(pole for variant in _variants(word) for pole in _POLE_WORDS.get(variant, ()))


def pole_positions(p: Profile, group: int) -> tuple[int, int] | None:
    """Word indexes of the first left-pole and first right-pole word of an
    OPPOSITES group in ``p`` (single words only), or None if either is missing."""
    first: dict[int, int] = {}
    for i, word in enumerate(p.words):
        for g, bit in _word_poles(word):
            if g == group:
                first.setdefault(bit, i)
    return (first[1], first[2]) if len(first) == 2 else None


def pole_indexes(p: Profile, group: int) -> tuple[int, ...]:
    """Word indexes of every pole word of an OPPOSITES group in ``p`` (single words)."""
    return tuple(
        i for i, word in enumerate(p.words) if any(g == group for g, _ in _word_poles(word))
    )


_SUFFIXES = ("s", "es", "d", "ed", "ing", "er", "est", "ly")


def _variants(word: str) -> set[str]:
    """The word, its hyphen parts ("highest-paying"), and crude stems ("closed")."""
    parts = {word, *word.split("-")}
    stems = {
        p[: -len(s)] for p in parts for s in _SUFFIXES if p.endswith(s) and len(p) > len(s) + 2
    }
    return parts | stems | {stem + "e" for stem in stems}


def _pole_index() -> tuple[dict[str, list[tuple[int, int]]], list[tuple[str, int, int]]]:
    words: dict[str, list[tuple[int, int]]] = {}
    phrases: list[tuple[str, int, int]] = []
    for group, poles in enumerate(OPPOSITES):
        for bit, pole in ((1, poles[0]), (2, poles[1])):
            for term in pole:
                if " " in term:
                    phrases.append((term, group, bit))
                else:
                    words.setdefault(term, []).append((group, bit))
    return words, phrases


_POLE_WORDS, _POLE_PHRASES = _pole_index()


#: Units of a duration, as (scale, size): seconds, or months (a month has no fixed
#: number of days, a year has twelve).
_UNITS_OF_TIME = {
    "second": (0, 1), "sec": (0, 1), "minute": (0, 60), "min": (0, 60), "hour": (0, 3600),
    "hr": (0, 3600), "day": (0, 86400), "week": (0, 604800), "fortnight": (0, 1209600),
    "month": (1, 1), "year": (1, 12), "decade": (1, 120),
}  # fmt: skip
_TIME_UNIT_FORMS = frozenset(_UNITS_OF_TIME) | frozenset(f"{u}s" for u in _UNITS_OF_TIME)
_ONE = frozenset({"a", "an", "one"})


class _Durations(TypedDict, total=False):
    durations: tuple[tuple[int, float], ...]
    duration_numbers: Counter[str]
    duration_units: frozenset[str]


def _durations(words: tuple[str, ...]) -> _Durations:
    """The durations a text names, the numbers that are their amounts ("7", which the
    number guard leaves out when the durations agree) and the words of their units."""
    spans = durations(words)
    if not spans:
        return {}
    amounts: Counter[str] = Counter()
    for start, stop, _ in spans:
        for word in words[start:stop]:
            head = word.rpartition("-")[0] or word
            value = NUMBER_WORDS.get(head)
            if value is not None or _number(head):
                amounts[_fmt(float(value if value is not None else head))] += 1
    return {
        "durations": tuple(sorted(d for _, _, d in spans)),
        "duration_numbers": amounts,
        "duration_units": frozenset(words[stop - 1] for _, stop, _ in spans),
    }


def durations(words: tuple[str, ...]) -> tuple[tuple[int, int, tuple[int, float]], ...]:
    """The durations ``words`` name, each as (start, stop, (scale, amount in the
    scale's unit)): "a week" and "7 days" are one, "an hour" and "60 minutes" another."""
    found = []
    for i, word in enumerate(words):
        if word not in _TIME_UNIT_FORMS and "-" not in word:
            continue  # most words: no unit of time to read
        amount, unit = _duration_at(words, i, word)
        if unit is not None and amount is not None:
            start = i if "-" in word else i - 1
            found.append((start, i + 1, (unit[0], amount * unit[1])))
    return tuple(found)


def _duration_at(
    words: tuple[str, ...], i: int, word: str
) -> tuple[float | None, tuple[int, int] | None]:
    """(amount, unit) of a duration ending at words[i] ("7 days", "a week", "7-day")."""
    head, _, tail = word.rpartition("-")
    if head and _number(head) and lemma(tail) in _UNITS_OF_TIME:
        return float(head), _UNITS_OF_TIME[lemma(tail)]
    unit = _UNITS_OF_TIME.get(lemma(word))
    if unit is None or not i:
        return None, None
    before = words[i - 1]
    if i > 1 and (words[i - 2] in NUMBER_WORDS or words[i - 2] in SCALES):
        return None, None  # "twenty four hours": a number of two words, left to the guard
    if before in _ONE:
        return 1.0, unit
    value = NUMBER_WORDS.get(before)
    return (float(value) if value is not None else float(before) if _number(before) else None), unit


def _number(word: str) -> bool:
    return word.replace(".", "", 1).isdigit()


def _numbers(words: tuple[str, ...]) -> Counter[str]:
    found: Counter[str] = Counter()
    pending: float | None = None  # a spelled-out number being read
    for i, word in enumerate(words):
        if word == "first" and i and words[i - 1] in _DETERMINERS:  # "the first law"
            word = "1st"
        value = _word_value(word, pending)
        if value is not None:
            pending = value
            continue
        if pending is not None:
            found[_fmt(pending)] += 1
            pending = None
        found.update(_digit_numbers(word))
    if pending is not None:
        found[_fmt(pending)] += 1
    return found


_ROMAN = {"II": 2, "III": 3, "IV": 4, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "XI": 11, "XII": 12}
_ROMAN_AFTER_NAME = {"I": 1, "V": 5, "X": 10}  # "World War I", "Henry V"; not "can I"


def _roman(raw: list[str]) -> Counter[str]:
    """Roman numerals ("World War II"): uppercase, or after a capitalized name."""
    found: Counter[str] = Counter()
    for i, token in enumerate(raw):
        if token in _ROMAN:
            found[str(_ROMAN[token])] += 1
        elif token in _ROMAN_AFTER_NAME and i > 1 and _is_name_word(raw[i - 1]):
            found[str(_ROMAN_AFTER_NAME[token])] += 1
    return found


def _is_name_word(token: str) -> bool:
    return token[:1].isupper() and token.lower() not in _AUXILIARIES | _WH


def _word_value(word: str, pending: float | None) -> float | None:
    if word in NUMBER_WORDS:
        return (pending or 0) + NUMBER_WORDS[word]
    if word in SCALES and pending is not None:  # "two hundred"; a bare "thousand" is vague
        return pending * SCALES[word]
    return None


def _digit_numbers(word: str) -> list[str]:
    if word in ORDINALS:
        return [f"#{ORDINALS[word]}"]
    if word.isalpha():  # most words: no digit to read
        return []
    ordinal = _ORDINAL.match(word)
    if ordinal:
        return [f"#{int(ordinal.group(1))}"]
    out = []
    for digits in _DIGITS.findall(word):
        if _THOUSANDS.match(digits):
            digits = digits.replace(",", "")
        scale = 1000 if word.endswith(digits + "k") else 1
        out.append(_fmt(float(digits) * scale) if scale > 1 else _strip_zeros(digits))
    return out


def _strip_zeros(digits: str) -> str:
    return digits.lstrip("0") or "0" if "." not in digits else digits


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _entities(
    text: str, spans: list[tuple[str, int]], words: tuple[str, ...]
) -> tuple[frozenset[str], dict[str, str]]:
    found: dict[str, str] = {}
    for (raw, start), word in zip(spans, words, strict=True):
        known = ENTITY_CLASSES.get(word) or ENTITY_CLASSES.get(lemma(word))
        capital = raw != word
        if capital and not known and word.endswith("ic"):
            known = ENTITY_CLASSES.get(word[:-2])  # "Pythonic" names Python
        if known and (capital or word not in AMBIGUOUS):
            found.setdefault(known, word)
        elif len(raw) == 2 and _code_after_comma(raw, text[:start]):
            found.setdefault(f"code:{word}", word)  # "Portland, OR" / "Portland, ME"
        elif capital and _is_name(raw, word, text[:start]):
            found.setdefault(f"cap:{lemma(word)}", word)
            parts = word.split(".")
            if len(parts) > 1 and min(map(len, parts)) >= 2:  # not "U.S."
                found.setdefault(f"cap:{lemma(parts[-1])}", parts[-1])  # "datasets.Metric"
    return frozenset(found), found


# A name, a comma, then the token: "Portland, OR", "Paris, TX", "London, ON".
_NAME_COMMA = re.compile(r"\b[A-Z][\w.'-]*,\s*$")


def _code_after_comma(raw: str, before: str) -> bool:
    """Whether ``raw`` is a two-letter code in capitals right after a name and a comma
    (a state, province or country: "Portland, OR"): the words "or", "me", "in" are
    stopwords elsewhere."""
    return len(raw) == 2 and raw.isalpha() and raw.isupper() and bool(_NAME_COMMA.search(before))


def _is_name(raw: str, word: str, before: str) -> bool:
    if word in _PRONOUN_I or word in STOPWORDS or len(word) < 2:
        return False
    starts_sentence = not before.strip() or bool(_SENTENCE_END.search(before))
    inner_caps = any(c.isupper() for c in raw[1:])  # iPhone, PyTorch, USA
    return inner_caps or not starts_sentence
