"""Candidates just below the threshold, served on evidence that they ask the same thing.

The misses the threshold leaves are mostly paraphrases the model holds at 0.65-0.80:
chatty, polite, typo'd or reordered rewordings ("pls help cant log in to my acount" /
"I can't log into my account, please help"). Lowering the threshold would serve
their look-alikes too. The rescue instead asks for evidence the similarity cannot
give: once the filler is dropped (greetings, politeness, "could you tell me", "I was
wondering") and the request frame is read as one ("how do I", "how can I", "what's
the way to" are "how to", "explain X" is "what is X"), the two prompts have

- the same content words, matched one to one by stem, root, typo, WordNet synonym or
  the guards' entity ids (``same_word``), a compound written in two words counting as
  one ("tooth paste" / "toothpaste");
- the same other words (grammar and frame), as a multiset, give or take an article:
  a preposition, a quantifier, a wh-word or an auxiliary that differs is no filler,
  save a terse prompt against the same one asked as "what is / are ..." or "how
  many / much ... are" ("side effects of X?" / "What are the side effects of X?"),
  and "need to" in a how-question ("how long do I (need to) cook a turkey"); a
  preposition that links two nouns ("the battery *of* my laptop" / "laptop battery"),
  and in a how-request the asker's "my", are no difference either.

A request for how things differ is one frame however it is put ("X vs Y", "the
difference between X and Y", "how does X differ from Y"): the things compared must
match, in any order. "How long can I keep X", "how long is X good for" and "how long
does X keep" ask one thing (not "how long *should* I keep X"). A word and its
particle written apart are the compound the other prompt writes ("back up" /
"backup", "left overs" / "leftovers").

"Tips", "a good way to", "the process for" ask "how to" too. Clipped words ("acct",
"vocab") are their words through the guards' aliases, and WordNet's synonym sets keep
the spellings the tokenizer splits ("mould", "memorise"). A pronoun for a thing named
before it ("I forgot my password, how can I reset *it*?") restates that thing.

Each misspelt content word lowers the floor, and a prompt that is the other word for
word, misspelt, lowest of all: the tokenizer cuts a misspelling into pieces, so the
similarity of "how does compund intrest work" to "How does compound interest work?"
(0.31) measures the spelling, not the question.

A prompt with a payload is never rescued (its text is what differs), nor one longer
than ``MAX_RESCUE_WORDS``. The verifier still runs every guard and alignment check on
a rescued candidate; the evidence only stands in for the missing similarity.

Measured on the dev sets (docs/quality.md, "The rescue"). Pure functions of the two
texts, memoized per text: thread-safe.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from ._align import related, shape, stem, typo
from ._guards import ALIAS_GROUPS
from ._wordnet import SYNONYM

__all__ = [
    "COPY_FLOOR",
    "COPY_RESCUE_RATIO",
    "DEFAULT_RESCUE_RATIO",
    "MAX_RESCUE_TYPOS",
    "MAX_RESCUE_WORDS",
    "MIN_RESCUE_FLOOR",
    "MISSPELT_WORDS",
    "TYPO_RESCUE_RATIO",
    "rescue_floor",
    "rescue_reach",
    "rescue_typos",
    "same_request",
]

#: How far below the threshold a candidate can be served on evidence, as a share of
#: the threshold's distance from 1: the rescue floor is ``t - ratio * (1 - t)``
#: (0.641 at the default 0.795, 0.882 at min_precision=0.90's 0.9325, none at
#: 1.0). A stricter operating point rescues less, and a threshold of 1 means exact.
DEFAULT_RESCUE_RATIO = 0.75
#: ...never below this similarity: farther than that, prompts with the same words
#: tend to ask different things of them.
MIN_RESCUE_FLOOR = 0.60
#: Each content word matched only as a misspelling ("calcualte" / "calculate") lowers
#: the floor by this share of the threshold's distance from 1 more, and
#: ``MIN_RESCUE_FLOOR`` by ``TYPO_FLOOR_STEP``: the tokenizer splits a misspelt word
#: into pieces, so the similarity loses what the words have kept ("how do you
#: calcualte compound intrest" / "How do I calculate compound interest?": 0.56).
TYPO_RESCUE_RATIO = 0.25
TYPO_FLOOR_STEP = 0.05
#: ...for this many misspelt words at most (``MAX_RESCUE_TYPOS`` stands for a
#: misspelt copy, below).
MISSPELT_WORDS = 2
#: A prompt that is the other word for word but misspelt (the same other words, each
#: content word the other's or a misspelling of it, one at least spelt alike: "how
#: does compund intrest work" / "how does compound interest work": 0.31) says the
#: similarity measured the tokenizer, not the meaning: its floor is
#: ``t - COPY_RESCUE_RATIO * (1 - t)`` (0.28 at the default, 0.76 at 0.9325), never
#: below ``COPY_FLOOR``. ``rescue_typos`` counts it as ``MAX_RESCUE_TYPOS``.
COPY_RESCUE_RATIO = 2.5
COPY_FLOOR = 0.25
MAX_RESCUE_TYPOS = MISSPELT_WORDS + 1
#: Prompts longer than this (words) are not rescued: a passage rewords freely.
MAX_RESCUE_WORDS = 40

# Words that ask for nothing: greetings, politeness, hedges, chat.
_FILLER = frozenset(
    [
        *("hi", "hello", "hey", "yo", "ah", "oh", "uh", "um", "umm", "hmm", "ok", "okay"),
        *("please", "pls", "plz", "kindly", "thanks", "thank", "thx", "ty", "cheers"),
        *("really", "actually", "basically", "btw", "lol", "ugh", "so", "guys", "folks"),
        *("there", "advance", "help"),
        "explain",  # "explain X" asks what "what is X" does; "explain why X" keeps its "why"
    ]
)  # not "just" ("back up just the photos") nor "quick" ("quick dinner ideas")
# Phrases of the request frame that ask for nothing either, longest first.
_FILLER_PHRASES = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "could you please",
                "can you please",
                "would you please",
                "could you",
                "can you",
                "would you",
                "will you",
                "can anyone",
                "i was wondering",
                "i am wondering",
                "i'm wondering",
                "i wonder",
                "i was curious",
                "i'm curious",
                "just curious",
                "i would like to know",
                "i'd like to know",
                "i want to know",
                "i need to know",
                "do you know",
                "does anyone know",
                "any idea",
                "any ideas",
                "tell me",
                "let me know",
                "walk me through",
                "explain to me",
                "help me understand",
                "help me",
                "please help",
                "thank you so much",
                "thanks so much",
                "thank you",
                "thanks in advance",
                "in advance",
                "so much",
                "hi there",
                "hello there",
                "hey there",
                "quick question",
                "i have a question",
                "a question",
                "step by step",
                "steps",
                "instructions",
            )
        ),
        key=len,
        reverse=True,
    )
)
# Ways of asking "how to", left out as filler.
_HOW_PHRASES = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "how do i",
                "how can i",
                "how should i",
                "how would i",
                "how could i",
                "how do you",
                "how can you",
                "how does one",
                "how can one",
                "how do we",
                "how can we",
                "how to",
                "what is the way to",
                "what's the way to",
                "whats the way to",
                "what is the best way to",
                "what's the best way to",
                "whats the best way to",
                "is there a way to",
                "best way to",
                "a good way to",
                "good way to",
                "easiest way to",
                "is there an easy way to",
                "is there a simple way to",
                "the process for",
                "the process to",
                "process for",
                "process to",
                *(
                    f"{what} {way}"
                    for what in ("what is", "what's", "whats")
                    for way in (
                        "a good way to",
                        "the easiest way to",
                        "the process for",
                        "the process to",
                    )
                ),
                "what are the steps to",
                "steps to",
                "ways to",
                "way to",
                "any tips on",
                "any tips for",
                "any tips",
                "tips on",
                "tips for",
                "tips to",
                "tips",
            )
        ),
        key=len,
        reverse=True,
    )
)


def _by_first(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """``phrases`` by their first word, longest first: a lookup reads only those that
    can start at a word."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        table.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(found) for first, found in table.items()}


