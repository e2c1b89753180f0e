"""The file stamp is always visible and readable (issue 9, section 4, and its second round): on a
generated set of awkward pages (rotations, offset and cropped boxes, /UserUnit, overhanging
annotations and form fields, tiny and huge pages), PDFium finds the stamp's text in the strip,
nothing paints over it, and its size is in proportion to the page."""

import ctypes
from decimal import Decimal
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import ImageChops

from efiling.documents.pages import box, page_rotation
from efiling.documents.pdf import inspect_pdf
from efiling.documents.stamp import PAGE_RESOURCE, stamp_pdf, stamp_text
from tests.documents import page_builders
from tests.documents.page_builders import Annotation, Page
from tests.documents.test_stamp import WORDS

SAMPLES = Path(__file__).resolve().parent / "samples"
LETTER = (0, 0, 612, 792)
RENDER_WIDTH = 900  # pixels across the rendered page
BOUNDARY_PIXELS = 2  # rows next to the old top edge, where anti-aliasing may blend
# Cap height of the stamp's capitals as a share of the page's shorter side: a 9-point stamp on
# a letter page is about 1.1%; on a one-inch page, at the same size in points, about 8.5%.
CAP_SHARE = (0.005, 0.1)
CAPITALS = set("EFSLCMPD")

UNMATCHED_Q = b"Q " * 30
RED_OVER_TOP = b"1 0 0 rg 0 792 612 40 re f"
LEFT_OPEN = b"q 0 0 1 1 re W n q 1 0 0 1 0 -5000 cm q 0 0 1 rg BT /F1 9 Tf"

AWKWARD = {
    "letter, stamp annotation over the top edge": Page(
        annotations=(Annotation("stamp", (370, 772, 590, 822)),)
    ),
    "rotated 90, text field over the visual top": Page(
        rotate=90, annotations=(Annotation("text_field", (-20, 300, 40, 500)),)
    ),
    "rotated 180, square without appearance over the visual top": Page(
        rotate=180, annotations=(Annotation("square", (100, -15, 300, 30)),)
    ),
    "rotated 270, check box over the visual top": Page(
        rotate=270, annotations=(Annotation("check_box", (590, 380, 640, 430)),)
    ),
    "box away from the origin": Page(
        media=(100, 200, 712, 992), annotations=(Annotation("stamp", (500, 960, 700, 1010)),)
    ),
    "cropped, annotations above the crop": Page(
        crop=(50, 60, 560, 700),
        annotations=(
            Annotation("stamp", (300, 705, 500, 740)),  # wholly outside what a viewer showed
            Annotation("text_field", (60, 680, 200, 720)),
        ),
    ),
    "rotated 90, offset and cropped, UserUnit 2": Page(
        media=(-300, -400, 312, 392),
        crop=(-250, -350, 250, 350),
        rotate=90,
        user_unit=2,
        annotations=(Annotation("stamp", (-270, 0, -200, 100)),),
    ),
    "UserUnit 10 on a page of 612 by 792 units": Page(
        user_unit=10, annotations=(Annotation("square", (0, 780, 612, 800)),)
    ),
    "UserUnit 10 on a letter-size page (61.2 by 79.2 units)": Page(
        media=(0, 0, 61.2, 79.2), user_unit=10
    ),
    "tiny: one inch square": Page(
        media=(0, 0, 72, 72), annotations=(Annotation("stamp", (10, 60, 60, 90)),)
    ),
    "huge: 200 inches square": Page(
        media=(0, 0, 14_400, 14_400),
        annotations=(Annotation("text_field", (1000, 14_000, 9000, 14_600)),),
    ),
    "huge and flat: 200 by 14 inches, rotated": Page(media=(0, 0, 14_400, 1_000), rotate=90),
    # Content that tries to paint over the strip or to pop the stamp's graphics state.
    "two streams: 30 unmatched Q, then a red fill over the strip": Page(
        extra_content=UNMATCHED_Q + RED_OVER_TOP
    ),
    "tagged: 30 unmatched Q, then a red fill over the strip": Page(
        tagged=True, extra_content=UNMATCHED_Q + RED_OVER_TOP
    ),
    "tagged, rotated 180: unmatched Q, then a red fill over the visual top": Page(
        rotate=180, tagged=True, extra_content=UNMATCHED_Q + b"1 0 0 rg 0 -40 612 40 re f"
    ),
    "a tiny clip, a transformation and a text object left open": Page(extra_content=LEFT_OPEN),
    "tagged: a tiny clip, a transformation and a text object left open": Page(
        tagged=True, extra_content=LEFT_OPEN
    ),
    # Annotations whose position readers read differently: removed, never left to a reader.
    "annotation whose /Rect holds a string": Page(
        annotations=(Annotation("stamp", (0, 0, 612, 1000), raw_rect="[0 (0) 612 1000]"),)
    ),
    "annotation whose /Rect has five numbers": Page(
        annotations=(Annotation("stamp", (0, 700, 612, 1000), raw_rect="[0 700 612 1000 0]"),)
    ),
    "annotation whose /Rect holds a name": Page(
        annotations=(Annotation("square", (0, 700, 612, 1000), raw_rect="[0 700 612 /Top]"),)
    ),
    "appearance whose /BBox holds a string": Page(
        annotations=(Annotation("stamp", (0, 700, 612, 1000), raw_bbox="[0 0 (612) 300]"),)
    ),
    "appearance with a huge /Matrix": Page(
        annotations=(
            Annotation("text_field", (0, 700, 612, 1000), raw_matrix="[100000000000 0 0 1 0 0]"),
        )
    ),
}


