"""PDF work in checker processes with hard limits, so that no file can take the web process
(or the task worker) down, whatever PDFium and qpdf do with it: pure Python, no Django (the
limits come in as parameters; docs/decisions/0008-checker-processes.md).

A `CheckerPool` keeps a few checker processes (checker.py) started ahead of need. `run(f,
**kwargs)` hands one of them the function's name and arguments (a path in, never the file)
and gets back plain values (JSON). Each checker limits its own address space and, per task,
its CPU time; the pool enforces a wall-clock timeout. A checker that runs out of memory,
dies (a crash in PDFium, the kernel's CPU limit) or overruns the timeout is killed and
replaced, and `run` raises CheckerFailed: the file cost more than any ordinary document, and
the caller refuses it in the filer's words. The process that called `run` only waited.

A checker serves at most `tasks_per_checker` tasks, then is replaced (memory a library keeps
between tasks does not accumulate). Replacements start in the background: a task waits for a
checker only when all are busy.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import pickle
import select
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from efiling.documents.checker import LENGTH

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # where `efiling` (and `tests`) are found
MAX_ANSWER_BYTES = 16 * 1024 * 1024


class CheckerFailed(Exception):
    """The work ran out of memory or time, or its process died: `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class CheckerError(RuntimeError):
    """The function raised an exception in the checker (not the file's cost), or no checker
    could be started. `transient` when trying again may pass: an operating system error (a
    full disk, say) or a checker that did not start."""

    def __init__(self, message: str, *, transient: bool):
        super().__init__(message)
        self.transient = transient


class _Checker:
    """One checker process and its pipes."""

    def __init__(self, memory_bytes: int, cpu_seconds: int) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(PROJECT_ROOT), *filter(None, [env.get("PYTHONPATH")])]
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                sys.executable,
                "-m",
                "efiling.documents.checker",
                str(memory_bytes),
                str(cpu_seconds),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
            env=env,
        )
        self.ready = False
        self.tasks = 0

    def read(self, deadline: float) -> dict | None:
        """The next answer; None if the process ended; TimeoutError past `deadline`."""
        header = self._read_exactly(LENGTH, deadline)
        if header is None:
            return None
        size = int.from_bytes(header, "big")
        if size > MAX_ANSWER_BYTES:
            return None
        body = self._read_exactly(size, deadline)
        return None if body is None else json.loads(body)

    def _read_exactly(self, size: int, deadline: float) -> bytes | None:
        fd = self.process.stdout.fileno()
        chunks, missing = [], size
        while missing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            poller = select.poll()  # not select(): a busy server's descriptors pass 1,024
            poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
            if not poller.poll(max(1, int(remaining * 1000))):
                raise TimeoutError
            chunk = os.read(fd, min(missing, 1024 * 1024))
            if not chunk:
                return None
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def send(self, request: bytes) -> bool:
        try:
            self.process.stdin.write(len(request).to_bytes(LENGTH, "big") + request)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            return False
        return True

    def stop(self) -> None:
        """End the process: kill it (it may be in the middle of hostile work) and reap it."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                pipe.close()


class CheckerPool:
    """`size` checker processes, each limited to `memory_bytes` of address space and
    `cpu_seconds` of CPU time per task; a task is given `timeout_seconds` of wall-clock time.
    Use one pool per process (`shared_pool`)."""

    def __init__(
        self,
        *,
        size: int,
        memory_bytes: int,
        cpu_seconds: int,
        timeout_seconds: float,
        tasks_per_checker: int = 200,
        start_seconds: float = 60,
    ) -> None:
        self.size = size
        self.memory_bytes = memory_bytes
        self.cpu_seconds = cpu_seconds
        self.timeout_seconds = timeout_seconds
        self.tasks_per_checker = tasks_per_checker
        self.start_seconds = start_seconds
        self.pid = os.getpid()
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(size)
        self._idle = [self._start() for _ in range(size)]
        self._closed = False

    def _start(self) -> _Checker:
        return _Checker(self.memory_bytes, self.cpu_seconds)

    def _take(self) -> _Checker:
        """An idle checker that is still running (one that ended while idle, killed from
        outside, is replaced: no file is blamed for it)."""
        with self._lock:
            if self._closed:
                raise CheckerError("the checker pool is closed", transient=True)
            while self._idle:
                checker = self._idle.pop()
                if checker.process.poll() is None:
                    return checker
                checker.stop()
            return self._start()

    def _give_back(self, checker: _Checker | None) -> None:
        """Return a checker to the idle list, or a fresh one in place of one that ended."""
        with self._lock:
            if self._closed:
                if checker is not None:
                    checker.stop()
                return
            self._idle.append(checker if checker is not None else self._start())

    def run(self, function: Callable, **kwargs):
        """`function(**kwargs)` in a checker; its result (plain values, through JSON).

        Raises CheckerFailed when the work ran out of memory, time (CPU or wall clock) or its
        process died; CheckerError when the function raised (the exception's type, message
        and traceback are in the message) or no checker could start."""
        request = pickle.dumps((function.__module__, function.__qualname__, kwargs), protocol=5)
        with self._slots:
            checker = self._take()
            try:
                answer = self._ask(checker, request)
            except BaseException:
                checker.stop()
                self._give_back(None)
                raise
            checker.tasks += 1
            ended = answer.get("error") == "memory"  # the checker exits after that answer
            if ended or checker.tasks >= self.tasks_per_checker:
                checker.stop()
                self._give_back(None)
            else:
                self._give_back(checker)
        if answer.get("error") == "memory":
            raise CheckerFailed("memory")
        if answer.get("error") == "exception":
            raise CheckerError(
                f"{answer['type']}: {answer['message']}\n(in the checker)\n{answer['traceback']}",
                transient=answer["os_error"],
            )
        return answer["result"]

    def _ask(self, checker: _Checker, request: bytes) -> dict:
        if not checker.ready:
            try:
                hello = checker.read(time.monotonic() + self.start_seconds)
            except TimeoutError:
                hello = None
            if not hello or "ready" not in hello:
                raise CheckerError(
                    f"a checker process did not start ({checker.process.args})", transient=True
                )
            checker.ready = True
        if not checker.send(request):
            raise CheckerFailed("died")
        try:
            answer = checker.read(time.monotonic() + self.timeout_seconds)
        except TimeoutError:
            raise CheckerFailed("timeout") from None
        if answer is None:
            raise CheckerFailed("died")
        return answer

    def close(self) -> None:
        """Stop every idle checker; busy ones are stopped when their task ends."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for checker in idle:
            checker.stop()


_shared: dict[tuple, CheckerPool] = {}
_shared_lock = threading.Lock()


def shared_pool(**settings) -> CheckerPool:
    """This process's pool for these settings (a forked child gets its own, never its
    parent's pipes). Pools are closed when the process exits."""
    key = (os.getpid(), tuple(sorted(settings.items())))
    with _shared_lock:
        pool = _shared.get(key)
        if pool is None:
            pool = _shared[key] = CheckerPool(**settings)
        return pool


@atexit.register
def _close_all() -> None:
    for pool in list(_shared.values()):
        if pool.pid == os.getpid():
            pool.close()