_FILLER_AT = _by_first(_FILLER_PHRASES)
_HOW_AT = _by_first(_HOW_PHRASES)
_ARTICLES = frozenset(("a", "an", "the"))
# Prepositions that link one noun to another ("the battery *of* my laptop" / "laptop
# battery", "the grace period *on* a card" / "card grace period"): with the same
# content words one to one, they reorder a noun phrase. Direction words ("to",
# "from") are not among them.
_LINKING = frozenset(("of", "for", "on", "in"))
_ASKER = frozenset(("my",))
_CONTENT = "content"


@dataclass(frozen=True, slots=True)
class _Request:
    """What the rescue compares of one prompt."""

    content: tuple[tuple[str, str, str], ...]  # (word, stem, entity id) of content words
    rest: Counter[str]  # the other words, filler and articles left out
    terse: bool  # no wh-word, auxiliary or way of asking "how to": "side effects of X?"
    compared: bool = False  # asks how things differ: "X vs Y", "the difference between X and Y"
    said: tuple[str, ...] = ()  # the frame's words read as one (a copy says the same ones)


def same_request(query: str, cached: str) -> bool:
    """Whether the two prompts have the same content words, one to one, and differ
    otherwise only in filler and in how they say "how to" (see the module doc)."""
    return rescue_typos(query, cached) is not None


