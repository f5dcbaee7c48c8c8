"""The peak memory of this process, as the process itself used it.

``getrusage(RUSAGE_SELF).ru_maxrss`` is not that on Linux: at ``exec`` the kernel
carries the peak of the address space being replaced over into the new program, so a
small process started by a large one (nbgrader by pytest, a class-grading worker by
the command that spawned it) reports the large one's peak. ``VmHWM`` of
``/proc/self/status`` is the peak of this process's own address space since its
``exec``; it is read where it exists, ``ru_maxrss`` elsewhere (bytes on macOS).

``RUSAGE_CHILDREN`` has the same flaw one level down: a child's figure is at least
the size its parent had when it started the child.
"""
from __future__ import annotations

import sys


def peak_rss_kib() -> int:
    """This process's own peak resident memory since it started, in KiB."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    import resource  # not on Windows; nothing here runs there
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def peak_rss_mib() -> float:
    return peak_rss_kib() / 1024


def children_peak_kib() -> int:
    """The largest peak among this process's waited-for descendants, in KiB (each at
    least what this process held when it started that child)."""
    import resource
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def main(argv: list[str]) -> None:
    """``python -m autograder.memory REPORT MODULE [ARGS...]``: run ``python -m MODULE
    ARGS``, then write its peaks (``self_kib``, ``children_kib``) to REPORT as JSON,
    however it exits. The benchmarks and the seal tests measure nbgrader and the judge
    this way."""
    import atexit
    import json
    import runpy
    report, module, args = argv[0], argv[1], argv[2:]

    def write_report():
        with open(report, "w", encoding="utf-8") as fh:
            json.dump({"self_kib": peak_rss_kib(), "children_kib": children_peak_kib()}, fh)
    atexit.register(write_report)
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
