"""MemoEmbedder: vectors and token stats of recent texts, remembered within bounds."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from semcache import ConfigError, SemanticCache
from semcache.embed import OnnxEmbedder, default_embedder
from semcache.embed.base import Vectors
from semcache.embed.batching import BatchingEmbedder
from semcache.embed.memo import MemoEmbedder
from semcache.testing import CountingEmbedder, HashingEmbedder


class StatsModel(HashingEmbedder):
    """A hashing model whose runs also give token stats; records what it tokenizes
    unless ``record=False``."""

    def __init__(self, dim: int = 64, *, record: bool = True) -> None:
        super().__init__(dim)
        self.record = record
        self.tokenized: list[str] = []

    def embed_with_stats(self, texts: Sequence[str]) -> tuple[Vectors, list[Any]]:
        return self.embed(texts), self.token_stats(texts)

    def token_stats(self, texts: Sequence[str]) -> list[Any]:
        if self.record:
            self.tokenized.extend(texts)
        return [SimpleNamespace(tokens=len(t.split())) for t in texts]


@pytest.fixture(scope="module")
def minilm() -> OnnxEmbedder:
    embedder = default_embedder()
    embedder.load()
    return embedder


def counting(embedder: OnnxEmbedder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts ``embedder`` tokenizes from now on, in order."""
    tokenized: list[str] = []
    real = embedder._encode_one
    monkeypatch.setattr(
        embedder, "_encode_one", lambda tok, text: tokenized.append(text) or real(tok, text)
    )
    return tokenized


def test_remembered_texts_do_not_reach_the_model() -> None:
    """A text embedded once is answered from memory, with the same vector."""
    model = CountingEmbedder()
    memo = MemoEmbedder(model)
    first = memo.embed(["a b", "c d"])
    again = memo.embed(["c d", "a b", "e f"])
    assert model.texts == ["a b", "c d", "e f"]
    np.testing.assert_array_equal(again[:2], first[::-1])
    assert (again.dtype, memo.embed([]).shape) == (np.dtype(np.float32), (0, 64))


