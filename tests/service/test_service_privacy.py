"""What service shows to whom (second trial of issue 12): the filer sees the e-mail state at the
address served only (page and API alike); a confidential information sheet is listed by its
kind in notices and e-mail, and each read of it as served is audited; a read of a sealed
case's served document names the document; an entry of appearance's own clients are not on
the filer's "serve conventionally" list."""

import pytest

from efiling.accounts.models import NoticeEmail
from efiling.audit.models import AuditEvent
from efiling.cases.models import CounselOfRecord, Party, SecurityLevel
from efiling.core import clock
from efiling.filings import services
from efiling.filings.documents import document_add
from efiling.filings.service_list import service_entries, service_plan
from efiling.service.models import NoticeDelivery, ServiceRecord
from tests import factories
from tests.filings.helpers import received_file
from tests.service.helpers import motion, submit


def _second_address(user):
    now = clock.now()
    NoticeEmail.objects.create(
        user=user, email="olive.partner@example.net", created_at=now, confirmed_at=now
    )


def test_get_filing_status_shows_only_the_served_addresss_e_mail(case, attorney, opposing, pdf):
    _second_address(opposing)
    envelope = submit(motion(case, attorney, pdf), attorney)
    record = ServiceRecord.objects.get(envelope=envelope)
    assert record.notice.deliveries.count() == 2
    record.notice.deliveries.update(state=NoticeDelivery.State.BOUNCED)
    client = factories.client_for(attorney)
    answer = client.get(f"/api/v1/envelopes/{envelope.public_id}").json()
    assert [r["delivery"] for r in answer["service"]["records"]] == [["bounced"]]
    assert "olive.partner@example.net" not in str(answer)


def _with_confidential_sheet(case, attorney, pdf):
    envelope = motion(case, attorney, pdf)
    document_add(
        envelope=envelope,
        user=attorney,
        filing=envelope.filings.get(),
        kind="confidential_sheet",
        title="Sheet ZEBRA 123-45-6789",
        received=received_file(pdf("sheet.pdf")),
    )
    return envelope


def test_a_confidential_sheet_is_listed_by_its_kind_and_its_reads_are_audited(
    case, attorney, opposing, pdf
):
    envelope = submit(_with_confidential_sheet(case, attorney, pdf), attorney)
    record = ServiceRecord.objects.get(envelope=envelope)
    assert "ZEBRA" not in record.notice.body and "Confidential information sheet" in (
        record.notice.body
    )
    sheet = envelope.filings.get().documents.get(kind="confidential_sheet")
    client = factories.client_for(opposing)
    response = client.get(f"/notices/served/{record.pk}/documents/{sheet.pk}.pdf")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="document.viewed").latest("id")
    assert event.actor_id == opposing.pk and event.details["kind"] == "confidential_sheet"
    lead = envelope.filings.get().documents.get(kind="lead")
    before = AuditEvent.objects.filter(action="document.viewed").count()
    client.get(f"/notices/served/{record.pk}/documents/{lead.pk}.pdf")  # public: not audited
    assert AuditEvent.objects.filter(action="document.viewed").count() == before


def test_a_read_of_a_sealed_cases_served_document_names_the_document(case, attorney, opposing, pdf):
    envelope = submit(motion(case, attorney, pdf), attorney)
    case.security_level = SecurityLevel.SEALED
    case.save(update_fields=["security_level"])
    record = ServiceRecord.objects.get(envelope=envelope)
    document = envelope.filings.get().documents.get()
    factories.client_for(opposing).get(f"/notices/served/{record.pk}/documents/{document.pk}.pdf")
    event = AuditEvent.objects.filter(action="document.viewed").latest("id")
    assert event.object_id == str(document.pk) and event.actor_id == opposing.pk
    assert event.details["security"] == "sealed"


@pytest.mark.parametrize("submitted", [False, True])
def test_an_appearances_own_clients_are_not_to_be_served_conventionally(
    case, attorney, court, pdf, submitted
):
    newcomer = factories.user(first_name="Nora", last_name="Newcomer")
    CounselOfRecord.objects.create(case=case, user=newcomer, since=clock.now())
    dana = Party.objects.get(case=case, last_name="Pro-Se")
    envelope = services.draft_create(user=newcomer, court=court, case_number=case.number)
    filing = services.filing_add(
        envelope=envelope, user=newcomer, code="EOA", appearing_for=[dana.pk]
    )
    document_add(
        envelope=envelope,
        user=newcomer,
        filing=filing,
        kind="lead",
        title="Entry of appearance",
        received=received_file(pdf("eoa.pdf")),
    )
    if submitted:
        envelope = services.envelope_submit(
            envelope=envelope, user=newcomer, idempotency_key="k", signature="/s/ Nora Newcomer"
        )
        names = [e.name for e in service_entries(envelope)]
    else:
        names = [e.name for e in service_plan(envelope)]
    assert "Dana Pro-Se" not in names and "Olive Opposing" in names
