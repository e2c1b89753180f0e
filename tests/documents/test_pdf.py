import random
import zlib

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from efiling.documents import _streams
from efiling.documents.cleaning import clean_pdf
from efiling.documents.pdf import inspect_pdf
from efiling.documents.problems import CLEAN, REFUSE, WARN
from tests.documents import builders
from tests.documents import hostile_builders as hostile
from tests.documents.fresh_process import inspect_in_fresh_process


def codes(report) -> list[str]:
    return [p.code for p in report.problems]


def only(report, code):
    [problem] = [p for p in report.problems if p.code == code]
    return problem


# --- Normal files ---------------------------------------------------------------------------


def test_a_plain_text_pdf_is_accepted_as_it_is(tmp_path):
    report = inspect_pdf(builders.text_pdf(tmp_path / "petition.pdf", pages=3))
    assert report.problems == []
    assert report.page_count == 3
    assert report.text_searchable
    assert not report.refused and not report.needs_cleaning


def test_a_scan_without_text_is_accepted_with_a_warning(tmp_path):
    report = inspect_pdf(builders.image_only_pdf(tmp_path / "scan.pdf", pages=2))
    assert codes(report) == ["not_text_searchable"]
    assert only(report, "not_text_searchable").action == WARN
    assert not report.refused and not report.needs_cleaning
    assert report.page_count == 2 and not report.text_searchable


def test_a_typed_cover_page_does_not_make_a_scan_searchable(tmp_path):
    cover = builders.text_pdf(tmp_path / "cover.pdf")
    scan = builders.image_only_pdf(tmp_path / "scan.pdf", pages=4)
    with pikepdf.open(cover) as doc, pikepdf.open(scan) as images:
        doc.pages.extend(images.pages)
        doc.save(tmp_path / "mixed.pdf")
    report = inspect_pdf(tmp_path / "mixed.pdf")
    assert codes(report) == ["not_text_searchable"]


def test_a_pdf_of_exactly_the_requested_size_is_valid(tmp_path):
    for size in (1_000, 7 * 1024 * 1024, 7 * 1024 * 1024 + 1):
        path = builders.pdf_padded_to(tmp_path / f"{size}.pdf", size)
        assert path.stat().st_size == size
        report = inspect_pdf(path)
        assert report.problems == [] and report.page_count == 1


# --- Refused: not a PDF, damaged, locked ----------------------------------------------------


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    report = inspect_pdf(path)
    assert codes(report) == ["empty"] and report.refused


@pytest.mark.parametrize(
    "build", [builders.renamed_text_file, builders.html_before_pdf, builders.random_bytes_file]
)
def test_a_file_that_is_not_a_pdf_by_content_is_refused_whatever_its_name(tmp_path, build):
    report = inspect_pdf(build(tmp_path / "petition.pdf"))
    assert codes(report) == ["not_pdf"]
    assert "not a PDF" in only(report, "not_pdf").message


def test_html_before_pdf_fools_pikepdf_but_not_the_check(tmp_path):
    path = builders.html_before_pdf(tmp_path / "page.pdf")
    with pikepdf.open(path) as pdf:  # the trap: the library reads it happily
        assert len(pdf.pages) == 1
    assert inspect_pdf(path).refused


def test_a_pdf_cut_to_70_percent_is_refused_although_pikepdf_would_repair_it(tmp_path):
    path = builders.truncated_pdf(tmp_path / "cut.pdf", keep=0.7)
    with pikepdf.open(path) as pdf:  # the trap: qpdf rebuilds it silently
        assert len(pdf.pages) >= 1
    assert codes(inspect_pdf(path)) == ["damaged"]


@pytest.mark.parametrize("keep", [0.3, 0.5, 0.9, 0.98])
def test_a_truncated_pdf_is_refused(tmp_path, keep):
    report = inspect_pdf(builders.truncated_pdf(tmp_path / "cut.pdf", keep=keep))
    assert codes(report) == ["damaged"]
    assert report.page_count == 0


