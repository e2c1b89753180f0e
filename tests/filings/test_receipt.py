"""The filing receipt: PDF and text rendering from plain data (no database)."""

import hashlib
import io
import re
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pikepdf
import pypdfium2 as pdfium
import pytest

from efiling.filings.receipt import (
    FEE_WAIVER_LINE,
    FOOTER,
    MARGIN_X,
    ReceiptData,
    ReceiptDocument,
    ReceiptFee,
    ReceiptServiceEntry,
    format_filing_time,
    format_money,
    format_size,
    receipt_pdf,
    receipt_text,
)

CHICAGO = ZoneInfo("America/Chicago")
STANDARD_TIME = datetime(2026, 11, 27, 15, 4, 5, tzinfo=CHICAGO)  # CST, UTC-6
DST_START_DAY = datetime(2026, 3, 8, 3, 0, 5, tzinfo=CHICAGO)  # CDT, a 23-hour day


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def document(n: int, **overrides) -> ReceiptDocument:
    fields = {
        "filing_title": "Petition for damages",
        "kind": "Lead document" if n == 1 else "Exhibit",
        "title": "Petition for damages" if n == 1 else f"Exhibit {n - 1}: contract",
        "original_name": f"document-{n:02d}.pdf",
        "pages": n + 2,
        "size_bytes": 100_000 * n + 17,
        "sha256": sha(f"document {n}"),
    }
    fields.update(overrides)
    return ReceiptDocument(**fields)


def receipt(**overrides) -> ReceiptData:
    fields = {
        "confirmation_number": "EF26-000123",
        "court_name": "Circuit Court of St. Louis County",
        "court_code": "SL",
        "case_label": "New case: Lawson v. Acme (Circuit civil)",
        "submitted_at_local": STANDARD_TIME,
        "time_zone_name": "America/Chicago",
        "filed_by": "Pat Paralegal (for Avery Lawson)",
        "signed_by": "Avery Lawson, Mo. Bar No. 12345",
        "signature": "/s/ Avery Lawson",
        "documents": (document(1), document(2)),
        "fees": (
            ReceiptFee("Filing fee: circuit civil petition", 12345),
            ReceiptFee("Sheriff", 1050),
        ),
        "fee_total_cents": 13395,
        "fee_waiver_requested": False,
        "service": (
            ReceiptServiceEntry(
                "Dana Defense (Acme Corp.)", "Electronic (e-mail to a registered attorney)"
            ),
            ReceiptServiceEntry(
                "Acme Corp.", "Not served electronically: serve conventionally (paper)"
            ),
        ),
        "status_label": "Submitted",
    }
    fields.update(overrides)
    return ReceiptData(**fields)


def page_texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def flat(text: str) -> str:
    """Whitespace collapsed to single spaces (lines that wrap at a space read as one)."""
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """All whitespace removed (a long word split across lines reads as one)."""
    return "".join(text.split())


# --- Formatting ----------------------------------------------------------------------------------


def test_filing_time_is_to_the_second_with_the_zone_in_standard_and_daylight_time():
    assert format_filing_time(STANDARD_TIME, "America/Chicago") == (
        "Friday, November 27, 2026, 3:04:05 p.m. CST (America/Chicago)"
    )
    # Spring forward: 2:00 a.m. does not exist that day; five seconds after 3:00 a.m. is CDT.
    assert format_filing_time(DST_START_DAY, "America/Chicago") == (
        "Sunday, March 8, 2026, 3:00:05 a.m. CDT (America/Chicago)"
    )


def test_filing_time_converts_any_aware_instant_into_the_court_zone():
    as_utc = DST_START_DAY.astimezone(UTC)
    assert as_utc.hour == 8
    assert format_filing_time(as_utc, "America/Chicago") == (
        "Sunday, March 8, 2026, 3:00:05 a.m. CDT (America/Chicago)"
    )
    # 5:30 a.m. UTC on November 28 is still November 27 in Chicago.
    late = datetime(2026, 11, 28, 5, 30, 0, tzinfo=UTC)
    assert format_filing_time(late, "America/Chicago") == (
        "Friday, November 27, 2026, 11:30:00 p.m. CST (America/Chicago)"
    )


