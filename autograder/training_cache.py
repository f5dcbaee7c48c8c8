"""Training results remembered for one class-grading run.

Training a student's Keras architecture is most of a Keras question's grading time,
and a class builds only a few distinct architectures. The hidden suites train a
fresh copy whose initial weights come from a fixed seed, so the result depends on
the architecture's config, the training recipe, the suites and the libraries alone:
the key holds all of them, with only layer names normalised (Keras numbers unnamed
layers by how many the process built before), so an equal key gives an equal
result and the second student with that architecture reuses the first's.

Active only where ``GRADING_TRAINING_CACHE`` names a folder: the class-grading
command gives each run a folder of its own and removes it when the run ends; plain
``nbgrader autograde`` trains every time. The folder is written by the judge only:
student code runs sealed and never sees it.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import time
from pathlib import Path

from autograder import atomic, course
from autograder.harness.model_reuse import number_names

ENV = "GRADING_TRAINING_CACHE"
STATS = {"trained": 0, "reused": 0, "seconds": 0.0}  # this process, read by the judge


@functools.lru_cache(maxsize=1)  # the suites do not change while a process grades
def suites_version() -> str:
    """A digest of every check file and helper: cached training results are only
    reused while the suites that produced them are unchanged (a run keeps its cache
    in a folder named by it)."""
    digest = hashlib.sha256()
    for folder in (course.suites(), course.sources()):
        for path in sorted(folder.rglob("*.py")):
            if "_harness" not in path.parts and "__pycache__" not in path.parts:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def canonical_architecture(model) -> str:
    """The model's config with its layer names numbered by first use.

    Layer names such as ``lstm_7`` depend on how many layers the process built
    before; numbering them in order of appearance makes equal architectures equal.
    """
    return number_names(model.to_json())[0]


@functools.lru_cache(maxsize=1)
def library_versions() -> str:
    """The libraries a training result depends on (a result reached with one Keras
    or TensorFlow is not another's)."""
    import keras
    import numpy
    versions = {"keras": keras.__version__, "numpy": numpy.__version__}
    try:
        import tensorflow
        versions["tensorflow"] = tensorflow.__version__
    except ImportError:  # another Keras backend
        versions["backend"] = keras.backend.backend()
    return json.dumps(versions, sort_keys=True)


def key_of(recipe: str, model) -> str:
    digest = hashlib.sha256()
    for part in (suites_version(), library_versions(), recipe):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(canonical_architecture(model).encode())
    return digest.hexdigest()


def remember(recipe: str, model, compute):
    """``compute()`` (a JSON-able training result), or the result an equal key already got.

    ``recipe`` names everything else the result depends on (suite, data, seed,
    epochs, optimizer when the student's own is used). A ``compute`` that raises is
    not remembered: the next student with that architecture gets the same failure
    by training again.
    """
    start = time.perf_counter()
    folder = os.environ.get(ENV)
    path = Path(folder) / f"{key_of(recipe, model)}.json" if folder else None
    with _first_trains(path):
        result = _remembered(path)
        if result is not None:
            STATS["reused"] += 1
            STATS["seconds"] += time.perf_counter() - start
            return result
        result = json.loads(json.dumps(compute(), default=float))  # same types either way
        STATS["trained"] += 1
        STATS["seconds"] += time.perf_counter() - start
        if path is not None:
            atomic.write_json(path, {"recipe": recipe, "result": result})
    return result


def _remembered(path: Path | None):
    if path is None or not path.exists():
        return None
    try:
        return json.loads(path.read_text())["result"]
    except (OSError, ValueError, KeyError):
        return None


# how long a worker waits for another that trains the same architecture before it
# trains it itself (a judge's own time budget ends a training long before this)
LOCK_WAIT_SECONDS = 900.0


@contextlib.contextmanager
def _first_trains(path: Path | None):
    """Workers that reach one key at once (a class's first students all hand in the
    reference architecture) wait for the first to train it, then reuse its result,
    instead of all training it on the same cores. The lock is the OS's: it goes with
    the process that held it, however that ends."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock, racing workers write equal results
        fcntl = None
    if path is None or fcntl is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a+b") as lock:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break  # train it here; equal results either way
                time.sleep(0.2)
        yield


def compile_recipe(model) -> str:
    """The student's optimizer and loss, for suites that train with them."""
    optimizer = getattr(model, "optimizer", None)
    config = optimizer.get_config() if optimizer is not None else None
    return json.dumps({"optimizer": type(optimizer).__name__, "config": config,
                       "loss": repr(getattr(model, "loss", None))}, sort_keys=True, default=str)
