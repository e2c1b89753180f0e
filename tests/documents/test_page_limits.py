"""The page-count limit, the object-count guard and page sizes, checked at upload before any
per-page or per-object work (issue 9, section 3)."""

import tempfile
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pikepdf import Array

from efiling.documents.pdf import MIN_OBJECT_LIMIT, inspect_pdf
from efiling.documents.problems import REFUSE
from efiling.documents.revisions import version_ends
from efiling.documents.xref import packed_objects
from tests.documents import builders
from tests.documents import hostile_builders as hostile
from tests.documents import structure_builders as structure
from tests.documents.fresh_process import inspect_in_fresh_process


def codes(report) -> list[str]:
    return [p.code for p in report.problems]


# --- Page count -------------------------------------------------------------------------------


def test_a_document_within_the_limit_is_accepted_with_its_page_count(tmp_path):
    path = structure.many_pages_pdf(tmp_path / "record.pdf", 30)
    report = inspect_pdf(path, max_pages=30)
    assert report.problems == [] and report.page_count == 30


def test_one_page_over_the_limit_is_refused_with_the_courts_number(tmp_path):
    path = structure.many_pages_pdf(tmp_path / "record.pdf", 31)
    report = inspect_pdf(path, max_pages=30)
    assert codes(report) == ["too_many_pages"] and report.refused
    message = report.problems[0].message
    assert "more than 30 pages" in message and "Split it" in message


def test_the_default_limit_is_two_thousand_pages(tmp_path):
    assert inspect_pdf(structure.many_pages_pdf(tmp_path / "a.pdf", 2_000)).page_count == 2_000
    report = inspect_pdf(structure.many_pages_pdf(tmp_path / "b.pdf", 2_001))
    assert codes(report) == ["too_many_pages"]
    assert "more than 2,000 pages, the most this court accepts" in report.problems[0].message


def test_count_is_not_trusted(tmp_path):
    """/Count says 3 while the tree holds 5 pages (or says 700,000 for 5): PDFium believes
    /Count, qpdf the tree, so readers would differ: refused as damaged."""
    for declared in (3, 700_000):
        path = structure.many_pages_pdf(tmp_path / f"lie-{declared}.pdf", 5, count=declared)
        assert codes(inspect_pdf(path)) == ["damaged"]
    # A lie in the other direction cannot hide pages from the limit either.
    path = structure.many_pages_pdf(tmp_path / "small-count.pdf", 50, count=1)
    assert codes(inspect_pdf(path, max_pages=10)) == ["too_many_pages"]


def test_a_page_tree_that_loops_is_damaged(tmp_path):
    path = builders.text_pdf(tmp_path / "loop.pdf", pages=2)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.Root.Pages
        root.Kids.append(root)  # the root lists itself
        pdf.save(path)
    assert codes(inspect_pdf(path)) == ["damaged"]


@pytest.mark.parametrize(
    ("pages", "repeat", "expected"),
    [
        # 700,000 pages that are one page object listed 700,000 times (7 KB on disk): qpdf
        # alone would copy it 700,000 times (seconds, gigabytes).
        (700_000, True, "too_many_pages"),
        # 200,000 distinct pages packed in one object stream (2 MB): qpdf would parse all of
        # them (a second, 600 MB) to read the page tree's root.
        (200_000, False, "too_many_objects"),
    ],
)
def test_a_huge_page_count_is_refused_in_little_memory(tmp_path, pages, repeat, expected):
    path = structure.many_pages_pdf(tmp_path / "huge.pdf", pages, repeat=repeat)
    assert path.stat().st_size < 7 * 1024 * 1024
    result = inspect_in_fresh_process(path)
    assert result["codes"] == [expected]
    assert result["peak_kib"] - result["imports_kib"] < 100 * 1024


