"""Text still in a page under a black box (a drawn rectangle or an annotation is not a
redaction): pure functions, no Django.

A page's marks are read with PDFium (`read_marks`, under PDFium's lock: its characters with
their boxes and paint order, its dark filled shapes, its covering annotations), then compared
in plain Python without the lock (`hidden_texts`), so that one page full of boxes cannot make
every other upload wait. The comparison indexes the boxes in a grid of cells and looks at a
character only against the boxes of its cells drawn after it, latest first: the work grows
with the characters and the boxes, not with their product. A page past MAX_PAGE_OBJECTS
objects or MAX_CHARACTERS characters, or whose comparison passes MAX_COMPARISONS, is not
checked fully, and says so (the probe: 3,000 characters and 3,000 boxes on each of 20 pages
held the lock for 134 s).

A box hides text when it is a filled path with every colour channel at most DARK_MAX of 255,
drawn after the text, covering at least COVERED of a character's box; unapplied redaction
annotations and dark square or highlight annotations count too (they are painted above all
page content).
"""

from __future__ import annotations

import ctypes
import heapq
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

DARK_MAX = 80  # every RGB channel at most this (0-255): black, charcoal, dark gray
COVERED = 0.6  # share of a character's box a rectangle must cover
MAX_PAGE_OBJECTS = 100_000  # page objects examined per page
MAX_CHARACTERS = 100_000  # characters examined per page
MAX_DOCUMENT_MARKS = 400_000  # page objects and characters examined in one document
MAX_FORM_DEPTH = 8  # form XObjects inside form XObjects, looked into
MAX_COMPARISONS = 400_000  # character-against-box comparisons per page
CELL = 24.0  # units: the grid's cell, about two lines of text
MAX_CELLS_PER_BOX = 256  # a larger box is compared with every character (few are that large)
ABOVE_ALL = 1 << 62  # the paint order of annotations: above all page content

Box = tuple[float, float, float, float]


@dataclass
class PageMarks:
    """What a page draws, as far as hidden text is concerned."""

    chars: list[tuple[int, str, int, Box]] = field(default_factory=list)  # index, char, order, box
    covers: list[tuple[Box, int]] = field(default_factory=list)  # box, paint order
    complete: bool = True  # False when a cap stopped the reading


def _dark(r: int, g: int, b: int, a: int) -> bool:
    return a >= 128 and max(r, g, b) <= DARK_MAX


def _address(handle) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(inner: Matrix, outer: Matrix) -> Matrix:
    """`inner` then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _on_rect(matrix: Matrix, box: Box) -> Box:
    a, b, c, d, e, f = matrix
    xs, ys = [], []
    for x in (box[0], box[2]):
        for y in (box[1], box[3]):
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def _bounds(obj) -> Box | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    return left.value, bottom.value, right.value, top.value


def _form_matrix(obj) -> Matrix:
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _dark_fill(obj) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) or fill.value == 0:
        return False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    return bool(pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a)) and _dark(
        r.value, g.value, b.value, a.value
    )


_COVERING_ANNOTATIONS = {
    pdfium_c.FPDF_ANNOT_SQUARE: pdfium_c.FPDFANNOT_COLORTYPE_InteriorColor,
    pdfium_c.FPDF_ANNOT_HIGHLIGHT: pdfium_c.FPDFANNOT_COLORTYPE_Color,
}


def _annotation_boxes(page) -> list[Box]:
    """Rectangles of annotations that hide what is under them: unapplied redaction marks, and
    dark filled squares or dark highlights."""
    boxes = []
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            continue
        try:
            subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
            rect = pdfium_c.FS_RECTF()
            if not pdfium_c.FPDFAnnot_GetRect(annot, rect):
                continue
            bounds = (
                min(rect.left, rect.right),
                min(rect.bottom, rect.top),
                max(rect.left, rect.right),
                max(rect.bottom, rect.top),
            )
            if subtype == pdfium_c.FPDF_ANNOT_REDACT:
                boxes.append(bounds)
            elif subtype in _COVERING_ANNOTATIONS:
                r, g, b, a = (ctypes.c_uint() for _ in range(4))
                if pdfium_c.FPDFAnnot_GetColor(
                    annot, _COVERING_ANNOTATIONS[subtype], r, g, b, a
                ) and _dark(r.value, g.value, b.value, a.value):
                    boxes.append(bounds)
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return boxes


def read_marks(page, textpage, budget: list[int]) -> PageMarks:
    """The page's marks (call it holding PDFium's lock; see _pdfium.py), in paint order,
    through form XObjects down to MAX_FORM_DEPTH. `budget` is a one-item list: the page
    objects and characters the whole document may still examine, decreased as they are;
    past it, or past the page's own caps, the marks are incomplete. Characters are read only
    when a box may lie over some text."""
    marks = PageMarks()
    text_order: dict[int | None, int] = {}
    text_boxes: list[Box] = []
    order = 0
    limit = min(MAX_PAGE_OBJECTS, budget[0])
    # Each frame: the container (None for the page), the next index, its count, its matrix.
    frames = [(None, 0, pdfium_c.FPDFPage_CountObjects(page.raw), IDENTITY)]
    while frames:
        container, index, count, matrix = frames[-1]
        if index >= count:
            frames.pop()
            continue
        frames[-1] = (container, index + 1, count, matrix)
        if order >= limit:
            marks.complete = False
            break
        if container is None:
            obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        else:
            obj = pdfium_c.FPDFFormObj_GetObject(container, index)
        if not obj:
            continue
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            text_order[_address(obj)] = order
            bounds = _bounds(obj)
            if bounds is not None:
                text_boxes.append(_on_rect(matrix, bounds))
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and _dark_fill(obj):
            bounds = _bounds(obj)
            if bounds is not None:
                marks.covers.append((_on_rect(matrix, bounds), order))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and len(frames) < MAX_FORM_DEPTH:
            inner = _times(_form_matrix(obj), matrix)
            frames.append((obj, 0, pdfium_c.FPDFFormObj_CountObjects(obj), inner))
        order += 1
    budget[0] -= order
    marks.covers += [(bounds, ABOVE_ALL) for bounds in _annotation_boxes(page)]
    if not marks.covers or not _may_overlap(marks.covers, text_boxes):
        return marks
    count = textpage.count_chars()
    if count > min(MAX_CHARACTERS, budget[0]):
        marks.complete = False
        count = max(0, min(MAX_CHARACTERS, budget[0]))
    budget[0] -= count
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    for index in range(count):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        if code == 0 or chr(code).isspace():
            continue
        order = text_order.get(_address(pdfium_c.FPDFText_GetTextObject(textpage.raw, index)))
        if order is not None and pdfium_c.FPDFText_GetCharBox(
            textpage.raw, index, left, right, bottom, top
        ):
            box = (left.value, bottom.value, right.value, top.value)
            marks.chars.append((index, chr(code), order, box))
    return marks


def _may_overlap(covers: list[tuple[Box, int]], text_boxes: list[Box]) -> bool:
    """True if some box touches some text object's bounds (checked through the grid)."""
    cells: set[tuple[int, int]] = set()
    for box in text_boxes:
        found = _cells(box)
        if found is None:
            return True
        cells.update(found)
    for box, _order in covers:
        found = _cells(box)
        if found is None or cells.intersection(found):
            return True
    return False


