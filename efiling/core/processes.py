"""Child processes that never outlive their parent and are stopped whole: each runs in a
process group of its own (a signal to the group reaches everything it started, such as a
gunicorn master's workers) and asks the kernel (Linux prctl PR_SET_PDEATHSIG) for a signal when
its parent dies, SIGKILL of the parent included. `efiling serve` starts its parts so, and
gunicorn's workers ask the same of their master (config/gunicorn.conf.py, post_fork)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent: int, signum: int = signal.SIGTERM) -> None:
    """In a freshly forked child: have the kernel send `signum` to this process when the
    thread that forked it ends; exit at once if the parent (process id `parent`) is already
    gone. Linux only; elsewhere nothing is asked."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def child_start(command: list[str], **popen) -> subprocess.Popen:
    """Start `command` in a process group of its own, to be sent `SIGTERM` when this process
    dies. Extra keyword arguments go to Popen (cwd, env, stdout, ...)."""
    parent = os.getpid()
    return subprocess.Popen(  # noqa: S603 - callers pass our own interpreter and commands
        command, process_group=0, preexec_fn=lambda: die_with_parent(parent), **popen
    )


def group_signal(process: subprocess.Popen, signum: int) -> None:
    """Send `signum` to the child's whole process group (nothing if it is empty)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def child_stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a child started by `child_start` and everything in its group: SIGTERM, then
    SIGKILL for whatever is left after `timeout` seconds. Waits for the child itself."""
    group_signal(process, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=timeout)
    group_signal(process, signal.SIGKILL)  # leftovers: the group outlives its leader
    process.wait()
