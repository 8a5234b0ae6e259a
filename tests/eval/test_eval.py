"""semcache eval: text and JSON reports, input formats, errors, equivalence of paths."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from semcache._cli import main
from semcache.embed import OnnxEmbedder, default_embedder
from semcache.eval import errors, read_pairs, score_fast, score_through_cache, summarize
from semcache.verify import default_verifier

TINY = Path(__file__).parent / "data" / "tiny.jsonl"
HARD = Path(__file__).parents[2] / "training" / "data" / "hard_dev.jsonl"


@pytest.fixture(scope="module")
def model() -> OnnxEmbedder:
    return default_embedder()


def test_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    """The text report shows precision, recall, hits and per-kind shares."""
    assert main(["eval", str(TINY), "--threshold", "0.8"]) == 0
    out = capsys.readouterr().out
    assert "precision    1.0000" in out
    assert "hits         3 (false hits 0" in out
    assert "served       paraphrase: 100.0%" in out


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints one JSON object with the counts."""
    assert main(["eval", str(TINY), "--json", "--threshold", "0.8"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["pairs"], report["positives"], report["hits"]) == (6, 3, 3)
    assert report["served_by_kind"]["opposite"] == 0.0


def test_cosine_verifier_serves_look_alikes(capsys: pytest.CaptureFixture[str]) -> None:
    """--verifier cosine is the baseline that serves look-alikes."""
    assert main(["eval", str(TINY), "--json", "--threshold", "0.8", "--verifier", "cosine"]) == 0
    assert json.loads(capsys.readouterr().out)["false_hits"] >= 2


def test_curve_sweeps_thresholds(capsys: pytest.CaptureFixture[str]) -> None:
    """--curve adds a row per threshold, recall never rising with it."""
    assert main(["eval", str(TINY), "--json", "--curve"]) == 0
    curve = json.loads(capsys.readouterr().out)["curve"]
    recalls = [row["recall"] for row in curve]
    assert len(curve) == 51 and recalls == sorted(recalls, reverse=True)


def test_min_precision_sets_the_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    """--min-precision reports at the mapped threshold."""
    assert main(["eval", str(TINY), "--json", "--min-precision", "0.9"]) == 0
    assert json.loads(capsys.readouterr().out)["threshold"] >= 0.9


def test_gzip_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A gzipped pairs file gives the same report."""
    path = tmp_path / "tiny.jsonl.gz"
    path.write_bytes(gzip.compress(TINY.read_bytes()))
    assert main(["eval", str(path), "--json", "--threshold", "0.8"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"] == 3


def test_gptcache_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """GPTCache's {"origin", "similar"} list is read, every pair should hit."""
    path = tmp_path / "mock.json"
    rows = [
        {"origin": "What is the capital of France?", "similar": "Which city is France's capital?"}
    ]
    path.write_text(json.dumps(rows))
    assert main(["eval", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["positives"] == 1


def test_bad_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed file exits 2 with a message naming the line."""
    path = tmp_path / "bad.jsonl"
    shutil.copy(TINY, path)
    with path.open("a") as f:
        f.write("not json\n")
    assert main(["eval", str(path)]) == 2
    assert "bad.jsonl:7: not valid JSON" in capsys.readouterr().err


def test_fast_path_equals_the_cache_path(model: OnnxEmbedder) -> None:
    """Batch embedding + verifier serves exactly what SemanticCache serves."""
    pairs = read_pairs(HARD)[::3] + read_pairs(TINY)
    verifier = default_verifier(model)
    fast = score_fast(pairs, model, verifier)
    real = score_through_cache(pairs, model, verifier)
    assert np.array_equal(np.isfinite(fast.served), np.isfinite(real.served))
    both = np.isfinite(fast.served)
    assert np.allclose(fast.served[both], real.served[both], atol=1e-4)
    for threshold in (0.7, 0.8, 0.9):
        assert summarize(fast, threshold) == summarize(real, threshold)


def test_show_errors_lists_false_hits_and_misses(capsys: pytest.CaptureFixture[str]) -> None:
    """--show-errors lists each false hit and missed paraphrase with what refused it."""
    assert main(["eval", str(TINY), "--json", "--threshold", "0.8", "--verifier", "cosine",
                 "--show-errors"]) == 0  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    false_hits = [e for e in report["errors"] if e["error"] == "false hit"]
    assert len(false_hits) == report["false_hits"] >= 2
    assert all(e["similarity"] >= 0.8 and e["a"] and e["b"] for e in false_hits)


def test_show_errors_names_the_check_that_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """A missed paraphrase refused by a check names it; one below the threshold says so."""
    assert main(["eval", str(TINY), "--json", "--threshold", "0.999", "--show-errors"]) == 0
    missed = [e for e in json.loads(capsys.readouterr().out)["errors"] if e["error"] == "missed"]
    assert missed and all(e["why"] == "below threshold" for e in missed)


def test_show_errors_in_text(capsys: pytest.CaptureFixture[str]) -> None:
    """The text report prints one line per error after the counts."""
    assert main(["eval", str(TINY), "--threshold", "0.8", "--verifier", "cosine",
                 "--show-errors"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "errors       " in out and "  false hit opposite" in out


def test_a_conversation_in_another_context_is_never_served(
    tmp_path: Path, model: OnnxEmbedder
) -> None:
    """The same final message after other earlier turns misses (another scope), on
    both paths; after the same turns it is served."""

    def convo(topic: str) -> list[dict[str, str]]:
        return [{"role": "user", "content": f"Tell me about {topic}"},
                {"role": "assistant", "content": "Sure."},
                {"role": "user", "content": "How far away is it from us?"}]  # fmt: skip

    rows = [{"a": convo("Mars"), "b": convo("Venus"), "label": 0},
            {"a": convo("Mars"), "b": convo("Mars"), "label": 1}]  # fmt: skip
    path = tmp_path / "convos.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    pairs = read_pairs(path)
    for score in (score_fast, score_through_cache):
        scores = score(pairs, model, default_verifier(model))
        assert not np.isfinite(scores.served[0]) and np.isfinite(scores.served[1])
    fast = score_fast(pairs, model, default_verifier(model))
    assert fast.vetoes[0] == "context"
    assert errors(fast, pairs, 0.5) == []


def test_per_kind_shares_are_reported(capsys: pytest.CaptureFixture[str]) -> None:
    """Files with a kind field get the share served per kind."""
    assert main(["eval", str(TINY), "--json", "--threshold", "0.8", "--verifier", "cosine"]) == 0
    kinds = json.loads(capsys.readouterr().out)["served_by_kind"]
    assert kinds["paraphrase"] == 1.0 and kinds["opposite"] == 1.0
