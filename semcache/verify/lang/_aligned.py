"""What differs between two prompts in French, German, Spanish or Portuguese once
their words are aligned: the idea of semcache.verify's alignment checks, with each
language's closed classes.

A language's table lists its words of grammar (articles, pronouns, possessives,
prepositions, conjunctions, auxiliaries, modals, "now" and focus adverbs) and of the
request frame ("comment", "puis-je", "wie", "bitte", light verbs: "faire", "hacer").
Every other word is content. No list of content words is needed: what differs is
judged by its shape, and by the model's similarity.

- ``qualifier``: one prompt has content words the other lacks (an audience, a place,
  a clause: "..., aber nicht bezahlen"), added where the other has nothing or only
  grammar (not a word naming what a which-word asks: "*quelle ville* est ..."), in
  the same sentence, or inside a rewording below ``reworded_floor``;
- ``entity``: one or two words swapped, one of them a name, at any similarity. A
  name is a word with a capital inside ("iPhone", "macOS", "USA") or capitalized
  inside a sentence; in German, where every noun is capitalized, only one that no
  determiner (a closed class) stands before: "in Köln", "ich Java", not "der Schweiz";
- ``substitution``: one or two content words swapped in place (the rest of the
  sentence kept) below ``swap_floor`` (the request's verb, below ``reworded_floor``),
  inside a rewording below ``reworded_floor``,
  or a word swapped for itself with a prefix ("possible" / "impossible", "kaufen" /
  "verkaufen") at any similarity;
- ``order``: the same words, two content words trading places.

A hyphenated word is one word ("E-Mail-Adresse") unless a part is a pronoun
("puis-je"). Articles, prepositions fused with one ("del", "zum") and the forms of a
possessive ("ma" / "mon") do not count as rewording.

Words count as the same through a light stem (a final -s, -e, -en, -o, -a ... cut),
a shared beginning of five letters or more covering most of the shorter word
("annuler" / "annulation"), a compound of the word ("Meer" / "Meerwasser"), and a
one-letter typo in a long word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import product
from types import ModuleType

from ...embed.multilingual import E5_DEFAULT_POINT, on_default_scale
from .._align import rewording_count

__all__ = [
    "ALIGNED",
    "DEFAULT_LANG_REWORDED_FLOOR",
    "DEFAULT_LANG_SWAP_FLOOR",
    "Words",
    "aligned",
    "alike",
    "reworded",
    "same_name",
    "same_word",
    "words_of",
]

#: Below this similarity, one or two content words swapped in place make a different
#: prompt. Chosen on the dev sets as 0.93 of e5's centred cosine, here on the
#: multilingual embedder's scale (semcache.embed.multilingual.on_default_scale): a
#: contrast swapped in place scores as high as a synonym there ("envoyer" /
#: "recevoir" 0.96, "bajo" / "reduzco" 0.66 in e5's cosine), so this floor is high,
#: and the swap is what decides (docs/languages.md).
DEFAULT_LANG_SWAP_FLOOR = on_default_scale(0.93)
#: Below this similarity, words swapped or added inside a reworded sentence do. It
#: is the multilingual default point (e5's 0.55, the default threshold): a rewording
#: is left to the threshold (every floor above it refused more paraphrases than
#: look-alikes on the dev sets).
DEFAULT_LANG_REWORDED_FLOOR = on_default_scale(E5_DEFAULT_POINT)
_IN_PLACE = 1  # words of grammar or frame that may differ for a change made in place
_MAX_WORDS = 30  # longer prompts reword freely: left to the threshold
_MAX_CONTENT = 10
_MAX_SWAPPED = 2
# A sentence reworded around a difference: this many words of the rest differ, and each
# side has this many content words the other lacks (see ``reworded``).
_REWORDED_REST = 3
_REWORDED_CONTENT = 2
_MIN_SHARED = 5  # letters two words must begin with alike to be one word...
_SHARED_SHARE = 0.75  # ...covering this share of the shorter one
_MIN_TYPO = 6
_MIN_SWAPPED_TYPO = 5  # a stem: "Pyhton" is "pyhto"
_MIN_COMPOUND = 4
_ACRONYM = 5  # letters of an all-capitals name at most ("USA", "NASA")
_MIN_ROOT = 3
_SYNONYM_PREFIX = 4  # synonym entries this long match a stem's beginning
_ENDINGS = ("os", "as", "es", "en", "er", "o", "a", "e", "s", "n")
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[.,]\d+)?")
# Pronouns joined to a verb by a hyphen ("puis-je", "a-t-il", "explique-me"): such a
# token is its words; any other hyphenated one is one word ("e-mail", "E-Mail-Adresse").
_CLITICS = frozenset(
    {"je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ce", "t", "moi", "toi",
     "lui", "leur", "les", "la", "le", "y", "en", "ci", "me", "te", "se", "lhe", "lhes", "o",
     "a", "os", "as", "lo", "los", "las", "nos", "vos"}
)  # fmt: skip
_STOPS = frozenset(".?!:¿¡;\n–—")  # a dash opens a clause: "... installieren – Anleitung?"
_QUOTES = frozenset("\"'«»„“”‘’‹›")
CONTENT, FRAME, GRAMMAR = "content", "frame", "grammar"


def fold(text: str) -> str:
    """Lower case without accents ("Größe" -> "grosse", "élève" -> "eleve")."""
    return _fold(text) if len(text) > 40 else _fold_word(text)


@lru_cache(maxsize=65536)
def _fold_word(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss").replace("μ", "u"))
    if decomposed.isascii():
        return decomposed
    # Each distinct character looked up once, not each character of the text.
    for mark in [c for c in set(decomposed) if unicodedata.combining(c)]:
        decomposed = decomposed.replace(mark, "")
    return decomposed


@dataclass(frozen=True, slots=True)
class Words:
    """A prompt as the alignment reads it: folded words, their stems and kinds, and
    which of them are names."""

    words: tuple[str, ...]
    stems: tuple[str, ...]
    kinds: tuple[str, ...]
    names: tuple[bool, ...]
    capitalized: tuple[bool, ...] = ()
    clauses: tuple[int, ...] = ()  # each word's clause: counted from 0, a comma opens one

    @property
    def content(self) -> tuple[str, ...]:
        return tuple(s for s, k in zip(self.stems, self.kinds, strict=True) if k == CONTENT)

    @property
    def named_stems(self) -> frozenset[str]:
        """The stems of the words that are names."""
        return frozenset(s for s, n in zip(self.stems, self.names, strict=True) if n)

    def named(self, stems: tuple[str, ...]) -> bool:
        """Whether one of the words with these stems is a name."""
        return any(n and s in stems for s, n in zip(self.stems, self.names, strict=True))


@lru_cache(maxsize=4096)
def words_of(text: str, table: ModuleType) -> Words:
    """The words of ``text`` in ``table``'s language (memoized)."""
    tokens: list[str] = []
    starts: list[bool] = []
    quoted: list[bool] = []
    clauses: list[int] = []
    end = 0
    for match in _TOKEN.finditer(text):
        first, last = match.span()
        gap = text[end:first]
        start = not tokens or not _STOPS.isdisjoint(gap)
        clause = (clauses[-1] + (start or "," in gap)) if clauses else 0
        inside = text[first - 1 : first] in _QUOTES and text[last : last + 1] in _QUOTES
        token = match.group()
        for k, part in enumerate(_parts(token) if "-" in token else (token,)):
            starts.append(start or k > 0)  # a compound's later part is its noun, no name
            clauses.append(clause)
            tokens.append(part)
            quoted.append(inside)
        end = last
    words = tuple(fold(t).replace(",", ".") for t in tokens)
    mentioned = _mentioned(words, quoted, table)
    kinds = tuple(
        CONTENT if mentioned[i] else _kind(w, i == len(words) - 1, table)
        for i, w in enumerate(words)
    )
    kinds = _plainly(words, kinds, table)
    names = tuple(
        mentioned[i] or _name(tokens, words, i, starts[i], table) for i in range(len(tokens))
    )
    if not text.isupper():  # an acronym is content, even one spelled as a word of grammar
        kinds = tuple(  # ("de MEI para ME": Portuguese "me" is a pronoun)
            CONTENT if names[i] and len(t) > 1 and t.isupper() else k
            for i, (t, k) in enumerate(zip(tokens, kinds, strict=True))
        )
    capitalized = tuple(t[:1].isupper() for t in tokens)
    stems = tuple(_stem(w) for w in words)
    return Words(words, stems, kinds, names, capitalized, tuple(clauses))


