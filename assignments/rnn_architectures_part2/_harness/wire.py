"""Values that cross the student/judge process boundary, encoded without pickle.

The judge must never unpickle anything a student process produced: unpickling runs
code. Everything is JSON; arrays travel as ``.npy`` bytes loaded with
``allow_pickle=False``; Keras objects travel as their JSON config plus weights, and
the judge rebuilds them from built-in classes only. Anything else is refused with a
message a student can act on.

Frames on a pipe are an 8-byte big-endian length followed by UTF-8 JSON.

The judge pays for whatever a reply describes, and a hostile student writes every
byte of it, so every cost is bounded *before* anything is parsed or allocated: the
frame size, the number of JSON elements and the nesting depth (a reply of empty
lists costs ~40x its size in Python objects), and every ``.npy`` header (its shape
must match the bytes actually sent). This module is also loaded, by file path, in
the student process: it must import nothing from the package.
"""
from __future__ import annotations

import base64
import io
import json
import math
import struct

import numpy as np

# Largest real reply: a Keras model of the course, ~0.3 MB (config and weights; the
# char model at vocab 100 is the largest), or an array of 1,000,000 float64 (~10.7 MB
# in base64).
MAX_FRAME_BYTES = 32 * 1024 * 1024
# JSON containers + elements: a Python object each (~64 bytes for an empty list), so
# this caps json.loads at ~100 MB; real replies hold a few thousand (arrays travel as
# one base64 string, which contains none of the counted bytes).
MAX_ELEMENTS = 1_000_000
MAX_JSON_DEPTH = 64    # containers inside containers, as parsed (decode allows less)
MAX_DEPTH = 20
MAX_ARRAY_BYTES = 64 * 1024 * 1024
MAX_ARRAY_NDIM = 32


class WireError(ValueError):
    """A value that cannot cross the boundary (wrong type, too big, malformed)."""


class Rng:
    """Stands for ``numpy.random.default_rng(seed)``, created on the receiving side."""

    def __init__(self, seed: int):
        self.seed = int(seed)

    def __repr__(self):
        return f"Rng({self.seed})"


class Fn:
    """A callable argument, named rather than shipped.

    ``Fn("harness", name, *bound)`` is a function of ``testfns`` (public, shipped with
    the release); ``Fn("student", name, *bound, output=k)`` is the student's own
    function with leading arguments bound (and ``output`` picking one element of a
    tuple result). The student process resolves the name; no code crosses.
    """

    def __init__(self, kind: str, name: str, *bound, output: int | None = None,
                 argpos: int = 0):
        if kind not in ("harness", "student"):
            raise WireError(f"unknown callable kind {kind!r}")
        self.kind, self.name, self.bound = kind, name, list(bound)
        self.output, self.argpos = output, argpos

    def __repr__(self):
        return f"Fn({self.kind}:{self.name})"


class Handle:
    """An object that stays in the student process (e.g. a forward pass's cache).

    The judge gets the handle instead of the object and passes it back to another
    student function, which receives the original object: caches stay opaque.
    """

    def __init__(self, ident: int):
        self.ident = int(ident)

    def __repr__(self):
        return f"Handle({self.ident})"


def _float(x: float):
    if math.isnan(x) or math.isinf(x):
        return {"__float__": repr(float(x))}
    return float(x)


def check_json_cost(body: bytes, what: str = "the reply") -> None:
    """Refuse JSON text whose parsed form would cost far more than its bytes.

    Every container and every element after the first of its container costs one
    ``[``, ``{`` or ``,`` byte, so their count bounds the number of Python objects
    ``json.loads`` creates (bytes inside strings are counted too: conservative).
    """
    count = body.count(b"[") + body.count(b"{") + body.count(b",")
    if count > MAX_ELEMENTS:
        raise WireError(f"{what} has too many elements to grade ({count:,} > "
                        f"{MAX_ELEMENTS:,}); return a NumPy array instead of long lists")


