"""Run a command where it can read what it needs and change nothing else.

Linux user namespaces (``unshare``, no privileges needed) give the student's
process its own view of the filesystem and its own process tree:

* the whole filesystem is read-only, except the directories it must write to;
* the contents of the course folders (hidden suites, solutions, source notebooks,
  gradebook, other students' submissions) are replaced by empty directories, except
  the few paths it needs (the Python environment, the public harness, its notebook);
* it gets a private ``/tmp`` and ``/proc``, and a new PID namespace, so it can neither
  see nor signal the grading processes, and everything it spawns dies with it.

Where user namespaces are unavailable, :func:`available` is False and callers run
the command as it is (the README says what is then not isolated).
"""
from __future__ import annotations

import functools
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path


@functools.lru_cache(maxsize=None)
def available() -> bool:
    if os.environ.get("GRADING_ISOLATION", "1") == "0" or not shutil.which("unshare"):
        return False
    try:
        probe = subprocess.run(
            ["unshare", "--user", "--map-root-user", "--mount", "--pid", "--fork",
             "--kill-child", "--mount-proc", "--", "sh", "-c", "mount -o remount,bind,ro /"],
            capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def _is_within(path: Path, other: Path) -> bool:
    return path == other or other in path.parents


def _hidden_entries(root: Path, keep: list[Path]) -> list[Path]:
    """Entries under ``root`` to hide so that only ``keep`` (and their parents) remain."""
    hidden = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return hidden
    for entry in entries:
        if entry.is_symlink():
            target = entry.resolve()
            if not any(_is_within(k, target) or _is_within(target, k) for k in keep):
                hidden.append(target)
            continue
        if any(_is_within(k, entry) for k in keep):
            if entry.is_dir() and not entry.is_symlink() and entry not in keep:
                hidden += _hidden_entries(entry, keep)
        else:
            hidden.append(entry)
    return hidden


def python_paths() -> list[Path]:
    """What the Python interpreter itself needs to stay visible."""
    paths = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
             Path(sys.executable).resolve().parent}
    return sorted(paths)


def sealed_command(cmd: list[str], *, visible: list[Path], conceal: list[Path],
                   writable: list[Path] = (), scratch: Path | None = None,
                   memory_bytes: int | None = None, new_session: bool = False) -> list[str]:
    """``cmd`` wrapped so that it runs sealed (see the module docstring).

    ``conceal``: folders whose contents are hidden except ``visible``/``writable`` paths.
    The command starts in a private, empty ``/tmp`` - unless something it must see
    lives under ``/tmp``; then ``/tmp`` is concealed like the rest and ``scratch``
    (which must exist) is its writable working directory instead.
    """
    writable = [Path(p).resolve() for p in writable]
    keep = writable + [Path(p).resolve() for p in visible] + python_paths()
    conceal = [Path(c).resolve() for c in conceal]
    tmp = Path("/tmp").resolve()
    private_tmp = not any(_is_within(k, tmp) for k in keep)
    if not private_tmp:
        conceal.append(tmp)
        if scratch is not None:
            writable.append(Path(scratch).resolve())
            keep.append(writable[-1])
    hidden = []
    for folder in dict.fromkeys(conceal):
        hidden += [h for h in _hidden_entries(folder, keep) if h not in hidden]
    # m: mount, retried (a mount can fail transiently on a loaded machine)
    lines = ["set -e", 'm() { for i in 1 2 3 4 5; do mount "$@" && return 0; sleep 0.2; done; '
             'return 1; }']
    lines += [f"m --bind {shlex.quote(str(w))} {shlex.quote(str(w))}" for w in writable]
    lines.append("m -o remount,bind,ro /")
    lines.append("mount -o remount,bind,ro /sys 2>/dev/null || true")
    if private_tmp:
        lines.append("m -t tmpfs -o size=2g,mode=1777 tmpfs /tmp")
    for h in hidden:  # an entry may vanish meanwhile (other processes' temp files)
        q = shlex.quote(str(h))
        if h.is_dir():
            lines.append(f"mount -t tmpfs -o size=16k,mode=755 tmpfs {q} 2>/dev/null || true")
        elif h.exists():
            lines.append(f"mount --bind /dev/null {q} 2>/dev/null || true")
    work = "/tmp" if private_tmp else str(writable[-1]) if writable else "/tmp"
    q = shlex.quote(work)
    lines.append(f"export TMPDIR={q} MPLCONFIGDIR={q} IPYTHONDIR={shlex.quote(work + '/.ipython')}")
    if scratch is not None:
        lines.append(f"export HOME={q}; cd {q}")
    if memory_bytes:
        lines.append(f"ulimit -v {int(memory_bytes) // 1024}")
    # a new session keeps kill(0) inside the namespace (a kernel must stay in its launcher's
    # process group instead: that is how Jupyter delivers interrupts)
    lines.append('exec setsid "$@"' if new_session else 'exec "$@"')
    return ["unshare", "--user", "--map-root-user", "--mount", "--pid", "--fork",
            "--kill-child", "--mount-proc", "--", "/bin/sh", "-c", "\n".join(lines),
            "sealed", *cmd]
