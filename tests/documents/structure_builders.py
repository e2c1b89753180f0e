"""Builders of PDFs whose file structure is the point: huge page trees, incremental updates
(earlier versions kept in the file), bytes after the end, linearized files. Each writes one file
at `path` and returns `path`; none is checked in.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
import zlib
from pathlib import Path

import pikepdf

from tests.documents.builders import lines_pdf

_HEADER = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"


def _xref_stream_pdf(objects: dict[int, bytes], packed: dict[int, bytes]) -> bytes:
    """A PDF from `objects` (number -> body, written plainly) and `packed` (number -> body,
    written compressed in one object stream), with a compressed cross-reference stream. Object
    1 must be the catalog. Fast for millions of small objects."""
    out = bytearray(_HEADER)
    offsets: dict[int, tuple[int, int, int]] = {}  # number -> (type, field 2, field 3)
    for number, body in objects.items():
        offsets[number] = (1, len(out), 0)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    next_number = max([*objects, *packed]) + 1
    if packed:
        stream_number, next_number = next_number, next_number + 1
        header, bodies, position = [], [], 0
        for index, (number, body) in enumerate(packed.items()):
            header.append(b"%d %d" % (number, position))
            bodies.append(body)
            position += len(body) + 1
            offsets[number] = (2, stream_number, index)
        head = b" ".join(header) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n", 6)
        offsets[stream_number] = (1, len(out), 0)
        out += (
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
            % (
                stream_number,
                len(packed),
                len(head),
                len(data),
            )
        )
        out += b"stream\n" + data + b"\nendstream\nendobj\n"
    xref_number = next_number
    size = xref_number + 1
    offsets[xref_number] = (1, len(out), 0)
    rows = bytearray()
    for number in range(size):
        kind, second, third = offsets.get(number, (0, 0, 0))
        rows += kind.to_bytes(1, "big") + second.to_bytes(4, "big") + third.to_bytes(3, "big")
    table = zlib.compress(bytes(rows), 6)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 3] /Root 1 0 R /Filter /FlateDecode "
        b"/Length %d >>\nstream\n" % (xref_number, size, len(table))
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number][1]
    return bytes(out)


def many_pages_pdf(
    path: Path, pages: int, *, count: int | None = None, repeat: bool = False
) -> Path:
    """A PDF with `pages` pages, all in one /Kids array, written small: the page objects and
    the array sit in a compressed object stream (200,000 pages make about 1 MB). With `repeat`
    the array lists one page object `pages` times (qpdf copies each repeat). `count` is the
    /Count written in the root (default: the truth)."""
    first_page = 4  # 1 catalog, 2 pages root, 3 content stream, then the pages
    content = b"BT /F1 12 Tf 72 700 Td (A page of a very long record.) Tj ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        b"/Resources << /Font << /F1 " + font + b" >> >> >>"
    )
    numbers = [first_page] * pages if repeat else range(first_page, first_page + pages)
    kids = b" ".join(b"%d 0 R" % n for n in numbers)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    }
    packed = {
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages if count is None else count)
    }
    for number in range(first_page, first_page + (1 if repeat else pages)):
        packed[number] = page
    path.write_bytes(_xref_stream_pdf(objects, packed))
    return path


def _page_content(lines: list[str]) -> bytes:
    ops = [b"BT /F1 11 Tf"]
    for number, line in enumerate(lines):
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"1 0 0 1 72 %d Tm (%s) Tj" % (720 - 16 * number, escaped.encode("latin-1")))
    ops.append(b"ET")
    return b"\n".join(ops)


def append_update(path: Path, lines: list[str], page_index: int = 0) -> Path:
    """Save `path` again the way editors do an incremental save: append a new content stream
    for one page, the page object changed to use it, a cross-reference section whose trailer
    points back (/Prev) at the previous one, and a new %%EOF. The earlier version stays in the
    file, whole. Works on files with classic cross-reference tables (reportlab's, or pikepdf's
    linearized output)."""
    data = path.read_bytes()
    previous = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    with pikepdf.open(path) as pdf:
        size = int(pdf.trailer.Size)
        root = pdf.trailer.Root.objgen[0]
        page = pdf.pages[page_index].obj
        page_number = page.objgen[0]
        body = page.unparse(resolved=True)
    content_number = size
    body = re.sub(
        rb"/Contents\s*(\d+\s+\d+\s+R|\[[^\]]*\])", b"/Contents %d 0 R" % content_number, body
    )
    content = _page_content(lines)
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    content_offset = len(out)
    out += b"%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
        content_number,
        len(content),
        content,
    )
    page_offset = len(out)
    out += b"%d 0 obj\n%s\nendobj\n" % (page_number, body)
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    out += b"%d 1\n%010d 00000 n \n" % (page_number, page_offset)
    out += b"%d 1\n%010d 00000 n \n" % (content_number, content_offset)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size + 1,
        root,
        previous,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def earlier_version_pdf(path: Path, before: list[str], after: list[str], *, saves: int = 1) -> Path:
    """A one-page PDF first saved showing `before`, then saved `saves` times incrementally, the
    last save showing `after` (the saves in between show "Draft n")."""
    lines_pdf(path, before)
    for number in range(1, saves):
        append_update(path, [f"Draft {number}"])
    return append_update(path, after)


def linearized_pdf(path: Path, source: Path) -> Path:
    """`source` saved linearized ("fast web view"): two cross-reference sections and two %%EOF
    markers, one version."""
    with pikepdf.open(source) as pdf:
        pdf.save(path, linearize=True)
    return path


def zip_bytes(size: int = 50_000) -> bytes:
    """A ZIP archive of about `size` bytes of incompressible data."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("spreadsheet.bin", random.Random(size).randbytes(size))
    return buffer.getvalue()


def with_appended(path: Path, source: Path, extra: bytes) -> Path:
    """`source` with `extra` bytes joined after its %%EOF (a PDF-and-ZIP polyglot, say)."""
    path.write_bytes(source.read_bytes() + extra)
    return path


def with_inserted_between_objects(path: Path, source: Path, extra: bytes) -> Path:
    """`source` (saved by qpdf with a classic cross-reference table) with `extra` bytes placed
    after its first object's `endobj`, every offset after them moved so that the file stays
    valid: a reader never reads them, and a ZIP placed there still opens as a ZIP."""
    with pikepdf.open(source) as pdf:
        buffer = io.BytesIO()
        pdf.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    data = buffer.getvalue()
    at = data.index(b"endobj") + len(b"endobj\n")
    shift = len(extra)

    def moved(match: re.Match) -> bytes:
        offset = int(match.group(1))
        return b"%010d" % (offset + shift if offset >= at else offset) + match.group(2)

    body, table = data[:at], data[at:]
    table = re.sub(rb"(?m)^(\d{10})( \d{5} n)", moved, table)
    table = re.sub(
        rb"startxref\s+(\d+)", lambda m: b"startxref\n%d" % (int(m.group(1)) + shift), table
    )
    path.write_bytes(body + extra + table)
    return path
