"""Lexical guards: differences between two texts that embeddings blur.

Each guard compares the profiles of the query and a cached prompt and says
whether they ask different things in one specific way. ``conflict`` runs them
all and names the first that fires. Guards only ever *refuse*: a pair that
passes every guard may still be refused by the similarity threshold.

They are deliberately one-sided: refusing a true paraphrase costs one LLM
call, serving a look-alike serves a wrong answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ._lexicon import (
    ALIASES,
    DIRECTION_MARKERS,
    NEGATORS,
    OPPOSITES,
    SPECIFIC_QUESTIONS,
    STOPWORDS,
    TIME_WORDS,
)
from ._profile import SHORT_TEXT as _SHORT
from ._profile import Profile, lemma, negated_words, pole_indexes, pole_positions, profile

__all__ = ["GUARDS", "Guard", "conflict", "conflict_among"]

_SYMMETRIC = frozenset({"and", "or", "vs", "vs.", "versus", "&", "between", "with", ","})
_RUN = 3  # content words taken on each side of a direction marker
# Adverbial particles between a verb's object and a marker: "move A *over* to B".
_PARTICLES = frozenset({"over", "back", "up", "out", "down", "off", "across", "away"})
# Words that may open a run after a marker: "from *my* bank account".
_LEADING = frozenset({"a", "an", "the", "my", "your", "our", "their", "his", "her", "its"})


def negation(a: Profile, b: Profile) -> bool:
    """One text is negated and the other is not ("can I" / "can't I"). A negation that
    only states the asker's case ("printer *won't* connect to wifi, how do I set it
    up?") against a text that is the request alone ("How do I connect my printer to
    wifi?") negates nothing asked; against a text that states a case too, the cases
    are compared."""
    if (a.negations > 0) == (b.negations > 0):
        return a.negations != b.negations and _negates_what_other_states(a, b)
    negated, plain = (a, b) if a.negations else (b, a)
    if not plain.states and _lacks_named(negated, plain):
        return False
    # Against a purpose of its own ("invest for growth" / "... so I can't lose any of
    # it") a negated result is another goal, and a lack another constraint ("meal prep
    # for the week" / "... I have no fridge"); a lack of what the request names ("I don't
    # have buttermilk, what can I use instead" / "a substitute for buttermilk") is its
    # reason.
    if negated.stated < negated.negations or plain.states:
        return True
    if plain.purpose and any(_result(c) or not _named(c, plain) for c in negated.cases):
        return True
    return any(_contradicts(case, plain) for case in negated.cases)


def _negates_what_other_states(a: Profile, b: Profile) -> bool:
    """Both texts negate, one more often, and the one that negates more negates an act
    the other states plainly (questions and instructions, not passages): "things a
    landlord *can do* without notice" / "things a landlord *cannot do* without notice"
    (the shared "without notice" is no difference)."""
    if len(a.words) > _SHORT or len(b.words) > _SHORT:
        return False  # a passage mentions negations in passing
    more, fewer = (a, b) if a.negations > b.negations else (b, a)
    plain = {_base(w) for w in fewer.words} - {_base(w) for _, w in _negated(fewer)}
    return any(w and _base(w) in plain for n, w in _negated(more) if n not in _LACKING)


def _negated(text: Profile) -> list[tuple[str, str]]:
    return negated_words(" ".join(text.words))


# Negators of a thing rather than an act: "without notice", "no fee".
_LACKING = frozenset({"without", "no", "none", "nothing", "nobody"})


# A negation that names what the asker lacks or wants kept, inside the request: "what can
# I use *if I don't have buttermilk*", "revert the commit *without losing my changes*".
_LACK = re.compile(
    r"\b(?:(?:if|when|since|as) (?:i|we) (?:(?:do not|don'?t|dont) have|(?:have not|haven'?t)"
    r" got|have no|am out of|'?m out of|ran out of|run out of)(?: any)?"
    r"|without (?:losing|deleting|erasing|wiping|discarding|overwriting))"
    r" (?P<what>[\w' -]+?)(?= (?:in|on|at|from|for|of|with|to|so|and|or|but)\b|\s*[,.?!;]|\s*$)",
    re.I,
)
_KEEPING = frozenset({"keep", "keeping", "preserve", "preserving", "save", "saving", "retain"})


def _lacks_named(negated: Profile, plain: Profile) -> bool:
    """Whether every negation of ``negated`` is a lack of something ``plain`` names ("a
    substitute for *buttermilk*"), or a loss avoided of what ``plain`` keeps ("*keep* the
    *changes*"): the reason for the request, or the request said the other way."""
    text = " ".join(negated.words)
    found = list(_LACK.finditer(text))
    if len(found) != negated.negations:
        return False
    for lack in found:
        if lack.group().startswith("without") and not _KEEPING & set(plain.words):
            return False
        if not _named(lack["what"], plain):
            return False
    return True


def _result(case: str) -> bool:
    """Whether a stated clause is the result wanted ("... *so* I don't spend it")."""
    return case.lower().startswith("so ")


def _named(case: str, plain: Profile) -> bool:
    """Whether every content word of a stated clause is a word of ``plain`` ("I don't have
    *buttermilk*" / "a substitute for *buttermilk*")."""
    words = [w for w in profile(case).lemmas if _content(w) and w not in NEGATORS]
    return bool(words) and all(w in plain.lemmas for w in words)


# Verbs whose object is what the asker wants gone: "*stop* my dog from barking".
_CESSATION = frozenset(
    {"stop", "stops", "stopping", "prevent", "prevents", "avoid", "quit", "rid", "cease"}
    | {"eliminate", "end"}
)
_COPULAS = frozenset({"not", "no", "isn't", "isnt", "aren't", "arent", "wasn't", "weren't"})


def _contradicts(case: str, plain: Profile) -> bool:
    """Whether a negated case contradicts the request it stands against rather than
    stating the problem it asks to solve. A state negated ("I'm *not* pregnant") that
    the request names ("... while pregnant") is another case. An act negated that the
    request names is the problem only if the two want opposite things: "printer
    *won't connect*" / "connect my printer" (the act wanted), "dog *won't stop*
    barking" / "*stop* my dog barking"; not "baby *doesn't cry*" / "*stop* my baby
    crying" or "cat *won't stop* eating" / "get my cat to eat"."""
    stems = {_base(w) for w in plain.lemmas}
    wanted_gone = sum(1 for w in plain.words if w in _CESSATION) % 2
    for negator, following in negated_words(case):
        if negator in _COPULAS:
            if _base(following) in stems:
                return True
            continue
        case_words = case.lower().split()
        act = following
        if act in _CESSATION:  # "won't stop *barking*": the act is the barking
            rest = case_words[case_words.index(act) + 1 :] if act in case_words else []
            act = rest[0] if rest else act
        if _base(act.strip(".,!?")) not in stems:
            continue  # another act: background to the request
        stated_gone = (1 + sum(1 for w in case_words if w in _CESSATION)) % 2
        if stated_gone == wanted_gone:
            return True
    return False


def _base(word: str) -> str:
    """A crude stem for matching an act across two texts ("crying" / "cry")."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.rstrip("e")


def opposite(a: Profile, b: Profile) -> bool:
    """Each text takes a different pole of an opposition (enable / disable, biased /
    unbiased). A pole in a clause that states the asker's case ("my door squeaks when I
    *open* it, how do I make it stop?") against a text that is the request alone is
    not asked: the request parts are compared."""
    if not _opposite(a, b):
        return False
    if a.states == b.states:
        return True
    stating, plain = (a, b) if a.states else (b, a)
    return _opposite(profile(stating.request), plain)


def _opposite(a: Profile, b: Profile) -> bool:
    # Different poles ("enable" / "disable"), or, in short texts, both poles against
    # one ("before and after" / "before"); long texts mention both poles in passing.
    short = max(len(a.words), len(b.words)) <= _SHORT
    if a.poles != b.poles:  # the common case, equal poles, is one tuple comparison
        for group, (pa, pb) in enumerate(zip(a.poles, b.poles, strict=True)):
            if (
                pa
                and pb
                and pa != pb
                and (short or 3 not in (pa, pb))
                and not _same_question(a, b, group, pa, pb)
            ):
                return True
    if short and 3 in a.poles and 3 in b.poles:
        for group, (pa, pb) in enumerate(zip(a.poles, b.poles, strict=True)):
            if pa == pb == 3 and _poles_swapped(a, b, group):
                return True
    return _negated_word(a, b) or _negated_word(b, a)


#: The OPPOSITES groups of sequence (before / after) and of judgement (good / bad).
_SEQUENCE = next(g for g, (left, _) in enumerate(OPPOSITES) if "before" in left)
_JUDGEMENT = next(
    g for g, (left, right) in enumerate(OPPOSITES) if "good" in left and "bad" in right
)
# A verb of finding out before "if" / "whether": what follows is tested, not stated.
_TESTED = re.compile(r" (?:tell|know|check|see|sure|determine|test) (?:if|whether) ")


def _same_question(a: Profile, b: Profile, group: int, pa: int, pb: int) -> bool:
    """Whether two texts on different poles of a group still ask one thing: both
    sequence poles in separate clauses against one ("how long to rest a steak *after*
    cooking" / "*after* cooking a steak, how long to rest it *before* cutting": the
    same order told in two sentences; "*before and after*" against "*after*" is two
    questions against one), or a state tested on both sides ("how to tell *if* an egg
    is still good" / "... *whether* eggs have gone bad": one test tells both)."""
    if group == _SEQUENCE and 3 in (pa, pb):
        both = a if pa == 3 else b
        return not _compound(a, group) and not _compound(b, group) and not _joined(both, group)
    return group == _JUDGEMENT and _tests(a, group) and _tests(b, group)


def _joined(p: Profile, group: int) -> bool:
    """Whether the two poles of a group stand together, joined by "and", "or", ..."""
    at = pole_positions(p, group)
    if at is None:
        return True  # a phrase pole ("following the"): read as joined, the strict side
    between = p.words[min(at) + 1 : max(at)]
    return len(between) <= _JOINED_WORDS and any(w in _SYMMETRIC for w in between)


_JOINED_WORDS = 2  # "before *and* after", "before *and also* after"


def _compound(p: Profile, group: int) -> bool:
    """Whether a pole of the group is part of a compound ("the *best-before* date"):
    a name, not a marker of sequence."""
    return any("-" in p.words[i] for i in pole_indexes(p, group))


def _tests(p: Profile, group: int) -> bool:
    """Whether every pole word of the group comes after a verb of finding out and
    "if" / "whether" ("how can I tell *whether* eggs have gone bad")."""
    found = _TESTED.search(p.padded)
    if found is None:
        return False
    first = p.padded[: found.end()].count(" ") - 1  # index of the first word tested
    poles = pole_indexes(p, group)
    return bool(poles) and min(poles) >= first


def _poles_swapped(a: Profile, b: Profile, group: int) -> bool:
    """Both poles in both texts, trading places around other words ("the best
    thing that led to the worst" / "the worst thing that led to the best");
    "pros and cons" / "cons and pros" is one thing said two ways."""
    at_a, at_b = pole_positions(a, group), pole_positions(b, group)
    if at_a is None or at_b is None or (at_a[0] < at_a[1]) == (at_b[0] < at_b[1]):
        return False
    return all(_roles_between(p.words[min(at) + 1 : max(at)]) for p, at in ((a, at_a), (b, at_b)))


def _roles_between(between: tuple[str, ...]) -> bool:
    """Whether words between two terms make them two roles: a content word, and
    no symmetric word ("x and y", "x vs y")."""
    return any(_content(w) for w in between) and not any(w in _SYMMETRIC for w in between)


def _negated_word(a: Profile, b: Profile) -> bool:
    """``b`` has "un"+w (or "dis"+w, ...) where ``a`` has w, and not the reverse."""
    if not b.prefixed:
        return False
    words_a = set(a.words)
    return any(base in words_a and word not in words_a for word, base in b.prefixed)


def _same_durations(a: Profile, b: Profile) -> bool:
    """Whether both name the same durations, however each counts them ("a week" / "7
    days", "an hour" / "60 minutes", "a fortnight" / "14 days")."""
    return bool(a.durations) and a.durations == b.durations


def _extra_numbers(a: Profile, b: Profile) -> bool:
    extra = a.numbers - b.numbers
    if extra and a.duration_numbers is not None and _same_durations(a, b):
        extra -= a.duration_numbers  # "for 7 days" / "for a week": one duration
    # "1" and "one": the word is left out of NUMBER_WORDS ("which one", "no one").
    return bool(extra) and not (set(extra) == {"1"} and b.has("one"))


def number(a: Profile, b: Profile) -> bool:
    """A number, year, version or ordinal changed: each text has one the other lacks; or
    the signs between them did: each has one the other lacks ("3x *+* 7 = 22" / "3x *-* 7
    = 22")."""
    if _extra_numbers(a, b) and _extra_numbers(b, a):
        return True
    signs_a, signs_b = a.operators, b.operators
    return bool(signs_a and signs_b and signs_a - signs_b and signs_b - signs_a)


def entity(a: Profile, b: Profile) -> bool:
    """A named entity, unit, format or task changed: each text names one the other lacks."""
    return _unmatched(a, b) and _unmatched(b, a)


def _unmatched(a: Profile, b: Profile) -> bool:
    """Whether ``a`` names an entity that ``b`` does not (by word or alias); a unit of
    time counts no more when the durations agree ("a week" / "7 days")."""
    for key in a.entities - b.entities:
        if a.entity_words[key] in a.duration_units and _same_durations(a, b):
            continue
        word = a.entity_words[key]
        if lemma(word) not in b.lemmas and not _aliased(word, a, b) and not _derived(key, b):
            return True
    return False


_MIN_NAME_ROOT = 6  # letters two forms of a name share ("pythagor-as", "pythagor-ean")
_MAX_NAME_ENDING = 3


def _derived(key: str, b: Profile) -> bool:
    """Whether ``b`` names the same capitalised name in another form: the adjective
    made from it ("Pythagoras' theorem" / "the Pythagorean theorem", "Darwin" /
    "Darwinian")."""
    if not key.startswith("cap:"):
        return False
    name = key[4:]
    return any(_one_root(name, other[4:]) for other in b.entities if other.startswith("cap:"))


def _one_root(x: str, y: str) -> bool:
    common = 0
    for cx, cy in zip(x, y, strict=False):
        if cx != cy:
            break
        common += 1
    return common >= _MIN_NAME_ROOT and max(len(x), len(y)) - common <= _MAX_NAME_ENDING


def _aliased(word: str, a: Profile, b: Profile) -> bool:
    for group in ALIAS_GROUPS.get(word, ()):
        if any(a.has(p) for p in group if word in p.split()) and any(b.has(p) for p in group):
            return True
    return False


def _alias_index() -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for group in ALIASES:
        for word in {w for phrase in group for w in phrase.split()}:
            index.setdefault(word, []).append(group)
    return index


#: Word -> the alias groups (ALIASES) with a phrase that has the word.
ALIAS_GROUPS = _alias_index()


def question(a: Profile, b: Profile) -> bool:
    """Both ask a specific question, but not the same one (why / when). Where the
    asker does a thing ("*where* do I enter a promo code") is how it is done ("*how*
    do I use a promo code"): the place asked for is a step of the process."""
    if not (a.questions and b.questions and a.questions != b.questions):
        return False
    return not (_where_to_do(a, b) or _where_to_do(b, a))


# "where do I *enter a* promo code", "where can I see *the* password": a place in a
# process, a verb and its object; "where do I vote" asks for a place.
_WHERE_TO_DO = re.compile(
    r" where (?:do|can|could|should|would|will|shall) (?:i|you|we|one) (?:\w+ ){1,3}"
    r"(?:a|an|the|my|your|our) "
)


def _where_to_do(a: Profile, b: Profile) -> bool:
    """``a`` asks where the asker does something, ``b`` how."""
    return (
        a.questions == {"where"} and b.questions == {"how"} and bool(_WHERE_TO_DO.search(a.padded))
    )


def direction(a: Profile, b: Profile) -> bool:
    """The roles around "to", "from", "than" are swapped (A to B / B to A). A ratio
    named on both sides is one relation read either way ("the ratio of water to rice"
    / "rice to water ratio")."""
    if _RATIO & set(a.lemmas) and _RATIO & set(b.lemmas):
        return False
    for src_a, dst_a in _directions(a):
        for src_b, dst_b in _directions(b):
            if src_a & dst_b and dst_a & src_b and not (src_a & src_b and dst_a & dst_b):
                return True
    return swapped_roles(a, b)


_RATIO = frozenset({"ratio", "proportion"})


def _directions(p: Profile) -> list[tuple[frozenset[str], frozenset[str]]]:
    words = p.lemmas
    source = _run_after(words, words.index("from")) if "from" in words else None
    pairs = []
    for i, word in enumerate(words):
        if word in DIRECTION_MARKERS and word != "from":
            src = source if source and word in ("to", "into") else _run_before(words, i)
            dst = _run_after(words, i)
            if src and dst:
                pairs.append((src, dst))
    return pairs


def _content(word: str) -> bool:
    return word not in STOPWORDS and word not in DIRECTION_MARKERS and word not in _SYMMETRIC


def _role_word(word: str) -> bool:
    """A content word that can fill a role around a marker; a time ("today's euro to
    dollar rate") is when, not who or what."""
    return _content(word) and word not in TIME_WORDS


def _run_before(words: tuple[str, ...], i: int) -> frozenset[str]:
    if i and words[i - 1] in _PARTICLES:  # "roll *A* over into B": the particle is the verb's
        i -= 1
    run: list[str] = []
    for word in reversed(words[max(0, i - _RUN) : i]):
        if not _content(word):
            break
        run.append(word)
    return frozenset(w for w in run if _role_word(w))


def _run_after(words: tuple[str, ...], i: int) -> frozenset[str]:
    run: list[str] = []
    for word in words[i + 1 : i + 1 + _RUN]:
        if not _content(word) and not (word in _LEADING and not run):
            break
        if _content(word):
            run.append(word)
    return frozenset(w for w in run if _role_word(w))


def swapped_roles(a: Profile, b: Profile) -> bool:
    """Same content words, two of them (or two names) trade places ("cats hate
    dogs", "what does LeBron James think of Kobe Bryant")."""
    # Question words are left out: "why is A hostile to B" / "is B hostile to A, why?"
    seq_a = [w for w in a.lemmas if _role_word(w) and w not in SPECIFIC_QUESTIONS]
    seq_b = [w for w in b.lemmas if _role_word(w) and w not in SPECIFIC_QUESTIONS]
    if seq_a == seq_b or len(seq_a) > _MAX_SWAP_WORDS or sorted(seq_a) != sorted(seq_b):
        return False
    return any(
        _related(a, x, y)
        and _related(b, x, y)
        and bool(_grammar_between(a, x, y)) == bool(_grammar_between(b, x, y))
        for x, y in _swaps(seq_a, seq_b)
    )


def _grammar_between(p: Profile, x: str, y: str) -> tuple[str, ...]:
    """The grammar words between x and y. Two roles trade places with grammar between
    them on both sides ("India hostile *to* China") or on neither ("cats hate dogs"); a
    phrase of prepositions said as a compound noun ("the statute of limitations *for*
    small claims *in* Texas" / "Texas small claims statute of limitations") is one
    thing named two ways."""
    ix, iy = p.lemmas.index(x), p.lemmas.index(y)
    between = p.lemmas[min(ix, iy) + 1 : max(ix, iy)]
    return tuple(w for w in between if not _content(w) and w not in _LEADING)  # "a" / "an"


_MAX_SWAP_WORDS = 16


def _swaps(seq_a: list[str], seq_b: list[str]) -> list[tuple[str, str]]:
    """Spans X, Y with seq_a = ..X..M..Y.. and seq_b = ..Y..M..X.. (M not empty);
    returns (first word of X, first word of Y) for each."""
    n, found = len(seq_a), []
    for p in range(n):
        for q in range(p + 1, n):
            for r in range(q + 1, n):
                for t in range(r + 1, n + 1):
                    x, m, y = seq_a[p:q], seq_a[q:r], seq_a[r:t]
                    if seq_b == seq_a[:p] + y + m + x + seq_a[t:]:
                        found.append((x[0], y[0]))
    return found


def _related(p: Profile, x: str, y: str) -> bool:
    """Whether a content word (a verb: "cats *hate* dogs") and no symmetric word
    ("x and y", "x vs y") stands between x and y; "Python list" / "list in
    Python" is one thing named two ways, not two roles."""
    ix, iy = p.lemmas.index(x), p.lemmas.index(y)
    return _roles_between(p.lemmas[min(ix, iy) + 1 : max(ix, iy)])


def deixis(a: Profile, b: Profile) -> bool:
    """A text points at something it does not contain ("what kind of spider is
    this?"): two such questions are about whatever each asker is looking at."""
    return a.deictic or b.deictic


def symbol(a: Profile, b: Profile) -> bool:
    """Each text has an emoji, symbol or non-Latin letter the other lacks ("what does
    🙂 mean" / "what does 😢 mean"): the English model barely sees them. A
    decoration only one text has is no change of meaning."""
    return bool(a.symbols - b.symbols) and bool(b.symbols - a.symbols)


Guard = Callable[[Profile, Profile], bool]

#: Name -> guard, in the order they run (cheapest and most precise first). Each
#: is a veto: the texts ask different things.
GUARDS: dict[str, Guard] = {
    "number": number,
    "negation": negation,
    "opposite": opposite,
    "entity": entity,
    "question": question,
    "direction": direction,
    "symbol": symbol,
    "deixis": deixis,
}


def conflict(query: str, cached: str) -> str | None:
    """The name of the first guard telling ``query`` and ``cached`` apart, or None."""
    return conflict_among(query, cached, GUARDS)


def conflict_among(query: str, cached: str, names: Iterable[str]) -> str | None:
    """Like ``conflict``, running only the guards named in ``names``."""
    a, b = profile(query), profile(cached)
    for name in names:
        if GUARDS[name](a, b):
            return name
    return None
