"""The page tree and the geometry of each page, read defensively: pure functions on pikepdf
objects, no Django.

`page_tree` lists the pages of a document by walking its page tree itself, with a bound: it stops
as soon as the count passes the limit, never trusts /Count, and refuses loops. qpdf's own page
list (`len(pdf.pages)`) and PDFium's page count are not safe on hostile files: a 4 MB file can
list one page 700,000 times, and qpdf copies every repeat (seconds and gigabytes) while PDFium
simply believes /Count. Open the file with `inherit_page_attributes=False` before calling it, or
pikepdf walks the whole tree first.

`page_geometry` is the one reading of a page's boxes, rotation and /UserUnit that both the upload
check (`inspect_pdf` refuses a page it cannot read) and the file stamp use, so a file that passes
the check can always be stamped. `annotation_damaged` is the one reading of an annotation's
position: what it calls damaged is removed at upload (clean_pdf) and in the stamped copy.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pikepdf
from pikepdf import Array, Dictionary, Stream

Box = tuple[float, float, float, float]  # llx, lly, urx, ury (normalized)

# Attributes a page takes from its ancestors in the page tree (ISO 32000-1, 7.7.3.4).
INHERITABLE = ("/MediaBox", "/CropBox", "/Rotate", "/Resources")
MIN_PAGE_SIDE = 72.0  # units: one inch; smaller is no court document
MAX_PAGE_SIDE = 14_400.0  # units: 200 inches, PDF's own limit (ISO 32000-1, Annex C)
MAX_USER_UNIT = 75_000.0  # the largest /UserUnit readers honour; others count as 1
MAX_TREE_DEPTH = 64  # real documents nest a few levels; PDFium stops far below the recursion limit
TREE_NODES_PER_PAGE = 4  # nodes visited per page allowed before the tree counts as absurd
LETTER_SHORT_SIDE = 612.0  # points: the page the stamp's sizes are designed for
_INT_MAX = 2**31 - 1
# Annotation coordinates beyond this are damage: PDFium computes in 32-bit floats, which hold
# every integer only up to 2**24 (and PDF's own page limit is 14,400 units).
MAX_COORDINATE = float(2**24)


class PageTreeError(ValueError):
    """The page tree cannot be followed: a loop, a shared branch, a kid that is not a
    dictionary, an absurd depth or number of nodes."""


@dataclass(frozen=True)
class PageNode:
    """A page of the tree and the inheritable attributes it takes from its ancestors."""

    page: Dictionary
    inherited: dict

    def get(self, key: str):
        """The page's own value of `key`, or the one it inherits (None if neither)."""
        value = self.page.get(key)
        return self.inherited.get(key) if value is None else value


def page_tree(pdf: pikepdf.Pdf, limit: int) -> list[PageNode] | None:
    """The pages of `pdf` in order, or None as soon as there are more than `limit`.

    Follows qpdf's reading, so the count matches what qpdf and the stamp see: a node with a
    /Kids array is an intermediate node, anything else is a page; a page listed twice counts
    twice (qpdf copies it). Raises PageTreeError for what qpdf refuses or repairs (a loop, a
    branch shared by two parents, a kid that is not a dictionary), for trees deeper than
    MAX_TREE_DEPTH and for more than TREE_NODES_PER_PAGE nodes per allowed page.
    """
    root = pdf.Root.get("/Pages")
    if not isinstance(root, Dictionary) or not isinstance(root.get("/Kids"), Array):
        raise PageTreeError("the document has no page tree")
    pages: list[PageNode] = []
    branches: set[tuple[int, int]] = set()
    budget = TREE_NODES_PER_PAGE * limit + 64
    # Each frame: the kids of one intermediate node, the next index, what they inherit.
    frames: list[tuple[Array, int, dict]] = []

    def enter(node: Dictionary, inherited: dict) -> None:
        if node.is_indirect:
            if node.objgen in branches:
                raise PageTreeError("the page tree has a loop or a shared branch")
            branches.add(node.objgen)
        if len(frames) >= MAX_TREE_DEPTH:
            raise PageTreeError("the page tree is too deep")
        own = {key: node[key] for key in INHERITABLE if key in node}
        frames.append((node.Kids, 0, {**inherited, **own} if own else inherited))

    enter(root, {})
    while frames:
        kids, index, inherited = frames[-1]
        if index >= len(kids):
            frames.pop()
            continue
        frames[-1] = (kids, index + 1, inherited)
        budget -= 1
        if budget < 0:
            raise PageTreeError("the page tree has far more nodes than pages")
        kid = kids[index]
        if not isinstance(kid, Dictionary):
            raise PageTreeError("the page tree lists something that is not a page")
        if isinstance(kid.get("/Kids"), Array):
            enter(kid, inherited)
            continue
        pages.append(PageNode(kid, inherited))
        if len(pages) > limit:
            return None
    return pages


