"""OnnxEmbedder and default_embedder: the real all-MiniLM-L6-v2 int8 model."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from semcache import ConfigError, EmbeddingError
from semcache.embed import Embedder, OnnxEmbedder, default_embedder
from semcache.embed.onnx import (
    MINILM_MODEL,
    MINILM_NAME,
    MINILM_SHA256,
    MINILM_TOKENIZER,
    _batches,
    _minilm,
    _session,
)

MODEL = MINILM_MODEL
TOKENIZER = MINILM_TOKENIZER

TEXTS = [
    "How do I reset my password?",
    "a",
    "The quick brown fox jumps over the lazy dog, then naps in the afternoon sun for hours.",
    "What is the capital of France?",
    "Explain the difference between a process and a thread in an operating system, "
    "with examples of when to use each and the costs of switching between them.",
    "ok",
    "Recipe for pancakes",
]


@pytest.fixture(scope="module")
def minilm() -> OnnxEmbedder:
    """The default embedder, loaded once for the whole module."""
    embedder = default_embedder()
    embedder.load()
    return embedder


@pytest.fixture
def tampered(tmp_path: Path) -> Path:
    """A copy of the model file with one byte of its weights changed."""
    data = bytearray(MODEL.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path = tmp_path / "model.onnx"
    path.write_bytes(bytes(data))
    return path


def cosine(embedder: OnnxEmbedder, a: str, b: str) -> float:
    va, vb = embedder.embed([a, b])
    return float(va @ vb)


def test_embed_returns_float32_unit_rows(minilm: OnnxEmbedder) -> None:
    """embed gives one float32 row of length dim per text, each of norm 1."""
    vectors = minilm.embed(TEXTS)
    assert vectors.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_default_embedder_is_an_embedder_named_after_the_model(minilm: OnnxEmbedder) -> None:
    """The default embedder satisfies the Embedder protocol, with its model's name and dim."""
    assert isinstance(minilm, Embedder)
    assert (minilm.name, minilm.dim, minilm.max_length) == (MINILM_NAME, 384, 256)


def test_same_text_gives_same_vector(minilm: OnnxEmbedder) -> None:
    """Embedding is deterministic across calls."""
    np.testing.assert_array_equal(minilm.embed(TEXTS), minilm.embed(TEXTS))


def test_batch_equals_one_by_one(minilm: OnnxEmbedder) -> None:
    """A text's vector does not depend on the other texts embedded in the same call."""
    together = minilm.embed(TEXTS)
    alone = np.vstack([minilm.embed([text]) for text in TEXTS])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_order_is_preserved_across_parallel_runs(minilm: OnnxEmbedder) -> None:
    """Rows come back in input order though texts are sorted into runs made side by side."""
    small_batches = OnnxEmbedder(MODEL, TOKENIZER, batch_size=1, threads=2)
    forward = small_batches.embed(TEXTS)
    backward = small_batches.embed(TEXTS[::-1])
    np.testing.assert_allclose(forward, backward[::-1], atol=1e-5)
    np.testing.assert_allclose(forward, minilm.embed(TEXTS), atol=1e-5)
    assert float(forward[0] @ forward[3]) < 0.9  # distinct texts, distinct rows


def test_batches_cap_texts_and_padded_tokens() -> None:
    """Runs hold at most batch_size texts and max_tokens padded tokens, each index once."""
    lengths = [256, 10, 256, 12, 200, 11, 256, 9, 256, 256]
    batches = list(_batches.batches(lengths, 3, 600))
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    assert all(len(b) <= 3 and len(b) * max(lengths[i] for i in b) <= 600 for b in batches)
    assert batches[0] == [7, 1, 5]  # shortest first
    assert list(_batches.batches([5000], 32, 600)) == [[0]]  # one text always fits


def test_empty_list_gives_empty_array(minilm: OnnxEmbedder) -> None:
    """No texts gives a (0, dim) float32 array."""
    vectors = minilm.embed([])
    assert (vectors.shape, vectors.dtype) == ((0, 384), np.dtype(np.float32))


def test_non_string_item_raises_type_error_naming_it(minilm: OnnxEmbedder) -> None:
    """A non-string item is refused with its index and type."""
    with pytest.raises(TypeError, match=r"texts\[1\] must be a str; got int"):
        minilm.embed(["fine", 3])  # type: ignore[list-item]


