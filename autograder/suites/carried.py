"""A function judged apart from the graded functions it calls (one mistake, one penalty).

``rnn_backward`` calls the student's ``rnn_cell_backward``: when that one is wrong, a
correct loop around it still returns wrong gradients. Its question must not pay for
that. :func:`with_own` gives the reference function calling the student's own versions
of the functions it calls, through the student process; what it returns is what a
correct answer built on the student's own functions returns, and a check accepts it
beside the reference value (``check_close(..., carried=...)``).

Where the student's own function crashes, there is no such value, and the student's
call of the caller gives none either. The judge then calls the caller again with the
reference's version standing in for the student's (``Student.stand_ins``, set from each
question's ``CALLS``; ``judge.settle_stand_ins``): nothing for a suite to write.
"""
from __future__ import annotations

import types

import numpy as np

from autograder.harness.wire import Rng


def with_own(student, reference, *names: str):
    """``reference`` with every call to a function in ``names`` sent to the student's."""
    def own(name):
        def call(*args, **kwargs):
            # a generator cannot cross to the student process: a seed stands in for it
            args = [Rng(0) if isinstance(a, np.random.Generator) else a for a in args]
            return student.call(name, *args, **kwargs)
        return call
    scope = dict(reference.__globals__)
    scope.update({name: own(name) for name in names})
    return types.FunctionType(reference.__code__, scope, reference.__name__,
                              reference.__defaults__, reference.__closure__)
