"""Electronic service at submission (issue 12, Service): service records, "filing served"
notices, the service list kept with the envelope, the certificate of service."""

from datetime import timedelta

import pytest

from efiling.accounts.models import Role
from efiling.cases.models import CounselOfRecord, Party, ProHacViceAdmission, SecurityLevel
from efiling.core import clock
from efiling.docket import services as docket
from efiling.docket.models import RejectionReason
from efiling.filings import services
from efiling.filings.certificate import certificate_data, certificate_pdf
from efiling.filings.models import Envelope, Status
from efiling.filings.receipt import receipt_text
from efiling.filings.receipt_data import receipt_data
from efiling.filings.service_list import CONVENTIONAL, ELECTRONIC, service_entries, service_plan
from efiling.scheduling.models import Deadline
from efiling.service.models import Notice, NoticeDelivery, ServiceRecord
from tests import factories
from tests.service.helpers import motion, pdf_text, submit


def test_submission_serves_opposing_counsel_at_the_filing_time(case, attorney, opposing, pdf):
    envelope = submit(motion(case, attorney, pdf), attorney)
    record = ServiceRecord.objects.get(envelope=envelope)
    assert record.person == opposing and record.email == opposing.email
    assert record.served_at == envelope.submitted_at and record.channel == "electronic"
    assert [d["title"] for d in record.documents] == ["Motion to compel"]
    assert envelope.status == Status.SUBMITTED  # served before the clerk accepts anything
    notice = record.notice
    assert notice.recipient == opposing and notice.kind == Notice.Kind.FILING_SERVED
    assert notice.subject == "Served: Motion in case 26SL-CC00042"
    assert envelope.confirmation_number in notice.body
    assert record.delivery_states() == [NoticeDelivery.State.QUEUED]
    assert not Notice.objects.filter(recipient=attorney).exists()  # the filer is not served


def test_the_sponsor_of_a_pro_hac_vice_attorney_is_served(case, attorney, opposing, pdf, court):
    sponsor = factories.user(Role.ATTORNEY, first_name="Sam", last_name="Sponsor")
    visitor = factories.pro_hac_vice_attorney()
    CounselOfRecord.objects.create(case=case, user=sponsor, since=clock.now())
    ProHacViceAdmission.objects.create(
        case=case,
        attorney=visitor,
        sponsor=sponsor,
        admitted_by=factories.court_staff(Role.CLERK, court),
        admitted_at=clock.now(),
    )
    envelope = submit(motion(case, attorney, pdf), attorney)
    served = set(ServiceRecord.objects.filter(envelope=envelope).values_list("person", flat=True))
    assert served == {opposing.pk, sponsor.pk, visitor.pk}


def test_the_service_list_is_fixed_at_submission(case, attorney, opposing, pdf):
    envelope = submit(motion(case, attorney, pdf), attorney)
    latecomer = factories.user(Role.ATTORNEY, first_name="Lee", last_name="Later")
    CounselOfRecord.objects.create(case=case, user=latecomer, since=clock.now())
    envelope = Envelope.objects.get(pk=envelope.pk)
    text = receipt_text(receipt_data(envelope))
    assert f"Olive Opposing: Electronic, through this system, to {opposing.email}" in text
    assert "Dana Pro-Se: No registered attorney: serve conventionally (paper) at 12 Elm " in text
    assert "Lee Later" not in text
    assert "Lee Later" in [e.name for e in service_plan(envelope)]  # today's list has them
    page = factories.client_for(attorney).get(f"/filings/{envelope.public_id}/receipt/")
    assert "Olive Opposing" in page.content.decode() and "Lee Later" not in page.content.decode()


def test_a_retry_and_a_resubmission_after_a_return_serve_nobody_twice(
    case, attorney, opposing, court, pdf
):
    envelope = submit(motion(case, attorney, pdf), attorney)
    assert submit(envelope, attorney).pk == envelope.pk  # a retry with the same key
    clerk = factories.court_staff(Role.CLERK, court)
    docket.filing_return(clerk=clerk, filing=envelope.filings.get(), details="Sign it.")
    latecomer = factories.user(Role.ATTORNEY)
    CounselOfRecord.objects.create(case=case, user=latecomer, since=clock.now())
    resubmitted = submit(Envelope.objects.get(pk=envelope.pk), attorney, key="k2")
    assert resubmitted.status == Status.SUBMITTED
    assert ServiceRecord.objects.filter(envelope=envelope).count() == 1
    assert Notice.objects.filter(kind=Notice.Kind.FILING_SERVED).count() == 1


