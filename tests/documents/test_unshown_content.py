"""Content a viewer does not show is found, and not kept (issue 9, second round, C): objects
nothing refers to (a ZIP in an orphan stream) and resources no content uses (an earlier
draft's page content kept as /XObject /Old)."""

import zipfile

import pikepdf
import pypdfium2 as pdfium
from PIL import ImageChops

from efiling.documents.cleaning import clean_pdf
from efiling.documents.pdf import inspect_pdf
from tests.documents import builders
from tests.documents import hostile_builders as hostile
from tests.documents import structure_builders as structure


def codes(report) -> list[str]:
    return [p.code for p in report.problems]


def every_stream(path) -> bytes:
    """The file's bytes and every stream in it, decoded."""
    with pikepdf.open(path) as pdf:
        streams = [obj.read_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
    return path.read_bytes() + b"".join(streams)


def renderings(path) -> list:
    document = pdfium.PdfDocument(str(path))
    try:
        return [page.render(scale=1).to_pil().convert("L") for page in document]
    finally:
        document.close()


def looks_the_same(a, b) -> bool:
    return all(
        ImageChops.difference(x, y).getbbox() is None
        for x, y in zip(renderings(a), renderings(b), strict=True)
    )


def test_an_earlier_drafts_content_kept_as_an_unused_xobject_is_not_kept(tmp_path):
    """The probe h4: the SSN stayed in the kept copy and in the stamped public copy."""
    path = hostile.earlier_content_kept_as_xobject_pdf(tmp_path / "old.pdf")
    report = inspect_pdf(path)
    assert codes(report) == ["unused_content", "earlier_versions"]
    assert report.problems[0].message.startswith("This PDF holds 1 item that no page shows")
    cleaned = tmp_path / "cleaned.pdf"
    notes = clean_pdf(path, cleaned)
    assert any(note.startswith("Removed 1 item that no page showed") for note in notes)
    assert hostile.SSN not in every_stream(cleaned)
    assert inspect_pdf(cleaned).problems == []
    assert looks_the_same(path, cleaned)


def test_a_zip_in_a_stream_nothing_refers_to_is_not_kept(tmp_path):
    source = builders.text_pdf(tmp_path / "source.pdf")
    zip_data = structure.zip_bytes(2_000)
    path = hostile.orphan_stream_pdf(tmp_path / "orphan.pdf", zip_data)
    assert zipfile.is_zipfile(path)
    assert codes(inspect_pdf(path)) == ["unused_content"]
    cleaned = tmp_path / "cleaned.pdf"
    clean_pdf(path, cleaned)
    assert not zipfile.is_zipfile(cleaned)
    assert zip_data not in cleaned.read_bytes()
    assert inspect_pdf(cleaned).problems == []
    assert codes(inspect_pdf(source)) == []


def test_resources_no_content_uses_are_found_wherever_they_are_shared(tmp_path):
    """Page 1 has its own resources (font F9 and form Old unused); page 2 uses a shared
    dictionary (image Im9 unused). What a page uses stays, drawn the same."""
    path = hostile.unused_resources_pdf(tmp_path / "unused.pdf")
    report = inspect_pdf(path)
    assert codes(report) == ["unused_content"]
    assert "3 items that no page shows" in report.problems[0].message
    cleaned = tmp_path / "cleaned.pdf"
    clean_pdf(path, cleaned)
    with pikepdf.open(cleaned) as pdf:
        first, second = (page.obj.Resources for page in pdf.pages)
        assert set(first.Font.keys()) == {"/F1"} and set(first.XObject.keys()) == {"/Im1"}
        assert set(second.Font.keys()) == {"/F2"} and set(second.XObject.keys()) == set()
    assert hostile.SSN not in every_stream(cleaned)
    assert inspect_pdf(cleaned).problems == []
    assert looks_the_same(path, cleaned)


def test_a_form_without_resources_uses_those_of_the_page_drawing_it(tmp_path):
    """PDF 1.1 allowed a form to leave out /Resources: its names are looked up in the page's.
    The font only the form uses is in use."""
    pdf = hostile.one_page(
        b"q /Fm Do Q", resources=b"/Font << /F7 3 0 R >> /XObject << /Fm 20 0 R >>"
    )
    pdf.stream(4, b"q /Fm Do Q")  # the page's own content names no font
    pdf.stream(20, b"BT /F7 12 Tf 72 700 Td (Drawn by the form.) Tj ET", hostile.FORM)
    path = pdf.write(tmp_path / "legacy.pdf")
    assert "unused_content" not in codes(inspect_pdf(path))


def test_ordinary_files_hold_nothing_unshown(tmp_path):
    """Files made by ordinary tools (reportlab, qpdf, linearized, with object streams)."""
    text = builders.text_pdf(tmp_path / "text.pdf", pages=3)
    files = [
        text,
        builders.image_only_pdf(tmp_path / "scan.pdf", pages=2),
        structure.linearized_pdf(tmp_path / "web.pdf", text),
        builders.rotated_pdf(tmp_path / "rotated.pdf"),
        builders.black_box_pdf(tmp_path / "box.pdf", "123-45-6789"),
    ]
    with pikepdf.open(text) as pdf:
        pdf.save(tmp_path / "packed.pdf", object_stream_mode=pikepdf.ObjectStreamMode.generate)
    files.append(tmp_path / "packed.pdf")
    for path in files:
        assert "unused_content" not in codes(inspect_pdf(path)), path.name