def test_bare_string_is_refused(minilm: OnnxEmbedder) -> None:
    """A single string is not silently embedded character by character."""
    with pytest.raises(TypeError, match=r"wrap it: \[text\]"):
        minilm.embed("hello")


def test_very_long_text_is_truncated_not_fatal(minilm: OnnxEmbedder) -> None:
    """A 10,000-word prompt embeds like its first max_length tokens."""
    words = [f"word{i}" for i in range(10_000)]
    long_vector, prefix_vector = minilm.embed([" ".join(words), " ".join(words[:300])])
    assert abs(float(np.linalg.norm(long_vector)) - 1.0) < 1e-5
    np.testing.assert_allclose(long_vector, prefix_vector, atol=1e-5)
    assert minilm.token_stats([" ".join(words)])[0].truncated


def test_long_text_whose_start_is_mostly_spaces_is_still_truncated_exactly(
    minilm: OnnxEmbedder,
) -> None:
    """Clipping long text cannot lose tokens: 3,000 spaces then words still fill max_length."""
    text = "start" + " " * 3_000 + " ".join(f"w{i}" for i in range(2_000))
    (stats,) = minilm.token_stats([text])
    assert (stats.tokens, stats.truncated) == (254, True)


def test_paraphrases_score_higher_than_unrelated_pairs(minilm: OnnxEmbedder) -> None:
    """Paraphrases are close (cosine > 0.7), unrelated questions far apart (< 0.3)."""
    paraphrases = [
        ("How do I reset my password?", "How can I change my password if I forgot it?"),
        ("What is the capital of France?", "Which city is France's capital?"),
        ("How many calories are in a banana?", "What is the calorie count of a banana?"),
    ]
    unrelated = [
        ("How do I reset my password?", "What is the capital of France?"),
        ("How many calories are in a banana?", "Explain quantum entanglement simply."),
        ("Write a haiku about autumn.", "How do I sort a list in Python?"),
    ]
    assert min(cosine(minilm, a, b) for a, b in paraphrases) > 0.7
    assert max(cosine(minilm, a, b) for a, b in unrelated) < 0.3


def test_unknown_fraction_flags_text_the_tokenizer_cannot_see(minilm: OnnxEmbedder) -> None:
    """Emoji-only text is all [UNK]; English none; mixed in between; whitespace counts as 1."""
    fractions = minilm.unknown_fraction(["😀🎉🔥", "plain English words", "hello 😀", "   "])
    assert fractions == [1.0, 0.0, 0.5, 1.0]


def test_token_counts_exclude_special_tokens_and_stop_at_max_length(
    minilm: OnnxEmbedder,
) -> None:
    """Counts are the tokens the model sees besides [CLS]/[SEP], at most max_length - 2."""
    stats = minilm.token_stats(["hello world", "word " * 1_000, ""])
    assert [s.tokens for s in stats] == [2, 254, 0]


def test_embedders_of_one_model_file_share_its_session(tmp_path: Path) -> None:
    """Two default embedders load the model once; a copy of the file gets its own session."""
    first, second = default_embedder(), default_embedder()
    first.load()
    second.load()
    assert first._state().session is second._state().session
    copy = tmp_path / "copy.onnx"
    shutil.copyfile(MODEL, copy)
    other = OnnxEmbedder(copy, TOKENIZER, batch_size=1)
    assert other._state().session is not first._state().session
    np.testing.assert_array_equal(other.embed(TEXTS[:2]), first.embed(TEXTS[:2]))