@pytest.mark.parametrize("code", ["EXPARTE", "MLSEAL"])
def test_ex_parte_and_leave_to_seal_reach_only_the_court(case, attorney, opposing, pdf, code):
    envelope = motion(case, attorney, pdf, code=code)
    assert service_plan(envelope) == []
    page = factories.client_for(attorney).get(f"/filings/{envelope.public_id}/review/")
    assert "reaches only the court" in page.content.decode()
    envelope = submit(envelope, attorney)
    assert not ServiceRecord.objects.filter(envelope=envelope).exists()
    assert not Notice.objects.filter(recipient=opposing).exists()
    assert "Nobody was served electronically." in pdf_text(
        certificate_pdf(certificate_data(envelope))
    )


def test_a_new_case_serves_nobody_electronically(submitted):
    assert not ServiceRecord.objects.filter(envelope=submitted).exists()
    assert {e.channel for e in service_entries(submitted)} == {"summons"}


def test_the_review_step_lists_parties_to_serve_conventionally_with_addresses(case, attorney, pdf):
    envelope = motion(case, attorney, pdf)
    channels = {e.name: e.channel for e in service_plan(envelope)}
    assert channels == {"Olive Opposing": ELECTRONIC, "Dana Pro-Se": CONVENTIONAL}
    page = factories.client_for(attorney).get(f"/filings/{envelope.public_id}/review/")
    html = page.content.decode()
    assert "12 Elm Street, Clayton, MO 63105" in html and "serve conventionally" in html


def test_a_case_the_filer_may_not_see_shows_nothing_of_it(court, opposing, pdf):
    hidden = factories.case(
        court, counsel=[opposing], number="26SL-CC00077", security_level=SecurityLevel.SEALED
    )
    Party.objects.create(
        case=hidden,
        kind=Party.Kind.PERSON,
        role=Party.PartyRole.DEFENDANT,
        first_name="Secret",
        last_name="Person",
        address_line1="1 Hidden Road",
    )
    newcomer = factories.user(Role.ATTORNEY)
    envelope = services.draft_create(user=newcomer, court=court, case_number=hidden.number)
    names = " ".join(e.name + e.method for e in service_plan(envelope))
    assert "Olive" not in names and "Secret" not in names and "Hidden" not in names


