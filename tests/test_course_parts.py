"""Every assignment the course declares has all its parts, and its committed
``_harness`` is what ``place_harness`` makes of ``autograder/harness``.

The tests iterate ``course.ASSIGNMENTS``: an assignment missing a part fails here,
by name, instead of dropping out of the tests that need that part. The harness check
is the quick half of ``test_release``'s staleness check, here so that the fast tier
catches a harness change whose release was not regenerated."""
import pytest

from autograder import course
from autograder.harness_copies import HARNESS
from tools.release import tree_diff

ROOT = course.ROOT


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_every_assignment_has_all_its_parts(assignment):
    parts = {
        "source notebook": course.source_notebook(assignment),
        "public checks": next(course.public_tests(assignment).glob("test_*.py"), None),
        "hidden suite": next(course.hidden_suite(assignment).glob("test_*.py"), None),
        "released notebook": course.release_notebook(assignment),
        "reference solutions": ROOT / "solutions" / f"{assignment}.py",
        "mutants": ROOT / "authoring" / "mutants" / f"{assignment}.py",
        "styles": ROOT / "authoring" / "styles" / f"{assignment}.py",
    }
    missing = [what for what, path in parts.items() if path is None or not path.is_file()]
    assert not missing, f"{assignment} has no {', '.join(missing)}"


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_the_committed_copy_is_the_harness(assignment):
    stale = tree_diff(HARNESS, course.release_folder(assignment) / "_harness", "_harness")
    assert not stale, f"stale (run `bash scripts/release.sh`): {stale}"
