"""Make this Linux Python refuse what Windows' CPython refuses (tests only).

Put this folder on ``PYTHONPATH`` and Python imports it at start-up. Then:
``resource`` cannot be imported; ``select`` accepts sockets only; ``subprocess.Popen``
rejects ``preexec_fn``, ``pass_fds``, ``start_new_session`` and ``process_group``;
``os.killpg``, ``os.setsid``, ``os.getpgid``, ``os.setpgrp`` and ``os.fork`` are gone. The
self-check must work regardless (tests/test_student_platforms.py).
"""
import os
import select
import socket
import subprocess
import sys

sys.modules["resource"] = None  # "import resource" raises ImportError

_select = select.select


def _sockets_only(rlist, wlist, xlist, *timeout):
    for item in (*rlist, *wlist, *xlist):
        if not isinstance(item, socket.socket):
            raise OSError(10038, "An operation was attempted on something that is not a socket")
    return _select(rlist, wlist, xlist, *timeout)


select.select = _sockets_only

_popen_init = subprocess.Popen.__init__


def _windows_popen(self, *args, preexec_fn=None, pass_fds=(), start_new_session=False,
                   process_group=None, **kwargs):
    if preexec_fn is not None:
        raise ValueError("preexec_fn is not supported on Windows platforms")
    if pass_fds:
        raise ValueError("pass_fds is not supported on Windows platforms")
    if start_new_session or process_group is not None:
        raise ValueError("start_new_session is not supported on this simulated platform")
    _popen_init(self, *args, **kwargs)


subprocess.Popen.__init__ = _windows_popen

for _name in ("killpg", "setsid", "getpgid", "setpgrp", "fork"):
    if hasattr(os, _name):
        delattr(os, _name)
