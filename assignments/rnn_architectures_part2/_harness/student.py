"""The ``student`` object every check receives: the student's functions, at arm's length.

``student.rnn_cell_forward(x, h, Wx, Wh, b)`` sends the arguments to wherever the
student's code lives and returns a decoded copy of the answer. Two transports share
one request format and one reply interpretation:

* :class:`ProcessStudent` - a separate process (autograder and ``pytest``);
* ``kernel_student.KernelStudent`` - the notebook's own namespace (the test cells in
  Jupyter), so a student gets feedback without saving the notebook.

Every way a call can go wrong becomes an ``AssertionError`` subclass whose message
a student can act on, so a check simply fails.
"""
from __future__ import annotations

import dataclasses

from . import wire
from .student_process import Limits, StudentProcess, StudentProcessDied, StudentProcessTimeout


class StudentCodeFailure(AssertionError):
    """A call into student code did not produce a gradable value. ``kind`` says how
    (``runner.FAILURE_KINDS``): the class report counts it, never the message's words."""
    kind = "failed"


class NotImplementedYet(StudentCodeFailure):
    kind = "not_implemented"


class MissingFunction(StudentCodeFailure):
    pass


class StudentRaised(StudentCodeFailure):
    pass


class StudentTimeout(StudentCodeFailure):
    kind = "timed_out"


class StudentOutOfTime(StudentTimeout):
    """Stopped because the notebook's grading time ran out, not because it hung."""
    kind = "out_of_time"


class StudentCrashed(StudentCodeFailure):
    pass


class BadReturnValue(StudentCodeFailure):
    pass


class NonFiniteValue(BadReturnValue):
    """A returned number is NaN or infinite: no answer in this course is."""


def first_non_finite(value, where: str = "") -> str | None:
    """Where ``value`` (as decoded from the wire) holds a NaN or an infinity, if it does:
    ``"[1][0, 2] = nan"``."""
    import math

    import numpy as np
    if isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            found = first_non_finite(item, f"{where}[{i}]")
            if found:
                return found
    elif isinstance(value, dict):
        for key, item in value.items():
            found = first_non_finite(item, f"{where}[{key!r}]")
            if found:
                return found
    elif isinstance(value, np.ndarray) and value.dtype.kind in "fc":
        bad = ~np.isfinite(value)
        if bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            at = f"[{', '.join(map(str, index))}]" if index else ""
            return f"{where}{at} = {value[index]}"
    elif isinstance(value, (float, np.floating)) and not math.isfinite(value):
        return f"{where} = {value}"
    return None


from .keras_guard import keras_decoder as _keras_decoder  # noqa: E402 - checks cost first


def _numbers_in(args) -> float:
    """The numbers in decoded arguments (a list, and a dict, of arrays, numbers and
    containers of them); infinite where one could be more than 2-D: an array of more
    than 2 dimensions, or lists nested 3 deep in an argument."""
    import numpy as np

    def count(value, depth: int) -> float:
        if isinstance(value, np.ndarray):
            return value.size if value.ndim <= 2 else float("inf")
        if isinstance(value, (list, tuple, dict)):
            if depth > 3:
                return float("inf")
            items = value.values() if isinstance(value, dict) else value
            return len(value) + sum(count(v, depth + 1) for v in items)
        return 1
    return count(args, 0)


# What a stand-in computes on, in the judge: at most this many numbers, in arrays of at
# most 2 dimensions (a cell's step: a few hundred, 1-D and 2-D). The reference then
# cannot be led into a large allocation by broadcasting ((K, 1) + (1, K) is K * K).
MAX_STAND_IN_NUMBERS = 8192


@dataclasses.dataclass(frozen=True)
class StoodIn:
    """A call that gave no value with the student's own functions and was judged with
    the reference's versions of ``names`` standing in for theirs; ``unaided``: what the
    student's own call gave (the failure, in words, and its kind)."""
    names: tuple[str, ...]
    unaided: str
    unaided_kind: str = "failed"