def declared_page_count(pdf: pikepdf.Pdf) -> int | None:
    """The /Count of the root of the page tree (the page count PDFium believes), if a number."""
    root = pdf.Root.get("/Pages")
    count = root.get("/Count") if isinstance(root, Dictionary) else None
    try:
        return int(count) if count is not None else None
    except (TypeError, ValueError):
        return None


# --- Geometry ---------------------------------------------------------------------------------


class PageGeometryError(ValueError):
    """A page without a size a reader can use; the message says what is wrong, for the filer."""


def box(value) -> Box | None:
    """Four numbers as a normalized box, or None if `value` is not four numbers as `numbers`
    reads them (PDFium reads a coordinate past its range as 0, and a page box holding one as
    empty)."""
    found = numbers(value, 4)
    if found is None:
        return None
    x0, y0, x1, y1 = found
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def numbers(value, count: int) -> tuple[float, ...] | None:
    """`count` numbers from a PDF array, or None if `value` is not an array of exactly `count`
    integers or reals, each finite and within MAX_COORDINATE. A string, a name or a boolean
    is not a number: readers differ about what it means (PDFium reads a string as 0)."""
    if not isinstance(value, Array) or len(value) != count:
        return None
    result = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (int, Decimal)):
            return None
        number = float(item)
        if not math.isfinite(number) or abs(number) > MAX_COORDINATE:
            return None
        result.append(number)
    return tuple(result)


def appearance_streams(annot: Dictionary) -> list[Stream]:
    """The appearance streams of an annotation: normal, rollover and down, one per state
    where the appearance is a dictionary of states (check boxes)."""
    appearances = annot.get("/AP")
    streams: list[Stream] = []
    if not isinstance(appearances, Dictionary):
        return streams
    for key in ("/N", "/R", "/D"):
        value = appearances.get(key)
        if isinstance(value, Stream):
            streams.append(value)
        elif isinstance(value, Dictionary):
            streams += [state for state in value.values() if isinstance(state, Stream)]
    return streams


def annotation_damaged(annot: Dictionary) -> bool:
    """True when viewers cannot all place the annotation the same way: its /Rect is not four
    numbers (see `numbers`), or one of its appearance streams has no /BBox of four numbers or
    a /Matrix that is not six. PDFium reads a string in /Rect as 0 and paints accordingly;
    others skip the annotation: what the page shows would depend on the reader."""
    if numbers(annot.get("/Rect"), 4) is None:
        return True
    for appearance in appearance_streams(annot):
        if numbers(appearance.get("/BBox"), 4) is None:
            return True
        matrix = appearance.get("/Matrix")
        if matrix is not None and numbers(matrix, 6) is None:
            return True
    return False


def _intersection(a: Box, b: Box) -> Box:
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def _area(area: Box) -> bool:
    """True when the box has an area (positive width and height)."""
    return area[0] < area[2] and area[1] < area[3]


def _visible(crop: Box, media: Box) -> Box:
    """What a viewer shows: the CropBox within the MediaBox; the MediaBox for an empty CropBox
    (as PDFium reads it; page_geometry refuses a CropBox wholly outside the MediaBox)."""
    inside = _intersection(crop, media)
    return inside if _area(inside) else media


