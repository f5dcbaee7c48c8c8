"""Assertions that explain themselves to a student.

Every check states what was compared, on which input, and - when a candidate
explanation matches - the likely mistake. Hidden suites pass their own candidate
mistakes (``likely={"forgot the bias": wrong_value, ...}``); the public checks use
the same functions, so messages read the same locally and in the feedback.
"""
from __future__ import annotations

import numpy as np

# what a check's training gave, by architecture: a process that judges many notebooks
# sets this to ``autograder.training_cache.remember``; the self-check trains every time
REMEMBER = None


def remembered(recipe: str, model, compute):
    """``compute()``: the verdict of training ``model`` as ``recipe`` says (everything
    else it depends on), or what an equal architecture's training gave in this grading
    run."""
    return compute() if REMEMBER is None else REMEMBER(recipe, model, compute)


class CheckFailed(AssertionError):
    """A check's failure. ``mistake`` is the suite's own diagnosis, kept apart from the
    message: the message may quote the student's exception text, so only this
    attribute (set by course code) may name a likely mistake in the class report."""

    def __init__(self, message: str, mistake: str | None = None):
        super().__init__(message + (f". Likely mistake: {mistake}" if mistake else ""))
        self.mistake = mistake or None


def keras_model(student, name: str, *args, **kwargs):
    """``name(*args, **kwargs)`` in the student's notebook, which must return a Keras
    model (the builders' questions in every assignment)."""
    model = student.call(name, *args, **kwargs)
    if not hasattr(model, "layers") or not hasattr(model, "predict"):
        fail(f"{name} should return a compiled keras Model, got {type(model).__name__}")
    return model


def model_outputs(model, x, dtype: str, inputs: str, what: str = "the model") -> np.ndarray:
    """``model`` applied to ``x`` (an array, or a list of arrays for several inputs) as
    ``dtype``, in inference mode, as float64. An architecture that cannot run on it
    fails the check with Keras' reason: ``inputs`` names what it was given."""
    several = isinstance(x, (list, tuple))
    arrays = [np.asarray(a, dtype=dtype) for a in x] if several else np.asarray(x, dtype=dtype)
    try:
        return np.asarray(model(arrays, training=False), dtype=float)
    except Exception as exc:  # noqa: BLE001 - the student's architecture failed to run
        shapes = [a.shape for a in arrays] if several else arrays.shape
        fail(f"{what} could not be applied to {inputs} of shape {shapes}: "
             f"{type(exc).__name__}: {str(exc)[:300]}")


_KERAS_FACTS: dict = {}


def keras_fact(key: tuple, compute):
    """``compute()``, once per process for each ``key``.

    For what a check asks of Keras alone, never of a student's answer (how many
    parameters some layer has): a class-grading worker judges hundreds of notebooks
    and would otherwise build the same reference layers for every one of them.
    """
    if key not in _KERAS_FACTS:
        _KERAS_FACTS[key] = compute()
    return _KERAS_FACTS[key]


def fail(message: str, mistake: str | None = None):
    """Fail the check; ``mistake`` (course text only) is appended for the student."""
    raise CheckFailed(message, mistake)


def as_array(value, what: str) -> np.ndarray:
    if isinstance(value, (list, tuple)) and not isinstance(value, np.ndarray):
        fail(f"{what} should be a NumPy array, got a {type(value).__name__}")
    if not isinstance(value, (np.ndarray, np.generic, float, int)):
        fail(f"{what} should be a NumPy array, got {type(value).__name__}")
    return np.asarray(value)


def check_shape(value, shape, what: str) -> np.ndarray:
    arr = as_array(value, what)
    if tuple(arr.shape) != tuple(shape):
        fail(f"{what} has shape {tuple(arr.shape)}, expected {tuple(shape)}")
    return arr


def check_float(value, what: str) -> None:
    """``value`` must be an array of floats (not ints, which truncate what follows)."""
    kind = np.asarray(value).dtype
    if kind.kind != "f":
        fail(f"{what} should be a float array, got dtype {kind}")


def check_tuple(value, length: int, what: str) -> tuple:
    if not isinstance(value, tuple) or len(value) != length:
        got = f"a tuple of {len(value)}" if isinstance(value, tuple) else type(value).__name__
        fail(f"{what} should return a tuple of {length} values, got {got}")
    return value


def check_items(value, expected, names, what: str) -> None:
    """``value`` must be a tuple or list of ``len(expected)`` items, each equal to its
    expected array (a cache whose layout the question fixes)."""
    if not isinstance(value, (tuple, list)) or len(value) != len(expected):
        got = (f"a {type(value).__name__} of {len(value)} items"
               if isinstance(value, (tuple, list)) else f"a {type(value).__name__}")
        fail(f"{what} should be the tuple ({', '.join(names)}), got {got}")
    for item, want, name in zip(value, expected, names):
        check_close(item, want, f"{what}: {name}", atol=1e-12, rtol=1e-12)


def _mismatch_summary(actual: np.ndarray, expected: np.ndarray) -> str:
    diff = np.abs(actual - expected)
    where = np.unravel_index(int(np.nanargmax(np.where(np.isnan(diff), np.inf, diff))),
                             diff.shape) if diff.size else ()
    return f"largest difference {np.nanmax(diff):.3g} at index {tuple(int(i) for i in where)}"


