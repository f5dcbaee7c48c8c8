"""A Jupyter kernel driven the way a student drives it: cell by cell, timed.

The benchmark times check cells in it, and the platform tests run notebooks in it
from a working directory that is not the assignment folder, with a simulated
platform on ``PYTHONPATH`` or under a lower address-space limit.
"""
from __future__ import annotations

import dataclasses
import time

from jupyter_client.manager import KernelManager

from autograder.harness.notebook import cell_source, grade_id, runs_in_student_process
from autograder.harness.quiet import child_environment


@dataclasses.dataclass
class CellRun:
    seconds: float
    status: str          # "ok" or "error"
    stdout: str
    stderr: str
    error: str           # "Name: message" of an exception, else ""


class LiveKernel:
    """``with LiveKernel(cwd) as k: k.run("1 + 1")``; ``popen`` kwargs go to the kernel's
    process (e.g. ``preexec_fn`` to set an rlimit from a Linux test)."""

    def __init__(self, cwd, env: dict | None = None, timeout: float = 300, **popen):
        env = child_environment(env)
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(cwd=str(cwd), env=env, **popen)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.timeout = timeout

    def run(self, code: str) -> CellRun:
        out, err, error = [], [], []

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                (out if content["name"] == "stdout" else err).append(content["text"])
            elif kind == "error":
                error.append(f"{content['ename']}: {content['evalue']}")
            elif kind in ("execute_result", "display_data"):
                out.append(content.get("data", {}).get("text/plain", ""))

        began = time.perf_counter()
        reply = self.kc.execute_interactive(code, timeout=self.timeout, output_hook=hook)
        return CellRun(time.perf_counter() - began, reply["content"]["status"],
                       "".join(out), "".join(err), "\n".join(error))

    def close(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_until(kernel: LiveKernel, nb: dict, stop_before: str | None = None) -> list[CellRun]:
    """Run the notebook's code cells a student must run before checking: the cell that
    finds the assignment folder, the setup cells and the answer cells (demos and check
    cells skipped), up to the cell ``stop_before``."""
    runs = []
    for cell in nb["cells"]:
        if stop_before and grade_id(cell) == stop_before:
            break
        if grade_id(cell) == "find_assignment_folder" or runs_in_student_process(cell):
            runs.append(kernel.run(cell_source(cell)))
    return runs