def _covered(char_box: Box, box: Box) -> bool:
    left, bottom, right, top = char_box
    b_left, b_bottom, b_right, b_top = box
    width, height = right - left, top - bottom
    if width <= 0 or height <= 0:
        x, y = (left + right) / 2, (bottom + top) / 2
        return b_left <= x <= b_right and b_bottom <= y <= b_top
    overlap_w = min(right, b_right) - max(left, b_left)
    overlap_h = min(top, b_top) - max(bottom, b_bottom)
    if overlap_w <= 0 or overlap_h <= 0:
        return False
    return overlap_w * overlap_h >= COVERED * width * height


def _cells(box: Box) -> list[tuple[int, int]] | None:
    """The grid cells a box touches; None when they are more than MAX_CELLS_PER_BOX."""
    x0, y0 = int(box[0] // CELL), int(box[1] // CELL)
    x1, y1 = int(box[2] // CELL), int(box[3] // CELL)
    if (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS_PER_BOX:
        return None
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def hidden_texts(marks: PageMarks) -> tuple[list[str], bool]:
    """The text still present under each box (one string per box), and whether the page was
    checked fully (False past a cap). Pure Python: call it without PDFium's lock."""
    complete = marks.complete
    if not marks.covers or not marks.chars:
        return [], complete
    # Latest drawn first, so that the search for a character stops at the boxes drawn
    # before it.
    covers = sorted(enumerate(marks.covers), key=lambda item: -item[1][1])
    grid: dict[tuple[int, int], list] = {}
    large: list = []
    for item in covers:
        cells = _cells(item[1][0])
        if cells is None:
            large.append(item)
        else:
            for cell in cells:
                grid.setdefault(cell, []).append(item)
    budget = MAX_COMPARISONS
    hidden: dict[int, list[tuple[int, str]]] = {}
    for index, char, order, box in marks.chars:
        lists = [large] + [grid.get(cell, []) for cell in _cells(box) or ()]
        # Each list runs from the latest drawn box; merged lazily, topmost first.
        for number, (cover, drawn_at) in heapq.merge(*lists, key=lambda item: -item[1][1]):
            if drawn_at <= order:
                break
            budget -= 1
            if _covered(box, cover):
                hidden.setdefault(number, []).append((index, char))
                break
        if budget < 0:
            complete = False
            break
    texts = []
    for chars in hidden.values():
        # Spaces were skipped: put one back wherever characters were left out between two.
        text = "".join(
            (" " if position and index - chars[position - 1][0] > 1 else "") + ch
            for position, (index, ch) in enumerate(chars)
        )
        texts.append(text)
    return [text for text in texts if any(ch.isalnum() for ch in text)], complete
