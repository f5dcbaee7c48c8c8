"""The grading workers on a Dask cluster, for a class too big for one machine.

Every Dask worker process keeps one warm grading ``Worker`` (``worker.grade_here``).
Without ``scheduler`` a local cluster of ``workers`` single-threaded processes is
started here; with ``scheduler`` (``tcp://host:8786``) the tasks go to a running
cluster, whose workers must see the course folder at the same path (a shared
filesystem) and share one gradebook (PostgreSQL, ``--db-url``). A task whose Dask
worker dies is tried once more on another, then gets a ``crashed`` record (a local
cluster sets ``allowed-failures`` to 1; set it on a real cluster's scheduler too).
Time limits are the judge's own (``GradingLimits.judge_timeout``, nbgrader's cell
timeout): Dask cannot stop a running task. So that a run never waits forever (a worker
hung outside the judge, a scheduler with no workers), once no submission has finished
for ``task_timeout`` seconds every unfinished one gets a ``timeout`` record and the run
ends; a hung worker of a running cluster is left to its administrator.
"""
from __future__ import annotations

import logging

from autograder.classgrade.options import TASK_TIMEOUT, Options
from autograder.classgrade.record import GradeRecord
from autograder.classgrade.tasks import Task
from autograder.classgrade.worker import grade_here


def run_dask(tasks: list[Task], options: Options, workers: int,
             scheduler: str | None = None, task_timeout: float = TASK_TIMEOUT):
    """Grade ``tasks`` on Dask; yields one ``GradeRecord`` per task as it ends."""
    import dask
    from distributed import Client, LocalCluster, wait
    from distributed.scheduler import KilledWorker

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # one task per worker at a time, and one second try for a task whose worker
        # died (grading is idempotent): a task that only shared the dying worker gets
        # graded, and one that kills two workers in a row is recorded as crashed
        with dask.config.set({"distributed.scheduler.allowed-failures": 1,
                              "distributed.scheduler.worker-saturation": 1.0}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        futures = {client.submit(grade_here, task, options, key=f"grade-{task.key}",
                                 pure=False, retries=0): task for task in tasks}
        pending = set(futures)
        while pending:
            try:
                done, pending = wait(pending, timeout=task_timeout,
                                     return_when="FIRST_COMPLETED")
            except TimeoutError:  # distributed's wait raises where concurrent's returns
                done = set()
            if not done:
                for future in pending:
                    future.cancel()
                    yield GradeRecord.failed(
                        futures[future], "timeout", f"no grading worker finished a "
                        f"submission for {task_timeout:g} s (hung workers, or a cluster "
                        "without any); not graded", task_timeout)
                return
            for future in done:
                task = futures[future]
                try:
                    yield future.result()
                except KilledWorker as exc:
                    yield GradeRecord.failed(task, "crashed",
                                             f"the grading worker died: {str(exc)[:200]}")
                except Exception as exc:  # noqa: BLE001 - the worker raised: this task fails
                    yield GradeRecord.failed(task, "failed",
                                             f"{type(exc).__name__}: {str(exc)[:300]}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
