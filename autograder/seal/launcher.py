"""Starts the judge's student process inside bubblewrap.

:class:`autograder.harness.sandbox.Sandbox` is portable (it also runs the students'
self-check on Windows and macOS); grading hands it a :class:`SealedLauncher`, which
wraps its command in ``bwrap`` with rlimits and the seccomp filter. Killing the
sandbox's process then ends its PID namespace, background children included.
"""
from __future__ import annotations

from pathlib import Path

from autograder.harness.sandbox import Limits

from . import isolation, seccomp

HARNESS = Path(__file__).resolve().parents[1] / "harness"


class SealedLauncher:
    """Wraps the student process's command in the seal (see :mod:`isolation`)."""

    home = "/tmp"  # the sandbox's private /tmp; the grader's folders are out of reach

    def __init__(self, bubblewrap: isolation.Bubblewrap, readable=()):
        self.bubblewrap = bubblewrap
        self.readable = [str(HARNESS), *readable]

    def wrap(self, cmd: list[str], limits: Limits) -> tuple[list[str], list[int]]:
        """The sealed command and the file descriptors it must inherit."""
        fd = seccomp.open_program()
        sealed = self.bubblewrap.command(cmd, readable=self.readable,
                                         memory_bytes=limits.memory_bytes,
                                         file_bytes=limits.file_bytes, seccomp_fd=fd)
        return sealed, [fd] if fd is not None else []

    @staticmethod
    def exit_code(code: int) -> int:
        """bwrap reports a child killed by signal N as 128 + N: make it -N again."""
        return 128 - code if code > 128 else code


def launcher_for(limits: Limits) -> SealedLauncher | None:
    """The launcher ``limits`` ask for: None when unsealed (not asked for, or no seal
    can be made and ``limits.allow_unsealed``). Raises :class:`isolation.SealUnavailable`
    otherwise: grading fails closed."""
    if not limits.sealed:
        return None
    try:
        return SealedLauncher(isolation.find_bwrap(limits.bwrap), limits.readable)
    except isolation.SealUnavailable:
        if not limits.allow_unsealed:
            raise
        return None
