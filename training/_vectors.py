"""Embed texts with the default model and cache the vectors on disk (training only).

Vectors are cached per text (sha1 of the text) in training/.cache/, so the
120k QQP texts are embedded once per model: the cache file is named after
semcache.embed.default_embedder()'s model, so vectors of an older model are never reused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

CACHE = Path(__file__).parent / ".cache"
_LOADED: dict[Path, dict[str, np.ndarray]] = {}  # each cache file is read once per process


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def embed(texts: Sequence[str], name: str, batch: int = 64) -> np.ndarray:
    """Vectors of ``texts`` (unit rows), cached under training/.cache/NAME-MODEL.npz."""
    from semcache.embed import default_embedder
    from semcache.embed.onnx import MINILM_NAME

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"{name}-{MINILM_NAME}.npz"
    if path not in _LOADED:
        _LOADED[path] = {}
        if path.exists():
            data = np.load(path, allow_pickle=False)
            _LOADED[path] = dict(zip(data["keys"].tolist(), data["vecs"], strict=True))
    known = _LOADED[path]
    keys = [_key(t) for t in texts]
    todo = sorted(
        {k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items(),
        key=lambda kv: len(kv[1]),
    )
    if todo:
        from tqdm import tqdm

        run = default_embedder().embed
        for i in tqdm(range(0, len(todo), batch), desc=f"embed {name}", unit="batch"):
            chunk = todo[i : i + batch]
            vecs = run([t for _, t in chunk])
            known.update(zip([k for k, _ in chunk], vecs, strict=True))
        partial = path.with_suffix(".partial.npz")  # renamed into place: a kill leaves no torn file
        np.savez(partial, keys=np.array(list(known)), vecs=np.stack(list(known.values())))
        partial.replace(path)
    return np.stack([known[k] for k in keys])
