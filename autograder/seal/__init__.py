"""Sealing student code while grading: Linux only, and never shipped to students.

* :mod:`isolation` - the bubblewrap command that builds the sealed view;
* :mod:`seccomp` - the system-call filter passed to it;
* :mod:`launcher` - starts the judge's student process (:mod:`autograder.harness.sandbox`)
  sealed;
* :mod:`settings` - the instructor's ``GradingSeal`` options in ``nbgrader_config.py``.

The student's self-check runs the same sandbox unsealed, with portable means only.
"""
