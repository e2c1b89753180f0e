import pikepdf
import pypdfium2 as pdfium
import pytest

from efiling.documents.pdf import inspect_pdf
from efiling.documents.split import PageTooLarge, split_pdf
from tests.documents import builders


def page_labels(path) -> list[str]:
    """The "Page N of M" line of every page, in order."""
    document = pdfium.PdfDocument(str(path))
    try:
        labels = []
        for page in document:
            text = page.get_textpage().get_text_range()
            labels.append(next(line for line in text.splitlines() if line.startswith("Page ")))
        return labels
    finally:
        document.close()


def test_parts_fit_keep_every_page_in_order_and_are_named_n_of_m(tmp_path):
    src = builders.image_only_pdf(tmp_path / "scan.pdf", pages=10, image_side=150)
    # Label the pages so that order can be checked.
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            page.Resources.Font = pikepdf.Dictionary(
                F1=pikepdf.Dictionary(Type="/Font", Subtype="/Type1", BaseFont="/Helvetica")
            )
            page.contents_add(
                pdf.make_stream(f"BT /F1 10 Tf 72 20 Td (Page {number} of 10) Tj ET".encode())
            )
        pdf.save(src)
    max_bytes = 80_000
    parts = split_pdf(src, tmp_path / "out", max_bytes=max_bytes, base_name="exhibit-a")

    count = len(parts)
    assert count > 1
    assert [p.name for p in parts] == [
        f"exhibit-a-part-{n}-of-{count}.pdf" for n in range(1, count + 1)
    ]
    assert all(p.stat().st_size <= max_bytes for p in parts)
    labels = [label for part in parts for label in page_labels(part)]
    assert labels == [f"Page {n} of 10" for n in range(1, 11)]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in parts)
    for part in parts:
        assert not inspect_pdf(part).refused


def test_parts_are_greedy(tmp_path):
    """Every part but the last would pass the limit with one more page."""
    src = builders.text_pdf(tmp_path / "brief.pdf", pages=40, text="Argument. " * 200)
    max_bytes = 12_000
    parts = split_pdf(src, tmp_path / "out", max_bytes=max_bytes, base_name="brief")
    with pikepdf.open(src) as source:
        first = 0
        for part in parts[:-1]:
            with pikepdf.open(part) as pdf:
                n = len(pdf.pages)
            with pikepdf.new() as bigger:
                bigger.pages.extend(source.pages[first : first + n + 1])
                bigger.save(
                    tmp_path / "bigger.pdf",
                    compress_streams=False,
                    stream_decode_level=pikepdf.StreamDecodeLevel.none,
                )
            assert (tmp_path / "bigger.pdf").stat().st_size > max_bytes
            first += n
        with pikepdf.open(parts[-1]) as pdf:
            assert first + len(pdf.pages) == 40


def test_a_document_that_fits_is_one_part(tmp_path):
    src = builders.text_pdf(tmp_path / "short.pdf", pages=3)
    parts = split_pdf(src, tmp_path / "out", max_bytes=7 * 1024 * 1024, base_name="motion")
    assert [p.name for p in parts] == ["motion-part-1-of-1.pdf"]
    with pikepdf.open(parts[0]) as pdf:
        assert len(pdf.pages) == 3


def test_a_page_larger_than_the_limit_cannot_be_split(tmp_path):
    src = builders.image_only_pdf(tmp_path / "photo.pdf", pages=3, image_side=300)
    with pytest.raises(PageTooLarge) as raised:
        split_pdf(src, tmp_path / "out", max_bytes=50_000, base_name="photos")
    error = raised.value
    assert isinstance(error, ValueError)
    assert error.page_number == 1 and error.size > 50_000
    assert str(error).startswith("Page 1 alone takes ")
    assert list((tmp_path / "out").iterdir()) == []  # nothing left behind


def test_a_large_page_in_the_middle_is_named(tmp_path):
    small = builders.text_pdf(tmp_path / "small.pdf", pages=2)
    big = builders.image_only_pdf(tmp_path / "big.pdf", pages=1, image_side=300)
    with pikepdf.open(small) as doc, pikepdf.open(big) as extra:
        doc.pages.insert(1, extra.pages[0])
        doc.save(tmp_path / "mixed.pdf")
    with pytest.raises(PageTooLarge) as raised:
        split_pdf(tmp_path / "mixed.pdf", tmp_path / "out", max_bytes=20_000, base_name="x")
    assert raised.value.page_number == 2
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("name", ["../escape", "a/b", "", ".hidden", "name with spaces"])
def test_the_base_name_must_be_a_plain_file_name(tmp_path, name):
    src = builders.text_pdf(tmp_path / "doc.pdf")
    with pytest.raises(ValueError, match="base_name"):
        split_pdf(src, tmp_path / "out", max_bytes=10_000, base_name=name)