def _visible(page: pikepdf.Page) -> tuple[float, ...]:
    """What a viewer shows: the CropBox within the MediaBox, the MediaBox if they are apart."""
    media = box(page.obj.get("/MediaBox"))
    crop = box(page.obj.get("/CropBox")) or media
    x0, y0 = max(crop[0], media[0]), max(crop[1], media[1])
    x1, y1 = min(crop[2], media[2]), min(crop[3], media[3])
    return (x0, y0, x1, y1) if x0 < x1 and y0 < y1 else media


def strips(src: Path, dst: Path) -> list[tuple[tuple[float, ...], int]]:
    """Per page, the area the stamp added to the visible page (exactly one edge moved) and the
    page's rotation."""
    with pikepdf.open(src) as before, pikepdf.open(dst) as after:
        result = []
        for old, new in zip(before.pages, after.pages, strict=True):
            a, b = _visible(old), _visible(new)
            moved = [index for index in range(4) if abs(a[index] - b[index]) > 1e-6]
            assert len(moved) == 1
            strip = list(a)
            edge = moved[0]
            strip[(edge + 2) % 4] = a[edge]
            strip[edge] = b[edge]
            result.append((tuple(strip), page_rotation(new.obj.get("/Rotate"))))
        return result


MIN_STRIP_PIXELS, MAX_STRIP_PIXELS = 24, 600  # the strip's depth rendered
WHITE_SHARE = 0.6  # of the strip's pixels: the stamp is a line of small black text on white
GRAY = 40  # most any two colour channels of a pixel differ in black text on white


def check_only_the_stamp(page, scale: float, crop: tuple, height: int) -> None:
    """The strip shows the stamp only: black on white, no colour, mostly white (nothing of
    the original content, of a fill over the strip or of an annotation)."""
    image = page.render(scale=scale, crop=crop, may_draw_forms=True).to_pil().convert("RGB")
    image = image.crop((0, 0, image.width, height))
    red, green, blue = image.split()
    for a, b in ((red, green), (green, blue), (red, blue)):
        assert ImageChops.difference(a, b).getextrema()[1] <= GRAY
    gray = image.convert("L")
    white = sum(gray.histogram()[200:])
    assert white >= WHITE_SHARE * gray.width * gray.height