def _plainly(words: tuple[str, ...], kinds: tuple[str, ...], table: ModuleType) -> tuple[str, ...]:
    """``kinds`` with the words of the table's PLAINLY phrases read as the frame: how
    plainly to explain ("de forma sencilla", "einfach erklärt", "em palavras simples")
    asks for the same answer, not for another thing."""
    phrases = getattr(table, "PLAINLY", ())
    if not phrases:
        return kinds
    joined = f" {' '.join(words)} "
    found = [p.split() for p in phrases if f" {p} " in joined]
    if not found:
        return kinds
    marked = list(kinds)
    for phrase in found:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if list(words[i : i + n]) == phrase:
                marked[i : i + n] = [FRAME] * n
    return tuple(marked)


def _mentioned(words: tuple[str, ...], quoted: list[bool], table: ModuleType) -> list[bool]:
    """Which words are named rather than used: a word in quotes ('"sein"') or after a
    word naming words ("le verbe être"). "être" and "avoir" are grammar where they
    are used; named, they are what is asked about."""
    mentions = getattr(table, "MENTIONS", ())
    linking = {*table.SOURCES, *table.TARGETS, *table.ARTICLES.split()}  # "mot de passe"
    return [
        quoted[i] or (i > 0 and words[i - 1] in mentions and words[i] not in linking)
        for i in range(len(words))
    ]