def loads(body: bytes, what: str = "the reply"):
    """``json.loads`` after :func:`check_json_cost`, with a bounded nesting depth."""
    check_json_cost(body, what)
    try:
        data = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise WireError(f"{what} is nested too deeply to be graded") from None
    _check_depth(data, what)
    return data


def _check_depth(data, what: str) -> None:
    """Breadth-first, so a deep value costs no Python recursion here."""
    level, depth = [data], 0
    while level:
        depth += 1
        if depth > MAX_JSON_DEPTH:
            raise WireError(f"{what} is nested too deeply to be graded "
                            f"(more than {MAX_JSON_DEPTH} levels)")
        nxt = []
        for v in level:
            if isinstance(v, list):
                nxt.extend(v)
            elif isinstance(v, dict):
                nxt.extend(v.values())
        level = [v for v in nxt if isinstance(v, (list, dict))]


def load_array(raw: bytes) -> np.ndarray:
    """``np.load`` of ``.npy`` bytes, once the header has been checked against them.

    The header can claim any shape; ``np.load`` would allocate it. So the header is
    parsed first: no objects, and shape x itemsize must equal the bytes present and
    stay under :data:`MAX_ARRAY_BYTES`.
    """
    from numpy.lib import format as npy
    fp = io.BytesIO(raw)
    try:
        version = npy.read_magic(fp)
        if version == (1, 0):
            shape, fortran, dtype = npy.read_array_header_1_0(fp)
        elif version == (2, 0):
            shape, fortran, dtype = npy.read_array_header_2_0(fp)
        else:
            raise WireError(f"unsupported .npy version {version}")
    except WireError:
        raise
    except Exception as exc:  # noqa: BLE001 - any malformed header
        raise WireError(f"malformed array ({exc})") from None
    if dtype.hasobject:
        raise WireError("an array of Python objects cannot be graded; "
                        "return a numeric array")
    if len(shape) > MAX_ARRAY_NDIM or any(not isinstance(n, int) or n < 0 for n in shape):
        raise WireError("malformed array shape")
    count = math.prod(shape)
    nbytes = count * dtype.itemsize
    if nbytes > MAX_ARRAY_BYTES:
        raise WireError(f"an array of {count:,} elements ({nbytes // 2**20:,} MiB) is too "
                        f"large to grade (at most {MAX_ARRAY_BYTES // 2**20} MiB)")
    present = len(raw) - fp.tell()
    if nbytes != present:
        raise WireError(f"malformed array: its header claims {nbytes:,} bytes of data, "
                        f"{present:,} were sent")
    return np.load(io.BytesIO(raw), allow_pickle=False)