def test_a_pdf_with_a_damaged_content_stream_is_refused(tmp_path):
    path = builders.text_pdf(tmp_path / "bad.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        stream = pikepdf.Stream(pdf, b"")
        stream.write(b"x\x9c this is not zlib data", filter=Name.FlateDecode)
        pdf.pages[0].Contents = pdf.make_indirect(stream)
        pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    assert codes(inspect_pdf(path)) == ["damaged"]


def test_a_pdf_without_pages_is_refused(tmp_path):
    path = tmp_path / "nothing.pdf"
    with pikepdf.new() as pdf:
        pdf.save(path)
    report = inspect_pdf(path)
    assert report.refused and codes(report) in (["no_pages"], ["damaged"])


def test_a_password_protected_pdf_is_refused_with_what_to_do(tmp_path):
    report = inspect_pdf(builders.encrypted_pdf(tmp_path / "locked.pdf", user_password="x"))
    assert codes(report) == ["password_protected"]
    problem = only(report, "password_protected")
    assert problem.action == REFUSE
    assert problem.message == (
        "This file is password-protected. Remove the password and upload it again."
    )


def test_an_owner_password_lock_is_removed_by_cleaning(tmp_path):
    src = builders.owner_password_pdf(tmp_path / "restricted.pdf")
    report = inspect_pdf(src)
    assert codes(report) == ["restricted"]
    assert only(report, "restricted").action == CLEAN
    assert report.text_searchable and report.page_count == 1

    notes = clean_pdf(src, tmp_path / "clean.pdf")
    assert any("owner password" in note for note in notes)
    with pikepdf.open(tmp_path / "clean.pdf") as pdf:
        assert not pdf.is_encrypted
    assert inspect_pdf(tmp_path / "clean.pdf").problems == []


# --- Decompression bombs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        # A 1.3 KB content stream, Flate inside Flate, that inflates to 512 MiB.
        (builders.bomb_pdf, "too_large_unpacked"),
        # The catalog inside a 260 KB object stream that inflates to 256 MiB: qpdf inflates it
        # while opening, stops at its process cap, and cannot find the document's structure.
        (builders.object_stream_bomb_pdf, "damaged"),
    ],
)
def test_a_decompression_bomb_is_refused_in_little_memory(tmp_path, build, expected):
    """Checked in a fresh process, so that its peak memory (ru_maxrss) is the check's own."""
    path = build(tmp_path / "bomb.pdf")
    assert path.stat().st_size < 300_000
    result = inspect_in_fresh_process(path)
    assert result["codes"] == [expected]
    assert result["peak_kib"] - result["imports_kib"] < 100 * 1024


def test_the_bomb_message_names_the_problem_for_the_filer(tmp_path):
    report = inspect_pdf(builders.bomb_pdf(tmp_path / "bomb.pdf", inflated_bytes=80 * 1024 * 1024))
    problem = only(report, "too_large_unpacked")
    assert problem.action == REFUSE
    assert "64 MB" in problem.message and "upload" in problem.message


def test_the_per_stream_and_total_caps_are_parameters(tmp_path):
    path = builders.text_pdf(tmp_path / "long.pdf", pages=20)
    assert not inspect_pdf(path).refused
    assert codes(inspect_pdf(path, max_stream_bytes=100)) == ["too_large_unpacked"]
    assert codes(inspect_pdf(path, max_total_decoded_bytes=2_000)) == ["too_large_unpacked"]


def test_an_image_that_declares_huge_dimensions_is_refused(tmp_path):
    path = builders.text_pdf(tmp_path / "huge-image.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        image = pikepdf.Stream(
            pdf,
            b"\xff\xd8\xff\xd9",  # a (broken) JPEG that claims 60,000 x 60,000 RGB pixels
            Type=Name.XObject,
            Subtype=Name.Image,
            Width=60_000,
            Height=60_000,
            ColorSpace=Name.DeviceRGB,
            BitsPerComponent=8,
            Filter=Name.DCTDecode,
        )
        pdf.pages[0].Resources.XObject = Dictionary(Im9=image)
        pdf.save(path)
    assert codes(inspect_pdf(path)) == ["too_large_unpacked"]


