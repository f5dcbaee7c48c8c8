"""Libraries kept quiet on stderr, set in one place.

nbgrader scores a test cell 0 when anything reaches stderr, and TensorFlow writes
there on import unless told not to: ``TF_CPP_MIN_LOG_LEVEL=3`` silences its C++
logging, and ``TF_ENABLE_ONEDNN_OPTS=0`` the oneDNN notice that absl prints before
that setting applies (it also makes every grading process compute the same way).
Every process that may import TensorFlow gets these, before it does.
"""
from __future__ import annotations

import os
import warnings

QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0",
             "PYTHONWARNINGS": "ignore"}


def quiet_process() -> None:
    """This process: quiet unless told otherwise, and Python's warnings off."""
    for name, value in QUIET_ENV.items():
        os.environ.setdefault(name, value)
    warnings.filterwarnings("ignore")


def child_environment(base: dict | None = None, **extra: str) -> dict[str, str]:
    """The environment for a grading or notebook child process: ``base`` (this
    process's environment) made quiet, outside nbgrader's execution mode (nbgrader
    sets ``NBGRADER_EXECUTION`` itself where it applies), plus ``extra``."""
    env = dict(os.environ if base is None else base)
    env.update(QUIET_ENV)
    env.pop("NBGRADER_EXECUTION", None)
    env.update(extra)
    return env
