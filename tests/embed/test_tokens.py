"""Texts are clipped before tokenizing: bounded cost, and the same tokens for real text."""

from __future__ import annotations

import time

import numpy as np
import pytest

from semcache.embed import OnnxEmbedder, default_embedder
from semcache.embed.onnx._tokens import encode


@pytest.fixture(scope="module")
def minilm() -> OnnxEmbedder:
    return default_embedder()


def test_vectors_of_long_normal_texts_are_those_of_the_whole_text(minilm: OnnxEmbedder) -> None:
    """Clipping changes nothing for prose: the vector equals the one of the full text."""
    prose = "The committee reviewed the quarterly figures and asked for a revised plan. "
    texts = [prose * 200, "short question?", ("word " * 3000).strip()]
    tokenizer = minilm._state().tokenizer
    for text, vector in zip(texts, minilm.embed(texts), strict=True):
        whole = tokenizer.encode(text)  # the tokenizer truncates to max_length itself
        assert encode(tokenizer, text, minilm._max_length).ids == whole.ids
        assert np.isfinite(vector).all()


@pytest.mark.parametrize("unit", ["x" * 300 + " ", "y", "日本語"])
def test_a_megabyte_prompt_costs_about_what_a_short_one_does(
    minilm: OnnxEmbedder, unit: str
) -> None:
    """A 4.7 MB prompt (spaces or none, CJK or not) embeds in well under a second."""
    huge = unit * (4_700_000 // len(unit))
    minilm.embed(["warm"])
    started = time.perf_counter()
    minilm.embed([huge])
    assert time.perf_counter() - started < 1.0
