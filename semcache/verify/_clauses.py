"""A prompt split at its clause and phrase markers, for comparing two prompts clause by
clause.

The word-level checks see "can I return shoes *if I wore them outside*" / "... *if
they're still in the box*" as many words swapped, a rewording they leave to the
similarity floors. Read as clauses, it is one sentence with the clause under "if"
swapped whole: another condition, another answer. So are a method swapped under
"by" / "using" ("solve ... *by factoring*" / "*using the quadratic formula*"), the
same event under opposite sequence markers ("things to do *before* a trip" / "*when
you get back from* a trip") and the parties of a message trading places ("a message
*to* customer support" / "a reply *from* customer support *to* a customer").

A prompt is read, per class of marker, as the words of the phrases it opens (each up to
the next marker); the words outside a class's phrases are the rest of the sentence. This module
only splits; ``semcache.verify._align`` compares, with its word matching.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["CLASSES", "Clauses", "clauses"]

#: Marker word -> the class of phrase it opens. The markers of one class fill one
#: slot: "by factoring" and "using the formula" both say how.
CLASSES: dict[str, str] = {
    **dict.fromkeys(("if", "unless"), "condition"),
    **dict.fromkeys(("by", "using", "via", "through", "with"), "means"),
    **dict.fromkeys(("on", "in", "at", "inside", "onto"), "setting"),
    "before": "before",
    **dict.fromkeys(("after", "following"), "after"),
    "from": "source",
    **dict.fromkeys(("to", "into"), "goal"),
    "about": "topic",
    "for": "for",
}

# "if" after a verb of finding out is "whether": what is asked, not a condition ("how to
# tell *if* an egg is still good").
_ASKING_BEFORE_IF = frozenset(
    {"tell", "know", "check", "see", "sure", "wonder", "wondering", "ask", "determine"}
    | {"find", "out", "figure", "test", "verify", "confirm", "decide", "whether"}
)

# "out" asks only after a verb of finding out: "*find out* if" / "get a tenant *out* if".
_FINDING_OUT = frozenset({"find", "finding", "found", "figure", "figuring", "check", "checking"})


def _asking_before(words: Sequence[str], k: int) -> bool:
    """Whether the "if" at ``k`` follows a verb of finding out: "whether", not a condition."""
    before = words[k - 1]
    if before == "out":
        return k > 1 and words[k - 2] in _FINDING_OUT
    return before in _ASKING_BEFORE_IF


# Content words after which "to" opens a verb: "*trying to* fix", "the *easiest* way".
_BEFORE_INFINITIVE = frozenset({"able", "used", "plan", "planning", "trying", "going", "about"})


def _infinitive(words: Sequence[str], content: Sequence[bool], k: int) -> bool:
    """Whether the "to" at ``k`` opens an infinitive: after grammar or the request
    frame ("how *to*", "want *to*", "the best way *to*"), or after a word that takes one."""
    if not k or not content[k - 1]:
        return True
    before = words[k - 1]
    return before in _BEFORE_INFINITIVE or before.endswith("est")


# Coming back from a place is after being there: "*when you get back from* a trip".
_BACK = frozenset({"back", "home"})
_RETURN_OPENERS = frozenset({"when", "once", "after", "upon", "on"})
_RETURN_WORDS = 4  # words from the opener to "from": "when you get back"


@dataclass(frozen=True, slots=True)
class Clauses:
    """Per class of marker, the words of a prompt's phrases it opens."""

    phrases: dict[str, tuple[int, ...]]  # class -> indexes of its phrases' content words
    spans: dict[str, frozenset[int]]  # class -> indexes of all its phrases' words, markers too


def clauses(words: Sequence[str], content: Sequence[bool]) -> Clauses:
    """Split a prompt's words (``content`` tells its content words) at its markers."""
    phrases: dict[str, list[int]] = {}
    spans: dict[str, set[int]] = {}
    current: list[int] = []  # the words under no marker: compared as the rest, elsewhere
    span: set[int] = set()
    skip, afters = _returning(words)
    opened: str | None = None  # the class of the phrase the word is in
    for k in range(len(words)):
        kind = "after" if k in afters else None if k in skip else _marker(words, content, k)
        if opened == "condition" and kind != "condition":
            kind = None  # a condition is a clause, its phrases its own: "if it's *in* the box"
        if kind is not None:
            opened = kind
            current, span = phrases.setdefault(kind, []), spans.setdefault(kind, set())
        elif content[k] and k not in skip:
            current.append(k)
        span.add(k)
    kept = {c for c, at in phrases.items() if at}
    return Clauses(
        {c: tuple(phrases[c]) for c in kept},
        {c: frozenset(spans[c]) for c in kept},
    )


def _returning(words: Sequence[str]) -> tuple[frozenset[int], frozenset[int]]:
    """The indexes of the words of each phrase of coming back ("*when you get back*
    from"), and of the "from" after each, which then marks what comes after."""
    skip: set[int] = set()
    afters: set[int] = set()
    for k, word in enumerate(words):
        if word != "from" or not k or words[k - 1] not in _BACK:
            continue
        for j in range(k - 2, max(k - 1 - _RETURN_WORDS, -1), -1):
            if words[j] in _RETURN_OPENERS:
                skip.update(range(j, k))
                afters.add(k)
                break
    return frozenset(skip), frozenset(afters)


def _marker(words: Sequence[str], content: Sequence[bool], k: int) -> str | None:
    kind = CLASSES.get(words[k])
    if kind == "goal" and _infinitive(words, content, k):
        return "act"  # "I want *to paint* the walls": what is done, not where it goes
    if kind == "condition" and k and _asking_before(words, k):
        return None
    if kind == "source" and words[k + 1 : k + 2] and words[k + 1].endswith("ing"):
        return None  # "stop my dog *from barking*" names no source
    return kind
