"""Serve-only envelopes (issue 12, ServeFiling; decision 0014): documents served on the parties
but not filed with the court (discovery). Drafting rules, serving, that the court never sees
them (no clerk's queue, no docket entry, no fee, no deadline), and their pages and their words."""

import re

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.cases.models import Party
from efiling.core.errors import Conflict, NotFound, ValidationFailed
from efiling.docket import services as docket
from efiling.docket.access import document_get_for_court
from efiling.docket.models import DocketEntry
from efiling.filings import services
from efiling.filings.certificate import certificate_data, certificate_pdf
from efiling.filings.documents import SERVED_SHEET, document_add
from efiling.filings.forms import SERVE_ONLY_DESCRIPTION
from efiling.filings.models import Envelope, Status, StatusChange
from efiling.filings.receipt import receipt_pdf, receipt_text
from efiling.filings.receipt_data import SERVED_NOT_FILED, receipt_data
from efiling.filings.serving import envelope_serve
from efiling.payments.services import balance, payment_account_for
from efiling.scheduling.models import Deadline
from efiling.service.models import Notice, ServiceRecord
from tests import factories
from tests.filings.helpers import received_file, upload
from tests.service.cases import opposing_counsel, served_case
from tests.service.helpers import pdf_text

SIGNATURE = "/s/ Avery Lawson"


@pytest.fixture
def opposing(court):
    return opposing_counsel()


@pytest.fixture
def case(court, attorney, opposing):
    return served_case(court, attorney, opposing)


def interrogatories(case, user, pdf, *, signer=None, code="INTERROG"):
    """A serve-only draft into `case` with its interrogatories' lead document uploaded."""
    envelope = services.draft_create(
        user=user, court=case.court, signer=signer, case_number=case.number, serve_only=True
    )
    filing = services.filing_add(envelope=envelope, user=user, code=code)
    document_add(
        envelope=envelope,
        user=user,
        filing=filing,
        kind="lead",
        title="First interrogatories to defendant",
        received=received_file(pdf("interrogatories.pdf")),
    )
    return envelope


def serve(envelope, user, key="s1", signature=SIGNATURE):
    return envelope_serve(envelope=envelope, user=user, idempotency_key=key, signature=signature)


def test_serving_serves_opposing_counsel_and_lists_the_unrepresented_party(
    case, attorney, opposing, pdf
):
    before = balance(payment_account_for(attorney)).available
    envelope = serve(interrogatories(case, attorney, pdf), attorney)
    assert envelope.status == Status.SERVED and envelope.confirmation_number
    assert set(envelope.filings.values_list("status", flat=True)) == {Status.SERVED}
    assert envelope.fee_total_cents == 0 and envelope.fee_hold_id is None
    assert balance(payment_account_for(attorney)).available == before
    record = ServiceRecord.objects.get(envelope=envelope)
    assert record.person == opposing and record.served_at == envelope.submitted_at
    notice = record.notice
    assert notice.kind == Notice.Kind.FILING_SERVED
    assert notice.subject.startswith("Served (not filed with the court): Interrogatories")
    assert "not filed with the court" in notice.body
    assert [c.to_status for c in StatusChange.objects.filter(envelope=envelope)] == [
        Status.SERVED,
        Status.SERVED,
    ]


def test_the_court_never_sees_it(case, attorney, court, pdf):
    envelope = serve(interrogatories(case, attorney, pdf), attorney)
    clerk = factories.court_staff(Role.CLERK, court)
    assert not docket.review_queue(court=court).filter(envelope=envelope).exists()
    filing = envelope.filings.get()
    with pytest.raises(NotFound):
        docket.filing_for_review(clerk=clerk, filing_id=filing.pk)
    with pytest.raises(NotFound):
        document_get_for_court(user=clerk, document_id=filing.documents.get().pk)
    assert not DocketEntry.objects.filter(case=case).exists()
    assert not Deadline.objects.filter(case=case).exists()


