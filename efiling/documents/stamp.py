"""File-stamp a docketed document on every page, or mark every page of a copy with a banner (a
served filing the clerk rejected: `banner_pdf`): pure functions on files, no Django.

`stamp_pdf` and `banner_pdf` write a new file with the same machinery; the original is only
read. Each page grows by a strip above its visual top edge (the page's /Rotate decides which
edge of user space that is) and the stamp is drawn inside that strip only, so it can never
cover what the filer put on the page, and the page content keeps its coordinates: nothing
moves, nothing is pushed off the page. Page geometry is read by `pages.page_geometry`, the same
reading `inspect_pdf` refuses pages by, so every file that passes the upload check can be
stamped.

Per page:
- every page box present (MediaBox, CropBox, BleedBox, TrimBox, ArtBox; inherited ones
  included) is extended by the strip at the same edge; the page gets its own copies;
- the original content is drawn clipped to the page's old visible area, so content that used
  to lie outside the page (a crop that hid part of it) is not revealed in the strip, and the
  stamp is drawn last, from the page's base graphics state, over an opaque white strip: nothing
  the original content paints or leaves behind (unmatched `Q`, a clip, a transformation, a
  fill over the strip) can hide or move it. On an untagged page the content (its one stream
  as it is, its bytes never decoded or re-parsed; several streams joined into one) becomes a
  form XObject drawn through the form's BBox, which clips and isolates its graphics state,
  and the page gets new resources holding only that form and the stamp font (one font
  resource dictionary, shared by every such page). A tagged page
  (its marked content must stay in the page's content for the structure tree to find it)
  keeps its content streams: one new stream before them clips and guards the clip with a few
  `q` against unmatched `Q`; one after them closes every `q` the content left open (counted by
  qpdf's tokenizer; a `Q` more than the stack holds is ignored by readers) and draws the stamp.
  A tagged page whose content the tokenizer cannot read goes into a form like an untagged one;
- annotations whose position readers interpret differently (a /Rect of strings or of five
  numbers, an appearance without a usable /BBox; pages.annotation_damaged) are removed, and
  annotations and form fields whose rectangle reaches into the strip are clipped to the old
  visible area, so none paints over the stamp: the rectangle is cut to that area and each
  appearance is wrapped in a form that draws it exactly where it was, clipped by its BBox (what
  was visible stays as it was; nothing is squeezed). An annotation lying wholly outside the old
  visible area, which no viewer showed, is marked hidden. Popups are left alone (viewers draw
  them as windows, not on the page);
- the stamp is set in an embedded subset of Bitstream Vera Sans (stamp_font.py), one font
  object shared by all pages, and marked as a pagination artifact for assistive technology;
- its size keeps the share of the page a 9-point stamp has on a letter page for pages at least
  that large (counting /UserUnit), and stays 9 points on smaller ones (PageGeometry.stamp_scale),
  so PDFium and poppler, which ignore /UserUnit, show it in proportion too.

What the pages share is worked out once per document (`_Document`): the attributes each node of
the page tree passes down, the reading of each distinct page geometry, and the stamp's
operators before its text; a page's stamp is the document's words and its page number.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from efiling.core.clock import clock_time
from efiling.core.words import MONTHS

# Importing pdf caps qpdf's Flate output for the process: the content streams are read here.
from efiling.documents import pdf as _pdf_checks  # noqa: F401
from efiling.documents.pages import (
    INHERITABLE,
    Box,
    PageGeometry,
    annotation_damaged,
    box,
    page_geometry,
)
from efiling.documents.stamp_font import StampFont, text_units, text_width

STRIP_HEIGHT = 28.0  # stamp points added above the page's visual top edge
FONT_SIZE = 9.0  # largest stamp font size, in stamp points
MIN_FONT_SIZE = 6.0  # below this the stamp wraps to more lines before it shrinks further
LEADING = 1.2  # line height as a share of the font size
PADDING_X = 6.0  # left and right margin of the stamp inside the strip
PADDING_Y = 3.0  # top and bottom margin when the stamp needs more than the strip
FONT_RESOURCE = "EfilingStamp"
PAGE_RESOURCE = "EfilingPage"  # the original content as a form XObject
SEPARATOR = " - "
ELECTRONICALLY_FILED = "Electronically Filed"
FILED_ON_PAPER = "Filed on Paper"  # a clerk's scan of a paper filing
MAX_GUARD_Q = 20  # `q` guarding the clip from unmatched `Q`: viewers limit nesting depth
HIDDEN = 1 << 1  # annotation flag: not shown, not printed

_XOBJECT, _FORM = Name.XObject, Name.Form
_BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def _format_time(moment: datetime) -> str:
    """Like "November 27, 2026 3:04 p.m. CST" (the court's time style), the same in every
    locale."""
    zone = moment.tzname() or ""
    text = f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year} {clock_time(moment)}"
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
    St. Louis County Circuit Court - November 27, 2026 3:04 p.m. CST - 26SL-CC00001 - Docket 1 -
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


def _pack(pieces: list[str], size: float, available: float) -> list[str]:
    """Greedy: as many pieces on each line as fit (a piece wider than a line gets its own)."""
    lines: list[str] = []
    for piece in pieces:
        if lines and text_width(f"{lines[-1]} {piece}", size) <= available:
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
    """(font size, lines) so that every line, set in the stamp font, fits `available` (both in
    stamp points): one line, shrinking the font down to MIN_FONT_SIZE; then lines broken
    between the stamp's parts; then between words; then the font shrinks until the widest word
    fits. The lines hold the text's words, in order."""
    available = max(available, 1.0)
    units = text_units(text)
    for size in _sizes():
        if units * size / 1000 <= available:  # text_width(text, size)
            return size, [text]
    parts = text.split(SEPARATOR)
    dash = SEPARATOR.rstrip()  # a line broken between parts ends with the dash: same words
    by_part = [part + dash for part in parts[:-1]] + parts[-1:]
    for pieces in (by_part, text.split(" ")):
        for size in _sizes():
            lines = _pack(pieces, size, available)
            if all(text_width(line, size) <= available for line in lines):
                return size, lines
    words = text.split(" ")
    widest = max(text_width(word, MIN_FONT_SIZE) for word in words)
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


def _grow(area: Box, rotate: int, strip: float) -> Box:
    """`area` extended by `strip` at the edge the viewer shows on top."""
    x0, y0, x1, y1 = area
    if rotate == 90:
        return x0 - strip, y0, x1, y1
    if rotate == 180:
        return x0, y0 - strip, x1, y1
    if rotate == 270:
        return x0, y0, x1 + strip, y1
    return x0, y0, x1, y1 + strip


def _strip_box(visible: Box, rotate: int, strip: float) -> Box:
    """The area the strip adds to `visible`, in user space."""
    x0, y0, x1, y1 = visible
    grown = _grow(visible, rotate, strip)
    if rotate == 90:
        return grown[0], y0, x0, y1
    if rotate == 180:
        return x0, grown[1], x1, y0
    if rotate == 270:
        return x1, y0, grown[2], y1
    return x0, y1, x1, grown[3]


def _strip_matrix(visible: Box, rotate: int, scale: float) -> tuple[float, ...]:
    """Maps strip coordinates in stamp points (x to the viewer's right, y up, origin at the left
    end of the old top edge) to user space."""
    x0, y0, x1, y1 = visible
    s = scale
    if rotate == 90:  # the viewer's top is user space's left edge, read upwards
        return (0, s, -s, 0, x0, y0)
    if rotate == 180:
        return (-s, 0, 0, -s, x1, y0)
    if rotate == 270:
        return (0, -s, s, 0, x1, y1)
    return (s, 0, 0, s, x0, y1)


def _number(value: float, places: int = 4) -> str:
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _numbers(values) -> str:
    return " ".join(_number(v) for v in values)


@functools.lru_cache(maxsize=256)
def _array_text(values: tuple[float, ...]) -> bytes:
    return ("[" + " ".join(_number(v, 6) for v in values) + "]").encode("ascii")


def _array(values: tuple[float, ...]) -> pikepdf.Object:
    """A new PDF array of `values`, as pikepdf writes floats (six decimal places): parsed from
    its text, which is made once per distinct box and is much cheaper than converting floats."""
    return pikepdf.Object.parse(_array_text(values))


# --- Annotations ------------------------------------------------------------------------------


def _overlap(a: Box, b: Box) -> Box | None:
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (x0, y0, x1, y1) if x0 < x1 and y0 < y1 else None


def _matrix(value) -> tuple[float, ...]:
    try:
        numbers = tuple(float(v) for v in value) if isinstance(value, Array) else ()
    except (TypeError, ValueError):
        numbers = ()
    return numbers if len(numbers) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _clipped_appearance(pdf: pikepdf.Pdf, appearance: Stream, rect: Box, kept: Box) -> Stream:
    """A form that draws `appearance` exactly where the viewer drew it in `rect` (ISO 32000-1,
    12.5.5: its BBox, transformed by its Matrix, is fitted to the rectangle), clipped to `kept`
    by its own BBox. Returned unchanged if the appearance has no usable BBox (nothing drawn)."""
    bbox = box(appearance.get("/BBox"))
    if bbox is None:
        return appearance
    a, b, c, d, e, f = _matrix(appearance.get("/Matrix"))
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in bbox[::2] for y in bbox[1::2]]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if width <= 0 or height <= 0:
        return appearance
    sx, sy = (rect[2] - rect[0]) / width, (rect[3] - rect[1]) / height
    fit = (sx, 0, 0, sy, rect[0] - min(xs) * sx, rect[1] - min(ys) * sy)
    wrapper = pdf.make_stream(f"q {_numbers(fit)} cm /A Do Q".encode("ascii"))
    wrapper.Type = Name.XObject
    wrapper.Subtype = Name.Form
    wrapper.BBox = Array(kept)
    wrapper.Resources = Dictionary(XObject=Dictionary(A=appearance))
    return wrapper


