"""A checker process: runs PDF work for isolated.py under hard limits, one task at a time.

    python -m efiling.documents.checker MEMORY_BYTES CPU_SECONDS

Before importing anything heavy it limits its own address space (RLIMIT_AS) to MEMORY_BYTES,
turns core dumps off, and keeps its standard output for the protocol (anything a library
prints goes to standard error). Then it imports the PDF code, says it is ready, and serves
requests from standard input until that closes:

- a request: 4 bytes (big-endian length), then a pickle of (module, function name, keyword
  arguments), written by the web process that started it (trusted);
- an answer: 4 bytes (big-endian length), then JSON: {"result": ...}, {"error": "memory"}
  (the function ran out of memory; the process then exits, its state is not to be trusted)
  or {"error": "exception", "os_error", "type", "message", "traceback"} (os_error: the
  machine's trouble, a full disk say, rather than the work's).

Answers are JSON, never pickles: this process reads hostile files, and whatever it sends back
is data to the web process, never code.

Before each request the CPU limit (RLIMIT_CPU, soft) is set to the CPU time used so far plus
CPU_SECONDS: past it the kernel stops the process (SIGXCPU), and the web process sees it die.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import resource
import sys
import traceback

LENGTH = 4


def _limit(memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _allow_cpu(seconds: int) -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(_cpu_used()) + 1 + seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, missing = [], size
    while missing:
        chunk = os.read(fd, missing)
        if not chunk:
            return None
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _send(fd: int, message: dict) -> None:
    data = json.dumps(message).encode()
    view = memoryview(len(data).to_bytes(LENGTH, "big") + data)
    while view:
        view = view[os.write(fd, view) :]


def _call(module: str, name: str, kwargs: dict):
    target = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return target(**kwargs)


def serve(memory_bytes: int, cpu_seconds: int) -> None:
    _limit(memory_bytes)
    answers = os.dup(1)
    os.dup2(2, 1)  # stray prints of any library go to standard error
    sys.stdout = sys.stderr
    requests = sys.stdin.fileno()
    # The PDF code, imported once: a request pays for IPC, not for imports.
    importlib.import_module("efiling.documents.upload")
    importlib.import_module("efiling.documents.stamp")
    _send(answers, {"ready": os.getpid()})
    while True:
        header = _read_exactly(requests, LENGTH)
        if header is None:
            return
        body = _read_exactly(requests, int.from_bytes(header, "big"))
        if body is None:
            return
        module, name, kwargs = pickle.loads(body)  # noqa: S301 - from the web process
        _allow_cpu(cpu_seconds)
        try:
            result = _call(module, name, kwargs)
        except MemoryError:
            _send(answers, {"error": "memory"})
            return
        except Exception as exc:
            _send(
                answers,
                {
                    "error": "exception",
                    "os_error": isinstance(exc, OSError),
                    "type": type(exc).__name__,
                    "message": str(exc)[:2000],
                    "traceback": traceback.format_exc()[-8000:],
                },
            )
            continue
        _send(answers, {"result": result})


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
