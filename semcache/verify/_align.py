"""What differs between two short prompts once their words are aligned.

The lexical guards (semcache.verify._guards) know words: "enable" is the
opposite of "disable", "France" is a country. They miss a contrast that is on no
list ("causes" / "effects", "in air" / "in water") and a qualifier only one prompt
has ("explain gravity" / "... to a child"). The checks here need no list of the
words that differ. They drop the grammar and the request frame, which are closed
classes (``FUNCTION_WORDS``: articles, pronouns, auxiliaries, light prepositions,
"how do I", "can you tell me"), and judge the *shape* of what is left:

- ``payload``: both prompts carry a text to work on (after "Instruction:", in
  quotes or a code block) and the texts differ: "Rewrite in passive voice: The cat
  chased the mouse." / "...: The dog chased the cat.";
- ``time``: they name different times ("now" / "tomorrow"; "now" is what a prompt
  without a time means);
- ``qualifier``: one prompt has content words the other lacks, and not the other
  way round: an audience, population, place, possessor, diet or length added;
- ``substitution``: each has up to two content words the other lacks and the
  model's similarity stays below a floor. A swap *in place* (the rest of the two
  prompts is the same sentence, grammar and frame included, give or take one word)
  is how a look-alike is made, and a synonym swapped in keeps the two prompts very
  close ("write" / "compose" a limerick: 0.97) while a contrasting word does not
  ("author" / "illustrator": 0.86, "in the wild" / "in captivity": 0.91), so its
  floor is ``swap_floor``. A swap inside a reworded sentence ("What is the speed of
  sound?" / "How fast does sound travel?") is how a paraphrase is made; its floor
  is the lower ``reworded_floor``. A word that is the other with a prefix ("ripe" /
  "overripe", "upgrade" / "downgrade") is a swap at any similarity;
- ``edit``: the two are one sentence with content words swapped in place, and no
  stem, root, typo, alias or WordNet synonym matches a swapped word. The burden is
  inverted for this shape: the model's similarity is no proof ("cheaper to *run*" /
  "to *install*" is 0.96). It runs last, so a check that knows the change names it;
- ``order``: the same words, two content words trading places ("cats get along
  with rabbits" / "rabbits get along with cats", "Berlin to Rome" / "Rome to
  Berlin"), unless a symmetric word stands between them ("and", "or", "vs").

The same in-place test splits ``qualifier``: content words added to the same
sentence are a qualifier at any similarity; added inside a rewording ("What does
a cardiologist do?" / "What is the job of a cardiologist?") they are judged by
``reworded_floor``.

Words count as the same through morphology (a shared root once derivational
endings are cut: "summary" / "summarize"), a one-letter typo in a long word, and the
guards' own entity ids ("km" / "kilometre"). The checks run only on prompts of at
most ``MAX_WORDS`` words and ``MAX_CONTENT`` content words outside the payload: a
passage rewords freely, and its added words are rarely qualifiers.

Measured on benchmarks/data/dev13.jsonl and the other dev sets (docs/quality.md,
"Checks that generalize"); refusing a paraphrase costs one LLM call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise, product

from ._clauses import clauses
from ._guards import ALIAS_GROUPS, conflict
from ._lexicon import (
    ACCEPTABLE_PHRASES,
    ADVICE_PHRASES,
    ARTICLES,
    ASKER,
    CAUSATION,
    CONTENT_PARTICLES,
    DERIVATION_SUFFIXES,
    ENTITY_CLASSES,
    EXTENTS,
    FIRST_PERSON,
    FRAME_WORDS,
    FREQUENCY_PHRASES,
    FREQUENCY_UNITS,
    FREQUENCY_WORDS,
    FUTURE_AUXILIARIES,
    GRAMMAR_WORDS,
    LIFECYCLE,
    MODES,
    NEGATORS,
    NUMBER_WORDS,
    OBLIGATION_PHRASES,
    OPENING_MODALS,
    PARTICLE_OPPOSITES,
    PAST_AUXILIARIES,
    PERMISSION_PHRASES,
    QUALIFIER_CLASSES,
    QUANTIFIERS,
    RELATIONAL_WORDS,
    SAFETY_PHRASES,
    SCHOOLING,
    SOMEONE,
    STAGES,
    SYMMETRIC_WORDS,
    THIRD_PERSON,
    TIME_PHRASES,
    TIME_PREFIXES,
    TIME_UNITS,
    TIME_WORDS,
    WORD_PREFIXES,
)
from ._profile import durations, lemma, profile, words_of
from ._wordnet import ANTONYM, COHYPONYM, SYNONYM, Relations, load

__all__ = [
    "DEFAULT_REWORDED_FLOOR",
    "DEFAULT_SWAP_FLOOR",
    "DIFFERENCES",
    "MAX_CONTENT",
    "MAX_WORDS",
    "Shape",
    "difference",
    "shape",
]

#: Below this similarity, one or two content words swapped in place (the rest of the
#: sentence the same) make a different prompt.
DEFAULT_SWAP_FLOOR = 0.93
#: Below this similarity, words swapped or added inside a reworded sentence do.
DEFAULT_REWORDED_FLOOR = 0.80
#: Words of grammar or frame that may differ, outside what was swapped or added, for
#: a difference to count as made in place ("When *was* the last bus?" / "When *is*
#: the next bus?" is one sentence with a word swapped).
IN_PLACE = 1
#: Prompts longer than this (words outside the payload) are not aligned...
MAX_WORDS = 30
#: ...nor are those with more content words than this: a chatty prompt has many
#: words of grammar and frame, a passage many content words (GPTCache's statements:
#: 3 in 4 have more than 7, a hand-written prompt rarely has more than 5).
MAX_CONTENT = 7
_MAX_ADDED_CONTENT = 10  # ...unless all but a qualifier of up to 3 words is the other prompt
_SIBLING_REWORDING = 2  # words reworded around a swap for a WordNet sibling to decide
_MAX_SWAPPED = 2  # content words per side: more is a rewording, left to the threshold
_MAX_HEAD = 8  # words before the colon of "Instruction: payload"
_MIN_ROOT = 4
_MIN_PREFIXED_ROOT = 3  # "ripe" stems to "rip"
_MIN_TYPO = 6  # a one-letter typo is read as the word from this length on
_MIN_SHORT_TYPO = 4  # ...and from 4 letters when one of the two is no word (``typo``)

_QUOTED = re.compile(
    r"```(?P<fence>.+?)```|\"(?P<dq>[^\"]+)\"|“(?P<curly>[^”]+)”|`(?P<tick>[^`]+)`"
    r"|(?<!\w)'(?P<sq>[^']+)'(?!\w)",
    re.S,
)
_HEAD = re.compile(r"^(?P<head>[^:\n]{1,80}?):\s+(?P<tail>\S.*)$", re.S)
_NOT_WORD = re.compile(r"[\W_]+")


_CONTENT, _FRAME, _GRAMMAR = "content", "frame", "grammar"


# Compared and hashed by identity: ``shape`` memoizes one per text, and the checks'
# memos of a shape's features (``_parties``, ``_roles``) are keyed by it; hashing its
# fields cost more than those checks do.
@dataclass(frozen=True, slots=True, eq=False)
class Shape:
    """What the alignment checks compare of one prompt (memoized per text)."""

    words: tuple[str, ...]  # every word outside the payload, canonical, in order
    stems: tuple[str, ...]  # the same words stemmed
    kinds: tuple[str, ...]  # per word: "content", "frame" (request frame) or "grammar"
    ids: tuple[str, ...]  # per word: the guards' entity id ("unit:km"), or ""
    times: frozenset[str]  # canonical times named ("tomorrow", "next week"); "now" left out
    payload: str | None  # the text worked on, normalized; None if there is none
    content: tuple[tuple[str, str], ...] = ()  # (stem, entity id) of the content words
    durations: tuple[tuple[int, float], ...] = ()  # as the guards' (see _profile.durations)
    duration_words: tuple[str, ...] = ()  # stems of their amounts and units
    stated_times: frozenset[str] = frozenset()  # times named only where the asker states
    # their case ("it's my first day at a new job *tomorrow*, what should I bring?")
    stated_words: frozenset[str] = frozenset()  # stems of what those clauses are about
    # What the alignment reads of each side on every comparison, made once per text:
    padded: str = ""  # " w1 w2 ... " for phrase look-ups
    content_stems: frozenset[str] = frozenset()
    cases: tuple[str, ...] = ()  # the clauses stating the asker's case (Profile.cases)
    request: str = ""  # the text without them
    names: frozenset[str] = frozenset()  # capitalised names, lower-cased ("comcast")
    code: str = ""  # a payload with code symbols, as written, spaces and end stop dropped


@lru_cache(maxsize=8192)
def shape(text: str) -> Shape:
    """The shape of ``text`` (memoized; a pure function of the text)."""
    text = _without_courtesy(text)
    payload = _payload(text)
    frame = text if payload is None else text.replace(payload, " ")
    if payload is None:
        return _shape_of(frame, None)
    own = _shape_of(frame, _NOT_WORD.sub(" ", payload.lower()).strip())
    return replace(own, code=_code(payload)) if _CODE_SYMBOLS.search(payload) else own


#: Characters that make a payload code ("^\\d{3}$", "a[i] += 1", "x <= y"): there every
#: symbol counts, where prose payloads are compared by their words.
_CODE_SYMBOLS = re.compile(r"[$^\\{}\[\]<>|=*+&%#@~]")
_END_STOP = re.compile(r"[\s.?!,;:]+$")


def _code(payload: str) -> str:
    return _END_STOP.sub("", "".join(payload.split()))


def _shape_of(text: str, payload: str | None) -> Shape:
    words = _canonical_words(text)
    ids = tuple(ENTITY_CLASSES.get(w) or ENTITY_CLASSES.get(lemma(w)) or "" for w in words)
    stems, kinds = tuple(stem(w) for w in words), _kinds(words)
    content = tuple((t, i) for t, k, i in zip(stems, kinds, ids, strict=True) if k == _CONTENT)
    spans = durations(tuple(words))
    timed = tuple(stems[k] for start, stop, _ in spans for k in range(start, stop))
    return Shape(
        tuple(words), stems, kinds, ids, _times(words), payload, content,
        tuple(sorted(d for _, _, d in spans)), timed, *_stated_times(text),
        f" {' '.join(words)} ", frozenset(t for t, _ in content), *_case_and_request(text),
        _names(text),
    )  # fmt: skip


def _names(text: str) -> frozenset[str]:
    """The words of ``text`` that are capitalised names ("Comcast", "Sarah")."""
    named = profile(text).entity_words
    return frozenset(word for key, word in named.items() if key.startswith("cap:"))


def _case_and_request(text: str) -> tuple[tuple[str, ...], str]:
    own = profile(text)
    return own.cases, own.request


def _stated_times(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The times ``text`` names only in clauses that state the asker's own case (in the
    first person: "I have an interview *next week*, any tips?"), and the stems of those
    clauses' content words other than names and times. Such a time says when the case
    happens, not what is asked; a time in the request itself is asked."""
    own = profile(text)
    stated: set[str] = set()
    named: set[str] = set()
    for case in own.cases:
        words = words_of(case)
        if _own_case(words):
            canonical = _canonical(words)
            stated |= _times(canonical)
            named.update(stem(w) for w in canonical if _kind(w) == _CONTENT and _plain(w))
    if not stated:
        return frozenset(), frozenset()
    return frozenset(stated) - _times(_canonical(words_of(own.request))), frozenset(named)


#: The first person contracted ("*I'm* heading to Italy next month"), which
#: ``FIRST_PERSON`` (whole pronouns) does not hold.
_FIRST_PERSON_CONTRACTED = frozenset(
    {"i'm", "im", "i've", "ive", "i'd", "i'll", "we're", "we've", "we'll", "we'd"}
)
_CASE_FILLERS = frozenset({"so", "ok", "okay", "well", "and", "but", "currently", "just"})


def _own_case(words: tuple[str, ...]) -> bool:
    """Whether a clause states the asker's own case: in the first person, or opening
    with a participle whose subject, the asker, is left out ("*renting* a car in Italy
    next month - what paperwork ...", "*going* to Iceland in January!! what to pack")."""
    if (FIRST_PERSON | _FIRST_PERSON_CONTRACTED) & set(words):
        return True
    opening = next((w for w in words if w not in _CASE_FILLERS), "")
    return len(opening) > 5 and opening.endswith("ing") and _kind(opening) == _CONTENT


def _plain(word: str) -> bool:
    """A content word that is no name, unit or time: what a case is about."""
    known = ENTITY_CLASSES.get(word) or ENTITY_CLASSES.get(lemma(word))
    return not known and word not in TIME_WORDS and word not in TIME_UNITS


# Courtesy around a request: greetings, apologies and thanks, and the frames of asking
# for help ("would you happen to know", "could you please help me find out").
_GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|greetings|good (?:morning|afternoon|evening|day))"
    r"(?: there| all| everyone)?"
    r"|excuse me|(?:i'?m |i am )?(?:so |really |very )?sorry(?: to (?:bother|trouble) you"
    r"| for the (?:basic|dumb|silly|stupid|naive) question"
    r"| for the (?:hassle|bother|trouble|inconvenience))?"
    # an address, a wish for the reader, leave asked ("Dear assistant,", "I hope you're
    # well.", "If you have a moment,"): courtesy before the request
    r"|dear (?:assistant|sir(?: or madam)?|madam|team|support(?: team)?|all)"
    r"|(?:i )?hope (?:you'?re|you are|all is) (?:well|doing well|good"
    r"|having an? (?:nice|good|great|lovely|wonderful) day)"
    r"|if you have an? (?:moment|minute|second|sec)"
    r"|i'?d appreciate (?:your|any|some) help)\s*[,.!:;]+\s*(?:but\s+)?",
    re.I,
)
# A remark on the question itself before it: "quick question,", "ok dumb question
# probably but", "random q:".
_PREAMBLE = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|so|um+|well)\s*,?\s+)?(?:(?:this is )?(?:probably )?(?:a |one )?)?"
    r"(?:quick|dumb|silly|stupid|basic|random|simple|small|noob|newbie) (?:question|q)"
    r"(?: (?:probably|here|for you))?\s*(?:[,.!:;-]+\s*(?:but\s+)?|\s+but\s+)",
    re.I,
)
_THANKS = re.compile(
    r"[\s,.!?]*\b(?:(?:with )?(?:many )?thanks|thank you|thx|much appreciated|cheers|much obliged"
    r"|(?:i'?d|i would) be (?:most |very |really |so )?(?:grateful|thankful))"
    r"(?: (?:so much|a lot|very much|in advance|kindly))?[.!]*\s*$",
    re.I,
)
_ASKING_FOR_HELP = re.compile(
    r"\b(?:would|do) you happen to know\b"
    r"|\bcould you (?:please )?help me (?:find out|figure out)\b"
    r"|\b(?:could|can|would) you (?:please )?help me with (?=(?:how|what|which|where|when|why)\b)"
    r"|\b(?:would|could|can) you (?:please )?(?:be able to )?(?:kindly )?"
    r"(?:let me know|advise me(?: on)?)(?=\s)"
    r"|\bwould you (?:please )?mind (?:kindly )?(?=(?:explaining|telling me)\b)"
    r"|\b(?:i|we)(?: would|'?d) (?:really |most |very |so )?"
    r"(?:appreciate it|be (?:grateful|thankful)) if you could (?:please )?"
    r"(?:kindly )?(?=\w)"
    r"|\b(?:would|could|will) you (?:please )?be so kind as to (?=\w)",
    re.I,
)
_YOU_ALL = re.compile(r"\byou (?:guys|all|folks)\b(?! (?:of|are)\b)", re.I)  # "do you guys ship"


