"""A student at a terminal with the warm check process on (``autograder/harness/warm.py``):
their folder, their own temporary folder (where their servers' state files live), and
what can be seen of the servers from outside."""
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from autograder.harness.quiet import child_environment

BOOT_MARK = ".warm').serve"  # in the command line of a server, its jobs and their students


class Student:
    """One student's folder and environment (their own temporary folder: their servers)."""

    def __init__(self, folder: Path, tmp: Path, python: str = sys.executable,
                 base_env: dict | None = None, **env):
        self.folder, self.tmp, self.python = folder, tmp, python
        tmp.mkdir(parents=True, exist_ok=True)
        self.env = {**(child_environment() if base_env is None else base_env),
                    "SELFCHECK_WARM": "1", "TMPDIR": str(tmp), **env}

    def pytest(self, *args, cwd=None, timeout=600) -> subprocess.CompletedProcess:
        return subprocess.run([self.python, "-m", "pytest", "-p", "no:cacheprovider",
                               *map(str, args)], cwd=cwd or self.folder, env=self.env,
                              capture_output=True, text=True, timeout=timeout)

    def popen(self, *args) -> subprocess.Popen:
        return subprocess.Popen([self.python, "-m", "pytest", "-p", "no:cacheprovider",
                                 *map(str, args)], cwd=self.folder, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def _state_files(self) -> list[Path]:
        return sorted(self.tmp.glob("rnn-selfcheck-*/*.json"))

    def state(self) -> dict | None:
        files = self._state_files()
        return json.loads(files[0].read_text()) if files else None

    def log(self) -> str:
        logs = sorted(self.tmp.glob("rnn-selfcheck-*/*.log"))
        return logs[0].read_text() if logs else ""

    def jobs(self) -> int:
        return len(re.findall(r"^job \d+: ", self.log(), re.M))

    def ready(self, timeout=240) -> dict:
        ends = time.monotonic() + timeout
        while time.monotonic() < ends:
            state = self.state()
            if state and state.get("status") == "ready":
                return state
            time.sleep(0.2)
        raise AssertionError(f"no warm server came up: {self.state()}; log:\n{self.log()}")

    def kill_servers(self) -> None:
        for pid in warm_processes():
            if str(self.folder) in cmdline(pid):
                kill(pid)


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def warm_processes() -> list[int]:
    return [int(p) for p in os.listdir("/proc")
            if p.isdigit() and BOOT_MARK in cmdline(int(p)) and running(int(p))]


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
