"""The student process, as the judge starts it, sees and changes nothing of the course."""
import os

import pytest

from autograder.harness import isolation
from autograder.harness.student import SandboxStudent
from autograder.judge import ROOT, sealed_limits

pytestmark = pytest.mark.skipif(not isolation.available(),
                                reason="user namespaces are not available here")

PROBE = '''
import os

def probe(paths, target):
    seen = {}
    for p in paths:
        try:
            seen[p] = sorted(os.listdir(p)) if os.path.isdir(p) else open(p, "rb").read(16).hex()
        except OSError as exc:
            seen[p] = type(exc).__name__
    try:
        with open(target, "w") as fh:
            fh.write("pwned")
        wrote = True
    except OSError:
        wrote = False
    return seen, wrote, os.getpid()
'''


@pytest.fixture(scope="module")
def sealed_student():
    s = SandboxStudent([("answer_probe", PROBE)], sealed_limits())
    yield s
    s.close()


def test_course_secrets_are_concealed(sealed_student):
    paths = [str(ROOT / "solutions"), str(ROOT / "autograder" / "suites"), str(ROOT / "source"),
             str(ROOT / "tests"), str(ROOT / ".git"), str(ROOT / "gradebook.db")]
    seen, _, _ = sealed_student.probe(paths, "/dev/null")
    for path, content in seen.items():
        assert content in ([], "", "FileNotFoundError"), f"{path} is visible: {content}"


def test_the_public_harness_stays_visible(sealed_student):
    seen, _, _ = sealed_student.probe([str(ROOT / "autograder" / "harness")], "/dev/null")
    assert "wire.py" in seen[str(ROOT / "autograder" / "harness")]


def test_course_files_cannot_be_changed(sealed_student):
    target = ROOT / "autograder" / "suites" / "planted.py"
    _, wrote, _ = sealed_student.probe([], str(target))
    assert not target.exists()
    _, wrote_root, _ = sealed_student.probe([], str(ROOT / "planted.txt"))
    assert not wrote_root and not (ROOT / "planted.txt").exists()


def test_own_process_tree(sealed_student):
    _, _, pid = sealed_student.probe([], "/dev/null")
    assert pid == 1 and pid != os.getpid()
