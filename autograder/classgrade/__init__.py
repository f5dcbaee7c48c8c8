"""Grading a whole class: parallel, resumable, with a report of the class's mistakes.

``python -m autograder.classgrade`` (see ``cli.py``) runs nbgrader's own ``Autograde``
for every submission, in worker processes that keep TensorFlow, nbgrader and the
suites imported between students:

* ``tasks.py``     - what there is to grade, and the per-submission records that make
                     a run resumable;
* ``worker.py``    - one warm grading process: nbgrader's pipeline in ``full`` or
                     ``fast`` mode, and what each submission cost;
* ``local.py``     - worker processes on this machine, surviving crashes and timeouts;
* ``dask_engine.py`` - the same workers on a Dask cluster;
* ``gradebook.py`` - gradebook URLs (SQLite or PostgreSQL) and safe shared writes;
* ``report.py``    - the class report: score distributions, frequent mistakes, and
                     the students who need attention.
"""
