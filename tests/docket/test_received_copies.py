"""Documents the court puts on the docket itself (scans, uploaded orders) record the SHA-256 of
the file received next to that of the copy kept, like filers' documents (issue 9)."""

from efiling.core import clock
from efiling.docket.paper import paper_filing_docket
from efiling.filings.storage import file_sha256
from tests.docket.conftest import order_signed
from tests.documents import builders
from tests.documents import structure_builders as structure


def _scan(clerk, case, path):
    return paper_filing_docket(
        clerk=clerk,
        case=case,
        pdf_path=path,
        original_name="answer-scan.pdf",
        title="Answer",
        filer="Jordan Smith, self-represented",
        received_at=clock.now(),  # after the case was filed
    ).documents.get()


def test_a_scan_kept_as_received_has_one_digest(clerk, case, tmp_path):
    scan = builders.image_only_pdf(tmp_path / "scan.pdf")
    document = _scan(clerk, case, scan)
    assert document.received_sha256 == document.sha256 == file_sha256(scan)
    assert document.received_size == document.size == scan.stat().st_size


def test_a_cleaned_scan_records_what_was_received(clerk, case, tmp_path):
    scan = structure.with_appended(
        tmp_path / "scan.pdf",
        builders.image_only_pdf(tmp_path / "plain.pdf"),
        structure.zip_bytes(),
    )
    document = _scan(clerk, case, scan)
    assert document.cleaned
    assert document.received_sha256 == file_sha256(scan) != document.sha256
    assert document.received_size == scan.stat().st_size > document.size


def test_a_written_order_keeps_what_it_made(case, judge):
    written = order_signed(judge, case, body_text="So ordered.")
    assert written.document.received_sha256 == written.document.sha256