def test_embed_with_stats_is_embed_and_token_stats_from_one_tokenization(
    minilm: OnnxEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """embed_with_stats gives embed's vectors and token_stats' stats, tokenizing each text once."""
    texts = ["hello 😀", "word " * 1_000, "plain English words"]
    expected_vectors, expected_stats = minilm.embed(texts), minilm.token_stats(texts)
    embedder = default_embedder()
    tokenized: list[str] = []
    real = embedder._encode_one
    monkeypatch.setattr(
        embedder, "_encode_one", lambda tok, text: tokenized.append(text) or real(tok, text)
    )
    vectors, stats = embedder.embed_with_stats(texts)
    np.testing.assert_allclose(vectors, expected_vectors, atol=1e-5)
    assert stats == expected_stats
    assert tokenized == texts


def test_model_with_wrong_sha256_is_refused(tampered: Path) -> None:
    """A model file whose sha256 differs from sha256= raises before loading, naming both."""
    embedder = OnnxEmbedder(tampered, TOKENIZER, sha256=MINILM_SHA256)
    with pytest.raises(EmbeddingError) as caught:
        embedder.embed(["hello"])
    message = str(caught.value)
    assert f"expected {MINILM_SHA256}" in message
    assert "has sha256 " in message and str(tampered) in message
    assert "change sha256=" in message


def test_default_embedder_refuses_a_damaged_model_file(
    tampered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """default_embedder() checks the pinned sha256 at once and says how to fix it."""
    monkeypatch.setattr(_minilm, "MINILM_MODEL", tampered)
    with pytest.raises(EmbeddingError, match="pip install --force-reinstall semcache"):
        default_embedder()


def test_default_embedder_names_a_missing_model_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A packaging fault (the shipped model file gone) is an error naming the file and fix."""
    missing = tmp_path / "gone.onnx"
    monkeypatch.setattr(_minilm, "MINILM_MODEL", missing)
    with pytest.raises(EmbeddingError) as caught:
        default_embedder()
    assert str(missing) in str(caught.value)
    assert "pip install --force-reinstall semcache" in str(caught.value)


def test_a_file_replaced_after_a_good_check_is_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The once-per-process hash memo notices a file changed in place."""
    path = tmp_path / "model.onnx"
    shutil.copyfile(MODEL, path)
    monkeypatch.setattr(_minilm, "MINILM_MODEL", path)
    default_embedder()
    with path.open("r+b") as file:
        file.seek(path.stat().st_size // 2)
        byte = file.read(1)
        file.seek(-1, os.SEEK_CUR)
        file.write(bytes([byte[0] ^ 0xFF]))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    with pytest.raises(EmbeddingError, match="has sha256"):
        default_embedder()


def test_from_dir_runs_any_model_directory(tmp_path: Path, minilm: OnnxEmbedder) -> None:
    """from_dir loads model.onnx + tokenizer.json from a directory, named after it."""
    model_dir = tmp_path / "my-minilm"
    model_dir.mkdir()
    (model_dir / "model.onnx").symlink_to(MODEL)
    (model_dir / "tokenizer.json").symlink_to(TOKENIZER)
    embedder = OnnxEmbedder.from_dir(model_dir, batch_size=1)
    assert embedder.name == "my-minilm"
    np.testing.assert_allclose(embedder.embed(TEXTS), minilm.embed(TEXTS), atol=1e-5)
    assert embedder.dim == 384


def test_default_name_comes_from_the_model_file_or_its_directory(tmp_path: Path) -> None:
    """Without name=, a file called model.onnx is named after its directory, others by stem."""
    (tmp_path / "e5-small").mkdir()
    (tmp_path / "e5-small" / "model.onnx").symlink_to(MODEL)
    (tmp_path / "bge-int8.onnx").symlink_to(MODEL)
    assert OnnxEmbedder(tmp_path / "e5-small" / "model.onnx", TOKENIZER).name == "e5-small"
    assert OnnxEmbedder(tmp_path / "bge-int8.onnx", TOKENIZER).name == "bge-int8"


def test_from_dir_without_a_tokenizer_names_the_missing_file(tmp_path: Path) -> None:
    """A model directory lacking tokenizer.json is a ConfigError naming that path."""
    (tmp_path / "model.onnx").symlink_to(MODEL)
    with pytest.raises(ConfigError, match=r"tokenizer_path must be an existing file; got .*"):
        OnnxEmbedder.from_dir(tmp_path)


def test_from_dir_of_a_missing_directory_is_refused(tmp_path: Path) -> None:
    """from_dir on a path that is not a directory says what the directory must hold."""
    with pytest.raises(ConfigError, match=r"must be a directory holding model\.onnx"):
        OnnxEmbedder.from_dir(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"max_length": 0}, "max_length must be an integer >= 3; got 0"),
        ({"batch_size": -1}, "batch_size must be an integer >= 1; got -1"),
        ({"batch_size": 2.5}, "batch_size must be an integer >= 1; got 2.5"),
        ({"threads": 0}, "threads must be an integer >= 1; got 0"),
        ({"sha256": "abc"}, "sha256 must be 64 hex digits; got 'abc'"),
        ({"name": " "}, "name must be a non-empty string; got ' '"),
        ({"dim": True}, "dim must be an integer >= 1; got True"),
    ],
)
def test_bad_settings_are_refused_with_the_value(settings: dict[str, Any], message: str) -> None:
    """Each invalid setting raises ConfigError naming the value and the accepted range."""
    with pytest.raises(ConfigError) as caught:
        OnnxEmbedder(MODEL, TOKENIZER, **settings)
    assert str(caught.value) == message


