import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import ImageChops

from efiling.documents.pages import page_rotation
from efiling.documents.pdf import inspect_pdf
from efiling.documents.stamp import FONT_RESOURCE, PAGE_RESOURCE, layout, stamp_pdf, stamp_text
from efiling.documents.stamp_font import text_width
from tests.documents import builders, page_builders

CHICAGO = ZoneInfo("America/Chicago")
FILED = datetime(2026, 11, 27, 15, 4, tzinfo=CHICAGO)
WORDS = {
    "court_name": "St. Louis County Circuit Court",
    "filed_at_local": FILED,
    "case_number": "26SL-CC00001",
    "docket_number": 1,
}
TOLERANCE = 0.01


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def geometry(path) -> list[tuple[tuple[float, ...], int]]:
    """(MediaBox, rotation) of every page, inherited values resolved, boxes normalized."""
    with pikepdf.open(path) as pdf:
        result = []
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            result.append((box, page_rotation(page.obj.get("/Rotate"))))
        return result


def page_chars(path) -> list[list[tuple[str, tuple[float, ...]]]]:
    """Per page: (character, box in user space) of every character that is not white space."""
    document = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            assert len(text) == textpage.count_chars()
            pages.append(
                [
                    (ch, textpage.get_charbox(index))
                    for index, ch in enumerate(text)
                    if not ch.isspace()
                ]
            )
        return pages
    finally:
        document.close()


