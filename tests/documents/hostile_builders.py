"""Builders of the hostile PDFs a QA engineer found after issue 9 (their probes, rebuilt here):
files that cost far more to read than their size, content a viewer does not show, text shown
outside the page content, object streams whose dictionary hides its count. Each builder writes
one file at `path` and returns `path`; none is checked in.

They are written by hand, object by object (`RawPdf`), because the point is often a spelling a
PDF library would normalize away.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
PETITION = b"IN THE CIRCUIT COURT OF ST. LOUIS COUNTY. Petitioner Jane Doe, SSN [REDACTED]."
SSN = b"123-45-6789"
FORM = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792]"


class RawPdf:
    """A PDF written object by object, with a classic cross-reference table."""

    def __init__(self) -> None:
        self.objects: dict[int, bytes] = {}

    def add(self, number: int, body: bytes | str) -> None:
        self.objects[number] = body if isinstance(body, bytes) else body.encode("latin-1")

    def stream(self, number: int, data: bytes, extra: bytes = b"", *, compress=True) -> None:
        if compress:
            data, extra = zlib.compress(data, 9), extra + b" /Filter /FlateDecode"
        self.add(number, b"<<%s /Length %d>>stream\n%s\nendstream" % (extra, len(data), data))

    def build(self, *, info: int | None = None) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        for number in sorted(self.objects):
            offsets[number] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, self.objects[number])
        size = max(self.objects) + 1
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for number in range(1, size):
            if number in offsets:
                out += b"%010d 00000 n \n" % offsets[number]
            else:
                out += b"0000000000 65535 f \n"
        extra = b" /Info %d 0 R" % info if info else b""
        out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
            size,
            extra,
            xref,
        )
        return bytes(out)

    def write(self, path: Path, **kwargs) -> Path:
        path.write_bytes(self.build(**kwargs))
        return path


def text_line(text: bytes, y: int = 700, size: int = 12) -> bytes:
    escaped = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"BT /F1 %d Tf 72 %d Td (%s) Tj ET" % (size, y, escaped)


def one_page(
    content: bytes = b"",
    *,
    resources: bytes = b"/Font << /F1 3 0 R >>",
    page_extra: bytes = b"",
    catalog_extra: bytes = b"",
) -> RawPdf:
    """Catalog 1, pages 2, Helvetica 3, content 4, page 10: one letter page showing
    PETITION, then `content`."""
    pdf = RawPdf()
    pdf.add(1, b"<< /Type /Catalog /Pages 2 0 R%s >>" % catalog_extra)
    pdf.add(2, b"<< /Type /Pages /Kids [10 0 R] /Count 1 >>")
    pdf.add(3, HELVETICA)
    pdf.stream(4, text_line(PETITION) + b"\n" + content)
    pdf.add(
        10,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << %s >> "
        b"/Contents 4 0 R%s >>" % (resources, page_extra),
    )
    return pdf


# --- Costly to read --------------------------------------------------------------------------


def fanout_pdf(path: Path, levels: int, fan: int = 10, *, spelling: bytes = b"/X Do") -> Path:
    """Form XObjects drawing each other: X0 draws a line of text, each level draws the one
    below it `fan` times, the page draws the top level (fan ** levels lines of text from a
    few KB; the probe's 6 levels made PDFium take 5 GB). `spelling` is how each level
    names the one below (a string operand, a comment before Do ...)."""
    pdf = one_page(
        b"q /X Do Q", resources=b"/Font << /F1 3 0 R >> /XObject << /X %d 0 R >>" % (100 + levels)
    )
    pdf.stream(
        100,
        text_line(b"Lorem ipsum dolor sit amet consectetur"),
        FORM + b" /Resources << /Font << /F1 3 0 R >> >>",
    )
    for level in range(1, levels + 1):
        ops = b" ".join(b"q %s Q" % spelling for _ in range(fan))
        pdf.stream(
            100 + level,
            ops,
            FORM + b" /Resources << /XObject << /X %d 0 R >> >>" % (100 + level - 1),
        )
    return pdf.write(path)


def self_drawing_form_pdf(path: Path) -> Path:
    """A form XObject whose content draws itself."""
    pdf = one_page(b"q /X Do Q", resources=b"/Font << /F1 3 0 R >> /XObject << /X 20 0 R >>")
    pdf.stream(
        20,
        b"q 0.5 0 0 0.5 0 0 cm /X Do Q",
        FORM + b" /Resources << /XObject << /X 20 0 R >> >>",
    )
    return pdf.write(path)


def fanout_in_pattern_pdf(path: Path, levels: int, fan: int = 10) -> Path:
    """The fan-out reached through a tiling pattern the page fills with."""
    pdf = one_page(
        b"/Pattern cs /P1 scn 0 0 612 792 re f",
        resources=b"/Font << /F1 3 0 R >> /Pattern << /P1 30 0 R >>",
    )
    pdf.stream(
        30,
        b"q /X Do Q",
        b"/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 612 792] "
        b"/XStep 612 /YStep 792 /Resources << /XObject << /X %d 0 R >> >>" % (100 + levels),
    )
    pdf.stream(
        100,
        text_line(b"Lorem ipsum"),
        FORM + b" /Resources << /Font << /F1 3 0 R >> >>",
    )
    for level in range(1, levels + 1):
        pdf.stream(
            100 + level,
            b" ".join(b"q /X Do Q" for _ in range(fan)),
            FORM + b" /Resources << /XObject << /X %d 0 R >> >>" % (100 + level - 1),
        )
    return pdf.write(path)


def boxes_over_text_pdf(path: Path, pages: int, chars: int = 3000, boxes: int = 3000) -> Path:
    """`pages` pages sharing one content stream: about `chars` characters of 4-point text,
    then `boxes` small black rectangles painted after it, away from the text (the probe: 20
    pages held PDFium's lock for 134 s in a check comparing every character with every box)."""
    line = b"Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod"
    ops = [b"BT /F1 4 Tf 10 785 Td 4.2 TL"]
    written = 0
    while written < chars:
        ops.append(b"(%s) '" % line)
        written += len(line)
    ops.append(b"ET")
    ops += [b"0 g %d 2 0.5 0.5 re f" % (1 + index % 600) for index in range(boxes)]
    pdf = RawPdf()
    pdf.add(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % (10 + index) for index in range(pages))
    pdf.add(2, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages))
    pdf.add(3, HELVETICA)
    pdf.stream(4, b"\n".join(ops))
    for index in range(pages):
        pdf.add(
            10 + index,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>",
        )
    return pdf.write(path)


def object_stream_pdf(
    path: Path, count: int, dictionary: bytes | None = None, *, listed: int | None = None
) -> Path:
    """An object stream declaring `count` small objects, next to a one-page document; the
    cross-reference stream lists `listed` of them (default: all). `dictionary` is the object
    stream's dictionary as written, with {N}, {First} and {Length} to fill in (default: the
    plain spelling)."""
    listed = count if listed is None else listed
    dictionary = (
        dictionary
        or b"<< /Type /ObjStm /N {N} /First {First} /Length {Length} /Filter /FlateDecode >>"
    )
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}

    def put(number: int, body: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    first = 10
    put(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    put(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    put(
        3,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
        b"<< /F1 5 0 R >> /Properties << /R0 %d 0 R >> >> /Contents 4 0 R >>" % first,
    )
    content = zlib.compress(text_line(PETITION))
    put(4, b"<< /Length %d /Filter /FlateDecode >>stream\n%s\nendstream" % (len(content), content))
    put(5, HELVETICA)
    header, position = bytearray(), 0
    body = b"<< /A 1 >>"
    for index in range(count):
        header += b"%d %d " % (first + index, position)
        position += len(body) + 1
    data = zlib.compress(bytes(header) + b"\n" + b" ".join([body] * count), 9)
    words = {b"{N}": b"%d" % count, b"{First}": b"%d" % (len(header) + 1)}
    words[b"{Length}"] = b"%d" % len(data)
    for key, value in words.items():
        dictionary = dictionary.replace(key, value)
    put(6, dictionary + b"stream\n" + data + b"\nendstream")
    size = first + count
    rows = bytearray()
    for number in range(size):
        if number in offsets:
            rows += b"\x01" + struct.pack(">I", offsets[number]) + b"\x00\x00\x00\x00"
        elif first <= number < first + listed:
            rows += b"\x02" + struct.pack(">I", 6) + struct.pack(">I", number - first)
        elif number == 7:
            rows += b"\x01" + struct.pack(">I", len(out)) + b"\x00\x00\x00\x00"
        else:
            rows += b"\x00\x00\x00\x00\x00\x00\x00\xff\xff"
    table = zlib.compress(bytes(rows), 9)
    xref = len(out)
    out += (
        b"7 0 obj\n<< /Type /XRef /Size %d /W [1 4 4] /Root 1 0 R /Length %d "
        b"/Filter /FlateDecode >>stream\n" % (size, len(table))
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


# --- Content a viewer does not show ----------------------------------------------------------


def earlier_content_kept_as_xobject_pdf(path: Path) -> Path:
    """The probe h4: the first version shows the SSN; an incremental update gives the page a
    new content stream (redacted) and keeps the old one as an unused /XObject /Old."""
    pdf = one_page()
    pdf.stream(4, text_line(PETITION.replace(b"[REDACTED]", SSN)))
    first = pdf.build()
    update, offsets = bytearray(), {}

    def put(number: int, body: bytes) -> None:
        offsets[number] = len(first) + len(update)
        update.extend(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    content = zlib.compress(text_line(PETITION))
    put(60, b"<< /Length %d /Filter /FlateDecode >>stream\n%s\nendstream" % (len(content), content))
    put(
        10,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R"
        b" >> /XObject << /Old 4 0 R >> >> /Contents 60 0 R >>",
    )
    previous = int(first.rsplit(b"startxref", 1)[1].split()[0])
    xref = len(first) + len(update)
    table = b"xref\n0 1\n0000000000 65535 f \n"
    for number in sorted(offsets):
        table += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    table += b"trailer\n<< /Size 61 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        previous,
        xref,
    )
    path.write_bytes(first + bytes(update) + table)
    return path


def orphan_stream_pdf(path: Path, data: bytes) -> Path:
    """A one-page document with `data` in a stream nothing refers to (object 99)."""
    pdf = one_page()
    pdf.stream(99, data, compress=False)
    return pdf.write(path)


def unused_resources_pdf(path: Path) -> Path:
    """Two pages sharing one resource dictionary, and page 1 with resources of its own: page 1
    uses F1 and draws Im1; page 2 (shared resources) uses F2 only; unused are page 1's font F9
    and form Old (which shows the SSN) and the shared dictionary's image Im9."""
    pdf = RawPdf()
    pdf.add(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    pdf.add(2, b"<< /Type /Pages /Kids [10 0 R 11 0 R] /Count 2 >>")
    pdf.add(3, HELVETICA)
    image = b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray"
    pdf.stream(5, b"\x80", image + b" /BitsPerComponent 8")
    pdf.stream(6, b"\x10", image + b" /BitsPerComponent 8")
    pdf.stream(
        7,
        text_line(b"Petitioner SSN: " + SSN),
        FORM + b" /Resources << /Font << /F1 3 0 R >> >>",
    )
    pdf.add(8, b"<< /Font << /F2 3 0 R >> /XObject << /Im9 6 0 R >> >>")
    pdf.stream(20, text_line(PETITION) + b"\nq 10 0 0 10 72 600 cm /Im1 Do Q")
    pdf.stream(21, b"BT /F2 12 Tf 72 700 Td (Second page.) Tj ET")
    pdf.add(
        10,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 20 0 R /Resources "
        b"<< /Font << /F1 3 0 R /F9 3 0 R >> /XObject << /Im1 5 0 R /Old 7 0 R >> >> >>",
    )
    pdf.add(
        11,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 21 0 R "
        b"/Resources 8 0 R >>",
    )
    return pdf.write(path)


# --- Text a viewer shows outside the page content ------------------------------------------


def document_properties_pdf(path: Path, **entries: bytes) -> Path:
    """/Info with `entries` (Title=b"...", Subject=b"...")."""
    pdf = one_page()
    pdf.add(30, b"<< %s >>" % b" ".join(b"/%s (%s)" % (k.encode(), v) for k, v in entries.items()))
    return pdf.write(path, info=30)


def xmp_pdf(path: Path, description: bytes) -> Path:
    """XMP metadata whose dc:description is `description`."""
    xmp = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt>'
        b"</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
        b'<?xpacket end="w"?>' % description
    )
    pdf = one_page(catalog_extra=b" /Metadata 40 0 R")
    pdf.stream(40, xmp, b"/Type /Metadata /Subtype /XML", compress=False)
    return pdf.write(path)


def sticky_note_pdf(path: Path, contents: bytes, *, rich: bytes = b"", author: bytes = b"") -> Path:
    """A comment (a sticky note) on page 1 whose text is `contents` (and /RC, /T if given)."""
    pdf = one_page(page_extra=b" /Annots [20 0 R]")
    extra = (b" /RC (%s)" % rich if rich else b"") + (b" /T (%s)" % author if author else b"")
    pdf.add(
        20,
        b"<< /Type /Annot /Subtype /Text /Rect [500 700 520 720] /Contents (%s)%s /F 4 >>"
        % (contents, extra),
    )
    return pdf.write(path)


def form_field_pdf(path: Path, value: bytes, *, tooltip: bytes = b"") -> Path:
    """A text field on page 1 whose value is `value` (viewers draw it from /V)."""
    pdf = one_page(
        page_extra=b" /Annots [20 0 R]",
        catalog_extra=b" /AcroForm << /Fields [20 0 R] /NeedAppearances true "
        b"/DA (/Helv 10 Tf 0 g) /DR << /Font << /Helv 3 0 R >> >> >>",
    )
    extra = b" /TU (%s)" % tooltip if tooltip else b""
    pdf.add(
        20,
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (ssn) /V (%s)%s /Rect [72 600 300 620] "
        b"/F 4 /P 10 0 R /DA (/Helv 10 Tf 0 g) >>" % (value, extra),
    )
    return pdf.write(path)


def bookmark_pdf(path: Path, title: bytes) -> Path:
    """One bookmark (outline item) titled `title`, pointing at page 1."""
    pdf = one_page(catalog_extra=b" /Outlines 50 0 R /PageMode /UseOutlines")
    pdf.add(50, b"<< /Type /Outlines /First 51 0 R /Last 51 0 R /Count 1 >>")
    pdf.add(51, b"<< /Title (%s) /Parent 50 0 R /Dest [10 0 R /Fit] >>" % title)
    return pdf.write(path)
