"""pypdfium2 access shared by the document checks.

PDFium is not thread-safe: every use in this package holds `PDFIUM_LOCK`, so a threaded worker
or server can call the checks from several threads at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium

PDFIUM_LOCK = threading.RLock()


@contextmanager
def open_document(source: Path | bytes) -> Iterator[pdfium.PdfDocument]:
    """Open a file (a path) or a file's bytes with PDFium under the lock; the document is
    closed on exit."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
        try:
            yield document
        finally:
            document.close()