def test_receipt_and_certificate_say_served_not_filed(case, attorney, opposing, pdf):
    envelope = serve(interrogatories(case, attorney, pdf), attorney)
    text = receipt_text(receipt_data(envelope))
    assert "not filed with the court" in text and "Olive Opposing" in text
    assert text.startswith("Service receipt (served, not filed with the court)\n")
    assert "Served (service time): " in text and "Served by: " in text
    assert "Filing receipt" not in text and "filing time" not in text
    receipt = pdf_text(receipt_pdf(receipt_data(envelope)))
    assert receipt.startswith("Service receipt (served, not filed with the court)")
    certificate = pdf_text(certificate_pdf(certificate_data(envelope)))
    assert "not filed with the court" in certificate
    assert "Olive Opposing" in certificate and "Dana Pro-Se" in certificate


def test_serving_twice_with_the_same_key_is_the_same_service(case, attorney, pdf):
    envelope = serve(interrogatories(case, attorney, pdf), attorney)
    again = serve(Envelope.objects.get(pk=envelope.pk), attorney)
    assert again.confirmation_number == envelope.confirmation_number
    assert ServiceRecord.objects.filter(envelope=envelope).count() == 1
    with pytest.raises(Conflict):
        serve(Envelope.objects.get(pk=envelope.pk), attorney, key="another")


def test_staff_serve_for_their_attorney(case, attorney, opposing, pdf):
    staff = factories.staff_for(attorney)
    envelope = serve(interrogatories(case, staff, pdf, signer=attorney), staff)
    assert envelope.status == Status.SERVED and envelope.prepared_by == staff
    assert ServiceRecord.objects.filter(envelope=envelope, person=opposing).exists()


def test_only_into_a_case_the_signer_takes_part_in(case, court, pdf):
    outsider = factories.user(Role.ATTORNEY)
    for number in (case.number, "26SL-CC09999"):  # not theirs, and no such case: same answer
        with pytest.raises(NotFound) as refused:
            services.draft_create(user=outsider, court=court, case_number=number, serve_only=True)
        assert f"There is no case {number} that you take part in" in refused.value.message
    with pytest.raises(ValidationFailed):
        services.draft_create(
            user=outsider,
            court=court,
            case_type=case.case_type,
            caption="A v. B",
            serve_only=True,
        )


def test_codes_go_to_their_own_kind_of_envelope(case, attorney, court):
    filed = services.draft_create(user=attorney, court=court, case_number=case.number)
    with pytest.raises(ValidationFailed) as refused:
        services.filing_add(envelope=filed, user=attorney, code="INTERROG")
    assert "served on the parties, not filed with the court" in refused.value.message
    assert "Serve documents" in refused.value.message
    served = services.draft_create(
        user=attorney, court=court, case_number=case.number, serve_only=True
    )
    with pytest.raises(ValidationFailed) as refused:
        services.filing_add(envelope=served, user=attorney, code="MOT")
    assert "filed with the court" in refused.value.message
    with pytest.raises(ValidationFailed):
        services.filing_add(envelope=served, user=attorney, code="RFP", responds_to=1)
    with pytest.raises(ValidationFailed):
        services.fee_waiver_set(envelope=served, user=attorney, requested=True)


def test_a_serve_only_envelope_is_never_submitted_and_a_filing_never_served(case, attorney, pdf):
    envelope = interrogatories(case, attorney, pdf)
    with pytest.raises(Conflict):
        services.envelope_submit(
            envelope=envelope, user=attorney, idempotency_key="k", signature=SIGNATURE
        )
    filed = services.draft_create(user=attorney, court=case.court, case_number=case.number)
    with pytest.raises(Conflict):
        serve(filed, attorney, key="k2")


def test_uploads_and_signature_are_checked_as_for_filings(case, attorney, court):
    envelope = services.draft_create(
        user=attorney, court=court, case_number=case.number, serve_only=True
    )
    services.filing_add(envelope=envelope, user=attorney, code="RFA")
    with pytest.raises(ValidationFailed) as refused:
        serve(envelope, attorney)
    assert "upload its lead document" in refused.value.message


def test_signature_is_required(case, attorney, pdf):
    with pytest.raises(ValidationFailed):
        serve(interrogatories(case, attorney, pdf), attorney, signature="/s/ Someone Else")


