"""Bytes inside the last version of a PDF that belong to none of its parts: pure functions on
bytes and a pikepdf document, no Django.

A PDF is a header, numbered objects, a cross-reference section and its trailer. A reader goes
from the cross-reference section straight to each object's offset, so whatever lies between
one object's `endobj` and the next object is never read: another file (a ZIP archive) can
sit there, and a copy kept byte for byte still carries it (a probe of issue 9 hid a ZIP that
way; the earlier-versions and after-the-end checks of revisions.py do not see it, and neither
does the unreferenced-objects check of unshown.py, since it is no object).

`stray_bytes` counts the bytes of the last version that are neither white space nor part of
the header, an object (from its offset to its `endobj`, a stream's data skipped by its
/Length), or a cross-reference section with its trailer. The count errs only towards
finding too much: where a string inside an object reads "endobj" or "stream", the object is
taken to end early and the rest counts as stray, so the file is cleaned (a full save), which
keeps every page as it is. Comments between objects count too: a reader ignores them, so they
are data nobody sees.
"""

from __future__ import annotations

import itertools
import re

import pikepdf

from efiling.documents.revisions import EOF_MARKER, WHITESPACE

# The header line, and at most one comment line after it (writers put bytes over 127 there so
# that the file is taken for binary), at most MAX_HEADER bytes in all.
HEADER = re.compile(rb"%PDF-\d\.\d[^\r\n]{0,64}(?:\r\n|\r|\n)(?:%[^\r\n]{0,1024}(?:\r\n|\r|\n))?")
STREAM_KEYWORD = re.compile(rb"stream(?:\r\n|\n)")
ENDOBJ = b"endobj"
# A classic cross-reference section up to its trailer's dictionary: the subsection headers and
# their 20-byte entries.
XREF_TABLE = re.compile(rb"xref\s+(?:\d{1,10}\s+\d{1,10}\s+(?:\d{10}\s\d{5}\s[nf]\s*)*)+trailer\s*")
MAX_TRAILER = 64 * 1024  # bytes of a trailer dictionary read, at most


def _dictionary_end(data, start: int, limit: int) -> int:
    """Where the dictionary opening at `start` (`<<`) closes, counting nested `<<`/`>>`;
    `start` itself when it does not open one or does not close within MAX_TRAILER bytes."""
    if data[start : start + 2] != b"<<":
        return start
    depth, at, end = 0, start, min(limit, start + MAX_TRAILER)
    while at < end - 1:
        pair = data[at : at + 2]
        if pair == b"<<":
            depth, at = depth + 1, at + 2
        elif pair == b">>":
            depth, at = depth - 1, at + 2
            if depth == 0:
                return at
        else:
            at += 1
    return start


def _xref_section_end(data, start: int, limit: int) -> int:
    """Where the classic cross-reference section at `start` ends with its trailer dictionary,
    and, for the first-page section of a linearized file, its `startxref 0 %%EOF`; `start`
    when no section starts there."""
    table = XREF_TABLE.match(data, start, limit)
    if table is None:
        return start
    end = _dictionary_end(data, table.end(), limit)
    if end == table.end():
        return start
    marker = EOF_MARKER.match(data, _skip_white(data, end, limit), limit)
    return marker.end() if marker is not None else end


def _skip_white(data, at: int, limit: int) -> int:
    while at < limit and data[at] in WHITESPACE:
        at += 1
    return at


def _object_end(data, offset: int, limit: int, pdf: pikepdf.Pdf, objgen: tuple[int, int]) -> int:
    """Where object `objgen`, written at `offset`, ends (after its `endobj`), looking no further
    than `limit`; `offset` when no `endobj` is found (the whole span then counts as stray)."""
    at = offset
    stream = STREAM_KEYWORD.search(data, offset, limit)
    obj = pdf.get_object(objgen) if stream is not None else None
    if isinstance(obj, pikepdf.Stream):
        length = obj.stream_dict.get("/Length")
        if isinstance(length, int) and length >= 0:
            at = stream.end() + int(length)
    found = data.find(ENDOBJ, at, limit)
    return found + len(ENDOBJ) if found >= 0 else offset


def stray_bytes(data, start: int, end: int, pdf: pikepdf.Pdf) -> int:
    """Bytes from `start` (where the version before the last ends, 0 for a file of one
    version) to `end` (where the last version ends) that are not white space and belong to no
    part of the PDF (see the module). `pdf` is that last version, opened by revisions.read_pdf.
    """
    markers = [m for m in EOF_MARKER.finditer(data, start, end) if m.end() <= end]
    if not markers:
        return 0
    last = markers[-1]
    body_end = last.start()
    parts: list[tuple[int, int]] = [(body_end, end)]
    xref_at = int(last.group(1))
    if start <= xref_at < body_end and data[xref_at : xref_at + 4] == b"xref":
        parts.append((xref_at, _xref_section_end(data, xref_at, body_end)))
    if start == 0:
        header = HEADER.match(data, 0, body_end)
        parts.append((0, header.end() if header is not None else 0))
    offsets = sorted(
        (entry.offset, objgen)
        for objgen, entry in pdf.get_xref_table().items()
        if entry.type == 1 and start <= entry.offset < body_end
    )
    bounds = sorted({offset for offset, _ in offsets} | {body_end, xref_at})
    following = dict(itertools.pairwise(bounds))
    for offset, objgen in offsets:
        limit = following.get(offset, body_end)
        parts.append((offset, _object_end(data, offset, limit, pdf, objgen)))

    stray, at = 0, start
    for part_start, part_end in sorted(parts):
        while at < part_start:
            at = _skip_white(data, at, part_start)
            if at >= part_start:
                break
            # A first-page cross-reference section of a linearized file sits between objects.
            section_end = _xref_section_end(data, at, part_start)
            if section_end > at:
                at = section_end
                continue
            gap = bytes(data[at:part_start])
            stray += len(gap) - len(gap.translate(None, WHITESPACE))
            at = part_start
        at = max(at, part_end)
    return stray