def rescue_typos(query: str, cached: str) -> int | None:
    """How many content words the two prompts match only as a misspelling, when they
    ask the same thing (``same_request``), else None."""
    a, b = _request(query), _request(cached)
    if a is None or b is None or not a.content or a.compared != b.compared:
        return None
    a, b = _rejoined(a, b), _rejoined(b, a)
    a, b, respelt = _respelt(a, b)
    if not _same_rest(a, b):
        return None
    content_a, content_b = _unaliased(a.content, b.content)
    if not (content_a or content_b):
        return None
    typos = _matched(content_a, content_b)
    if typos is None:
        return None
    copy = a.rest == b.rest and a.said == b.said
    if typos + respelt and copy and _copied(content_a, content_b, typos):
        return MAX_RESCUE_TYPOS
    return min(typos + respelt, MISSPELT_WORDS)


def _rejoined(x: _Request, y: _Request) -> _Request:
    """``x`` with a content word and a particle of its grammar read as the one word
    ``y`` writes ("back up" / "backup", "set up" / "setup", "left overs" /
    "leftovers"): a particle ``y`` lacks, joined to a word of ``x`` that then names a
    word of ``y``'s."""
    extra = x.rest - y.rest
    if not extra:
        return x
    content, rest = list(x.content), Counter(x.rest)
    theirs = {s for _, s, _ in y.content}
    for particle in extra.elements():
        for k, (word, _, _) in enumerate(content):
            joined = stem(word + particle)
            if joined in theirs and stem(word) not in theirs:
                content[k] = (word + particle, joined, "")
                rest[particle] -= 1
                break
    if rest == x.rest:
        return x
    return replace(x, content=tuple(content), rest=+rest)


def _respelt(x: _Request, y: _Request) -> tuple[_Request, _Request, int]:
    """``x`` and ``y`` with each content word that misspells a word of the other's
    frame or grammar ("how do i *wrte* a letter" / "how do I *write* a letter") read
    as that word, and how many were."""
    if x.rest == y.rest:
        return x, y, 0
    x, fixed_x = _respelled(x, y.rest - x.rest)
    y, fixed_y = _respelled(y, x.rest - y.rest)
    return x, y, fixed_x + fixed_y