def check_close(actual, expected, what: str, atol: float = 1e-7, rtol: float = 1e-6,
                likely: dict | None = None, shape_hint: str = "", carried=None) -> np.ndarray:
    """``actual`` must equal ``expected`` within tolerance, with shape and finiteness.

    ``carried`` judges a function apart from the graded functions it calls (one mistake,
    one penalty): a function returning what it should be with the student's own versions
    of those, called only when ``actual`` misses ``expected``. An answer equal to it is
    right for this question; a wrong function it calls costs that function's question
    alone. When the student's functions cannot give it (not implemented, a crash), the
    answer is judged against ``expected`` only (where such a crash made the call itself
    fail, the judge made it again with a correct version standing in: ``actual`` is
    then that call's value, see ``Student.stand_ins``).
    """
    expected = np.asarray(expected)
    arr = as_array(actual, what + shape_hint)
    if tuple(arr.shape) != tuple(expected.shape):  # a likely mistake may have this shape
        fail(f"{what + shape_hint} has shape {tuple(arr.shape)}, expected "
             f"{tuple(expected.shape)}", _likely_mistake(arr, likely, atol))
    if arr.dtype.kind not in "fiub":
        fail(f"{what} should hold numbers, got dtype {arr.dtype}")
    # a float64 check (a Keras output is compared at float32 tolerances, atol >= 1e-5)
    low_precision = arr.dtype.kind == "f" and arr.dtype.itemsize < 8 and atol < 1e-5
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):  # every expected value in this course is finite
        fail(f"{what} contains NaN or inf")
    if np.allclose(arr, expected, atol=atol, rtol=rtol):
        return arr
    if carried is not None and _equals_carried(arr, carried, atol, rtol):
        return arr
    if low_precision and np.allclose(arr, expected, atol=max(atol, 1e-4), rtol=1e-4):
        fail(f"{what} is right only to float32 precision: compute in float64 (np.float64, "
             f"the default of np.zeros and np.array), as the course asks")
    fail(f"{what} is wrong: {_mismatch_summary(arr, expected)}", _likely_mistake(arr, likely, atol))


def _equals_carried(arr: np.ndarray, carried, atol: float, rtol: float) -> bool:
    try:
        own = np.asarray(carried(), dtype=float)
    except Exception:  # noqa: BLE001 - the functions it calls give nothing to compare with
        return False
    return own.shape == arr.shape and bool(np.all(np.isfinite(own))) and \
        np.allclose(arr, own, atol=atol, rtol=rtol)


def _likely_mistake(arr: np.ndarray, likely: dict | None, atol: float) -> str | None:
    """The first explanation whose wrong value ``arr`` equals (shape included)."""
    if arr.dtype.kind not in "fiub":
        return None
    for explanation, wrong in (likely or {}).items():
        wrong = np.asarray(wrong, dtype=float)
        if wrong.shape == arr.shape and np.allclose(arr, wrong, atol=max(atol, 1e-6), rtol=1e-5):
            return explanation
    return None


def check_raises(exc_name: str, call, *args, **kwargs) -> str:
    """``call(*args)`` (``student.<name>``) must raise ``exc_name`` in the student's code;
    returns its message. The student's own functions only: no correct version of a
    function it calls stands in for theirs (``Student.stand_ins``)."""
    from .student import StudentRaised
    try:
        call(*args, _alone=True, **kwargs)
    except StudentRaised as exc:
        if f" raised {exc_name}" in str(exc):
            return str(exc)
        fail(f"expected a {exc_name}, but: {exc}")
    fail(f"expected a {exc_name} to be raised, but the call returned normally")


def directional_check(loss, x, grad, what: str, seed: int = 0, eps: float = 1e-5,
                      tol: float = 1e-5, likely: dict | None = None) -> None:
    """The gradient ``grad`` of scalar ``loss`` at ``x`` must match a finite difference
    along a random direction: (loss(x+εv) - loss(x-εv)) / 2ε == <grad, v>."""
    grad = check_shape(grad, np.shape(x), what).astype(float)
    direction = np.random.default_rng(seed).standard_normal(np.shape(x))
    if not np.all(np.isfinite(grad)):
        fail(f"{what} contains NaN or inf")
    numeric = (loss(x + eps * direction) - loss(x - eps * direction)) / (2 * eps)
    analytic = float(np.sum(grad * direction))
    if not np.isfinite(numeric):  # a comparison with NaN is never true: say so instead
        fail(f"{what} cannot be checked: the forward pass gives NaN or inf near x")
    if abs(numeric - analytic) > tol * max(1.0, abs(numeric), abs(analytic)):
        message = (f"{what} disagrees with a finite-difference check of your forward pass: "
                   f"directional derivative {analytic:.6g}, numerically {numeric:.6g}")
        mistake = None
        for explanation, wrong in (likely or {}).items():
            wrong = np.asarray(wrong, dtype=float)
            if wrong.shape == grad.shape and np.allclose(grad, wrong, atol=1e-6, rtol=1e-5):
                mistake = explanation
                break
        fail(message, mistake)
