"""Training verdicts remembered for one class-grading run.

Training a student's Keras architecture is most of a Keras question's grading time,
and a class builds only a few distinct architectures. The hidden suites train a
fresh copy whose initial weights come from a fixed seed, so the verdict depends on
the architecture's config and the training recipe alone: an equal key gives an
equal verdict, and the second student with that architecture reuses the first's.

Active only where ``GRADING_TRAINING_CACHE`` names a folder (the class-grading
command sets it); plain ``nbgrader autograde`` trains every time. The folder is
written by the judge only: student code runs sealed and never sees it.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

from autograder import atomic
from autograder.course import ROOT
from autograder.harness.model_reuse import number_names

ENV = "GRADING_TRAINING_CACHE"
STATS = {"trained": 0, "reused": 0, "seconds": 0.0}  # this process, read by the judge


def suites_version() -> str:
    """A digest of every check file and helper: cached training verdicts are only
    reused while the suites that produced them are unchanged (a run keeps its cache
    in a folder named by it)."""
    digest = hashlib.sha256()
    for folder in (ROOT / "autograder" / "suites", ROOT / "source"):
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


def key_of(recipe: str, model) -> str:
    digest = hashlib.sha256()
    digest.update(recipe.encode())
    digest.update(b"\0")
    digest.update(canonical_architecture(model).encode())
    return digest.hexdigest()


def _read(path: Path):
    try:
        return json.loads(path.read_text())["verdict"]
    except (OSError, ValueError, KeyError):
        return None


@contextlib.contextmanager
def _training(path: Path):
    """Hold the key's lock while training it: a worker that meets the same new
    architecture at the same time waits for the verdict instead of training it
    again (two workers start on the same assignment, so they meet the same
    architectures first). Without ``fcntl`` (Windows) or a lockable folder, both train."""
    try:
        import fcntl
        handle = open(path.with_suffix(".lock"), "a")
    except (ImportError, OSError):
        yield
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            pass
        yield  # closing the file releases the lock, also when compute() raises


def remember(recipe: str, model, compute):
    """``compute()`` (a JSON-able verdict), or the verdict an equal key already got.

    ``recipe`` names everything else the verdict depends on (suite, data, seed,
    epochs, optimizer when the student's own is used). A ``compute`` that raises is
    not remembered: the next student with that architecture gets the same failure
    by training again.
    """
    start = time.perf_counter()
    folder = os.environ.get(ENV)
    if not folder:
        return _computed(compute, start)
    path = Path(folder) / f"{key_of(recipe, model)}.json"
    verdict = _read(path) if path.exists() else None
    if verdict is None:
        with _training(path):
            verdict = _read(path) if path.exists() else None  # trained while we waited?
            if verdict is None:
                verdict = _computed(compute, start)
                atomic.write_json(path, {"recipe": recipe, "verdict": verdict})
                return verdict
    STATS["reused"] += 1
    STATS["seconds"] += time.perf_counter() - start
    return verdict


def _computed(compute, start: float):
    verdict = json.loads(json.dumps(compute(), default=float))  # same types either way
    STATS["trained"] += 1
    STATS["seconds"] += time.perf_counter() - start
    return verdict


def compile_recipe(model) -> str:
    """The student's optimizer and loss, for suites that train with them."""
    optimizer = getattr(model, "optimizer", None)
    config = optimizer.get_config() if optimizer is not None else None
    return json.dumps({"optimizer": type(optimizer).__name__, "config": config,
                       "loss": repr(getattr(model, "loss", None))}, sort_keys=True, default=str)
