"""Conversations in substance: reading what a chat's earlier turns mean for its last one.

With ``context="substance"`` a conversation is not keyed by its earlier turns byte
for byte. The dialects (chat, messages, responses) hand this module the text of the
earlier user turns and of the final one; it decides:

- which earlier turns carry content: small talk ("Hi!", "thanks, that helps") is
  left out, so an extra greeting does not split the cache;
- whether the answer depends on them (``Conversation.needs``): the final turn
  refers back ("it", "that", "the second step", "why?", "translate to French"), or
  an earlier turn states facts or standing instructions ("I'm vegan", "answer in
  French from now on"). A final question that stands on its own after questions
  of other topics is matched as a single question;
- what is embedded: the final turn, with the previous content turn before it when
  the answer depends on the history, so that "Which process occurs as it cools?"
  is compared as a question about what "it" is.

The earlier turns are then compared in substance by the cache
(``ContextCheck``: the verifier's checks on the two histories). The word lists
below are deliberately about the *shape* of a reference, never about topics.
Requests whose earlier turns hold anything but plain text (tool calls and results,
images) keep exact matching: those are data that must match exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import dropwhile
from typing import Any, Final

from .._conversation import Conversation

__all__ = [
    "EMBED_CONTEXT",
    "MAX_HISTORY_CHARS",
    "conversation",
    "persona",
    "refers_back",
    "small_talk",
    "turns_and_replies",
    "without_persona",
]

#: What is embedded when the answer depends on the history: "previous" (the last
#: content turn, then the final one), "all" (every content turn), or "none" (the
#: final turn alone). Measured in docs/quality.md ("Conversations").
EMBED_CONTEXT: Final[str] = "previous"
#: Histories longer than this (characters of user text) keep exact matching: the
#: record would weigh on every entry, and the model reads 256 tokens at most.
MAX_HISTORY_CHARS: Final = 4000


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

_SOCIAL = _set(
    "hi hello hey hiya yo thanks thank thx ty you ok okay k great cool nice awesome good "
    "morning afternoon evening day how are doing is it going please sure perfect got "
    "appreciate appreciated lol wow alright bye cheers sounds that's thats helpful "
    "interesting much so very there again really super amazing excellent fantastic "
    "a lot the that this was makes sense understood gotcha i see wonderful brilliant "
    "all right well oh ah hmm umm how's hope hoping you're your glad welcome yeah yep yup "
    "fine today done worked works tip quick question help helps helped yum yay ahh ohh "
    "having hola ciao bonjour salut hallo howdy greetings sweet noted "
    # thanks in the other languages users mix in ("Grazie!", "Merci !")
    "grazie merci danke gracias obrigado obrigada "
    # an acknowledgement: "good to know", "that's reassuring", "super clear", "thanks for
    # being here", "quick question coming up"
    "to know reassuring clear for being here coming up "
    # a sigh or a cheer on its own ("ugh", "ugh okay", "love it", "oops"): a mood, no content
    "ugh argh meh oops whoops yikes phew whew love"
)
# The social words as typed with letters held ("hiii", "heyyy", "thank youuu").
_SOCIAL_HELD = frozenset(re.sub(r"(.)\1+", r"\1", word) for word in _SOCIAL)
# A sentence that only announces a question, whose words come in the next turn ("I have
# a homework question.", "Weekend project question.", "one more question for you").
_ANNOUNCES = re.compile(
    r"^(?:(?:i have|i've got|i got|got|just) )?(?:(?:an?|one|another) )?((?:[a-z]+ ){0,3})"
    r"question(?: for you)?$"
)
# Thanks for something: "thanks for checking", "thank you so much for the quick reply".
_THANKS = re.compile(r"^(?:thanks|thank you|thx|ty)(?: so much| a lot| again)? for\b")
# A sentence of a turn: "Good afternoon! I need ..." opens with a greeting.
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
# A system prompt that only names a persona or a style of answer: the role of a helper
# ("You are a travel assistant.", "You are a career coach.", "... for an electronics
# store"), or how long to answer ("Be concise.", "Answer briefly."). It frames the answer,
# it does not change what the answer says. A layout ("Use bullet points.", "Answer in
# plain text.", "... in a table") changes the output's format and stays an instruction. A
# sentence that names a voice ("a pirate", "sarcastic"), an audience ("for kids", "high
# school students"), a constraint ("only", "never", "not"), a number, or a capitalized
# word (a language, a place, a product: "a French-speaking assistant", "Answer in JSON")
# does, and so does a persona that is not a helper ("You are a pirate.").
# An expert of a craft ("a senior software engineer", "act as an experienced database
# developer") frames an answer as a helper does; a profession whose advice is guarded
# ("You are a doctor.", "... a lawyer") lifts that guard, and stays an instruction.
_ROLE = re.compile(
    r"^(?:you are|you're|act as) (?:an?|the) (?:[a-z-]+,? (?:and )?){0,4}?(?:[a-z-]+ )?"
    r"(?:assistant|helper|chatbot|bot|agent|coach|tutor|advisor|adviser|consultant|guide|"
    r"teacher|mentor|concierge|representative|rep|companion|engineer|developer|programmer|"
    r"specialist|instructor|planner)"
    r"(?: (?:for|at|of|on|in|with|that|who|which|helping) [a-z' -]+)?$"
)
# The teams and crafts named by capitals that a role may name ("an HR assistant", "a
# helpful assistant for a DevOps team", "a home and DIY assistant"): a department's
# field, as lowercase roles name theirs ("a travel assistant"). Any other capitalized
# word (a language, a place, a product: "a Python developer", "a US tax assistant",
# "for Acme Corp") changes what the answer says.
_FIELDS = frozenset({"HR", "IT", "DevOps", "DIY", "QA", "UX", "UI", "PR"})
# "Be concise.", "Answer briefly.", "Keep your answers short." (a layout, "Use bullet
# points.", "Answer in plain text.", is an instruction: it changes the output's format)
_MANNER = re.compile(
    r"^(?:(?:please|always) )?(?:be (?:[a-z]+,? (?:and )?){0,3}[a-z]+"
    r"|(?:answer|respond|reply|write|explain)(?: [a-z]+)?(?: (?:with|as) [a-z ]+)?"
    r"|keep (?:it|your (?:answers|responses|replies)|answers|responses|replies) [a-z]+)$"
)
# The words a sentence of manner may use: length, a helper's tone.
_MANNERS = _set(
    "be answer respond reply write explain keep it your answers responses replies please "
    "with as a and concise concisely brief briefly short shortly succinct succinctly terse "
    "clear clearly simple detailed thorough helpful friendly polite accurate honest direct "
    "to the point"
)
# Words of a role sentence that change the answer: a voice, an audience, a constraint,
# a manner of speaking.
_VOICE = _set(
    "funny witty sarcastic formal informal casual rude blunt pirate poetic playful kid kids "
    "child children childrens kid's children's simple expert technical academic "
    "professional cheerful grumpy student students beginner beginners novice novices teen "
    "teens teenager teenagers toddler toddlers seniors elderly citizens pupils pupil "
    "layman laypeople layperson people patients parents adults women men "
    "vegan vegetarian kosher halal keto gluten-free dairy-free pediatric "
    "only never always must not no don't avoid without except unless instead like as "
    "pretend speak speaks speaking language languages translate translates"
)
# The words of a system prompt that only names the default persona.
_PERSONA = _set("you are you're a an helpful friendly useful harmless honest polite ai assistant")
_PRONOUNS = _set(
    "it its itself they them their theirs themselves he him his she her hers this these those"
)
_BACK = _set(
    "same above previous former latter aforementioned again instead else mentioned earlier another "
    "each both"
)
#: Possessive pronouns standing for a thing named before ("mine is 52, should I worry?"),
#: unless "mine" is the verb ("how do I mine bitcoin"): after these words.
_POSSESSIVES = _set("mine yours ours")
_BEFORE_VERB = _set("to i we you they can could will would should do does did don't let")
_LEADS = _set("and but so or also then plus now")
_EDITS = _set(
    "translate rewrite rephrase summarize summarise shorten expand simplify continue "
    "elaborate fix improve correct proofread reformat paraphrase condense redo shorter "
    "longer simpler"
)
_THAT_AFTER = _set(
    "is was does do did about of with for in on from to mean means like will would can "
    "could explain try use make"
)
# What follows a "that" that is the object of a verb ("wrap that in a function", "put
# that into a table"): a preposition, where a relative "that" has its verb.
_THAT_OBJECT = _set("in into on onto to for from with as up down out off again")
_EXISTENTIAL = _set("is are was were be been isn't aren't wasn't weren't will")
_ORDINALS = _set("first second third fourth fifth last next final")
_PARTS = _set(
    "step steps part parts point points option options one ones example examples item "
    "items paragraph sentence line bullet section method approach reason tip idea "
    "suggestion choice"
)
_OUTPUTS = _set(
    "code script function snippet text essay poem story email letter paragraph list "
    "table recipe plan itinerary answer response result output error bug article "
    "document passage sentence draft summary translation query program"
)
_MINE = _set("your you")
# A bare "which" then a verb asks to choose among options named earlier ("which is
# better?", "which do you recommend?"); "which is the largest planet?" names its own.
_CHOOSES = _set("is are was were would should could do does did will can")
_ASKS = _set(
    "what what's whats how why when where who whom whose which is are was were do does did "
    "can could would will should shall may might tell explain describe give list show "
    "write make create generate suggest recommend help find compare define summarize "
    "translate calculate name provide draft compose plan convert solve"
)
_STANDING = re.compile(
    r"\b(from now on|going forward|for the rest|always|never|remember|keep in mind|"
    r"pretend|act as|you are|your answers|answer in|reply in|respond in|use only|assume|"
    r"for all)\b"
)
_FACTS = re.compile(
    r"\b(my|our|mine|i'm|i am|we're|we are|i have|i've|we have|i live|i work|i use|i own|"
    r"i prefer|i like|i love|i hate|i want|i need|i'd like|i plan|i was|i will|i'll)\b"
)
# Words that name nothing: a turn made only of these ("Why?", "Tell me more.", "Can
# you give me an example?") asks about what came before.
_GENERIC = _set(
    "why how what who when where which so tell me more go on really examples example "
    "continue please explain elaborate details detail and then ok okay yes no sure is are "
    "was were do does did can could you a an the any some give show an why's how's what's "
    "in short brief briefly list summary sources source again wait hmm meaning mean"
)
# Words that join two clauses of one turn.
_JOINS = _set("and before after if when so but because while until once")
_QUALIFIES = _set("of in on to for at from by with among between")
# Words that tie a definite noun to something named in the same turn ("the speed of light",
# "the bones in the body", "the man who"): with none, "the price" is one named earlier.
_TIES = _QUALIFIES | _set(
    "about into over under during per than like across through after before without that "
    "which who whose where when"
)
_DEFINITE_WORDS = 8  # a turn this long or shorter can point back with a bare "the NOUN"
# A final turn this long or longer that does not refer back names what it asks about
# ("What time zone is Hawaii in?"); a shorter one may ask after what a fact set up
# ("Which plants are toxic?" after "I have a dog."). See ContextCheck._unshaped.
_ALONE_WORDS = 6
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")


def conversation(
    scope: str, history: Sequence[str], final: str, replies: Sequence[str] = ()
) -> Conversation | None:
    """The substance view of a conversation whose earlier user turns are ``history``
    (oldest first), ``replies[i]`` the assistant's reply to ``history[i]``, and whose
    last user turn is ``final``; ``scope`` is the digest of what must still match
    exactly. None when the history is too long to keep."""
    if sum(len(turn) for turn in history) > MAX_HISTORY_CHARS:
        return None
    kept = [i for i, turn in enumerate(history) if turn.strip() and not small_talk(turn)]
    content = tuple(_substance(history[i]) for i in kept)
    final = _substance(final) or final
    needs = bool(content) and (refers_back(final) or not all(map(_stands_alone, content)))
    # Questions of their own before the last content turn ("What's the capital of Peru?"):
    # an exchange the other conversation may lack without changing what the final turn
    # is about (ContextCheck drops one that reads like none of the other's turns).
    asides = tuple(i for i, turn in enumerate(content[:-1]) if _stands_alone(turn))
    text = _embedded(content, final, needs)
    answered = _answered([replies[i] if i < len(replies) else "" for i in kept])
    alone = not refers_back(final) and len(_words(final)) >= _ALONE_WORDS
    alone = alone and not any(_STANDING.search(turn.lower()) for turn in content)
    return Conversation(scope, text, final, content, needs, asides, answered, alone)


def turns_and_replies(said: Sequence[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """The user turns among ``said`` ((role, text) of the earlier messages, oldest first,
    "user" or "assistant") and the assistant's reply to each: its texts after that turn
    and before the next, joined ("" for none; a reply before the first turn is dropped)."""
    turns: list[str] = []
    replies: list[str] = []
    for role, text in said:
        if role == "user":
            turns.append(text)
            replies.append("")
        elif turns:
            replies[-1] = f"{replies[-1]}\n{text}".strip()
    return turns, replies


def _answered(replies: Sequence[str]) -> tuple[str, ...]:
    """The replies to the content turns as a record keeps them: () when there is none,
    each cut to its share of ``MAX_HISTORY_CHARS`` when they are too long to keep."""
    if not any(reply.strip() for reply in replies):
        return ()
    if sum(map(len, replies)) <= MAX_HISTORY_CHARS:
        return tuple(replies)
    return tuple(reply[: MAX_HISTORY_CHARS // len(replies)] for reply in replies)


def persona(system: str) -> bool:
    """Whether a system prompt only names a persona or a manner of answering ("You are
    a helpful assistant.", "You are a career coach.", "Be concise."): it frames the
    answer without changing what it says, so in substance it is no system prompt (the
    exact scope keeps it). See ``_ROLE`` for what still counts."""
    sentences = [s.strip() for s in _SENTENCE.findall(system.replace("\u2019", "'"))]
    return bool(sentences) and all(_frames(s.rstrip(".!").strip()) for s in sentences if s)


def without_persona(params: Mapping[str, Any], field: str) -> dict[str, Any] | None:
    """``params`` without ``field`` (Anthropic's ``system``, the Responses API's
    ``instructions``) when that is a persona (:func:`persona`), as a chat's persona
    system message leaves its substance scope; None when it is absent or says more
    (a text block with anything but text counts as more)."""
    value = params.get(field)
    if isinstance(value, list) and all(_text_block(block) for block in value):
        value = " ".join(block["text"] for block in value)
    if not isinstance(value, str) or not persona(value):
        return None
    return {name: item for name, item in params.items() if name != field}


def _text_block(block: object) -> bool:
    return (
        isinstance(block, Mapping)
        and set(block) <= {"type", "text"}
        and block.get("type") == "text"
        and isinstance(block.get("text"), str)
    )


def _frames(sentence: str) -> bool:
    """Whether one sentence of a system prompt is a helper's role or a manner (persona)."""
    words = _words(sentence)
    if not words:
        return True
    if all(word in _PERSONA for word in words):
        return True
    stated = words[2:] if words[:2] == ["act", "as"] else words  # "Act as an engineer."
    if re.search(r"[0-9]", sentence) or _VOICE.intersection(stated):
        return False
    tokens = _TOKEN.findall(sentence)
    if any(t[:1].isupper() and t != "AI" and t not in _FIELDS for t in tokens[1:]):
        return False  # a language, a place, a product, a format ("in JSON")
    lowered = " ".join(words)
    if _ROLE.match(lowered):
        return True
    return _MANNER.match(lowered) is not None and all(word in _MANNERS for word in words)


def small_talk(turn: str) -> bool:
    """Whether a user turn is only greetings, thanks or acknowledgement, or announces
    that a question follows ("I have a homework question.", "Quick kitchen question.")."""
    words = _words(turn)
    announced = _ANNOUNCES.match(" ".join(dropwhile(_social, words)))
    if announced and not _ASKS.intersection(announced.group(1).split()) and "?" not in turn:
        return True  # after a greeting, if any ("Hi, security question.")
    if _THANKS.match(" ".join(words)) and "?" not in turn and len(_SENTENCE.findall(turn)) == 1:
        return True  # thanks, whatever for ("thanks for checking!", "thank you for the tips")
    return bool(words) and all(_social(word) for word in words)


def _social(word: str) -> bool:
    return word in _SOCIAL or re.sub(r"(.)\1+", r"\1", word) in _SOCIAL_HELD


def _substance(turn: str) -> str:
    """``turn`` without its sentences of small talk ("Good afternoon! I need ...",
    "... Thanks so much!") and the greeting that opens a sentence ("Hey there, the app
    crashes ..."), if anything is left."""
    sentences = _SENTENCE.findall(turn)
    if len(sentences) > 1 and _hailed(sentences[0], "".join(sentences[1:])):
        sentences = sentences[1:]  # "Hey coach! I want to ...": the greeting names who is asked
    content = [_ungreeted(sentence) for sentence in sentences if not small_talk(sentence)]
    return "".join(content or sentences).strip()


_GREETINGS = _set("hi hello hey hiya yo howdy greetings")


def _hailed(clause: str, rest: str) -> bool:
    """Whether ``clause``, before ``rest``, greets whoever is asked by a word ("Hey
    coach", "Hi there, doc", "hello bot"): a greeting, then one word of address and
    social words only. Not when ``rest`` refers back: the word may be what it points
    at ("Hello world. How do I print it in Rust?")."""
    words = _words(clause)
    addressed = [word for word in words if not _social(word)]
    if len(words) > 3 or words[:1] == [] or words[0] not in _GREETINGS or len(addressed) != 1:
        return False
    return not refers_back(rest)


# Social words that open a sentence, then a comma: "Hey there, ", "Hi, ", "Ok so, ".
_OPENING = re.compile(r"^\s*([A-Za-z' ]+),\s+(?=\S)")


def _ungreeted(sentence: str) -> str:
    """``sentence`` without an opening greeting clause ("Hey there, I'm looking for ..."
    -> "I'm looking for ...", "Hey coach, ..."); as it is when the clause holds a word of
    content."""
    opening = _OPENING.match(sentence)
    if opening is None:
        return sentence
    rest = sentence[opening.end() :]
    if not all(map(_social, _words(opening.group(1)))) and not _hailed(opening.group(1), rest):
        return sentence
    return rest[:1].upper() + rest[1:]


def refers_back(final: str) -> bool:
    """Whether a final user turn refers to what came before (see module doc)."""
    words = _words(final)
    if (
        all(word in _GENERIC for word in words)
        or words[0] in _LEADS
        or words[:2] in (["what", "about"], ["how", "about"], ["what", "if"])
    ):
        return True
    if words[0] == "which" and words[1:2] and words[1] in _CHOOSES and words[2:3] != ["the"]:
        return True  # "which is better?", "which would you pick?": of the options named before
    if words[0] in _EDITS and not re.search(r"[:\"'`\n]", final):
        return True  # "translate to French", "make it shorter": an edit of something earlier
    return any(_refers(words, i) for i in range(len(words))) or _definite(final)


def _definite(final: str) -> bool:
    """A short turn with a bare definite noun ("How long does the battery last?"): no
    name, no "of"/"in" after it, not itself after a preposition."""
    tokens = _TOKEN.findall(final.replace("\u2019", "'"))
    if len(tokens) > _DEFINITE_WORDS or any(token[:1].isupper() for token in tokens[1:]):
        return False
    lowered = [token.lower() for token in tokens]
    for i, word in enumerate(lowered):
        tied = (i and lowered[i - 1] in _TIES) or _TIES.intersection(lowered[i + 1 :])
        if word == "the" and not tied:
            return True
    return False


def _refers(words: list[str], i: int) -> bool:
    word, before = words[i], words[i - 1] if i else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    if word in _PRONOUNS or word.split("'")[0] in _PRONOUNS:  # "it's", "they're"
        return not _named_before(words, i)
    if word in _BACK:
        return True
    if word in _POSSESSIVES:
        return before not in _BEFORE_VERB
    if word == "that":  # "does that work", "wrap that in a function", not "a car that fits"
        return not after or not before or before in _THAT_AFTER or after in _THAT_OBJECT
    if word in ("there", "here"):  # "live there", not "is there a way"
        return after not in _EXISTENTIAL and before not in _EXISTENTIAL
    if word in ("too", "either") and not after:
        return True
    if word in _ORDINALS and before == "the":  # "the second law", not "the first man on"
        return after in _PARTS or not _QUALIFIES.intersection(words[i + 1 : i + 4])
    if word in ("one", "ones") and after != "of":  # "a cheaper one", not "one of the"
        return True
    return (before in _MINE or before == "the") and word in _OUTPUTS


def _named_before(words: list[str], i: int) -> bool:
    """Whether the pronoun ``words[i]`` opens a later clause about something the turn
    itself introduced ("What is a Roth IRA and how does it work?"): "a NOUN", then a
    word that joins clauses, then the pronoun."""
    joins = [k for k in range(i) if words[k] in _JOINS]
    return bool(joins) and any(words[j] in ("a", "an") for j in range(joins[-1]))


def _stands_alone(turn: str) -> bool:
    """An earlier turn that asks something of its own, states nothing about the user
    and gives no standing instruction: the final turn does not inherit from it."""
    lowered = turn.lower()
    if _STANDING.search(lowered) or _FACTS.search(lowered):
        return False
    # A question after a greeting asks as one ("hey can you remind me what day ...").
    words = list(dropwhile(lambda word: word not in _ASKS and _social(word), _words(turn)))
    return lowered.rstrip().endswith("?") or (bool(words) and words[0] in _ASKS)


def _embedded(content: tuple[str, ...], final: str, needs: bool) -> str:
    if not needs or EMBED_CONTEXT == "none":
        return final
    earlier = content[-1:] if EMBED_CONTEXT == "previous" else content
    return "\n".join((*earlier, final))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))