def test_the_certificate_of_service_names_who_how_and_when(case, attorney, opposing, pdf):
    envelope = submit(motion(case, attorney, pdf), attorney)
    client = factories.client_for(attorney)
    response = client.get(f"/filings/{envelope.public_id}/certificate-of-service.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Certificate of service" in text and envelope.confirmation_number in text
    assert "Olive Opposing" in text and opposing.email in text
    assert "Dana Pro-Se" in text and "12 Elm Street" in text
    assert "Motion to compel" in text and "/s/ Avery Lawson" in text
    assert response.content == client.get(response.request["PATH_INFO"]).content  # same bytes
    receipt = client.get(f"/filings/{envelope.public_id}/receipt/").content.decode()
    assert "certificate-of-service.pdf" in receipt
    stranger = factories.client_for(factories.user(Role.ATTORNEY))
    assert (
        stranger.get(f"/filings/{envelope.public_id}/certificate-of-service.pdf").status_code == 404
    )


def test_follow_up_deadlines_run_from_service_not_acceptance(
    case, attorney, court, pdf, pinned_clock
):
    filed = clock.now()
    envelope = submit(motion(case, attorney, pdf), attorney)
    pinned_clock(filed + timedelta(days=20))  # the clerk accepts three weeks later
    clerk = factories.court_staff(Role.CLERK, court)
    docket.filing_accept(clerk=clerk, filing=envelope.filings.get())
    deadline = Deadline.objects.get(case=case)
    served_on = clock.local_date(envelope.submitted_at, court.time_zone)
    assert deadline.due_date < clock.local_date(clock.now(), court.time_zone)
    assert deadline.source.startswith("Response to motion due 10 days after service on")
    assert (deadline.due_date - served_on).days >= 10


def test_a_filing_that_is_not_served_sets_no_follow_up_deadline(case, attorney, court, pdf):
    envelope = submit(motion(case, attorney, pdf, code="EXPARTE"), attorney)
    docket.filing_accept(
        clerk=factories.court_staff(Role.CLERK, court), filing=envelope.filings.get()
    )
    assert not Deadline.objects.filter(case=case).exists()


def test_everyone_served_is_told_when_the_clerk_rejects_the_filing(
    case, attorney, opposing, court, pdf
):
    envelope = submit(motion(case, attorney, pdf), attorney)
    clerk = factories.court_staff(Role.CLERK, court)
    reason = (
        RejectionReason.objects.filter(court__isnull=True).first()
        or RejectionReason.objects.first()
    )
    docket.filing_reject(
        clerk=clerk, filing=envelope.filings.get(), reason_id=reason.pk, details="Private note."
    )
    told = Notice.objects.get(recipient=opposing, kind=Notice.Kind.SERVED_FILING_ENDED)
    assert told.subject == "Rejected: Motion in case 26SL-CC00042"
    assert envelope.confirmation_number in told.body and "Private note" not in told.body


def test_those_served_read_the_documents_as_submitted_and_a_rejection_is_marked(
    case, attorney, opposing, court, pdf
):
    envelope = submit(motion(case, attorney, pdf), attorney)
    record = ServiceRecord.objects.get(envelope=envelope)
    page_url = f"/notices/served/{record.pk}/"
    assert record.notice.link == page_url
    document = envelope.filings.get().documents.get()
    client = factories.client_for(opposing)
    page = client.get(page_url).content.decode()
    assert "Motion to compel" in page and "Submitted" in page
    pdf_url = f"/notices/served/{record.pk}/documents/{document.pk}.pdf"
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Security-Policy"] == "sandbox"
    clerk = factories.court_staff(Role.CLERK, court)
    reason = RejectionReason.objects.first()
    docket.filing_reject(clerk=clerk, filing=envelope.filings.get(), reason_id=reason.pk)
    page = client.get(page_url).content.decode()
    assert "Rejected by the clerk: not on the docket" in page
    assert client.get(pdf_url).status_code == 200
    for stranger in (factories.user(Role.ATTORNEY), attorney):  # the filer was not served
        other = factories.client_for(stranger)
        assert other.get(page_url).status_code == 404
        assert other.get(pdf_url).status_code == 404
    staff = factories.client_for(factories.staff_for(opposing))
    assert staff.get(page_url).status_code == 200


def test_a_served_document_of_a_sealed_case_is_read_only_by_who_still_takes_part(
    case, attorney, opposing, pdf
):
    from efiling.audit.models import AuditEvent

    case.security_level = SecurityLevel.SEALED
    case.save()
    envelope = submit(motion(case, attorney, pdf), attorney)
    record = ServiceRecord.objects.get(envelope=envelope)
    assert case.number in record.notice.subject and "Motion to compel" not in record.notice.body
    client = factories.client_for(opposing)
    assert client.get(f"/notices/served/{record.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="case.viewed", actor_id=opposing.pk).exists()
    CounselOfRecord.objects.filter(case=case, user=opposing).update(withdrawn_at=clock.now())
    assert client.get(f"/notices/served/{record.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_of_a_submission_serve_once(case, attorney, opposing, pdf):
    import threading

    from django.db import connections

    envelope = motion(case, attorney, pdf)
    barrier, results, errors = threading.Barrier(4), [], []

    def again():
        try:
            barrier.wait()
            results.append(submit(Envelope.objects.get(pk=envelope.pk), attorney).pk)
        except Exception as exc:  # a Conflict ("being processed") is a fair answer too
            errors.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=again) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results and set(errors) <= {"Conflict"}
    assert ServiceRecord.objects.filter(envelope=envelope).count() == 1
    assert Notice.objects.filter(recipient=opposing, kind=Notice.Kind.FILING_SERVED).count() == 1


def test_the_receipt_of_a_filing_that_is_not_served_says_so(case, attorney, pdf):
    envelope = submit(motion(case, attorney, pdf, code="EXPARTE"), attorney)
    text = receipt_text(receipt_data(envelope))
    assert "Not served: Not served on the other side" in text and "Olive" not in text