def _lzw_encode(data: bytes) -> bytes:
    """A plain LZW encoder (PDF flavour, EarlyChange 1), to check the decoder against qpdf."""
    table = {bytes([i]): i for i in range(256)}
    width, out_bits, nbits, codes_out = 9, 0, 0, bytearray()

    def emit(code):
        nonlocal out_bits, nbits
        out_bits = (out_bits << width) | code
        nbits += width
        while nbits >= 8:
            nbits -= 8
            codes_out.append((out_bits >> nbits) & 0xFF)

    emit(256)
    word = b""
    for byte in data:
        candidate = word + bytes([byte])
        if candidate in table:
            word = candidate
            continue
        emit(table[word])
        table[candidate] = len(table) + 2
        if len(table) + 2 >= 1 << width and width < 12:  # the decoder is one entry behind
            width += 1
        if len(table) + 2 >= 4094:  # table full: start again
            emit(256)
            table = {bytes([i]): i for i in range(256)}
            width = 9
        word = bytes([byte])
    if word:
        emit(table[word])
    emit(257)
    if nbits:
        codes_out.append((out_bits << (8 - nbits)) & 0xFF)
    return bytes(codes_out)


@pytest.mark.parametrize(
    ("filters", "encode"),
    [
        (["/FlateDecode"], lambda d: zlib.compress(d)),
        (["/ASCIIHexDecode"], lambda d: d.hex().encode() + b">"),
        (["/ASCII85Decode"], lambda d: __import__("base64").a85encode(d) + b"~>"),
        (
            ["/ASCII85Decode", "/FlateDecode"],
            lambda d: __import__("base64").a85encode(zlib.compress(d)) + b"~>",
        ),
        (["/LZWDecode"], _lzw_encode),
        (["/RunLengthDecode"], lambda d: bytes([257 - 100]) + b"A" + bytes([4]) + d[:5] + b"\x80"),
    ],
)
def test_the_bounded_decoder_agrees_with_qpdf(filters, encode):
    words = [b"court", b"petition", b"(Hello)", b"Tj", b"72", b"720", b"Td", b"\n", b"BT", b"ET"]
    rng = random.Random(7)
    data = b" ".join(rng.choice(words) for _ in range(8_000)) + bytes(300)  # fills LZW's table
    encoded = encode(data)
    with pikepdf.new() as pdf:
        stream = pikepdf.Stream(pdf, b"")
        stream.write(encoded, filter=Array([Name(f) for f in filters]))
        expected = len(stream.read_bytes(pikepdf.StreamDecodeLevel.specialized))
    assert _streams.decoded_size(encoded, filters, [], limit=10**9) == expected


@pytest.mark.parametrize(
    ("filters", "encoded"),
    [
        (["/RunLengthDecode"], bytes([129, 0]) * 10_000),  # 128 bytes out of every 2
        (["/ASCII85Decode"], b"z" * 10_000 + b"~>"),  # 4 bytes out of every "z"
        (["/FlateDecode", "/FlateDecode"], builders.double_flate_bomb(8 * 1024 * 1024)),
    ],
)
def test_the_bounded_decoder_stops_at_the_limit(filters, encoded):
    with pytest.raises(_streams.TooLarge):
        _streams.decoded_size(encoded, filters, [], limit=20_000)


# --- Active and outside-reaching content ----------------------------------------------------


def test_javascript_hidden_in_object_streams_is_found_and_removed(tmp_path):
    src = builders.pdf_with_javascript(tmp_path / "js.pdf")
    raw = src.read_bytes()
    assert b"/JavaScript" not in raw and b"/OpenAction" not in raw  # a byte scan sees nothing
    report = inspect_pdf(src)
    assert codes(report) == ["javascript"]
    assert only(report, "javascript").action == CLEAN
    assert "3 scripts" in only(report, "javascript").message

    notes = clean_pdf(src, tmp_path / "clean.pdf")
    assert notes == ["Removed 3 scripts (JavaScript)."]
    with pikepdf.open(tmp_path / "clean.pdf") as pdf:
        assert "/OpenAction" not in pdf.Root
        assert "/JavaScript" not in pdf.Root.get("/Names", Dictionary())
        assert "/AA" not in pdf.pages[0].obj
    assert inspect_pdf(tmp_path / "clean.pdf").problems == []


def test_a_launch_action_is_removed(tmp_path):
    src = builders.pdf_with_launch(tmp_path / "launch.pdf")
    assert codes(inspect_pdf(src)) == ["launch"]
    notes = clean_pdf(src, tmp_path / "clean.pdf")
    assert notes == ["Removed 1 command that would start a program."]
    assert inspect_pdf(tmp_path / "clean.pdf").problems == []


