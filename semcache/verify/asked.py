"""What a prompt asks, without its wrapping: the text for the cache to embed.

Writers reword a terse request in long, polite frames ("Good day, I would
appreciate it if you could tell me how to ..."; "Hey, I was wondering if you could
explain ..."; "... thanks so much!"). The model reads the frame as part of the
meaning, so such a paraphrase lands below the threshold. ``asked`` drops it: the
greetings, apologies, thanks and frames of asking for help the verifier already
reads as courtesy (``_align._without_courtesy``), and the request frames around a
question ("can you tell me how", "I was wondering if", "I'd like to know"), but
not an "explain", which asks what "what is" asks.

Only the vector changes: the exact tier and the verifier still read the text as
written, and the model is the same, so a store written before keeps working (its
vectors of framed prompts are a little farther from their requests than new ones;
nothing else moves). The frames are English; a prompt in another language passes
through unchanged (on the language dev sets, 1 text in 15,066 changes: an English
"hi," before German). A regex pass, pure and memoized: thread-safe.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ._align import _without_courtesy

__all__ = ["asked"]

_YOU = r"(?:you|anyone|someone|somebody)"
_ASK = r"(?:can|could|would|will)"
_WH = r"how|what|what's|whats|which|who|whom|whose|why|when|where|if|whether|is|are|can"
# Someone asked to tell or show what a question asks ("can you tell me how", "show me
# what"): not "tell me a joke" or "show me pictures", where the verb is the request.
_TELL = (
    rf"(?:(?:tell|show|teach|remind) (?:me|us)|let me know|help me (?:understand|figure out"
    rf"|find out))(?= (?:{_WH}|about)\b)|walk (?:me|us) through"
)
_REQUEST_FRAME = re.compile(
    r"^\s*(?:and\s+|so\s+|but\s+)?(?:"
    # "I was wondering (if you could tell me)", "I'm curious (about)"
    rf"i(?: was|'m| am)? (?:just )?(?:wondering|curious)(?: (?:if|whether) {_YOU} {_ASK}"
    rf"(?: please)?(?: {_TELL})?| about)?"
    # "I'd like to know", "I want to understand"
    r"|i(?:'d| would)? (?:like|want|need) to (?:know|understand|learn|find out)"
    # "Do you know (how / whether ...)", "Does anyone know (what ...)"
    rf"|(?:do|does) {_YOU} (?:happen to )?know(?= (?:{_WH})\b)"
    # "Can you (please) tell me", "Tell me"
    rf"|(?:{_ASK} {_YOU} )?(?:please |kindly )?(?:{_TELL})"
    # "Could you please explain": the asking, not the "explain", which asks what
    # "what is" asks ("explain X simply" / "What's X?" lose without it)
    rf"|(?:{_ASK} {_YOU} )(?:please |kindly )?(?=explain\b)"
    r")\b(?: please)?\s*[,:]?\s*",
    re.I,
)
# Courtesy the verifier's reading leaves (it needs no more to compare): asking leave
# before the request, and thanks for the time or help (or a closing "please") after it.
_LEAVE = re.compile(
    r"^\s*(?:if you (?:don'?t|do not) mind|if it'?s not too much (?:trouble|to ask)"
    r"|i hope (?:this|that|it) (?:isn'?t|is not) a (?:silly|dumb|stupid|basic|weird) question"
    r"|i(?:'d| would) (?:really |greatly )?appreciate (?:some|any|your) (?:help|guidance|advice)"
    r"(?: (?:on|with))?)\s*[,:]?\s*(?:but\s+)?",
    re.I,
)
_TIME_THANKS = re.compile(
    r"[\s,.!?]*(?:\b(?:many )?thanks?(?: you)?(?: (?:a lot|so much|very much))? for your"
    r" (?:time|help|patience)|,? if you(?:'d| would) be so kind|,\s*(?:please|pls))[.!?]*\s*$",
    re.I,
)
_SPACES = re.compile(r"\s+")
_BEFORE_STOP = re.compile(r"\s+([?.!,])")


def _kept_stop(found: re.Match[str]) -> str:
    """A question's mark kept where the thanks after it go."""
    return "?" if "?" in found[0] else ""


@lru_cache(maxsize=8192)
def asked(text: str) -> str:
    """``text`` without the courtesy and the request frame around what it asks; the
    text itself where nothing is left without them."""
    request = _TIME_THANKS.sub(_kept_stop, _without_courtesy(text))
    for frame in (_LEAVE, _REQUEST_FRAME):
        found = frame.match(request)
        if found and found.end() < len(request):
            request = request[found.end() :]
    if request == text:  # nothing dropped: the text as written, spacing and all
        return text
    request = _BEFORE_STOP.sub(r"\1", _SPACES.sub(" ", request)).strip(" ,;:")
    return request if any(c.isalnum() for c in request) else text
