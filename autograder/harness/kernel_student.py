"""The student's functions in the notebook's own kernel: what a check cell calls.

The check cell runs the public checks on the functions the notebook has defined, without
saving, by answering each call here exactly as the student process answers it
(``student_process_main.answer_call``): the same request, reply and JSON round trip. It is
student-side code, like the student process; the judge never imports it.
"""
from __future__ import annotations

from . import wire
from .student import Student, StudentTimeout


class KernelStudent(Student):
    """The student's functions in this very namespace (a Jupyter kernel).

    A call that runs longer than ``patience`` seconds prints how to stop it (the
    kernel's interrupt button); the interrupted call then fails its check with a
    message saying so, and the kernel lives on.
    """

    def __init__(self, namespace: dict, patience: float = 20.0):
        self.namespace = namespace
        self.patience = patience

    def _send(self, request: dict, consult=None) -> dict:
        import json
        import threading

        from . import student_process_main, testfns

        # a JSON round trip, exactly as on the pipe, so both transports see equal values
        request = json.loads(wire.dumps(request)[8:])
        name = request.get("name")
        hint = threading.Timer(self.patience, print, args=(
            f"{name} has been running for {self.patience:g} s: an infinite loop, or very "
            "slow code? Interrupt the kernel (the stop button) to end it.",))
        hint.daemon = True
        hint.start()
        try:
            reply = student_process_main.answer_call(
                wire, request, self.namespace, student_process_main.KerasCodec(wire),
                student_process_main.make_fn_resolver(wire, testfns, self.namespace),
                None if consult is None else  # as on the pipe: frames both ways
                lambda frame: json.loads(consult(json.loads(frame[8:]))[8:]))
        finally:
            hint.cancel()
        if str(reply.get("message", "")).startswith("KeyboardInterrupt"):
            raise StudentTimeout(f"{name}: interrupted before it returned (an infinite loop, "
                                 "or very slow code?)")
        return json.loads(wire.dumps(reply)[8:])