def _respelled(r: _Request, missing: Counter[str]) -> tuple[_Request, int]:
    """``r`` with content words that misspell words of ``missing`` moved to its other
    words as those words (``typo``: one of the two no word), and how many."""
    content, rest, fixed = list(r.content), Counter(r.rest), 0
    for word in missing.elements():
        found = next((k for k, c in enumerate(content) if typo(c[0], word)), None)
        if found is not None:
            del content[found]
            rest[word] += 1
            fixed += 1
    return (replace(r, content=tuple(content), rest=rest), fixed) if fixed else (r, 0)


def _copied(a: tuple[Word, ...], b: tuple[Word, ...], typos: int) -> bool:
    """Whether content words paired off with ``typos`` misspellings are one prompt's
    words spelt two ways: as many on each side, one at least spelt alike, or two or
    more all misspelt (around the same frame and grammar, as the caller asks: "how do
    i make a budjet spreadshet"); one word misspelt alone is as likely another word."""
    return len(a) == len(b) and (typos < len(a) or len(a) >= _ALL_MISSPELT)


_ALL_MISSPELT = 2


def _same_rest(x: _Request, y: _Request) -> bool:
    """The same other words, or a terse prompt against the same one asked as "what
    is / are ..." or "how many / much ... is / are": "side effects of X?" / "what are
    the side effects of X?", "tbsp in a cup" / "how many tablespoons are in a cup"
    (the terse one has no wh-word, auxiliary or "how do I": "is there a soul" and "how
    do I bulk up" are no terse "soul" and "bulk up"; "why" or "how long" ask another
    question); or one how-question with "need to" ("how long do I (need to) boil an
    egg")."""
    a, b = x.rest, y.rest
    if a == b:
        return True
    longer = sum(a.values()) > sum(b.values())
    more, fewer = (a - b, b - a) if longer else (b - a, a - b)
    if fewer or max(more.values()) > 1:
        return False
    shared = set(a + b - more)
    if set(more) == _NEED_TO:
        return bool(shared & _HOW)  # "how long do I (need to) cook it": the same how
    terse = y.terse if longer else x.terse
    return terse and set(more) - _COPULAS in _TERSE_QUESTIONS


# "What is X" asks what a terse "X?" asks, and "how many X are in Y" what "X in Y?"
# does; other wh-words ask something more of it.
_TERSE_QUESTIONS = tuple(
    frozenset(words.split()) for words in ("what", "whats", "how many", "how much")
)
_COPULAS = frozenset({"is", "are"})
# "How long do I need to boil it" asks how long to boil it; in a yes / no question
# "need to" is an obligation ("Do I need to file?").
_NEED_TO = frozenset({"need", "to"})
_HOW = frozenset({"how"})
_WH = frozenset({"what", "whats", "which", "who", "why", "how", "when", "where"})
_AUXILIARY_WORDS = "am is are was were be do does did can could should would will may might must"
_AUXILIARIES = frozenset(_AUXILIARY_WORDS.split()) | {"shall", "has", "have", "had"}


def rescue_floor(threshold: float, ratio: float = DEFAULT_RESCUE_RATIO, typos: int = 0) -> float:
    """The lowest similarity served on evidence at ``threshold`` (never above it),
    ``typos`` content words matched as misspellings."""
    ratio, least = _reach(ratio, typos)
    return min(threshold, max(threshold - ratio * (1.0 - threshold), least))


def rescue_reach(similarity: float, ratio: float = DEFAULT_RESCUE_RATIO, typos: int = 0) -> float:
    """The highest threshold whose rescue floor ``similarity`` reaches: the inverse
    of ``rescue_floor`` (``similarity`` itself below its least floor)."""
    ratio, least = _reach(ratio, typos)
    if similarity < least:
        return similarity
    return max(similarity, (similarity + ratio) / (1.0 + ratio))