def page_rotation(value) -> int:
    """/Rotate as PDFium and poppler read it, in degrees: 0, 90, 180 or 270.

    The number is divided by 90 as C divides integers (truncating toward zero), then taken
    modulo 4 with a negative remainder made positive: -45 is 0, -135 is 270, 450 is 90. A real
    number is first truncated to an integer (45.9 is 45, so 0); anything that is not a number
    (a name, a string) counts as 0. Python's floor division differs from C's truncation for
    negative values, which is why this is spelled out: the upload check, the stamp and the
    tests all use this one reading."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        return 0
    try:
        number = int(value)  # truncates toward zero
    except (ValueError, OverflowError):  # NaN, infinity
        return 0
    number = max(min(number, _INT_MAX), -_INT_MAX - 1)  # PDFium reads a 32-bit integer
    quarters = abs(number) // 90 * (1 if number >= 0 else -1)
    return quarters % 4 * 90


def _user_unit(value) -> float:
    """/UserUnit when it is a number from 1 to MAX_USER_UNIT, else 1 (the default)."""
    try:
        unit = float(value) if value is not None else 1.0
    except (TypeError, ValueError):
        return 1.0
    return unit if 1.0 <= unit <= MAX_USER_UNIT else 1.0


@dataclass(frozen=True)
class PageGeometry:
    media: Box
    crop: Box | None  # None when absent or unusable (viewers then show the MediaBox)
    visible: Box
    rotate: int  # 0, 90, 180 or 270: which edge of user space the viewer shows on top
    user_unit: float  # the size of one unit in points (1 unless the page says otherwise)

    @property
    def width(self) -> float:
        """The visible width as the viewer shows it (across the rotated page), in units."""
        x0, y0, x1, y1 = self.visible
        return (y1 - y0) if self.rotate in (90, 270) else (x1 - x0)

    @property
    def short_side(self) -> float:
        x0, y0, x1, y1 = self.visible
        return min(x1 - x0, y1 - y0)

    @property
    def stamp_scale(self) -> float:
        """Page units per stamp point: the stamp keeps the share of the page it has on a letter
        page for every page at least that large (physically, /UserUnit counted), and its size
        in points on smaller pages. PDFium and poppler ignore /UserUnit but show every page in
        its own units, so the share, and the stamp's legibility, is the same in every viewer."""
        return max(1.0 / self.user_unit, self.short_side / LETTER_SHORT_SIDE)


def page_geometry(get: Callable[[str], object]) -> PageGeometry:
    """The geometry of a page whose attributes (own or inherited) `get(key)` returns.

    Raises PageGeometryError when the page has no usable MediaBox (missing, not four numbers
    as `numbers` reads them), a CropBox of four entries that are not all such numbers, a
    CropBox with an area wholly outside the MediaBox (PDFium then shows an empty page, other
    readers the MediaBox), or a visible area under MIN_PAGE_SIDE points a side (/UserUnit
    counted) or over MAX_PAGE_SIDE units (PDF's limit, in the page's own units).
    """
    media = box(get("/MediaBox"))
    if media is None:
        raise PageGeometryError("has no usable page size (its MediaBox is missing or damaged)")
    crop_value = get("/CropBox")
    crop = box(crop_value)
    if crop is None and isinstance(crop_value, Array) and len(crop_value) == 4:
        # PDFium reads what is not a number as 0 and crops the page to that box when it has
        # an area; other readers ignore the damaged box: they would show different areas.
        zeros = [numbers(Array([v]), 1) or (0.0,) for v in crop_value]
        x0, y0, x1, y1 = (found[0] for found in zeros)
        if _area((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))):
            raise PageGeometryError("has a damaged visible area (its CropBox is not four numbers)")
    if crop is not None and _area(crop) and not _area(_intersection(crop, media)):
        # PDFium shows an empty page, other readers the whole MediaBox.
        raise PageGeometryError("has its visible area (CropBox) outside the page (MediaBox)")
    visible = _visible(crop, media) if crop else media
    unit = _user_unit(get("/UserUnit"))
    width, height = visible[2] - visible[0], visible[3] - visible[1]
    if min(width, height) * unit < MIN_PAGE_SIDE or max(width, height) > MAX_PAGE_SIDE:
        raise PageGeometryError(
            f"is {width * unit:,.0f} by {height * unit:,.0f} points; a page must be between 1 "
            "and 200 inches on each side"
        )
    rotate = page_rotation(get("/Rotate"))
    return PageGeometry(media=media, crop=crop, visible=visible, rotate=rotate, user_unit=unit)
