"""What a hostile reply costs the judge: refused before anything is decoded or built.

Each attack is a crafted frame fed through the real decoding path (``wire.read_frame``
over a file, then ``Student._interpret`` with the Keras decoder) in a fresh process
whose peak RSS is compared with its baseline (after importing, and for Keras attacks
after rebuilding one small layer, so lazily imported modules are in the baseline).

The bound, 300 MiB above the baseline: a refused frame costs at most its bytes a few
times over (bytes, text, a parse of at most ``wire.MAX_ELEMENTS`` objects: ~100 MiB
for a 32 MiB frame), while every attack below costs >= 700 MB when the guard is missing
(6.5 GB for the units=10**6 layer, 3.6 GB for the 90 MB frame).
"""
import base64
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.harness import keras_guard, wire

ROOT = Path(__file__).resolve().parent.parent
RSS_SLACK_MIB = 300

CHILD = r"""
import json, os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
from autograder.harness import student, wire

from autograder.memory import peak_rss_mib as rss  # this process's own, not pytest's

def run(path):
    with open(path, "rb") as fh:
        def read_exact(n):
            data = fh.read(n)
            if len(data) < n:
                raise EOFError
            return data
        reply = wire.read_frame(read_exact)
        return student.Student()._interpret("answer", reply, False)

if sys.argv[2]:  # warm up: keras imported and one small layer rebuilt
    run(sys.argv[2])
base = rss()
out = {"base": base}
try:
    value = run(sys.argv[1])
    out["ok"] = type(value).__name__
    out["size"] = int(getattr(value, "size", 0) or 0)
except Exception as exc:
    out["error"] = f"{type(exc).__name__}: {exc}"
out["peak"] = rss()
print(json.dumps(out))
"""


def frame(value, raw: bytes | None = None) -> bytes:
    """A reply frame for ``value``, or with the JSON text ``raw`` as its value."""
    body = json.dumps({"status": "ok", "value": value}).encode()
    if raw is not None:
        body = body.replace(b"null", raw)
    return len(body).to_bytes(8, "big") + body


def layer_spec(cls, config, input_shape, **outer):
    return {"__keras_layer__": {
        "config": {"module": "keras.layers", "class_name": cls,
                   "config": {"name": "attack", **config}, "registered_name": None,
                   "build_config": {"input_shape": input_shape}, **outer},
        "build": {"input_shape": input_shape}, "weights": []}}


def small_layer():
    return layer_spec("SimpleRNN", {"units": 2, "return_sequences": True}, [None, None, 3])


def run_child(tmp_path, data: bytes, keras: bool) -> dict:
    attack = tmp_path / "attack.bin"
    attack.write_bytes(data)
    warm = ""
    if keras:
        warm = str(tmp_path / "warm.bin")
        Path(warm).write_bytes(frame(small_layer()))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(attack), warm], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def assert_refused(result, *fragments):
    assert "error" in result, f"not refused: {result}"
    for fragment in fragments:
        assert fragment in result["error"], result["error"]
    grown = result["peak"] - result["base"]
    assert grown < RSS_SLACK_MIB, f"refusing cost {grown:.0f} MiB ({result})"


def sequential(layers, build_input_shape):
    return {"module": "keras", "class_name": "Sequential",
            "config": {"name": "attack", "layers": layers,
                       "build_input_shape": build_input_shape}}


def keras_layer(cls, **config):
    return {"module": "keras.layers", "class_name": cls, "config": config}


SEQUENTIAL_FLATTEN = sequential(
    [keras_layer("InputLayer", batch_shape=[None, 60000, 60000]), keras_layer("Flatten"),
     keras_layer("Dense", units=1)], [None, 60000, 60000])


# --- Keras: layer configs ------------------------------------------------------------

@pytest.mark.parametrize("cls", ["SimpleRNN", "LSTM"])
def test_huge_units_layer_is_refused(tmp_path, cls):
    data = frame(layer_spec(cls, {"units": 10**6, "return_sequences": True}, [None, None, 3]))
    assert_refused(run_child(tmp_path, data, keras=True),
                   "BadReturnValue", "1,000,000 (units)", "65,536")


