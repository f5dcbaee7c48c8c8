"""A seccomp filter for the seal: system calls student code has no use for, refused.

Bubblewrap already leaves student code without capabilities and without nested user
namespaces, so ``mount`` and friends fail anyway; this filter is a second wall in case
a kernel bug opens the first, and it closes calls that need no privilege at all but
widen the kernel's attack surface (``userfaultfd``, ``bpf``, ``keyctl``, ``ptrace``,
``perf_event_open``, ``io_uring``). It is built with libseccomp, the library Docker,
Flatpak and systemd build theirs with, and handed to ``bwrap --seccomp FD``. Where
libseccomp is missing the seal goes on without this wall (bubblewrap's own holds).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import functools
import os
import tempfile

DENIED = (
    # the filesystem view and namespaces
    "mount", "umount", "umount2", "pivot_root", "chroot", "unshare", "setns",
    "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    "open_by_handle_at", "name_to_handle_at",
    # other processes' memory, and the kernel's rarely-used surfaces
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    "userfaultfd", "bpf", "perf_event_open", "keyctl", "add_key", "request_key",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    # kernel objects that outlive the process that made them (System V IPC, POSIX
    # message queues): nothing one student's process makes may wait for the next's
    "shmget", "semget", "msgget", "ipc", "mq_open",
    # the machine itself
    "reboot", "kexec_load", "kexec_file_load", "init_module", "finit_module",
    "delete_module", "swapon", "swapoff", "acct", "quotactl", "syslog", "settimeofday",
    "clock_settime", "adjtimex", "clock_adjtime", "sethostname", "setdomainname",
    "lookup_dcookie", "vhangup", "iopl", "ioperm",
)
CLONE_NEWUSER = 0x10000000
TIOCSTI = 0x5412  # push characters into a terminal's input

_ALLOW = 0x7FFF0000


def _errno(code: int) -> int:
    return 0x00050000 | (code & 0xFFFF)


class _ArgCmp(ctypes.Structure):  # struct scmp_arg_cmp
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int),
                ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


_CMP_MASKED_EQ = 7


@functools.lru_cache(maxsize=None)
def program() -> bytes | None:
    """The filter as a BPF program for this machine's architecture; None without
    libseccomp."""
    name = ctypes.util.find_library("seccomp")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int,
                                           ctypes.c_uint, ctypes.POINTER(_ArgCmp)]
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    ctx = lib.seccomp_init(_ALLOW)
    if not ctx:
        return None
    try:
        def deny(call: str, code: int = errno.EPERM, *conditions: _ArgCmp) -> None:
            number = lib.seccomp_syscall_resolve_name(call.encode())
            if number < 0:  # not a system call on this architecture
                return
            array = (_ArgCmp * len(conditions))(*conditions) if conditions else None
            if lib.seccomp_rule_add_array(ctx, _errno(code), number, len(conditions),
                                          array) != 0:
                raise OSError(f"libseccomp refused the rule for {call}")

        for call in DENIED:
            deny(call)
        # a new user namespace through clone's flags (clone3 hides its flags in memory a
        # filter cannot read, so it answers "not implemented" and the C library falls
        # back to clone)
        deny("clone", errno.EPERM, _ArgCmp(0, _CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER))
        deny("clone3", errno.ENOSYS)
        deny("ioctl", errno.EPERM, _ArgCmp(1, _CMP_MASKED_EQ, 0xFFFFFFFF, TIOCSTI))
        with tempfile.TemporaryFile() as fh:
            if lib.seccomp_export_bpf(ctx, fh.fileno()) != 0:
                return None
            fh.seek(0)
            return fh.read()
    except OSError:
        return None
    finally:
        lib.seccomp_release(ctx)


def open_program() -> int | None:
    """A readable file descriptor holding :func:`program` (for ``bwrap --seccomp``);
    the caller passes it to bwrap and closes it afterwards."""
    data = program()
    if data is None:
        return None
    read, write = os.pipe()
    if len(data) > 60000:  # a pipe holds 64 KiB; filters are a few hundred bytes
        os.close(read)
        os.close(write)
        return None
    os.write(write, data)
    os.close(write)
    return read
