"""Whatever passes the upload check can be stamped (issue 9, section 3): every file the builders
make, every sample, and hypothesis-built pages with odd boxes, rotations, units, annotations and
content either are refused by `inspect_pdf` or, cleaned where it says so, stamp without error,
every page carrying its stamp."""

import tempfile
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pikepdf import Array, Dictionary, Name, String

from efiling.documents.cleaning import clean_pdf
from efiling.documents.pdf import inspect_pdf
from efiling.documents.stamp import stamp_pdf
from tests.documents import builders, page_builders
from tests.documents import structure_builders as structure
from tests.documents.test_stamp import WORDS
from tests.documents.test_stamp_visibility import AWKWARD, check_strips_show_only_the_stamp

SAMPLES = Path(__file__).resolve().parent / "samples"


def stamps_if_accepted(path: Path, folder: Path) -> bool:
    """False if inspect_pdf refuses `path`; else stamps it (its cleaned copy if it needs one),
    checks every page carries its stamp, and returns True."""
    report = inspect_pdf(path)
    if report.refused:
        return False
    source = path
    if report.needs_cleaning:
        source = folder / f"{path.stem}-cleaned.pdf"
        clean_pdf(path, source)
    target = folder / f"{path.stem}-stamped.pdf"
    count = stamp_pdf(source, target, **WORDS)
    assert count == report.page_count
    check_strips_show_only_the_stamp(source, target)
    document = pdfium.PdfDocument(str(target))
    try:
        for number in range(1, count + 1):
            text = " ".join(document[number - 1].get_textpage().get_text_range().split())
            # On a narrow page the stamp wraps, and PDFium may read its lines in another order:
            # each part must be there, not necessarily in one run.
            for part in ("Docket 1", f"Page {number}", f"of {count}", "Electronically Filed"):
                assert part in text, (part, text)
    finally:
        document.close()
    return True


BUILT = {
    "text": lambda p: builders.text_pdf(p, pages=3),
    "scan": lambda p: builders.image_only_pdf(p, pages=2),
    "javascript": builders.pdf_with_javascript,
    "owner password": builders.owner_password_pdf,
    "user password": builders.encrypted_pdf,
    "truncated": builders.truncated_pdf,
    "links": builders.pdf_with_link,
    "embedded file": builders.pdf_with_embedded_file,
    "launch": builders.pdf_with_launch,
    "xfa": builders.pdf_with_xfa,
    "black box": lambda p: builders.black_box_pdf(p, "123-45-6789"),
    "redaction annotation": lambda p: builders.annotation_box_pdf(p, "123-45-6789"),
    "rotated": builders.rotated_pdf,
    "offset box": builders.offset_box_pdf,
    "inherited boxes": builders.inherited_box_pdf,
    "hidden outside": builders.hidden_outside_pdf,
    "narrow": builders.narrow_pdf,
    "many pages": lambda p: structure.many_pages_pdf(p, 40),
    "repeated page": lambda p: structure.many_pages_pdf(p, 3, repeat=True),
    "earlier versions": lambda p: structure.earlier_version_pdf(p, ["a"], ["b"], saves=2),
    "zip joined on": lambda p: structure.with_appended(
        p, builders.text_pdf(p.with_name("base.pdf")), structure.zip_bytes()
    ),
    "awkward pages": lambda p: page_builders.awkward_pdf(p, list(AWKWARD.values())),
    "tagged awkward pages": lambda p: page_builders.mark_tagged(
        page_builders.awkward_pdf(p, list(AWKWARD.values()))
    ),
}


@pytest.mark.parametrize("name", list(BUILT))
def test_every_built_file_is_refused_or_stamps(tmp_path, name):
    path = BUILT[name](tmp_path / "built.pdf")
    stamps_if_accepted(path, tmp_path)


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.pdf")))
def test_every_sample_stamps(tmp_path, sample):
    assert stamps_if_accepted(SAMPLES / sample, tmp_path)


# --- Hypothesis: odd page attributes, wherever the page tree puts them -------------------------

numbers = st.floats(min_value=-20_000, max_value=20_000, allow_nan=False)
# Mostly ordinary page sizes, sometimes anything from a point to far past PDF's limit.
sides = st.one_of(
    st.floats(min_value=100, max_value=1_500), st.floats(min_value=1, max_value=20_000)
)