def test_nobody_to_serve_is_refused_but_conventional_service_is_allowed(court, attorney, pdf):
    alone = factories.case(court, counsel=[attorney], number="26SL-CC00050")
    with pytest.raises(ValidationFailed) as refused:
        serve(interrogatories(alone, attorney, pdf), attorney)
    assert "nobody to serve" in refused.value.message
    Party.objects.create(
        case=alone,
        kind=Party.Kind.ORGANIZATION,
        role=Party.PartyRole.DEFENDANT,
        organization_name="Acme Corp.",
    )
    envelope = serve(interrogatories(alone, attorney, pdf), attorney, key="s2")
    assert envelope.status == Status.SERVED
    assert not ServiceRecord.objects.filter(envelope=envelope).exists()
    assert "Acme Corp." in pdf_text(certificate_pdf(certificate_data(envelope)))


def test_the_case_page_offers_serving_next_to_filing(case, attorney):
    page = factories.client_for(attorney).get(f"/cases/{case.pk}/").content.decode()
    assert "File into this case" in page
    assert f"/filings/serve/?court=SL&amp;case={case.number}" in page
    assert "Serve documents (not filed)" in page


def test_start_serve_walk_and_serve(case, attorney, opposing, pdf):
    client = factories.client_for(attorney)
    start = client.get(f"/filings/serve/?court=SL&case={case.number}")
    assert start.status_code == 200 and case.number in start.content.decode()
    response = client.post("/filings/serve/", {"court": "SL", "case_number": case.number})
    envelope = Envelope.objects.get(serve_only=True)
    assert response.status_code == 302 and response["Location"].endswith("/documents/")
    documents = client.get(response["Location"]).content.decode()
    assert "Interrogatories" in documents and 'value="MOT"' not in documents
    assert "Next: review and serve" in documents and "Next: fees" not in documents
    envelope = interrogatories(case, attorney, pdf)
    review = client.get(f"/filings/{envelope.public_id}/review/").content.decode()
    assert ">Serve</button>" in review and "not to the court" in review
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review).group(1)
    served = client.post(
        f"/filings/{envelope.public_id}/review/",
        {"signature": "/s/ Avery Lawson", "idempotency_key": key},
    )
    assert served.status_code == 302, served.content.decode()
    assert Envelope.objects.get(pk=envelope.pk).status == Status.SERVED
    receipt = client.get(served["Location"]).content.decode()
    assert "Service receipt" in receipt and "not filed with the court" in receipt
    assert "Served (not filed)" in client.get("/filings/").content.decode()


def test_someone_not_in_the_case_is_answered_as_for_a_missing_case(case, court):
    outsider = factories.client_for(factories.user())
    theirs = outsider.post("/filings/serve/", {"court": "SL", "case_number": case.number})
    missing = outsider.post("/filings/serve/", {"court": "SL", "case_number": "26SL-CC09999"})
    assert theirs.status_code == missing.status_code == 404
    assert "that you take part in" in theirs.content.decode()
    assert not Envelope.objects.exists()


# Serve-only envelopes speak of documents served, not of filings (QA trial of issue 12): the
# wizard, the receipt, the service page, the certificate, My filings and the clerk's queue
# filter; a confidential information sheet goes with filings to the court (Rule 55.025).


def _serve_only_draft(case, attorney):
    envelope = services.draft_create(
        user=attorney, court=case.court, case_number=case.number, serve_only=True
    )
    return envelope, services.filing_add(envelope=envelope, user=attorney, code="INTERROG")


def test_the_documents_step_speaks_of_documents_and_offers_no_confidential_sheet(case, attorney):
    client = factories.client_for(attorney)
    envelope, _ = _serve_only_draft(case, attorney)
    page = client.get(f"/filings/{envelope.public_id}/documents/").content.decode()
    assert "<h2>Add documents to serve</h2>" in page and ">Add</button>" in page
    assert SERVE_ONLY_DESCRIPTION in page and "added to the docket text" not in page
    assert "Add a filing" not in page and "Add the filing" not in page
    assert 'value="attachment"' in page and 'value="confidential_sheet"' not in page
    filed = services.draft_create(user=attorney, court=case.court, case_number=case.number)
    services.filing_add(envelope=filed, user=attorney, code="MOT")
    page = client.get(f"/filings/{filed.public_id}/documents/").content.decode()
    assert "<h2>Add a filing</h2>" in page and 'value="confidential_sheet"' in page
    assert "Optional words added to the docket text." in page


