"""File-stamp a docketed document on every page: pure functions on files, no Django.

`stamp_pdf` writes a new file; the original is only read. Each page grows by a strip above its
visual top edge (the page's /Rotate decides which edge of user space that is) and the stamp is
drawn inside that strip only, so it can never cover what the filer put on the page, and the
page content keeps its coordinates: nothing moves, nothing is pushed off the page.

Per page:
- every page box present (MediaBox, CropBox, BleedBox, TrimBox, ArtBox; inherited ones
  included) is extended by the strip at the same edge; the page gets its own copies;
- the original content streams are kept as they are (the same stream objects). Before them
  comes one new stream that draws the stamp from the initial graphics state (so whatever state
  the original content leaves behind cannot move or hide it) and then clips to the page's old
  visible area, so content that used to lie outside the page (a crop that hid part of it) is not
  revealed in the strip. A few extra `q` protect that clip from unmatched `Q` in the original,
  and a closing stream balances the `q`s left open;
- the stamp uses the standard Helvetica font, added to the page's resources under a name no
  existing resource uses. It is marked as a pagination artifact for assistive technology.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name
from reportlab.pdfbase.pdfmetrics import stringWidth

from efiling.core.words import MONTHS

# Importing pdf caps qpdf's Flate output for the process: the content streams are read here.
from efiling.documents import pdf as _pdf_checks  # noqa: F401

STRIP_HEIGHT = 28.0  # points added above the page's visual top edge
FONT_SIZE = 9.0  # largest stamp font size
MIN_FONT_SIZE = 6.0  # below this the stamp wraps to more lines before it shrinks further
LEADING = 1.2  # line height as a share of the font size
PADDING_X = 6.0  # left and right margin of the stamp inside the strip
PADDING_Y = 3.0  # top and bottom margin when the stamp needs more than the strip
FONT_RESOURCE = "EfilingStamp"
SEPARATOR = " - "
ELECTRONICALLY_FILED = "Electronically Filed"
FILED_ON_PAPER = "Filed on Paper"  # a clerk's scan of a paper filing
MAX_GUARD_Q = 20  # `q` guarding the clip from unmatched `Q`: viewers limit nesting depth

_BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")

Box = tuple[float, float, float, float]  # llx, lly, urx, ury (normalized)


def _format_time(moment: datetime) -> str:
    """Like "November 27, 2026 3:04 PM CST", the same in every locale."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    zone = moment.tzname() or ""
    text = f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year} {hour}:{moment:%M} {half}"
    return f"{text} {zone}".strip()


def _clean(value: str) -> str:
    return _SPACES.sub(" ", _CONTROL.sub(" ", value)).strip()


def stamp_text(
    page_number: int,
    page_count: int,
    *,
    court_name: str,
    filed_at_local: datetime,
    case_number: str,
    docket_number: int,
    label: str = ELECTRONICALLY_FILED,
) -> str:
    """The stamp of page `page_number` (1-based) of `page_count`, e.g. "Electronically Filed -
    St. Louis County Circuit Court - November 27, 2026 3:04 PM CST - 26SL-CC00001 - Docket 1 -
    Page 2 of 5". `filed_at_local` must be aware, in the court's time zone; `label` says how
    it was filed (FILED_ON_PAPER for a clerk's scan of a paper filing)."""
    if filed_at_local.tzinfo is None or filed_at_local.utcoffset() is None:
        raise ValueError("filed_at_local must be an aware datetime in the court's time zone")
    if not 1 <= page_number <= page_count:
        raise ValueError("page_number must be between 1 and page_count")
    if docket_number < 1:
        raise ValueError("docket_number must be positive")
    parts = [
        _clean(label),
        _clean(court_name),
        _format_time(filed_at_local),
        _clean(case_number),
        f"Docket {docket_number}",
        f"Page {page_number} of {page_count}",
    ]
    return SEPARATOR.join(part for part in parts if part)


# --- Layout -----------------------------------------------------------------------------------


def _encodable(text: str) -> str:
    """The text as Helvetica with WinAnsiEncoding can show it (other characters become '?')."""
    return text.encode("cp1252", "replace").decode("cp1252")


def _width(text: str, size: float) -> float:
    return stringWidth(text, "Helvetica", size)


def _pack(pieces: list[str], size: float, available: float) -> list[str]:
    """Greedy: as many pieces on each line as fit (a piece wider than a line gets its own)."""
    lines: list[str] = []
    for piece in pieces:
        if lines and _width(f"{lines[-1]} {piece}", size) <= available:
            lines[-1] += f" {piece}"
        else:
            lines.append(piece)
    return lines


