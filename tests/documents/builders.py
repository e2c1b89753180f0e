"""Builders of normal and hostile PDFs for tests: every file is made here, none is checked in.

Each builder writes one file at `path` and returns `path`. They are plain functions so that other
test modules (uploads, filings) can reuse them.
"""

from __future__ import annotations

import functools
import os
import random
import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

DEFAULT_TEXT = (
    "IN THE CIRCUIT COURT OF ST. LOUIS COUNTY, MISSOURI. Petition for damages. "
    "Plaintiff states the following facts in support of the petition."
)


def _wrap(text: str, width: int = 90) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def text_pdf(path: Path, pages: int = 1, text: str = DEFAULT_TEXT) -> Path:
    """A text-searchable PDF (letter size) with `text` on each page, numbered."""
    c = canvas.Canvas(str(path), pagesize=letter)
    for number in range(1, pages + 1):
        c.setFont("Helvetica", 11)
        y = 720
        for line in _wrap(text):
            c.drawString(72, y, line)
            y -= 14
        c.drawString(72, 60, f"Page {number} of {pages}")
        c.showPage()
    c.save()
    return path


def lines_pdf(path: Path, *pages: list[str]) -> Path:
    """A text PDF with the given lines on each page, one line each (nothing is re-wrapped)."""
    c = canvas.Canvas(str(path), pagesize=letter)
    for lines in pages:
        c.setFont("Helvetica", 11)
        for number, line in enumerate(lines):
            c.drawString(72, 720 - 16 * number, line)
        c.showPage()
    c.save()
    return path


def _gray_noise_image(pdf: pikepdf.Pdf, width: int, height: int, seed: int) -> Stream:
    data = random.Random(seed).randbytes(width * height)
    return Stream(
        pdf,
        data,
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=width,
        Height=height,
        ColorSpace=Name.DeviceGray,
        BitsPerComponent=8,
    )


def image_only_pdf(path: Path, pages: int = 1, image_side: int = 200) -> Path:
    """A scan-like PDF: each page is a grayscale noise image and filled rectangles, no text.

    The image bytes are random, so Flate cannot shrink them: a page weighs about image_side**2
    bytes.
    """
    pdf = pikepdf.new()
    for number in range(pages):
        page = pdf.add_blank_page(page_size=(612, 792))
        image = _gray_noise_image(pdf, image_side, image_side, seed=number)
        page.Resources = Dictionary(XObject=Dictionary(Im0=image))
        content = b"q 0.2 0.2 0.2 rg 72 650 200 40 re f Q q 468 0 0 600 72 40 cm /Im0 Do Q"
        page.Contents = pdf.make_stream(content)
    pdf.save(path)  # Flate, as many scanners write gray images (noise does not shrink)
    return path


def _with_pdf(path: Path, change, *, object_streams: bool = True) -> Path:
    """Build a small text PDF, let `change(pdf)` add to it, save with object streams so that
    keywords hide inside compressed object streams (as real hostile files do)."""
    text_pdf(path, pages=2)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        change(pdf)
        mode = (
            pikepdf.ObjectStreamMode.generate
            if object_streams
            else pikepdf.ObjectStreamMode.preserve
        )
        pdf.save(path, object_stream_mode=mode)
    return path


def pdf_with_javascript(path: Path) -> Path:
    """JavaScript three ways: a document-level name tree, /OpenAction, and a page /AA action."""

    def change(pdf: pikepdf.Pdf) -> None:
        script = pdf.make_indirect(
            Dictionary(Type=Name.Action, S=Name.JavaScript, JS=pikepdf.String("app.alert('hi');"))
        )
        pdf.Root.Names = Dictionary(
            JavaScript=Dictionary(Names=Array([pikepdf.String("a"), script]))
        )
        pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=pikepdf.String("this.print();"))
        pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=pikepdf.String("1;")))

    return _with_pdf(path, change)