@st.composite
def boxes(draw):
    """A box: mostly four numbers (any order, any size), sometimes something unusable."""
    kind = draw(st.sampled_from(["box"] * 6 + ["swapped", "short", "word", "huge"]))
    x, y, w, h = draw(numbers), draw(numbers), draw(sides), draw(sides)
    if kind == "swapped":
        return Array([x + w, y + h, x, y])
    if kind == "short":
        return Array([x, y, x + w])
    if kind == "word":
        return Array([x, y, String("wide"), y + h])
    if kind == "huge":
        return Array([0, 0, 1e12, 1e12])
    return Array([x, y, x + w, y + h])


values = {
    "/MediaBox": boxes(),
    "/CropBox": boxes(),
    "/Rotate": st.one_of(st.integers(-450, 720), st.just(Name.Landscape), st.just(45.5)),
    "/UserUnit": st.one_of(
        st.sampled_from([0, -1, 0.5, 1, 2.5, 10, 75_000, 1e9]), st.just(Name.Big)
    ),
}
annotation_kinds = st.sampled_from(["stamp", "square", "text_field", "check_box", "null"])
# Pieces of hostile content: state popped past the page's, fills over where the strip goes (on
# every edge), state left open, clips and transformations.
hostile_pieces = st.sampled_from(
    [
        b"Q",
        b"q",
        b"1 0 0 rg -20000 -20000 40000 40000 re f",
        b"0 0 1 rg 0 792 612 40 re f",
        b"0 g -40 0 40 792 re f",
        b"q 0 0 1 1 re W n",
        b"1 0 0 -1 0 792 cm",
        b"0.001 0 0 0.001 0 0 cm",
        b"BT /F1 40 Tf 0 800 Td (Over the strip) Tj",
        b"ET",
        b"/GS1 gs",
        b"7 Tr",
    ]
)


@st.composite
def page_specs(draw):
    attributes = {}
    for key, strategy in values.items():
        where = draw(st.sampled_from(["page", "page", "parent", "none"]))
        if where != "none":
            attributes[key] = (where, draw(strategy))
    annotations = draw(
        st.lists(st.tuples(annotation_kinds, numbers, numbers, sides, sides), max_size=3)
    )
    contents = draw(st.sampled_from(["one", "two", "none", "with null", "hostile"]))
    hostile = b" ".join(draw(st.lists(hostile_pieces, max_size=12)))
    return attributes, annotations, (contents, hostile), draw(st.booleans())


def build(path: Path, spec) -> Path:
    attributes, annotations, (contents, hostile), tagged = spec
    pdf = pikepdf.new()
    page = pdf.add_blank_page().obj
    del page["/MediaBox"]
    root = pdf.Root.Pages
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    root.Resources = Dictionary(Font=Dictionary(F1=font))
    for key, (where, value) in attributes.items():
        (page if where == "page" else root)[key] = value
    draw = b"BT /F1 12 Tf 100 100 Td (Text of an odd page, long enough to search.) Tj ET"
    streams = [pdf.make_stream(draw)]
    if contents == "one":
        page.Contents = streams[0]
    elif contents == "two":
        page.Contents = Array([streams[0], pdf.make_stream(b"0 g 10 10 5 5 re f")])
    elif contents == "with null":
        page.Contents = Array([streams[0], None])
    elif contents == "hostile":
        page.Contents = Array([streams[0], pdf.make_stream(hostile)])
    fields: list = []
    annots = []
    for kind, x, y, w, h in annotations:
        if kind == "null":
            annots.append(None)
        else:
            spec_ = page_builders.Annotation(kind, (x, y, x + w, y + h))
            annots.append(page_builders.annotation_object(pdf, spec_, fields))
    if annots:
        page.Annots = Array(annots)
    if fields:
        pdf.Root.AcroForm = Dictionary(Fields=Array(fields))
    if tagged:
        page.StructParents = 0
    pdf.save(path)
    return path


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spec=page_specs())
@example(  # a narrow page whose stamp wraps (found on a fresh run)
    spec=(
        {
            "/MediaBox": ("page", Array([0, 0, 100, 100])),
            "/Rotate": ("page", -1),
            "/UserUnit": ("page", 0),
        },
        [],
        ("one", b""),
        False,
    )
)
@example(  # unmatched Q on a tagged page, then a fill over the whole page and the strip
    spec=(
        {"/MediaBox": ("page", Array([0, 0, 612, 792]))},
        [],
        ("hostile", b"Q " * 30 + b"1 0 0 rg -20000 -20000 40000 40000 re f"),
        True,
    )
)
def test_odd_pages_are_refused_or_stamp(spec):
    with tempfile.TemporaryDirectory(prefix="efiling-odd-") as folder:
        path = build(Path(folder) / "odd.pdf", spec)
        stamps_if_accepted(path, Path(folder))