def _sizes() -> Iterator[float]:
    size = FONT_SIZE
    while size >= MIN_FONT_SIZE:
        yield size
        size -= 0.5


def layout(text: str, available: float) -> tuple[float, list[str]]:
    """(font size, lines) so that every line fits `available` points: one line, shrinking the font
    down to MIN_FONT_SIZE; then lines broken between the stamp's parts; then between words; then
    the font shrinks until the widest word fits. The lines hold the text's words, in order."""
    available = max(available, 1.0)
    for size in _sizes():
        if _width(text, size) <= available:
            return size, [text]
    parts = text.split(SEPARATOR)
    dash = SEPARATOR.rstrip()  # a line broken between parts ends with the dash: same words
    by_part = [part + dash for part in parts[:-1]] + parts[-1:]
    for pieces in (by_part, text.split(" ")):
        for size in _sizes():
            lines = _pack(pieces, size, available)
            if all(_width(line, size) <= available for line in lines):
                return size, lines
    words = text.split(" ")
    widest = max(_width(word, MIN_FONT_SIZE) for word in words)
    size = MIN_FONT_SIZE * available / widest
    return size, _pack(words, size, available)


# --- Page geometry ----------------------------------------------------------------------------


def _inherited(page: Dictionary, key: str):
    """The page's own value of `key`, or the nearest one up the page tree (None if none)."""
    node, seen = page, set()
    while isinstance(node, Dictionary):
        if key in node:
            return node[key]
        if node.is_indirect:
            if node.objgen in seen:
                return None
            seen.add(node.objgen)
        node = node.get("/Parent")
    return None


def _box(value) -> Box | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _visible(crop: Box, media: Box) -> Box:
    """What a viewer shows: the CropBox within the MediaBox (the MediaBox if they are apart)."""
    x0, y0 = max(crop[0], media[0]), max(crop[1], media[1])
    x1, y1 = min(crop[2], media[2]), min(crop[3], media[3])
    return (x0, y0, x1, y1) if x0 < x1 and y0 < y1 else media


def _grow(box: Box, rotate: int, strip: float) -> Box:
    """`box` extended by `strip` at the edge the viewer shows on top."""
    x0, y0, x1, y1 = box
    if rotate == 90:
        return x0 - strip, y0, x1, y1
    if rotate == 180:
        return x0, y0 - strip, x1, y1
    if rotate == 270:
        return x0, y0, x1 + strip, y1
    return x0, y0, x1, y1 + strip


def _strip_matrix(visible: Box, rotate: int) -> tuple[float, ...]:
    """Maps strip coordinates (x to the viewer's right, y up, origin at the left end of the old
    top edge) to user space."""
    x0, y0, x1, y1 = visible
    if rotate == 90:  # the viewer's top is user space's left edge, read upwards
        return (0, 1, -1, 0, x0, y0)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y0)
    if rotate == 270:
        return (0, -1, 1, 0, x1, y1)
    return (1, 0, 0, 1, x0, y1)


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


# --- Content ----------------------------------------------------------------------------------


def _q_balance(page: pikepdf.Page) -> tuple[int, int]:
    """(unmatched Q, q left open) in the page's content; (0, 0) if it cannot be parsed."""
    extra = depth = 0
    try:
        for instruction in pikepdf.parse_content_stream(page, "q Q"):
            if str(instruction.operator) == "q":
                depth += 1
            elif depth:
                depth -= 1
            else:
                extra += 1
    except (pikepdf.PdfError, ValueError):
        return 0, 0
    return min(extra, MAX_GUARD_Q), depth


def _stamp_ops(
    font: str, size: float, lines: list[str], width: float, strip: float, matrix
) -> bytes:
    leading = size * LEADING
    top = (strip + leading * len(lines)) / 2  # the block of lines, centred in the strip
    ops = [
        "q",
        "/Artifact << /Type /Pagination /Subtype /Header >> BDC",
        " ".join(_number(v) for v in matrix) + " cm",
        "0 g 0 Tr 0 Tc 0 Tw 100 Tz 0 Ts",
        "BT",
        f"/{font} {_number(size)} Tf",
    ]
    for index, line in enumerate(lines):
        x = max((width - _width(line, size)) / 2, 0)
        baseline = top - leading * index - size * 0.85
        data = line.encode("cp1252", "replace").hex()
        ops += [f"1 0 0 1 {_number(x)} {_number(baseline)} Tm", f"<{data}> Tj"]
    ops += ["ET", "EMC", "Q"]
    return ("\n".join(ops) + "\n").encode("ascii")