def test_bidirectional_huge_layer_is_refused(tmp_path):
    inner = keras_layer("LSTM", name="fwd", units=60000, return_sequences=True)
    data = frame(layer_spec("Bidirectional", {"layer": inner, "merge_mode": "concat"},
                            [None, None, 3]))
    assert_refused(run_child(tmp_path, data, keras=True),
                   "BadReturnValue", "parameters; at most 2,000,000 are graded")


def test_flatten_cannot_hide_a_wide_input():
    with pytest.raises(keras_guard.KerasTooCostly, match="3,600,00"):
        keras_guard.check_config(SEQUENTIAL_FLATTEN)


def test_concatenation_cannot_double_a_width_unseen():
    layers = [dict(keras_layer("InputLayer", batch_shape=[None, 60000], name="x0"),
                   name="x0", inbound_nodes=[])]

    def tensor(name):
        return {"class_name": "__keras_tensor__", "config": {"keras_history": [name, 0, 0]}}
    for i in range(1, 12):
        prev = f"x{i - 1}"
        layers.append(dict(keras_layer("Concatenate", name=f"x{i}"), name=f"x{i}",
                           inbound_nodes=[{"args": [[tensor(prev), tensor(prev)]]}]))
    layers.append(dict(keras_layer("Dense", units=1, name="out"), name="out",
                       inbound_nodes=[{"args": [tensor("x11")]}]))
    model = {"module": "keras", "class_name": "Functional", "config": {"layers": layers}}
    with pytest.raises(keras_guard.KerasTooCostly, match="parameters"):
        keras_guard.check_config(model)


def test_build_config_cannot_widen_a_layer():
    spec = layer_spec("Dense", {"units": 60000}, [None, 3])
    spec["__keras_layer__"]["config"]["build_config"] = {"input_shape": [None, 60000]}
    with pytest.raises(keras_guard.KerasTooCostly, match="parameters"):
        keras_guard.check_config(spec["__keras_layer__"]["config"],
                                 spec["__keras_layer__"]["build"])


def test_too_many_layers_and_foreign_modules_are_refused():
    many = sequential([keras_layer("Dropout", rate=0.1) for _ in range(100)], [None, 3])
    with pytest.raises(keras_guard.KerasTooCostly, match="at most 64 are graded"):
        keras_guard.check_config(many)
    foreign = sequential([dict(keras_layer("Dense", units=1), module="os")], [None, 3])
    with pytest.raises(keras_guard.KerasTooCostly, match="only built-in Keras"):
        keras_guard.check_config(foreign)


# --- Keras: models ----------------------------------------------------------------

def model_spec(config, weights=()):
    return {"__keras_model__": {"config": config,
                                "weights": [wire.encode(np.asarray(w)) for w in weights]}}


SMALL_MODEL = sequential([keras_layer("InputLayer", batch_shape=[None, 3]),
                          keras_layer("Dense", units=2)], [None, 3])


def test_model_config_is_checked_before_building(tmp_path):
    data = frame(model_spec(SEQUENTIAL_FLATTEN))
    assert_refused(run_child(tmp_path, data, keras=True), "BadReturnValue",
                   "parameters; at most")


def test_model_weights_must_fit_the_rebuilt_model():
    from autograder.harness import student
    reply = {"status": "ok", "value": model_spec(SMALL_MODEL, [np.ones((3, 2)), np.ones(2)])}
    model = student.Student()._interpret("answer", reply, False)
    np.testing.assert_array_equal(model.get_weights()[0], np.ones((3, 2)))
    for weights in ([np.ones((300, 2)), np.ones(2)], [np.ones((3, 2))]):
        reply = {"status": "ok", "value": model_spec(SMALL_MODEL, weights)}
        with pytest.raises(student.BadReturnValue, match="cannot be graded"):
            student.Student()._interpret("answer", reply, False)


def test_malformed_model_is_refused():
    for spec in ({"config": [], "weights": []}, {"config": SMALL_MODEL}, "model.keras",
                 {"config": keras_layer("Dense", units=2), "weights": []}):
        with pytest.raises(keras_guard.KerasTooCostly, match="malformed Keras model"):
            keras_guard.keras_decoder({"__keras_model__": spec})


# --- frames and arrays ---------------------------------------------------------------

