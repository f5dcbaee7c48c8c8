"""Each assignment's committed ``_harness`` is what ``place_harness`` makes of
``autograder/harness``: the quick half of ``test_release``'s staleness check, here so
that the fast tier catches a harness change whose release was not regenerated."""
import filecmp

import pytest

from autograder import course
from autograder.harness_copies import HARNESS


def _files(folder):
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_the_committed_copy_is_the_harness(assignment):
    copy = _files(course.release_folder(assignment) / "_harness")
    source = _files(HARNESS)
    assert sorted(copy) == sorted(source), "run `bash scripts/release.sh`"
    differ = [name for name in source if not filecmp.cmp(source[name], copy[name],
                                                           shallow=False)]
    assert not differ, f"stale (run `bash scripts/release.sh`): {differ}"
