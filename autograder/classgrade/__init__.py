"""Grading a whole class: parallel, resumable, with a report of the class's mistakes.

``python -m autograder.classgrade`` (see ``cli.py``) runs nbgrader's own ``Autograde``
for every submission, in worker processes that keep TensorFlow, nbgrader and the
suites imported between students:

* ``collect.py``   - hand-ins received without an nbgrader exchange, copied into
                     ``submitted/`` with their submission time (``timestamp.txt``);
* ``tasks.py``     - what there is to grade, and the per-submission records that make
                     a run resumable;
* ``record.py``    - one submission's record (``GradeRecord``) and its JSON form;
* ``transaction.py`` - grading one submission as a transaction: the previous grade
                     stands until the new one is whole, whatever stops the run;
* ``options.py``   - what a worker is started with (``Options``, ``make_worker``);
* ``pipeline.py``  - the course's nbgrader config, and its autograde preprocessors
                     rewritten for the ``full`` or ``fast`` mode;
* ``worker.py``    - one warm grading process: nbgrader's ``Autograde`` with the judge
                     in-process, and what each submission cost;
* ``local.py``     - worker processes on this machine, surviving crashes and timeouts;
* ``dask_engine.py`` - the same workers on a Dask cluster;
* ``gradebook.py`` - gradebook URLs (SQLite or PostgreSQL) and safe shared writes;
* ``report.py``    - the class report: score distributions, frequent mistakes, and
                     the students who need attention.
"""