def check_strips_show_only_the_stamp(src: Path, dst: Path) -> None:
    """check_only_the_stamp on every page of `dst`, stamped from `src`."""
    document = pdfium.PdfDocument(str(dst))
    try:
        for index, (strip, rotate) in enumerate(strips(src, dst)):
            page = document[index]
            x0, y0, x1, y1 = strip
            depth = (x1 - x0) if rotate in (90, 270) else (y1 - y0)
            scale = RENDER_WIDTH / page.get_width()
            scale = min(max(scale, MIN_STRIP_PIXELS / depth), MAX_STRIP_PIXELS / depth)
            crop = (0, page.get_height() - depth, 0, 0)
            height = round(depth * scale) - BOUNDARY_PIXELS
            check_only_the_stamp(page, scale, crop, height)
            page.close()
    finally:
        document.close()


def check_visible_stamp(src: Path, dst: Path) -> None:
    count = len(strips(src, dst))
    document = pdfium.PdfDocument(str(dst))
    document.init_forms()  # so that form fields are drawn as a viewer draws them
    try:
        for index, (strip, rotate) in enumerate(strips(src, dst)):
            page = document[index]
            x0, y0, x1, y1 = strip
            # (a) PDFium's text page finds the stamp, whole, in the strip.
            textpage = page.get_textpage()
            found = " ".join(textpage.get_text_bounded(x0, y0, x1, y1).split())
            assert found == stamp_text(index + 1, count, **WORDS)

            # (c) Its capitals are in proportion to the page.
            short = min(page.get_width(), page.get_height())
            heights = []
            for char in range(textpage.count_chars()):
                left, bottom, right, top = textpage.get_charbox(char)
                inside = x0 - 1 <= left and right <= x1 + 1 and y0 - 1 <= bottom and top <= y1 + 1
                if inside and textpage.get_text_range(char, 1) in CAPITALS:
                    heights.append((right - left) if rotate in (90, 270) else (top - bottom))
            assert heights
            assert CAP_SHARE[0] <= max(heights) / short <= CAP_SHARE[1]

            # (b) Nothing paints over it: the strip looks the same drawn with and without
            # annotations and form fields, and the stamp's ink is there.
            depth = (x1 - x0) if rotate in (90, 270) else (y1 - y0)
            # PDFium's page size is the size as shown (rotated); the strip is on its top.
            scale = RENDER_WIDTH / page.get_width()
            crop = (0, page.get_height() - depth, 0, 0)
            images = [
                page.render(scale=scale, crop=crop, draw_annots=annots, may_draw_forms=annots)
                .to_pil()
                .convert("L")
                for annots in (True, False)
            ]
            height = images[0].height - BOUNDARY_PIXELS
            shown, bare = (image.crop((0, 0, image.width, height)) for image in images)
            assert ImageChops.difference(shown, bare).getbbox() is None
            assert shown.getextrema()[0] < 100
            check_only_the_stamp(page, scale, crop, height)
            textpage.close()
            page.close()
    finally:
        document.close()


@pytest.mark.parametrize("name", list(AWKWARD))
def test_the_stamp_is_visible_and_readable_on_awkward_pages(tmp_path, name):
    src = page_builders.awkward_pdf(tmp_path / "awkward.pdf", [AWKWARD[name]])
    assert not inspect_pdf(src).refused
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)
    check_visible_stamp(src, dst)


def test_all_awkward_pages_in_one_document(tmp_path):
    src = page_builders.awkward_pdf(tmp_path / "awkward.pdf", list(AWKWARD.values()))
    dst = tmp_path / "stamped.pdf"
    assert stamp_pdf(src, dst, **WORDS) == len(AWKWARD)
    check_visible_stamp(src, dst)


def test_the_sample_with_a_received_stamp_over_the_top_edge(tmp_path):
    src = SAMPLES / "stamp-under-annotation.pdf"
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)
    check_visible_stamp(src, dst)
    with pikepdf.open(dst) as pdf:
        [annot] = pdf.pages[0].obj.Annots
        assert [float(v) for v in annot.Rect] == [370, 772, 590, 792]  # cut at the old top