def _reach(ratio: float, typos: int) -> tuple[float, float]:
    """The floor's ratio and least value for ``typos`` misspelt words (none without
    the rescue: a ratio of 0)."""
    typos = min(typos, MAX_RESCUE_TYPOS) if ratio > 0 else 0
    if typos == MAX_RESCUE_TYPOS:
        return ratio + COPY_RESCUE_RATIO - DEFAULT_RESCUE_RATIO, COPY_FLOOR
    return ratio + typos * TYPO_RESCUE_RATIO, MIN_RESCUE_FLOOR - typos * TYPO_FLOOR_STEP


@lru_cache(maxsize=8192)
def _request(text: str) -> _Request | None:
    s = shape(text)
    if s.payload is not None or len(s.words) > MAX_RESCUE_WORDS:
        return None
    tokens = _reframed(list(zip(s.words, s.kinds, s.ids, strict=True)))
    content = tuple((w, stem(w), i) for w, k, i in tokens if k == _CONTENT and w not in _FILLER)
    words = list(s.words)
    framed = any(_phrase_at(words, i, _HOW_AT) for i in range(len(words)))
    # How the asker does a thing is about their own: "how do I update (my) drivers".
    # Elsewhere "my" is a possessor ("what is my IP" / "what is IP").
    linking = _LINKING | _ASKER if framed else _LINKING
    rest = Counter(
        _TEXTED.get(w, w)
        for k, (w, kind, _) in enumerate(tokens)
        if kind != _CONTENT
        and w not in _FILLER
        and w not in _ARTICLES
        and w not in linking
        and not _restates(tokens, k)
    )
    request = _Request(content, rest, not framed and not set(rest) & (_WH | _AUXILIARIES))
    return _compared(_kept(request, tokens))


# How long a thing keeps, asked three ways: "how long can I *keep* X", "how long *is*
# X *good* for", "how long *does* X *keep*". The auxiliary goes with the frame ("can I
# keep" is "is good"); an obligation or advice does not ("how long *should* I keep tax
# records" asks how long to, not how long one can).
_KEEPING = frozenset(("keep", "keeps", "good"))
_KEEPING_AUXILIARIES = frozenset(("can", "could", "is", "are", "do", "does", "will", "would"))
_LONG = "long"
_KEEPS = "keeps"


def _kept(r: _Request, tokens: list[tuple[str, str, str]]) -> _Request:
    """``r`` with the ways of asking how long a thing keeps read as one: not when
    "good" says what kind of thing it is ("how long is *a good* password" asks for a
    length)."""
    if "how" not in r.rest or _LONG not in (s for _, s, _ in r.content):
        return r
    if any(w == "good" and after[1] == _CONTENT for (w, _, _), after in pairwise(tokens)):
        return r
    if not set(r.rest) & _KEEPING or set(r.rest) & _OBLIGATIONS:
        return r
    said = Counter({w: n for w, n in r.rest.items() if w in _KEEPING or w in _KEEPING_AUXILIARIES})
    rest = r.rest - said
    rest[_KEEPS] = 1
    return replace(r, rest=rest, said=tuple(sorted(said.elements())))


_OBLIGATIONS = frozenset(("should", "must", "need", "have", "ought"))


# Ways of asking how things differ: "X vs Y", "the difference between X and Y", "how
# does X differ from Y", "what distinguishes X from Y". With the frame read as one,
# the things compared are what such a request is about, in any order. Not "different"
# ("three different ways to ...") nor "compare" (likenesses too).
_COMPARING = frozenset(
    stem(w)
    for w in (
        *("vs", "versus", "difference", "differences", "distinction", "distinctions"),
        *("differ", "differs", "distinguish", "distinguishes", "separates"),
    )
)
# The frame's grammar: "what is the difference between X and Y", "how do X and Y
# differ", "X or Y, what separates them". Not "which" ("which is better" asks more),
# nor "why" (why they differ).
_COMPARING_GRAMMAR = frozenset(
    ("what", "whats", "is", "are", "how", "do", "does", "between", "and", "or", "from")
)
_COMPARED_THINGS = 2


