"""The value encoding that crosses the student/judge boundary."""
import json

import numpy as np
import pytest

from autograder.harness import wire


def roundtrip(value):
    return wire.decode(json.loads(wire.dumps({"v": wire.encode(value)})[8:])["v"])


def test_arrays_scalars_and_containers_roundtrip():
    value = (np.arange(6.0).reshape(2, 3), [1, 2.5, None, True, "s"], {"k": np.float32(1.5)},
             np.int64(7), float("nan"), float("inf"), 2 ** 70)
    back = roundtrip(value)
    assert isinstance(back, tuple) and np.array_equal(back[0], value[0])
    assert back[1] == [1, 2.5, None, True, "s"]
    assert back[2]["k"] == np.float32(1.5) and back[3] == 7 and np.isnan(back[4])
    assert back[5] == float("inf") and back[6] == 2 ** 70


def test_object_arrays_and_arbitrary_objects_are_refused():
    with pytest.raises(wire.WireError, match="Python objects"):
        wire.encode(np.array([object()], dtype=object))
    with pytest.raises(wire.WireError, match="cannot be graded"):
        wire.encode(object())
    with pytest.raises(wire.WireError, match="string keys"):
        wire.encode({1: 2})


def test_pickled_arrays_are_not_loaded():
    import base64
    import io
    buf = io.BytesIO()
    np.save(buf, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    forged = {"__ndarray__": base64.b64encode(buf.getvalue()).decode()}
    with pytest.raises(ValueError):
        wire.decode(forged)


def test_unknown_tags_and_oversized_frames_are_refused():
    with pytest.raises(wire.WireError):
        wire.decode({"__evil__": 1})
    with pytest.raises(wire.WireError):
        wire.decode({"__fn__": {"kind": "student", "name": "f", "bound": [],
                                "output": None, "argpos": 0}})  # no resolver in the judge
    frames = [b"\xff" * 8]
    with pytest.raises(wire.WireError, match="exceeds"):
        wire.read_frame(lambda n: frames.pop(0))


def test_deep_nesting_is_refused():
    value = []
    for _ in range(50):
        value = [value]
    with pytest.raises(wire.WireError, match="deeply"):
        wire.encode(value)


def frame_reader(data: bytes):
    import io
    return io.BytesIO(data).read


def test_frames_with_too_many_elements_are_refused_before_parsing():
    body = b'{"v":[' + b"[]," * (wire.MAX_ELEMENTS // 2) + b"[]]}"
    data = len(body).to_bytes(8, "big") + body
    with pytest.raises(wire.WireError, match="the reply has too many elements to grade"):
        wire.read_frame(frame_reader(data))
    with pytest.raises(wire.WireError, match="too many elements"):
        wire.dumps({"v": [[]] * wire.MAX_ELEMENTS})


def test_deeply_nested_frames_are_refused():
    for n in (wire.MAX_JSON_DEPTH + 5, 100_000):  # parsed then refused; parser recursion
        body = b'{"v":' + b"[" * n + b"]" * n + b"}"
        with pytest.raises(wire.WireError, match="nested too deeply"):
            wire.read_frame(frame_reader(len(body).to_bytes(8, "big") + body))


def test_npy_headers_are_checked_against_the_bytes():
    import base64
    import io

    def npy(a):
        buf = io.BytesIO()
        np.save(buf, a)
        return buf.getvalue()
    raw = npy(np.arange(10.0))
    with pytest.raises(wire.WireError, match="claims 80 bytes of data, 72 were sent"):
        wire.load_array(raw[:-8])
    with pytest.raises(wire.WireError, match="claims 80 bytes of data, 88 were sent"):
        wire.load_array(raw + bytes(8))
    huge = raw.replace(b"(10,)", b"(10**9,)".replace(b"10**9", b"1000000000"))
    with pytest.raises(wire.WireError, match="too large to grade"):
        wire.decode({"__ndarray__": base64.b64encode(huge).decode()})
    with pytest.raises(wire.WireError, match="malformed array"):
        wire.load_array(b"not an npy file")


def test_a_large_legitimate_array_crosses_a_frame():
    a = np.random.default_rng(1).normal(size=1_000_000)
    data = wire.dumps({"v": wire.encode(a)})
    assert len(data) < wire.MAX_FRAME_BYTES
    back = wire.decode(wire.read_frame(frame_reader(data))["v"])
    assert np.array_equal(back, a)