def test_the_packed_object_message_names_both_numbers(tmp_path):
    """At most 100 packed objects per allowed page, never fewer than 100,000 in all."""
    path = structure.many_pages_pdf(tmp_path / "packed.pdf", 100_000)  # 100,001 packed objects
    assert codes(inspect_pdf(path, max_pages=1_001)) == ["too_many_pages"]  # 100,100 allowed
    report = inspect_pdf(path, max_pages=500)  # the floor: 100,000
    assert codes(report) == ["too_many_objects"]
    message = report.problems[0].message
    assert "more than 100,000 separate parts (PDF objects)" in message
    assert "a document of at most 500 pages" in message


def test_a_count_hidden_behind_a_comment_is_read(tmp_path):
    """The probe: `<</N 1000000 %obj` put the search for the dictionary's start past /N, so
    the guard counted 0; the 7 MB file was accepted after qpdf took 858 MB."""
    dictionary = b"<</N {N} %obj\n/Type/ObjStm/First {First}/Length {Length}/Filter/FlateDecode>>"
    path = hostile.object_stream_pdf(tmp_path / "hidden.pdf", 200_001, dictionary)
    result = inspect_in_fresh_process(path)
    assert result["codes"] == ["too_many_objects"]
    assert result["peak_kib"] - result["imports_kib"] < 100 * 1024


def test_what_qpdf_parses_counts_whatever_the_dictionary_declares(tmp_path):
    """The compressed entries of the cross-reference stream are what qpdf parses and keeps,
    whatever the object stream's /N says; its /N pairs are parsed too."""
    plain = hostile.object_stream_pdf(
        tmp_path / "plain.pdf",
        100_001,
        b"<< /Type /ObjStm /N 5 /First {First} /Length {Length} /Filter /FlateDecode >>",
    )
    assert codes(inspect_pdf(plain, max_pages=500)) == ["too_many_objects"]
    declared = hostile.object_stream_pdf(tmp_path / "declared.pdf", 100_001, listed=1)
    assert codes(inspect_pdf(declared, max_pages=500)) == ["too_many_objects"]


# Pieces of an object stream's dictionary: ways to write the same keys, and what may stand
# between them without changing them.
_GAPS = st.sampled_from(
    [
        b"",
        b" ",
        b"\n",
        b"\r\n",
        b"\t",
        b"\x00",
        b"\x0c",
        b" % obj stream >> endobj\n",
        b"%/N 0\n",
        b"\n%<<\n",
    ]
)
_KEYS = {
    "/Type": st.sampled_from([b"/Type", b"/T#79pe", b"/#54#79#70#65"]),
    "/N": st.sampled_from([b"/N", b"/#4E"]),
}
_TYPE_VALUES = st.sampled_from([b"/ObjStm", b"/Obj#53tm", b"/#4Fbj#53tm"])
_NOISE = st.sampled_from(
    [
        b"/Extra (1 0 obj << /N 1 >> endobj)",
        b"/Extra (a \\) b ( nested ) /N 2)",
        b"/Extra <3120302030206f626a>",
        b"/Extra << /N 3 /Type /ObjStm >>",
        b"/Extra [ /N 4 (obj) << /N 5 >> ]",
        b"/Extra 7 0 R",
        b"/Pad (" + b"x" * 5_000 + b")",
    ]
)


@st.composite
def object_stream_dictionaries(draw) -> bytes:
    entries = [
        draw(_KEYS["/Type"]) + draw(_GAPS) + draw(_TYPE_VALUES),
        draw(_KEYS["/N"]) + b" " + draw(_GAPS) + b"{N}",
        b"/First {First}",
        b"/Length {Length}",
        b"/Filter /FlateDecode",
        *draw(st.lists(_NOISE, max_size=3)),
    ]
    order = draw(st.permutations(entries))
    return b"<<" + b"".join(draw(_GAPS) + entry + b" " for entry in order) + b">>" + draw(_GAPS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dictionary=object_stream_dictionaries())
