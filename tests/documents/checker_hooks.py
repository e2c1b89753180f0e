"""Functions for checker processes to run in tests (isolated.py runs a function by its module
and name, so these live in a module of their own): work that crashes, exhausts memory or
time, or fails, as a hostile PDF can make PDFium or qpdf do."""

from __future__ import annotations

import os
import signal
import time

import pypdfium2 as pdfium


def process_id(**_arguments) -> int:
    return os.getpid()


def crash(**_arguments) -> None:
    """Die as a crash in a C library does (SIGSEGV)."""
    os.kill(os.getpid(), signal.SIGSEGV)


def allocate(*, megabytes: int, **_arguments) -> int:
    """Ask for `megabytes` of memory and touch it."""
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def spin(**_arguments) -> None:
    """Use CPU time until something stops it."""
    while True:
        pass


def sleep(*, seconds: float = 60, **_arguments) -> None:
    time.sleep(seconds)


def fail(*, kind: str, **_arguments) -> None:
    raise {"value": ValueError, "os": OSError}[kind](f"a {kind} error")


def all_text(*, path: str, **_arguments) -> int:
    """What the checks used to do with an upload before any bound: PDFium reads the text of
    every page (a form XObject fan-out makes this take gigabytes)."""
    document = pdfium.PdfDocument(path)
    return sum(len(page.get_textpage().get_text_range()) for page in document)
