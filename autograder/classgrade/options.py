"""What a class-grading worker is started with, and starting one from it.

Kept apart from ``worker.py`` so that the engines and the run can pass options
around without importing nbgrader, TensorFlow or the worker's warm-up.
"""
from __future__ import annotations

import dataclasses

DEFAULT_WORKER = "autograder.classgrade.worker:Worker"
# seconds a submission may take a local worker (on Dask: seconds without any finished
# submission) before the run gives up on it (``--task-timeout``)
TASK_TIMEOUT = 3600.0


@dataclasses.dataclass(frozen=True)
class Options:
    """Everything a worker needs; plain data, so it crosses to Dask workers too."""
    course: str
    mode: str = "fast"
    db_url: str = ""
    run_dir: str = ""
    training_cache: str = ""  # this run's training results (autograder/training_cache.py)
    worker: str = DEFAULT_WORKER  # "module:class"; tests swap it


def make_worker(options: Options):
    """The worker class ``options.worker`` names, started with ``options``."""
    import importlib
    module, _, name = options.worker.partition(":")
    return getattr(importlib.import_module(module), name)(options)
