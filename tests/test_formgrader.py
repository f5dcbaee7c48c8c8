"""What an instructor meets in formgrader, through the code its buttons call.

formgrader's buttons call nbgrader's ``NbGraderAPI`` with the course's configuration
(``nbgrader/server_extensions/formgrader/apihandlers.py``): "Generate" is
``generate_assignment``, "Release" is ``release_assignment``.
"""
from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from autograder.classgrade.pipeline import course_config
from autograder.harness_copies import HARNESS
from tools.release import ROOT

A = "rnn_fundamentals"


def _course(path: Path) -> Path:
    """A scratch course whose release folder is its own (generating replaces it)."""
    path.mkdir(parents=True)
    for name in ("nbgrader_config.py", "gradebook.db"):
        shutil.copy(ROOT / name, path / name)
    for name in ("source", "autograder"):
        (path / name).symlink_to(ROOT / name, target_is_directory=True)
    return path


def _api(course: Path, exchange: Path, **overrides):
    """nbgrader's API as formgrader builds it: the course config, course root, exchange."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    config = course_config(course)
    config.CourseDirectory.root = str(course)
    config.Exchange.root = str(exchange)
    for name, value in overrides.items():
        section, trait = name.split("__")
        setattr(config[section], trait, value)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _same_package(copy: Path) -> bool:
    """``copy`` holds the public checking package, file for file."""
    cmp = filecmp.dircmp(HARNESS, copy, ignore=["__pycache__"])

    def same(c) -> bool:
        if c.left_only or c.right_only or c.diff_files or c.funny_files:
            return False
        return all(same(sub) for sub in c.subdirs.values())
    return copy.is_dir() and not copy.is_symlink() and same(cmp)


def test_generate_and_release_buttons_ship_the_harness(tmp_path, monkeypatch):
    """The release folder and the exchange both get ``_harness``, which every check cell
    imports; with nbgrader's own release plugin the exchange would lack it."""
    course = _course(tmp_path / "course")
    exchange = tmp_path / "exchange"
    monkeypatch.chdir(course)
    api = _api(course, exchange)
    generated = api.generate_assignment(A)
    assert generated["success"], generated.get("error")
    assert _same_package(course / "assignments" / A / "_harness")
    assert (course / "assignments" / A / f"{A}.ipynb").exists()

    released = api.release_assignment(A)
    assert released["success"], released.get("error")
    outbound = exchange / "rnn-week4-day1" / "outbound" / A
    assert _same_package(outbound / "_harness")
    assert (outbound / f"{A}.ipynb").exists()

    # the other side: nbgrader's plugin, with the course's ignore list, leaves it out
    plain = _api(course, tmp_path / "plain_exchange", ExchangeFactory__release_assignment=
                 "nbgrader.exchange.default.ExchangeReleaseAssignment")
    assert plain.release_assignment(A)["success"]
    plain_outbound = tmp_path / "plain_exchange" / "rnn-week4-day1" / "outbound" / A
    assert (plain_outbound / f"{A}.ipynb").exists()
    assert not (plain_outbound / "_harness").exists()