def _without_courtesy(text: str) -> str:
    """``text`` without greetings, apologies and thanks before or after the request, a
    remark on the question ("quick question,") and the frames of asking for help."""
    while (found := _GREETING.match(text) or _PREAMBLE.match(text)) and found.end() < len(text):
        text = text[found.end() :]
    text = _THANKS.sub("?" if text.rstrip().endswith("?") else "", text, count=1)
    return _YOU_ALL.sub("you", _ASKING_FOR_HELP.sub(" ", text))


def _payload(text: str) -> str | None:
    """The text a prompt works on: in a code block or quotes, or after the colon of a
    short instruction ("Summarize: ..."); None for a prompt without one."""
    quoted = _QUOTED.search(text)
    if quoted:
        return next(group for group in quoted.groups() if group)
    head = _HEAD.match(text.strip())
    if head and _instruction(head["head"]) and "//" not in head["tail"][:2]:
        return None if _asks(head["tail"]) else head["tail"]
    return None


def _asks(tail: str) -> bool:
    """Whether the text after a colon is the question itself ("Best Buy open-box
    items: what does that mean?"), not a text to work on."""
    words = tail.lower().split()
    return tail.rstrip().endswith("?") and len(words) <= _MAX_HEAD and words[0] in _ASKING


_ASKING = frozenset(
    [
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "how",
        "why",
        "when",
        "where",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "must",
    ]
)


def _instruction(head: str) -> bool:
    """Whether the words before a colon can be an instruction ("Translate to German"),
    not a label ("msg2", "Q3") or a title ("Daniel Ek", "Harvard College Courses")."""
    words = head.split()
    if not words or len(words) > _MAX_HEAD or not any(w.isalpha() for w in words):
        return False
    return len(words) == 1 or not all(w[:1].isupper() for w in words)


def _canonical_words(text: str) -> list[str]:
    """Lower-case words with times canonical ("right now" -> "now", "yesterday's" ->
    "yesterday"), hyphenated words split, spelled-out numbers as digits and a percent
    sign as the word ("15%" / "15 per cent" -> "15 percent")."""
    return _canonical(profile(text).words)


def _canonical(words: tuple[str, ...]) -> list[str]:
    """``_canonical_words`` of words already split."""
    padded = " " + " ".join(_timeless_possessive(w) for w in words) + " "
    for phrase, canonical in _TIME_PHRASES_LONGEST_FIRST:
        if phrase in padded:  # most texts name no time: a scan, not a copy
            padded = padded.replace(phrase, canonical)
    out: list[str] = []
    padded = padded.replace(" per cent ", " percent ").replace(" with out ", " without ")
    for word in padded.split():
        for part in word.split("-"):
            if len(part) > 1 and part.endswith("%"):  # "15%" is "15 percent"
                out.extend((part[:-1], "percent"))
            elif part in _ROMAN and out and out[-1].isalpha():  # "World War II", "Type II"
                out.append(_ROMAN[part])
            elif part:
                value = NUMBER_WORDS.get(part)
                pronoun = part == "one" and (out[-1:] and out[-1] in _BEFORE_PRONOUN_ONE)
                out.append(part if value is None or pronoun else f"{value:g}")
    return out


# The Roman numerals of names ("World War II" / "world war 2", "Type II").
_ROMAN = {"ii": "2", "iii": "3"}

# "How does *one* ...", "Can *one* ...": the pronoun (grammar), not the number.
_BEFORE_PRONOUN_ONE = frozenset(
    {"does", "do", "did", "can", "could", "should", "would", "will", "must", "might", "may"}
)


_TIME_PHRASES_LONGEST_FIRST = [
    (f" {phrase} ", f" {canonical} ")
    for phrase, canonical in sorted(TIME_PHRASES.items(), key=lambda kv: -len(kv[0]))
]


def _timeless_possessive(word: str) -> str:
    """A time in the possessive is the time: "yesterday's game", "this week's news"."""
    base = word[:-2] if word.endswith(("'s", "’s")) else word
    return base if base in TIME_WORDS or base in TIME_UNITS or base in TIME_PHRASES else word


def _kinds(words: list[str]) -> tuple[str, ...]:
    kinds = []
    for i, word in enumerate(words):
        if i and words[i - 1] == "which":  # "which city is ...": the wh-target named again
            kinds.append(_FRAME)
        elif word == "going" and words[i + 1 : i + 2] == ["to"]:  # the future: "will"
            kinds.append(_GRAMMAR)
        elif word == "order" and words[i - 1 : i] == ["in"] and words[i + 1 : i + 2] == ["to"]:
            kinds.append(_GRAMMAR)  # "in order to" is "to"
        elif _grammatical(words, i):
            kinds.append(_GRAMMAR)
        elif _framing(words, i):
            kinds.append(_FRAME)
        else:
            kinds.append(_kind(word))
    return tuple(kinds)


# Phrases of the request frame made of content words: "tips for *doing well* in an
# interview" are tips for the interview, "what *counts as* a good score" asks what one is.
_DOING = frozenset({"do", "does", "did", "doing", "done"})
_COUNTING_AS = frozenset({"count", "counts", "qualify", "qualifies"})


def _framing(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is a content word in a phrase of the request frame."""
    word = words[i]
    if word == "well":
        return i > 0 and words[i - 1] in _DOING
    if word in _PLAINLY:  # "explain *in simple* terms", "*in plain* words"
        return words[i - 1 : i] == ["in"]
    if word in _WORDING:
        return words[i - 2 : i - 1] == ["in"] and words[i - 1] in _PLAINLY
    if word in _LISTING:  # "*list* the questions illegal to ask" is "what questions are"
        return i == 0 or words[i - 1] in _BEFORE_IMPERATIVE
    return word in _COUNTING_AS and words[i + 1 : i + 2] == ["as"]


# Verbs that ask for the items of a class when they open the request (an imperative);
# elsewhere they are the thing asked about ("a packing *list*", "a domain *name*").
_LISTING = frozenset({"list", "name"})
# "Explain *in simple terms*", "*in plain English*": how plainly to answer, which any
# answer to the bare question already is; an audience named ("to a child") is not this.
_PLAINLY = frozenset({"simple", "simpler", "plain", "layman's", "laymans", "lay"})
_WORDING = frozenset({"terms", "words", "language"})
_BEFORE_IMPERATIVE = frozenset({"please", "you", "pls", "plz", "and"})


def _grammatical(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is a content word in a phrase that does the work of grammar:
    "is ice *able* to float" is "can ice float", "float on *top* of water" is "float on
    water" (a modal and a preposition written in more words)."""
    word = words[i]
    if word == "able":
        return words[i + 1 : i + 2] == ["to"]
    return word == "top" and words[i - 1 : i] == ["on"] and words[i + 1 : i + 2] == ["of"]


#: Adverbs that hedge or stress a question without changing what it asks.
_HEDGES = frozenset(
    {"usually", "typically", "generally", "normally", "exactly", "actually", "really"}
    | {"basically", "commonly"}
)


@lru_cache(maxsize=65536)
def _kind(word: str) -> str:
    """Grammar, request frame or content, in any inflection ("makes", "making")."""
    if word in CONTENT_PARTICLES:
        return _CONTENT
    if word in NEGATORS or word.endswith("n't"):
        return _GRAMMAR  # the negation guard compares negations
    if word in _HEDGES:
        return _GRAMMAR  # "what time does check-in *usually* start": the same question
    forms = _forms(word)
    if any(form in GRAMMAR_WORDS for form in forms):
        return _GRAMMAR
    return _FRAME if any(form in FRAME_WORDS for form in forms) else _CONTENT


def _forms(word: str) -> tuple[str, ...]:
    base = lemma(word)
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            cut = word[: -len(suffix)]
            return (word, base, cut, cut + "e", cut[:-1] if cut[-1:] == cut[-2:-1] else cut)
    return (word, base)


def _times(words: list[str]) -> frozenset[str]:
    found = set()
    for i, word in enumerate(words):
        if word in TIME_UNITS and i and words[i - 1] in TIME_PREFIXES:
            found.add(f"{words[i - 1]} {word}")
        elif word in TIME_WORDS and word != "now":
            found.add(word)
    return frozenset(found)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem: the guards' lemma, one inflection cut ("growing" -> "grow"), a
    doubled final consonant and a final e dropped ("running" -> "run", "change" ->
    "chang", so "changing" meets it). A short base keeps its inflection only if
    nothing with a vowel is left ("used", "using" and "use" meet; "sing", "bred" and
    "seed" stay as they are)."""
    word = lemma(word)
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and _cuttable(word, suffix):
            word = word[: -len(suffix)]
            if len(word) == 2:  # "us-ed", "ag-ing": the base is "use", "age"
                word += "e"
            break
    # A doubled consonant, or ee ("agree" / "agreed"); never a doubled vowel that is a
    # letter of its own (the numerals "viii" / "vii" are two words).
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsaiouy":
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


_VOWELS = frozenset("aeiouy")
_SHORT_EED = 5  # "seed", "need", "bleed" are words; "agreed" is "agree" + d


def _cuttable(word: str, suffix: str) -> bool:
    """Whether ``suffix`` may be cut: three letters must be left, or (for -ing and
    -ed) two with a vowel ("us-ing", "ag-ed"; not "s-ing", "r-ed", "se-ed")."""
    rest = word[: -len(suffix)]
    if len(rest) >= 3:
        return not (suffix == "ed" and rest.endswith("e") and len(word) <= _SHORT_EED)
    return (
        suffix in ("ing", "ed") and len(rest) == 2 and bool(_VOWELS & set(rest)) and rest[-1] != "e"
    )


@lru_cache(maxsize=65536)
def same_word(x: str, y: str) -> bool:
    """Whether two stems name the same thing: one root, a typo, or WordNet synonyms
    ("fix" / "repair", "autumn" / "fall")."""
    if x == y or _roots(x) & _roots(y) or _y_to_i(x) == _y_to_i(y):
        return True
    if x in _CONTRASTING and y in _CONTRASTING:  # "X vs Y" / "the difference between X and Y"
        return True
    if (max(len(x), len(y)) >= _MIN_TYPO and _one_edit(x, y)) or typo(x, y):
        return True
    return related(x, y) == SYNONYM


# The words that set two things side by side to tell them apart, as stems: one frame
# however it is written ("X vs Y", "how does X differ from Y", "the distinction between
# X and Y", "how to distinguish X from Y"). Not "similarity", which asks the other way,
# nor "separate", which is also an act ("separate the eggs").
_CONTRASTING = frozenset(
    map(stem, ("vs", "versus", "difference", "distinction", "differ", "distinguish"))
)


def _agents_matched(only: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """``only`` without the words the other side's words name the doer of, or that
    name the doer of one of them: "who *wrote* X" / "X *author*". Only in a "who"
    question, which asks for the doer: elsewhere "drive" and "driver" are two things."""
    return tuple(x for x in only if not any(_agent_of(x, y) or _agent_of(y, x) for y in other))


def _agent_of(verb: str, noun: str) -> bool:
    """Whether ``noun`` names who does ``verb``: its agent noun ("translate" /
    "translator") or a synonym of it ("wrote" / "author", through "writer")."""
    agents = agent_nouns(verb)
    return noun in agents or any(related(agent, noun) == SYNONYM for agent in agents)


@lru_cache(maxsize=16384)
def agent_nouns(verb: str) -> tuple[str, ...]:
    """The agent nouns a verb's stem may make, as stems, among known words ("writ" ->
    "writer", "translat" -> "translator", "paint" -> "painter")."""
    base = _IRREGULAR_PAST.get(verb, verb)
    return tuple(f for f in (base + "er", base + "or", base + "r") if known(f))


# Irregular pasts of the verbs of making, whose agent a "who" question asks for.
_IRREGULAR_PAST = {
    "wrot": "writ", "drew": "draw", "sang": "sing", "built": "build", "mad": "mak",
    "made": "mak", "led": "lead", "ran": "run", "won": "win",
    "spok": "speak", "said": "say", "taught": "teach", "told": "tell", "sold": "sell",
}  # fmt: skip


@lru_cache(maxsize=65536)
def typo(x: str, y: str) -> bool:
    """Whether one of two stems is a misspelling of the other: the same first letter,
    4 letters or more, one of the two no word (``known``) and the other one edit away
    (a letter inserted, dropped, changed, or two neighbours swapped: "wirte" /
    "write", "qeury" / "query", "showr" / "shower"). Two real words a letter apart
    ("cast" / "cost", "restrain" / "restraint") are two words, and two edits make
    another word as often as a typo ("hyperthyroidism" / "hypothyroidism",
    "exothermic" / "endothermic", both unknown to the word list: measured, dropped)."""
    if x == y or x[:1] != y[:1] or min(len(x), len(y)) < _MIN_SHORT_TYPO:
        return False
    if not (x.isalpha() and y.isalpha()) or (known(x) and known(y)):
        return False
    return _one_edit(x, y)


def known(word_stem: str) -> bool:
    """Whether a stem is that of a word the tokenizer keeps whole or WordNet relates
    (``data/words.txt``, ``data/wordnet.txt``): a misspelling is neither."""
    return word_stem in _known_stems()


@cache
def _known_stems() -> frozenset[str]:
    text = resources.files(__package__).joinpath("data/words.txt").read_text("utf-8")
    words = {stem(w) for w in text.split() if not w.startswith("#") and w.isalpha()}
    relations = wordnet()
    words.update(relations.synonyms, relations.antonyms, relations.cohyponyms)
    return frozenset(words)


@cache
def wordnet() -> Relations:
    """WordNet's relations, indexed by stem (loaded once, on first use)."""
    return load(stem)