def test_filing_time_tells_the_repeated_hour_apart_when_clocks_fall_back():
    first = datetime(2026, 11, 1, 1, 30, 0, tzinfo=CHICAGO, fold=0)
    second = datetime(2026, 11, 1, 1, 30, 0, tzinfo=CHICAGO, fold=1)
    assert format_filing_time(first, "America/Chicago").endswith(
        "1:30:00 a.m. CDT (America/Chicago)"
    )
    assert format_filing_time(second, "America/Chicago").endswith(
        "1:30:00 a.m. CST (America/Chicago)"
    )


def test_filing_time_midnight_and_noon():
    midnight = datetime(2026, 1, 2, 0, 0, 0, tzinfo=CHICAGO)
    noon = datetime(2026, 1, 2, 12, 0, 0, tzinfo=CHICAGO)
    assert "Friday, January 2, 2026, 12:00:00 a.m. CST" in format_filing_time(
        midnight, "America/Chicago"
    )
    assert "12:00:00 p.m. CST" in format_filing_time(noon, "America/Chicago")


def test_filing_time_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="naive"):
        format_filing_time(datetime(2026, 1, 2, 9, 0, 0), "America/Chicago")  # noqa: DTZ001


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (0, "$0.00"),
        (5, "$0.05"),
        (12345, "$123.45"),
        (123456789, "$1,234,567.89"),
        (-250, "-$2.50"),
    ],
)
def test_money(cents, text):
    assert format_money(cents) == text


def test_size_gives_the_exact_byte_count():
    assert format_size(1) == "1 byte"
    assert format_size(1000) == "1,000 bytes"
    assert format_size(2048) == "2,048 bytes (2.0 KB)"
    assert format_size(7 * 1024 * 1024) == "7,340,032 bytes (7.0 MB)"


# --- The PDF -------------------------------------------------------------------------------------


def test_pdf_carries_every_fact_of_the_receipt():
    data = receipt()
    pages = page_texts(receipt_pdf(data))
    raw = "\n".join(pages)
    text = flat(raw)

    assert "Filing receipt" in text
    assert "EF26-000123" in text
    assert (
        "Submitted (filing time): Friday, November 27, 2026, 3:04:05 p.m. CST (America/Chicago)"
        in text
    )
    assert "Court: Circuit Court of St. Louis County (SL)" in text
    assert "Case: New case: Lawson v. Acme (Circuit civil)" in text
    assert "Filed by: Pat Paralegal (for Avery Lawson)" in text
    assert "Signed by: Avery Lawson, Mo. Bar No. 12345" in text
    assert "Signature: /s/ Avery Lawson" in text
    assert "Status: Submitted" in text
    for doc in data.documents:
        assert doc.title in text
        assert doc.original_name in text
        assert doc.sha256 in raw  # in full, on one line
        # File name, pages and size side by side in one row.
        assert f"{doc.original_name} {doc.pages} {doc.size_bytes:,} bytes" in text
    assert "Exhibit 1: contract" in text
    assert "Filing fee: circuit civil petition $123.45" in text
    assert "Sheriff $10.50" in text
    assert "Total $133.95" in text
    assert FEE_WAIVER_LINE not in text
    assert "Dana Defense (Acme Corp.) Electronic (e-mail to a registered attorney)" in text
    assert "Acme Corp. Not served electronically: serve conventionally (paper)" in text
    assert FOOTER in text
    assert "Page 1 of 1" in text


def test_pdf_shows_the_daylight_time_filing_time_and_the_fee_waiver():
    data = receipt(
        submitted_at_local=DST_START_DAY,
        fees=(),
        fee_total_cents=0,
        fee_waiver_requested=True,
    )
    text = flat("\n".join(page_texts(receipt_pdf(data))))
    assert (
        "Submitted (filing time): Sunday, March 8, 2026, 3:00:05 a.m. CDT (America/Chicago)" in text
    )
    assert "Fee waiver requested (in forma pauperis): no fee held; the clerk decides" in text
    assert "Total $0.00" in text


