"""Filing a motion into the service tests' case, and reading the PDFs it gives."""

import pypdfium2 as pdfium

from efiling.filings import services
from efiling.filings.documents import document_add
from tests.filings.helpers import received_file


def motion(case, attorney, pdf, code="MOT"):
    envelope = services.draft_create(user=attorney, court=case.court, case_number=case.number)
    filing = services.filing_add(envelope=envelope, user=attorney, code=code)
    document_add(
        envelope=envelope,
        user=attorney,
        filing=filing,
        kind="lead",
        title="Motion to compel",
        received=received_file(pdf("motion.pdf")),
    )
    return envelope


def submit(envelope, attorney, key="k1"):
    return services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key=key, signature="/s/ Avery Lawson"
    )


def pdf_text(data: bytes) -> str:
    """The text of a PDF (a receipt, a certificate of service), its whitespace collapsed."""
    document = pdfium.PdfDocument(data)
    try:
        text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    return " ".join(text.split())