def _remove_damaged_annotations(page: Dictionary) -> None:
    """Take annotations whose position viewers read differently (pages.annotation_damaged)
    off the page: none is left to a reader's interpretation, over the stamp or anywhere."""
    annots = page.get("/Annots")
    if not isinstance(annots, Array):
        return
    kept = [a for a in annots if not (isinstance(a, Dictionary) and annotation_damaged(a))]
    if len(kept) != len(annots):
        page.Annots = Array(kept)


def _clip_annotations(pdf: pikepdf.Pdf, page: Dictionary, visible: Box, strip: Box) -> None:
    """Keep annotations and form fields off the strip (see the module's docstring)."""
    annots = page.get("/Annots")
    if not isinstance(annots, Array):
        return
    for annot in annots:
        if not isinstance(annot, Dictionary) or annot.get("/Subtype") == Name.Popup:
            continue
        rect = box(annot.get("/Rect"))
        if rect is None or _overlap(rect, strip) is None:
            continue
        kept = _overlap(rect, visible)
        if kept is None:
            flags = annot.get("/F")
            annot.F = (flags if isinstance(flags, int) else 0) | HIDDEN
            continue
        appearances = annot.get("/AP")
        if isinstance(appearances, Dictionary):
            for key in ("/N", "/R", "/D"):
                value = appearances.get(key)
                if isinstance(value, Stream):
                    appearances[key] = _clipped_appearance(pdf, value, rect, kept)
                elif isinstance(value, Dictionary):  # one appearance per state (check boxes)
                    for state, stream in list(value.items()):
                        if isinstance(stream, Stream):
                            value[state] = _clipped_appearance(pdf, stream, rect, kept)
        annot.Rect = Array(kept)