def encrypted_pdf(path: Path, user_password: str = "x") -> Path:  # noqa: S107
    """Needs a password to open at all."""
    text_pdf(path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user=user_password, owner="owner-secret"))
    return path


def owner_password_pdf(path: Path) -> Path:
    """Opens without a password but is encrypted with permissions (no printing, no copying)."""
    text_pdf(path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        permissions = pikepdf.Permissions(extract=False, print_highres=False, print_lowres=False)
        pdf.save(
            path, encryption=pikepdf.Encryption(user="", owner="owner-secret", allow=permissions)
        )
    return path


def truncated_pdf(path: Path, keep: float = 0.7) -> Path:
    """A valid PDF cut to `keep` of its length (an interrupted upload or download)."""
    text_pdf(path, pages=3)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


@functools.lru_cache(maxsize=4)
def double_flate_bomb(inflated_bytes: int = 512 * 1024 * 1024) -> bytes:
    """Zeros compressed twice with zlib: about 1.3 KB that inflate to `inflated_bytes`.

    Compressing 512 MiB takes seconds, so the inner stream is assembled: after a full flush
    a deflate stream restarts, so every 1 MiB of zeros compresses to the same block, and the
    Adler-32 checksum of n zero bytes is (n mod 65521) << 16 | 1.
    """
    chunk = 1024 * 1024
    if inflated_bytes % chunk:
        raise ValueError("inflated_bytes must be a whole number of MiB")
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = raw.compress(bytes(chunk)) + raw.flush(zlib.Z_FULL_FLUSH)
    tail = raw.flush()
    checksum = ((inflated_bytes % 65521) << 16) | 1
    inner = b"\x78\xda" + block * (inflated_bytes // chunk) + tail + checksum.to_bytes(4, "big")
    return zlib.compress(inner, 9)


def bomb_pdf(path: Path, inflated_bytes: int = 512 * 1024 * 1024) -> Path:
    """A page whose content stream is ~1.3 KB on disk, Flate inside Flate, and inflates to
    `inflated_bytes` (512 MiB by default)."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(612, 792))
    stream = Stream(pdf, b"")
    stream.write(
        double_flate_bomb(inflated_bytes), filter=Array([Name.FlateDecode, Name.FlateDecode])
    )
    page.Contents = pdf.make_indirect(stream)
    # Written exactly as built: no re-compression, no decoding.
    pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return path


def object_stream_bomb_pdf(path: Path, inflated_bytes: int = 256 * 1024 * 1024) -> Path:
    """The catalog, page tree and page live in an object stream that inflates to
    `inflated_bytes` (zeros after the objects): qpdf inflates it while opening the document,
    before any check of ours can look at a stream. Written by hand, with an xref stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> /Contents 4 0 R >>",
    ]
    body, offsets = b"", []
    for obj in objects:
        offsets.append(len(body))
        body += obj + b"\n"
    header = b" ".join(b"%d %d" % (n, off) for n, off in enumerate(offsets, start=1)) + b"\n"
    prefix = header + body
    chunk = 1024 * 1024
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(bytes(chunk)) + deflate.flush(zlib.Z_FULL_FLUSH)
    tail = deflate.flush()
    zeros = inflated_bytes // chunk * chunk
    a, b = zlib.adler32(prefix) & 0xFFFF, zlib.adler32(prefix) >> 16
    checksum = (((b + zeros * a) % 65521) << 16) | a  # Adler-32 after appending zero bytes
    packed = b"\x78\xda" + head + block * (zeros // chunk) + tail + checksum.to_bytes(4, "big")

    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    content = b"BT /F1 12 Tf 72 720 Td (x) Tj ET"
    offset_4 = len(out)
    out += b"4 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(content), content)
    offset_5 = len(out)
    out += (
        b"5 0 obj\n<< /Type /ObjStm /N 3 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed))
    )
    out += packed + b"\nendstream\nendobj\n"
    offset_6 = len(out)
    rows = [(0, 0, 65535), (2, 5, 0), (2, 5, 1), (2, 5, 2), (1, offset_4, 0), (1, offset_5, 0)]
    rows.append((1, offset_6, 0))
    table = b"".join(
        t.to_bytes(1, "big") + f.to_bytes(4, "big") + g.to_bytes(2, "big") for t, f, g in rows
    )
    out += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(
        table
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offset_6
    path.write_bytes(bytes(out))
    return path


def _link(rect: list[int], action: Dictionary) -> Dictionary:
    return Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array(rect), Border=Array([0, 0, 0]), A=action
    )


def pdf_with_link(path: Path) -> Path:
    """Two links to outside material: a web address and another file (GoToR)."""

    def change(pdf: pikepdf.Pdf) -> None:
        web = _link(
            [72, 700, 300, 720], Dictionary(S=Name.URI, URI=pikepdf.String("https://example.com/"))
        )
        remote = _link(
            [72, 670, 300, 690],
            Dictionary(S=Name.GoToR, F=pikepdf.String("other.pdf"), D=Array([0, Name.Fit])),
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(
            Array([pdf.make_indirect(web), pdf.make_indirect(remote)])
        )

    return _with_pdf(path, change)


def pdf_with_embedded_file(path: Path) -> Path:
    """A document with another file inside it (a PDF attachment, not an exhibit)."""

    def change(pdf: pikepdf.Pdf) -> None:
        spec = pikepdf.AttachedFileSpec(
            pdf, b"secret spreadsheet contents\n", mime_type="text/plain"
        )
        pdf.attachments["evidence.txt"] = spec

    return _with_pdf(path, change)


def pdf_with_launch(path: Path) -> Path:
    """Opening the document asks the viewer to start a program."""

    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = pdf.make_indirect(
            Dictionary(S=Name.Launch, F=pikepdf.String("calc.exe"), NewWindow=True)
        )

    return _with_pdf(path, change)


def pdf_with_xfa(path: Path, *, dynamic: bool = False) -> Path:
    """An AcroForm carrying an XFA form; `dynamic` marks it as needing XFA rendering."""

    def change(pdf: pikepdf.Pdf) -> None:
        xfa = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>")
        pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=xfa)
        if dynamic:
            pdf.Root.NeedsRendering = True

    return _with_pdf(path, change)


def black_box_pdf(path: Path, hidden_text: str, *, visible_text: str = "Account holder:") -> Path:
    """A failed redaction: text drawn, then a filled black rectangle drawn on top of it."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, visible_text)
    x = 72 + c.stringWidth(visible_text, "Helvetica", 12) + 6
    c.drawString(x, 700, hidden_text)
    width = c.stringWidth(hidden_text, "Helvetica", 12)
    c.setFillColorRGB(0, 0, 0)
    c.rect(x - 2, 696, width + 4, 16, stroke=0, fill=1)
    c.showPage()
    c.save()
    return path


def annotation_box_pdf(path: Path, hidden_text: str, *, subtype: str = "/Redact") -> Path:
    """Text covered by an annotation: an unapplied redaction mark (/Redact) or a black filled
    /Square drawn with a PDF editor's comment tools. The text stays in the page content."""
    lines_pdf(path, [f"Account holder: {hidden_text}"])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        annot = Dictionary(
            Type=Name.Annot,
            Subtype=Name(subtype),
            Rect=Array([150, 714, 260, 732]),
            C=Array([0, 0, 0]),
            IC=Array([0, 0, 0]),
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(Array([pdf.make_indirect(annot)]))
        pdf.save(path)
    return path


def banner_pdf(path: Path, text: str = "NOTICE TO DEFENDANT") -> Path:
    """White text on a black banner: the rectangle is drawn first, so nothing is hidden."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFillColorRGB(0, 0, 0)
    c.rect(66, 694, 300, 20, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, text)
    c.showPage()
    c.save()
    return path


# A valid PDF of an exact size, written by hand so that every byte is accounted for.

_PADDED_HEAD = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
    b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
)
_PADDED_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_PADDED_TEXT = b"BT /F1 14 Tf 72 720 Td (Padded test document for size limits.) Tj ET\n"


def _padded_bytes(filler: int, spaces: int) -> bytes:
    """The document with `filler` comment bytes in its content stream and `spaces` spare spaces."""
    # Comment lines of 100 bytes ("%" + 98 letters + newline), then one shorter line.
    full, rest = divmod(filler, 100)
    last = b"" if rest == 0 else (b"\n" if rest == 1 else b"%" + b"x" * (rest - 2) + b"\n")
    content = _PADDED_TEXT + (b"%" + b"x" * 98 + b"\n") * full + last
    objects = [
        *_PADDED_HEAD[1:],
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        _PADDED_FONT,
    ]
    out = bytearray(_PADDED_HEAD[0])
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    out += b" " * spaces
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_padded_to(path: Path, exact_size: int) -> Path:
    """A valid one-page text PDF of exactly `exact_size` bytes (at least ~700)."""
    base = len(_padded_bytes(0, 0))
    if exact_size < base:
        raise ValueError(f"the smallest padded PDF is {base} bytes")
    filler = exact_size - base
    # Number widths (/Length, startxref) grow with the filler: correct the first guess once.
    filler = max(0, filler - (len(_padded_bytes(filler, 0)) - exact_size))
    while filler >= 0:
        size = len(_padded_bytes(filler, 0))
        if size <= exact_size:
            # Digits of /Length and startxref can jump by one; spare spaces absorb the rest.
            data = _padded_bytes(filler, exact_size - size)
            if len(data) == exact_size:
                path.write_bytes(data)
                return path
        filler -= 1
    raise ValueError(f"cannot pad a PDF to {exact_size} bytes")  # pragma: no cover


def pdf_of_size(path: Path, size_bytes: int) -> Path:
    """A valid PDF of `size_bytes` bytes (exactly: see pdf_padded_to)."""
    return pdf_padded_to(path, size_bytes)


def renamed_text_file(path: Path) -> Path:
    """A plain text file, whatever its name says (e.g. petition.pdf)."""
    path.write_text("This is not a PDF, even if its name ends in .pdf\n")
    return path


def html_before_pdf(path: Path) -> Path:
    """An HTML page followed by a valid PDF: viewers and libraries accept it, we must not."""
    text_pdf(path)
    path.write_bytes(b"<html><script>alert(1)</script></html>\n" + path.read_bytes())
    return path


def random_bytes_file(path: Path, size: int = 4096) -> Path:
    path.write_bytes(os.urandom(size))
    return path


# Page geometry for the file stamp: rotated pages, boxes away from the origin, inherited boxes.

_HELVETICA = {"Type": Name.Font, "Subtype": Name.Type1, "BaseFont": Name.Helvetica}


def rotated_pdf(path: Path, rotate: int = 90, pages: int = 2) -> Path:
    """A text PDF (letter) whose pages carry /Rotate `rotate`: the text is sideways on screen."""
    text_pdf(path, pages=pages)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            page.obj.Rotate = rotate
        pdf.save(path)
    return path


def offset_box_pdf(
    path: Path, media: tuple[float, float, float, float] = (100, 200, 712, 992), rotate: int = 0
) -> Path:
    """One page whose MediaBox does not start at 0,0, with text placed inside it, the first line
    close to the top edge."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.MediaBox = Array(list(media))
    if rotate:
        page.obj.Rotate = rotate
    page.obj.Resources = Dictionary(Font=Dictionary(F1=Dictionary(**_HELVETICA)))
    x0, top = media[0] + 72, media[3] - 12
    lines = [f"BT /F1 9 Tf {x0} {top} Td (Top line close to the edge of the page.) Tj ET"]
    for number, line in enumerate(_wrap(DEFAULT_TEXT), start=1):
        lines.append(f"BT /F1 11 Tf {x0} {top - 60 - 14 * number} Td ({line}) Tj ET")
    page.obj.Contents = pdf.make_stream("\n".join(lines).encode())
    pdf.save(path)
    return path


def _write_objects(path: Path, objects: list[bytes]) -> Path:
    """A PDF written by hand from `objects` (numbered from 1; object 1 is the catalog), with a
    classic cross-reference table: qpdf's writer would push inherited page attributes down."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def inherited_box_pdf(
    path: Path,
    pages: int = 3,
    media: tuple[float, float, float, float] = (0, 0, 500, 700),
    rotate: int = 0,
) -> Path:
    """Pages without their own MediaBox, Resources or /Rotate: the MediaBox and /Rotate come
    from the root /Pages node, the Resources from an intermediate /Pages node."""
    box = " ".join(f"{v:g}" for v in media).encode()
    first_page = 5  # 1 catalog, 2 root Pages, 3 middle Pages, 4 font; then page, content, ...
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d /MediaBox [%s]%s >>"
        % (pages, box, b" /Rotate %d" % rotate if rotate else b""),
        b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d "
        b"/Resources << /Font << /F1 4 0 R >> >> >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for number in range(1, pages + 1):
        content = b"BT /F1 11 Tf %g %g Td (Inherited page %d of %d) Tj ET" % (
            media[0] + 50,
            media[3] - 100,
            number,
            pages,
        )
        objects.append(b"<< /Type /Page /Parent 3 0 R /Contents %d 0 R >>" % (len(objects) + 2))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    return _write_objects(path, objects)


def hidden_outside_pdf(path: Path, *, boxes: bool = True) -> Path:
    """Two pages that hide black boxes outside what a viewer shows: on page 1 above a CropBox
    that is smaller than the MediaBox, on page 2 above the MediaBox. Both content streams start
    with unmatched `Q` operators and end with a `q` left open under a flipping matrix. Without
    `boxes`, the same pages with nothing hidden (to compare with)."""
    pdf = pikepdf.new()
    for crop, box_y in (((0, 0, 612, 700), 705), (None, 798)):
        page = pdf.add_blank_page(page_size=(612, 792))
        if crop:
            page.obj.CropBox = Array(list(crop))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=Dictionary(**_HELVETICA)))
        page.obj.Contents = pdf.make_stream(
            b"Q Q\n0 g 10 %d 30 18 re %s\n" % (box_y, b"f" if boxes else b"n")
            + b"BT /F1 11 Tf 72 600 Td (Visible text of the page.) Tj ET\n"
            + b"q 1 0 0 -1 0 792 cm 0.5 g\n"
        )
    pdf.save(path)
    return path


def font_name_clash_pdf(path: Path, name: str) -> Path:
    """One page whose text uses Courier under the font resource name `name`."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(612, 792))
    courier = Dictionary(**{**_HELVETICA, "BaseFont": Name.Courier})
    page.obj.Resources = Dictionary(Font=Dictionary({f"/{name}": courier}))
    page.obj.Contents = pdf.make_stream(
        f"BT /{name} 12 Tf 72 700 Td (Courier text under a clashing name.) Tj ET".encode()
    )
    pdf.save(path)
    return path


def narrow_pdf(path: Path, width: float = 144, height: float = 360) -> Path:
    """A narrow page (a receipt or a label) with a few short lines of text."""
    c = canvas.Canvas(str(path), pagesize=(width, height))
    c.setFont("Helvetica", 8)
    for number, line in enumerate(["Receipt", "Filing fee paid", "Thank you"]):
        c.drawString(12, height - 40 - 12 * number, line)
    c.showPage()
    c.save()
    return path