def _array_bytes(a: np.ndarray) -> str:
    if a.dtype.hasobject:
        raise WireError("an array of Python objects cannot be graded; return a numeric array")
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(a), allow_pickle=False)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def encode(value, keras_encoder=None, _depth: int = 0):
    """Turn a value into JSON-ready data; ``keras_encoder`` handles Keras objects."""
    if _depth > MAX_DEPTH:
        raise WireError("value is nested too deeply to be graded")
    d = _depth + 1
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return {"__npscalar__": "bool", "v": bool(value)}
    if isinstance(value, int):
        return value if abs(value) < 2**53 else {"__bigint__": str(value)}
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, np.generic) and value.dtype.kind in "iuf":
        v = value.item()
        return {"__npscalar__": value.dtype.str,
                "v": _float(v) if isinstance(v, float) else str(v)}
    if isinstance(value, np.ndarray):
        return {"__ndarray__": _array_bytes(value)}
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v, keras_encoder, d) for v in value]}
    if isinstance(value, list):
        return [encode(v, keras_encoder, d) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise WireError("dictionaries must have string keys to be graded")
        return {"__dict__": {k: encode(v, keras_encoder, d) for k, v in value.items()}}
    if isinstance(value, Rng):
        return {"__rng__": value.seed}
    if isinstance(value, Handle):
        return {"__handle__": value.ident}
    if isinstance(value, Fn):
        return {"__fn__": {"kind": value.kind, "name": value.name,
                           "bound": [encode(v, keras_encoder, d) for v in value.bound],
                           "output": value.output, "argpos": value.argpos}}
    if keras_encoder is not None:
        encoded = keras_encoder(value)
        if encoded is not None:
            return encoded
    raise WireError(f"a value of type {type(value).__module__}.{type(value).__qualname__} "
                    "cannot be graded; return NumPy arrays, numbers, lists or tuples")


def decode(data, keras_decoder=None, fn_resolver=None, handles=None, _depth: int = 0):
    """Inverse of :func:`encode`; strict about every tag it accepts.

    ``handles`` (student side only) maps handle numbers to the objects they stand for.
    """
    if _depth > MAX_DEPTH:
        raise WireError("value is nested too deeply")
    d = _depth + 1

    def sub(v):
        return decode(v, keras_decoder, fn_resolver, handles, d)
    if data is None or isinstance(data, (bool, str, int, float)):
        return data
    if isinstance(data, list):
        return [sub(v) for v in data]
    if not isinstance(data, dict) or len(data) == 0:
        raise WireError("malformed value")
    if "__ndarray__" in data:
        raw = base64.b64decode(data["__ndarray__"], validate=True)
        return load_array(raw)
    if "__tuple__" in data:
        return tuple(sub(v) for v in data["__tuple__"])
    if "__dict__" in data:
        return {str(k): sub(v) for k, v in data["__dict__"].items()}
    if "__handle__" in data:
        if handles is None:
            return Handle(data["__handle__"])
        if data["__handle__"] not in handles:
            raise WireError("a cache from an earlier run of the student process was lost "
                            "(the process restarted after a crash)")
        return handles[data["__handle__"]]
    if "__float__" in data:
        return float(data["__float__"])
    if "__bigint__" in data:
        return int(data["__bigint__"])
    if "__npscalar__" in data:
        kind = data["__npscalar__"]
        if kind == "bool":
            return np.bool_(data["v"])
        dtype = np.dtype(kind)
        if dtype.kind not in "iuf":
            raise WireError("malformed scalar")
        v = data["v"]
        return dtype.type(float(v["__float__"]) if isinstance(v, dict) else v)
    if "__rng__" in data:
        return np.random.default_rng(int(data["__rng__"]))
    if "__fn__" in data:
        if fn_resolver is None:
            raise WireError("callables are only accepted by the student process")
        spec = data["__fn__"]
        bound = [sub(v) for v in spec["bound"]]
        return fn_resolver(spec["kind"], spec["name"], bound, spec["output"], spec["argpos"])
    if keras_decoder is not None and ("__keras_layer__" in data or "__keras_model__" in data):
        return keras_decoder(data)
    raise WireError("malformed value: unknown tag")


def dumps(message) -> bytes:
    """One frame; the sender refuses what the receiver would refuse, with the reason."""
    body = json.dumps(message, allow_nan=False, separators=(",", ":")).encode("utf-8")
    if len(body) > MAX_FRAME_BYTES:
        raise WireError(f"value too large to grade ({len(body) / 2**20:.1f} MiB > "
                        f"{MAX_FRAME_BYTES // 2**20} MiB)")
    check_json_cost(body, "the value")
    return struct.pack(">Q", len(body)) + body


def read_frame(read_exact) -> dict:
    """Read one frame with ``read_exact(n) -> bytes``; refuse oversized or costly frames."""
    header = read_exact(8)
    (size,) = struct.unpack(">Q", header)
    if size > MAX_FRAME_BYTES:
        raise WireError(f"message of {size:,} bytes exceeds the limit "
                        f"({MAX_FRAME_BYTES // 2**20} MiB)")
    message = loads(read_exact(size))
    if not isinstance(message, dict):
        raise WireError("malformed message")
    return message


def keras_sharing_scope():
    """The scope ``model.save`` and ``load_model`` use: a shared object is written once
    (the student process encodes in it) and rebuilt once (``keras_guard`` decodes in it)."""
    try:
        from keras.src.saving.serialization_lib import ObjectSharingScope
    except ImportError:  # a Keras that moved it: shared objects are then repeated
        import contextlib
        return contextlib.nullcontext()
    return ObjectSharingScope()
