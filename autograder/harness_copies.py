"""Every copy of the public checking package, ``_harness``, made by one function.

The check cells of a released notebook import ``_harness`` from the notebook's folder;
its only source is ``autograder/harness``. The course's ignore list keeps nbgrader from
carrying ``_harness`` anywhere (so a student's edited copy never reaches grading or
feedback), and the copies are made here instead, on every path an instructor can take:

* :func:`release_hook` - ``nbgrader generate_assignment``, which ``python -m
  tools.release`` runs and formgrader's "Generate" button calls, puts it in the release;
* :class:`ReleaseWithHarness` - ``nbgrader release_assignment`` and formgrader's
  "Release" button (both ask nbgrader's ``ExchangeFactory`` for the release plugin) put
  it in the exchange;
* ``autograder.preprocessors.ProvideHarness`` - autograding puts it next to the
  notebook being graded.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from nbgrader.exchange.default import ExchangeReleaseAssignment
from traitlets.log import get_logger

HARNESS = Path(__file__).resolve().parent / "harness"
NAME = "_harness"


def place_harness(folder: Path | str) -> Path:
    """Replace ``folder/_harness`` (link, file or folder) with a copy of the package."""
    target = Path(folder) / NAME
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    shutil.copytree(HARNESS, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def release_hook(release_root: Path | str):
    """``GenerateAssignment.post_convert_hook`` for a course releasing into ``release_root``.

    nbgrader calls the hook with the assignment's name only (no paths), and logs a
    failing hook at info level and goes on: the hook logs its failure as an error
    itself, so a release without its checks never passes silently.
    """
    def harness_into_release(assignment: str, student: str, notebooks: list) -> None:
        try:
            place_harness(Path(release_root) / assignment)
        except Exception as exc:  # noqa: BLE001 - reported, then re-raised
            get_logger().error("The release of %s has no %s (copying %s failed: %s: %s)",
                               assignment, NAME, HARNESS, type(exc).__name__, exc)
            raise
    return harness_into_release


class ReleaseWithHarness(ExchangeReleaseAssignment):
    """nbgrader's release to the exchange, plus the public checking package."""

    def do_copy(self, src, dest, log=None):
        super().do_copy(src, dest, log)
        place_harness(dest)  # before copy_files sets the release's permissions