def test_default_embedder_validates_its_settings() -> None:
    """default_embedder passes batch_size and threads through the same validation."""
    with pytest.raises(ConfigError, match="threads must be an integer >= 1; got 0"):
        default_embedder(threads=0)


def test_missing_model_file_is_refused(tmp_path: Path) -> None:
    """A model path that does not exist is a ConfigError naming it, at construction."""
    missing = tmp_path / "absent.onnx"
    with pytest.raises(ConfigError) as caught:
        OnnxEmbedder(missing, TOKENIZER)
    assert str(caught.value) == f"model_path must be an existing file; got {str(missing)!r}"


def test_a_file_that_is_not_onnx_gives_embedding_error(tmp_path: Path) -> None:
    """onnxruntime's load failure becomes EmbeddingError naming the file, cause kept."""
    bogus = tmp_path / "model.onnx"
    bogus.write_bytes(b"not a model")
    with pytest.raises(EmbeddingError, match="cannot load ONNX model") as caught:
        OnnxEmbedder(bogus, TOKENIZER).load()
    assert str(bogus) in str(caught.value) and caught.value.__cause__ is not None


def test_a_broken_tokenizer_file_gives_embedding_error(tmp_path: Path) -> None:
    """A tokenizer.json that tokenizers cannot read becomes EmbeddingError naming it."""
    bogus = tmp_path / "tokenizer.json"
    bogus.write_text("{}")
    with pytest.raises(EmbeddingError, match="cannot load tokenizer") as caught:
        OnnxEmbedder(MODEL, bogus).load()
    assert str(bogus) in str(caught.value) and caught.value.__cause__ is not None


def test_a_wrong_dim_hint_is_caught_on_load() -> None:
    """dim= is checked against the model when it loads."""
    with pytest.raises(EmbeddingError, match="makes vectors of dim 384, but dim=512"):
        OnnxEmbedder(MODEL, TOKENIZER, dim=512).load()


def test_import_and_construction_do_not_load_onnxruntime() -> None:
    """import semcache and creating the default embedder leave onnxruntime unimported."""
    code = (
        "import sys, semcache, semcache.embed\n"
        "e = semcache.embed.default_embedder()\n"
        "assert (e.dim, e.name) == (384, 'all-MiniLM-L6-v2-dynint8')\n"
        "print(sorted(m for m in ('onnxruntime', 'tokenizers') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def run_in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    results: list[Any] = [None] * count
    barrier = threading.Barrier(count)

    def target(index: int) -> None:
        barrier.wait()
        results[index] = work(index)

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_first_use_loads_once_and_matches_serial(
    minilm: OnnxEmbedder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Threads racing to use a fresh embedder load it once and get the serial vectors."""
    copy = tmp_path / "model.onnx"  # a file no other embedder has loaded yet
    shutil.copyfile(MODEL, copy)
    loads: list[Path] = []
    real_load = _session._load_session

    def counting_load(path: Path, tuning: Any) -> Any:
        loads.append(path)
        return real_load(path, tuning)

    monkeypatch.setattr(_session, "_load_session", counting_load)
    fresh = OnnxEmbedder(copy, TOKENIZER, batch_size=1)
    inputs = [TEXTS[i:] + TEXTS[:i] for i in range(4)]
    results = run_in_threads(4, lambda i: fresh.embed(inputs[i]))
    assert len(loads) == 1
    for texts, vectors in zip(inputs, results, strict=True):
        np.testing.assert_allclose(vectors, minilm.embed(texts), atol=1e-5)
