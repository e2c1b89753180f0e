"""A served filing the clerk rejects (issue 12, Service): the person served downloads a copy
marked "REJECTED BY THE CLERK ON <date> — NOT FILED" on every page, made from the stored
original, which stays as it was; before the rejection they get the original's bytes. The same
for a filing the filer withdraws ("WITHDRAWN BY THE FILER ON <date> — NOT FILED"), and everyone
served is told at once of either."""

import hashlib

import pypdfium2 as pdfium
import pytest

from efiling.accounts.models import NoticeMail, Role
from efiling.docket import services as docket
from efiling.docket.models import RejectionReason
from efiling.documents.stamp import banner_pdf
from efiling.filings import storage
from efiling.filings.closing import envelope_cancel
from efiling.service import served_documents
from efiling.service.models import Notice, NoticeDelivery, ServiceRecord
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
    [served] = served_documents.served_documents(record)
    banner = served_documents.ended_banner(served, court.time_zone)
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


def test_a_withdrawn_served_filing_is_told_at_once_and_its_copy_is_marked(
    case, attorney, opposing, court, pdf
):
    """Trial of issue 12: the filer withdrew (CancelFiling) a served motion and nobody served
    was told."""

    opposing.notice_mail = NoticeMail.DIGEST  # the news is not held for the digest
    opposing.save(update_fields=["notice_mail"])
    envelope = submit(motion(case, attorney, pdf), attorney)
    record = ServiceRecord.objects.get(envelope=envelope)
    document = envelope.filings.get().documents.get()
    envelope_cancel(envelope=envelope, user=attorney)

    told = Notice.objects.get(recipient=opposing, kind=Notice.Kind.SERVED_FILING_ENDED)
    assert told.subject == "Withdrawn: Motion in case 26SL-CC00042"
    assert envelope.confirmation_number in told.body
    assert told.link == f"/notices/served/{record.pk}/"
    assert told.deliveries.get().digest_due_at is None  # at once
    assert not Notice.objects.filter(recipient=attorney, kind=Notice.Kind.SERVED_FILING_ENDED)
    client = factories.client_for(opposing)
    page = client.get(f"/notices/served/{record.pk}/").content.decode()
    assert "Withdrawn by the filer: not on the docket" in page
    response = client.get(f"/notices/served/{record.pk}/documents/{document.pk}.pdf")
    texts = page_texts(b"".join(response.streaming_content))
    assert all("WITHDRAWN BY THE FILER ON " in text and "— NOT FILED" in text for text in texts)
    assert NoticeDelivery.objects.filter(notices=told).count() == 1


def test_withdrawing_a_filing_that_served_nobody_tells_nobody(court, attorney, pdf):

    lonely = factories.case(court, counsel=[attorney], number="26SL-CC00077")
    envelope = submit(motion(lonely, attorney, pdf), attorney)
    envelope_cancel(envelope=envelope, user=attorney)
    assert not Notice.objects.filter(kind=Notice.Kind.SERVED_FILING_ENDED).exists()