# --- Content ----------------------------------------------------------------------------------


def _open_state(pdf: pikepdf.Pdf, page: pikepdf.Page) -> tuple[int, int, bool] | None:
    """(unmatched Q, q left open, a text object left open) in the page's content, as qpdf's
    tokenizer reads it; None if any of it cannot be read or it ends inside a token (a string,
    an inline image, a dictionary left open would swallow what follows it: readers join a
    page's content streams). The content then goes into a form instead."""
    extra = depth = 0
    in_text = False
    pdf.get_warnings()  # returns and forgets the warnings so far
    try:
        for instruction in pikepdf.parse_content_stream(page, "q Q BT ET"):
            operator = str(instruction.operator)
            if operator == "q":
                depth += 1
            elif operator == "Q":
                if depth:
                    depth -= 1
                else:
                    extra += 1
            else:
                in_text = operator == "BT"
    except (pikepdf.PdfError, ValueError):
        return None
    if pdf.get_warnings():
        return None
    return extra, depth, in_text


@functools.lru_cache(maxsize=256)
def _stamp_head(name: str, size: float, width: float, strip: float, matrix) -> str:
    """The stamp's operators before its lines (see `_stamp_ops`): the same on every page of a
    size, so made once."""
    return "\n".join(
        [
            "q",
            "/Artifact << /Type /Pagination /Subtype /Header >> BDC",
            f"{_numbers(matrix)} cm",
            f"1 g 0 0 {_number(width)} {_number(strip)} re f",
            "0 g 0 Tr 0 Tc 0 Tw 100 Tz 0 Ts",
            "BT",
            f"/{name} {_number(size)} Tf",
            "",
        ]
    )


