"""The student process: runs the student's cells and answers calls, nothing else.

It is started by :mod:`student_process` in isolated mode with no course directory on its
path, and loads its two helper modules by file path. It never sees a test or a
reference value: the judge sends arguments, this process sends back what the
student's function returned. Whatever student code does here (patch NumPy, exit,
print, loop) can only change the values it returns.
"""
from __future__ import annotations

import builtins
import os
import random
import re
import sys
import traceback
import types

IN_FD, OUT_FD = 0, 1  # replaced by the boot code (take_stdio)
MAX_CAPTURED_OUTPUT = 20_000


class _CappedText:
    """A stdout/stderr replacement that keeps the first few kilobytes only."""

    def __init__(self):
        self.parts, self.size = [], 0

    def write(self, s):
        s = str(s)
        if self.size < MAX_CAPTURED_OUTPUT:
            self.parts.append(s[: MAX_CAPTURED_OUTPUT - self.size])
        self.size += len(s)
        return len(s)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        raise OSError("no file descriptor in the grading sandbox")


def limit_resources(memory_bytes: int, file_bytes: int) -> None:
    """Lower this process's rlimits where the platform has them (not on Windows).

    A limit above the hard one the machine already imposes (a hub's ``ulimit -v``)
    becomes that hard limit; a limit the platform refuses (macOS and a large
    ``RLIMIT_AS``) is left out: the self-check must still run there.
    """
    try:
        import resource
    except ImportError:
        return
    for name, value in (("RLIMIT_AS", memory_bytes), ("RLIMIT_FSIZE", file_bytes),
                        ("RLIMIT_CORE", 0)):
        which = getattr(resource, name, None)
        if which is None or value < 0:
            continue
        try:
            hard = resource.getrlimit(which)[1]
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass
    try:
        import signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails, not kills
    except (AttributeError, ValueError, OSError):
        pass


def take_stdio() -> tuple[int, int]:
    """The protocol's pipe ends are this process's stdin and stdout: keep private
    copies, and point fds 0 and 1 at the null device, so nothing the student's code
    writes or reads there (``os.write(1, ...)``, a C library's printf) touches them."""
    ends = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    if sys.platform == "win32":  # no newline translation on the pipes
        import msvcrt
        for fd in ends:
            msvcrt.setmode(fd, os.O_BINARY)
    return ends