def test_pdf_metadata_title_language_date_and_letter_pages():
    pdf = receipt_pdf(receipt())
    with pikepdf.Pdf.open(io.BytesIO(pdf)) as parsed:
        assert str(parsed.Root.Lang) == "en-US"
        assert str(parsed.docinfo.Title) == "Filing receipt EF26-000123"
        # The creation date is the filing time, so that renders are reproducible.
        assert str(parsed.docinfo.CreationDate) == "D:20261127150405-06'00'"
        assert bool(parsed.Root.ViewerPreferences.DisplayDocTitle) is True
        for page in parsed.pages:
            assert [float(v) for v in page.MediaBox] == [0, 0, 612, 792]
            assert not page.Resources.get("/XObject")  # text, not images


def test_pdf_bytes_are_reproducible():
    data = receipt(documents=tuple(document(n) for n in range(1, 13)))
    first = receipt_pdf(data)
    assert receipt_pdf(data) == first
    assert receipt_pdf(replace(data, confirmation_number="EF26-000124")) != first
    # The same instant given in UTC renders the same receipt.
    as_utc = replace(data, submitted_at_local=STANDARD_TIME.astimezone(UTC))
    assert receipt_pdf(as_utc) == first


def test_user_text_is_printed_literally_not_as_markup():
    data = receipt(
        case_label="26SL-CC00001 Smith & Sons <LLC> v. Jones",
        documents=(document(1, title="Motion <b>to</b> compel & for fees"),),
    )
    text = flat("\n".join(page_texts(receipt_pdf(data))))
    assert "26SL-CC00001 Smith & Sons <LLC> v. Jones" in text
    assert "Motion <b>to</b> compel & for fees" in text


def test_long_names_wrap_inside_the_page():
    long_title = "Memorandum in support of the motion for summary judgment " * 6
    long_file = "exhibit_" + "a" * 300 + ".pdf"  # no space to break at
    long_party = "The Very Long Named Limited Liability Company of Greater St. Louis " * 4
    data = receipt(
        case_label="New case: " + long_party + "v. Acme (Circuit civil)",
        documents=(
            document(1, title=long_title, original_name=long_file, filing_title=long_title),
        ),
        service=(ReceiptServiceEntry(long_party, "Electronic (e-mail to a registered attorney)"),),
    )
    pdf = receipt_pdf(data)

    parsed = pdfium.PdfDocument(pdf)
    try:
        checked = 0
        for index in range(len(parsed)):
            page = parsed[index]
            width = page.get_width()
            textpage = page.get_textpage()
            for char in range(textpage.count_chars()):
                if not textpage.get_text_range(char, 1).strip():
                    continue
                left, _bottom, right, _top = textpage.get_charbox(char)
                assert left >= MARGIN_X - 1 and right <= width - MARGIN_X + 1, (
                    index,
                    textpage.get_text_range(char, 1),
                )
                checked += 1
        assert checked > 1000
    finally:
        parsed.close()

    pages = page_texts(pdf)
    everything = squeezed("".join(pages))
    assert squeezed(long_file) in everything
    assert squeezed(long_title) in everything
    assert squeezed(long_party) in everything
    assert data.documents[0].sha256 in "".join(pages)


def test_a_document_taller_than_a_page_continues_instead_of_failing():
    huge = document(1, title="Petition " * 700, original_name="p" * 4000 + ".pdf")
    pages = page_texts(receipt_pdf(receipt(documents=(huge,))))
    assert len(pages) > 2
    # The file name runs on over several pages; not one letter is lost.
    runs = re.findall("p{50,}", squeezed("".join(pages)))
    assert len(runs) > 1
    assert sum(len(run) for run in runs) == 4000
    assert huge.sha256 in "".join(pages)


def test_sixty_documents_continue_on_following_pages():
    documents = tuple(document(n) for n in range(1, 61))
    pages = page_texts(receipt_pdf(receipt(documents=documents)))
    total = len(pages)
    assert total >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert FOOTER in flat(page)
    for doc in documents:
        holding_name = [i for i, page in enumerate(pages) if doc.original_name in page]
        holding_hash = [i for i, page in enumerate(pages) if doc.sha256 in page]
        # Each document appears once, and its hash on the same page as its name.
        assert len(holding_name) == 1
        assert holding_hash == holding_name
    # The column headings repeat on every page the table continues on.
    table_pages = [page for page in pages if "document-" in page]
    assert len(table_pages) >= 3
    assert all("File name" in page for page in table_pages)
    assert "Total $133.95" in flat(pages[-1])