def page_texts(path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def inside(box, area, tolerance: float = TOLERANCE) -> bool:
    return (
        box[0] >= area[0] - tolerance
        and box[1] >= area[1] - tolerance
        and box[2] <= area[2] + tolerance
        and box[3] <= area[3] + tolerance
    )


def overlaps(box, area) -> bool:
    return box[0] < area[2] and area[0] < box[2] and box[1] < area[3] and area[1] < box[3]


# The edge of user space a viewer shows on top, for each /Rotate.
TOP_EDGE = {0: "y1", 90: "x0", 180: "y0", 270: "x1"}


def added_strip(before, after, rotate):
    """The area the stamp added to the MediaBox; checks that only the visual top edge moved."""
    names = ("x0", "y0", "x1", "y1")
    moved = [name for name, old, new in zip(names, before, after, strict=True) if old != new]
    assert moved == [TOP_EDGE[rotate]]
    x0, y0, x1, y1 = before
    strip = {
        "y1": (x0, y1, x1, after[3]),
        "x0": (after[0], y0, x0, y1),
        "y0": (x0, after[1], x1, y0),
        "x1": (x1, y0, after[2], y1),
    }[moved[0]]
    assert (strip[2] - strip[0]) * (strip[3] - strip[1]) > 0
    return strip


def check_stamped(src, dst, *, words=WORDS):
    """The properties every stamped file must have; returns the added strips."""
    before_geometry, after_geometry = geometry(src), geometry(dst)
    assert len(after_geometry) == len(before_geometry)
    count = len(before_geometry)
    original_chars, stamped_chars = page_chars(src), page_chars(dst)
    texts = page_texts(dst)
    strips = []
    for index in range(count):
        (before, rotate), (after, rotate_after) = before_geometry[index], after_geometry[index]
        assert rotate_after == rotate
        strip = added_strip(before, after, rotate)
        strips.append(strip)
        expected = stamp_text(index + 1, count, **words)
        text = " ".join(texts[index].split())
        for part in (
            "Electronically Filed",
            words["court_name"],
            words["case_number"],
            f"Docket {words['docket_number']}",
            f"Page {index + 1} of {count}",
        ):
            assert part in text
        # The original characters: the same, at the same coordinates, in the same order.
        kept = [(ch, box) for ch, box in stamped_chars[index] if not inside(box, strip)]
        assert [ch for ch, _ in kept] == [ch for ch, _ in original_chars[index]]
        for (_, new), (_, old) in zip(kept, original_chars[index], strict=True):
            assert all(abs(a - b) <= TOLERANCE for a, b in zip(new, old, strict=True))
        # The stamp: entirely inside the strip, never over the original page.
        stamp = [(ch, box) for ch, box in stamped_chars[index] if inside(box, strip)]
        assert "".join(ch for ch, _ in stamp) == "".join(expected.split())
        for _, box in stamp:
            assert not overlaps(box, before)
    return strips


def visual_x(box, rotate: int) -> float:
    """Where a character box lies from the viewer's left to right."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return {0: x, 90: y, 180: -x, 270: -y}[rotate]


# --- Wording ----------------------------------------------------------------------------------


def test_stamp_text_wording():
    assert stamp_text(2, 5, **WORDS) == (
        "Electronically Filed - St. Louis County Circuit Court - November 27, 2026 3:04 p.m. CST"
        " - 26SL-CC00001 - Docket 1 - Page 2 of 5"
    )


def test_stamp_text_uses_the_local_zone_name_and_a_twelve_hour_clock():
    summer = datetime(2026, 7, 4, 0, 5, tzinfo=CHICAGO)
    text = stamp_text(1, 1, **{**WORDS, "filed_at_local": summer, "docket_number": 12})
    assert "July 4, 2026 12:05 a.m. CDT" in text
    assert "Docket 12 - Page 1 of 1" in text


@pytest.mark.parametrize(
    "change",
    [
        {"filed_at_local": datetime(2026, 11, 27, 15, 4)},  # noqa: DTZ001 (naive on purpose)
        {"docket_number": 0},
    ],
)
def test_stamp_text_refuses_bad_values(change):
    with pytest.raises(ValueError):
        stamp_text(1, 1, **{**WORDS, **change})


def test_layout_never_exceeds_the_width():
    text = stamp_text(10, 10, **WORDS)
    for available in (600, 300, 132, 60, 20):
        size, lines = layout(text, available)
        assert lines
        assert " ".join(lines).split() == text.split()
        assert all(text_width(line, size) <= available + TOLERANCE for line in lines)


# --- Stamping ---------------------------------------------------------------------------------


def test_every_page_is_stamped_in_a_strip_above_and_nothing_moves(tmp_path):
    src = builders.text_pdf(tmp_path / "petition.pdf", pages=5)
    digest = sha256(src)
    dst = tmp_path / "stamped.pdf"

    assert stamp_pdf(src, dst, **WORDS) == 5

    strips = check_stamped(src, dst)
    assert all(strip[3] - strip[1] >= 20 for strip in strips)
    assert sha256(src) == digest  # the original is only read
    report = inspect_pdf(dst)
    assert report.problems == []
    assert report.page_count == 5


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_pages_get_the_stamp_on_their_visual_top(tmp_path, rotate):
    src = builders.rotated_pdf(tmp_path / "landscape.pdf", rotate=rotate, pages=2)
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)

    strips = check_stamped(src, dst)
    # Read from the viewer's left to right, and shown at the top of the rendered page.
    for chars in page_chars(dst):
        stamp = [box for _, box in chars if inside(box, strips[0])]
        positions = [visual_x(box, rotate) for box in stamp]
        assert positions == sorted(positions)
    document = pdfium.PdfDocument(str(dst))
    try:
        image = document[0].render(scale=1, rotation=0).to_pil().convert("L")
        strip = strips[0]
        depth = round(min(strip[2] - strip[0], strip[3] - strip[1]))
        top, rest = image.crop((0, 0, image.width, depth)), image.crop((0, depth, image.width, 60))
        assert top.getextrema()[0] < 128  # the stamp's ink
        assert rest.getextrema()[0] > 128  # and none just below it: the page's own margin
    finally:
        document.close()


def test_page_box_away_from_the_origin(tmp_path):
    src = builders.offset_box_pdf(tmp_path / "offset.pdf")
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)
    [strip] = check_stamped(src, dst)
    assert strip[1] == 992  # above the old top edge, at its real coordinates


def test_page_box_away_from_the_origin_and_rotated(tmp_path):
    src = builders.offset_box_pdf(tmp_path / "offset.pdf", rotate=90)
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)
    [strip] = check_stamped(src, dst)
    assert strip[2] == 100  # left of the old left edge


@pytest.mark.parametrize("rotate", [0, 90])
def test_inherited_media_box_resources_and_rotation(tmp_path, rotate):
    src = builders.inherited_box_pdf(tmp_path / "inherited.pdf", pages=3, rotate=rotate)
    dst = tmp_path / "stamped.pdf"
    assert stamp_pdf(src, dst, **WORDS) == 3
    check_stamped(src, dst)
    assert geometry(src)[0][0] == (0, 0, 500, 700)
    for text in page_texts(dst):
        assert "Inherited page" in text


def test_pages_under_different_tree_nodes_each_keep_their_own_geometry(tmp_path):
    """The document's shared work (each node's inherited attributes, each geometry read once)
    never gives a page another page's size or rotation."""
    src = builders.text_pdf(tmp_path / "nodes.pdf", pages=4)
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pages = [page.obj for page in pdf.pages]
        root = pdf.Root.Pages
        for page in pages:
            del page["/MediaBox"]
        nodes = []
        for kids, media in ((pages[:2], [0, 0, 700, 900]), (pages[2:], None)):
            node = pdf.make_indirect(
                pikepdf.Dictionary(Type=pikepdf.Name.Pages, Kids=pikepdf.Array(kids), Count=2)
            )
            node.Parent = root
            if media:
                node.MediaBox = pikepdf.Array(media)
            for page in kids:
                page.Parent = node
            nodes.append(node)
        root.Kids = pikepdf.Array(nodes)
        root.MediaBox = pikepdf.Array([0, 0, 842, 760])
        pages[3].MediaBox = pikepdf.Array([0, 0, 612, 792])
        pages[1].Rotate = 90  # the same inherited box as the first page, its own rotation
        pdf.save(src)
    assert [box for box, _ in geometry(src)] == [
        (0, 0, 700, 900),
        (0, 0, 700, 900),
        (0, 0, 842, 760),
        (0, 0, 612, 792),
    ]
    assert [rotate for _, rotate in geometry(src)] == [0, 90, 0, 0]
    dst = tmp_path / "stamped.pdf"
    assert stamp_pdf(src, dst, **WORDS) == 4
    check_stamped(src, dst)