def test_links_to_outside_material_are_removed_and_the_filer_told_why(tmp_path):
    src = builders.pdf_with_link(tmp_path / "links.pdf")
    report = inspect_pdf(src)
    assert codes(report) == ["external_links"]
    message = only(report, "external_links").message
    assert "2 links" in message and "self-contained" in message

    notes = clean_pdf(src, tmp_path / "clean.pdf")
    assert notes == ["Removed 2 links to outside material: filings must be self-contained."]
    with pikepdf.open(tmp_path / "clean.pdf") as pdf:
        assert len(pdf.pages[0].obj.get("/Annots", Array())) == 0
    assert inspect_pdf(tmp_path / "clean.pdf").problems == []


def test_form_submission_and_chained_actions_are_found(tmp_path):
    def change(pdf):
        submit = Dictionary(S=Name.SubmitForm, F=pikepdf.String("https://example.com/collect"))
        go_to = Dictionary(S=Name.GoTo, D=Array([pdf.pages[1].obj, Name.Fit]), Next=submit)
        pdf.Root.OpenAction = pdf.make_indirect(go_to)

    src = builders._with_pdf(tmp_path / "chain.pdf", change)
    assert codes(inspect_pdf(src)) == ["external_links"]
    clean_pdf(src, tmp_path / "clean.pdf")
    assert inspect_pdf(tmp_path / "clean.pdf").problems == []
    with pikepdf.open(tmp_path / "clean.pdf") as pdf:  # the harmless "go to page 2" stays
        assert str(pdf.Root.OpenAction.S) == "/GoTo"


def test_javascript_in_an_unusual_place_is_still_removed(tmp_path):
    """An /AA on a form XObject: no sanitizer slot covers it, the graph walk does."""

    def change(pdf):
        form = pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, 1, 1]))
        form.AA = Dictionary(PO=Dictionary(S=Name.JavaScript, JS=pikepdf.String("1;")))
        pdf.pages[0].Resources.XObject = Dictionary(Fx=form)
        pdf.pages[0].contents_add(pdf.make_stream(b"q /Fx Do Q"))  # drawn: not unused

    src = builders._with_pdf(tmp_path / "odd.pdf", change)
    assert codes(inspect_pdf(src)) == ["javascript"]
    clean_pdf(src, tmp_path / "clean.pdf")
    assert inspect_pdf(tmp_path / "clean.pdf").problems == []


def test_embedded_files_are_refused_so_the_filer_files_them_as_exhibits(tmp_path):
    report = inspect_pdf(builders.pdf_with_embedded_file(tmp_path / "attach.pdf"))
    assert codes(report) == ["embedded_files"]
    problem = only(report, "embedded_files")
    assert problem.action == REFUSE and "separate exhibit" in problem.message
    assert report.refused


def test_clean_pdf_still_strips_embedded_files_when_asked(tmp_path):
    src = builders.pdf_with_embedded_file(tmp_path / "attach.pdf")
    notes = clean_pdf(src, tmp_path / "clean.pdf")
    assert notes == ["Removed 1 embedded file."]
    assert inspect_pdf(tmp_path / "clean.pdf").problems == []


def test_a_static_xfa_form_is_cleaned_and_a_dynamic_one_refused(tmp_path):
    static = builders.pdf_with_xfa(tmp_path / "static.pdf")
    assert codes(inspect_pdf(static)) == ["xfa"]
    assert clean_pdf(static, tmp_path / "clean.pdf") == ["Removed the XFA version of the form."]
    assert inspect_pdf(tmp_path / "clean.pdf").problems == []

    dynamic = builders.pdf_with_xfa(tmp_path / "dynamic.pdf", dynamic=True)
    report = inspect_pdf(dynamic)
    assert "dynamic_form" in codes(report) and report.refused


def test_thumbnails_that_may_keep_old_content_are_removed(tmp_path):
    def change(pdf):
        pdf.pages[0].obj.Thumb = pdf.make_stream(b"\x00" * 16, Width=4, Height=4)

    src = builders._with_pdf(tmp_path / "thumb.pdf", change)
    assert codes(inspect_pdf(src)) == ["hidden_copies"]
    clean_pdf(src, tmp_path / "clean.pdf")
    assert inspect_pdf(tmp_path / "clean.pdf").problems == []


