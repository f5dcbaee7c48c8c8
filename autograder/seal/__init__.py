"""Sealing student code while grading: Linux only, and never shipped to students.

* :mod:`isolation` - the bubblewrap command that builds the sealed view;
* :mod:`seccomp` - the system-call filter passed to it;
* :mod:`launcher` - starts the judge's student process (:mod:`autograder.harness.sandbox`)
  sealed;
* :mod:`zygote` - starts it sealed and warm, forked from a zygote (:mod:`zygote_server`);
* :mod:`settings` - the instructor's ``GradingSeal`` options in ``nbgrader_config.py``.

The student's self-check runs the same sandbox unsealed, with portable means only.
"""
from __future__ import annotations


def launcher_for(limits):
    """The launcher ``limits`` (``autograder.harness.sandbox.Limits``) ask for: None when
    unsealed (not asked for, or no seal can be made and ``limits.allow_unsealed``).
    Raises :class:`isolation.SealUnavailable` otherwise: grading fails closed."""
    from . import isolation
    from .launcher import SealedLauncher
    from .zygote import WarmLauncher
    if not limits.sealed:
        return None
    try:
        bubblewrap = isolation.find_bwrap(limits.bwrap)
    except isolation.SealUnavailable:
        if not limits.allow_unsealed:
            raise
        return None
    if limits.warm_start:
        return WarmLauncher(bubblewrap, limits.readable)
    return SealedLauncher(bubblewrap, limits.readable)
