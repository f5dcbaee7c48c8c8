"""Sealing student code while grading: Linux only, and never shipped to students.

* :mod:`isolation` - the bubblewrap command that builds the sealed view;
* :mod:`seccomp` - the system-call filter passed to it;
* :mod:`launcher` - starts the judge's student process (:mod:`autograder.harness.student_process`)
  sealed;
* :mod:`zygote` - starts it sealed and warm, forked from a zygote (:mod:`zygote_server`);
* :mod:`settings` - the instructor's ``GradingSeal`` options in ``nbgrader_config.py``,
  resolved once into a :class:`settings.Seal`, whose ``launcher()`` is the one place
  that picks the sealed launcher (cold or warm).

The student's self-check runs the same student process unsealed, with portable means only.
"""
from __future__ import annotations
