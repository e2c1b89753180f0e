"""pypdfium2 access shared by the document checks.

PDFium is not thread-safe: every use in this package holds `PDFIUM_LOCK`, so a threaded worker
or server can call the checks from several threads at once. `read_pages` holds it only while
PDFium reads each page, so that the Python work done with what it read (comparing characters
with boxes, searching text) does not make other threads wait.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pypdfium2 as pdfium

PDFIUM_LOCK = threading.RLock()
T = TypeVar("T")


def _open(source: Path | bytes) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))


@contextmanager
def open_document(source: Path | bytes) -> Iterator[pdfium.PdfDocument]:
    """Open a file (a path) or a file's bytes with PDFium under the lock; the document is
    closed on exit."""
    with PDFIUM_LOCK:
        document = _open(source)
        try:
            yield document
        finally:
            document.close()


def read_pages(
    source: Path | bytes, read: Callable[[pdfium.PdfPage], T], max_pages: int
) -> Iterator[T]:
    """`read(page)` for each of the first `max_pages` pages, each call under the lock (the
    page is closed after it); what it returns is yielded outside the lock. Raises
    pdfium.PdfiumError for a file PDFium cannot open."""
    with PDFIUM_LOCK:
        document = _open(source)
        count = min(len(document), max_pages)
    try:
        for index in range(count):
            with PDFIUM_LOCK:
                page = document[index]
                try:
                    result = read(page)
                finally:
                    page.close()
            yield result
    finally:
        with PDFIUM_LOCK:
            document.close()