def _comparing(word_stem: str) -> str | None:
    """The frame's word a stem is, or misspells ("differance"), or None."""
    if word_stem in _COMPARING:
        return word_stem
    return next((c for c in _COMPARING if typo(word_stem, c)), None)


def _compared(r: _Request) -> _Request:
    """``r`` read as a comparison when it asks how two things or more differ: the
    frame's words out of its content and grammar, ``compared`` set."""
    markers = [m for _, s, _ in r.content if (m := _comparing(s))]
    markers += [stem(w) for w in r.rest.elements() if stem(w) in _COMPARING]
    content = tuple(w for w in r.content if not _comparing(w[1]))
    if not markers or len(content) < _COMPARED_THINGS:
        return r
    said = Counter(
        {w: n for w, n in r.rest.items() if w in _COMPARING_GRAMMAR or stem(w) in _COMPARING}
    )
    frame = tuple(sorted([*markers, *(w for w in said.elements() if stem(w) not in _COMPARING)]))
    return replace(r, content=content, rest=r.rest - said, terse=False, compared=True, said=frame)


# Grammar words as texted: "whats *ur* return policy" asks what "your" does. Read so by
# the rescue alone: the alignment judges "do u" against "do you" as a rewording, whose
# floor is lower than that of a swap in place.
_TEXTED = {"u": "you", "ur": "your", "thru": "through", "cuz": "because", "coz": "because"}

# Pronouns that stand for a thing the prompt has named: "I forgot my password, how can
# I reset it?" asks what "forgot password, reset steps" does.
_ANAPHORA = frozenset(("it", "them"))


def _restates(tokens: list[tuple[str, str, str]], k: int) -> bool:
    """Whether ``tokens[k]`` is a pronoun for a content word said before the word it
    follows ("reset *it*" after "password"; not "is *it* safe to ...", nor "how do I
    update *it*", which name nothing), and no noun's modifier ("my *IT* studies")."""
    if tokens[k][0] not in _ANAPHORA or (k + 1 < len(tokens) and tokens[k + 1][1] == _CONTENT):
        return False
    return any(kind == _CONTENT for _, kind, _ in tokens[: max(k - 1, 0)])