def test_what_an_annotation_showed_stays_where_it_was(tmp_path):
    """Clipping cuts an overhanging annotation at the old top edge; it does not squeeze it: the
    page below the strip looks exactly as before stamping."""
    src = page_builders.awkward_pdf(
        tmp_path / "a.pdf", [AWKWARD["letter, stamp annotation over the top edge"]]
    )
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)
    before, after = pdfium.PdfDocument(str(src)), pdfium.PdfDocument(str(dst))
    try:
        old = before[0].render(scale=1).to_pil().convert("L")
        strip_height = after[0].get_height() - before[0].get_height()
        new = after[0].render(scale=1, crop=(0, 0, 0, strip_height)).to_pil().convert("L")
        assert new.size == old.size
        assert ImageChops.difference(old, new).getbbox() is None
    finally:
        before.close()
        after.close()


# /Rotate as PDFium reads it: multiples of 90 and not, negative and past a full turn, reals.
ROTATIONS = [
    *range(-810, 811, 45),
    *(-361, -359, -271, -269, -181, -179, -91, -89, -1, 1, 89, 91, 179, 181, 269, 271, 359, 361),
    Decimal("-135.9"),
    Decimal("89.9"),
    Decimal("270.5"),
]


def test_the_strip_is_at_the_visual_top_for_every_rotation(tmp_path):
    """PDFium shows each page turned by page_rotation(/Rotate) (integer division truncating
    toward zero: -135 is 270, -45 is 0), and the stamp lies in the top strip of the page as
    shown, whatever the value."""
    src = page_builders.awkward_pdf(tmp_path / "rotations.pdf", [Page() for _ in ROTATIONS])
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        for page, value in zip(pdf.pages, ROTATIONS, strict=True):
            page.obj.Rotate = value
        pdf.save(src)
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)
    document = pdfium.PdfDocument(str(dst))
    try:
        for index, value in enumerate(ROTATIONS):
            page = document[index]
            assert page.get_rotation() == page_rotation(value), value
            shown_width, shown_height = page.get_width(), page.get_height()
            original = 792 if page.get_rotation() in (0, 180) else 612
            depth = shown_height - original  # the strip, in units, at the top as shown
            assert depth > 20, value
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            start = text.find("Electronically Filed")
            assert start >= 0, value
            expected = stamp_text(index + 1, len(ROTATIONS), **WORDS)
            for char in range(start, start + len(expected)):
                if text[char].isspace():
                    continue
                left, bottom, right, top = textpage.get_charbox(char)
                x, y = ctypes.c_int(), ctypes.c_int()
                pdfium_c.FPDF_PageToDevice(
                    page.raw,
                    0,
                    0,
                    round(shown_width),
                    round(shown_height),
                    0,
                    (left + right) / 2,
                    (bottom + top) / 2,
                    x,
                    y,
                )
                assert 0 <= y.value <= depth and 0 <= x.value <= shown_width, (value, x, y)
            textpage.close()
            page.close()
    finally:
        document.close()


def test_a_tagged_page_whose_content_qpdf_cannot_read_is_stamped_from_a_form(tmp_path):
    """The upload check refuses such content (its syntax check reads every stream); a file
    stored before still gets a visible stamp: the content goes into a form, which no
    unmatched Q can leave."""
    spec = Page(
        tagged=True,
        extra_content=UNMATCHED_Q
        + RED_OVER_TOP
        + b" BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI (unterminated",
    )
    src = page_builders.awkward_pdf(tmp_path / "unreadable.pdf", [spec])
    assert inspect_pdf(src).codes() == ["damaged"]
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)
    check_visible_stamp(src, dst)
    with pikepdf.open(dst) as pdf:
        assert f"/{PAGE_RESOURCE}" in pdf.pages[0].Resources.XObject


@pytest.mark.parametrize(
    "name", [name for name in AWKWARD if "/Rect" in name or "/BBox" in name or "/Matrix" in name]
)
def test_annotations_whose_position_readers_read_differently_are_removed(tmp_path, name):
    src = page_builders.awkward_pdf(tmp_path / "damaged.pdf", [AWKWARD[name]])
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)
    with pikepdf.open(dst) as pdf:
        assert list(pdf.pages[0].obj.get("/Annots", [])) == []