def test_no_documents_fees_or_service_still_renders():
    data = receipt(documents=(), fees=(), fee_total_cents=0, service=())
    text = flat("\n".join(page_texts(receipt_pdf(data))))
    assert "Documents (0)" in text
    assert "No documents." in text
    assert "No fees." in text
    assert "No one to serve." in text


# --- The text ------------------------------------------------------------------------------------


def test_text_carries_the_same_facts():
    data = receipt(fee_waiver_requested=True, submitted_at_local=DST_START_DAY)
    text = receipt_text(data)
    assert text.startswith("Filing receipt\n")
    assert "Confirmation number: EF26-000123\n" in text
    assert (
        "Submitted (filing time): Sunday, March 8, 2026, 3:00:05 a.m. CDT (America/Chicago)\n"
        in text
    )
    assert "Court: Circuit Court of St. Louis County (SL)\n" in text
    assert "Case: New case: Lawson v. Acme (Circuit civil)\n" in text
    assert "Filed by: Pat Paralegal (for Avery Lawson)\n" in text
    assert "Signed by: Avery Lawson, Mo. Bar No. 12345\n" in text
    assert "Signature: /s/ Avery Lawson\n" in text
    assert "Documents (2)\n" in text
    for number, doc in enumerate(data.documents, start=1):
        assert f"{number}. {doc.title}\n" in text
        assert f"File name: {doc.original_name}\n" in text
        assert f"Pages: {doc.pages}\n" in text
        assert f"SHA-256: {doc.sha256}\n" in text
    assert "Exhibit, in the filing \u201cPetition for damages\u201d" in text
    assert "Filing fee: circuit civil petition: $123.45\n" in text
    assert "Total: $133.95\n" in text
    assert FEE_WAIVER_LINE + "\n" in text
    assert "Acme Corp.: Not served electronically: serve conventionally (paper)\n" in text
    assert text.endswith(FOOTER + "\n")


def test_a_cleaned_copy_gets_both_digests_labelled_for_people():
    cleaned = document(
        1, received_sha256=sha("as sent, with an earlier version inside"), received_size_bytes=5_000
    )
    kept_as_sent = document(2, received_sha256=document(2).sha256, received_size_bytes=200_017)
    data = receipt(documents=(cleaned, kept_as_sent))

    text = receipt_text(data)
    assert f"   SHA-256 of the file you sent: {cleaned.received_sha256}\n" in text
    assert f"   SHA-256 of the cleaned copy the court keeps: {cleaned.sha256}\n" in text
    assert "   Size of the file you sent: 5,000 bytes (4.9 KB)\n" in text
    assert "   Size of the cleaned copy the court keeps: 100,017 bytes (97.7 KB)\n" in text
    assert f"   SHA-256: {kept_as_sent.sha256}\n" in text
    assert text.count("file you sent") == 2  # only the cleaned document has two

    raw = "\n".join(page_texts(receipt_pdf(data)))
    pdf_text = flat(raw)
    assert f"SHA-256 of the file you sent: {cleaned.received_sha256}" in pdf_text
    assert f"SHA-256 of the cleaned copy the court keeps: {cleaned.sha256}" in pdf_text
    assert f"SHA-256: {kept_as_sent.sha256}" in pdf_text
    assert cleaned.received_sha256 in raw and cleaned.sha256 in raw  # each on one line


def test_text_keeps_every_character_and_one_fact_per_line():
    data = receipt(
        case_label="26SL-CC00001 Nguy\u1ec5n v. \u0141ukasz",
        filed_by="Pat\nParalegal",
    )
    text = receipt_text(data)
    assert "Case: 26SL-CC00001 Nguy\u1ec5n v. \u0141ukasz\n" in text
    assert "Filed by: Pat Paralegal\n" in text