def test_token_stats_of_just_embedded_texts_are_not_tokenized_again(
    minilm: OnnxEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After embed, token_stats answers from memory, equal to a fresh tokenization;
    a text not seen recently is tokenized once."""
    texts = ["hello 😀", "word " * 1_000, "plain English words"]
    expected = minilm.token_stats(texts)
    model = default_embedder()
    memo = MemoEmbedder(BatchingEmbedder(model))
    assert memo.token_stats is not None
    tokenized = counting(model, monkeypatch)
    memo.embed(texts)
    assert tokenized == texts
    tokenized.clear()
    assert memo.token_stats(texts) == expected
    assert tokenized == []
    assert memo.token_stats(["never embedded"])[0].tokens == 2
    assert tokenized == ["never embedded"]
    assert memo.token_stats(["never embedded", "hello 😀"]) == [
        memo.token_stats(["never embedded"])[0],
        expected[0],
    ]
    assert tokenized == ["never embedded"]  # what token_stats tokenized is remembered too


def test_a_lookup_tokenizes_its_text_once(
    minilm: OnnxEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A put and a semantic lookup each tokenize their text once: the verifier's
    unknown-token check reads the stats the embedding made; a repeat tokenizes nothing."""
    model = default_embedder()
    tokenized = counting(model, monkeypatch)
    with SemanticCache(None, embedder=model) as cache:
        cache.put("What is the capital of France?", "Paris")
        hit = cache.get("Which city is the capital of France?")
        assert hit is not None and hit.kind == "semantic"
        assert cache.get("Which city is the capital of France?") is not None
    assert tokenized == ["What is the capital of France?", "Which city is the capital of France?"]


def test_token_stats_are_none_when_the_model_has_none() -> None:
    """Over a model without token_stats (hashing), token_stats is None: no check to run."""
    assert MemoEmbedder(HashingEmbedder()).token_stats is None
    assert MemoEmbedder(BatchingEmbedder(HashingEmbedder())).token_stats is None


def test_stats_of_a_run_come_through_the_batching_layer() -> None:
    """Stats a model run gives reach the memo through BatchingEmbedder: one tokenization."""
    model = StatsModel()
    memo = MemoEmbedder(BatchingEmbedder(model))
    memo.embed(["one two", "three"])
    assert memo.token_stats is not None
    assert [s.tokens for s in memo.token_stats(["three", "one two"])] == [1, 2]
    assert model.tokenized == ["one two", "three"]


def test_memo_keeps_at_most_size_texts_least_recent_first_out() -> None:
    """Beyond ``size`` texts, the least recently used is forgotten."""
    model = CountingEmbedder()
    memo = MemoEmbedder(model, size=2)
    memo.embed(["a", "b"])
    memo.embed(["a"])  # b is now the least recent
    memo.embed(["c"])
    model.texts.clear()
    memo.embed(["a", "b", "c"])
    assert model.texts == ["b"]


def test_memo_stays_under_its_byte_bound_with_large_texts() -> None:
    """Keys are digests and vectors are counted: a hundred 1 MB prompts through a
    64 KiB memo leave it holding no more than 64 KiB, and none of their text."""
    max_bytes = 64 * 1024
    memo = MemoEmbedder(StatsModel(dim=1024, record=False), max_bytes=max_bytes)  # 4 KiB vectors
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(100):
            memo.embed([f"prompt {i} " + "x" * 1_000_000])
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert memo._bytes <= max_bytes
    assert 0 < len(memo._memo) <= max_bytes // (1024 * 4)
    assert held < max_bytes + 16 * 1024  # the vectors, not the 100 MB of prompts


def test_a_vector_larger_than_the_byte_bound_is_not_remembered() -> None:
    """max_bytes=0 remembers nothing; every call reaches the model."""
    model = CountingEmbedder()
    memo = MemoEmbedder(model, max_bytes=0)
    memo.embed(["a"])
    memo.embed(["a"])
    assert model.texts == ["a", "a"]


def test_bad_max_bytes_is_refused_with_the_value() -> None:
    """max_bytes must be a non-negative integer."""
    with pytest.raises(ConfigError, match="max_bytes must be an integer >= 0; got -1"):
        MemoEmbedder(HashingEmbedder(), max_bytes=-1)


def test_the_default_byte_bound_holds_a_4096_dim_model_to_about_3900_texts() -> None:
    """The documented claim: with the default 64 MiB bound, 4,500 distinct texts of a
    4096-dim model leave at most 64 MiB accounted and about 3,900 texts remembered."""
    from semcache.embed.memo import DEFAULT_MAX_BYTES

    memo = MemoEmbedder(StatsModel(dim=4096, record=False))
    for start in range(0, 4500, 500):
        memo.embed([f"distinct prompt {i} " + "y" * 2000 for i in range(start, start + 500)])
    assert memo._bytes <= DEFAULT_MAX_BYTES
    assert 3800 <= len(memo._memo) <= 4000


async def test_embed_async_answers_remembered_texts_without_the_model() -> None:
    """From a loop, a remembered text is answered at once; only new texts are awaited
    from the batching model, and both give the blocking call's vectors."""
    inner = _CountingForAsync()
    memo = MemoEmbedder(BatchingEmbedder(inner))
    assert memo.embeds_async
    first = await memo.embed_async(["seen", "new one"])
    again = await memo.embed_async(["seen", "another"])
    assert inner.calls == [["seen", "new one"], ["another"]]
    np.testing.assert_allclose(again[0], first[0])
    np.testing.assert_allclose(first, HashingEmbedder().embed(["seen", "new one"]))


def test_a_model_without_an_awaitable_run_cannot_embed_async() -> None:
    """Only a wrapped embedder with ``embed_with_stats_async`` makes embed_async usable."""
    assert not MemoEmbedder(HashingEmbedder()).embeds_async


class _CountingForAsync(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.calls.append(list(texts))
        return super().embed(texts)