def _parts(token: str) -> list[str]:
    """A hyphenated token's words: its parts around a pronoun ("puis-je"), else one
    word keeping the first part's capital ("E-Mail-Adresse" -> "Emailadresse")."""
    if "-" not in token:
        return [token]
    parts = token.split("-")
    if any(fold(p) in _CLITICS for p in parts[1:]):
        return parts
    if len(parts[0]) > 1 and all(len(p) > 1 and p[:1].isupper() for p in parts[1:]):
        return parts  # a word and a noun: "Facebook-Account", "CSV-Datei", "xlsx-Datei"
    return [parts[0] + "".join(p.lower() for p in parts[1:])]


def _name(
    tokens: list[str], words: tuple[str, ...], i: int, starts: bool, table: ModuleType
) -> bool:
    """A name: a word with a capital inside ("iPhone", "macOS", "USA"), or one capitalized
    inside a sentence: in German, where every noun is, only if no determiner stands in
    the two words before it ("in Köln", "Java installieren"; not "in der Schweiz")."""
    if hasattr(table, "PLACES") and words[i] in _closed(table, "PLACES"):
        return True  # "in köln", "nach hamburg": a place's name in any case
    token, rest = tokens[i], tokens[i][1:]
    # islower() first: a lower-case rest (most words) has no capital inside.
    inside = not rest.islower() and any(c.isupper() for c in rest)
    if inside and (not token.isupper() or len(token) <= _ACRONYM):
        return True  # not a shouted word: "WIE KANN ICH"
    if starts or not token[:1].isupper():
        return False
    if not getattr(table, "NOUNS_CAPITALIZED", False):
        return True
    if i > 0 and _inflected(words[i - 1], table):
        return False  # an adjective before it: "gekochtes Essen", "Gesetzlicher Anspruch"
    if i > 0 and tokens[i - 1][:1].isupper():
        return False  # a compound written apart: "Netflix Kennwort", "Xbox Controller"
    if _known_noun(words[i], table):
        return False  # a noun of the table's own classes: "Tage", "Liter", "Wochenende"
    return not any(
        w in _closed(table, "DETERMINERS") or w[0].isdigit() or w in table.NUMBERS
        for w in words[max(i - 2, 0) : i]
    )  # a number counts it: "zwei Tage", "3 Eier"