class Student:
    """Calls the student's functions by name; subclasses provide the transport.

    ``stand_ins`` (set by the judge; empty in the self-check): for a function that calls
    other graded functions, the reference's versions of those, by name. A call of it
    that gives no value (it raises, returns NaN, ...) is made again with them standing
    in for the student's own, wherever its code calls them by name: a correct
    ``rnn_forward`` around a crashing ``rnn_cell_forward`` then returns the right states,
    a wrong one still returns wrong ones, and the check judges that value. Each such
    call is recorded (:meth:`stand_ins_taken`); the judge counts it only where a
    function that stood in fails its own checks (``judge.settle_stand_ins``).
    """

    stand_ins: dict[str, dict] = {}

    def _send(self, request: dict, consult=None) -> dict:
        raise NotImplementedError

    def context(self) -> str:
        """Extra words for a missing function (e.g. which cell failed to run)."""
        return ""

    def call(self, name: str, *args, _repeat: int | None = None,
             _return_args: bool = False, _keep: int | None = None, _alone: bool = False,
             **kwargs):
        """Call ``name``; ``_keep=k`` leaves element k of the returned tuple in the
        student process and returns a :class:`wire.Handle` for it instead. ``_alone``:
        the student's own functions only, even where ``stand_ins`` name some (a check
        that expects the call to raise)."""
        request = {"op": "call", "name": name, "args": wire.encode(list(args)),
                   "kwargs": wire.encode(kwargs), "return_args": _return_args,
                   "keep": _keep}
        if _repeat is not None:
            request["repeat"] = int(_repeat)
        try:
            return self._interpret(name, self._send(request), _return_args)
        except StudentCodeFailure as unaided:
            callees = {} if _alone else self.stand_ins.get(name, {})
            if not callees or not self._may_stand_in(unaided, callees):
                raise
            try:
                value = self._interpret(name, self._send(
                    {**request, "stand_ins": sorted(callees)}, self._consultant(callees)),
                    _return_args)
            except StudentCodeFailure:
                raise unaided from None  # it fails on its own: the student's own failure
            self.__dict__.setdefault("_stood_in", []).append(
                StoodIn(tuple(sorted(callees)), str(unaided), unaided.kind))
            return value

    def stand_ins_taken(self) -> list[StoodIn]:
        """The calls judged with stand-ins since the last time this was asked."""
        return self.__dict__.pop("_stood_in", [])

    def _may_stand_in(self, unaided: StudentCodeFailure, callees: dict) -> bool:
        """Whether a failure is worth a second try (a hang is not, here)."""
        return not isinstance(unaided, (StudentTimeout, StudentCrashed))

    def _consultant(self, callees: dict):
        """Answers a stand-in's consultation (``student_process_main.StandIns``): the
        reference's value on the arguments the student's code passed, as a frame."""
        def consult(message: dict) -> bytes:
            name = message.get("name")
            try:
                if name not in callees:
                    raise ValueError(f"no correct version of {name!r} stands in here")
                args = wire.decode(message.get("args"))
                kwargs = wire.decode(message.get("kwargs"))
                if not isinstance(args, list) or not isinstance(kwargs, dict):
                    raise ValueError("malformed arguments")
                if _numbers_in([args, kwargs]) > MAX_STAND_IN_NUMBERS:
                    raise ValueError(f"arguments too large for it (more than "
                                     f"{MAX_STAND_IN_NUMBERS} numbers, or arrays of more "
                                     "than 2 dimensions)")
                return wire.dumps({"status": "ok",
                                   "value": wire.encode(callees[name](*args, **kwargs))})
            except Exception as exc:  # noqa: BLE001 - the student's code passed it; it hears why
                return wire.dumps({"status": "error",
                                   "message": f"{type(exc).__name__}: {exc}"[:500]})
        return consult

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)

    def _interpret(self, name: str, reply: dict, return_args: bool):
        status = reply.get("status")
        if status == "ok":
            try:
                value = wire.decode(reply.get("value"), keras_decoder=_keras_decoder)
                args_after = wire.decode(reply.get("args_after"),
                                         keras_decoder=_keras_decoder) if return_args else None
            except Exception as exc:  # noqa: BLE001 - any undecodable answer is the student's
                raise BadReturnValue(f"{name} returned a value that cannot be graded: {exc}") \
                    from None
            found = first_non_finite(value)
            if found:  # fails every check that looks at it, with the same words everywhere
                raise NonFiniteValue(f"{name} returned NaN or inf (its value{found}): every "
                                     "number it should return is finite")
            return (value, args_after) if return_args else value
        if status == "not_implemented":
            raise NotImplementedYet(f"{name} is not implemented yet "
                                    "(it still raises NotImplementedError)")
        if status == "missing":
            raise MissingFunction(f"{name} is not defined: keep it in its answer cell, "
                                  f"with this exact name{self.context()}")
        if status == "bad_value":
            raise BadReturnValue(f"{name} returned a value that cannot be graded: "
                                 f"{reply.get('message')}")
        message = str(reply.get("message", "an error"))
        if message.startswith("NameError"):
            message += self.context()
        raise StudentRaised(f"{name} raised {message}")

    def close(self) -> None:
        pass


class ProcessStudent(Student):
    """The student's cells run in a sandboxed child process.

    ``deadline`` (``time.monotonic()``) is when grading this notebook must end: no call
    waits past it, and once it has passed no call is sent (the process that was cut
    off is killed by the sandbox, and no new one is started).
    """

    def __init__(self, cells: list[tuple[str, str]], limits: Limits | None = None,
                 deadline: float | None = None, launcher=None):
        self.process = StudentProcess(cells, limits, launcher)
        self.process.deadline = deadline  # starting the process and every call count
        self.timed_out: dict[str, str] = {}  # a function that hung once is not waited on again
        self.crashed: set[str] = set()  # functions whose call ended the process

    def _send(self, request: dict, consult=None) -> dict:
        name = request["name"]
        key = " with stand-ins for ".join([name, *request.get("stand_ins", ())])
        if key in self.timed_out:
            raise StudentTimeout(f"{name}: not run again, it timed out earlier "
                                 f"({self.timed_out[key]})")
        try:
            return self.process.request(request, consult=consult)
        except StudentProcessTimeout as exc:
            if self.process.out_of_time():
                raise StudentOutOfTime(f"{name}: stopped, the time for grading this "
                                       "notebook ran out") from None
            self.timed_out[key] = str(exc)
            raise StudentTimeout(f"{name}: {exc}") from None
        except StudentProcessDied as exc:
            self.crashed.add(key)
            raise StudentCrashed(f"{request['name']}: {exc}") from None
        except wire.WireError as exc:
            raise BadReturnValue(f"{request['name']}: {exc}") from None

    def _may_stand_in(self, unaided: StudentCodeFailure, callees: dict) -> bool:
        """A hang or a crash of the process costs seconds (and a crash one of its
        ``max_starts``): worth a second try only where a function that stands in hung or
        crashed on its own too."""
        if isinstance(unaided, StudentTimeout):
            return not self.process.out_of_time() and any(c in self.timed_out for c in callees)
        if isinstance(unaided, StudentCrashed):
            return any(c in self.crashed for c in callees)
        return True

    def context(self) -> str:
        errors = self.process.cell_errors
        if not errors:
            return ""
        listed = "; ".join(f"cell {label}: {msg}" for label, msg in errors.items())
        return f" (cells that failed to run: {listed})"

    def close(self) -> None:
        self.process.close()
