"""Grading workers as processes on this machine.

Each worker is a spawned process that warms up once (``worker.Worker``) and then
grades one task at a time. The coordinator never waits on a single worker: a worker
that dies (a crash, the OOM killer, a ``kill``) or overruns ``task_timeout`` costs
that one task a ``crashed`` or ``timeout`` record, and a fresh worker takes its place.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import time
import traceback
from multiprocessing.connection import wait
from pathlib import Path

from autograder.classgrade.options import Options, make_worker
from autograder.classgrade.record import GradeRecord
from autograder.classgrade.tasks import Task


class WorkerStartError(RuntimeError):
    """A worker could not warm up: a course or installation problem, not a student's."""


def _die_with_run() -> None:
    """A worker never outlives its run (a run killed outright, not only Ctrl-C), so
    it never goes on grading a submission the next run is putting back (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it died before prctl
        os._exit(1)


def _serve(conn, options: Options, log_path: str) -> None:
    _die_with_run()
    log = open(log_path, "a", buffering=1)
    os.dup2(log.fileno(), 1)  # kernels and libraries write here, never to the terminal
    os.dup2(log.fileno(), 2)
    sys.stdout = sys.stderr = log
    try:
        worker = make_worker(options)
    except BaseException:  # noqa: BLE001 - reported to the coordinator, which stops
        conn.send(("failed", traceback.format_exc()))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        try:
            record = worker.grade(task)
        except Exception:  # noqa: BLE001 - this task fails, the worker goes on
            record = GradeRecord.failed(task, "failed", traceback.format_exc().strip()
                                        .splitlines()[-1])
            print(traceback.format_exc(), flush=True)
        conn.send(("done", record))


class _Slot:
    def __init__(self, ctx, options: Options, log_path: Path):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, options, str(log_path)),
                                daemon=True)
        self.proc.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0
        self.ready = False

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.proc.join(timeout=10)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def run_local(tasks: list[Task], options: Options, workers: int, task_timeout: float,
              log_dir: Path):
    """Grade ``tasks`` on ``workers`` processes; yields one ``GradeRecord`` per task as
    it ends."""
    ctx = multiprocessing.get_context("spawn")  # no inherited TensorFlow state
    log_dir.mkdir(parents=True, exist_ok=True)
    queue = list(tasks)
    slots: list[_Slot] = []
    spawned = 0

    def new_slot() -> _Slot:
        nonlocal spawned
        spawned += 1
        return _Slot(ctx, options, log_dir / f"worker-{spawned}.log")

    for _ in range(min(workers, len(queue))):
        slots.append(new_slot())
    try:
        while slots:
            for slot in slots:
                if slot.ready and slot.task is None and queue:
                    slot.task, slot.started = queue.pop(0), time.monotonic()
                    slot.conn.send(slot.task)
            ready = wait([s.conn for s in slots] + [s.proc.sentinel for s in slots], timeout=1.0)
            for slot in list(slots):
                message = None
                if slot.conn in ready:
                    try:
                        message = slot.conn.recv()
                    except (EOFError, OSError):
                        message = None
                if message is not None:
                    kind, payload = message
                    if kind == "failed":
                        raise WorkerStartError(f"a grading worker could not start:\n{payload}")
                    if kind == "ready":
                        slot.ready = True
                    elif kind == "done":
                        slot.task = None
                        yield payload
                    continue
                dead = not slot.proc.is_alive() or slot.proc.sentinel in ready
                overdue = slot.task is not None and \
                    time.monotonic() - slot.started > task_timeout
                if not (dead or overdue):
                    continue
                task = slot.task
                slot.stop(kill=True)
                slots.remove(slot)
                if task is not None:
                    spent = time.monotonic() - slot.started
                    if overdue and not dead:
                        yield GradeRecord.failed(task, "timeout", f"grading took longer "
                                                 f"than {task_timeout:g} s; the worker was "
                                                 "stopped", spent)
                    else:
                        yield GradeRecord.failed(task, "crashed", f"the grading worker died "
                                                 f"(exit code {slot.proc.exitcode})", spent)
                elif not slot.ready:
                    raise WorkerStartError(f"a grading worker died while starting (exit "
                                           f"code {slot.proc.exitcode}); see {log_dir}")
                if queue:
                    slots.append(new_slot())
            if not queue:
                for slot in [s for s in slots if s.task is None and s.ready]:
                    slot.stop()
                    slots.remove(slot)
    finally:
        for slot in slots:
            slot.stop(kill=True)