def _read_exact(n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = os.read(IN_FD, n - got)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _send(wire, message: dict) -> None:
    try:
        data = wire.dumps(message)
    except wire.WireError as exc:  # too large to grade: say so instead of crashing
        data = wire.dumps({"status": "bad_value", "message": str(exc)})
    view = memoryview(data)
    while view:
        written = os.write(OUT_FD, view)
        view = view[written:]


def _strip_magics(source: str) -> str:
    """IPython magics and shell escapes mean nothing here; comment them out."""
    return re.sub(r"(?m)^(\s*)([%!])", r"\1# \2", source)


def _short_traceback(exc: BaseException, filename: str) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<")]
    where = f" (line {frames[-1].lineno} of {frames[-1].filename.strip('<>')})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


SHAPE_ERROR = re.compile(r"shape|operand|broadcast|dimension|aligned", re.IGNORECASE)


def shape_note(name: str, func, args, kwargs, exc: BaseException) -> str:
    """For an error about shapes (NumPy's matmul or broadcasting, say): the shapes
    ``name`` received and the ones its docstring - the contract the stub states, e.g.
    ``x_t (N, D), Wx (D, H)`` - gives its arguments, with the sizes they imply. NumPy's
    own message names neither the function nor what it expected. "" for other errors
    (and whenever the student's objects make this fail: the error itself is reported)."""
    try:
        if not isinstance(exc, ValueError) or not SHAPE_ERROR.search(str(exc)):
            return ""
        return _shape_note(name, func, args, kwargs, exc)
    except Exception:  # noqa: BLE001 - a strange signature or argument: no note
        return ""


def _shape_note(name, func, args, kwargs, exc) -> str:
    import inspect
    bound = inspect.signature(func).bind(*args, **kwargs).arguments
    doc = inspect.getdoc(func) or ""
    received, expected, sizes, clashes = [], [], {}, []
    for param, value in bound.items():
        shape = getattr(value, "shape", None)
        if not isinstance(shape, tuple):
            continue
        received.append(f"{param} {shape}")
        found = re.search(rf"(?<![\w.]){re.escape(param)} (\([^()]*\))", doc)
        if not found:
            continue
        expected.append(f"{param} {found.group(1)}")
        dims = [d.strip() for d in found.group(1).strip("()").split(",") if d.strip()]
        if len(dims) != len(shape):
            clashes.append(f"{param} has {len(shape)} dimensions, not {len(dims)}")
            continue
        for dim, size in zip(dims, shape):
            if dim.isidentifier() and sizes.setdefault(dim, size) != size:
                clashes.append(f"{param} gives {dim}={size}, another argument {dim}={sizes[dim]}")
    if not received:
        return ""
    note = f"\n{name} received {', '.join(received)}"
    if not expected:
        return note + "."
    note += f"; its contract (the docstring) expects {', '.join(expected)}"
    if clashes:
        return note + f": the arguments do not fit it ({'; '.join(clashes)})."
    fit = ", ".join(f"{dim}={size}" for dim, size in sizes.items())
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<")]
    inside = frames[-1].name if frames and frames[-1].name.isidentifier() else name
    inside = name if inside == name else f"{inside}, which {name} calls"
    return (note + f". The arguments fit it ({fit}): the shapes go wrong inside "
            f"{inside} (a transposed weight, or a product in the wrong order?).")


CALL_SEED = 0


def reseed() -> None:
    """Give Keras the same seeds at the start of every call, so that a model built here
    gets the same initial weights however many calls came before it: a notebook scores
    the same when graded again, in another order, or by a warm process.

    Keras draws those seeds from Python's global ``random``; it gets a generator of its
    own instead, so the global generators (Python's and NumPy's) are left as they are
    and a student who draws from them instead of the ``rng`` argument is still caught.
    A Keras that keeps its seeds elsewhere is left alone (its weights then vary).
    """
    seeding = sys.modules.get("keras.src.random.seed_generator")
    if seeding is None or not hasattr(seeding, "python_random"):
        return
    try:
        if not isinstance(seeding.python_random, random.Random):  # still the module
            seeding.python_random = random.Random()
        seeding.python_random.seed(CALL_SEED)
    except Exception:  # noqa: BLE001 - a student who broke Keras only harms themselves
        pass


class KerasCodec:
    """Keras objects as their config and weights, rebuilt by the judge's
    :func:`keras_guard.keras_decoder` once checked."""

    def __init__(self, wire):
        self.wire = wire

    def __call__(self, obj):
        module = type(obj).__module__ or ""
        if not (module.startswith("keras") or module.startswith("tensorflow")
                or module.startswith("tf_keras")):
            return None
        import json

        import keras
        if isinstance(obj, keras.Model):  # what model.save writes, without the zip and h5
            with self.wire.keras_sharing_scope():
                config = keras.saving.serialize_keras_object(obj)
            config = json.loads(json.dumps(config, default=str))
            weights = [self.wire.encode(w) for w in obj.get_weights()]
            return {"__keras_model__": {"config": config, "weights": weights}}
        if isinstance(obj, keras.layers.Layer):
            config = json.loads(json.dumps(keras.layers.serialize(obj), default=str))
            build = obj.get_build_config() if obj.built else None
            build = json.loads(json.dumps(build, default=str)) if build else None
            weights = [self.wire.encode(w) for w in obj.get_weights()]
            return {"__keras_layer__": {"config": config, "build": build, "weights": weights}}
        if hasattr(obj, "numpy"):  # a tensor: grade its value
            import numpy as np
            return self.wire.encode(np.asarray(obj.numpy()))
        return None


class LazyModule(types.ModuleType):
    """Stands in ``sys.modules`` for a module not imported yet: ``import keras`` (in a
    setup cell, or in a stub that raises NotImplementedError next) binds it for free,
    and the first attribute read imports the real module and answers from it; from then
    on ``sys.modules`` holds the real one. A subpackage read from it (``from keras
    import layers``) is a stand-in too, until something is read from that. The
    self-check asks for it (:func:`lazy`): a NumPy question is checked without
    TensorFlow's start-up even where the notebook imports Keras."""

    def _lazy_load(self):
        real = self.__dict__.get("_lazy_real")
        if real is None:
            import importlib
            parent = self.__dict__.get("_lazy_parent")
            if parent is not None:
                parent._lazy_load()  # the package first, as a real import does
            elif sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
            self.__dict__["_lazy_real"] = real
        return real

    @property
    def __path__(self):
        """A package's folders: what ``from keras import layers`` asks first (and then
        gets a stand-in); an import of a submodule (``import keras.layers``) reads it
        from importlib's loader, and gets the real package loaded first."""
        folders = self.__dict__.get("_lazy_path")
        if folders is None or self.__dict__.get("_lazy_real") is not None or \
                sys._getframe(1).f_code.co_name == "_find_and_load_unlocked":
            return self._lazy_load().__path__
        return folders

    def __getattr__(self, attr):
        folders = self.__dict__.get("_lazy_path") or ()
        if self.__dict__.get("_lazy_real") is None and not attr.startswith("_") and any(
                os.path.isfile(os.path.join(f, attr, "__init__.py")) for f in folders):
            sub = LazyModule(f"{self.__name__}.{attr}")
            sub.__dict__["_lazy_parent"] = self
            sub.__dict__["_lazy_path"] = [os.path.join(f, attr) for f in folders]
            self.__dict__[attr] = sub
            return sub
        return getattr(self._lazy_load(), attr)


def lazy(names) -> None:
    """Put a :class:`LazyModule` in ``sys.modules`` for each top-level module named that
    is installed and not imported yet."""
    import importlib.util
    for name in names:
        name = str(name)
        spec = None if "." in name or name in sys.modules else importlib.util.find_spec(name)
        if spec is None:
            continue
        module = LazyModule(name)
        module.__spec__ = spec  # not initialising: an import of it returns it as it is
        if spec.submodule_search_locations is not None:  # a package: ``from x import sub``
            module.__dict__["_lazy_path"] = list(spec.submodule_search_locations)
        sys.modules[name] = module


def make_fn_resolver(wire, testfns, namespace):
    """Turn a named callable (see ``wire.Fn``) into a function in this process."""
    def resolve_fn(kind, name, bound, output, argpos):
        target = getattr(testfns, name, None) if kind == "harness" else namespace.get(name)
        if not callable(target):
            raise wire.WireError(f"{kind} function {name!r} is not defined")

        def bound_call(x, *rest):
            args = list(bound)
            args.insert(argpos, x)
            result = target(*args, *rest)
            return result[output] if output is not None else result
        return bound_call
    return resolve_fn


class StandIns:
    """The judge's versions of some of the student's functions, in their place for one call.

    When a function fails only because a graded function it calls fails (a crashing
    ``rnn_cell_forward`` inside a correct ``rnn_forward``), the judge calls it again with
    the reference's version standing in for that one (``Student.call``). No reference
    code crosses: each stand-in sends its arguments to the judge (``consult``: frame
    bytes out, the judge's reply back) and returns the value the judge computed. A
    ``numpy.random.Generator`` argument crosses as a seed drawn from it, so the same
    generator gives the same draws. Stand-ins answer only while their call runs, one
    consultation at a time: the pipe never carries anything the judge does not expect.
    """

    def __init__(self, wire, namespace: dict, names, consult):
        import threading
        self.wire, self.namespace, self.consult = wire, namespace, consult
        self.names = [str(n) for n in names]
        self.lock, self.active, self.saved = threading.Lock(), False, {}

    def __enter__(self):
        for name in self.names:
            if name in self.namespace:
                self.saved[name] = self.namespace[name]
            self.namespace[name] = self._standing_in(name)
        self.active = True
        return self

    def __exit__(self, *exc):
        with self.lock:  # a consultation under way ends first
            self.active = False
        for name in self.names:
            if name in self.saved:
                self.namespace[name] = self.saved[name]
            else:
                self.namespace.pop(name, None)
        return False

    def _crossing(self, value):
        import numpy as np
        if isinstance(value, np.random.Generator):
            return self.wire.Rng(int(value.integers(2**32)))
        return value

    def _standing_in(self, name: str):
        wire = self.wire

        def standing_in(*args, **kwargs):
            with self.lock:
                if not self.active:
                    raise RuntimeError(f"{name}: the grader's correct version works only "
                                       "during the call it stands in for")
                try:
                    frame = wire.dumps({
                        "status": "consult", "name": name,
                        "args": wire.encode([self._crossing(a) for a in args]),
                        "kwargs": wire.encode({k: self._crossing(v)
                                               for k, v in kwargs.items()})})
                except wire.WireError as exc:
                    raise TypeError(f"{name} (the grader's correct version, standing in for "
                                    f"yours) cannot take these arguments: {exc}") from None
                reply = self.consult(frame)
            if reply.get("status") == "ok":
                return wire.decode(reply.get("value"))
            raise ValueError(f"{name} (the grader's correct version, standing in for yours) "
                             f"failed on these arguments: {reply.get('message')}")
        standing_in.__name__ = standing_in.__qualname__ = name
        return standing_in


def consult_judge(wire):
    """A stand-in's consultation on the protocol's pipes: its frame out, the judge's in."""
    def consult(frame: bytes) -> dict:
        view = memoryview(frame)
        while view:
            view = view[os.write(OUT_FD, view):]
        return wire.read_frame(_read_exact)
    return consult


def serve(wire, testfns) -> None:
    """Become the student process: the protocol on private copies of stdin and stdout,
    then requests until the judge says bye."""
    global IN_FD, OUT_FD
    IN_FD, OUT_FD = take_stdio()
    sys.argv = ["student"]
    main(wire, testfns)


def serve_forked(wire, testfns) -> None:
    """:func:`serve`, in a child forked from a warm image (the grading zygote, the
    self-check's warm server) rather than started: first what a new process has, its
    signals unblocked and NumPy's global generator freshly seeded (Python's ``random``
    reseeds itself in a fork)."""
    import signal
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()
    serve(wire, testfns)


def main(wire, testfns) -> None:
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    sys.stdout = sys.stderr = _CappedText()
    keras_codec = KerasCodec(wire)

    resolve_fn = make_fn_resolver(wire, testfns, namespace)
    consult = consult_judge(wire)
    _send(wire, {"status": "ready"})  # the judge knows the process started

    while True:
        try:
            request = wire.read_frame(_read_exact)
        except EOFError:
            return
        op = request.get("op")
        if op == "bye":
            return
        if op == "exec":
            label = request.get("label", "cell")
            try:
                code = compile(_strip_magics(request["source"]), f"<{label}>", "exec")
                exec(code, namespace)
                reply = {"status": "ok"}
            except BaseException as exc:  # noqa: BLE001 - a cell may raise anything, exit included
                reply = {"status": "error", "message": _short_traceback(exc, label)}
            _send(wire, reply)
            continue
        if op == "call":
            _send(wire, answer_call(wire, request, namespace, keras_codec, resolve_fn,
                                    consult))
            continue
        if op == "lazy":
            lazy(request.get("modules") or ())
            _send(wire, {"status": "ok"})
            continue
        _send(wire, {"status": "error", "message": f"unknown request {op!r}"})


def answer_call(wire, request, namespace, keras_codec, resolve_fn, consult=None) -> dict:
    """Run one ``call`` request and give the reply. ``stand_ins`` in the request: the
    names of functions the judge's versions replace for this call (:class:`StandIns`,
    asking ``consult``)."""
    name = request["name"]
    func = namespace.get(name)
    if func is None:
        return {"status": "missing"}
    if not callable(func):
        return {"status": "error", "message": f"{name} is not a function"}
    handles = namespace.setdefault("__grading_handles__", {})
    try:
        args = wire.decode(request["args"], fn_resolver=resolve_fn, handles=handles)
        kwargs = wire.decode(request["kwargs"], fn_resolver=resolve_fn, handles=handles)
    except Exception as exc:  # noqa: BLE001
        return {"status": "error", "message": f"could not receive arguments: {exc}"}
    stand_ins = request.get("stand_ins") or ()
    if stand_ins and consult is None:
        return {"status": "error", "message": "no judge to consult here"}
    results = []
    reseed()  # once per request: repeated calls still draw one after another
    with StandIns(wire, namespace, stand_ins, consult):
        for _ in range(int(request.get("repeat", 1))):
            try:
                results.append(func(*args, **kwargs))
            except NotImplementedError:
                return {"status": "not_implemented"}
            except BaseException as exc:  # noqa: BLE001 - SystemExit, KeyboardInterrupt too
                return {"status": "error", "message": _short_traceback(exc, name)
                        + shape_note(name, func, args, kwargs, exc)}
    value = results if request.get("repeat") else results[0]
    keep = request.get("keep")
    if keep is not None:
        if not isinstance(value, tuple) or not 0 <= keep < len(value):
            return {"status": "bad_value",
                    "message": f"expected a tuple with at least {keep + 1} elements"}
        ident = len(handles) + 1
        handles[ident] = value[keep]
        value = value[:keep] + (wire.Handle(ident),) + value[keep + 1:]
    try:
        payload = {"status": "ok", "value": wire.encode(value, keras_encoder=keras_codec)}
        if request.get("return_args"):
            after = []
            for a in args:  # callables and generators stay here; arrays come back
                try:
                    after.append(None if callable(a) else wire.encode(a, keras_encoder=keras_codec))
                except wire.WireError:
                    after.append(None)
            payload["args_after"] = {"__tuple__": after}
        return payload
    except BaseException as exc:  # noqa: BLE001
        return {"status": "bad_value", "message": str(exc)}