def _stamp_ops(
    font: StampFont, name: str, size: float, lines: list[str], width: float, strip: float, matrix
) -> bytes:
    """The stamp, in stamp points inside a strip `width` wide and `strip` high: an opaque white
    strip, then the text in black. Drawn last, from the page's base graphics state."""
    leading = size * LEADING
    top = (strip + leading * len(lines)) / 2  # the block of lines, centred in the strip
    ops = [_stamp_head(name, size, width, strip, matrix)]
    for index, line in enumerate(lines):
        x = max((width - text_width(line, size)) / 2, 0)
        baseline = top - leading * index - size * 0.85
        ops.append(f"1 0 0 1 {_number(x)} {_number(baseline)} Tm\n<{font.encode(line).hex()}> Tj\n")
    ops.append("ET\nEMC\nQ\n")
    return "".join(ops).encode("ascii")


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


def _as_form(
    pdf: pikepdf.Pdf, streams: list[Stream], visible: Box, resources, converted: set
) -> Stream:
    """The page's content as one form XObject drawn through `visible` (its BBox clips). One
    stream is converted itself, its data untouched (a stream shared with a page converted
    before is copied first, raw bytes, never decoded); several streams, which a form cannot
    be, are joined into a new one (decoded and joined at a line break: PDF lets a token end
    at the end of each stream, never span two)."""
    if len(streams) == 1:
        content = streams[0]
        if content.objgen in converted:
            copy = Stream(pdf, b"")
            copy.write(
                content.read_raw_bytes(),
                filter=content.get("/Filter"),
                decode_parms=content.get("/DecodeParms"),
            )
            content = copy
        converted.add(content.objgen)
    else:
        content = pdf.make_stream(b"\n".join(stream.read_bytes() for stream in streams))
    content["/Type"] = _XOBJECT
    content["/Subtype"] = _FORM
    content["/BBox"] = _array(visible)
    content.Resources = resources if isinstance(resources, Dictionary) else Dictionary()
    return content


def _key(value) -> tuple:
    """A hashable stand-in for a page attribute: pages whose attributes have equal keys have
    equal values (an indirect object stands as its reference; nothing here changes one)."""
    if isinstance(value, pikepdf.Object):
        return (type(value), value.unparse())
    return (type(value), value)