def test_crop_box_and_other_boxes_grow_with_the_media_box(tmp_path):
    src = builders.text_pdf(tmp_path / "boxes.pdf", pages=1)
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0].obj
        page.CropBox = pikepdf.Array([10, 10, 602, 782])
        page.TrimBox = pikepdf.Array([20, 20, 592, 772])
        page.ArtBox = pikepdf.Array([0, 0, 612, 792])
        pdf.save(src)
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)

    with pikepdf.open(dst) as pdf:
        page = pdf.pages[0].obj
        boxes = {key: [float(v) for v in page[key]] for key in ("/MediaBox", "/CropBox")}
        boxes.update({key: [float(v) for v in page[key]] for key in ("/TrimBox", "/ArtBox")})
    grown = boxes["/MediaBox"][3] - 792
    assert grown > 0
    assert boxes["/CropBox"] == [10, 10, 602, 782 + grown]
    assert boxes["/TrimBox"] == [20, 20, 592, 772 + grown]
    assert boxes["/ArtBox"] == [0, 0, 612, 792 + grown]
    stamp = [box for ch, box in page_chars(dst)[0] if box[1] >= 782]
    assert stamp
    assert all(inside(box, (10, 782, 602, 782 + grown)) for box in stamp)


@pytest.mark.parametrize("tagged", [False, True])
def test_content_hidden_outside_the_page_stays_hidden(tmp_path, tagged):
    """The strip must not reveal what the filer cropped away or drew off the page, even when the
    content stream pops more graphics states than it pushed: the stamped page looks exactly as
    the stamped page of the same file with nothing hidden. Tagged pages keep their content in
    the page itself (another way of clipping), so both are checked."""
    stamped = []
    for boxes in (True, False):
        src = builders.hidden_outside_pdf(tmp_path / f"hidden-{boxes}.pdf", boxes=boxes)
        if tagged:
            page_builders.mark_tagged(src)
        dst = tmp_path / f"stamped-{boxes}.pdf"
        stamp_pdf(src, dst, **WORDS)
        stamped.append(dst)
    with_boxes, without = (pdfium.PdfDocument(str(path)) for path in stamped)
    try:
        for index in range(2):
            images = [
                document[index].render(scale=2).to_pil().convert("L")
                for document in (with_boxes, without)
            ]
            assert ImageChops.difference(*images).getbbox() is None
            assert "Visible text of the page." in with_boxes[index].get_textpage().get_text_range()
    finally:
        with_boxes.close()
        without.close()


@pytest.mark.parametrize("tagged", [False, True])
def test_an_existing_font_name_is_never_replaced(tmp_path, tagged):
    src = builders.font_name_clash_pdf(tmp_path / "clash.pdf", FONT_RESOURCE)
    if tagged:
        page_builders.mark_tagged(src)
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)

    check_stamped(src, dst)  # the Courier text keeps its (Courier) character boxes
    with pikepdf.open(dst) as pdf:
        page = pdf.pages[0].obj
        fonts = page.Resources.Font
        stamp_font = [f for f in fonts.values() if "Vera" in str(f.BaseFont)]
        assert len(stamp_font) == 1
        if tagged:  # the content stays in the page: both fonts there, under different names
            assert fonts[f"/{FONT_RESOURCE}"].BaseFont == "/Courier"
            assert len(fonts) == 2
        else:  # the content became a form that keeps the page's own resources
            form = page.Resources.XObject[f"/{PAGE_RESOURCE}"]
            assert form.Resources.Font[f"/{FONT_RESOURCE}"].BaseFont == "/Courier"