@pytest.mark.parametrize(
    "build",
    [
        builders.pdf_with_javascript,
        builders.pdf_with_launch,
        builders.pdf_with_link,
        builders.owner_password_pdf,
        builders.pdf_with_xfa,
    ],
)
def test_the_cleaned_copy_keeps_every_page_and_its_text(tmp_path, build):
    import pypdfium2 as pdfium

    src = build(tmp_path / "in.pdf")
    clean_pdf(src, tmp_path / "out.pdf")

    def texts(path):
        doc = pdfium.PdfDocument(str(path))
        try:
            return [page.get_textpage().get_text_range() for page in doc]
        finally:
            doc.close()

    assert texts(tmp_path / "out.pdf") == texts(src)
    report = inspect_pdf(tmp_path / "out.pdf")
    assert not report.refused and not report.needs_cleaning


def test_editing_data_anywhere_is_removed(tmp_path):
    def change(pdf):
        image = pdf.make_stream(
            b"\x00" * 4,
            Type=Name.XObject,
            Subtype=Name.Image,
            Width=2,
            Height=2,
            ColorSpace=Name.DeviceGray,
            BitsPerComponent=8,
        )
        image.PieceInfo = Dictionary(Editor=Dictionary(Private=pikepdf.String("old text")))
        pdf.pages[0].Resources.XObject = Dictionary(Im1=image)
        pdf.pages[0].contents_add(pdf.make_stream(b"q /Im1 Do Q"))  # drawn: not unused

    src = builders._with_pdf(tmp_path / "piece.pdf", change)
    assert codes(inspect_pdf(src)) == ["hidden_copies"]
    clean_pdf(src, tmp_path / "clean.pdf")
    assert inspect_pdf(tmp_path / "clean.pdf").problems == []


def test_a_linearized_pdf_is_accepted(tmp_path):
    src = builders.text_pdf(tmp_path / "web.pdf", pages=3)
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.save(src, linearize=True)
    assert inspect_pdf(src).problems == []


def test_qpdf_itself_is_capped_for_the_whole_process():
    """Object and cross-reference streams are inflated by qpdf before any check can run."""
    from efiling.documents.pdf import MAX_STREAM_BYTES

    assert 0 < pikepdf.settings.get_qpdf_limits()["flate_max_memory"] <= MAX_STREAM_BYTES


@pytest.mark.parametrize(
    "rect", [b"[0 (0) 612 1000]", b"[0 700 612 1000 0]", b"[0 700 612 /Top]", b"[0 700 612]"]
)
def test_annotations_whose_position_readers_read_differently_are_removed(tmp_path, rect):
    """The probe: /Rect [0 (0) 612 1000] with a red appearance; PDFium reads the string as 0
    and paints the whole page (over the stamp too); other readers skip it."""
    pdf = hostile.one_page(
        page_extra=b" /Annots [20 0 R 22 0 R]",
        catalog_extra=b" /AcroForm << /Fields [22 0 R] >>",
    )
    pdf.add(20, b"<< /Type /Annot /Subtype /Square /Rect %s /F 4 /AP << /N 21 0 R >> >>" % rect)
    pdf.stream(21, b"1 0 0 rg 0 0 612 300 re f", hostile.FORM)
    pdf.add(22, b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /Rect %s /F 4 >>" % rect)
    path = pdf.write(tmp_path / "rect.pdf")
    report = inspect_pdf(path)
    assert codes(report) == ["damaged_annotations"]
    assert report.problems[0].message.startswith(
        "This PDF has 2 comments or form fields whose position on the page is damaged"
    )
    notes = clean_pdf(path, tmp_path / "clean.pdf")
    assert notes[0].startswith("Removed 2 comments or form fields whose position")
    assert inspect_pdf(tmp_path / "clean.pdf").problems == []
    with pikepdf.open(tmp_path / "clean.pdf") as cleaned:
        assert "/Annots" not in cleaned.pages[0].obj or len(cleaned.pages[0].obj.Annots) == 0
        assert len(cleaned.Root.AcroForm.Fields) == 0
