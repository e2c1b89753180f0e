"""Content a viewer does not show (earlier versions of an incrementally saved file, bytes after
the end) is found, read by the redaction check, and not kept in the copy the court stores
(issue 9, section 4)."""

import zipfile
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from efiling.documents.cleaning import clean_pdf
from efiling.documents.pdf import inspect_pdf
from efiling.documents.problems import CLEAN
from efiling.documents.redaction import (
    earlier_versions_note,
    find_in_earlier_versions,
    find_unredacted,
)
from tests.documents import builders
from tests.documents import structure_builders as structure

SAMPLES = Path(__file__).resolve().parent / "samples"
SSN_LINE = "Petitioner SSN: 123-45-6789  DOB: 04/05/1980"
REDACTED_LINE = "Petitioner SSN: [REDACTED]"


def codes(report) -> list[str]:
    return [p.code for p in report.problems]


def texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def versions_in(path: Path) -> int:
    return path.read_bytes().count(b"%%EOF")


# --- Earlier versions ---------------------------------------------------------------------------


def test_the_sample_with_an_ssn_one_version_back_is_found_and_cleaned(tmp_path):
    sample = SAMPLES / "earlier-revision-with-ssn.pdf"
    assert "[REDACTED]" in texts(sample)[0] and "123-45-6789" not in texts(sample)[0]
    report = inspect_pdf(sample)
    assert codes(report) == ["earlier_versions"]
    problem = report.problems[0]
    assert problem.action == CLEAN
    assert "1 earlier version of the document" in problem.message
    assert len(report.earlier_versions) == 1

    assert find_unredacted(sample) == []  # the page itself is clean
    earlier = find_in_earlier_versions(sample, report.earlier_versions)
    assert {(f.kind, f.excerpt) for f in earlier} == {
        ("ssn", "***-**-6789"),
        ("date_of_birth", "**/**/1980"),
    }
    note = earlier_versions_note(earlier)
    assert note.startswith("An earlier version of this document inside the file showed what")
    assert "a Social Security number (***-**-6789, page 1)" in note
    assert "a full date of birth (**/**/1980, page 1)" in note
    assert "Check your source file" in note

    cleaned = tmp_path / "cleaned.pdf"
    notes = clean_pdf(sample, cleaned)
    assert any("Removed 1 earlier version" in line for line in notes)
    assert inspect_pdf(cleaned).problems == []
    assert versions_in(cleaned) == 1
    assert b"123-45-6789" not in cleaned.read_bytes()
    with pikepdf.open(cleaned) as pdf:  # nothing of the old content stream is left
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                assert b"123-45-6789" not in obj.read_bytes()
    assert texts(cleaned) == texts(sample)


@pytest.mark.parametrize("saves", [1, 3])
def test_generated_incremental_saves_are_each_an_earlier_version(tmp_path, saves):
    path = structure.earlier_version_pdf(
        tmp_path / "petition.pdf", [SSN_LINE], [REDACTED_LINE], saves=saves
    )
    assert versions_in(path) == saves + 1
    report = inspect_pdf(path)
    assert codes(report) == ["earlier_versions"]
    assert f"{saves} earlier version" in report.problems[0].message
    assert len(report.earlier_versions) == saves

    findings = find_in_earlier_versions(path, report.earlier_versions)
    assert ("ssn", "***-**-6789") in {(f.kind, f.excerpt) for f in findings}
    cleaned = tmp_path / "cleaned.pdf"
    clean_pdf(path, cleaned)
    assert versions_in(cleaned) == 1
    assert REDACTED_LINE in texts(cleaned)[0]
    assert b"6789" not in cleaned.read_bytes()


def test_what_the_last_version_still_shows_is_not_repeated_in_the_note(tmp_path):
    path = structure.earlier_version_pdf(tmp_path / "p.pdf", [SSN_LINE], [SSN_LINE + " again"])
    report = inspect_pdf(path)
    earlier = find_in_earlier_versions(path, report.earlier_versions)
    assert earlier  # the earlier version had it too
    assert earlier_versions_note(earlier, shown=find_unredacted(path)) is None


def test_a_linearized_file_saved_once_is_not_flagged(tmp_path):
    source = builders.text_pdf(tmp_path / "source.pdf", pages=3)
    path = structure.linearized_pdf(tmp_path / "fast-web-view.pdf", source)
    assert versions_in(path) == 2  # two sections, one version
    report = inspect_pdf(path)
    assert report.problems == [] and report.earlier_versions == ()


def test_a_linearized_file_saved_again_incrementally_is_flagged(tmp_path):
    source = builders.text_pdf(tmp_path / "source.pdf", pages=3)
    path = structure.linearized_pdf(tmp_path / "edited.pdf", source)
    structure.append_update(path, ["Changed after it was published"])
    report = inspect_pdf(path)
    assert codes(report) == ["earlier_versions"]
    assert "1 earlier version" in report.problems[0].message
    assert "Changed after it was published" in texts(path)[0]


