"""Where a PDF really ends, and the earlier versions of the document kept inside it: pure
functions on bytes, no Django.

A PDF saved with incremental updates (ISO 32000-1, 7.5.6) keeps every earlier version whole: each
save appends the changed objects, a cross-reference section whose trailer points back at the
previous one, `startxref` and `%%EOF`. Viewers show the last version only, so a page can show
"[REDACTED]" while the number is one version back, in the same file. Bytes after the last
`%%EOF` (a ZIP joined to the PDF) survive a byte-for-byte copy too.

Each `startxref <offset> %%EOF` in the file may end a version; cutting the file there gives that
version as it was saved. A candidate is a version when qpdf opens the cut file without repairing
it. That also sets linearization apart: the first-page section of a linearized file ends in
`startxref 0`, which no version can (offset 0 is the header), and a linearized file saved once has
one version. Bytes after the last version that hold PDF structure (a later update qpdf cannot
read, or another PDF joined on) make the file unreadable here: readers would disagree about what
it shows. The number of candidates tried is bounded, so a file full of fake markers costs at most
MAX_LAST_TRIES + MAX_EARLIER_VERSIONS opens.

How many objects the object streams pack is read from the cross-reference sections (xref.py),
before qpdf opens the file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf

EOF_MARKER = re.compile(rb"startxref\s+(\d{1,20})\s*%%EOF[ \t\0]*(?:\r\n|\r|\n)?")
PDF_STRUCTURE = re.compile(rb"xref|\d\s+obj\b")
WHITESPACE = b" \t\r\n\f\0"
MAX_LAST_TRIES = 8  # candidates tried from the end for the last version
MAX_EARLIER_VERSIONS = 32  # candidates before it examined as earlier versions (the nearest)


class Unreadable(Exception):
    """No version of the file opens without repair, or bytes after the last version that opens
    look like PDF (readers would disagree about what the file shows)."""


@dataclass(frozen=True)
class FileLayout:
    size: int  # bytes in the file
    end: int  # where the last version ends
    earlier: tuple[int, ...]  # where each earlier version ends, oldest first

    @property
    def trailing_bytes(self) -> int:
        """Bytes after the last version (0 when they are only white space)."""
        return self.size - self.end


def open_version(data: bytes, end: int, path: Path | None = None) -> pikepdf.Pdf:
    """The version of `data` that ends at byte `end`, opened without repair and without pushing
    inherited page attributes (callers bound the page tree first, see pages.page_tree). The
    whole file is read from `path` when given (qpdf reads a file faster than a stream).
    Raises pikepdf.PasswordError or pikepdf.PdfError."""
    if end >= len(data) and path is not None:
        source = path
    else:
        source = io.BytesIO(data if end >= len(data) else data[:end])
    return pikepdf.open(source, attempt_recovery=False, inherit_page_attributes=False)


def _try_open(data: bytes, end: int, path: Path | None = None) -> pikepdf.Pdf | None:
    """The version ending at `end`, or None if it does not open; a password error is raised."""
    try:
        return open_version(data, end, path)
    except pikepdf.PasswordError:
        raise
    except pikepdf.PdfError:
        return None


def _opens(data: bytes, end: int) -> bool:
    """True if the version ending at `end` opens (or would, with a password)."""
    try:
        pdf = _try_open(data, end)
    except pikepdf.PasswordError:
        return True
    if pdf is None:
        return False
    pdf.close()
    return True


def version_ends(data) -> list[int]:
    """Where each `startxref <offset> %%EOF` in `data` ends: each may end a version."""
    return [
        match.end()
        for match in EOF_MARKER.finditer(data)
        if 0 < int(match.group(1)) < match.start()
    ]


def read_pdf(path: Path, data: bytes | None = None) -> tuple[bytes, FileLayout, pikepdf.Pdf]:
    """The file's bytes (`data`, if the caller has read or mapped them already), where its
    versions end, and its last version opened (see open_version; the caller closes it).

    Raises Unreadable (see the class) or pikepdf.PasswordError (the file needs a password).
    """
    path = Path(path)
    data = path.read_bytes() if data is None else data
    candidates = version_ends(data)
    last, pdf = len(data), None
    for end in reversed(candidates[-MAX_LAST_TRIES:]):
        pdf = _try_open(data, end, path)
        if pdf is not None:
            last = end
            break
    else:  # qpdf also reads a file whose %%EOF is missing
        pdf = _try_open(data, last, path)
        if pdf is None:
            raise Unreadable
    try:
        rest = data[last:]
        if PDF_STRUCTURE.search(rest):
            raise Unreadable
        before = [end for end in candidates if end < last][-MAX_EARLIER_VERSIONS:]
        earlier = tuple(end for end in before if _opens(data, end))
    except BaseException:
        pdf.close()
        raise
    if not rest.strip(WHITESPACE):
        last = len(data)  # white space after %%EOF is not data
    return data, FileLayout(size=len(data), end=last, earlier=earlier), pdf