class _Document:
    """What the pages of one document share, worked out once: the stamp font and its resource
    dictionary, the attributes each page-tree node passes down, and each page geometry's
    reading. Page attributes are compared by `_key`, never read twice."""

    def __init__(self, pdf: pikepdf.Pdf, font: StampFont):
        self.pdf = pdf
        self.font = font
        self.font_object = font.add_to(pdf)
        self.fonts = pdf.make_indirect(Dictionary({f"/{FONT_RESOURCE}": self.font_object}))
        self.converted: set = set()  # content streams already made into a form
        self._passed_down: dict[tuple[int, int], dict] = {}
        self._geometry: dict[tuple, PageGeometry] = {}

    def attributes(self, obj: Dictionary, own: set) -> dict:
        """The page's geometry attributes and /Resources, its own or inherited (None if
        neither)."""
        inherited: dict = {}
        if not own.issuperset(INHERITABLE):
            parent = obj.get("/Parent")
            if not isinstance(parent, Dictionary) or not parent.is_indirect:
                inherited = {key: _inherited(parent, key) for key in INHERITABLE}
            else:
                inherited = self._passed_down.get(parent.objgen)
                if inherited is None:
                    inherited = {key: _inherited(parent, key) for key in INHERITABLE}
                    self._passed_down[parent.objgen] = inherited
        values = {key: obj[key] if key in own else inherited.get(key) for key in INHERITABLE}
        values["/UserUnit"] = obj.get("/UserUnit") if "/UserUnit" in own else None
        return values

    def geometry(self, values: dict) -> PageGeometry:
        """pages.page_geometry of the page whose attributes are `values`, read once per
        distinct set of values (raises as it does)."""
        key = tuple(_key(values[name]) for name in _GEOMETRY)
        found = self._geometry.get(key)
        if found is None:
            found = page_geometry(values.get)
            self._geometry[key] = found
        return found


_GEOMETRY = ("/MediaBox", "/CropBox", "/Rotate", "/UserUnit")


def _stamp_page(document: _Document, page: pikepdf.Page, text: str) -> None:
    pdf, font = document.pdf, document.font
    obj = page.obj
    own = set(obj.keys())
    values = document.attributes(obj, own)
    geometry = document.geometry(values)
    visible, rotate, scale = geometry.visible, geometry.rotate, geometry.stamp_scale
    width = geometry.width / scale  # stamp points
    size, lines = layout(text, width - 2 * PADDING_X)
    strip = max(STRIP_HEIGHT, size * LEADING * len(lines) + 2 * PADDING_Y)

    obj["/MediaBox"] = _array(_grow(geometry.media, rotate, strip * scale))
    if geometry.crop is not None:
        obj["/CropBox"] = _array(_grow(visible, rotate, strip * scale))
    for key in _BOXES[2:]:
        own_box = box(obj.get(key)) if key in own else None
        if own_box is not None:
            obj[key] = _array(_grow(own_box, rotate, strip * scale))
    if "/Annots" in own:
        _remove_damaged_annotations(obj)
        _clip_annotations(pdf, obj, visible, _strip_box(visible, rotate, strip * scale))

    matrix = _strip_matrix(visible, rotate, scale)
    contents = obj.get("/Contents") if "/Contents" in own else None
    if isinstance(contents, Stream):
        streams = [contents]
    elif isinstance(contents, Array):
        streams = [item for item in contents if isinstance(item, Stream)]
    else:
        streams = []
    state = _open_state(pdf, page) if "/StructParents" in own and streams else None
    if state is None:
        # Untagged (or unreadable) content goes into a form, which isolates its graphics state.
        ops = b""
        if streams:
            form = _as_form(pdf, streams, visible, values["/Resources"], document.converted)
            ops = f"q /{PAGE_RESOURCE} Do Q\n".encode("ascii")
            obj.Resources = Dictionary(
                Font=document.fonts, XObject=Dictionary({f"/{PAGE_RESOURCE}": form})
            )
        else:
            obj.Resources = Dictionary(Font=document.fonts)
        ops += _stamp_ops(font, FONT_RESOURCE, size, lines, width, strip, matrix)
        obj.Contents = pdf.make_stream(ops)
        return

    # A tagged page keeps its content in the page (the structure tree finds its marked content
    # there): clip it to the old visible area, guard the clip from unmatched Q, then close
    # every q the content left open (a Q more than the stack holds is ignored) and draw the
    # stamp from the base state, over an opaque strip.
    extra_q, open_q, in_text = state
    guards = min(extra_q, MAX_GUARD_Q)
    name = _font_name(pdf, obj, document.font_object)
    x0, y0, x1, y1 = visible
    head = f"q {_numbers((x0, y0, x1 - x0, y1 - y0))} re W n\n" + "q\n" * guards
    tail = ("\nET" if in_text else "") + "\n" + "Q\n" * (1 + guards + open_q)
    stamp = _stamp_ops(font, name, size, lines, width, strip, matrix)
    obj.Contents = Array(
        [
            pdf.make_stream(head.encode("ascii")),
            *streams,
            pdf.make_stream(tail.encode("ascii") + stamp),
        ]
    )


