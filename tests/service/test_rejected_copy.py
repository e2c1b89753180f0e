"""A served filing the clerk rejects (issue 12, Service): the person served downloads a copy
marked "REJECTED BY THE CLERK ON <date> — NOT FILED" on every page, made from the stored
original, which stays as it was; before the rejection they get the original's bytes."""

import hashlib

import pypdfium2 as pdfium
import pytest

from efiling.accounts.models import Role
from efiling.docket import services as docket
from efiling.docket.models import RejectionReason
from efiling.documents.stamp import banner_pdf
from efiling.filings import storage
from efiling.service import served_documents
from efiling.service.models import ServiceRecord
from tests import factories
from tests.service.helpers import motion, submit


def page_texts(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        return [
            " ".join(document[i].get_textpage().get_text_range().split())
            for i in range(len(document))
        ]
    finally:
        document.close()


def _reject(envelope, court):
    clerk = factories.court_staff(Role.CLERK, court)
    docket.filing_reject(
        clerk=clerk, filing=envelope.filings.get(), reason_id=RejectionReason.objects.first().pk
    )


def test_the_served_copy_is_the_original_until_rejected_then_marked_on_every_page(
    case, attorney, opposing, court, pdf
):
    envelope = submit(motion(case, attorney, pdf), attorney)
    record = ServiceRecord.objects.get(envelope=envelope)
    document = envelope.filings.get().documents.get()
    url = f"/notices/served/{record.pk}/documents/{document.pk}.pdf"
    client = factories.client_for(opposing)
    before = b"".join(client.get(url).streaming_content)
    assert hashlib.sha256(before).hexdigest() == record.documents[0]["sha256"]
    assert "REJECTED" not in " ".join(page_texts(before))

    _reject(envelope, court)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Security-Policy"] == "sandbox"
    after = b"".join(response.streaming_content)
    texts = page_texts(after)
    banner = served_documents.rejected_banner(
        envelope.filings.get().status_changed_at, court.time_zone
    )
    assert banner.startswith("REJECTED BY THE CLERK ON ") and banner.endswith("— NOT FILED")
    assert len(texts) == document.page_count
    for number, text in enumerate(texts, start=1):
        assert banner in text and f"Page {number} of {len(texts)}" in text
    assert hashlib.sha256(after).hexdigest() != record.documents[0]["sha256"]
    with storage.document_open(document.storage_name) as stored:  # the original is untouched
        assert hashlib.sha256(stored.read()).hexdigest() == record.documents[0]["sha256"]


def test_a_copy_that_cannot_be_made_is_answered_in_the_readers_words(
    case, attorney, opposing, court, pdf, monkeypatch
):
    from efiling.documents.isolated import CheckerFailed

    envelope = submit(motion(case, attorney, pdf), attorney)
    record = ServiceRecord.objects.get(envelope=envelope)
    document = envelope.filings.get().documents.get()
    _reject(envelope, court)

    class Failing:
        def run(self, *_args, **_kwargs):
            raise CheckerFailed("memory")

    monkeypatch.setattr(served_documents, "checker_pool", lambda: Failing())
    response = factories.client_for(opposing).get(
        f"/notices/served/{record.pk}/documents/{document.pk}.pdf"
    )
    assert response.status_code == 503
    assert "marked rejected could not be prepared" in response.content.decode()


def test_banner_pdf_refuses_an_empty_banner_and_keeps_the_source(tmp_path, pdf):
    source = pdf("three.pdf", pages=3)
    with pytest.raises(ValueError):
        banner_pdf(source, tmp_path / "out.pdf", banner="  ")
    original = source.read_bytes()
    assert banner_pdf(source, tmp_path / "out.pdf", banner="MARKED") == 3
    assert source.read_bytes() == original
    texts = page_texts((tmp_path / "out.pdf").read_bytes())
    assert [f"MARKED - Page {n} of 3" in t for n, t in enumerate(texts, 1)] == [True] * 3
