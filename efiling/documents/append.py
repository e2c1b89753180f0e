"""Join PDFs: a judge's signature page after a proposed order as filed. Pure functions on
files, no Django; callers run them in a checker process (decision 0008)."""

from __future__ import annotations

from pathlib import Path

import pikepdf


def pdf_append(*, src: str, extra: str, dst: str) -> int:
    """Write to `dst` the pages of `src` followed by those of `extra` (stream data copied as it
    is: never decoded); returns the page count of `dst`. Raises pikepdf.PdfError on a file that
    does not open (both were checked before, so that means damage since)."""
    with pikepdf.open(Path(src)) as pdf, pikepdf.open(Path(extra)) as more:
        pdf.pages.extend(more.pages)
        pdf.save(Path(dst))
        return len(pdf.pages)