@lru_cache(maxsize=65536)
def related(x: str, y: str) -> str | None:
    """WordNet's relation between two stems: SYNONYM, ANTONYM, COHYPONYM or None."""
    return wordnet().relation(x, y)


def _y_to_i(word: str) -> str:
    """A final y as i, so the stems of "cookies" ("cooky") and "cookie" ("cooki") meet."""
    return word[:-1] + "i" if word.endswith("y") and len(word) > 3 else word


@lru_cache(maxsize=16384)
def _roots(word: str) -> frozenset[str]:
    """The word and what is left of it with one derivational ending cut (the stem
    may have lost a final e: "summaris(e)" -> "summar")."""
    roots = {word}
    for form in (word, word + "e"):
        for suffix in DERIVATION_SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= _MIN_ROOT:
                roots.add(form[: -len(suffix)])
    return frozenset(r for r in roots if len(r) >= _MIN_ROOT)


def _one_edit(x: str, y: str) -> bool:
    """One letter inserted, dropped, changed, or two neighbours swapped."""
    if abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        diff = [i for i in range(len(x)) if x[i] != y[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]]
            and x[diff[1]] == y[diff[0]]
        )  # fmt: skip
    short, long = sorted((x, y), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def prefixed(x: str, y: str) -> bool:
    """Whether one word is the other with a prefix added or changed ("ripe" /
    "overripe", "upgrade" / "downgrade")."""
    for a, b in ((x, y), (y, x)):
        for prefix in WORD_PREFIXES:
            if a.startswith(prefix) and len(a) - len(prefix) >= _MIN_PREFIXED_ROOT:
                root = a[len(prefix) :]
                if b == root or any(b == p + root for p in WORD_PREFIXES if p != prefix):
                    return True
    return False


def _only_in(
    a: Iterable[tuple[str, str]],
    b: tuple[tuple[str, str], ...],
    stems: frozenset[str] | None = None,
) -> tuple[str, ...]:
    """Stems of the words of ``a`` that no word of ``b`` (whose stems are ``stems``)
    matches (by stem, root, typo or entity id). A word of ``b`` that ``a`` names too is
    its own match, not another word's: "a misdemeanor and an *infraction*" / "a
    misdemeanor and a felony" (WordNet's synonyms), "compounded *annually* over 10
    years" / "compounded daily over 10 years" (through "yearly") name two things."""
    if stems is None:  # the common case, the same stem, is found without the full match
        stems = frozenset(y for y, _ in b)
    own = frozenset(x for x, _ in a)
    return tuple(
        dict.fromkeys(
            x
            for x, xid in a
            if x not in stems
            and not any((same_word(x, y) and y not in own) or (xid and xid == yid) for y, yid in b)
        )
    )


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two prompts' shapes, the content words each has that the other lacks, whether
    each such word stands where the other prompt has a word of its request frame (a
    swap: "*see* my invoices" / "*find* my invoices") rather than nothing or only
    grammar (an addition: "my *manager's* password"), and how much of the rest of the
    sentence was reworded."""

    a: Shape
    b: Shape
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    added: bool  # some word of only_a / only_b is an addition, not a swap
    rewording: int  # words of the rest that differ (see _rewording)
    opcodes: tuple[tuple[str, int, int, int, int], ...]  # difflib's, over the stems
    similarity: float
    swap_floor: float
    reworded_floor: float
    slot: bool = False  # the one difference is a prepositional phrase (see _slot_swap)

    @property
    def in_place(self) -> bool:
        """Whether the difference was made in one sentence kept as it was: the rest
        reworded by at most ``IN_PLACE`` words, or one phrase of place, tool or medium
        swapped whole ("cook rice *on the stove*" / "*in an Instant Pot*")."""
        return self.rewording <= IN_PLACE or self.slot


def align(
    a: Shape,
    b: Shape,
    similarity: float,
    swap_floor: float,
    reworded_floor: float = DEFAULT_REWORDED_FLOOR,
) -> Alignment:
    """Align the words of two shapes (difflib) and classify what differs."""
    only_a = _misspelt(a, _unaliased(a, _only_in(a.content, b.content, b.content_stems), b), b)
    only_b = _misspelt(b, _unaliased(b, _only_in(b.content, a.content, a.content_stems), a), a)
    if only_a or only_b:  # "jet lag" / "jetlag", "node js" / "nodejs", "left overs"
        only_a, only_b = _compounded(a, only_a, b, only_b)
        only_b, only_a = _compounded(b, only_b, a, only_a)
    if (only_a or only_b) and a.durations and a.durations == b.durations:
        only_a, only_b = _timeless(a, only_a), _timeless(b, only_b)  # "a week" / "7 days"
    if only_a and only_b and "who" in (a.words[:1] + b.words[:1]):
        only_a, only_b = _agents_matched(only_a, only_b), _agents_matched(only_b, only_a)
    opcodes = tuple(SequenceMatcher(None, a.stems, b.stems, autojunk=False).get_opcodes())
    added = False
    if bool(only_a) != bool(only_b):
        for tag, i1, i2, j1, j2 in opcodes:
            if tag != "equal" and (
                _adds(b, j1, j2, only_b, a.kinds[i1:i2]) or _adds(a, i1, i2, only_a, b.kinds[j1:j2])
            ):
                added = True
                break
    rewording = _rewording(a, b, only_a, only_b)
    slot = bool(only_a and only_b) and _slot_swap(a, b, opcodes)
    return Alignment(
        a, b, only_a, only_b, added, rewording, opcodes, similarity, swap_floor, reworded_floor,
        slot,
    )  # fmt: skip


#: Prepositions that open a phrase of place, tool, medium or platform.
_SLOT_OPENERS = frozenset(
    {"in", "on", "at", "with", "using", "via", "through", "inside", "onto", "as"}
)
_MAX_SLOT = 5  # words of such a phrase


def _slot_swap(a: Shape, b: Shape, opcodes: tuple[tuple[str, int, int, int, int], ...]) -> bool:
    """Whether the two are one sentence with one prepositional phrase swapped whole for
    another, at the same place ("cook brown rice *on the stove*" / "*in an Instant
    Pot*", "subtitles *on my smart TV*" / "*in the web browser*"): a filler of the same
    slot, however its preposition and article change, or after the same preposition
    ("the verbs *as flashcards*" / "*as a paragraph of prose*"). The phrase's grammar is
    part of the swap, not a rewording of the rest."""
    changed = [op for op in opcodes if op[0] != "equal"]
    if len(changed) != 1 or changed[0][0] != "replace":
        return False
    _, i1, i2, j1, j2 = changed[0]
    if max(i2 - i1, j2 - j1) > _MAX_SLOT or not (i1 and j1):
        return False
    if a.words[i1 - 1] in _SLOT_OPENERS:  # the preposition kept, its object swapped
        return _CONTENT in a.kinds[i1:i2] and _CONTENT in b.kinds[j1:j2]
    return all(
        s.words[k] in _SLOT_OPENERS and _CONTENT in s.kinds[k + 1 : stop]
        for s, k, stop in ((a, i1, i2), (b, j1, j2))
    )


def _compounded(
    s: Shape, only_s: tuple[str, ...], other: Shape, only_other: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``only_s`` and ``only_other`` without the two words of ``s`` that ``other``
    writes as one ("jet lag" / "jetlag", "node js" / "node.js"): one compound, two
    notations."""
    if not only_s or not only_other:
        return only_s, only_other
    for k in range(len(s.words) - 1):
        pair = (s.stems[k], s.stems[k + 1])
        one = _compounds(other).get(_joined(s.words[k] + s.words[k + 1]))
        if one in only_other and any(t in only_s for t in pair):
            only_s = tuple(t for t in only_s if t not in pair)
            only_other = tuple(t for t in only_other if t != one)
    return only_s, only_other


@lru_cache(maxsize=8192)
def _compounds(s: Shape) -> dict[str, str]:
    """Each word of ``s`` written without dots and hyphens ("nodejs") -> its stem."""
    return {_joined(w): t for w, t in zip(s.words, s.stems, strict=True)}


def _joined(word: str) -> str:
    return word.replace(".", "").replace("-", "")


def _timeless(s: Shape, only: tuple[str, ...]) -> tuple[str, ...]:
    """``only`` without the words of the durations ``s`` names (their amounts and units),
    when the other prompt names the same durations another way."""
    words = set(s.duration_words)
    return tuple(t for t in only if t not in words)


def _misspelt(s: Shape, only: tuple[str, ...], other: Shape) -> tuple[str, ...]:
    """``only`` without the misspellings of a word the other prompt has, as written or
    as stems ("baek" / "bake"): a misspelt word is no word, so it reads as content even
    where it misspells a word of the frame ("how to *wirte* a query" / "how do I
    *write* a query")."""
    if not only:
        return only
    words = {x: w for w, x in zip(s.words, s.stems, strict=True)}
    pairs = tuple(zip(other.words, other.stems, strict=True))
    return tuple(
        x for x in only if not any(typo(x, y) or typo(words.get(x, x), w) for w, y in pairs)
    )


def _unaliased(s: Shape, only: tuple[str, ...], other: Shape) -> tuple[str, ...]:
    """``only`` without the words of a name the other prompt gives another way
    ("the *United States*" / "the US", "*artificial intelligence*" / "AI")."""
    if not only:
        return only
    mine, theirs = s.padded, other.padded
    aliased = {
        t
        for w, t in zip(s.words, s.stems, strict=True)
        if t in only
        for group in ALIAS_GROUPS.get(w, ())
        if any(f" {p} " in mine for p in group if w in p.split())
        and any(f" {p} " in theirs for p in group)
    }
    return tuple(t for t in only if t not in aliased) if aliased else only


def _rest(s: Shape, only: tuple[str, ...]) -> list[str]:
    """The stems of ``s`` without the content words only it has."""
    return [t for t, k in zip(s.stems, s.kinds, strict=True) if not (k == _CONTENT and t in only)]


def _rewording(a: Shape, b: Shape, only_a: tuple[str, ...], only_b: tuple[str, ...]) -> int:
    """How many words of the rest of the two sentences differ once the differing
    content words are set aside. Words only the adding side has ("to a child" after
    "explain gravity") belong to the addition and are not counted; words replaced, or
    words only the other side has, are a rewording."""
    return rewording_count(_rest(a, only_a), _rest(b, only_b), only_a, only_b)


def rewording_count(
    rest_a: list[str], rest_b: list[str], only_a: tuple[str, ...], only_b: tuple[str, ...]
) -> int:
    """Words that differ between two sentences' rests (their stems without the content
    words only each has); the adding side's extra words belong to the addition. Shared
    with the language checks (semcache.verify.lang)."""
    adds_a, adds_b = bool(only_a) and not only_b, bool(only_b) and not only_a
    count = 0
    matcher = SequenceMatcher(None, rest_a, rest_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace":
            count += max(i2 - i1, j2 - j1)
        elif tag == "delete" and not adds_a:
            count += i2 - i1
        elif tag == "insert" and not adds_b:
            count += j2 - j1
    return count


def _adds(s: Shape, start: int, stop: int, only: tuple[str, ...], facing: tuple[str, ...]) -> bool:
    """Whether a word of ``only`` in s[start:stop] faces no frame word on the other side
    and does not just name the class of the word before it."""
    if _FRAME in facing:
        return False
    added = [k for k in range(start, stop) if s.kinds[k] == _CONTENT and s.stems[k] in only]
    return bool(added) and not (len(added) == 1 and _names_class(s, added[0]))


def _names_class(s: Shape, k: int) -> bool:
    """One noun added right after a content word ("the capital *city* of France",
    "a blood pressure *reading*") names what that word is; it is judged as a swap, by
    similarity. An adverb or a preposition there ("the cold war *briefly*", "coffee
    shops *near* me") is a qualifier."""
    word = s.words[k]
    return (
        k > 0
        and s.kinds[k - 1] == _CONTENT
        and not word.endswith("ly")
        and word not in RELATIONAL_WORDS
        and not word.isdigit()
    )


def payload(al: Alignment) -> bool:
    """Both carry a payload, and the payloads differ. A question quoted to be answered
    ("how should I answer '*what is your greatest weakness*'" / "a good answer to the
    '*greatest weakness*' question") is named, not worked on: the two are compared by
    their content words."""
    pa, pb = al.a.payload, al.b.payload
    if pa is None or pb is None:
        return False
    if pa == pb:  # the same words; code differs in its symbols too ("^\\d{4}" / "^\\d{4}$")
        return (bool(al.a.code) or bool(al.b.code)) and al.a.code != al.b.code
    if _answers(al.a) and _answers(al.b):
        return _other_question(pa, pb)
    return True


def _other_question(x: str, y: str) -> bool:
    """Whether two quoted questions are two questions: their content words differ, or a
    guard tells them apart ("why do you want this job" / "why are you *leaving* your
    job"); "what is your greatest weakness" / "greatest weakness" name one (the frame
    and the grammar aside)."""
    a, b = shape(x), shape(y)
    return a.content_stems != b.content_stems or conflict(x, y) is not None


_ANSWERING = frozenset(stem(w) for w in ("answer", "respond", "reply", "response"))


def _answers(s: Shape) -> bool:
    """Whether a prompt asks how to answer the question it quotes."""
    return (
        any(t in _ANSWERING for t in s.stems)
        and s.payload is not None
        and (s.payload.split(" ", 1)[0] in _ASKING or "question" in s.words)
    )


def time(al: Alignment) -> bool:
    """They name different times ("now" / "tomorrow", "today" / "next week"; a year /
    "current"), or one asks in the past where the other asks in the future ("did" /
    "will")."""
    if _times_differ(al.a, al.b) or _year_against_now(al.a, al.b) or _year_against_now(al.b, al.a):
        return True
    if _each_its_own(_sequence(al.a.words), _sequence(al.b.words)):
        return True  # "the *current* UN Secretary-General" / "the *first* ..."
    if not (_TENSED & set(al.a.words) and _TENSED & set(al.b.words)):
        return False
    return any(
        (set(x) & PAST_AUXILIARIES and set(y) & FUTURE_AUXILIARIES)
        or (set(x) & FUTURE_AUXILIARIES and set(y) & PAST_AUXILIARIES)
        for x, y in _replaced(al)
    )


_TENSED = PAST_AUXILIARIES | FUTURE_AUXILIARIES


def _times_differ(a: Shape, b: Shape) -> bool:
    """Whether the two name different times; "the *last* commit" is the latest one
    ("my most recent commit"), while "last week" is a time of its own."""
    if a.times == b.times or _asked_times(a, b) == _asked_times(b, a):
        return False  # "my first day at work *tomorrow*, what to bring" / "... first day"
    return (a.times ^ b.times) != {"latest"} or "last" not in a.words + b.words


def _asked_times(s: Shape, other: Shape) -> frozenset[str]:
    """The times ``s`` asks about: all it names but those it names only in stating the
    asker's case, when that case is about something the other prompt names too ("*my*
    first day at a new job is *tomorrow*" / "bring to my first day of work"). A case
    about nothing the other names ("I'm flying to Paris tomorrow" / "the weather in
    Paris") sets the time of the question."""
    if s.stated_times and s.stated_words & other.content_stems:
        return s.times - s.stated_times
    return s.times


#: Which one of a sequence: the first of its kind against the one there is now. The
#: latest is "now" (a prompt without a time asks about now), canonical in ``words``.
_FIRST = frozenset({"first", "original", "earliest", "inaugural", "founding"})
_NOW = frozenset({"now", "latest"})


@lru_cache(maxsize=8192)
def _sequence(words: tuple[str, ...]) -> frozenset[str]:
    """ "first" if ``words`` name the first of a sequence, "now" the current one."""
    found = {"first" for w in words if w in _FIRST}
    return frozenset(found | {"now" for w in words if w in _NOW})


_YEARS = range(1800, 2200)


def _year_against_now(a: Shape, b: Shape) -> bool:
    """``a`` names a year and ``b`` says "now" ("current", "today", "latest") and no
    year: "the minimum wage in 1990" / "the current minimum wage"."""
    return (
        bool({"now", "latest"} & set(b.words))
        and any(w.isdigit() and len(w) == 4 and int(w) in _YEARS for w in a.words)
        and not any(w.isdigit() and len(w) == 4 for w in b.words)
    )


def modality(al: Alignment) -> bool:
    """They ask different modalities of one act: what may be done, what must be,
    what is wise or safe ("*allowed* to wear gloves" / "*required* to wear gloves",
    "*Can* I ...?" / "*Should* I ...?" / "Do I *have to* ...?", "Is it *safe* to ...?" /
    "Is it *legal* to ...?"). Which modalities are other questions is a table,
    ``CONTRASTING_MODALITIES``: an opening "can" asks whether a thing is allowed or
    safe, as the asker means it, and "Is it OK to ...?" anything but an obligation.
    Outside two yes/no questions only permission against obligation counts."""
    ma, mb = _modal(al.a.words), _modal(al.b.words)
    if ma == mb:
        return False
    if not (_yes_no(al.a.words) and _yes_no(al.b.words)):  # "Why should we ..." / "Why do
        ma, mb = ma & _PERMIT_MUST, mb & _PERMIT_MUST  # we have to ...": one question
    if "should" in ma and "safe" in mb and al.a.words[:1] != ("should",):
        ma = ma - {"should"}  # "can you ... or should I ...?" asks what "Is it safe" does
    if "should" in mb and "safe" in ma and al.b.words[:1] != ("should",):
        mb = mb - {"should"}
    return any(frozenset((x, y)) in CONTRASTING_MODALITIES for x in ma - mb for y in mb - ma)


_PERMIT_MUST = frozenset({"permit", "must"})


def _yes_no(words: tuple[str, ...]) -> bool:
    """Whether the prompt is a yes/no question: it opens with an auxiliary or a modal
    ("Can I ...", "Is it safe to ...", "Do I have to ..."). In a wh-question the modal
    is part of the frame ("Which books should I read" / "must read")."""
    return bool(words) and words[0] in _OPENING_AUXILIARIES


_OPENING_AUXILIARIES = OPENING_MODALS | frozenset(
    {"do", "does", "did", "is", "are", "am", "should", "must", "shall", "will", "would"}
)


#: Pairs of modalities that ask different questions (see ``_modal``).
CONTRASTING_MODALITIES = frozenset(
    frozenset(pair)
    for pair in (
        ("must", "may"), ("must", "permit"), ("must", "should"), ("must", "safe"),
        ("must", "ok"), ("should", "may"), ("should", "permit"), ("safe", "permit"),
        ("should", "safe"),  # asked by an opening "should": advice, not safety
    )
)  # fmt: skip
_MODAL_CLASSES = (
    ("permit", PERMISSION_PHRASES),
    ("ok", ACCEPTABLE_PHRASES),
    ("must", OBLIGATION_PHRASES),
    ("should", ADVICE_PHRASES),
    ("safe", SAFETY_PHRASES),
)


@lru_cache(maxsize=8192)
def _modal(words: tuple[str, ...]) -> frozenset[str]:
    """The modalities ``words`` ask about: "permit" (allowed, legal), "ok", "must",
    "should", "safe", and "may" for a question opened by "can", "could", "may" or
    "might". "Do I need ...?" asks about an obligation; "I need to ..." says what the
    asker wants."""
    padded = f" {' '.join(words)} "
    found = {name for name, phrases in _MODAL_CLASSES if any(f" {p} " in padded for p in phrases)}
    if words[:1] in (("do",), ("does",), ("did",)) and {"need", "needs"} & set(words[:4]):
        found.add("must")
    if words[:1] and words[0] in OPENING_MODALS and words[1:2] != ("you",):
        found.add("may")  # "Can you explain ...?" is a request, not a modality
    return frozenset(found)


def frequency(al: Alignment) -> bool:
    """They say how often with different periods, in any rewording: "compounded
    *annually*" / "compounded *daily*", "twice *a day*" / "once *a week*", "$50 *a week*"
    / "$50 *a month*", "every week" / "every other week"; or one says a period and the
    other now and then ("*occasionally*" / "*every night*") or a single time ("invest
    $500 *once*" / "invest $500 *every month*")."""
    return _each_its_own(_periods(al.a.words), _periods(al.b.words))


_EVERY = frozenset({"per", "every", "each"})
_TIMES = frozenset({"once", "twice", "thrice", "times"})
# After "once", a word that ends its phrase: "invest *once and* leave it", "do it *once*"
# (not "once a week", nor "once you have it", "once more").
_ONCE_ENDED = frozenset({"and", "or", "but", "then", "only", "vs", "versus"})


@lru_cache(maxsize=8192)
def _periods(words: tuple[str, ...]) -> frozenset[str]:
    """The periods ``words`` repeat something over: "daily", "per week", "every month",
    "every other week" (a fortnight), and "a week" after "once", "times" or an amount
    ("$50 a week"; not "for a week", a length of time)."""
    found = set(_phrase_classes(words, FREQUENCY_PHRASES))
    for k, word in enumerate(words):
        if word == "once" and k and (k + 1 == len(words) or words[k + 1] in _ONCE_ENDED):
            found.add("once")
            continue
        if word in FREQUENCY_WORDS:
            found.add(FREQUENCY_WORDS[word])
            continue
        unit = FREQUENCY_UNITS.get(word.removesuffix("s") if word.endswith("s") else word)
        if unit is None or k == 0:
            continue
        before = words[k - 1]
        if before == "other" and words[k - 2 : k - 1] == ("every",):
            found.add("fortnight" if unit == "week" else f"other {unit}")
        elif before in _EVERY and not word.endswith("s"):
            found.add(unit)
        elif before in ARTICLES and any(_counts(w) for w in words[max(k - 3, 0) : k - 1]):
            found.add(unit)  # "twice a day", "$50 a week", "two cups a day"
    return frozenset(found)


def _counts(word: str) -> bool:
    """Whether ``word`` says how many or how much: "once", "3 times", "50", "two"."""
    return word in _TIMES or word.isdigit() or word in NUMBER_WORDS or word[:1].isdigit()


def stage(al: Alignment) -> bool:
    """They ask about different stages of one process ("what to eat *before* a run" /
    "*during* a run", "pain *after* surgery" / "*while* recovering"): each names a stage
    the other does not."""
    return _each_its_own(_stages(al.a.words), _stages(al.b.words))


def _each_its_own(x: frozenset[str], y: frozenset[str]) -> bool:
    """Each side names a member of a class the other does not."""
    return bool(x - y) and bool(y - x)


def _phrase_classes(words: tuple[str, ...], table: Mapping[str, str]) -> frozenset[str]:
    """The classes of ``table``'s phrases that occur in ``words`` as whole words."""
    padded = f" {' '.join(words)} "
    return frozenset(name for phrase, name in table.items() if f" {phrase} " in padded)


@lru_cache(maxsize=8192)
def _stages(words: tuple[str, ...]) -> frozenset[str]:
    return _phrase_classes(words, STAGES)


def causation(al: Alignment) -> bool:
    """One asks what brings a thing about and the other what it brings about ("what
    causes memory leaks" / "the symptoms of a memory leak", "what caused the Depression" /
    "its consequences"): each names a side of ``CAUSATION`` the other does not."""
    return _each_its_own(_causation(al.a.words), _causation(al.b.words))


@lru_cache(maxsize=8192)
def _causation(words: tuple[str, ...]) -> frozenset[str]:
    return _phrase_classes(words, CAUSATION)


def extent(al: Alignment) -> bool:
    """One asks for a brief answer and the other for a long one ("a *quick overview* of
    how mortgages work" / "an *in-depth guide* to ...", "an *executive summary*" / "a
    *20-page* plan"): each names a side of ``EXTENTS`` the other does not."""
    return _each_its_own(_extents(al.a.words), _extents(al.b.words))


#: Units of a text's length -> (the most that is brief, the least that is long): "a
#: *one-page* summary", "a *20-page* plan", "in *two sentences*".
_LENGTH_UNITS = {
    **dict.fromkeys(("page", "pages"), (1, 3)),
    **dict.fromkeys(("paragraph", "paragraphs"), (1, 5)),
    **dict.fromkeys(("sentence", "sentences", "line", "lines"), (3, 1000)),
}


@lru_cache(maxsize=8192)
def _extents(words: tuple[str, ...]) -> frozenset[str]:
    found = set(_phrase_classes(words, EXTENTS))
    for count, unit in pairwise(words):
        amount = _count_of(count) if unit in _LENGTH_UNITS else None
        if amount is not None:
            brief, long = _LENGTH_UNITS[unit]
            found |= {"brief"} if amount <= brief else {"long"} if amount >= long else set()
    return frozenset(found)


def intent(al: Alignment) -> bool:
    """One asks what a thing is and the other how to do something with it ("what is a
    Roth IRA" / "how do I *open* a Roth IRA", "what is a VPN" / "how to *set up* a
    VPN"): a definition against a task, the task's verb being the one word added. "How
    does it work" and "how do I understand it" ask what it is."""
    return (not al.only_a and _defines_against_doing(al.a, al.b, al.only_b)) or (
        not al.only_b and _defines_against_doing(al.b, al.a, al.only_a)
    )


_WHAT_IS = frozenset({("what", "is"), ("what", "are"), ("whats",), ("what's",)})
_HOW_SUBJECTS = frozenset({"i", "we", "you", "one"})
_HOW_AUXILIARIES = frozenset({"do", "can", "could", "should", "would", "shall", "will"})
_EXPLAINING = frozenset(
    stem(w)
    for w in (
        *("work", "function", "operate", "mean", "differ", "compare", "define", "describe"),
        *("explain", "understand", "know", "tell", "learn", "say", "pronounce", "spell"),
        *("distinguish", "identify", "recognize", "recognise", "classify", "measure"),
    )
)


#: Words that make "what is ..." ask for a way, a use or an experience, not a definition:
#: "what is *the best way* to delete my account" / "how do I delete my account".
_NOT_DEFINING = frozenset(
    stem(w)
    for w in (
        *("way", "ways", "best", "tip", "tips", "use", "uses", "method", "methods", "step"),
        *("steps", "process", "like", "it", "easiest", "good", "right", "fastest", "cost"),
        *("difference", "advice", "trick", "tricks", "strategy", "strategies", "secret"),
    )
)
_MAX_DEFINED = 5  # words after "what is": a term, not a question of its own


def _defines_against_doing(a: Shape, b: Shape, only_b: tuple[str, ...]) -> bool:
    if tuple(a.words[:2]) in _WHAT_IS:
        rest = a.stems[2:]
    elif tuple(a.words[:1]) in _WHAT_IS:
        rest = a.stems[1:]
    else:
        return False
    if len(rest) > _MAX_DEFINED or _NOT_DEFINING.intersection(rest):
        return False
    verb = _how_to_verb(b)
    return verb is not None and verb in only_b and verb not in _EXPLAINING


def _how_to_verb(s: Shape) -> str | None:
    """The stem of the verb of "how to V" / "how do I V", or None."""
    words = s.words
    if words[:2] == ("how", "to") and len(words) > 2:
        return s.stems[2]
    if len(words) > 3 and words[0] == "how" and words[1] in _HOW_AUXILIARIES:
        return s.stems[3] if words[2] in _HOW_SUBJECTS else None
    return None


def prevention(al: Alignment) -> bool:
    """One asks how to keep a thing from doing what the other asks how to make it do
    ("how do I *stop* my laptop *from going* to sleep" / "how do I make my laptop go to
    sleep"): an act prevented on one side is asked for, unnegated, on the other."""
    return _prevents_asked(al.a, al.b) or _prevents_asked(al.b, al.a)


_PREVENTING = frozenset(
    stem(w) for w in ("stop", "prevent", "keep", "block", "deter", "discourage", "protect", "avoid")
)
_PREVENTER_WORDS = 4  # words from the verb of preventing to "from": "stop my dog from"


@lru_cache(maxsize=8192)
def _prevented(s: Shape) -> tuple[str, ...]:
    """The verbs ``s`` asks to prevent, as bare forms ("go" of "stop it from *going*")."""
    return tuple(
        s.words[k + 1][:-3]
        for k in range(1, len(s.words) - 1)
        if s.words[k] == "from"
        and s.words[k + 1].endswith("ing")
        and any(s.stems[j] in _PREVENTING for j in range(max(k - _PREVENTER_WORDS, 0), k))
    )


def _negated(s: Shape) -> bool:
    return any(w in NEGATORS or w.endswith(("n't", "n’t")) for w in s.words)


def _prevents_asked(a: Shape, b: Shape) -> bool:
    verbs = _prevented(a)
    if not verbs or _PREVENTING & set(b.stems) or _negated(b):
        return False  # "keep from throwing up" / "avoid throwing up", "why didn't it"
    bare = {stem(v) for v in verbs} | {stem(v + "e") for v in verbs}
    return any(w in verbs or t in bare for w, t in zip(b.words, b.stems, strict=True))


def schooling(al: Alignment) -> bool:
    """They ask about different levels of schooling ("how many *college* students work" /
    "... *high school* students"): each names a level of ``SCHOOLING`` the other does
    not."""
    return _each_its_own(_levels(al.a.words), _levels(al.b.words))


@lru_cache(maxsize=8192)
def _levels(words: tuple[str, ...]) -> frozenset[str]:
    return _phrase_classes(words, SCHOOLING)


def audience(al: Alignment) -> bool:
    """One names a member of a qualifier class (``QUALIFIER_CLASSES``: an audience or
    population, a diet, a season, a medium) that the other does not, in any rewording:
    "how does a rainbow form" / "explain to a *child* how rainbows form", "dose for
    *adults*" / "for *kids*" (adults against kids is the opposite guard's)."""
    qa, ma = _members(al.a.words)
    qb, mb = _members(al.b.words)
    return bool(_unmatched(qa, mb)) or bool(_unmatched(qb, ma))


_AGAINST_ANOTHER = ("company:", "people:")  # "alone" / "with my family"; not "alone" / "single"


def _unmatched(qualified: frozenset[str], mentioned: frozenset[str]) -> frozenset[str]:
    """The members of ``qualified`` the other side does not mention; a member of a
    class in ``_AGAINST_ANOTHER`` counts only against another member of its class."""
    return frozenset(
        m
        for m in qualified - mentioned
        if not m.startswith(_AGAINST_ANOTHER)
        or any(o.startswith(m.split(":")[0] + ":") for o in mentioned)
    )


@lru_cache(maxsize=8192)
def _members(words: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The class members ``words`` qualify the question with, and all it mentions."""
    qualified, mentioned = set(), set()
    for i, word in enumerate(words):
        member = _MEMBER_OF.get(word)
        opened = i and words[i - 1] in _SEASON_OPENERS
        if word == "fall" and opened and words[i + 1 : i + 2] != ("of",):
            member = "season:autumn"  # "in the fall"; not "the fall of Rome", "to fall"
        if member is None:
            continue
        mentioned.add(member)
        if member.startswith(_ANYWHERE) or _qualifies(words, i):
            qualified.add(member)
    return frozenset(qualified), frozenset(mentioned)


_SEASON_OPENERS = frozenset({"the", "this", "next", "last", "every"})


_ANYWHERE = ("diet:", "medium:", "company:alone")  # "vegan pancakes", "underwater", "solo"
_QUALIFYING = frozenset({"for", "to", "as", "with", "during", "in", "this", "next", "last"})
_BETWEEN = frozenset({"a", "an", "the", "my", "our", "your", "his", "her", "their", "young"})
_BETWEEN |= frozenset({"little", "small", "older", "new", "early", "late", "cold", "hot"})


def _qualifies(words: tuple[str, ...], i: int) -> bool:
    """Whether words[i] follows a preposition, directly or after a determiner or an
    adjective of age or size ("for kids", "to a young child", "in the fall")."""
    for k in range(i - 1, max(i - 4, -1), -1):  # up to two words between: "to a young"
        if words[k] in _QUALIFYING:
            return True
        if words[k] not in _BETWEEN:
            return False
    return False


_MEMBER_OF = {
    word: f"{kind}:{member}"
    for kind, members in QUALIFIER_CLASSES.items()
    for member, words in members.items()
    for word in words.split()
}


def tone(al: Alignment) -> bool:
    """They ask for writing in different tones or registers ("a *polite* complaint" /
    "an *angry, sarcastic* review", "a *formal* email" / "a *casual* one"), or only one
    names a tone in a request to write ("write an email to my landlord" / "write a
    *firm* email to my landlord"), in any rewording. A tone word that is also the
    other's, by root or synonym, is the same tone."""
    return _tones_differ(al.a, al.b)


def _tones_differ(a: Shape, b: Shape) -> bool:
    """``tone`` on two shapes: it needs no alignment, so it runs on long prompts too."""
    ta, tb = _tones(a.stems), _tones(b.stems)
    if ta == tb:
        return False
    only_a = tuple(t for t in ta if not any(same_word(t, u) for u in tb))
    only_b = tuple(t for t in tb if not any(same_word(t, u) for u in ta))
    if only_a and only_b:
        return True
    one = a if only_a else b
    return bool(only_a or only_b) and _writes(one.stems)


#: Adjectives of tone or register that change what is written, not what it is about.
_TONE_WORDS = (
    "polite impolite rude formal informal casual friendly unfriendly angry sarcastic firm stern "
    "funny humorous witty serious professional unprofessional apologetic persuasive "
    "enthusiastic gentle harsh aggressive blunt respectful cheerful playful sincere heartfelt "
    "diplomatic threatening passive-aggressive scathing flattering"
)
_TONES = frozenset(stem(w) for w in _TONE_WORDS.split())
_WRITING = frozenset(stem(w) for w in ["write", "draft", "compose", "rewrite", "reword", "craft"])


@lru_cache(maxsize=8192)
def _tones(stems: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t for t in stems if t in _TONES)


def _writes(stems: tuple[str, ...]) -> bool:
    """Whether a prompt asks for a text to be written."""
    return any(t in _WRITING for t in stems)


def output(al: Alignment) -> bool:
    """One asks for its answer laid out in a structure ("*give me a table* comparing REST
    and SOAP", "*make a chart* of my spending") and the other names no format
    ("explain the differences between REST and SOAP"): the table is another answer.
    Read only in a request to produce it: "how do I make a table in Word" asks about a
    tool, and "rows in a table" names a database's."""
    return (_lays_out(al.a) and not _names_format(al.b)) or (
        _lays_out(al.b) and not _names_format(al.a)
    )


# Around the request to produce a structure: "(can you / please / I need to) *make*
# (me a quick) *table*".
_BEFORE_PRODUCING_WORDS = (
    "can could would will you please pls kindly just i need want like 'd id to"
)
_PRODUCING_WORDS = (
    "give make create draw generate produce build show put present lay write sketch plot"
)
_BEFORE_STRUCTURE_WORDS = (
    "me us a an the some quick simple short brief basic comparison detailed clear nice small little"
)
_STRUCTURE_WORDS = (
    "table tables chart charts graph graphs diagram diagrams spreadsheet flowchart infographic"
    " matrix outline slides bullet bullets csv json xml yaml markdown"
)
_BEFORE_PRODUCING = frozenset(_BEFORE_PRODUCING_WORDS.split())
_PRODUCING = frozenset(_PRODUCING_WORDS.split())
_BEFORE_STRUCTURE = frozenset(_BEFORE_STRUCTURE_WORDS.split())
_STRUCTURES = frozenset(_STRUCTURE_WORDS.split())


@lru_cache(maxsize=8192)
def _lays_out(s: Shape) -> bool:
    """Whether ``s`` opens by asking for a structure: "give me a table of ..."."""
    words, k = s.words, 0
    while k < len(words) and words[k] in _BEFORE_PRODUCING:
        k += 1
    if k == len(words) or words[k] not in _PRODUCING:
        return False
    k += 1
    while k < len(words) and words[k] in _BEFORE_STRUCTURE:
        k += 1
    return k < len(words) and words[k] in _STRUCTURES


def _names_format(s: Shape) -> bool:
    return any(i.startswith("format:") for i in s.ids) or not _STRUCTURES.isdisjoint(s.words)


def sender(al: Alignment) -> bool:
    """Who a text is to on one side is who it is from on the other: "a complaint *to the
    airline*" / "*the airline's* response to a customer", "an offer letter *to a new
    hire*" / "a reply *from a new hire*", "a recommendation from a professor *for an
    applicant*" / "a request *from an applicant*"."""
    return _sent_back(al.a, al.b) or _sent_back(al.b, al.a)


def _sent_back(a: Shape, b: Shape) -> bool:
    to_a, from_b = _parties(a)[0], _parties(b)[1]
    if not (to_a and from_b):
        return False
    to_b, from_a = _parties(b)[0], _parties(a)[1]
    if any(same_word(x, y) for x in to_a for y in to_b):
        return (
            False  # both to the same party: "to the airline" / "the airline's ... to the airline"
        )
    return any(same_word(x, y) for x in to_a for y in from_b) and not any(
        same_word(x, y) for x in from_a for y in from_b
    )


_TO = frozenset({"to", "for"})
#: Verbs whose object is who a text is addressed to: "a letter *reminding a tenant*".
_ADDRESSING = frozenset(
    stem(w)
    for w in (
        *("tell", "remind", "ask", "inform", "notify", "warn", "thank", "invite", "urge"),
        *("congratulate", "persuade", "convince", "reassure", "welcome", "alert"),
        *("email", "message", "text", "encourage", "apologize", "apologise", "greet"),
    )
)
_TO_FROM = frozenset({"to", "from"})
_PARTY_WORDS = 3


@lru_cache(maxsize=8192)
def _parties(s: Shape) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of who a text is addressed to (content words after "to" or "for") and
    who it is from (after "from", or a possessor: "the airline's response")."""
    to: set[str] = set()
    sent: set[str] = set()
    for k, word in enumerate(s.words):
        if (word in _TO or word == "from" or s.stems[k] in _ADDRESSING) and _party_at(s, k + 1):
            run = _run_of_content(s, k + 1)
            (sent if word == "from" else to).update(run)
        elif s.kinds[k] == _CONTENT and word.endswith(("'s", "’s")) and k + 1 < len(s.words):
            sent.add(s.stems[k])
    return frozenset(to), frozenset(sent)


def _party_at(s: Shape, k: int) -> bool:
    """Whether a party starts at word ``k``: a determiner ("to *the* airline"; not a
    verb: "to stop", "from barking"), or in a text to write a name after "to" or "from"
    ("a complaint to *Comcast*"; "India's rate" / "the rate for India" are no letters).
    """
    if k >= len(s.words):
        return False
    if (s.words[k],) in _NOUN_PHRASE:
        return True
    return s.words[k] in s.names and s.words[k - 1] in _TO_FROM and _writes(s.stems)


def _run_of_content(s: Shape, start: int) -> list[str]:
    """The stems of the content words from ``start``, after a determiner, up to the
    first word of grammar."""
    run: list[str] = []
    for k in range(start, min(start + _PARTY_WORDS + 1, len(s.words))):
        if run and s.stems[k] in _ADDRESSING:
            break  # "from a manager *congratulating* ...": the party ends at its verb
        if s.kinds[k] == _CONTENT:
            run.append(s.stems[k])
        elif run or s.words[k] not in _DETERMINERS:
            break
    return run


_DETERMINERS = ARTICLES | frozenset({"the", "my", "our", "your", "their", "his", "her"})
_NOUN_PHRASE = frozenset((d,) for d in _DETERMINERS)


def role(al: Alignment) -> bool:
    """Both name the asker's role with "as a ..." and no word of one role is the
    other's ("my rights *as a tenant*" / "*as a landlord*", "taxes as a freelancer" /
    "as an employee"), in any rewording; or one names a role and the other the same
    words without "as" ("ask *as a* candidate" / "ask *a* candidate") or the asker's own
    thing ("review *a* pull request as a reviewer" / "comments on *my* pull request");
    or two "who" questions ask for holders of different roles of one work, one an
    agent noun ("the author of" / "the translator of"). Names and nationalities ("as a
    US citizen" / "as an American") are the entity guard's."""
    ra, rb = _roles(al.a), _roles(al.b)
    if ra and rb and not any(same_word(x, y) for x in ra for y in rb):
        return True
    if _role_as_object(al.a, ra, al.b) or _role_as_object(al.b, rb, al.a):
        return True
    if _role_against_owner(al.a, ra, al.b) or _role_against_owner(al.b, rb, al.a):
        return True
    if _other_holder(al.a, al.b):
        return True
    return _other_agent(al.a, al.b) or _other_agent(al.b, al.a)


def _role_as_object(s: Shape, roles: tuple[str, ...], other: Shape) -> bool:
    """``s`` names the asker's role with "V as a X" and ``other`` has "V a X", the same
    words without "as": "questions to *ask as a candidate*" / "questions to *ask a
    candidate*" (the asker is the candidate, or talks to one)."""
    if not roles or _roles(other):
        return False
    acts = {
        (s.stems[i - 1], s.stems[i + 2])
        for i in range(1, len(s.words) - 2)
        if s.words[i] == "as" and s.words[i + 1] in ARTICLES and s.kinds[i - 1] == _CONTENT
    }
    return any(
        (other.stems[k - 2], other.stems[k]) in acts and other.words[k - 1] in ARTICLES
        for k in range(2, len(other.words))
    )


def _role_against_owner(s: Shape, roles: tuple[str, ...], other: Shape) -> bool:
    """``s`` names the asker's role ("as a reviewer") and acts on "a N", ``other`` names
    no role and acts on "my N": "review *a* pull request *as a reviewer*" / "respond to
    comments on *my* pull request" (the asker is the reviewer, or the author)."""
    if not roles or _roles(other):
        return False
    owned = {other.stems[k] for k in range(1, len(other.words)) if other.words[k - 1] == "my"}
    return any(
        s.words[k - 1] in ARTICLES and s.stems[k] in owned and s.stems[k] not in roles
        for k in range(1, len(s.words))
    )


def _other_holder(a: Shape, b: Shape) -> bool:
    """Both ask who holds a role of one work ("Who was the *author* of ...?" / "Who was
    the *translator* of ...?"), the roles differ and one names the doer of an act (an
    agent noun: "translator", "illustrator", "editor"): two people."""
    x, y = _who_asks(a), _who_asks(b)
    if x is None or y is None or x[1] or y[1] or same_word(x[0], y[0]):
        return False
    if related(x[0], y[0]) == SYNONYM:
        return False
    return _agent_noun(x[0]) or _agent_noun(y[0])


@lru_cache(maxsize=8192)
def _agent_noun(noun: str) -> bool:
    """Whether a stem is a known verb's agent noun ("translator", "editor")."""
    for suffix in ("or", "er"):
        base = noun.removesuffix(suffix)
        if base != noun and len(base) >= _MIN_ROOT and noun in agent_nouns(base):
            return known(base) or known(base + "e")
    return False


def _other_agent(a: Shape, b: Shape) -> bool:
    """``a`` asks who holds a role ("Who was the *author* of ...?"), ``b`` who did an
    act whose doer is another role ("Who *translated* ...?": a translator): two
    people. The act's own doer ("Who *wrote* ...?": a writer, an author) is one."""
    noun, verb = _who_asks(a), _who_asks(b)
    if noun is None or verb is None or noun[1] or not verb[1]:
        return False
    agents = agent_nouns(verb[0])
    return bool(agents) and not (_agent_of(verb[0], noun[0]) or same_word(noun[0], verb[0]))


@lru_cache(maxsize=8192)
def _who_asks(s: Shape) -> tuple[str, bool] | None:
    """What a "who" question asks for: (stem, True) for a verb right after "who" ("who
    translated"), (stem, False) for a noun after "who is the" ("who was the author"),
    or None."""
    if len(s.words) < 2 or s.words[0] != "who":
        return None
    if s.kinds[1] == _CONTENT:
        return s.stems[1], True
    holds = s.words[1] in ("is", "was", "are", "were") and s.words[2:3] in (("the",), ("a",))
    return (s.stems[3], False) if holds and s.kinds[3:4] == (_CONTENT,) else None


_ROLE_WORDS = 3
_ROLE_ARTICLES = ARTICLES | {"the"}
_COMPARING = frozenset((w,) for w in ("same", "such", "well", "as", "much", "many", "soon"))


@lru_cache(maxsize=8192)
def _roles(s: Shape) -> tuple[str, ...]:
    """Stems of the content words after "as a" / "as an" / "as the" (up to three: "as a
    self-employed designer", "as the interviewer"), without names; not in a comparison
    ("the same as the", "such as the")."""
    found: list[str] = []
    for i in range(len(s.words) - 2):
        if s.words[i] != "as" or s.words[i + 1] not in _ROLE_ARTICLES:
            continue
        if s.words[i + 1] == "the" and s.words[i - 1 : i] in _COMPARING:
            continue
        for k in range(i + 2, min(i + 2 + _ROLE_WORDS, len(s.words))):
            if s.kinds[k] != _CONTENT:
                break
            if not s.ids[k] and s.words[k] not in ALIAS_GROUPS:
                found.append(s.stems[k])
    return tuple(found)


def compared(al: Alignment) -> bool:
    """Both compare two things and one of the things differs, in any rewording: "the
    difference between a *hawk* and a falcon" / "between a falcon and an *osprey*",
    "tea vs coffee" / "tea vs cocoa". A thing swapped in a comparison is another
    comparison, however close the model holds the two."""
    if not (al.only_a and al.only_b):
        return False
    return bool(_compared(al.a) & set(al.only_a)) and bool(_compared(al.b) & set(al.only_b))


_BETWEEN_THINGS = frozenset({"between", "vs", "versus"})
_AND_OR = frozenset({"and", "or", "vs", "versus"})


@lru_cache(maxsize=8192)
def _compared(s: Shape) -> frozenset[str]:
    """The stems of the things ``s`` compares: after "between" and its "and" ("between
    a hawk and a falcon"), and on both sides of "vs" / "versus"."""
    found: set[str] = set()
    for k, word in enumerate(s.words):
        if word == "between" or word in _BETWEEN_THINGS - {"between"}:
            found.update(_run_of_content(s, k + 1))
            if word == "between":
                stop = next((m for m in range(k + 1, len(s.words)) if s.words[m] in _AND_OR), None)
                if stop is not None:
                    found.update(_run_of_content(s, stop + 1))
        if word in ("vs", "versus"):
            found.update(_run_before(s, k))
    return frozenset(found)


def _run_before(s: Shape, stop: int) -> list[str]:
    """The stems of the content words right before ``stop`` (up to ``_PARTY_WORDS``)."""
    run: list[str] = []
    for k in range(stop - 1, max(stop - 1 - _PARTY_WORDS, -1), -1):
        if s.kinds[k] != _CONTENT:
            break
        run.append(s.stems[k])
    return run


def doer(al: Alignment) -> bool:
    """One verb, done by the asker on one side and to the asker or by someone else on
    the other, in any rewording: "can I get a refund if *I cancel* the flight" / "if
    the flight *is cancelled*", "how do *I serve* papers to my spouse" / "after *my
    spouse served* me papers". Who does the act changes the answer."""
    return _done_by_another(al.a, al.b) or _done_by_another(al.b, al.a)


def _done_by_another(a: Shape, b: Shape) -> bool:
    mine, theirs = _acts(a)[0], _acts(b)[1]
    return any(same_word(x, y) for x in mine for y in theirs)


_ASKERS = frozenset({"i", "we"})
_BEING = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "gets", "got"})
_OWNERS = frozenset({"my", "our", "the", "his", "her", "their"})
_GETTING = frozenset({"get", "gets", "got"})  # "can I get started" is "can I start"


@lru_cache(maxsize=8192)
def _acts(s: Shape) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of the verbs ``s`` has the asker do ("I cancel", "can I cancel") and of
    those it has done by another or to someone ("is cancelled", "my spouse served")."""
    mine: set[str] = set()
    theirs: set[str] = set()
    words, kinds = s.words, s.kinds
    for k in range(1, len(words)):
        if kinds[k] != _CONTENT:
            continue
        before = words[k - 1]
        if words[k].endswith(("ed", "en")) and (
            (before in _BEING and not (before in _GETTING and _ASKERS & set(words[k - 3 : k - 1])))
            or (k > 1 and kinds[k - 1] == _CONTENT and words[k - 2] in _OWNERS and not s.ids[k - 1])
        ):
            theirs.add(s.stems[k])  # "is cancelled", "I was charged", "my spouse served"
        elif before in _ASKERS or (k > 1 and words[k - 2] in _ASKERS and kinds[k - 1] == _GRAMMAR):
            mine.add(s.stems[k])
    return frozenset(mine), frozenset(theirs)


def lifecycle(al: Alignment) -> bool:
    """They act at different points of a thing's life, in any rewording: begin it,
    change it or end it ("how to *cancel* my gym membership" / "steps to *renew* a gym
    membership", "*book* a table" / "*cancel* a table booking")."""
    return _each_its_own(_life(al.a.stems), _life(al.b.stems))


@lru_cache(maxsize=8192)
def _life(stems: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_LIFE_STEMS[t] for t in stems if t in _LIFE_STEMS)


_LIFE_STEMS = {stem(verb): point for verb, point in LIFECYCLE.items()}


def mode(al: Alignment) -> bool:
    """They name different modes of travel or of doing it ("by train" / "by car",
    "online" / "by mail" / "in person")."""
    return _each_its_own(_modes(al.a.words), _modes(al.b.words))


@lru_cache(maxsize=8192)
def _modes(words: tuple[str, ...]) -> frozenset[str]:
    return _phrase_classes(words, MODES)


def person(al: Alignment) -> bool:
    """A pronoun of a third person where the other prompt has the asker's ("my
    password" / "her password", "can I" / "can he", "a gift *I* bought" / "a gift
    *someone* gave me"), or someone's possessive that
    only one prompt has where the other speaks of the asker's ("my last commit" /
    "a coworker's commit"). "They" pointing back at things both prompts name ("fruit
    flies in the kitchen, how do I get rid of *them*") is no other person."""
    if _possessor(al.b, al.only_b, al.a) or _possessor(al.a, al.only_a, al.b):
        return True
    if _owner_swapped(al.a, al.b) or _owner_swapped(al.b, al.a):
        return True
    if not (THIRD_PERSON | SOMEONE) & (set(al.a.words) | set(al.b.words)):
        return False
    for x, y in _replaced(al):
        for one, other, side, facing in (
            (set(x), set(y), al.a, al.b),
            (set(y), set(x), al.b, al.a),
        ):
            if (
                one & THIRD_PERSON
                and other & ASKER
                and not other & THIRD_PERSON
                and not (one & THIRD_PERSON <= _PLURAL_PRONOUNS and _antecedent(side, facing))
            ):
                return True
            if one & SOMEONE and other & FIRST_PERSON and _someone_else(al, one):
                return True  # "that *I* sent" / "that *someone* sent me"
    return False


_PLURAL_PRONOUNS = frozenset({"they", "them"})


def _antecedent(s: Shape, other: Shape) -> bool:
    """Whether "they" / "them" in ``s`` points back at things it named before, which
    the other prompt names too: "fruit flies everywhere in the kitchen, how do I get rid
    of *them*" / "get rid of fruit flies in my kitchen" (things, not another person)."""
    first = next(k for k, w in enumerate(s.words) if w in _PLURAL_PRONOUNS)
    named = set(other.stems)
    return any(
        s.kinds[k] == _CONTENT and _plural(s.words[k]) and s.stems[k] in named for k in range(first)
    )


def _someone_else(al: Alignment, block: set[str]) -> bool:
    """Whether the side whose block says "someone" also speaks of the asker in the first
    person (so "someone" is another person: "someone sent *me*"), and the other side
    never says "someone" ("How can someone get rich?" is "How can I get rich?")."""
    mine, other = (al.a, al.b) if block <= set(al.a.words) else (al.b, al.a)
    return bool(FIRST_PERSON & set(mine.words)) and not SOMEONE & set(other.words)


def _possessor(s: Shape, only: tuple[str, ...], other: Shape) -> bool:
    return bool(ASKER & set(other.words)) and any(
        w.endswith(("'s", "’s")) and t in only and k == _CONTENT
        for w, t, k in zip(s.words, s.stems, s.kinds, strict=True)
    )


_MINE = frozenset({"my", "our"})


def _owner_swapped(s: Shape, other: Shape) -> bool:
    """``s`` speaks of someone's thing ("use my *roommate's* car") where ``other`` names
    that one too but the thing as the asker's ("can my roommate use *my* car"): who owns
    it and who uses it trade places."""
    for k in range(len(s.words) - 1):
        word = s.words[k]
        if s.kinds[k] != _CONTENT or not word.endswith(("'s", "’s")):
            continue
        thing, owner = s.stems[k + 1], stem(word[:-2])
        mine = any(
            other.words[m] in _MINE and other.stems[m + 1] == thing
            for m in range(len(other.words) - 1)
        )
        if mine and any(same_word(owner, t) for t in other.content_stems):
            return True
    return False


def quantity(al: Alignment) -> bool:
    """They name different amounts of the same thing with quantifiers ("an email" /
    "all emails", "one dose" / "several doses", "a few" / "many"): in the same
    sentence, or each with an amount of its own. Numbers are the number guard's; an
    article against no amount is not a difference ("a spider" / "spiders")."""
    if _each_its_own(_people(al.a.words), _people(al.b.words)):
        return True  # "unfollow *someone*" / "unfollow *everyone*"
    if _all_against_one(al.a, al.b) or _all_against_one(al.b, al.a):
        return True  # "delete *an* email" / "delete *all* emails at once"
    if _one_against_several(al.a, al.b) or _one_against_several(al.b, al.a):
        return True  # "feed *a* cat" / "feed *three* cats"
    qa, qb = _amounts(al.a.words), _amounts(al.b.words)
    if "any" in qa and not qb & _WHOLE:  # "any" against "a", "some" or nothing: one question
        qa = qa - {"any"}
    if "any" in qb and not qa & _WHOLE:
        qb = qb - {"any"}
    if (_as_article(qa) ^ _as_article(qb)) <= {"1"}:
        return False
    if al.in_place or (_ALL in qa and "one" in qb) or (_ALL in qb and "one" in qa):
        return True  # "a *single* test" / "*all* tests", in any rewording
    return bool(qa - {"1", "one"} and qb - {"1", "one"})


_ALL = "all"
_WHOLE = frozenset({"all", "most"})
_EVERYONE = frozenset({"everyone", "everybody"})
_SOMEONE = frozenset({"someone", "somebody"})
_EACH = frozenset({"all", "every"})  # "each" is distributive: "each day" is "a day"
_ONE_OF = frozenset({"a", "an", "1", "single"})


@lru_cache(maxsize=8192)
def _people(words: tuple[str, ...]) -> frozenset[str]:
    """ "all" for everyone, "one" for one person ("someone", "one person")."""
    found = {"all" for w in words if w in _EVERYONE}
    found |= {"one" for w in words if w in _SOMEONE}
    pairs = pairwise(words)
    return frozenset(found | {"one" for w, n in pairs if w in _ONE_OF and n == "person"})


def _all_against_one(a: Shape, b: Shape) -> bool:
    """``a`` counts all of a thing ("all emails", "every email"), ``b`` one of the same
    thing ("an email", "a single email") or some picked by their place ("*the first*
    duplicate", "the last 3 rows")."""
    every = {
        a.stems[m]
        for k in range(len(a.words) - 1)
        if a.words[k] in _EACH
        and (m := _past_determiners(a.words, k + 1)) < len(a.words)
        and a.words[m] not in TIME_UNITS  # "every day": "a day"
    }
    if not every:
        return False
    return any(
        (b.words[k] in _ONE_OF and b.stems[k + 1] in every)
        or (b.words[k] in _PLACES and _picked(b, k + 1, every))
        or (_this_one(b, k) and _named_after(b, k, every))
        for k in range(len(b.words) - 1)
    )


#: What may stand between "all" and the thing counted: "all *of the* trees", "all *my* emails".
_ALL_OF = frozenset({"of", "the", "my", "our", "your", "their", "his", "her", "these", "those"})
_MAX_ALL_OF = 2


def _past_determiners(words: tuple[str, ...], k: int) -> int:
    """The index of the first word from ``k`` on that is no determiner of ``_ALL_OF``
    (two at most: "all of the")."""
    stop = min(k + _MAX_ALL_OF, len(words))
    while k < stop and words[k] in _ALL_OF:
        k += 1
    return k


def _one_against_several(a: Shape, b: Shape) -> bool:
    """``a`` names one of a thing ("*a* dog") and ``b`` a number of the same thing,
    two or more, with at most one word between ("*two* large dogs", "3 cats"), and not
    one of it too ("can *a person* love *two persons*")."""
    ones = _ones(a) - _ones(b)
    if not ones:
        return False
    return any(
        _several(b.words[k]) and _plural(b.words[m]) and b.stems[m] in ones
        for k in range(len(b.words) - 1)
        for m in range(k + 1, min(k + 3, len(b.words)))
    )


_BOUNDING = frozenset({("than",), ("least",), ("most",)})


@lru_cache(maxsize=8192)
def _ones(s: Shape) -> frozenset[str]:
    """The stems of the things ``s`` names one of ("*a* dog", "*one* dose")."""
    return frozenset(
        s.stems[k + 1]
        for k in range(len(s.words) - 1)
        if s.words[k] in _ONE_OF
        and s.words[k + 1] not in TIME_UNITS  # durations are the number guard's
        and s.words[k - 1 : k] not in _BOUNDING  # "more than one person": no count
    )


def _several(word: str) -> bool:
    """A count of two or more: "2", "two", "12"."""
    return (_count_of(word) or 0) >= 2


def _count_of(word: str) -> float | None:
    """The number a word or ASCII numeral says ("two", "12"), or None ("²" is no count)."""
    if word.isascii() and word.isdigit() and len(word) < 4:
        return int(word)
    return NUMBER_WORDS.get(word)


def _this_one(s: Shape, k: int) -> bool:
    """Whether s[k] picks the one at hand: "this", or "the current" (read as the time
    "now")."""
    return s.words[k] == "this" or (s.words[k] in ("current", "now") and s.words[k - 1] == "the")


def _named_after(s: Shape, k: int, things: set[str]) -> bool:
    """Whether one of ``things`` follows s[k] within two more words ("current *Word*
    document")."""
    return any(s.stems[m] in things for m in range(k + 1, min(k + 4, len(s.words))))


def _picked(s: Shape, k: int, things: set[str]) -> bool:
    """Whether s[k:] names one of ``things``, after a number or not ("the last *3 rows*")."""
    if _number(s.words[k]):
        k += 1
    return k < len(s.words) and s.stems[k] in things


#: Words that pick items by their place in a sequence: "the *first* duplicate".
_PLACES = frozenset(
    {"first", "last", "final", "second", "third", "fourth", "fifth", "nth", "penultimate"}
)


def _plural(word: str) -> bool:
    """A plural noun, crudely: a word of four letters or more ending in s, not ss."""
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss")


def _as_article(amounts: frozenset[str]) -> frozenset[str]:
    """An explicit "one" (or "single") is the article's amount ("a dose" / "one dose"),
    and an amount of its own only against "all" (a rewording says "one way" for "some
    ways")."""
    return amounts - {"one"} | {"1"} if "one" in amounts else amounts


@lru_cache(maxsize=8192)
def _amounts(words: tuple[str, ...]) -> frozenset[str]:
    """The quantifiers' amounts ("all", "many", "several", "few"), "1" for an article
    and "one" for the number one ("one", "single")."""
    found = set()
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in ARTICLES:
            if following == "few":
                found.add("several")
            elif following not in QUANTIFIERS and not _number(following):
                found.add("1")
        elif word in QUANTIFIERS and not (word == "few" and i and words[i - 1] in ARTICLES):
            if not (word == "all" and following in _CLAUSE_OPENERS):  # "all it takes"
                found.add(QUANTIFIERS[word])
        elif (
            word == "most"
            and (following == "of" or _plural(following))
            and not (i and words[i - 1] in ("the", "a"))
        ):
            found.add("most")  # "most students", "most of them"; not "the most popular"
        elif word == "any" and _plural(following):
            found.add("any")  # "do *any* banks ...": against "all" and "most" only
        elif word == "1" and following not in _NOT_AFTER_ONE:
            found.add("one")
    return frozenset(found)


# "one of the ways" is part of a whole; "one can ..." is anyone.
_NOT_AFTER_ONE = frozenset({"of", "can", "could", "may", "might", "must", "should", "would"})
_NOT_AFTER_ONE |= frozenset({"will", "needs", "has", "is", "gets", "does"})
_CLAUSE_OPENERS = frozenset({"it", "you", "that", "this", "i", "we", "they", "he", "she"})


def _number(word: str) -> bool:
    return word.replace(".", "", 1).isdigit()


def _replaced(al: Alignment) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The words each side has in place of the other's, block by block."""
    x, y = al.a.words, al.b.words  # one word per stem: the opcodes hold for both
    return [(x[i1:i2], y[j1:j2]) for tag, i1, i2, j1, j2 in al.opcodes if tag == "replace"]


def qualifier(al: Alignment) -> bool:
    """One has content words the other lacks, not the other way round, and one of them
    is added (it stands where the other has nothing, or only grammar): in the same
    sentence at any similarity, inside a rewording below ``reworded_floor``."""
    if not (bool(al.only_a) != bool(al.only_b) and al.added):
        return False
    return al.in_place or al.similarity < al.reworded_floor


def substitution(al: Alignment) -> bool:
    """A content word swapped for its WordNet antonym ("early" / "late", at any
    similarity and inside any rewording), or up to two content words swapped (for
    content words or for words of the request frame) for a prefixed form of the same
    root ("ripe" / "overripe"), for a WordNet co-hyponym ("author" / "translator"), or
    for words the model does not hold as close (``swap_floor`` in place,
    ``reworded_floor`` inside a rewording)."""
    only_a, only_b = al.only_a, al.only_b
    if not (only_a or only_b):
        return False
    swapped = tuple(product(only_a, only_b))
    if any(related(x, y) == ANTONYM and _antonyms_here(al, x, y) for x, y in swapped):
        return True
    if max(len(only_a), len(only_b)) > _MAX_SWAPPED:
        return False
    if any(prefixed(x, y) for x, y in swapped):
        return True
    # A sibling swapped in changes the question in one sentence ("author" /
    # "translator"); inside a rewording WordNet's broad sibling groups ("speed" and
    # "travel" are both kinds of motion) are paraphrase as often as not.
    if al.rewording <= _SIBLING_REWORDING and any(related(x, y) == COHYPONYM for x, y in swapped):
        return True
    return al.similarity < (al.swap_floor if al.in_place else al.reworded_floor)


def _antonyms_here(al: Alignment, x: str, y: str) -> bool:
    """Whether two stems WordNet holds as antonyms are so as written, or stand in each
    other's place ("how to *merge* two branches" / "how to *split* one branch")."""
    return _written_antonyms(al, x, y) or _facing(al, x, y)


def _facing(al: Alignment, x: str, y: str) -> bool:
    """Whether stem ``x`` of ``a`` and ``y`` of ``b`` are in one replaced block."""
    return any(
        tag == "replace" and x in al.a.stems[i1:i2] and y in al.b.stems[j1:j2]
        for tag, i1, i2, j1, j2 in al.opcodes
    )


def _written_antonyms(al: Alignment, x: str, y: str) -> bool:
    """Whether the words written for stems ``x`` and ``y`` are antonyms in their own
    form: a participle through WordNet's participles, any other word through its other
    words. The stems meet in more forms than the words do: "*connect* my printer" stems
    as "connected" does, whose antonym is "wireless" (network); "connect" is only
    "disconnect"'s."""
    wx = next(w for w, t in zip(al.a.words, al.a.stems, strict=True) if t == x)
    wy = next(w for w, t in zip(al.b.words, al.b.stems, strict=True) if t == y)
    return bool({k ^ 1 for k in _antonym_sides(wx)} & _antonym_sides(wy))


_PARTICIPLE = ("ed", "ing")


@lru_cache(maxsize=16384)
def _antonym_sides(word: str) -> frozenset[int]:
    """The antonymy sides (as in ``Relations.antonyms``) of the words with the stem of
    ``word`` that are participles exactly when ``word`` is one."""
    participle = word.endswith(_PARTICIPLE)
    entries = _antonyms_by_stem().get(stem(word), {})
    return frozenset(
        side
        for written, sides in entries.items()
        if written.endswith(_PARTICIPLE) == participle
        for side in sides
    )


@cache
def _antonyms_by_stem() -> dict[str, dict[str, frozenset[int]]]:
    """Stem -> the words of WordNet's antonymies (data/wordnet.txt, its "A" lines) with
    that stem -> their sides (2k and 2k + 1 for the k-th antonymy). Read apart from
    ``wordnet()``, which keeps stems only: the antonymies alone, a small index."""
    text = resources.files(__package__).joinpath("data/wordnet.txt").read_text("utf-8")
    index: dict[str, dict[str, set[int]]] = {}
    sides = 0
    for line in text.splitlines():
        if not line.startswith("A "):
            continue
        for side, words in enumerate(line[2:].split(" | ")):
            for word in words.split():
                index.setdefault(stem(word), {}).setdefault(word, set()).add(sides + side)
        sides += 2
    return {t: {w: frozenset(ids) for w, ids in forms.items()} for t, forms in index.items()}


def edit(al: Alignment) -> bool:
    """The same sentence with content words swapped in place (``in_place``), and no
    stem, root, typo, alias or WordNet synonym shows a swapped word to be the other
    side's ("cheaper to *run*" / "to *install*"): refused at any similarity and
    however many words were swapped. The burden is on the edit: the model's
    similarity is no proof for this shape, since a look-alike made by one swap keeps
    the rest of the sentence and so stays close. A word swapped for one the other
    prompt uses elsewhere ("square *feet* in a 4 by 5 metre room" / "square *metres*
    in ...") is a swap too, with one side's word left over."""
    if not al.in_place or not (al.only_a or al.only_b):
        return False
    return (bool(al.only_a) and bool(al.only_b)) or _swapped_for_shared(al)


def _swapped_for_shared(al: Alignment) -> bool:
    """Whether a content word only one side has stands in place of a content word the
    other side has, one it shares with the first elsewhere."""
    for tag, i1, i2, j1, j2 in al.opcodes:
        if tag != "replace":
            continue
        for s, only, (k1, k2), other, (m1, m2) in (
            (al.a, al.only_a, (i1, i2), al.b, (j1, j2)),
            (al.b, al.only_b, (j1, j2), al.a, (i1, i2)),
        ):
            mine = any(s.kinds[k] == _CONTENT and s.stems[k] in only for k in range(k1, k2))
            if mine and any(other.kinds[m] == _CONTENT for m in range(m1, m2)):
                return True
    return False


def topic(al: Alignment) -> bool:
    """The same question asked of another thing: no content word in common, and the same
    grammar around them once contractions are read out and articles dropped ("*what's an
    index fund*" / "*what is a Roth IRA*", "explain *what a 401k is*" / "*what is* a Roth
    IRA"). The frame kept is no rewording of a question when all it frames is swapped;
    a paraphrase that rewords every content word rewords the grammar too."""
    a, b = al.a, al.b
    if len(al.only_a) != len(a.content_stems) or len(al.only_b) != len(b.content_stems):
        return False
    if not (al.only_a and al.only_b):
        return False
    grammar_a, grammar_b = _grammar(a), _grammar(b)
    return bool(grammar_a & _WH) and grammar_a == grammar_b


def likeness(al: Alignment) -> bool:
    """One asks how two things differ, the other what they share ("how do X and Y
    *differ*" / "what do X and Y have *in common*", "what *separates* X from Y" / "what
    do X and Y *share*"): a side that names a difference and no likeness against one
    that names a likeness and no difference."""
    a, b = _likeness_of(al.a.words), _likeness_of(al.b.words)
    return {a, b} == {"difference", "likeness"}


#: Words that ask how things differ, and what they share, as written.
_DIFFERING = frozenset(
    {"differ", "differs", "differed", "difference", "differences", "different"}
    | {"distinguish", "distinguishes", "distinction", "distinctions", "contrast", "contrasts"}
)
_ALIKE = frozenset({"similar", "similarity", "similarities", "alike", "resemble", "resembles"})


@lru_cache(maxsize=8192)
def _likeness_of(words: tuple[str, ...]) -> str | None:
    """ "difference", "likeness" or None (both or neither) for one prompt's words."""
    differs = bool(_DIFFERING.intersection(words)) or (
        bool({"separates", "separate", "sets"}.intersection(words)) and "from" in words
    )
    shares = bool(_ALIKE.intersection(words)) or _shared(words)
    if differs == shares:
        return None
    return "difference" if differs else "likeness"


def _shared(words: tuple[str, ...]) -> bool:
    """ "in common", or "share" asked of two things ("what do X and Y share")."""
    return any(p == ("in", "common") for p in pairwise(words)) or (
        bool({"share", "shares"}.intersection(words)) and "and" in words
    )


#: The wh-words a question frame opens with; a frame without one is too thin to hold.
_WH = frozenset({"what", "how", "why", "when", "where", "who", "which"})
_ARTICLES = frozenset({"a", "an", "the"})
_CONTRACTED = {"what's": ("what", "is"), "whats": ("what", "is"), "how's": ("how", "is")}
_CONTRACTED |= {"where's": ("where", "is"), "who's": ("who", "is"), "when's": ("when", "is")}


@lru_cache(maxsize=8192)
def _grammar(s: Shape) -> frozenset[str]:
    """The grammar words of ``s``, contractions read out, articles dropped."""
    words = (w for w, k in zip(s.words, s.kinds, strict=True) if k == _GRAMMAR)
    return frozenset(
        part for w in words for part in _CONTRACTED.get(w, (w,)) if part not in _ARTICLES
    )


def reworded(al: Alignment) -> bool:
    """More content words differ than a swap ("best laptop bag for travel" / "which
    rucksack suits a notebook computer on trips") and the model does not hold the
    two as close as ``reworded_floor``: below it, only prompts whose content words
    all match are served, whatever the threshold."""
    if max(len(al.only_a), len(al.only_b)) <= _MAX_SWAPPED:
        return False
    return al.similarity < al.reworded_floor


def particle(al: Alignment) -> bool:
    """The same word followed by the opposite particle on each side: "zoom in" /
    "zoom out", "log in to" / "log out of", "flights to Rome" / "flights from Rome"."""
    x, y = al.a.stems, al.b.stems
    for tag, i1, _i2, j1, _j2 in al.opcodes:
        if tag != "replace" or not i1 or not j1 or x[i1 - 1] != y[j1 - 1]:
            continue
        if al.a.kinds[i1 - 1] != _CONTENT or _PARTICLE_PAIRS.get(x[i1]) != y[j1]:
            continue
        # "to" / "from" reverse a direction only towards the same place ("flights *to*
        # Rome" / "*from* Rome"), not "stop the dog *from* barking" / "get it *to* stop".
        if x[i1] in ("to", "from") and x[i1 + 1 : i1 + 2] != y[j1 + 1 : j1 + 2]:
            continue
        if not (_removed_from(al.a, x[i1], al.b, y[j1]) or _removed_from(al.b, y[j1], al.a, x[i1])):
            return True
    return False


_REMOVING = frozenset(stem(w) for w in ("rid", "remove", "eliminate", "clear", "kill", "evict"))


def _removed_from(s: Shape, here: str, other: Shape, there: str) -> bool:
    """Whether "in" on one side faces "out" on the other as one removal said two ways:
    "get *rid* of ants *in* the house" / "get ants *out* of the house"."""
    return (
        here == "in"
        and there == "out"
        and bool(_REMOVING & set(s.stems))
        and not (_REMOVING & set(other.stems))
    )


_PARTICLE_PAIRS = {
    **{a: b for a, b in PARTICLE_OPPOSITES},
    **{b: a for a, b in PARTICLE_OPPOSITES},
}


def order(al: Alignment) -> bool:
    """The same words, but two content words have traded places ("Berlin to Rome" /
    "Rome to Berlin"), with no symmetric word ("and", "or", "vs", "between") around
    them."""
    x, y = al.a.stems, al.b.stems
    if len(x) != len(y) or sorted(x) != sorted(y):
        return False
    moved = [k for k in range(len(x)) if x[k] != y[k]]
    if len(moved) != 2:
        return _spans_swapped(al)
    i, j = moved
    if j - i < 2:  # neighbours swapped are word order: "black little bugs", "earn online fast"
        return False
    if x[i] != y[j] or x[j] != y[i] or al.a.kinds[i] != _CONTENT or al.a.kinds[j] != _CONTENT:
        return False
    around = set(al.a.words[max(i - 1, 0) : j + 1])
    return not around & SYMMETRIC_WORDS


def _spans_swapped(al: Alignment) -> bool:
    """Two phrases have traded places around the same words ("can *headaches* cause *lack
    of sleep*" / "can *lack of sleep* cause *headaches*"): the rest of the sentence kept,
    something between them, each phrase naming a content word, and no symmetric word
    ("and", "vs") between them."""
    x, y, kinds = al.a.stems, al.b.stems, al.a.kinds
    n = len(x)
    start = next((k for k in range(n) if x[k] != y[k]), n)
    end = n - next((k for k in range(n) if x[n - 1 - k] != y[n - 1 - k]), n)
    middle_a, middle_b = x[start:end], y[start:end]
    for i in range(1, len(middle_a) - 1):
        for j in range(i + 1, len(middle_a)):
            first, between, last = middle_a[:i], middle_a[i:j], middle_a[j:]
            if middle_b != last + between + first or first == last:
                continue
            phrases = (range(start, start + i), range(start + j, end))
            if not all(any(kinds[k] == _CONTENT for k in r) for r in phrases):
                continue
            if all(kinds[r[0]] != _CONTENT for r in phrases):
                continue  # two phrases each opened by grammar ("during X" / "in Y"): word order
            return not set(al.a.words[start + i : start + j]) & SYMMETRIC_WORDS
    return False


def clause(al: Alignment) -> bool:
    """A clause or phrase swapped whole, the rest of the sentence kept: the condition
    under "if" ("return shoes *if I wore them*" / "*if they're still boxed*"), the means
    under "by" / "using", the setting under "on" / "in"; or the same event under
    opposite sequence markers ("*before* a trip" / "*when you get back from* a trip");
    or a party the message goes to on one side and comes from on the other ("a message
    *to* support" / "a reply *from* support *to* a customer"); or another case stated
    before the same request ("my screen has *a tiny scratch*, is that covered?" / "my
    screen *is shattered*, is that covered?")."""
    return clauses_differ(al.a, al.b, al.only_a, al.only_b)


def clauses_differ(
    a: Shape, b: Shape, only_a: tuple[str, ...] | None = None, only_b: tuple[str, ...] | None = None
) -> bool:
    """``clause`` on two shapes, given the stems each has that the other lacks (found
    here for prompts too long to align)."""
    if _cases_differ(a, b):
        return True
    of_a, of_b = _clauses_of(a)[0], _clauses_of(b)[0]
    if not (of_a and of_b):
        return False
    if only_a is None or only_b is None:
        only_a = _unaliased(a, _only_in(a.content, b.content, b.content_stems), b)
        only_b = _unaliased(b, _only_in(b.content, a.content, a.content_stems), a)
    return (
        _one_swapped(a, b, frozenset(only_a), frozenset(only_b))
        or _across(a, b)
        or _sequence_flipped(of_a, of_b)
        or _sequence_flipped(of_b, of_a)
        or _parties_swapped(of_a, of_b)
        or _parties_swapped(of_b, of_a)
    )


def _cases_differ(a: Shape, b: Shape) -> bool:
    """Both state the asker's case before the same request, word for word, and the
    cases differ each way ("my screen has *a tiny scratch*, is that covered?" / "my
    screen *is shattered*, is that covered?"): the request asks about another case."""
    if not (a.cases and b.cases) or shape(a.request).stems != shape(b.request).stems:
        return False
    case_a = frozenset().union(*(shape(c).content_stems for c in a.cases))
    case_b = frozenset().union(*(shape(c).content_stems for c in b.cases))
    return any(not any(same_word(x, y) for y in case_b) for x in case_a) and any(
        not any(same_word(y, x) for x in case_a) for y in case_b
    )


_Phrases = dict[str, tuple[str, ...]]


@lru_cache(maxsize=8192)
def _clauses_of(s: Shape) -> tuple[_Phrases, dict[str, tuple[str, ...]]]:
    """Per marker class, the stems of a shape's content words under it, and the stems
    of all its words outside that class's phrases."""
    split = clauses(s.words, tuple(k == _CONTENT for k in s.kinds))
    phrases = {c: tuple(s.stems[k] for k in at) for c, at in split.phrases.items()}
    outside = {
        c: tuple(t for k, t in enumerate(s.stems) if k not in span)
        for c, span in split.spans.items()
    }
    return phrases, outside


def _one_swapped(a: Shape, b: Shape, only_a: frozenset[str], only_b: frozenset[str]) -> bool:
    """One phrase class both have, each with a word the other prompt lacks, and every
    word outside its phrases the same on both sides, in the same order (the sentence
    kept; a reworded sentence moves its phrases about and rewords them freely)."""
    if not (only_a and only_b):
        return False
    of_a, outside_a = _clauses_of(a)
    of_b, outside_b = _clauses_of(b)
    return any(
        outside_a[c] == outside_b[c]
        and any(t in a.content_stems for t in outside_a[c])
        and only_a.intersection(of_a[c])
        and only_b.intersection(of_b[c])
        for c in of_a.keys() & of_b.keys()
    )


def _across(a: Shape, b: Shape) -> bool:
    """Two words trading places across "in", "on", "at" and the rest kept (one word
    added at most): each under the marker on one side and outside its phrases on the
    other ("10 *km* in *miles*" / "10 nautical *miles* in *km*"). Around "to" and "from"
    the ``direction`` guard judges; other markers reorder freely in a paraphrase ("does
    it come *with* a charger" / "is a charger included *with* it")."""
    of_a, outside_a = _clauses_of(a)
    of_b, outside_b = _clauses_of(b)
    if "setting" not in of_a or "setting" not in of_b:
        return False
    in_a, in_b = set(of_a["setting"]), set(of_b["setting"])
    moved_a = in_a & set(outside_b["setting"]) & b.content_stems - in_b
    moved_b = in_b & set(outside_a["setting"]) & a.content_stems - in_a
    if not (moved_a and moved_b) or moved_a == moved_b:
        return False
    kept_a = {t for t in outside_a["setting"] if t in a.content_stems} - moved_b
    kept_b = {t for t in outside_b["setting"] if t in b.content_stems} - moved_a
    return bool(kept_a & kept_b) and len(kept_a ^ kept_b) <= 1


def _sequence_flipped(of_a: _Phrases, of_b: _Phrases) -> bool:
    """An event ``a`` has after "before" that ``b`` has after "after" only."""
    before, after = of_a.get("before", ()), of_b.get("after", ())
    return any(
        any(same_word(x, y) for y in after)
        and not any(same_word(x, y) for y in of_b.get("before", ()))
        for x in before
    )


def _parties_swapped(of_a: _Phrases, of_b: _Phrases) -> bool:
    """A party ``a`` sends to that ``b`` receives from, where ``b`` names another party
    receiving ("a letter *to* my landlord" / "a letter *from* my landlord *to* a tenant")
    and does not send to it too, nor do the two share a source ("from Pearson airport to
    downtown Toronto" / "from Toronto Pearson to downtown" is one way named two ways).
    Without a receiver on ``b``'s side "to X" / "from X" are set phrases as often as
    parties ("in addition to X" / "apart from X", "access to X" / "accessed from X")."""
    to_a, from_a = of_a.get("goal", ()), of_a.get("source", ())
    to_b, from_b = of_b.get("goal", ()), of_b.get("source", ())
    if not to_b:  # no other party receiving on b's side: "in addition to X" / "apart from X"
        return False
    if any(same_word(x, y) for x in from_a for y in from_b):
        return False
    return any(
        any(same_word(x, y) for y in from_b)
        and not any(same_word(x, y) for y in to_b)
        and not any(same_word(x, y) for y in from_a)
        for x in to_a
    )


Check = Callable[[Alignment], bool]

#: Name -> alignment check, in the order they run. Each is a veto.
DIFFERENCES: dict[str, Check] = {
    "payload": payload,
    "time": time,
    "qualifier": qualifier,
    "substitution": substitution,
    "reworded": reworded,
    "order": order,
    "particle": particle,
    "person": person,
    "quantity": quantity,
    "modality": modality,
    "mode": mode,
    "stage": stage,
    "causation": causation,
    "extent": extent,
    "intent": intent,
    "prevention": prevention,
    "schooling": schooling,
    "frequency": frequency,
    "audience": audience,
    "role": role,
    "compared": compared,
    "doer": doer,
    "lifecycle": lifecycle,
    "tone": tone,
    "output": output,
    "sender": sender,
    "topic": topic,
    "likeness": likeness,
    "edit": edit,  # the named checks above say what changed, when one knows
    "clause": clause,  # last: a phrase swapped whole, which ``edit`` names when in place
}


def difference(
    query: str,
    cached: str,
    similarity: float,
    *,
    swap_floor: float = DEFAULT_SWAP_FLOOR,
    reworded_floor: float = DEFAULT_REWORDED_FLOOR,
    names: Iterable[str] = DIFFERENCES,
) -> str | None:
    """The name of the first alignment check telling ``query`` and ``cached`` apart
    at cosine ``similarity``, or None."""
    a, b = shape(query), shape(cached)
    if a.payload is None or b.payload is None or _quoted_alike(query, cached, a, b):
        # A payload only one prompt has is part of its words; two payloads are
        # compared as payloads, and the instructions around them as prompts.
        a, b = _whole(query), _whole(cached)
    if max(len(a.stems), len(b.stems)) > MAX_WORDS or (
        max(len(a.content), len(b.content)) > MAX_CONTENT and not _edited(a, b)
    ):
        # Not aligned: a passage rewords freely; it needs the floor of a rewording. The
        # tone of a text to write is read without aligning.
        names = tuple(names)
        if "reworded" in names and similarity < reworded_floor:
            return "reworded"
        if "clause" in names and clauses_differ(a, b):
            return "clause"
        return "tone" if "tone" in names and _tones_differ(a, b) else None
    al = align(a, b, similarity, swap_floor, reworded_floor)
    for name in names:
        if DIFFERENCES[name](al):
            return name
    return None


def _quoted_alike(query: str, cached: str, a: Shape, b: Shape) -> bool:
    """Whether each payload is words of the other whole prompt, quoted or not ("getting
    '*ModuleNotFoundError: No module named requests*'" / "python says
    ModuleNotFoundError no module named '*requests*'"): one text quoted two ways."""
    if a.payload is None or b.payload is None or a.code != b.code:
        return False  # code is compared as written
    whole_a, whole_b = _normalized(query), _normalized(cached)
    return f" {a.payload} " in whole_b and f" {b.payload} " in whole_a


@lru_cache(maxsize=8192)
def _normalized(text: str) -> str:
    return f" {_NOT_WORD.sub(' ', text.lower()).strip()} "


def _edited(a: Shape, b: Shape) -> bool:
    """Whether one prompt is the other with a few words added or swapped: a long
    prompt made that way is aligned ("... by mail in Los Angeles County" / "...
    online in Los Angeles County")."""
    return _adds_only(a, b) or _swaps_only(a, b)


def _swaps_only(a: Shape, b: Shape) -> bool:
    """Whether each prompt has at most ``_MAX_SWAPPED`` content words the other lacks
    (exact stems) and neither more than ``_MAX_ADDED_CONTENT`` in all."""
    if a.payload or b.payload or max(len(a.content), len(b.content)) > _MAX_ADDED_CONTENT:
        return False  # statements about code reorder their clauses around the names
    stems_a, stems_b = {t for t, _ in a.content}, {t for t, _ in b.content}
    return max(len(stems_a - stems_b), len(stems_b - stems_a)) <= _MAX_SWAPPED


def _adds_only(a: Shape, b: Shape) -> bool:
    """Whether one prompt's content words are all in the other: a long prompt made by
    adding to a short one is aligned whatever its length ("... headphones" / "...
    headphones aimed at audio engineers")."""
    short, long = sorted((a, b), key=lambda s: len(s.content))
    if len(short.content) > MAX_CONTENT or len(long.content) > _MAX_ADDED_CONTENT:
        return False
    # Exact stems first: most long pairs differ in more words than a typo or a
    # synonym explains, and the full word match is the costly part of a lookup.
    stems = {t for t, _ in long.content}
    rest = tuple(c for c in short.content if c[0] not in stems)
    return len(rest) <= _MAX_SWAPPED and not _only_in(rest, long.content)


@lru_cache(maxsize=8192)
def _whole(text: str) -> Shape:
    """The shape of the whole of ``text``, payload included."""
    own = shape(text)
    return own if own.payload is None else _shape_of(text, None)
