"""Stand-ins for the grading worker, to test the engines without TensorFlow.

A task's student name says what happens: ``crash*`` kills the worker process,
``hang*`` never returns, ``raise*`` raises; anyone else is graded at once.
"""
from __future__ import annotations

import os
import time

from autograder.classgrade.record import GradeRecord


class ScriptedWorker:
    def __init__(self, options):
        self.options = options
        if options.mode == "refuse":
            raise RuntimeError("this worker cannot start")

    def grade(self, task):
        if task.student.startswith("crash"):
            os._exit(3)
        if task.student.startswith("hang"):
            time.sleep(3600)
        if task.student.startswith("raise"):
            raise ValueError("the worker itself failed")
        return GradeRecord(task.assignment, task.student, task.digest, "graded",
                           scores={"check_q": 1.0}, points={"check_q": 1.0}, total=1.0,
                           max_total=1.0, worker={"pid": os.getpid()})


SCRIPTED = "tests.fake_workers:ScriptedWorker"