def _set_title(pdf: pikepdf.Pdf, title: str) -> None:
    pdf.docinfo["/Title"] = title
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title


def _mark_pdf(src: Path, dst: Path, page_text, *, title: str) -> int:
    """Write to `dst` a copy of `src` with `page_text(number, count)` (1-based) drawn in a strip
    above every page (see the module's docstring); `src` is only read, `dst` appears only once
    complete. Returns the page count. Raises ValueError for a document without pages or a page
    without a usable size, pikepdf.PdfError for a file qpdf cannot read."""
    src, dst = Path(src), Path(dst)
    if src.resolve() == dst.resolve():
        raise ValueError("the marked copy must not replace the original")
    partial = dst.with_name(f".{dst.name}.partial")
    try:
        # No recovery: a damaged file must not be silently rebuilt and docketed.
        with pikepdf.open(src, attempt_recovery=False) as pdf:
            count = len(pdf.pages)
            if count == 0:
                raise ValueError("the document has no pages")
            texts = [page_text(number, count) for number in range(1, count + 1)]
            document = _Document(pdf, StampFont(texts))
            for page, text in zip(pdf.pages, texts, strict=True):
                _stamp_page(document, page, document.font.fit(text))
            if title:
                _set_title(pdf, _clean(title))
            pdf.save(partial)
        os.replace(partial, dst)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return count


def stamp_pdf(
    src: Path,
    dst: Path,
    *,
    court_name: str,
    filed_at_local: datetime,
    case_number: str,
    docket_number: int,
    label: str = ELECTRONICALLY_FILED,
    title: str = "",
) -> int:
    """Write to `dst` a copy of `src` with the file stamp on every page; `src` is only read.
    Returns the page count. `dst` appears only once it is complete. `title` (the document's
    title on the docket), when given, becomes the copy's PDF title (Info and XMP dc:title), so a
    viewer does not show "untitled" or the filer's own file's title.

    Raises ValueError for bad stamp values (before any work), a document without pages or a
    page without a usable size (which `inspect_pdf` refuses), and pikepdf.PdfError for a file
    qpdf cannot read."""
    words = {
        "court_name": court_name,
        "filed_at_local": filed_at_local,
        "case_number": case_number,
        "docket_number": docket_number,
        "label": label,
    }
    # Refuses bad values before any work; every page's stamp is this one's words before the
    # page number.
    words_before = stamp_text(1, 1, **words).removesuffix(f"{SEPARATOR}Page 1 of 1")
    return _mark_pdf(
        src,
        dst,
        lambda number, count: f"{words_before}{SEPARATOR}Page {number} of {count}",
        title=title,
    )


def banner_pdf(src: Path, dst: Path, *, banner: str) -> int:
    """Write to `dst` a copy of `src` with `banner` (one line of text, e.g. "REJECTED BY THE
    CLERK ON November 30, 2026 — NOT FILED") followed by "Page n of N" in a strip above every
    page, drawn as the file stamp is (nothing of the page is covered or moved); `src` is only
    read. Returns the page count. Raises ValueError for an empty banner (before any work) and
    as `stamp_pdf` does for the file."""
    banner = _clean(banner)
    if not banner:
        raise ValueError("the banner must say something")
    return _mark_pdf(
        src,
        dst,
        lambda number, count: f"{banner}{SEPARATOR}Page {number} of {count}",
        title="",
    )