def test_a_marker_inside_page_content_is_not_a_version(tmp_path):
    """`startxref ... %%EOF` written as text on a page (uncompressed) ends no version."""
    path = tmp_path / "about-pdf.pdf"
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(612, 792))
    page.obj.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(
            F1=pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
            )
        )
    )
    page.obj.Contents = pdf.make_stream(
        b"BT /F1 12 Tf 72 700 Td (Every PDF file ends with these words:) Tj ET\n"
        b"% startxref 15 %%EOF\n"
    )
    pdf.save(path, compress_streams=False)
    assert versions_in(path) == 2
    assert inspect_pdf(path).problems == []


def test_a_damaged_later_version_makes_the_file_damaged(tmp_path):
    """A last save that qpdf cannot read: viewers would rebuild it their own way."""
    path = structure.earlier_version_pdf(tmp_path / "p.pdf", ["First"], ["Second"])
    data = path.read_bytes()
    last_xref = data.rindex(b"xref\n0 1")
    path.write_bytes(
        data[:last_xref] + data[last_xref:].replace(b"0000000000 65535 f", b"garbage here      ")
    )
    assert codes(inspect_pdf(path)) == ["damaged"]


# --- Bytes after the end ------------------------------------------------------------------------


@pytest.mark.parametrize("zip_size", [500, 50_000])
def test_a_zip_joined_to_the_pdf_is_found_and_not_kept(tmp_path, zip_size):
    """A small ZIP lets qpdf open the whole file; a large one pushes `startxref` out of the
    last kilobyte qpdf looks at. Both are the same PDF with data after it."""
    source = builders.text_pdf(tmp_path / "petition.pdf", pages=2)
    extra = structure.zip_bytes(zip_size)
    path = structure.with_appended(tmp_path / "polyglot.pdf", source, extra)
    assert zipfile.is_zipfile(path)  # still a valid ZIP, byte for byte

    report = inspect_pdf(path)
    assert codes(report) == ["trailing_data"]
    assert report.page_count == 2
    assert f"{len(extra):,} bytes of other data after its end" in report.problems[0].message

    cleaned = tmp_path / "cleaned.pdf"
    notes = clean_pdf(path, cleaned)
    assert notes == [
        f"Removed {len(extra):,} bytes of other data after the end of the PDF (for example, "
        "another file joined to it)."
    ]
    assert not zipfile.is_zipfile(cleaned)
    assert extra not in cleaned.read_bytes()
    assert inspect_pdf(cleaned).problems == []
    assert texts(cleaned) == texts(source)


@pytest.mark.parametrize("extra", [structure.zip_bytes(500), b"% SSN 123-45-6789\n"])
def test_data_between_objects_is_found_and_not_kept(tmp_path, extra):
    """Bytes between one object's end and the next that no reader reads: a ZIP hidden inside the
    file (still a valid ZIP, byte for byte), or a comment holding a number."""
    source = builders.text_pdf(tmp_path / "petition.pdf", pages=2)
    path = structure.with_inserted_between_objects(tmp_path / "hidden.pdf", source, extra)
    if extra.startswith(b"PK"):
        assert zipfile.is_zipfile(path)
    stray = len(extra) - len(extra.translate(None, b" \t\r\n\f\0"))

    report = inspect_pdf(path)
    assert codes(report) == ["stray_data"]
    assert report.problems[0].action == CLEAN
    assert f"{stray:,} bytes of other data between its parts" in report.problems[0].message

    cleaned = tmp_path / "cleaned.pdf"
    notes = clean_pdf(path, cleaned)
    assert notes == [
        f"Removed {stray:,} bytes of other data between the parts of the PDF (for example, "
        "another file hidden inside it)."
    ]
    assert extra not in cleaned.read_bytes()
    assert not zipfile.is_zipfile(cleaned)
    assert inspect_pdf(cleaned).problems == []
    assert texts(cleaned) == texts(source)


@pytest.mark.parametrize("save", ["qpdf", "linearized", "object streams", "reportlab"])
def test_files_as_writers_save_them_have_nothing_between_objects(tmp_path, save):
    """The headers, comments in trailers and first-page sections that real writers put in a
    file are parts of it, not stray data."""
    source = builders.text_pdf(tmp_path / "petition.pdf", pages=3)
    path = tmp_path / "saved.pdf"
    if save == "reportlab":
        path = source
    elif save == "linearized":
        structure.linearized_pdf(path, source)
    else:
        mode = pikepdf.ObjectStreamMode.generate if save == "object streams" else None
        with pikepdf.open(source) as pdf:
            pdf.save(path, **({"object_stream_mode": mode} if mode else {}))
    assert inspect_pdf(path).problems == []


def test_white_space_after_the_end_is_not_data(tmp_path):
    source = builders.text_pdf(tmp_path / "petition.pdf")
    path = structure.with_appended(tmp_path / "padded.pdf", source, b"\r\n\0\0  \n")
    assert inspect_pdf(path).problems == []


def test_another_pdf_joined_on_is_damaged(tmp_path):
    """Readers disagree about which of the two documents such a file is."""
    first = builders.text_pdf(tmp_path / "first.pdf", pages=1)
    second = builders.lines_pdf(tmp_path / "second.pdf", ["A different document"] * 3)
    path = structure.with_appended(tmp_path / "two.pdf", first, second.read_bytes()[:-200])
    assert codes(inspect_pdf(path)) == ["damaged"]