def _known_noun(word: str, table: ModuleType) -> bool:
    """Whether ``word`` is one of the nouns the table's classes name (units, times, the
    nouns of a when-question, tasks and forms: "Tage", "Wochenende", "Gedicht")."""
    whole, stems = _known_nouns(table)
    return word in whole or any(word.startswith(s) for s in stems.get(word[:_PREFIX_NOUN], ()))


_PREFIX_NOUN = 5  # letters of a class stem that matches a word's beginning


@lru_cache(maxsize=8)
def _known_nouns(table: ModuleType) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    whole = {s for units in table.UNITS.values() for u in units for s in u.split("/")}
    whole |= {t for t in table.TIME if " " not in t}
    whole |= set(table.WHEN_NOUNS) | {n for n in table.DEADLINE_NOUNS if " " not in n}
    stems: dict[str, list[str]] = {}
    for entries in table.TASKS.values():
        for entry in entries:
            if " " in entry or entry.startswith("$"):
                continue
            if len(entry) >= _PREFIX_NOUN:
                stems.setdefault(entry[:_PREFIX_NOUN], []).append(entry)
            else:
                whole.add(entry)
    return frozenset(whole), {k: tuple(v) for k, v in stems.items()}


def _inflected(word: str, table: ModuleType) -> bool:
    """Whether ``word`` reads as an inflected adjective: a content word of four letters
    or more ending in -e, -es, -en, -er or -em ("gekochte", "viele", "beste")."""
    if len(word) < 4 or _kind(word, False, table) != CONTENT:
        return False
    return word.endswith(("e", "es", "en", "er", "em"))


@lru_cache(maxsize=65536)
def _kind(word: str, last: bool, table: ModuleType) -> str:
    if last and word in getattr(table, "PARTICLES", ()):
        return GRAMMAR  # the end of a verb ("schalte ... aus"): the opposites read it
    if word in _closed(table, "GRAMMAR") or word in table.NEGATION:
        return GRAMMAR  # negations are compared by the negation check
    return FRAME if word in _closed(table, "FRAME") else CONTENT


@lru_cache(maxsize=16)
def _closed(table: ModuleType, name: str) -> frozenset[str]:
    words = set(getattr(table, name).split())
    if name == "GRAMMAR":  # determiners and intensifiers are grammar too (the qualifier
        words |= set(getattr(table, "DETERMINERS", "").split())  # check reads "very")
        words |= set(table.INTENSIFIERS)
    if name == "FRAME":  # the question words are the frame of a question; not the words
        words |= {  # of a difference asked ("Unterschied" / "unterscheiden sich" align)
            w
            for kind, phrases in table.QUESTIONS.items()
            if kind != "difference"
            for p in phrases
            for w in p.split()
        }
    return frozenset(words)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if len(word) > 4 and not word[0].isdigit():
        for ending in _ENDINGS:
            if word.endswith(ending):
                return word[: -len(ending)]
    return word


@lru_cache(maxsize=65536)
def same_word(x: str, y: str) -> bool:
    """Whether two stems are one word: equal, one beginning covering most of both, or
    a one-letter typo in a long word."""
    if x == y:
        return True
    shared = len(_common_prefix(x, y))
    if shared >= _MIN_SHARED and shared >= _SHARED_SHARE * min(len(x), len(y)):
        return True
    if shared >= _MIN_COMPOUND and shared == min(len(x), len(y)):
        return True  # a compound of the word: "Meer" / "Meerwasser"
    if min(len(x), len(y)) >= _MIN_TYPO and _transposed(x, y) and "ie" not in (x + y):
        return True  # "celualr"; not German "ie" / "ei" ("schieden" / "scheiden")
    return min(len(x), len(y)) >= _MIN_TYPO and _one_edit(x, y)