def test_a_confidential_sheet_is_refused_in_a_serve_only_envelope(case, attorney, pdf):
    envelope, filing = _serve_only_draft(case, attorney)
    with pytest.raises(ValidationFailed) as refused:
        document_add(
            envelope=envelope,
            user=attorney,
            filing=filing,
            kind="confidential_sheet",
            title="Sheet",
            received=received_file(pdf("sheet.pdf")),
        )
    assert refused.value.status == 422 and refused.value.field == "kind"
    assert refused.value.message == SERVED_SHEET
    page = upload(factories.client_for(attorney), envelope, pdf("sheet.pdf"), "confidential_sheet")
    assert page.status_code == 400 and "Rule 55.025" in page.content.decode()
    token = api_token_create(user=attorney, name="firm", scope=ApiToken.Scope.FILE)[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        f"/api/v1/envelopes/{envelope.public_id}/filings/{filing.pk}/documents"
        "?kind=confidential_sheet&file_name=sheet.pdf",
        pdf("sheet.pdf").read_bytes(),
        content_type="application/pdf",
    )
    assert api.status_code == 422 and api.json()["field"] == "kind", api.content
    assert not filing.documents.exists()


def test_the_review_page_lists_documents_to_serve(case, attorney, pdf):
    envelope = interrogatories(case, attorney, pdf)
    page = factories.client_for(attorney).get(f"/filings/{envelope.public_id}/review/")
    text = page.content.decode()
    assert "<h2>Documents to serve</h2>" in text and "<h2>Filings</h2>" not in text


def test_the_receipt_has_no_fees_and_says_served_above_the_list(case, attorney, pdf):
    envelope = serve(interrogatories(case, attorney, pdf), attorney)
    data = receipt_data(envelope)
    assert data.service_note == SERVED_NOT_FILED
    assert "Not filed" not in [entry.name for entry in data.service]
    text = receipt_text(data)
    assert "\nFees\n" not in text and "Total:" not in text
    assert f"\nService\n{SERVED_NOT_FILED}\nOlive Opposing" in text
    printed = pdf_text(receipt_pdf(data))
    assert "Fees" not in printed and "Not filed" not in printed
    page = factories.client_for(attorney).get(f"/filings/{envelope.public_id}/receipt/")
    html = page.content.decode()
    assert "<h2>Fees</h2>" not in html and ">Documents served</caption>" in html
    assert "<dt>Served by</dt>" in html and "Not filed:" not in html
    assert f'<p id="service-note">{SERVED_NOT_FILED}</p>' in html


def test_the_service_page_and_certificate_speak_of_service_only(case, attorney, pdf):
    envelope = serve(interrogatories(case, attorney, pdf), attorney)
    client = factories.client_for(attorney)
    page = client.get(f"/notices/service/{envelope.public_id}/").content.decode()
    assert f"<h1>Service of documents {envelope.confirmation_number}</h1>" in page
    assert "this system served each person below on <time" in page
    assert "Service of filing" not in page and "when it was submitted" not in page
    assert "entry of appearance" not in page
    certificate = pdf_text(certificate_pdf(certificate_data(envelope)))
    assert "service recorded when the documents were served" in certificate
    assert "when the filing was submitted" not in certificate


def test_my_filings_marks_a_serve_only_draft(case, attorney):
    _serve_only_draft(case, attorney)
    page = factories.client_for(attorney).get("/filings/").content.decode()
    assert "Draft (to serve, not file)" in page


def test_the_clerks_queue_filter_offers_no_serve_only_code(court):
    clerk = factories.court_staff(Role.CLERK, court)
    page = factories.client_for(clerk).get("/court/SL/review/").content.decode()
    assert 'value="MOT"' in page
    assert 'value="INTERROG"' not in page and 'value="RFA"' not in page
    refused = factories.client_for(clerk).get("/court/SL/review/?filing_code=INTERROG")
    assert refused.status_code == 400