def test_narrow_page_wraps_the_stamp_within_its_width(tmp_path):
    src = builders.narrow_pdf(tmp_path / "receipt.pdf", width=144)
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)

    [strip] = check_stamped(src, dst)
    stamp = [box for _, box in page_chars(dst)[0] if inside(box, strip)]
    assert len({round(box[1]) for box in stamp}) > 1  # more than one line
    assert all(box[0] >= 0 and box[2] <= 144 for box in stamp)


def test_shared_resources_get_one_stamp_font(tmp_path):
    src = builders.text_pdf(tmp_path / "brief.pdf", pages=4)
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)
    with pikepdf.open(dst) as pdf:
        stamp_fonts = {
            (name, font.objgen)
            for page in pdf.pages
            for name, font in page.obj.Resources.Font.items()
            if name.startswith(f"/{FONT_RESOURCE}")
        }
    assert len(stamp_fonts) == 1


def test_characters_outside_the_font_do_not_break_the_stamp(tmp_path):
    src = builders.text_pdf(tmp_path / "petition.pdf")
    dst = tmp_path / "stamped.pdf"
    words = {**WORDS, "court_name": "Cour municipale de Montréal ✓", "case_number": "26\nSL-1"}
    stamp_pdf(src, dst, **words)
    text = page_texts(dst)[0]
    assert "Cour municipale de Montréal ?" in text
    assert "26 SL-1" in text


def test_a_300_page_file_stamps(tmp_path):
    src = builders.text_pdf(tmp_path / "record.pdf", pages=300)
    digest = sha256(src)
    dst = tmp_path / "stamped.pdf"
    assert stamp_pdf(src, dst, **WORDS) == 300
    assert sha256(src) == digest
    texts = page_texts(dst)
    assert len(texts) == 300
    for number in (1, 150, 300):
        assert f"Docket 1 - Page {number} of 300" in texts[number - 1]
    check_stamped(src, dst)


def test_the_original_is_never_the_target(tmp_path):
    src = builders.text_pdf(tmp_path / "petition.pdf")
    digest = sha256(src)
    with pytest.raises(ValueError):
        stamp_pdf(src, src, **WORDS)
    assert sha256(src) == digest


def test_refuses_naive_time_before_writing(tmp_path):
    src = builders.text_pdf(tmp_path / "petition.pdf")
    dst = tmp_path / "stamped.pdf"
    with pytest.raises(ValueError):
        stamp_pdf(src, dst, **{**WORDS, "filed_at_local": datetime(2026, 1, 1)})  # noqa: DTZ001
    assert not dst.exists()
    assert list(tmp_path.iterdir()) == [src]


@pytest.mark.parametrize(
    ("contents", "tagged", "drawn"),
    [
        ("stream", False, "as it is"),
        ("one in an array", False, "as it is"),
        ("two", False, "joined"),
        ("stream", True, "in the page"),
    ],
)
def test_untagged_content_becomes_a_form(tmp_path, contents, tagged, drawn):
    """An untagged page whose content is one stream (alone or in an array) is drawn through a
    form XObject made of that very stream, its bytes untouched; several streams are joined
    into one form; a tagged page keeps its content in the page."""
    src = builders.text_pdf(tmp_path / "petition.pdf")
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0].obj
        if contents == "one in an array":
            page.Contents = pikepdf.Array([page.Contents])
        elif contents == "two":
            page.Contents = pikepdf.Array([page.Contents, pdf.make_stream(b"0 g")])
        pdf.save(src)
    if tagged:
        page_builders.mark_tagged(src)
    with pikepdf.open(src) as pdf:
        first = pdf.pages[0].obj.Contents
        first = first if isinstance(first, pikepdf.Stream) else first[0]
        original, decoded = first.read_raw_bytes(), first.read_bytes()
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)
    check_stamped(src, dst)
    with pikepdf.open(dst) as pdf:
        page = pdf.pages[0].obj
        if drawn == "in the page":
            assert "/XObject" not in page.Resources
            assert any(stream.read_raw_bytes() == original for stream in page.Contents)
            return
        form = page.Resources.XObject[f"/{PAGE_RESOURCE}"]
        assert [float(v) for v in form.BBox] == [0, 0, 612, 792]
        if drawn == "as it is":
            assert form.read_raw_bytes() == original
        else:
            assert form.read_bytes() == decoded + b"\n0 g"