@lru_cache(maxsize=65536)
def same_name(x: str, y: str) -> bool:
    """Whether two stems, one of them a name's, are one name: equal, one beginning
    the other ("Deutschlands", "Meerwasser"), or a one-letter typo or two letters
    swapped in a long word.
    Stricter than :func:`same_word`: "Australia" and "Austria" share a beginning and
    are two countries."""
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    if long.startswith(short) and len(short) >= _MIN_COMPOUND:
        return True
    if len(short) >= _MIN_SWAPPED_TYPO and _transposed(x, y):
        return True
    return len(short) >= _MIN_TYPO and _one_edit(x, y)


def _transposed(x: str, y: str) -> bool:
    """Two neighbouring letters swapped, not the first ("Pyhton", "Windwos"): a typo of
    a name. Not for other words, where it merged German "ie" / "ei" stems."""
    if len(x) != len(y) or x[:1] != y[:1]:
        return False
    diff = [i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and x[diff[0]] == y[diff[1]]
        and (x[diff[1]] == y[diff[0]])
    )


def _common_prefix(x: str, y: str) -> str:
    n = 0
    while n < min(len(x), len(y)) and x[n] == y[n]:
        n += 1
    return x[:n]


def _one_edit(x: str, y: str) -> bool:
    """One letter added, dropped or changed, not the first: a typo keeps a word's first
    letter ("maternité" / "paternité" are two words)."""
    if abs(len(x) - len(y)) > 1 or x[:1] != y[:1]:
        return False
    if len(x) == len(y):
        return sum(p != q for p, q in zip(x, y, strict=True)) == 1
    short, long = sorted((x, y), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _only_in(
    a: tuple[str, ...],
    b: tuple[str, ...],
    names: frozenset[str],
    table: ModuleType,
    every: tuple[str, ...] = (),
    compounds: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[str, ...]:
    """The words of ``a`` that are none of ``b`` (content; a synonym or a compound of
    it counts) nor, exactly, of ``every`` (all the other text's words: '"haber"', named,
    is content; haber, used, grammar)."""
    return tuple(
        dict.fromkeys(
            x
            for x in a
            if x not in every
            and not any((x, y) in compounds or _same(x, y, names, table) for y in b)
        )
    )


def _same(x: str, y: str, names: frozenset[str], table: ModuleType) -> bool:
    """One word: a name only as itself (``same_name``) or a synonym the table lists
    ("PC" / "ordenador"); any other word also as ``same_word``."""
    if bool(_synonyms(x, table) & _synonyms(y, table)):
        return True
    return same_name(x, y) if x in names or y in names else same_word(x, y)


def _compounds(a: Words, b: Words, table: ModuleType) -> frozenset[tuple[str, str]]:
    """The pairs of content stems (either way round) whose words are one a compound of
    the other ("Raten" / "Ratenzahlung", "Eisen" / "eisenreich"; where a compound's head
    is last, ``HEAD_LAST``, also "Platz" / "Speicherplatz"): read on the words, where
    the stems may have lost the shared beginning ("rat", "eis")."""
    head_last = getattr(table, "HEAD_LAST", False)
    pairs = set()
    for x, u in _content_words(a):
        for y, v in _content_words(b):
            short, long = sorted((u, v), key=len)
            if len(short) < _MIN_SHARED or len(long) < len(short) + _MIN_ROOT:
                continue
            if long.startswith(short) or (head_last and long.endswith(short)):
                pairs.update({(x, y), (y, x)})
    return frozenset(pairs)


def _content_words(w: Words) -> list[tuple[str, str]]:
    return [(s, word) for s, word, k in zip(w.stems, w.words, w.kinds, strict=True) if k == CONTENT]


@lru_cache(maxsize=65536)
def _synonyms(stem: str, table: ModuleType) -> frozenset[int]:
    """The synonym groups of ``table.SYNONYMS`` a stem is in: an entry of four letters or
    more begins it, a shorter one is it ("supprim" / "effac": one request, "delete")."""
    return frozenset(
        i
        for i, group in enumerate(_synonym_stems(table))
        if any(stem.startswith(e) if len(e) >= _SYNONYM_PREFIX else stem == e for e in group)
    )


@lru_cache(maxsize=8)
def _synonym_stems(table: ModuleType) -> tuple[tuple[str, ...], ...]:
    """``table.SYNONYMS`` stemmed as words are ("facile" -> "facil")."""
    return tuple(tuple(_stem(e) for e in group) for group in getattr(table, "SYNONYMS", ()))


@dataclass(frozen=True, slots=True)
class _Alignment:
    a: Words
    b: Words
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    added: bool
    rewording: int
    table: ModuleType

    @property
    def in_place(self) -> bool:
        return self.rewording <= _IN_PLACE


def _align(a: Words, b: Words, table: ModuleType) -> _Alignment:
    names = a.named_stems | b.named_stems
    compounds = _compounds(a, b, table)
    only_a = _only_in(a.content, b.content, names, table, b.stems, compounds)
    only_b = _only_in(b.content, a.content, names, table, a.stems, compounds)
    if bool(only_a) != bool(only_b):  # "Wie hoch" / "Wie viele *Meter* hoch": the unit asked
        only_a, only_b = _less_units(a, only_a, table), _less_units(b, only_b, table)
    added = False
    if bool(only_a) != bool(only_b):
        matcher = SequenceMatcher(None, a.stems, b.stems, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal" and (
                _adds(b, j1, j2, only_b, a.kinds[i1:i2], table.WHICH)
                or _adds(a, i1, i2, only_a, b.kinds[j1:j2], table.WHICH)
            ):
                added = True
                break
    rewording = _rewording(a, b, only_a, only_b, table)
    return _Alignment(a, b, only_a, only_b, added, rewording, table)


def _less_units(w: Words, only: tuple[str, ...], table: ModuleType) -> tuple[str, ...]:
    """``only`` without the units named right after a "how many" ("wie viele *Meter*
    hoch", "cuántos *metros* mide"): the measure asked, said in its unit."""
    asked: set[str] = set()
    phrases = [p.strip() for p in table.QUESTIONS["quantity"]]
    for k in range(1, len(w.words)):
        if w.stems[k] in only and _is_unit(w.words[k], table):
            said = " " + " ".join(w.words[max(k - 3, 0) : k])
            asked.update(w.stems[k] for p in phrases if said.endswith(" " + p))
    return tuple(s for s in only if s not in asked)


@lru_cache(maxsize=16384)
def _is_unit(word: str, table: ModuleType) -> bool:
    return any(
        word in spellings.split("/") for units in table.UNITS.values() for spellings in units
    )


def _adds(
    w: Words,
    start: int,
    stop: int,
    only: tuple[str, ...],
    facing: tuple[str, ...],
    which: tuple[str, ...],
) -> bool:
    """Whether a word of ``only`` in w[start:stop] faces no frame word on the other side
    and does not just name what a which-word asks for ("*quelle ville* est la capitale")."""
    if FRAME in facing:
        return False
    return any(
        w.kinds[k] == CONTENT and w.stems[k] in only and not _after_which(w, k, which)
        for k in range(start, stop)
    )


def _after_which(w: Words, k: int, which: tuple[str, ...]) -> bool:
    before = w.words[max(k - 2, 0) : k]
    return bool(before) and (
        before[-1] in which
        or (len(before) == 2 and before[0] in which and w.kinds[k - 1] == GRAMMAR)
    )


def _rest(w: Words, only: tuple[str, ...], table: ModuleType) -> list[str]:
    """The words of ``w`` but ``only``, with prepositions fused with an article
    ("del", "zum") read as the preposition ("de", "zu") and articles left out."""
    fused, articles = table.CONTRACTIONS, _closed(table, "ARTICLES")
    return [
        _stem(fused[word]) if word in fused else s
        for s, word, k in zip(w.stems, w.words, w.kinds, strict=True)
        if not (k == CONTENT and s in only) and (word in fused or word not in articles)
    ]


def _rewording(
    a: Words, b: Words, only_a: tuple[str, ...], only_b: tuple[str, ...], table: ModuleType
) -> int:
    """Words of the rest of the two sentences that differ, counted as the English
    alignment counts them."""
    return rewording_count(_rest(a, only_a, table), _rest(b, only_b, table), only_a, only_b)


def reworded(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether the two are one request said in other words, not one sentence changed in
    place: at least three words of the rest differ and each side has two content words
    the other lacks ("Wie bleibt Brot länger frisch?" / "Was kann ich tun, damit mein
    Brot nicht so schnell trocken wird?"). A negation added in place ("Welche Lebensmittel
    darf man *nicht* essen?") changes one or two words of a sentence kept."""
    al = _align(a, b, table)
    return al.rewording >= _REWORDED_REST and (
        min(len(al.only_a), len(al.only_b)) >= _REWORDED_CONTENT
    )


def _prefixed(x: str, y: str, prefixes: tuple[str, ...]) -> bool:
    """One word is the other with a prefix added or changed ("possible" / "impossible")."""
    for p, q in ((x, y), (y, x)):
        for prefix in prefixes:
            root = p[len(prefix) :]
            if not p.startswith(prefix) or len(root) < _MIN_ROOT:
                continue
            if same_word(root, q) or any(q == other + root for other in prefixes):
                return True  # "possible" / "impossible", "verschlüsseln" / "entschlüsseln"
    return False


def _qualifier(al: _Alignment, similarity: float, swap: float, reworded: float) -> bool:
    if not (bool(al.only_a) != bool(al.only_b) and al.added):
        return False
    return al.in_place or similarity < reworded


def _substitution(al: _Alignment, similarity: float, swap: float, reworded: float) -> bool:
    if not (al.only_a and al.only_b) or max(len(al.only_a), len(al.only_b)) > _MAX_SWAPPED:
        return False
    prefixes = al.table.PREFIXES
    if any(_prefixed(x, y, prefixes) for x, y in product(al.only_a, al.only_b)):
        return True
    if al.in_place and not (_verb_swapped(al) and not _on_given_text(al)):
        return similarity < swap
    return similarity < reworded


def _verb_swapped(al: _Alignment) -> bool:
    """Whether the one word swapped is the request's verb on both sides, the first
    content word after nothing but frame and grammar ("Comment *retirer* une
    écharde" / "Comment *enlever* ..."): a verb is reworded more freely than a
    noun (a contrast verb is an opposite, read by the tables), so it is left to the
    reworded floor rather than the in-place one."""
    if len(al.only_a) != 1 or len(al.only_b) != 1:
        return False
    nouns = getattr(al.table, "NOUNS_CAPITALIZED", False)
    return _head(al.a, nouns) == al.only_a[0] and _head(al.b, nouns) == al.only_b[0]


def _on_given_text(al: _Alignment) -> bool:
    """Whether both requests work on a text given with them ("Traduis *ce* texte",
    "Erkläre *diesen* Code", "Resume *este* artículo"): then another verb is another
    task on the same content, judged as any swap in place."""
    deictic = frozenset(al.table.DEICTIC.split())
    return bool(deictic & set(al.a.words)) and bool(deictic & set(al.b.words))


def _head(w: Words, nouns_capitalized: bool) -> str | None:
    """The first content word's stem; in German, only a verb's (not capitalized:
    "Hat der *Rewe* ..." swaps a shop, not a verb)."""
    for k, kind in enumerate(w.kinds):
        if kind == CONTENT:
            if nouns_capitalized and k > 0 and w.capitalized[k]:
                return None
            return w.stems[k]
    return None


def _order(al: _Alignment, similarity: float, swap: float, reworded: float) -> bool:
    x, y = al.a.stems, al.b.stems
    n = min(len(x), len(y))
    longer = al.a if len(x) > n else al.b
    if len(x) != len(y) and longer.clauses[n] == longer.clauses[n - 1]:
        return False  # an added clause ("..., für Keto") leaves the order of the rest
    x, y = x[:n], y[:n]
    moved = [k for k in range(len(x)) if not alike(x[k], y[k])]
    if len(moved) != 2:
        return False
    i, j = moved
    if not (alike(x[i], y[j]) and alike(x[j], y[i])):
        return False
    if al.a.kinds[i] != CONTENT or al.a.kinds[j] != CONTENT:
        return False
    symmetric = frozenset(al.table.SYMMETRIC)
    if not set(al.a.words[max(i - 1, 0) : j + 1]) & symmetric:
        return True
    return _companions(al.a, i, j, symmetric)


def _companions(w: Words, i: int, j: int, symmetric: frozenset[str]) -> bool:
    """Whether the words ``i`` and ``j``, on either side of "et" ("und", "y"), stand
    with other words in their parts of the sentence: then their trading places changes
    what goes with what ("beaucoup de légumes et peu de viande" / "beaucoup de viande
    et peu de légumes", "oben warm und unten kalt" / "unten warm und oben kalt"); with
    the same ones, only a list's order ("du thé et du café" / "du café et du thé").
    ``j``'s part runs from the word of ``symmetric`` before it; as many words before
    ``i`` are compared, and each word's rest up to its part's end."""
    start = j
    while start > 0 and w.words[start - 1] not in symmetric:
        start -= 1
    lead = j - start
    if i < lead:
        return True
    before_i, before_j = w.stems[i - lead : i], w.stems[start:j]
    return _roots(before_i) != _roots(before_j) or _roots(_rest_of(w, i, symmetric)) != _roots(
        _rest_of(w, j, symmetric)
    )


def alike(x: str, y: str) -> bool:
    """One word, or one inflected: "poc" / "poca" (a short stem keeps its ending)."""
    if same_word(x, y):
        return True
    short, long = sorted((x, y), key=len)
    return len(short) >= _MIN_ROOT and len(long) == len(short) + 1 and long.startswith(short)


def _rest_of(w: Words, k: int, symmetric: frozenset[str]) -> tuple[str, ...]:
    end = k + 1
    while end < len(w.words) and w.words[end] not in symmetric:
        end += 1
    return w.stems[k + 1 : end]


def _roots(stems: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(s[:_MIN_ROOT] for s in stems)


def _entity(al: _Alignment, similarity: float, swap: float, reworded: float) -> bool:
    """One or two words swapped, and a name among them ("Java" / "Python", "in Köln" /
    "in Frankfurt"): another thing asked about, at any similarity."""
    if not (al.only_a and al.only_b) or max(len(al.only_a), len(al.only_b)) > _MAX_SWAPPED:
        return False
    return al.a.named(al.only_a) or al.b.named(al.only_b)


_Check = Callable[[_Alignment, float, float, float], bool]
# (what a veto is called, the alignment check it belongs to, the check)
_CHECKS: tuple[tuple[str, str, _Check], ...] = (
    ("qualifier", "qualifier", _qualifier),
    ("entity", "substitution", _entity),
    ("substitution", "substitution", _substitution),
    ("order", "order", _order),
)
#: The alignment checks run here, by name (semcache.verify.DIFFERENCES's names).
ALIGNED: frozenset[str] = frozenset(gate for _, gate, _ in _CHECKS)


def aligned(
    a: Words,
    b: Words,
    table: ModuleType,
    similarity: float,
    names: Collection[str] = ALIGNED,
    *,
    swap_floor: float = DEFAULT_LANG_SWAP_FLOOR,
    reworded_floor: float = DEFAULT_LANG_REWORDED_FLOOR,
) -> str | None:
    """The alignment check that tells ``a`` and ``b`` apart at ``similarity``, or None."""
    if max(len(a.words), len(b.words)) > _MAX_WORDS:
        return None
    if max(len(a.content), len(b.content)) > _MAX_CONTENT:
        return None
    al = _align(a, b, table)
    for name, gate, check in _CHECKS:
        if gate in names and check(al, similarity, swap_floor, reworded_floor):
            return name
    return None
