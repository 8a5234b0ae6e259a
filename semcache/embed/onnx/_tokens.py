"""What the model sees of a text: its tokens, clipped cheaply, and their counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tokenizers import Encoding, Tokenizer

__all__ = ["TokenStats", "encode", "stats_of"]

# A text is clipped to this many characters per allowed token before tokenizing, so
# a 100 kB prompt costs no more than a page of text (see encode for why it is exact).
_CHARS_PER_TOKEN = 10
# A clipped text that does not fill max_length is tried again this many times larger;
# past the last try the clip stands, so no text ever costs more than
# max_length * _CHARS_PER_TOKEN * _GROWTH**_TRIES characters of tokenizing.
_GROWTH = 4
_TRIES = 3


@dataclass(frozen=True)
class TokenStats:
    """What the model sees of one text, special tokens ([CLS], [SEP]) not counted."""

    tokens: int  # tokens the model sees, after truncation
    unknown: int  # of which the tokenizer's unknown token ([UNK])
    truncated: bool  # the text had more tokens than max_length allows

    @property
    def unknown_fraction(self) -> float:
        """Share of unknown tokens; 1.0 for a text with no tokens (nothing to compare)."""
        return self.unknown / self.tokens if self.tokens else 1.0


def encode(tokenizer: Tokenizer, text: str, max_length: int) -> Encoding:
    """The tokens of ``text``, truncated to ``max_length`` (the tokenizer's setting)."""
    # Clipping at a space keeps whole words, and whole words tokenize the same
    # alone or in context, so a clipped text that still overflows max_length gives
    # exactly the tokens of the full text. One that does not (few, very long words)
    # is clipped again, longer, a bounded number of times: a 5 MB prompt with no
    # space in it costs what a page does. Only such a text (a "word" thousands of
    # characters long) can end in a token the full text would not have.
    # One text at a time rather than encode_batch: its thread pool would compete
    # with onnxruntime's for two cores, and makes tokenizers warn after a fork.
    budget = max_length * _CHARS_PER_TOKEN
    for _ in range(_TRIES):
        clipped = _clip(text, budget)
        encoding = tokenizer.encode(clipped)
        if clipped is text or encoding.overflowing:
            return encoding
        budget *= _GROWTH
    return encoding


def _clip(text: str, budget: int) -> str:
    if len(text) <= budget:
        return text
    cut = max(text.rfind(space, 0, budget) for space in " \n\t\r")
    return text[:cut] if cut > budget // 2 else text[:budget]


def stats_of(encoding: Encoding, unk_id: int | None) -> TokenStats:
    """The token counts of one encoded text."""
    pairs = zip(encoding.ids, encoding.special_tokens_mask, strict=True)
    ids = [i for i, special in pairs if not special]
    unknown = ids.count(unk_id) if unk_id is not None else 0
    return TokenStats(tokens=len(ids), unknown=unknown, truncated=bool(encoding.overflowing))
