"""The checks: what a text says in the words of its language's table, and the
differences that veto a pair."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise, product
from types import ModuleType

from . import de, es, fr, pt
from ._aligned import (
    CONTENT,
    FRAME,
    GRAMMAR,
    Words,
    aligned,
    alike,
    fold,
    reworded,
    same_name,
    same_word,
    words_of,
)

__all__ = ["TABLES", "conflict_in", "english_guards"]

TABLES: dict[str, ModuleType] = {"de": de, "es": es, "fr": fr, "pt": pt}

_WORD = re.compile(r"[a-z]+|\d+(?:[.,]\d+)?")
_ROMAN = re.compile(r"\b[IVX]{1,5}\b")
# A digit written as an ordinal, folded: "1º", "2ª", "3.º" (es, pt), "1er", "2e", "3ème" (fr).
_ORDINAL = re.compile(r"\b(\d+)\.?(?:o|a|os|as|er|re|e|eme|ieme)\b")
_INFLECTIONS = frozenset({"e", "en", "er", "es", "em", "s"})
_PREFIX = 5  # stems at least this long match a word's beginning; shorter, whole words


@dataclass(frozen=True)
class _Profile:
    negations: tuple[str, ...]
    poles: frozenset[tuple[int, int]]
    numbers: frozenset[str]
    questions: frozenset[str]
    qualifiers: frozenset[str]
    names: frozenset[str]
    times: frozenset[str]
    modals: frozenset[str]
    intensified: bool
    tasks: frozenset[str]
    quantities: frozenset[str]
    obliged: bool
    advised: bool
    units: frozenset[tuple[str, int]]
    accuses: bool
    spans: frozenset[float]  # lengths of time, in hours ("dos días", "una semana")
    sisters: frozenset[tuple[str, int]]  # (class, kind) of the table's SISTERS


def _matches(stem: str, words: tuple[str, ...], joined: str) -> bool:
    if stem.startswith("$"):
        return bool(words) and words[-1] == stem[1:]
    if stem.endswith("="):  # a whole word however long, inflected: "deutsch=" is
        base = stem[:-1]  # "deutsche", "deutschen", not "Deutschland"
        return any(
            w == base or (w.startswith(base) and w[len(base) :] in _INFLECTIONS) for w in words
        )
    if " " in stem:
        return f" {stem} " in joined
    if len(stem) >= _PREFIX:
        return any(word.startswith(stem) for word in words)
    return stem in words


@lru_cache(maxsize=65536)
def _word_poles(word: str, language: str) -> frozenset[tuple[int, int]]:
    """The (opposite pair, side) one word stands for (memoized per word)."""
    whole, prefixed = _pole_index(language)
    found = set(whole.get(word, ()))
    found.update(pole for stem, pole in prefixed.get(word[:_PREFIX], ()) if word.startswith(stem))
    return frozenset(found)


_Pole = tuple[int, int]


@lru_cache(maxsize=8)
def _opposites(language: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """A language's opposite pairs: its own table and the general lexicon."""
    table = TABLES[language]
    return (*table.OPPOSITES, *table.GENERAL_OPPOSITES)


@lru_cache(maxsize=8)
def _pole_index(
    language: str,
) -> tuple[dict[str, list[_Pole]], dict[str, list[tuple[str, _Pole]]]]:
    """The one-word stems of ``language``'s opposites: by the whole word, and (those
    matching a word's beginning) by their first letters."""
    whole: dict[str, list[_Pole]] = {}
    prefixed: dict[str, list[tuple[str, _Pole]]] = {}
    for i, pair in enumerate(_opposites(language)):
        for side, stems in enumerate(pair):
            for stem in stems:
                if stem.startswith("$") or " " in stem:
                    continue
                whole.setdefault(stem, []).append((i, side))
                if len(stem) >= _PREFIX:
                    prefixed.setdefault(stem[:_PREFIX], []).append((stem, (i, side)))
    return whole, prefixed


@lru_cache(maxsize=8)
def _phrase_stems(language: str) -> tuple[tuple[int, int, str], ...]:
    """The stems that read more than one word: phrases and last words ("$ein")."""
    return tuple(
        (i, side, stem)
        for i, pair in enumerate(_opposites(language))
        for side, stems in enumerate(pair)
        for stem in stems
        if stem.startswith("$") or " " in stem
    )


@lru_cache(maxsize=8)
def _phrase_poles(
    language: str,
) -> tuple[dict[str, tuple[_Pole, ...]], tuple[tuple[str, _Pole], ...]]:
    """_phrase_stems as _matches reads them: the last words ("$ein") by the word, and
    the phrases padded."""
    lasts: dict[str, list[_Pole]] = {}
    phrases: list[tuple[str, _Pole]] = []
    for i, side, stem in _phrase_stems(language):
        if stem.startswith("$"):
            lasts.setdefault(stem[1:], []).append((i, side))
        else:
            phrases.append((f" {stem} ", (i, side)))
    return {last: tuple(poles) for last, poles in lasts.items()}, tuple(phrases)


def _ordinal(digits: str) -> str:
    """An ordinal as the tables spell it ("primeiro" is "1st", "quinto" "5th")."""
    n = int(digits)
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def forget_texts() -> None:
    """Drop the memos kept per text (each text's reading and profile); the tables'
    indexes and the per-word memos stay. Benchmarks use it to time texts as new."""
    _profile.cache_clear()
    _quoted.cache_clear()
    words_of.cache_clear()


@lru_cache(maxsize=4096)
def _profile(text: str, language: str) -> _Profile:
    table = TABLES[language]
    plain = fold(text)
    words = tuple(_WORD.findall(plain))
    joined = f" {' '.join(words)} "
    bases = _absolute(words, getattr(table, "SUPERLATIVE", ""))
    poles = {pole for word in words + bases for pole in _word_poles(word, language)}
    lasts, phrases = _phrase_poles(language)
    poles.update(lasts.get(words[-1], ()) if words else ())
    poles.update(pole for phrase, pole in phrases if phrase in joined)
    # An ordinal's digits are a word of their own: no digit word, no regex over the text.
    digits = any(w[:1].isdigit() for w in words)
    marked = _ORDINAL.finditer(plain) if digits else ()
    ordinals = {m.group(1): _ordinal(m.group(1)) for m in marked}
    counted = _without_both(words, table)
    spans, timed = _durations(counted, language)
    numbers = {
        ordinals.get(w, w.replace(",", "."))
        for k, w in enumerate(counted)
        if w[:1].isdigit() and k not in timed
    }
    spelled = table.NUMBERS
    numbers |= {str(spelled[w]) for k, w in enumerate(counted) if w in spelled and k not in timed}
    numbers |= {f"{_SPAN}{hours:g}" for hours, said in spans.items() if said}
    if "I" in text or "V" in text or "X" in text:
        numbers |= {f"roman:{r}" for r in _ROMAN.findall(text) if r != "I" or len(text) < 80}
    questions = {
        kind for kind, phrases in _question_phrases(language) if any(p in joined for p in phrases)
    }
    if questions & _MEASURES or "why" in questions:
        questions.discard("how")  # "wie viel" is not "wie"; "por que" not "que"
    if "why" in questions:  # "de dónde viene", "qu'est-ce qui cause": a cause, no place or who
        questions -= {k for k in ("where", "who") if not _asks_outside_why(joined, table, k)}
    if "difference" in questions:  # "wo liegt der Unterschied", "qu'est-ce qui les distingue"
        questions -= {"where", "who", "which"}
    read = words_of(text, table)
    if questions & _MEASURES == {"quantity"} and _asks_time(read, language):
        questions.add("duration")  # "¿Cuántos minutos ...?" asks how long
    if questions & (_MEASURES - {"quantity"}):
        questions.discard("quantity")  # "combien de temps" asks for a duration
    if any(f" {p} " in joined for p in getattr(table, "AHEAD", ())):
        questions = (questions - _MEASURES - {"how"}) | {"when"}  # "con cuánta antelación"
    if any(f" {p} " in joined for p in getattr(table, "UNTIL", ())):
        questions = (questions - {"when"}) | {_DEADLINE}  # "até quando": an end, or a span
    if "how" in questions and _how_as_like(read, table):
        questions.discard("how")  # "lo que vendo en Wallapop como autónomo": "as"
    if "how" in questions and _how_it_arises(read, table):
        questions.add(_ARISING)  # "Wie entsteht ein Regenbogen?": a how, or a why
    if "where" in questions and _relative_where(read, table):
        questions.discard("where")
    if "when" in questions and _situation_when(read, table, len(questions) > 1):
        questions.discard("when")  # "mi perro come césped cuando lo saco, ¿por qué?"
    if "where" in questions and _looks_up(read, table):
        questions.add(_LOOKUP)  # "Wo finde ich ...": where, or how to find it
    named = _named_all(language, words, joined)
    obliged = bool(named["OBLIGED"])  # "must", a modal too
    which = _which_noun(read, table)
    if which is not None:
        questions.add(which)
    if _opens_with(read, table):
        questions.add("what")  # "Que manger ..." / "Où manger ...": another question
    modals = _modals(words, joined, table) | (_MUST if obliged else frozenset())
    if any(f" {p} " in joined for p in table.NOT_MISSING):
        modals = _SHOULD  # "darf man nicht verpassen" is "sollte man sehen"
    return _Profile(
        negations=_negations(words, read, table),
        poles=frozenset(poles),
        numbers=frozenset(numbers),
        questions=frozenset(questions),
        qualifiers=_qualifiers(named["QUALIFIERS"], table),
        names=read.named_stems,
        times=_times(joined, language),
        modals=modals,
        intensified=bool(bases) or any(w in table.INTENSIFIERS for w in words),
        tasks=named["TASKS"],
        quantities=_any_way(_everyone(named["QUANTITIES"], read, table), read, table),
        obliged=obliged,
        advised=bool(named["ADVISED"]),
        units=_units(counted, timed, language),
        accuses=bool(named["ACCUSES"]),
        spans=frozenset(spans),
        sisters=_sisters(counted, language),
    )


_SPAN = "span:"  # a length of time, in hours: "2 dias" is "48 horas", "uma semana" "sete dias"
#: Hours in each unit of the tables' UNITS["time"], in their order (second .. year).
_HOURS = (1 / 3600, 1 / 60, 1.0, 24.0, 168.0, 720.0, 8760.0)
#: Hours of the periods the tables' TIME names ("mensual", "anual").
_PERIODS = {"daily": 24.0, "weekly": 168.0, "monthly": 720.0, "yearly": 8760.0}


def _without_both(words: tuple[str, ...], table: ModuleType) -> tuple[str, ...]:
    """``words`` with the number of a "both" phrase left out ("los dos", "os dois", "les
    deux": the two named, no count)."""
    both = [tuple(p.split()) for p in table.QUANTITIES.get("both", ()) if " " in p]
    dropped = {
        k + len(p) - 1 for p in both for k in range(len(words)) if words[k : k + len(p)] == p
    }
    return tuple("" if k in dropped else w for k, w in enumerate(words)) if dropped else words


def _durations(words: tuple[str, ...], language: str) -> tuple[dict[float, bool], set[int]]:
    """The lengths of time the text names (a number or an indefinite article before a
    unit of time), in hours, each with whether a number says it (not "una semana"), and
    the places of the words that name them."""
    table, units = TABLES[language], _unit_index(language)
    spans: dict[float, bool] = {}
    places: set[int] = set()
    for k, word in enumerate(words[1:], start=1):
        if word not in units:
            continue
        unit = next((i for measure, i in units[word] if measure == "time"), None)
        count = None if unit is None else _count(words[k - 1], table)
        if unit is not None and count is not None:
            hours = round(count * _HOURS[unit], 6)
            spans[hours] = spans.get(hours, False) or words[k - 1] not in table.INDEFINITE
            places |= {k - 1, k}
    return spans, places