def test_huge_frame_of_empty_lists_is_refused(tmp_path):
    n = 30_000_000  # ~90 MB
    data = frame(None, b"[" + b"[]," * n + b"[]]")
    assert_refused(run_child(tmp_path, data, keras=False), "exceeds the limit")


def test_frame_of_empty_lists_under_the_size_cap_is_refused(tmp_path):
    n = (wire.MAX_FRAME_BYTES - 100) // 3  # ~11 million lists: ~0.7 GB unguarded
    data = frame(None, b"[" + b"[]," * n + b"[]]")
    assert_refused(run_child(tmp_path, data, keras=False),
                   "the reply has too many elements to grade", "1,000,000")


def test_deeply_nested_frame_is_refused(tmp_path):
    n = 500_000
    data = frame(None, b"[" * n + b"]" * n)
    assert_refused(run_child(tmp_path, data, keras=False), "nested too deeply")


def npy_claiming(shape, payload=b"") -> str:
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': %r, }" % (shape,)
    header = header.ljust(118) + "\n"
    return base64.b64encode(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little")
                            + header.encode() + payload).decode()


def test_npy_header_claiming_10_12_elements_is_refused(tmp_path):
    data = frame({"__ndarray__": npy_claiming((10**6, 10**6))})
    assert_refused(run_child(tmp_path, data, keras=False),
                   "1,000,000,000,000 elements", "too large to grade")


def test_npy_header_must_match_the_bytes_sent():
    forged = {"__ndarray__": npy_claiming((1000,), bytes(80))}
    with pytest.raises(wire.WireError, match="claims 8,000 bytes of data, 80 were sent"):
        wire.decode(forged)


# --- legitimate answers still cross ----------------------------------------------------

def test_a_million_float64_still_crosses(tmp_path):
    value = wire.encode(np.random.default_rng(0).normal(size=1_000_000))
    result = run_child(tmp_path, frame(value), keras=False)
    assert result.get("ok") == "ndarray" and result["size"] == 1_000_000, result


def reference_answers():
    from solutions import rnn_architectures_part1 as a1
    from solutions import rnn_architectures_part2 as a2
    from solutions import rnn_fundamentals as f
    from solutions import rnn_variants_overview as v
    rng = np.random.default_rng(0)
    yield "to_keras_simple_rnn", f.to_keras_simple_rnn(rng.normal(size=(3, 5)),
                                                       rng.normal(size=(5, 5)), np.ones(5))
    for cell in ("lstm", "gru", "simple_rnn"):
        yield f"sentiment_{cell}", a1.build_sentiment_classifier(39, cell=cell)
    yield "sequence_tagger", a1.build_sequence_tagger(51, 8)
    yield "seq2seq", a1.build_seq2seq(30, 13)
    yield "conv1d_classifier", a1.build_conv1d_classifier(12)
    yield "char_language_model", a2.build_char_language_model(100)  # defaults: 128 units
    for cell in ("simple_rnn", "lstm", "gru"):
        for bidirectional in (False, True):
            yield (f"recurrent_{cell}_{bidirectional}",
                   v.build_recurrent_classifier(cell, 4, 16, 3, bidirectional=bidirectional))


def test_every_reference_keras_answer_still_decodes():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from autograder.harness import student
    from autograder.harness.student_process_main import KerasCodec
    codec = KerasCodec(wire)
    for name, obj in reference_answers():
        data = wire.dumps({"status": "ok", "value": wire.encode(obj, keras_encoder=codec)})
        stream = io.BytesIO(data)
        back = student.Student()._interpret(name, wire.read_frame(stream.read), False)
        assert type(back).__name__ == type(obj).__name__, name
        assert back.count_params() == obj.count_params(), name
        assert len(back.get_weights()) == len(obj.get_weights()), name
        for got, want in zip(back.get_weights(), obj.get_weights()):
            np.testing.assert_array_equal(got, want)
        if hasattr(obj, "compiled"):  # a model: rebuilt as built, compiled as compiled
            as_json = lambda m: json.dumps(m.get_config(), sort_keys=True)  # noqa: E731
            assert as_json(back) == as_json(obj), name
            assert back.compiled == obj.compiled and back.loss == obj.loss, name
            assert type(back.optimizer) is type(obj.optimizer), name
        assert len(data) * 4 < wire.MAX_FRAME_BYTES, name