def _font_name(pdf: pikepdf.Pdf, page: Dictionary, font: pikepdf.Object) -> str:
    """The page's resource name for `font`, added if missing, never replacing another font."""
    resources = page.get("/Resources")
    if not isinstance(resources, Dictionary):
        inherited = _inherited(page, "/Resources")
        if isinstance(inherited, Dictionary) and inherited.is_indirect:
            resources = inherited
        elif isinstance(inherited, Dictionary):
            resources = pdf.make_indirect(Dictionary({k: v for k, v in inherited.items()}))
        else:
            resources = Dictionary()
        page.Resources = resources
        resources = page.Resources
    fonts = resources.get("/Font")
    if not isinstance(fonts, Dictionary):
        resources.Font = Dictionary()
        fonts = resources.Font
    for key, value in fonts.items():
        if value.is_indirect and value.objgen == font.objgen:
            return key[1:]
    taken = set(fonts.keys())
    name, number = FONT_RESOURCE, 1
    while f"/{name}" in taken:
        name, number = f"{FONT_RESOURCE}{number}", number + 1
    fonts[f"/{name}"] = font
    return name


def _stamp_page(pdf: pikepdf.Pdf, page: pikepdf.Page, font: pikepdf.Object, text: str) -> None:
    obj = page.obj
    media = _box(_inherited(obj, "/MediaBox")) or (0.0, 0.0, 612.0, 792.0)
    crop = _box(_inherited(obj, "/CropBox"))
    visible = _visible(crop, media) if crop else media
    try:
        rotate = (int(_inherited(obj, "/Rotate") or 0) // 90) % 4 * 90
    except (TypeError, ValueError):
        rotate = 0
    try:
        unit = float(obj.get("/UserUnit", 1)) or 1.0
    except (TypeError, ValueError):
        unit = 1.0

    x0, y0, x1, y1 = visible
    width = (y1 - y0) if rotate in (90, 270) else (x1 - x0)
    size, lines = layout(text, width * unit - 2 * PADDING_X)
    size /= unit  # layout measures in points; the page may count in larger units (/UserUnit)
    strip = max(STRIP_HEIGHT / unit, size * LEADING * len(lines) + 2 * PADDING_Y / unit)

    obj.MediaBox = Array(_grow(media, rotate, strip))
    if crop is not None:
        obj.CropBox = Array(_grow(visible, rotate, strip))
    for key in _BOXES[2:]:
        own = _box(obj.get(key))
        if own is not None:
            obj[key] = Array(_grow(own, rotate, strip))

    extra_q, open_q = _q_balance(page)
    name = _font_name(pdf, obj, font)
    clip = f"q {' '.join(_number(v) for v in (x0, y0, x1 - x0, y1 - y0))} re W n\n"
    head = _stamp_ops(name, size, lines, width, strip, _strip_matrix(visible, rotate))
    head += (clip + "q\n" * extra_q).encode("ascii")
    tail = ("\n" + "Q\n" * (1 + open_q)).encode("ascii")
    contents = obj.get("/Contents")
    if isinstance(contents, Array):
        original = list(contents)
    elif contents is None:
        original = []
    else:
        original = [contents]
    obj.Contents = Array([pdf.make_stream(head), *original, pdf.make_stream(tail)])


def stamp_pdf(
    src: Path,
    dst: Path,
    *,
    court_name: str,
    filed_at_local: datetime,
    case_number: str,
    docket_number: int,
    label: str = ELECTRONICALLY_FILED,
) -> int:
    """Write to `dst` a copy of `src` with the file stamp on every page; `src` is only read.
    Returns the page count. `dst` appears only once it is complete."""
    src, dst = Path(src), Path(dst)
    if src.resolve() == dst.resolve():
        raise ValueError("the stamped copy must not replace the original")
    words = {
        "court_name": court_name,
        "filed_at_local": filed_at_local,
        "case_number": case_number,
        "docket_number": docket_number,
        "label": label,
    }
    stamp_text(1, 1, **words)  # refuses bad values before any work
    partial = dst.with_name(f".{dst.name}.partial")
    try:
        # No recovery: a damaged file must not be silently rebuilt and docketed.
        with pikepdf.open(src, attempt_recovery=False) as pdf:
            count = len(pdf.pages)
            if count == 0:
                raise ValueError("the document has no pages")
            font = pdf.make_indirect(
                Dictionary(
                    Type=Name.Font,
                    Subtype=Name.Type1,
                    BaseFont=Name.Helvetica,
                    Encoding=Name.WinAnsiEncoding,
                )
            )
            for number, page in enumerate(pdf.pages, start=1):
                text = _encodable(stamp_text(number, count, **words))
                _stamp_page(pdf, page, font, text)
            pdf.save(partial)
        os.replace(partial, dst)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return count