def _count(word: str, table: ModuleType) -> float | None:
    """The number ``word`` says (digits, a number word, an indefinite article), or None."""
    if word[:1].isdigit():
        return float(word.replace(",", "."))
    value = table.NUMBERS.get(word)
    if isinstance(value, int | float):
        return float(value)
    return 1.0 if word in table.INDEFINITE else None


def _asks_time(read: Words, language: str) -> bool:
    """Whether the "how many" of the text counts a unit of time ("cuántos minutos")."""
    return any(measure == "time" for measure, _ in _asked_unit(read, language) or ())


def _period_against_span(pa: _Profile, pb: _Profile) -> bool:
    """Whether one names a length of time and the other, naming none, a period of
    another length ("el abono *de un mes*" / "el abono *anual*")."""
    periods = {_PERIODS[t] for t in pb.times if t in _PERIODS}
    if not pa.spans or not periods or pb.spans or pa.times & _PERIODS.keys():
        return False
    return not pa.spans & periods


_GENDERS = ("o", "a", "os", "as")
_MIN_BASE = 3  # letters before a superlative's infix


def _absolute(words: tuple[str, ...], infix: str) -> tuple[str, ...]:
    """The base words of the absolute superlatives among ``words`` ("pouquissimo" ->
    "pouco", "lentisima" -> "lenta", "facilisimo" -> "facil"): with the gender's ending,
    and without it (the base may have none)."""
    found: list[str] = []
    for word in words if infix else ():
        k = word.rfind(infix)
        ending = word[k + len(infix) :]
        if k < _MIN_BASE or ending not in _GENDERS:
            continue
        base = word[:k]
        if base.endswith(("qu", "gu")):  # "pouqu-", "largu-": the spelling of "c", "g"
            base = base[:-2] + ("c" if base.endswith("qu") else "g")
        found += [base + ending, base]
    return tuple(found)


_LOOKUP = "lookup"  # a "where" that asks where to see or find a thing
_LOOK_REACH = 6  # words after "where" its verb may stand ("où est-ce que je peux trouver")


def _looks_up(read: Words, table: ModuleType) -> bool:
    """Whether each "where" of the text asks where to see or find a thing ("Wo finde ich
    meine Steuer-ID?", "¿Dónde veo el estado de ...?"): how to find it out, not a place.
    A where after such a verb is what is looked up ("¿Dónde puedo ver *por dónde va* mi
    paquete?"); a where with no word of its own after a task the text states asks where
    that is done ("Quiero borrar el historial, ¿dónde se hace?")."""
    verbs = table.LOOK_UP
    seen = False
    wheres = 0
    for k in _wheres(read, table):
        if seen:
            continue  # an indirect question inside what is looked up
        following = _first_content(read, k)
        if any(_matches(v, following, "") for v in verbs) or _where_to_start(read, k, table):
            seen = True
        elif following or not _states_task(read, k):
            return False
        wheres += 1
    return wheres > 0


def _where_to_start(read: Words, k: int, table: ModuleType) -> bool:
    """Whether the where at ``k`` asks where to start ("¿Por dónde empiezo ...?", "Par
    où commencer ?"): how to begin, not a place ("¿Dónde empieza el Camino?" is one)."""
    through, start = getattr(table, "THROUGH", ()), getattr(table, "START", ())
    following = _first_content(read, k)
    return k > 0 and read.words[k - 1] in through and any(_matches(v, following, "") for v in start)


def _states_task(read: Words, k: int) -> bool:
    """Whether a clause before the place ``k`` names what is to be done (a content word
    in a clause of its own: "Quiero borrar el historial, ¿dónde ...")."""
    return any(read.kinds[j] == CONTENT and read.clauses[j] != read.clauses[k] for j in range(k))


def _first_content(read: Words, k: int) -> tuple[str, ...]:
    """The first content word after the place ``k``, within _LOOK_REACH words ("wo *kann
    ich* nachschauen", "où est-ce que je peux trouver"), as a one-word tuple, or ()."""
    for j in range(k + 1, min(k + 1 + _LOOK_REACH, len(read.words))):
        if read.kinds[j] == CONTENT:
            return (read.words[j],)
    return ()


def _wheres(read: Words, table: ModuleType) -> list[int]:
    """The places of the one-word where-words of the text."""
    where = {p.strip() for p in table.QUESTIONS["where"] if " " not in p.strip()}
    return [k for k, word in enumerate(read.words) if word in where]


def _how_as_like(read: Words, table: ModuleType) -> bool:
    """Whether each of the text's how-words that also mean "as" (the table's AS: "como")
    stands right after a content word of its clause ("declarar lo que vendo *como*
    autónomo", "trabalhar como freelancer"): "as", not a question. After a verb of
    knowing or asking ("saber como", "dime como": frame words) it still asks how."""
    as_words = getattr(table, "AS", ())
    uses = [k for k, w in enumerate(read.words) if w in as_words]
    return bool(uses) and all(
        k > 0 and read.kinds[k - 1] == CONTENT and read.clauses[k - 1] == read.clauses[k]
        for k in uses
    )


def _how_it_arises(read: Words, table: ModuleType) -> bool:
    """Whether each how-word of the text asks how a thing comes about (the table's
    ARISING right after it: "Wie entsteht ein Regenbogen?", "¿Cómo se forma un
    arcoíris?"): what causes it, the question "why" asks ("warum man einen Regenbogen
    sieht"). How a thing is done or works ("Como o gato ronrona?") stays a how."""
    arising = getattr(table, "ARISING", ())
    hows = [k for k, w in enumerate(read.words) if w in _how_words(table)]
    return bool(hows) and all(_verb_after(read, k) in arising for k in hows)


_ARISING = "arising"  # how a thing comes about: its cause


def _cause_asked(p: _Profile, other: _Profile) -> frozenset[str]:
    """``p``'s questions, how a thing comes about read as the other asks it: its cause
    against a why, unless that why is about a time ``p`` does not name ("Pourquoi les
    orages éclatent surtout l'été ?": why then, not how they form); else a how."""
    if _ARISING not in p.questions:
        return p.questions
    asked = "why" if "why" in other.questions and not other.times - p.times else "how"
    return (p.questions - {_ARISING, "how"}) | {asked}


def _verb_after(read: Words, k: int) -> str | None:
    """The first word after ``k`` that is not a grammar word ("cómo *se* forma": the
    reflexive passed over), or None."""
    rest = [w for w, kind in zip(read.words[k + 1 :], read.kinds[k + 1 :], strict=True)
            if kind != GRAMMAR]  # fmt: skip
    return rest[0] if rest else None


def _how_words(table: ModuleType) -> frozenset[str]:
    return frozenset(p.strip() for p in table.QUESTIONS["how"])


def _situation_when(read: Words, table: ModuleType, asks_more: bool) -> bool:
    """Whether each when-word sets a scene rather than asks for a time: right after a
    word of its own clause ("des astuces pour dormir *quand* on est stressé"), or, in a
    text asking more (``asks_more``), in a clause before the last one ("cuando me lavo
    los dientes me sale sangre, ¿a qué se debe?")."""
    when = {p.strip() for p in table.QUESTIONS["when"] if " " not in p.strip()}
    places = [k for k, word in enumerate(read.words) if word in when]
    last = read.clauses[-1] if read.clauses else 0
    return bool(places) and all(
        (asks_more and read.clauses[k] < last) or _after_content(read, k) for k in places
    )


def _after_content(read: Words, k: int) -> bool:
    """Whether the word at ``k`` follows a content word of its own clause."""
    return k > 0 and read.kinds[k - 1] == CONTENT and read.clauses[k - 1] == read.clauses[k]


def _relative_where(read: Words, table: ModuleType) -> bool:
    """Whether each where-word follows a noun in its clause: a relative ("l'adresse *où*
    mon colis ...", "el sitio donde") or, in French, "or" ("un passeport ou la carte"),
    no question of place."""
    wheres = _wheres(read, table)
    return bool(wheres) and all(
        k > 0 and read.kinds[k - 1] == CONTENT and read.clauses[k - 1] == read.clauses[k]
        for k in wheres
    )


def _asks_outside_why(joined: str, table: ModuleType, kind: str) -> bool:
    """Whether a question word of ``kind`` stands outside the why-phrases of ``joined``
    ("d'où vient", "woher kommt", "qu'est-ce qui provoque" ask for a cause or an origin)."""
    for phrase in table.QUESTIONS["why"]:
        joined = joined.replace(f" {phrase.strip()} ", " | ")
    return any(f" {p.strip()} " in joined for p in table.QUESTIONS[kind])


def _units(counted: tuple[str, ...], timed: set[int], language: str) -> frozenset[tuple[str, int]]:
    """The units a text names (not those of its lengths of time), as (what it measures,
    which unit); a one-letter unit only after a number ("2 l", not French "l'espace")."""
    index, powers = _unit_index(language), _power_index(language)
    found: set[tuple[str, int]] = set()
    for k, w in enumerate(counted):
        if k in timed or not (len(w) > 1 or (k > 0 and counted[k - 1][:1].isdigit())):
            continue
        power = powers.get(counted[k + 1]) if k + 1 < len(counted) else None
        for group, i in index.get(w, ()):
            # "pie cuadrado" is a unit of area, "metro cúbico" one of volume: each length
            # squared or cubed a unit of its own, apart from the table's own ("acre").
            if power is not None and group == "length":
                found.add((power, _POWERED + i))
            else:
                found.add((group, i))
    return frozenset(found)


#: The tables' words that square or cube the unit of length before them, by what the
#: unit then measures; a powered unit's kind is the length's own plus _POWERED.
_POWERS = {"area": "SQUARE", "volume": "CUBIC"}
_POWERED = 100


@lru_cache(maxsize=8)
def _power_index(language: str) -> dict[str, str]:
    """Each word of ``language`` that squares or cubes a length -> what the unit measures."""
    table = TABLES[language]
    return {w: kind for kind, name in _POWERS.items() for w in getattr(table, name, ())}


def _sisters(counted: tuple[str, ...], language: str) -> frozenset[tuple[str, int]]:
    """The sister kinds a text names, as (class, kind); in a language that puts a
    compound's head last (German), a compound's first part too ("*Leder*jacke")."""
    index = _sister_index(language)
    found = {kind for w in counted for kind in index.get(w, ())}
    if getattr(TABLES[language], "HEAD_LAST", False):
        heads = _sister_heads(language)
        found.update(
            kind
            for w in counted
            for spelling, kinds in heads.get(w[:_PREFIX], ())
            if len(w) > len(spelling) and w.startswith(spelling)
            for kind in kinds
        )
    return frozenset(found)


@lru_cache(maxsize=8)
def _sister_heads(language: str) -> dict[str, list[tuple[str, tuple[tuple[str, int], ...]]]]:
    """The sister spellings of five letters or more, by their first five: those a
    compound may begin with."""
    heads: dict[str, list[tuple[str, tuple[tuple[str, int], ...]]]] = {}
    for spelling, kinds in _sister_index(language).items():
        if len(spelling) >= _PREFIX:
            heads.setdefault(spelling[:_PREFIX], []).append((spelling, kinds))
    return heads


def _unit_index(language: str) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each spelling of a unit of ``language``'s UNITS -> (what it measures, which unit)."""
    return _kinds_index(language, "UNITS")