def test_every_spelling_of_an_object_stream_dictionary_gives_its_count(dictionary):
    """The xref lists one compressed object; the dictionary declares 300 (qpdf parses them
    all): the count read is 300 whatever the spelling, as qpdf reads it."""
    with tempfile.TemporaryDirectory(prefix="efiling-objstm-") as folder:
        path = hostile.object_stream_pdf(Path(folder) / "s.pdf", 300, dictionary, listed=1)
        data = path.read_bytes()
        with pikepdf.open(path) as pdf:  # qpdf reads the dictionary the same way
            assert int(pdf.get_object((6, 0)).N) == 300
        assert packed_objects(data, version_ends(data)) == 300


def test_the_object_limit_follows_the_page_limit(tmp_path):
    path = structure.many_pages_pdf(tmp_path / "packed.pdf", 1_500)
    assert codes(inspect_pdf(path, max_pages=1_500)) == []
    assert MIN_OBJECT_LIMIT > 1_500  # the floor keeps small courts from refusing normal files
    report = inspect_pdf(path, max_pages=5)
    assert codes(report) == ["too_many_pages"]


# --- Page sizes: what passes here can be stamped -----------------------------------------------


def _with_page(path: Path, **values) -> Path:
    builders.text_pdf(path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0].obj
        for key, value in values.items():
            if value is None:
                del page[f"/{key}"]
            else:
                page[f"/{key}"] = value
        pdf.save(path)
    return path


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"MediaBox": Array([0, 0, 36, 792])}, "is 36 by 792 points"),
        ({"MediaBox": Array([0, 0, 20_000, 792])}, "is 20,000 by 792 points"),
        ({"CropBox": Array([0, 0, 50, 50])}, "is 50 by 50 points"),
    ],
)
def test_a_page_of_an_absurd_size_is_refused_with_its_number(tmp_path, values, words):
    report = inspect_pdf(_with_page(tmp_path / "odd.pdf", **values))
    assert codes(report) == ["page_size"]
    problem = report.problems[0]
    assert problem.action == REFUSE
    assert problem.message.startswith(f"Page 1 of this PDF {words}")
    assert "between 1 and 200 inches" in problem.message


@pytest.mark.parametrize(
    "values",
    [
        {"MediaBox": Array([0, 0, pikepdf.Name.Letter, 792])},
        {"MediaBox": Array([0, 0, 612])},
        {"MediaBox": None},
    ],
)
def test_a_page_without_a_usable_media_box_is_refused(tmp_path, values):
    """qpdf's syntax check already calls these damaged; the page check behind it would too."""
    report = inspect_pdf(_with_page(tmp_path / "odd.pdf", **values))
    assert report.refused and codes(report)[0] in ("damaged", "page_size")


@pytest.mark.parametrize(
    ("values", "words"),
    [
        # PDFium reads "x" as 0 and crops to 0..612; other readers ignore the damaged box.
        ({"CropBox": Array(["x", 0, 612, 792])}, "has a damaged visible area"),
        # PDFium shows an empty page; other readers the MediaBox.
        ({"CropBox": Array([0, 800, 612, 900])}, "has its visible area (CropBox) outside"),
        # PDFium reads a number past its range as 0: an empty MediaBox.
        ({"MediaBox": Array([0, 0, 10**12, 10**12])}, "has no usable page size"),
    ],
)
def test_a_page_readers_would_show_differently_is_refused(tmp_path, values, words):
    report = inspect_pdf(_with_page(tmp_path / "odd.pdf", **values))
    assert codes(report) == ["page_size"]
    assert report.problems[0].message.startswith(f"Page 1 of this PDF {words}")


@pytest.mark.parametrize(
    "values",
    [
        {"MediaBox": Array([612, 792, 0, 0])},  # corners swapped: viewers normalize
        {"MediaBox": Array([0, 0, 14_400, 72])},  # the largest and smallest sides allowed
        {"CropBox": Array(["x", 0, 0, 0])},  # an unusable CropBox: viewers show the MediaBox
        {"Rotate": 45},  # not a multiple of 90: read as 0, as PDFium does
        {"UserUnit": 0},  # not a usable /UserUnit: 1
    ],
)
def test_odd_but_readable_geometry_is_accepted(tmp_path, values):
    assert codes(inspect_pdf(_with_page(tmp_path / "odd.pdf", **values))) == []