def _reframed(tokens: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """``tokens`` without the filler phrases and the ways of asking "how to" (an
    imperative asks it too: "caramelize onions, step by step"), "into" as "in to"."""
    words = [w for w, _, _ in tokens]
    out: list[tuple[str, str, str]] = []
    i = 0
    while i < len(tokens):
        found = _phrase_at(words, i, _FILLER_AT) or _phrase_at(words, i, _HOW_AT)
        if found and _modifies(words[i : i + found], tokens[i + found : i + found + 1]):
            out.append(("-".join(words[i : i + found]), _CONTENT, ""))  # "a thank-you note"
            i += found
            continue
        if found:
            i += found
            continue
        word, kind, ident = tokens[i]
        if word == "i" and (not out or out[-1][1] != _CONTENT):
            pass  # the asker, said or not: "cant log in" is "I can't log in" ("vitamin I" is kept)
        elif word in _SPLIT:
            out.extend((part, kind, ident) for part in _SPLIT[word])
        else:
            out.append((word.replace("'", ""), kind, ident))
        i += 1
    return out


_SPLIT = {"into": ("in", "to"), "onto": ("on", "to")}
_THANK_YOU = ["thank", "you"]


def _modifies(phrase: list[str], after: list[tuple[str, str, str]]) -> bool:
    """Whether a "thank you" says what kind of thing the noun after it is ("a *thank
    you* note" / "a note"), not thanks."""
    return phrase == _THANK_YOU and bool(after) and after[0][1] == _CONTENT


def _phrase_at(words: list[str], i: int, phrases: dict[str, tuple[tuple[str, ...], ...]]) -> int:
    """The length of the longest of ``phrases`` (by first word) starting at
    ``words[i]``, or 0."""
    for phrase in phrases.get(words[i], ()):
        if tuple(words[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


Word = tuple[str, str, str]


def _matched(a: tuple[Word, ...], b: tuple[Word, ...]) -> int | None:
    """The fewest misspellings with which the content words pair off one to one, a
    compound written in two words on one side counting as one word, or None."""
    if len(a) == len(b):
        return _pairs_off(a, b)
    if abs(len(a) - len(b)) != 1:
        return None
    long, short = (a, b) if len(a) > len(b) else (b, a)
    found = [n for joined in _joins(long) if (n := _pairs_off(joined, short)) is not None]
    return min(found, default=None)


def _joins(words: tuple[Word, ...]) -> list[tuple[Word, ...]]:
    """``words`` with two neighbours written as one ("tooth paste" -> "toothpaste")."""
    out = []
    for k in range(len(words) - 1):
        word = words[k][0] + words[k + 1][0]
        out.append((*words[:k], (word, stem(word), ""), *words[k + 2 :]))
    return out


def _pairs_off(a: tuple[Word, ...], b: tuple[Word, ...]) -> int | None:
    """The fewest misspellings with which each word of ``a`` matches a distinct word
    of ``b``, or None (a few words: a search over the matches is cheap)."""
    if len(a) != len(b):
        return None
    if not a:
        return 0
    first, rest = a[0], a[1:]
    best: int | None = None
    for j, other in enumerate(b):
        here = _same(first, other)
        if here is None or (best is not None and here >= best):
            continue
        after = _pairs_off(rest, (*b[:j], *b[j + 1 :]))
        if after is not None and (best is None or here + after < best):
            best = here + after
            if best == 0:
                break
    return best


def _same(x: Word, y: Word) -> int | None:
    """0 when two words are one (the same stem, WordNet synonyms, one entity), 1 when
    one misspells the other (``typo``: the first letter kept, one of the two no
    word), None otherwise. Stricter than the alignment's ``same_word``: below the
    threshold a root shared ("humane" / "humanity") or a letter changed between two
    real words ("restrain" / "restraint") is what the model saw as a different word."""
    if x[1] == y[1] or (x[2] and x[2] == y[2]) or related(x[1], y[1]) == SYNONYM:
        return 0
    return 1 if typo(x[1], y[1]) or typo(x[0], y[0]) else None


def _unaliased(
    a: tuple[Word, ...], b: tuple[Word, ...]
) -> tuple[tuple[Word, ...], tuple[Word, ...]]:
    """The content words without a name both give, each its own way ("graphics card"
    / "GPU", "United States" / "US"): the guards' aliases."""
    words_a, words_b = [w for w, _, _ in a], [w for w, _, _ in b]
    drop_a: set[int] = set()
    drop_b: set[int] = set()
    for k, word in enumerate(words_a):
        for group in ALIAS_GROUPS.get(word, ()):
            mine = _spans(words_a, group)
            theirs = _spans(words_b, group)
            if theirs and any(k in span for span in mine):
                drop_a.update(*mine)
                drop_b.update(*theirs)
    if not drop_a:
        return a, b
    return (
        tuple(w for k, w in enumerate(a) if k not in drop_a),
        tuple(w for k, w in enumerate(b) if k not in drop_b),
    )


def _spans(words: list[str], group: tuple[str, ...]) -> list[range]:
    """Where the phrases of an alias group stand in ``words``."""
    found = []
    for phrase in group:
        parts = phrase.split()
        for i in range(len(words) - len(parts) + 1):
            if words[i : i + len(parts)] == parts:
                found.append(range(i, i + len(parts)))
    return found