def _sister_index(language: str) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each spelling of a kind of ``language``'s SISTERS -> (its class, which kind)."""
    return _kinds_index(language, "SISTERS")


@lru_cache(maxsize=16)
def _kinds_index(language: str, name: str) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each spelling of a kind in the table's ``name`` (classes of kinds, each kind's
    spellings joined by "/") -> (its class, which kind)."""
    index: dict[str, list[tuple[str, int]]] = {}
    for group, kinds in getattr(TABLES[language], name, {}).items():
        for i, spellings in enumerate(kinds):
            for word in spellings.split("/"):
                index.setdefault(word, []).append((group, i))
    return {word: tuple(found) for word, found in index.items()}


def _measured(pa: _Profile, pb: _Profile) -> bool:
    """Whether each names a unit of one measure the other does not ("ein Glas" / "eine
    Flasche", "en minutes" / "en heures"; "días" / "días al año" is a rate of the
    same); units of different measures ("am Tag" / "Liter") say nothing of each other."""
    return _kind_swapped(pa.units, pb.units)


def _asked_against_said(pa: _Profile, pb: _Profile) -> bool:
    """Whether ``a`` asks how much ("Combien de café par jour, c'est trop ?") and ``b``,
    asking no measure nor which one, says an amount ``a`` does not ("*Une seule* tasse
    de café par jour, c'est trop ?", "¿Es malo beber *tres* cafés al día?"): a yes-no
    question on one amount is not the question of which amount."""
    if "quantity" not in pa.questions or pb.questions & (_MEASURES | {"which"}):
        return False
    said = {n for n in pb.numbers - pa.numbers if not n.startswith(_SPAN)}
    return bool(pb.quantities - pa.quantities) or bool(said)


def _kind_swapped(xa: frozenset[tuple[str, int]], xb: frozenset[tuple[str, int]]) -> bool:
    """Whether each names a kind of one class the other does not name: "Liter" against
    "Glas" (a volume), "en coche" against "en autobús" (a way to travel)."""
    for group in {g for g, _ in xa} & {g for g, _ in xb}:
        ka = {k for g, k in xa if g == group}
        kb = {k for g, k in xb if g == group}
        if ka - kb and kb - ka:
            return True
    return False


def _asks_other_unit(a: Words, b: Words, language: str) -> bool:
    """Whether each asks "how many" of another unit ("Wie viel *Gramm* Nudeln" / "Wie viel
    *Liter* Wasser", "combien de grammes" / "combien de litres"): what is asked, though
    the two units measure different things."""
    aa, ab = _asked_unit(a, language), _asked_unit(b, language)
    if aa is not None and ab is not None and not set(aa) & set(ab):
        return True
    ua, ub = _converted_unit(a, language), _converted_unit(b, language)
    if ua is not None and ub is not None and not set(ua) & set(ub):
        return True
    ta, tb = ua or aa, ub or ab
    if ta is not None and tb is not None and not set(ta) & set(tb):
        return True  # "combien de km par litre" / "combien en miles par gallon"
    ra, rb = _rate_units(a, language), _rate_units(b, language)
    if ra and rb and not ra & rb:
        return True
    return _number_in_other_unit(a, b, language)


def _number_in_other_unit(a: Words, b: Words, language: str) -> bool:
    """Whether one number, written in digits on both sides, is followed by a unit on
    each and not the same one ("200 grammes" / "200 ml", "32 psi" / "32 bar"): of
    one measure or not, another amount."""
    units_a, units_b = _numbers_in_units(a, language), _numbers_in_units(b, language)
    return any(n in units_b and not set(units) & set(units_b[n]) for n, units in units_a.items())


def _numbers_in_units(w: Words, language: str) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each number in digits followed by a unit -> that unit, as (what it measures, which
    unit)."""
    index = _unit_index(language)
    return {
        word: index[after]
        for word, after in pairwise(w.words)
        if word[:1].isdigit() and after in index
    }


def _rate_units(w: Words, language: str) -> frozenset[tuple[str, int]]:
    """The units a rate is per ("prix *au kilo*" / "prix *à la pièce*", "precio *por
    unidad*"), as (what it measures, which unit); not units of time ("par jour" is how
    often)."""
    per = getattr(TABLES[language], "PER", ())
    units = _unit_index(language)
    found: set[tuple[str, int]] = set()
    for k in range(1, len(w.words)):
        if w.words[k - 1] in per or " ".join(w.words[max(k - 2, 0) : k]) in per:
            found.update(u for u in units.get(w.words[k], ()) if u[0] != "time")
    return frozenset(found)


def _converted_unit(w: Words, language: str) -> tuple[tuple[str, int], ...] | None:
    """The unit a "how much" asks the answer in: the last one right after the table's
    INTO ("ça fait combien *en km*/h", "¿cuánto es *en millas*?", "wie viel *in Meilen*"),
    as (what it measures, which unit), or None."""
    table = TABLES[language]
    into = getattr(table, "INTO", ())
    joined = f" {' '.join(w.words)} "
    if not any(f" {p.strip()} " in joined for p in table.QUESTIONS["quantity"]):
        return None
    units = _unit_index(language)
    found = None
    for k in range(1, len(w.words)):
        if w.words[k - 1] in into and w.words[k] in units:
            found = units[w.words[k]]
    return found


_LINKS = ("de", "d")  # "combien *de* grammes"


def _asked_unit(w: Words, language: str) -> tuple[tuple[str, int], ...] | None:
    """The unit right after the text's "how many" ("wie viel Gramm", "cuántos litros"),
    as (what it measures, which unit), or None."""
    phrases = [p.strip() for p in TABLES[language].QUESTIONS["quantity"]]
    units = _unit_index(language)
    for k, word in enumerate(w.words):
        if word not in units:
            continue
        before = w.words[:k]
        if before and before[-1] in _LINKS:
            before = before[:-1]
        said = " " + " ".join(before[-3:])
        if any(said.endswith(" " + p) for p in phrases):
            return units[word]
    return None


_MUST = frozenset({"must"})
_SHOULD = frozenset({"should"})


#: The tables' classes a profile reads (see _named_all).
_PROFILED = ("OBLIGED", "TASKS", "QUANTITIES", "ADVISED", "ACCUSES", "QUALIFIERS")


def _named_all(language: str, words: tuple[str, ...], joined: str) -> dict[str, frozenset[str]]:
    """For each table name of _PROFILED (a dict of classes; of a tuple, its stems), the
    classes whose stems, words or phrases the text has: one pass over the words for
    all of them, not one per name."""
    whole, prefixed, phrases = _profiled_index(language)
    found: dict[str, set[str]] = {name: set() for name in _PROFILED}
    for w in words:
        for name, c in whole.get(w, ()):
            found[name].add(c)
        for stem, name, c in prefixed.get(w[:_PREFIX], ()):
            if w.startswith(stem):
                found[name].add(c)
    for last in words[-1:]:
        for name, c in whole.get(f"${last}", ()):
            found[name].add(c)
    for phrase, name, c in phrases:
        if phrase in joined:
            found[name].add(c)
    return {name: frozenset(classes) for name, classes in found.items()}


_Named = tuple[str, str]  # (table name, class)
_AllIndex = tuple[
    dict[str, list[_Named]], dict[str, list[tuple[str, str, str]]], list[tuple[str, str, str]]
]


@lru_cache(maxsize=8)
def _profiled_index(language: str) -> _AllIndex:
    """The indexes of _class_index for every name of _PROFILED, merged, each class with
    its table name."""
    whole: dict[str, list[_Named]] = {}
    prefixed: dict[str, list[tuple[str, str, str]]] = {}
    phrases: list[tuple[str, str, str]] = []
    for name in _PROFILED:
        one_whole, one_prefixed, one_phrases = _class_index(language, name)
        for word, classes in one_whole.items():
            whole.setdefault(word, []).extend((name, c) for c in classes)
        for start, stems in one_prefixed.items():
            prefixed.setdefault(start, []).extend((stem, name, c) for stem, c in stems)
        phrases += [(phrase, name, c) for phrase, c in one_phrases]
    return whole, prefixed, phrases


_Index = tuple[dict[str, list[str]], dict[str, list[tuple[str, str]]], list[tuple[str, str]]]


@lru_cache(maxsize=64)
def _class_index(language: str, name: str) -> _Index:
    """A table's classes indexed as _matches reads them: whole words (shorter than five
    letters, or marked "=" with their inflections; a last word as "$word"), stems by
    their first five letters, and phrases (padded)."""
    table = TABLES[language]
    classes = getattr(table, name)
    if not isinstance(classes, dict):  # a tuple: each stem its own class
        classes = {stem: (stem,) for stem in classes}
    whole: dict[str, list[str]] = {}
    prefixed: dict[str, list[tuple[str, str]]] = {}
    phrases: list[tuple[str, str]] = []
    for kind, stems in classes.items():
        for stem in stems:
            if stem.startswith("$"):  # the last word: "$um" ("schreib ... um")
                whole.setdefault(stem, []).append(kind)
            elif " " in stem:
                phrases.append((f" {stem} ", kind))
            elif stem.endswith("="):
                for form in ("", *_INFLECTIONS):
                    whole.setdefault(stem[:-1] + form, []).append(kind)
            elif len(stem) >= _PREFIX:
                prefixed.setdefault(stem[:_PREFIX], []).append((stem, kind))
            else:
                whole.setdefault(stem, []).append(kind)
    return whole, prefixed, phrases


_EVERYONE = "everyone"


def _everyone(quantities: frozenset[str], read: Words, table: ModuleType) -> frozenset[str]:
    """``quantities`` with an "all" that stands alone after "for" ("borrar un mensaje
    *para todos*", "pour tous", "für alle") read as "everyone": whom it is for, not how
    many of a thing ("*todos los* chats")."""
    if "all" not in quantities:
        return quantities
    alls = {w for w in table.QUANTITIES["all"] if " " not in w} - set(table.EACH)
    articles = frozenset(table.ARTICLES.split())
    uses = [k for k, w in enumerate(read.words) if w in alls]
    alone = [
        k
        for k in uses
        if k > 0
        and read.words[k - 1] in getattr(table, "FOR", ())
        and (
            k + 1 == len(read.words)
            or (read.kinds[k + 1] != CONTENT and read.words[k + 1] not in articles)
        )
    ]
    if not alone:
        return quantities
    return (quantities - ({"all"} if len(alone) == len(uses) else set())) | {_EVERYONE}


def _any_way(quantities: frozenset[str], read: Words, table: ModuleType) -> frozenset[str]:
    """``quantities`` less a "some" whose every word stands before a word of the frame
    ("¿Hay *alguna forma* de ...?", "algum jeito de"): "is there any way", no amount."""
    if "some" not in quantities:
        return quantities
    some = {w for w in table.QUANTITIES["some"] if " " not in w}
    uses = [k for k, w in enumerate(read.words) if w in some]
    framed = all(k + 1 < len(read.words) and read.kinds[k + 1] == FRAME for k in uses)
    return quantities - {"some"} if uses and framed else quantities


def _tasked(pa: _Profile, pb: _Profile) -> bool:
    """Whether each names a task or a form the other does not ("Résume ce texte" /
    "Traduis ce texte", "un poème" / "une histoire"): the request's verb and its
    output as classes, as the English side reads its "task" and "format" words. A
    task on one side only is often the frame ("Explique-moi comment traduire")."""
    return bool(pa.tasks - pb.tasks) and bool(pb.tasks - pa.tasks)


def _summary_against_part(pa: _Profile, pb: _Profile, b: Words, table: ModuleType) -> bool:
    """Whether ``a`` asks for a summary of the whole and ``b``, with no task, asks which
    part or who ("Resume o livro X" / "Quais são os personagens de X", "Fass Faust
    zusammen" / "Welche Motive kommen in Faust vor?")."""
    if "summarize" not in pa.tasks or pb.tasks:
        return False
    which = set(table.WHICH) - set(table.WHAT)  # "¿De qué trata X?" asks for the summary
    return bool(pb.questions & _STRONG) or any(w in which for w in b.words[:3])


def _quantified(pa: _Profile, pb: _Profile, a: Words, b: Words, table: ModuleType) -> bool:
    """Whether the two ask about different amounts of one thing: both name a quantity
    and not the same ("einige" / "alle", "algunos" / "todos", "parte del" / "todo
    el"), or one says "all" of what the other names with an indefinite article ("eine
    Nachricht" / "alle Nachrichten")."""
    if pa.quantities and pb.quantities:
        return pa.quantities != pb.quantities
    return (
        _all_of_one(a, b, pa, table)
        or _all_of_one(b, a, pb, table)
        or _whole_against_one(pa, pb, a, b, table)
        or _whole_against_one(pb, pa, b, a, table)
    )


def _whole_against_one(pa: _Profile, pb: _Profile, a: Words, b: Words, table: ModuleType) -> bool:
    """Whether ``a`` says "all" or "whole" and ``b``, naming no amount, says "a" or "one"
    of something ("todo el piso" / "una pared", "die ganze Packung" / "eine Tablette"):
    the whole of a thing is not one of it, whichever the nouns. "Each" is one at a time
    ("cada ingresso" / "um ingresso")."""
    if pa.quantities != {"all"} or pb.quantities:
        return False
    alls = set(table.QUANTITIES["all"]) - set(table.EACH)
    return any(w in alls for w in a.words) and any(w in table.INDEFINITE for w in b.words)


def _all_of_one(a: Words, b: Words, pa: _Profile, table: ModuleType) -> bool:
    """Whether ``a`` says "all" (or "some", "both", "most") before a content word that
    ``b`` has after an indefinite article ("alle Nachrichten" / "eine Nachricht")."""
    named = pa.quantities & _MANY
    if not named:
        return False
    alls = {w for kind in named for w in table.QUANTITIES[kind] if " " not in w}
    alls -= set(table.EACH)  # "cada ingresso" is "um ingresso"
    after_all = _next_content(a, lambda w: w in alls)
    after_one = _next_content(b, lambda w: w in table.INDEFINITE)
    return any(alike(x, y) for x in after_all for y in after_one)


_MANY = frozenset({"all", "some", "both", "most", "many"})  # more than the one an article names


def _next_content(w: Words, marks: Callable[[str], bool]) -> list[str]:
    """The stems of the content words right after a word ``marks`` picks (articles
    and other grammar between them skipped, up to two words)."""
    found = []
    for i, word in enumerate(w.words):
        if marks(word):
            for k in range(i + 1, min(i + 3, len(w.words))):
                if w.kinds[k] == CONTENT:
                    found.append(w.stems[k])
                    break
    return found


def _advice(pa: _Profile, pb: _Profile) -> bool:
    """Whether one asks what is required and the other what is advised ("Est-il
    obligatoire de ..." / "Est-il conseillé de ..."): not one question, though "must"
    and "should" are one for the modal verbs."""
    oa, ob = _required(pa), _required(pb)
    return (oa and not pa.advised and pb.advised and not ob) or (
        ob and not pb.advised and pa.advised and not oa
    )


def _required(p: _Profile) -> bool:
    """Whether the text asks what is required: a word of obligation, or "must" alone in
    a yes / no question ("Muss ich beim Friseur Trinkgeld geben?")."""
    return p.obliged or (p.modals == _MUST and not p.questions)


def _qualifiers(named: frozenset[str], table: ModuleType) -> frozenset[str]:
    """The qualifiers a text names (``named``: the classes of the table's QUALIFIERS),
    the intensifiers among them as one, "very" ("très sale" is "vraiment sale", "muy
    sucio" "súper sucio"; "sale" is neither)."""
    found = set(named)
    if found & set(table.INTENSIFIERS):
        found = {q for q in found if q not in table.INTENSIFIERS} | {_VERY}
    return frozenset(found)


_VERY = "very"


def _chooses(w: Words, table: ModuleType) -> bool:
    """Whether the text asks for one thing instead of another: "instead of" between two
    content words ("Ganzjahresreifen statt Winterreifen")."""
    for phrase in table.INSTEAD:
        parts = tuple(phrase.split())
        for k in range(1, len(w.words) - len(parts)):
            if w.words[k : k + len(parts)] == parts and w.kinds[k - 1] == CONTENT:
                after = w.kinds[k + len(parts) : k + len(parts) + 2]
                if after[:1] == (CONTENT,) or after == (GRAMMAR, CONTENT):
                    return True
    return False


_SIDE = 3  # content words on each side of a comparison that name what is compared


def _compared_swapped(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether a thing one text sets against another stands on the other side of the
    other text's comparison ("A *besser als* B" / "C *besser als* A", "remplacer A
    *par* B" / "remplacer B *par* A", "A *en vez de* B" / "B *en lugar de* C"): with
    the other side's word swapped or not, the two ask which way round."""
    sides_a, sides_b = _comparisons(a, table), _comparisons(b, table)
    return any(
        _crossed(la, rb, ra, lb) or _crossed(ra, lb, la, rb)
        for la, ra in sides_a
        for lb, rb in sides_b
    )


def _crossed(xs: tuple[str, ...], ys: tuple[str, ...], *elsewhere: tuple[str, ...]) -> bool:
    """Whether a word of ``xs`` is one of ``ys`` and in neither of ``elsewhere``."""
    return any(
        any(same_word(x, y) for y in ys)
        and not any(same_word(x, z) for side in elsewhere for z in side)
        for x in xs
    )


def _comparisons(w: Words, table: ModuleType) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each comparison of the text as its two sides' content words (up to ``_SIDE``
    each, in its clause): around "instead of" or "versus", a "than" after a comparative
    in its clause, a "by" after a verb of replacing (its side: the words between)."""
    found = []
    markers = [tuple(p.split()) for p in (*table.INSTEAD, *table.COMPARED)]
    for k in range(1, len(w.words) - 1):
        length = next((len(m) for m in markers if w.words[k : k + len(m)] == m), 0)
        start = 0
        if not length and w.words[k] in table.THAN and _comparative_before(w, k, table):
            length = 1
        if not length and w.words[k] in table.REPLACED_BY:
            start = next((i for i in range(k - 1, -1, -1) if _replaces(w, i, k, table)), -1) + 1
            length = int(start > 0)
        if length:
            left = _side(w, range(k - 1, start - 1, -1), w.clauses[k])
            right = _side(w, range(k + length, len(w.words)), w.clauses[k])
            if left and right:
                found.append((left, right))
    return found


def _side(w: Words, at: range, clause: int, most: int = _SIDE) -> tuple[str, ...]:
    """The first ``most`` content stems at ``at`` inside ``clause``."""
    stems: list[str] = []
    for i in at:
        if w.clauses[i] != clause or len(stems) == most:
            break
        if w.kinds[i] == CONTENT:
            stems.append(w.stems[i])
    return tuple(stems)


_CHOICE_SIDE = 1  # content words on each side of an "or" read as its alternative


def _other_alternative(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether both ask to choose between two things, with one alternative kept and the
    other swapped for one the first text does not name ("A ou B ?" / "B ou C ?"):
    another choice."""
    for (la, ra), (lb, rb) in product(_choices(a, table), _choices(b, table)):
        for (xa, ya), (xb, yb) in product(((la, ra), (ra, la)), ((lb, rb), (rb, lb))):
            if _crossed(xa, xb) and not _crossed(ya, b.content) and not _crossed(yb, a.content):
                return True
    return False


def _choices(w: Words, table: ModuleType) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each "or" of the text between content words, and each "and" of a "between"
    ("entre le virus et la bactérie": two things compared), as the content words nearest
    it on each side (``_CHOICE_SIDE``, in its clause: "le piano ou la guitare")."""
    found = []
    for k in range(1, len(w.words) - 1):
        start = _between_and(w, k, table)
        if start is not None:  # the whole first thing: "entre levadura química y"
            left = _side(w, range(k - 1, start, -1), w.clauses[k], _BETWEEN_REACH)
        elif w.words[k] in table.OR:
            left = _side(w, range(k - 1, -1, -1), w.clauses[k], _CHOICE_SIDE)
        else:
            continue
        right = _side(w, range(k + 1, len(w.words)), w.clauses[k], _CHOICE_SIDE)
        if left and right:
            found.append((left, right))
    return found


_BETWEEN_REACH = 3  # content words of the first thing between "between" and its "and"


def _between_and(w: Words, k: int, table: ModuleType) -> int | None:
    """The place of the "between" (the table's BETWEEN) of its clause before the word
    at ``k`` if that word is its "and" (AND), else None."""
    if w.words[k] not in getattr(table, "AND", ()):
        return None
    between = getattr(table, "BETWEEN", ())
    places = [j for j in range(max(0, k - 1 - _BETWEEN_REACH), k)
              if w.words[j] in between and w.clauses[j] == w.clauses[k]]  # fmt: skip
    return places[-1] if places else None


def _comparative_before(w: Words, k: int, table: ModuleType) -> bool:
    """Whether a comparative stands before ``k`` in its clause ("plus cher *que*"; in
    German also an uncapitalized word in -er right before: "günstiger *als*")."""
    ending = getattr(table, "COMPARATIVE_ENDING", "")
    for i in range(k - 1, -1, -1):
        if w.clauses[i] != w.clauses[k]:
            return False
        if w.words[i] in table.COMPARATIVES:
            return True
        near = i >= k - 2 and not (w.capitalized and w.capitalized[i])
        if ending and near and w.kinds[i] == CONTENT and w.words[i].endswith(ending):
            return True
    return False


def _replaces(w: Words, i: int, k: int, table: ModuleType) -> bool:
    """Whether the word at ``i`` is a verb of replacing, in the clause of ``k``."""
    return w.clauses[i] == w.clauses[k] and w.words[i].startswith(table.REPLACE)


def _qualified(pa: _Profile, pb: _Profile) -> bool:
    """Whether the two name different qualifiers. An intensifier that is no qualifier
    by itself ("vraiment", "super") says "very" only against one that is ("très")."""
    qa, qb = set(pa.qualifiers), set(pb.qualifiers)
    if pa.intensified and pb.intensified:
        qa.add(_VERY)
        qb.add(_VERY)
    return qa != qb


def _negations(words: tuple[str, ...], read: Words, table: ModuleType) -> tuple[str, ...]:
    """The negation words of ``words`` (a closing "or not" left out, a yes-no question's
    tag: "lleva cafeína o no"), with a Spanish "no" in a text read in a
    language where "no" is something else (Portuguese "no Brasil", em + o): before a
    plural or a verb's pronoun ("no tóxicas", "no me puedo"), which that "no" is not;
    not before a name ("no Windows", "no macOS")."""
    tag = next((t for t in getattr(table, "OR_NOT", ()) if words[-len(t) :] == t), ())
    found = [w for w in words[: len(words) - len(tag)] if w in table.NEGATION]
    before = getattr(table, "NO_NEGATES_BEFORE", None)
    if before is not None:
        marks = read.capitalized or (False,) * len(read.words)
        marks = tuple(m or n for m, n in zip(marks, read.names, strict=True))
        for (word, after), capital in zip(pairwise(read.words), marks[1:], strict=True):
            # "no macOS", "no windows", "no ônibus": a name or a singular in -s (em + o);
            # a Spanish plural ends in -as, -os or -es.
            plural = after.endswith(_PLURALS) and len(after) > 3 and not capital
            if word == "no" and (after in before or plural):
                found.append("no")
    return tuple(sorted(found))


_PLURALS = ("as", "os", "es")  # the endings of a Spanish plural ("no tóxicas")
_MISS_ROOT = 4  # letters of a miss verb's root its other forms begin with


def _kept_on(w: Words, other: Words, profile: _Profile, table: ModuleType) -> tuple[str, ...]:
    """The negations of ``w`` less those of a "not stop doing" ("não para de", "n'arrête
    pas de", "hört nicht auf"): "keep doing", no negation against ``other`` unless it has
    the stop verb too ("meu script para" / "não para")."""
    joined = f" {' '.join(w.words)} "
    found = [p for p in table.KEEPS_ON if f" {p} " in joined]
    stops = {word for p in found for word in p.split() if word not in table.NEGATION}
    missing = [p for p in table.NOT_MISSING if f" {p} " in joined]  # "not to miss"
    missed = {p.split()[-1][:_MISS_ROOT] for p in missing}  # "raté" is "rater"
    if not (found or missing) or stops & set(other.words):
        return profile.negations
    if any(word.startswith(root) for word in other.words for root in missed):
        return profile.negations
    left = list(profile.negations)
    for phrase in found + missing:
        for word in phrase.split():
            if word in left:
                left.remove(word)
    return tuple(left)


def _never_as_not(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether a "never" on one side and a "not" on the other negate one verb ("no ha
    *llegado*" / "nunca me *llega*"): one negation. Not where they negate other words
    ("se entregó pero no lo *encuentro*" / "nunca se *entregó*")."""
    never = getattr(table, "NEVER", {})
    nots = set(never.values())
    scope_a, scope_b = _scopes(a, never.keys() | nots), _scopes(b, never.keys() | nots)
    return bool(scope_a and scope_b) and all(
        x is not None and any(y is not None and alike(x, y) for y in scope_b) for x in scope_a
    )


def _scopes(w: Words, marks: Collection[str]) -> list[str | None]:
    """The stem of the word each negation of ``marks`` negates, or None."""
    places = [k for k, word in enumerate(w.words) if word in marks]
    return [None if (i := _negated(w, k)) is None else w.stems[i] for k in places]


_PARTS = re.compile(r"[,;:.¿?!]+")
_UNABLE_REACH = 3  # words between a negation and the verb of what one cannot do


def _unable_first(text: str, table: ModuleType) -> bool:
    """Whether the text's negations all say what the speaker cannot do or find, in a
    statement before the question, which has none ("No encuentro mi número, ¿dónde lo
    miro?", "Je n'arrive pas à connecter l'imprimante, comment on procède ?", "Ich kann
    nicht einschlafen, was kann ich tun?"): the situation asked about, not a negated
    question."""
    unable = getattr(table, "UNABLE", ())
    parts = [words for p in _PARTS.split(fold(text)) if (words := _WORD.findall(p))]
    if len(parts) < 2 or not unable:
        return False
    asked = f" {' '.join(parts[-1])} "
    if any(w in table.NEGATION for w in parts[-1]) or not any(
        f" {q.strip()} " in asked for qs in table.QUESTIONS.values() for q in qs
    ):
        return False
    said = [w for part in parts[:-1] for w in part]
    negations = [k for k, w in enumerate(said) if w in table.NEGATION]
    windows = [
        f" {' '.join(said[max(k - _UNABLE_REACH, 0) : k + _UNABLE_REACH + 1])} " for k in negations
    ]
    return bool(negations) and all(any(f" {u} " in w for u in unable) for w in windows)


def _as_not(negations: tuple[str, ...], table: ModuleType) -> tuple[str, ...]:
    never = getattr(table, "NEVER", {})
    return tuple(sorted(never.get(n, n) for n in negations))


def _negates_unsaid(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether each negation ``a`` has and ``b`` lacks is a "without" or follows "so
    that" ("sin llamar al fontanero", "para que no se muera", "damit Rührei nicht
    trocken wird"), negating a content word ``b`` does not say, in a rewording (``a``
    has two content words or more that ``b`` lacks): a detail of the way asked for,
    not the other side of ``b``'s question ("para no engordar" / "para engordar"
    negates a word both say; "sin gluten" adds one qualifier)."""
    extra = [k for k, w in enumerate(a.words) if w in table.NEGATION and w not in b.words]
    if not extra or not all(_purpose(a, k, table) for k in extra):
        return False
    negated = [_negated(a, k) for k in extra]
    if None in negated or any(
        alike(a.stems[k], y) for k in negated if k is not None for y in b.stems
    ):
        return False
    unsaid = {x for x in a.content if not any(alike(x, y) for y in b.stems)}
    without = any(a.words[k] in table.WITHOUT for k in extra)
    return len(unsaid) >= (_REWORDED_CONTENT if without else 1)


_REWORDED_CONTENT = 2
_NEGATED_REACH = 4  # words after a negation its noun may stand ("n'ai pas de carte")


def _without_as_not_having(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether ``a``'s one negation is a "without" before a noun that ``b`` negates
    ("sans carte de crédit" / "si je n'ai pas de carte de crédit"): one way to say it."""
    negations = [k for k, w in enumerate(a.words) if w in table.NEGATION]
    if len(negations) != 1 or a.words[negations[0]] not in table.WITHOUT:
        return False
    noun = _negated(a, negations[0])
    if noun is None or any(w in table.WITHOUT for w in b.words):
        return False
    return any(
        alike(a.stems[noun], b.stems[j])
        for k, w in enumerate(b.words)
        if w in table.NEGATION
        for j in range(k + 1, min(k + 1 + _NEGATED_REACH, len(b.words)))
    )


def _purpose(w: Words, k: int, table: ModuleType) -> bool:
    """Whether the negation at ``k`` is "without" or follows "so that", ending one or two
    words before it ("para que no", "pour ne pas", "para o arroz não")."""
    if w.words[k] in table.WITHOUT:
        return True
    for phrase in table.PURPOSE:
        n = phrase.count(" ") + 1
        for end in (k, k - 1):
            if end - n >= 0 and " ".join(w.words[end - n : end]) == phrase:
                return True
    return False


def _negated(w: Words, k: int) -> int | None:
    """The place of the first content word after the negation at ``k`` (grammar and
    frame between them skipped, up to three words), or None."""
    for i in range(k + 1, min(k + 4, len(w.words))):
        if w.kinds[i] == CONTENT:
            return i
    return None


def _modals(words: tuple[str, ...], joined: str, table: ModuleType) -> frozenset[str]:
    """What the text's modal verbs ask: "can" (may or can be done), "must", "should".
    Whole words or phrases: "devoirs" is homework, "poderia" a polite request."""
    present = set(words)
    return frozenset(
        kind
        for kind, whole, phrases in _modal_forms(table)
        if not whole.isdisjoint(present) or any(p in joined for p in phrases)
    )


@lru_cache(maxsize=8)
def _modal_forms(table: ModuleType) -> tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]:
    """The table's MODALS: per kind, its one-word forms and its phrases (padded)."""
    return tuple(
        (
            kind,
            frozenset(form for form in forms if " " not in form),
            tuple(f" {form} " for form in forms if " " in form),
        )
        for kind, forms in table.MODALS.items()
    )


@lru_cache(maxsize=8)
def _question_phrases(language: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The table's QUESTIONS: per kind, its phrases padded as a profile's joined words
    are."""
    questions = TABLES[language].QUESTIONS
    return tuple(
        (kind, tuple(f" {p.strip()} " for p in phrases)) for kind, phrases in questions.items()
    )


def _defines(read: Words, other: Words, table: ModuleType) -> bool:
    """Whether the text asks what something is ("Qu'est-ce qu'une clé étrangère",
    "¿Qué es X?", "Was ist X"): a what-word and a copula open it, and it has no
    content word ``other`` lacks (in "Was sind die Ursachen von X" the noun says what
    is asked: "Warum X" asks the same)."""
    for phrase in table.WHAT:
        n = phrase.count(" ") + 1
        opens = " ".join(read.words[:n]) == phrase and len(read.words) > n
        if opens and read.words[n] in table.COPULAS:
            return all(any(same_word(x, y) for y in other.content) for x in read.content)
    return False


def _asks_what_is(read: Words, table: ModuleType) -> bool:
    """Whether the text opens with "what" or "which" and a copula ("Was ist X",
    "Qual é o enredo de X"): it asks what a thing is, not who."""
    return (
        len(read.words) > 2
        and (read.words[0] in table.WHICH or read.words[0] in table.WHAT)
        and read.words[1] in table.COPULAS
    )


def _opens_with(read: Words, table: ModuleType) -> bool:
    """Whether the text opens with "what" and no copula ("Que manger", "Was kann man";
    not "Was sind die Ursachen", where the noun says what is asked, nor a question of
    the table's own, "¿Qué cantidad de agua ...?", "¿Qué edad ...?")."""
    opening = f" {' '.join(read.words[:3])} "
    for phrase in table.WHAT:
        n = phrase.count(" ") + 1
        if " ".join(read.words[:n]) == phrase and read.words[n : n + 1] not in (
            (),
            *((c,) for c in table.COPULAS),
        ):
            return not _opens_question(opening, table)
    return False


def _opens_question(opening: str, table: ModuleType) -> bool:
    """Whether ``opening`` (the first words, padded) begins with one of the table's
    question phrases of more than one word."""
    return any(
        opening.startswith(f" {p.strip()} ")
        for phrases in table.QUESTIONS.values()
        for p in phrases
        if " " in p.strip()
    )


@lru_cache(maxsize=8)
def _time_phrases(language: str) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """A language's times, the longest phrases first (" ce soir " before " soir "),
    with each one-word time named with "last" or "next" ("l'été dernier")."""
    table = TABLES[language]
    times = dict(table.TIME)
    for word, name in table.TIME.items():
        if " " not in word and " " not in name:
            for shift, forms in (("last", table.LAST), ("next", table.NEXT)):
                for form in forms:
                    times.setdefault(form.format(word), f"{shift}-{name}")
    phrases = ((f" {k} ", tuple(v.split()), k.split()[0]) for k, v in times.items())
    return tuple(sorted(phrases, key=lambda t: -len(t[0])))


def _times(joined: str, language: str) -> frozenset[str]:
    """The times a text names, each phrase read once ("am morgen" is not "morgen");
    only the phrases whose first word the text has are looked for."""
    found: set[str] = set()
    days = _weekdays(language)
    joined = " ".join(w[:-1] if w[-1:] == "s" and w[:-1] in days else w for w in joined.split(" "))
    by_first = _time_index(language)
    candidates = sorted(k for word in set(joined.split()) for k in by_first.get(word, ()))
    phrases = _time_phrases(language)
    for k in candidates:
        phrase, names, _ = phrases[k]
        if phrase in joined:
            found.update(names)
            joined = joined.replace(phrase, " | ")
    return frozenset(found)


@lru_cache(maxsize=8)
def _time_index(language: str) -> dict[str, tuple[int, ...]]:
    """The places in _time_phrases of the phrases each first word opens: a text looks
    only at those of its own words, in the same order (longest first)."""
    index: dict[str, list[int]] = {}
    for k, (_, _, first) in enumerate(_time_phrases(language)):
        index.setdefault(first, []).append(k)
    return {first: tuple(places) for first, places in index.items()}


_WEEKDAYS = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})


@lru_cache(maxsize=8)
def _weekdays(language: str) -> frozenset[str]:
    """The one-word weekdays of the table: their plurals name them too ("los sábados",
    "samstags", "aos domingos")."""
    time = TABLES[language].TIME
    return frozenset(w for w, name in time.items() if name in _WEEKDAYS and " " not in w)


_FROM, _TO = "from", "to"
_REACH = 3  # words after a preposition that may stand before its noun (articles)


def _roles(read: Words, table: ModuleType) -> dict[str, str]:
    """The content stems a direction's prepositions stand before: "from" or "to"
    ("de Paris à Lyon": paris from, lyon to). A stem with both roles has none."""
    roles: dict[str, str] = {}
    for i, word in enumerate(read.words):
        role = _FROM if word in table.SOURCES else _TO if word in table.TARGETS else ""
        if _of_the_one(read, i, table):
            continue  # its noun is the role's of the preposition before
        for k in range(i + 1, min(i + 1 + _REACH, len(read.words)) if role else 0):
            if read.kinds[k] == CONTENT:
                stem = read.stems[k]
                roles[stem] = role if roles.get(stem, role) == role else ""
                break
            if _of_the_one(read, k, table):
                continue  # "a la de PayPal": to PayPal's
            if read.kinds[k] != GRAMMAR or read.words[k] in table.SOURCES + table.TARGETS:
                break
    return {stem: role for stem, role in roles.items() if role}


def _numbered(pa: _Profile, pb: _Profile, a: Words, b: Words, table: ModuleType) -> bool:
    """Whether the two name different numbers. A number on one side only, in a request
    said in other words ("Warum gibt es Schaltjahre?" / "Wozu braucht man alle vier Jahre
    einen 29. Februar?"), is a detail told, left to the other checks."""
    na, nb = pa.numbers, pb.numbers
    if pa.spans and pb.spans:  # "tres días" / "72 horas": one span, in other units
        if pa.spans != pb.spans:
            return True
        na, nb = _unspanned(na), _unspanned(nb)
    if na == nb:
        return False
    return bool(na and nb) or not reworded(a, b, table)


def _unspanned(numbers: frozenset[str]) -> frozenset[str]:
    return frozenset(n for n in numbers if not n.startswith(_SPAN))


def _counts_another(a: Words, b: Words) -> bool:
    """Whether, with the same content words, a number counts another thing on each side
    ("¿Cuántos pesos son *100 dólares*?" / "¿Cuántos dólares son *100 pesos*?")."""
    if sorted(a.content) != sorted(b.content):
        return False
    counted_a, counted_b = _counted(a), _counted(b)
    return any(n in counted_b and counted_b[n] != thing for n, thing in counted_a.items())


def _counted(w: Words) -> dict[str, str]:
    """Each number written in digits -> the stem of the content word right after it."""
    found = {}
    for k, word in enumerate(w.words[:-1]):
        if word[0].isdigit() and w.kinds[k + 1] == CONTENT:
            found[word] = w.stems[k + 1]
    return found


def _of_the_one(read: Words, k: int, table: ModuleType) -> bool:
    """Whether the source preposition at ``k`` follows a preposition and an article, a
    noun left out ("de mi cuenta *a la de* PayPal", "para a do banco"): "that of",
    a possessive, no direction of its own."""
    if k < 2 or read.words[k] not in table.SOURCES:
        return False
    prepositions = table.SOURCES + table.TARGETS
    before, last = read.words[k - 2], read.words[k - 1]
    if last in prepositions and last in table.CONTRACTIONS:
        return True  # "al de PayPal": a + el
    return last in _closed_words(table, "ARTICLES") and before in prepositions


def _direction(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether the two texts go opposite ways: what the one comes from the other goes
    to, and back ("de Paris à Lyon" / "de Lyon à Paris"), or, with the same words,
    each goes to (or comes from) a word the other has elsewhere ("Celsius in
    Fahrenheit" / "Fahrenheit in Celsius", "pesos a euros" / "euros a pesos")."""
    ra, rb = _roles(a, table), _roles(b, table)
    if not (ra and rb):
        return False
    swapped = {r for x, r in ra.items() for y, q in rb.items() if r != q and same_word(x, y)}
    if len(swapped) == 2:
        return True
    if set(a.content) != set(b.content):
        return False
    for role in (_FROM, _TO):
        xs = [x for x, r in ra.items() if r == role]
        ys = [y for y, r in rb.items() if r == role]
        if _moved(xs, ys, b.content) and _moved(ys, xs, a.content):
            return True
    return False


def _moved(xs: list[str], ys: list[str], elsewhere: tuple[str, ...]) -> bool:
    """Whether a word of ``xs`` is none of ``ys`` and is in ``elsewhere``."""
    return any(
        not any(same_word(x, y) for y in ys) and any(same_word(x, w) for w in elsewhere) for x in xs
    )


_MIN_ROOT = 5  # letters of a root an antonym prefix or a particle stands before


def _prefixed_opposite(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether a word of ``a`` is the opposite of one of ``b`` by its prefix or particle,
    and neither text has the other's word: "aktivieren" / "deaktivieren",
    "possible" / "impossible", "einloggen" / "ausloggen"."""
    only_a = set(a.words) - set(b.words)
    only_b = set(b.words) - set(a.words)
    if not (only_a and only_b):
        return False
    # Each word of one side looked up in the other's set, not every pair of words tried.
    for y in only_b:
        for prefix in table.ANTONYM_PREFIXES:
            root = y[len(prefix) :]
            if y.startswith(prefix) and len(root) >= _MIN_ROOT and root in only_a:
                return True
    for x in only_a:
        for p, q in table.PARTICLE_OPPOSITES:
            for u, v in ((p, q), (q, p)):
                root = x[len(u) :]
                if x.startswith(u) and len(root) >= _MIN_ROOT and v + root in only_b:
                    return True
    return False


def _speaker_role(w: Words, table: ModuleType) -> int:
    """1 where the speaker only acts ("j'ai insulté", "ich habe ... angefahren"), -1
    where the speaker is only acted on ("m'insulte", "hat mich angefahren"), else 0
    (both: "je me suis", "ich entschuldige mich"; neither). An object pronoun among the
    first two words, after "you" or before a frame verb is the request's frame ("Me
    explica ...", "Schreib mir", "kannst du mir helfen", "m'expliquer"), not a role."""
    places = _situation(w, table)
    acts = any(w.words[k] in table.SPEAKER for k in places)
    acted_on = any(w.words[k] in table.SPEAKER_OBJECT and not _framed(w, k, table) for k in places)
    return int(acts) - int(acted_on)


def _someone_else(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether the speaker acts in ``a`` and "someone" in ``b``, where the speaker does
    not ("Ich habe ein Auto angefahren" / "Jemand hat mein Auto angefahren")."""
    someone = frozenset(table.SOMEONE)
    return (
        _speaker_role(a, table) > 0
        and _speaker_role(b, table) <= 0
        and any(w in someone for w in b.words)
        and not any(w in someone for w in a.words)
    )


def _owner_swapped(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether a thing that is the speaker's in ``a`` is another's in ``b``: "*mon* chien
    a mordu le chat du voisin" / "le chien *du voisin* a mordu mon chat", "bateram no
    *meu* carro" / "bati no carro *de outra pessoa*". The other owner is named in ``a``
    too, or is "someone else"; and ``a`` does not give the thing that owner ("*mi*
    número *de la Seguridad Social*" / "el número de la Seguridad Social")."""
    mine_in_b = {j for j, _ in _owned(b, table.MINE)}
    for k, stem in _owned(a, table.MINE):
        for j, other in enumerate(b.stems):
            if b.kinds[j] != CONTENT or j in mine_in_b or not alike(other, stem):
                continue
            owner, own = _owner(b, j, table), _owner(a, k, table)
            if owner is None or (own is not None and (own == owner or alike(own, owner))):
                continue
            if owner in table.OTHERS or any(alike(owner, x) for x in a.content):
                return True
    return False


def _own_party(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether the speaker is, in ``b``, the party that is the speaker's own in ``a``
    ("von *meinem Arbeitgeber*" / "*als Arbeitgeber*", "à *mon employeur*" / "*en tant
    qu'employeur*"): one cannot be one's own employer, so they are two parties."""
    roles = _roles_taken(b, table)
    return bool(roles) and any(alike(x, r) for _, x in _owned(a, table.MINE) for r in roles)


def _clause_subjects(w: Words, table: ModuleType) -> int:
    """1 where the speaker is the subject of each "that" clause ("..., *dass ich*
    ausziehe"), -1 where another is ("dass *es* ausziehen soll"), else 0."""
    that, others = getattr(table, "THAT", ()), getattr(table, "THIRD_PERSON", ())
    subjects = [w.words[k + 1] for k in range(len(w.words) - 1) if w.words[k] in that]
    if subjects and all(s in table.SPEAKER for s in subjects):
        return 1
    return -1 if subjects and all(s in others for s in subjects) else 0


def _roles_taken(w: Words, table: ModuleType) -> list[str]:
    """The stems of the nouns after the table's "as" ("als Arbeitgeber", "en tant que
    locataire"): the role the speaker speaks in."""
    found = []
    for phrase in getattr(table, "AS_ROLE", ()):
        parts = tuple(phrase.split())
        for k in range(len(w.words) - len(parts)):
            if w.words[k : k + len(parts)] != parts:
                continue
            for j in range(k + len(parts), min(k + len(parts) + 2, len(w.words))):
                if w.kinds[j] == CONTENT:
                    found.append(w.stems[j])
                    break
    return found


def _owned(w: Words, mine: tuple[str, ...]) -> list[tuple[int, str]]:
    """The places and stems of the content words right after a possessive of ``mine``."""
    return [
        (k + 1, w.stems[k + 1])
        for k, word in enumerate(w.words[:-1])
        if word in mine and w.kinds[k + 1] == CONTENT
    ]


def _owner(w: Words, k: int, table: ModuleType) -> str | None:
    """The stem of the owner named after the thing at ``k`` ("chat *du voisin*", "carro
    *de outra* pessoa"), or None."""
    if k + 1 >= len(w.words) or w.words[k + 1] not in table.OF:
        return None
    for i in range(k + 2, min(k + 2 + _REACH, len(w.words))):
        if w.kinds[i] == CONTENT:
            return w.words[i] if w.words[i] in table.OTHERS else w.stems[i]
        if w.kinds[i] != GRAMMAR:
            return None
    return None


def _situation(w: Words, table: ModuleType) -> list[int]:
    """The places of the words that tell the situation: outside the clauses that ask
    ("Mein Kollege nimmt mir Arbeit ab, *wie bedanke ich mich?*": the speaker who acts
    in the request is not the one in the situation); all where every clause asks."""
    asking = {c for k, c in enumerate(w.clauses) if _asks(w, k, table)}
    places = [k for k, c in enumerate(w.clauses) if c not in asking]
    return places or list(range(len(w.words)))


def _asks(w: Words, k: int, table: ModuleType) -> bool:
    """Whether the word at ``k`` opens a clause with a question or frame word ("wie",
    "que faire", "o que fazer", "¿cómo ...")."""
    if k and w.clauses[k - 1] == w.clauses[k]:
        return False
    opening = w.words[k : k + 2]
    return w.kinds[k] == FRAME or opening[0] in table.WHAT or " ".join(opening) in table.WHAT


def _framed(w: Words, k: int, table: ModuleType) -> bool:
    """Whether the pronoun at ``k`` belongs to the request's frame (see _speaker_role)."""
    before = w.words[k - 1] if k else ""
    if (k < 2 and before not in table.SPEAKER) or before in table.ADDRESSEE:
        return True  # "je me" is a reflexive: the speaker both acts and is acted on
    return k + 1 < len(w.words) and w.kinds[k + 1] == FRAME


_MIN_ANCHORS = 2  # words of the rest both keep around two parties that trade places
_KEPT_SHARE = 0.8  # ... and the share of the shared rest that keeps its place


def _traded(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether two parties trade places in one sentence kept around them: "Que doit
    faire *le vendeur* si *l'acheteur* ne paie pas ?" / "Que doit faire *l'acheteur* si
    *le vendeur* ne livre pas ?", "Kann *der Arbeitgeber* *dem Arbeitnehmer* kündigen?"
    / "Kann *der Arbeitnehmer* *dem Arbeitgeber* ...". A party is a content word after
    a determiner, once on each side. The rest of the sentence must keep its place:
    each word both have stays before, between or after the two ("Grippe : quels
    symptômes ?" fronts a topic, "Eine Banane hat wie viele Kalorien?" inverts a
    question: the question's words move). Not across a list or "between" ("un virus
    et une bactérie"), nor with a passive's agent ("mordu *par* le chien")."""
    marks = _closed_words(table, "PARTY_MARKS")
    units = _unit_words(table)
    parties = [(x, i) for x, i in _parties(a, marks) if x not in units]  # "una semana"
    for k, (x, ix) in enumerate(parties):
        for y, iy in parties[k + 1 :]:
            jx, jy = _facing(ix, a, b), _facing(iy, a, b)
            if alike(x, y) or jx is None or jy is None or jy > jx:
                continue
            if _listed(a, ix, iy, table) or _listed(b, jy, jx, table):
                continue
            if _agent(a, (ix, iy), table) or _agent(b, (jx, jy), table):
                continue
            if _kept(_zones(a, ix, iy, marks), _zones(b, jy, jx, marks)):
                return True
    return False


_SPEAKING = "<speaker>"


def _subject_changed(a: Words, b: Words, table: ModuleType) -> bool:
    """Whether the one who can or must act differs, and one side's subject is acted on in
    the other ("*A empresa* pode demitir uma funcionária" / "*A funcionária* pode pedir
    demissão", "Comment *mon propriétaire* peut-il ..." / "Comment puis-*je* quitter le
    logement de mon propriétaire"): the subject is read at the modal verb."""
    sa, sb = _subject(a, table), _subject(b, table)
    if sa is None or sb is None or sa == sb or alike(sa, sb):
        return False
    return (sa != _SPEAKING and any(alike(sa, x) for x in b.content)) or (
        sb != _SPEAKING and any(alike(sb, x) for x in a.content)
    )


def _subject(w: Words, table: ModuleType) -> str | None:
    """The stem of the noun before the first modal verb ("*la empresa* puede", "le
    *prof* peut-il") or after it ("¿Puede *la empresa* ...?"), ``_SPEAKING`` for the
    speaker's pronoun ("puis-je"), else None."""
    modals = _modal_words(table)
    marks = _closed_words(table, "PARTY_MARKS")
    m = next((k for k, word in enumerate(w.words) if word in modals), None)
    if m is None:
        return None
    for k in range(m - 1, max(m - 4, -1), -1):
        if w.words[k] in table.SPEAKER and k == m - 1:
            return _SPEAKING
        if w.words[k] in marks and w.kinds[k + 1] == CONTENT and k + 1 < m:
            return w.stems[k + 1]
    after = w.words[m + 1 : m + 2]
    if after and after[0] in table.SPEAKER:
        return _SPEAKING
    if after and after[0] in marks and m + 2 < len(w.words) and w.kinds[m + 2] == CONTENT:
        return w.stems[m + 2]
    return None


@lru_cache(maxsize=8)
def _modal_words(table: ModuleType) -> frozenset[str]:
    """The one-word modal verbs of the table ("peut", "puede", "kann", "pode")."""
    return frozenset(w for words in table.MODALS.values() for w in words if " " not in w)


@lru_cache(maxsize=8)
def _unit_words(table: ModuleType) -> frozenset[str]:
    """Every spelling of the table's units of measure: amounts, not parties."""
    return frozenset(w for units in table.UNITS.values() for u in units for w in u.split("/"))


@lru_cache(maxsize=32)
def _closed_words(table: ModuleType, name: str) -> frozenset[str]:
    return frozenset(getattr(table, name).split())


def _parties(w: Words, marks: frozenset[str]) -> list[tuple[str, int]]:
    """The content words right after a determiner (or two: "de l'acheteur"), with
    their places: the nouns that may name who does what."""
    found = []
    for i, word in enumerate(w.words):
        if word not in marks:
            continue
        for k in range(i + 1, min(i + 1 + _REACH, len(w.words))):
            if w.kinds[k] == CONTENT:
                found.append((w.words[k], k))
                break
            if w.words[k] not in marks:  # "o que posso dar": no noun phrase
                break
    return found


def _once(word: str, w: Words) -> int | None:
    """The place of the one content word of ``w`` that is ``word`` (or, where none is,
    one like it: "Arbeitgeber" / "Arbeitgebers"), or None (none, or more than one)."""
    places = [k for k, x in enumerate(w.words) if w.kinds[k] == CONTENT and x == word]
    if not places:
        places = [k for k, x in enumerate(w.words) if w.kinds[k] == CONTENT and alike(x, word)]
    return places[0] if len(places) == 1 else None


def _facing(i: int, a: Words, b: Words) -> int | None:
    """The place in ``b`` of the word at ``i`` in ``a``, each the other's one match
    ("namorado" is not "Namorados" where both texts have "Namorados"), or None."""
    j = _once(a.words[i], b)
    return j if j is not None and _once(b.words[j], a) == i else None


def _listed(w: Words, i: int, j: int, table: ModuleType) -> bool:
    """Whether a word of a list or of "between" ("et", "und", "entre") stands between
    the places ``i`` and ``j``."""
    lo, hi = sorted((i, j))
    return any(word in table.SYMMETRIC for word in w.words[lo + 1 : hi])


def _agent(w: Words, places: tuple[int, int], table: ModuleType) -> bool:
    """Whether a passive's agent preposition stands before one of the two parties."""
    agents = table.AGENTS
    return any(word in agents for k in places for word in w.words[max(k - _REACH, 0) : k])


def _zones(w: Words, first: int, second: int, marks: frozenset[str]) -> dict[str, set[int]]:
    """Each stem of the rest (determiners left out) -> where it stands: before the
    first party (0), between the two (1), after the second (2)."""
    zones: dict[str, set[int]] = {}
    for k, stem in enumerate(w.stems):
        if k in (first, second) or w.words[k] in marks:
            continue
        zones.setdefault(stem, set()).add(0 if k < first else 1 if k < second else 2)
    return zones


def _kept(za: dict[str, set[int]], zb: dict[str, set[int]]) -> bool:
    """Whether the rest both sides share keeps its place: at least _MIN_ANCHORS words,
    and _KEPT_SHARE of them."""
    shared = kept = 0
    for stem, zones in za.items():
        matches = [z for other, z in zb.items() if alike(stem, other)]
        if matches:
            shared += 1
            kept += any(zones & z for z in matches)
    return kept >= _MIN_ANCHORS and kept >= _KEPT_SHARE * shared


def _modality(pa: _Profile, pb: _Profile) -> bool:
    """Whether one asks what may be done and the other what must or should be ("Peut-on
    congeler ..." / "Doit-on congeler ..."). Both must say it: a modal on one side only
    is often the frame ("Puis-je annuler" / "Annuler"); "must" and "should" are one
    ("was sollte man sehen" / "was muss man gesehen haben"); and not in a how-question,
    where "comment puis-je" and "comment dois-je" both ask for the way."""
    if "how" in pa.questions | pb.questions:
        return False
    if {_ought(pa.modals), _ought(pb.modals)} == {False, True}:
        return True
    # In a yes / no question, whether one must is not whether one should ("Muss man eine
    # Hausratversicherung haben?" / "Sollte man ...?"): the one asks for a rule, the
    # other for advice. A wh-question asks for the things either way ("was sollte man
    # sehen" / "was muss man gesehen haben").
    return not (pa.questions or pb.questions) and {pa.modals, pb.modals} == {_MUST, _SHOULD}


_WHICH_REACH = 3  # words a which-question opens with ("¿Y qué frutas ...")


def _allowed_against_banned(
    pa: _Profile, pb: _Profile, a: Words, b: Words, table: ModuleType
) -> bool:
    """Whether two which-questions ask, the one what may be done ("Quels médicaments
    peut-on prendre ?", "Quais frutas posso dar?") and the other what is forbidden,
    advised against or harmful ("... sont déconseillés", "... são proibidas"): two lists
    that exclude each other. Yes / no questions are left out ("Peut-on fumer ici ?" / "Est-il
    interdit de fumer ici ?" asks one thing)."""
    if not (_asks_which(a, table) and _asks_which(b, table)):
        return False
    banned_a, banned_b = _banned(a, table), _banned(b, table)
    return (pa.modals == {"can"} and banned_b and not banned_a) or (
        pb.modals == {"can"} and banned_a and not banned_b
    )


def _asks_which(w: Words, table: ModuleType) -> bool:
    return any(word in table.WHICH for word in w.words[:_WHICH_REACH])


def _banned(w: Words, table: ModuleType) -> bool:
    joined = f" {' '.join(w.words)} "
    return any(_matches(stem, w.words, joined) for stem in getattr(table, "BANNED", ()))


def _ought(modals: frozenset[str]) -> bool | None:
    """True for "must" or "should" alone, False for "can" alone, else None."""
    if not modals or ("can" in modals and len(modals) > 1):
        return None
    return "can" not in modals


_STRONG = frozenset({"why", "when", "where", "who", "purpose"})
# What a "how much / how long / how old ..." question asks for: one measure.
_MEASURES = frozenset(
    {"quantity", "price", "duration", "age", "size", "weight", "distance", "frequency"}
)


def _unmatched(names: frozenset[str], others: frozenset[str], head_last: bool = False) -> bool:
    """Whether a name of ``names`` is none of ``others`` ("Deutschlands" is "Deutschland";
    with ``head_last``, German, "Speicherplatz" is a "Platz")."""
    return any(not any(_one_name(n, o, head_last) for o in others) for n in names)


def _one_name(x: str, y: str, head_last: bool) -> bool:
    if same_name(x, y):
        return True
    short, long = sorted((x, y), key=len)
    return head_last and len(short) >= _PREFIX and long.endswith(short)


def _which_noun(read: Words, table: ModuleType) -> str | None:
    """What the text asks with "which <thing>": "when" for a time ("en quelle année",
    "in welchem Jahr", "qual a melhor época"), a deadline ("qual o prazo"), "which" for
    anything else ("quelle température", "bei welcher Temperatur"); None without a
    which-word and content."""
    have_to = getattr(table, "HAVE_TO", ())
    for i, word in enumerate(read.words[:-1]):
        if word in table.WHICH and not (i and read.words[i - 1] in have_to):
            if _copula_deadline(read, i, table):
                return _DEADLINE  # "quel est le délai", "cuál es el plazo"
            after = read.kinds[i + 1 : i + 3]
            if after[:1] == (CONTENT,) or after == (GRAMMAR, CONTENT):
                following = read.words[i + 1 : i + 4]
                noun = read.words[i + 1 if after[:1] == (CONTENT,) else i + 2]
                if noun in table.DEADLINE_NOUNS:
                    return _DEADLINE
                when = any(_is_noun(w, table.WHEN_NOUNS, table) for w in following)
                return "when" if when else "which"
    return None


def _copula_deadline(read: Words, i: int, table: ModuleType) -> bool:
    """Whether the which-word at ``i`` asks for a deadline through a copula and an
    article ("quel est le délai", "qual é o prazo", "welche ist die Frist")."""
    following = read.words[i + 1 : i + 4]
    articles = frozenset(table.ARTICLES.split())
    return (
        len(following) == 3
        and following[0] in table.COPULAS
        and following[1] in articles
        and following[2] in table.DEADLINE_NOUNS
    )


_MIN_MODIFIER = 3  # letters before a compound's head ("Jahres-zeit")


def _is_noun(word: str, nouns: tuple[str, ...], table: ModuleType) -> bool:
    """Whether ``word`` is one of ``nouns`` or, in a language that puts a compound's
    head last (``HEAD_LAST``: German), a compound ending in one ("Jahreszeit" is a
    "Zeit", "Feiertag" a "Tag")."""
    if word in nouns:
        return True
    return getattr(table, "HEAD_LAST", False) and any(
        word.endswith(n) and len(word) - len(n) >= _MIN_MODIFIER for n in nouns
    )


def _questioned(
    qa: frozenset[str], qb: frozenset[str], a: Words, b: Words, table: ModuleType
) -> bool:
    """Whether the two ask different questions ("pourquoi" / "quand", "comment" /
    "combien", "wie alt" / "wie hoch", "¿Qué es X?" / "¿Cuándo usar X?")."""
    qa, qb = _deadline(qa, qb), _deadline(qb, qa)
    qa, qb = _found(qa, qb), _found(qb, qa)
    if (not qa and "who" in qb and _asks_what_is(a, table)) or (
        not qb and "who" in qa and _asks_what_is(b, table)
    ):
        return True  # "Was ist ein Riester-Vertrag?" / "Wer bekommt ...?"
    differ = qa ^ qb
    if differ & _STRONG and qa and qb:
        return True
    # "How many hours / metres" can ask for any measure; "how long" and "how old" cannot.
    measures_a, measures_b = qa & _MEASURES, qb & _MEASURES
    if "how" in differ and (measures_a or measures_b) and qa != qb:
        return True  # "comment" / "combien"
    measures_a, measures_b = measures_a - {"quantity"}, measures_b - {"quantity"}
    if measures_a and measures_b and measures_a != measures_b:
        return True  # "wie alt" / "wie hoch"
    # "Combien coûte" is "quel est le prix"; "combien de temps" is not "quelle date".
    if bool(measures_a - {"price"}) != bool(measures_b - {"price"}) and "which" in differ:
        return True  # "combien de temps" / "quelle température"
    # "¿Qué es una clave foránea?" / "¿Cuándo usar una clave foránea?"; not "qu'est-ce
    # qui provoque" (why) against "pourquoi".
    return bool(_defines(a, b, table) and qb & _STRONG - qa) or bool(
        _defines(b, a, table) and qa & _STRONG - qb
    )


_DEADLINE = "deadline"


def _found(q: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    """Where to see or find a thing ("Wo finde ich ...") asked as the other asks it: a
    place against a where ("il est où ?"), else how to find it out ("Wie sehe ich ...")."""
    if _LOOKUP not in q:
        return q - {_LOOKUP}
    q = q - {_LOOKUP}
    return q if "where" in other else (q - {"where"}) | {"how"}


def _deadline(q: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    """A deadline asked ("qual o prazo") as the other asks for it: a date ("até quando")
    or a duration ("quantos dias"); against a bare "how" ("como recorrer"), a date;
    else a which-question."""
    if _DEADLINE not in q:
        return q
    asked = other & ({"when"} | _MEASURES)
    if not asked and other == {"how"}:  # "qual o prazo" / "como recorrer": a date, not a way
        asked = frozenset({"when"})
    return (q - {_DEADLINE}) | (asked or {"which"})


def conflict_in(
    a: str, b: str, language: str, similarity: float, names: Collection[str]
) -> str | None:
    """The check that tells ``a`` and ``b`` apart in ``language``'s words, or None."""
    found = _table_conflict(a, b, language)
    if found is None and names:
        table = TABLES[language]
        found = aligned(words_of(a, table), words_of(b, table), table, similarity, names)
    return found


def _table_conflict(a: str, b: str, language: str) -> str | None:
    pa, pb = _profile(a, language), _profile(b, language)
    table = TABLES[language]
    wa, wb = words_of(a, table), words_of(b, table)
    negations_a, negations_b = _kept_on(wa, wb, pa, table), _kept_on(wb, wa, pb, table)
    if negations_a != negations_b and _never_as_not(wa, wb, table):
        negations_a, negations_b = _as_not(negations_a, table), _as_not(negations_b, table)
    if negations_a != negations_b:
        negations_a = () if _unable_first(a, table) else negations_a
        negations_b = () if _unable_first(b, table) else negations_b
    if negations_a != negations_b and not (
        reworded(wa, wb, table)
        or _negates_unsaid(wa, wb, table)
        or _negates_unsaid(wb, wa, table)
        or _without_as_not_having(wa, wb, table)
        or _without_as_not_having(wb, wa, table)
    ):
        return "negation"  # a negation inside a rewording is one way to say it
    pairs_a = {i for i, _ in pa.poles}
    for i in pairs_a & {i for i, _ in pb.poles}:
        if {s for j, s in pa.poles if j == i} != {s for j, s in pb.poles if j == i}:
            return "opposite"
    if _prefixed_opposite(wa, wb, table) or _prefixed_opposite(wb, wa, table):
        return "opposite"
    if _numbered(pa, pb, wa, wb, table) or _counts_another(wa, wb):
        return "number"
    if _period_against_span(pa, pb) or _period_against_span(pb, pa):
        return "number"
    if _modality(pa, pb) or _advice(pa, pb) or _allowed_against_banned(pa, pb, wa, wb, table):
        return "modality"
    if _tasked(pa, pb) or _summary_against_part(pa, pb, wb, table):
        return "task"
    if _summary_against_part(pb, pa, wa, table):
        return "task"
    if (
        _quantified(pa, pb, wa, wb, table)
        or _measured(pa, pb)
        or _asks_other_unit(wa, wb, language)
        or _asked_against_said(pa, pb)
        or _asked_against_said(pb, pa)
    ):
        return "quantity"
    if _questioned(_cause_asked(pa, pb), _cause_asked(pb, pa), wa, wb, table):
        return "question"
    if pa.times and pb.times and pa.times != pb.times:
        return "time"  # "demain" / "aujourd'hui", "ce week-end" / "la semaine prochaine"
    if _direction(wa, wb, table):
        return "direction"
    if (
        pa.accuses != pb.accuses
        or _speaker_role(wa, table) * _speaker_role(wb, table) < 0
        or _someone_else(wa, wb, table)
        or _someone_else(wb, wa, table)
        or _traded(wa, wb, table)
        or _subject_changed(wa, wb, table)
        or _traded(wb, wa, table)
        or _owner_swapped(wa, wb, table)
        or _owner_swapped(wb, wa, table)
        or _own_party(wa, wb, table)
        or _own_party(wb, wa, table)
        or _clause_subjects(wa, table) * _clause_subjects(wb, table) < 0
    ):
        return "role"  # "un client m'insulte" / "j'ai insulté un client"
    if _qualified(pa, pb) or _chooses(wa, table) != _chooses(wb, table):
        return "qualifier"
    if _kind_swapped(pa.sisters, pb.sisters) or _compared_swapped(wa, wb, table):
        return "contrast"  # "que el coche" / "que el autobús", "Cachorro" / "Papagaio"
    if _other_alternative(wa, wb, table):
        return "contrast"  # "A ou B ?" / "B ou C ?"
    head_last = getattr(table, "HEAD_LAST", False)
    if _unmatched(pa.names, pb.names, head_last) and _unmatched(pb.names, pa.names, head_last):
        return "entity"
    quoted_a, quoted_b = _quoted(a), _quoted(b)
    if quoted_a and quoted_b and quoted_a != quoted_b:
        if not (_asks_meaning(wa, table) and _asks_meaning(wb, table)):
            return "payload"  # « Si j'aurais su » / « Si j'avais su »: another text to work on
        if _other_saying(quoted_a, quoted_b):
            return "payload"  # 'carpe diem' / 'memento mori'
    return None


# A quoted text: between guillemets, curly or straight double quotes, or single quotes
# that no letter touches from outside ("l'avion" is no quote).
_QUOTES = re.compile(r"«([^»]+)»|“([^”]+)”|„([^“”]+)[“”]|\"([^\"]+)\"|(?<!\w)'([^']+)'(?!\w)")
_QUOTE_MARKS = frozenset("«“„\"'")


@lru_cache(maxsize=4096)
def _quoted(text: str) -> tuple[tuple[str, ...], ...]:
    """The texts quoted in ``text``, each as its folded words, in order: what a request
    works on ("Corrige « Si j'aurais su »", "¿Qué significa 'carpe diem'?"). Two prompts
    that both quote and quote other words ask about other texts, however alike the rest."""
    if not _QUOTE_MARKS.intersection(text):
        return ()
    spans = (next(g for g in m.groups() if g) for m in _QUOTES.finditer(text))
    return tuple(words for s in spans if (words := tuple(_WORD.findall(fold(s)))))


_SAYING_ROOT = 3  # letters two wordings of a saying's word share ("mires" / "mira")
_SAYING_SHARE = 0.6  # of the longer wording's words the other has


def _asks_meaning(w: Words, table: ModuleType) -> bool:
    joined = f" {' '.join(w.words)} "
    return any(_matches(stem, w.words, joined) for stem in getattr(table, "MEANING", ()))


def _other_saying(xa: tuple[tuple[str, ...], ...], xb: tuple[tuple[str, ...], ...]) -> bool:
    """Whether two quoted sayings are two sayings, not two wordings of one: fewer than
    _SAYING_SHARE of the longer one's words (each a word of the other, or one sharing its
    first letters) in the other."""
    wa, wb = [w for q in xa for w in q], [w for q in xb for w in q]
    longer, shorter = (wa, wb) if len(wa) >= len(wb) else (wb, wa)
    kept = sum(
        any(x == y or (x[:_SAYING_ROOT] == y[:_SAYING_ROOT] and len(x) > 2) for y in shorter)
        for x in longer
    )
    return kept < _SAYING_SHARE * len(longer)


# The English guards that misread these languages: "entity" takes German nouns and
# a sentence opened by ¿ for names (the names check above reads them right);
# "negation" takes Portuguese "no" ("no Python": em + o) for English "no", and would
# refuse a Spanish "no" inside a rewording, which the table's negation check (each
# language's own words) lets through.
_MISREAD = {language: frozenset({"entity", "negation"}) for language in TABLES}


def english_guards(
    guards: tuple[str, ...], language: str, a: str = "", b: str = ""
) -> tuple[str, ...]:
    """The English lexical guards worth running on a text in ``language`` (of the pair
    ``a``, ``b``, when given). English "direction" reads any two words trading places
    around a verb as swapped roles ("Eine Banane hat wie viele Kalorien?"): where
    neither text has one of the language's direction prepositions, its own order and
    direction checks read the pair instead."""
    misread = _MISREAD.get(language)
    if misread is None:
        return guards
    if a and b and not (_has_roles(a, language) or _has_roles(b, language)):
        misread = misread | {"direction"}
    return tuple(g for g in guards if g not in misread)


def _has_roles(text: str, language: str) -> bool:
    table = TABLES[language]
    marks = set(table.SOURCES) | set(table.TARGETS)
    return any(w in marks for w in words_of(text, table).words)
