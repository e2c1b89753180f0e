"""Service of an entry of appearance into a case named by number only (issue 12, Service;
decision 0016): a case public by the time of submission is served then, like any filing; a
confidential or sealed case serves nobody until the clerk accepts the appearance, and then its
counsel of record at that time, with nothing of them shown to the filer before; a number that
names no case serves nobody, ever."""

from datetime import timedelta

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.cases.models import Party, SecurityLevel
from efiling.core import clock
from efiling.docket import services as docket
from efiling.docket.models import RejectionReason
from efiling.filings import services
from efiling.filings.certificate import certificate_data, certificate_pdf
from efiling.filings.documents import document_add
from efiling.filings.models import Envelope
from efiling.filings.receipt import receipt_text
from efiling.filings.receipt_data import receipt_data
from efiling.scheduling.models import Deadline
from efiling.scheduling.services import long_date
from efiling.service.models import Notice, ServiceRecord
from tests import factories
from tests.filings.helpers import received_file
from tests.service.test_serving import pdf_text

NUMBER, MISSING = "26SL-CC00090", "26SL-CC00091"


@pytest.fixture
def newcomer():
    return factories.user(Role.ATTORNEY, first_name="Nora", last_name="Newcomer")


@pytest.fixture
def sealed(court, opposing):
    """A sealed case: Olive Opposing of record; Sam Secret, with no attorney, at 1 Hidden Road."""
    case = factories.case(
        court, counsel=[opposing], number=NUMBER, security_level=SecurityLevel.SEALED
    )
    Party.objects.create(
        case=case,
        kind=Party.Kind.PERSON,
        role=Party.PartyRole.DEFENDANT,
        first_name="Sam",
        last_name="Secret",
        address_line1="1 Hidden Road",
    )
    return case


def _appearance(court, newcomer, pdf, number=NUMBER):
    envelope = services.draft_create(user=newcomer, court=court, case_number=number)
    assert envelope.case is None  # named by number only
    filing = services.filing_add(envelope=envelope, user=newcomer, code="EOA")
    document_add(
        envelope=envelope,
        user=newcomer,
        filing=filing,
        kind="lead",
        title="Entry of appearance",
        received=received_file(pdf("eoa.pdf")),
    )
    return envelope


def _submit(envelope, newcomer):
    return services.envelope_submit(
        envelope=envelope, user=newcomer, idempotency_key="k", signature="/s/ Nora Newcomer"
    )


def _filer_sees(envelope, newcomer) -> str:
    """Everything the filer gets about the submitted envelope: receipt (text, page), the
    service page, certificate, and GetFilingStatus."""
    envelope = Envelope.objects.get(pk=envelope.pk)
    client = factories.client_for(newcomer)
    page = client.get(f"/filings/{envelope.public_id}/receipt/")
    service_page = client.get(f"/notices/service/{envelope.public_id}/")
    token = api_token_create(user=newcomer, name="firm", scope=ApiToken.Scope.READ)[1]
    status = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(
        f"/api/v1/envelopes/{envelope.public_id}"
    )
    assert page.status_code == service_page.status_code == status.status_code == 200
    return "\n".join(
        [
            receipt_text(receipt_data(envelope)),
            page.content.decode(),
            service_page.content.decode(),
            pdf_text(certificate_pdf(certificate_data(envelope))),
            status.content.decode(),
        ]
    )


def test_a_case_public_by_submission_is_served_then_and_shows_no_docket(
    court, sealed, opposing, newcomer, pdf
):
    envelope = _appearance(court, newcomer, pdf)
    sealed.security_level = SecurityLevel.PUBLIC  # unsealed while the draft waited
    sealed.save(update_fields=["security_level"])
    envelope = _submit(envelope, newcomer)
    assert envelope.case == sealed
    record = ServiceRecord.objects.get(envelope=envelope)
    assert record.person == opposing and record.served_at == envelope.submitted_at
    seen = _filer_sees(envelope, newcomer)
    assert "Olive Opposing" in seen and "1 Hidden Road" in seen  # a public case's list
    assert services.respondable_entries(envelope) == []  # still none of its docket
    assert factories.client_for(newcomer).get(f"/cases/{sealed.pk}/").status_code == 404


def test_a_sealed_case_is_served_when_the_clerk_accepts_the_appearance(
    court, sealed, opposing, newcomer, pdf, pinned_clock
):
    envelope = _submit(_appearance(court, newcomer, pdf), newcomer)
    assert envelope.case is None
    assert not ServiceRecord.objects.filter(envelope=envelope).exists()
    assert not Notice.objects.filter(recipient=opposing).exists()
    seen = _filer_sees(envelope, newcomer)
    for secret in ("Olive", opposing.email, "Sam Secret", "Hidden Road", sealed.caption):
        assert secret not in seen
    assert "when the clerk accepts your entry of appearance" in seen
    assert "Nobody has been served yet" in seen

    accepted_at = envelope.submitted_at + timedelta(days=3)
    pinned_clock(accepted_at)
    clerk = factories.court_staff(Role.CLERK, court)
    docket.filing_accept(clerk=clerk, filing=envelope.filings.get())
    record = ServiceRecord.objects.get(envelope=envelope)
    assert record.person == opposing and record.served_at == accepted_at
    assert record.notice.recipient == opposing and record.notice.kind == "filing_served"
    assert not ServiceRecord.objects.filter(person=newcomer).exists()
    envelope = Envelope.objects.get(pk=envelope.pk)
    certificate = pdf_text(certificate_pdf(certificate_data(envelope)))
    assert "Olive Opposing" in certificate and "Sam Secret" in certificate
    assert "when the clerk accepted the entry of appearance" in certificate
    text = receipt_text(receipt_data(envelope))
    assert "Olive Opposing: Electronic, through this system" in text
    assert "when the clerk accepted your entry of appearance" in text


def test_a_number_that_names_no_case_serves_nobody_ever(court, sealed, newcomer, pdf):
    envelope = _submit(_appearance(court, newcomer, pdf, number=MISSING), newcomer)
    seen = _filer_sees(envelope, newcomer)
    assert "Nobody has been served yet" in seen
    clerk = factories.court_staff(Role.CLERK, court)
    docket.filing_reject(
        clerk=clerk, filing=envelope.filings.get(), reason_id=RejectionReason.objects.first().pk
    )
    assert not ServiceRecord.objects.filter(envelope=envelope).exists()
    assert not Notice.objects.filter(kind="filing_served").exists()
    certificate = pdf_text(certificate_pdf(certificate_data(envelope)))
    assert "Nobody has been served yet" in certificate


def test_the_filer_cannot_tell_a_sealed_case_from_no_case(
    court, sealed, newcomer, pdf, pinned_clock
):
    pinned_clock(clock.now())  # both filed at the same instant
    hidden = _submit(_appearance(court, newcomer, pdf), newcomer)
    other = factories.user(Role.ATTORNEY, first_name="Nora", last_name="Newcomer")
    missing = services.envelope_submit(
        envelope=_appearance(court, other, pdf, number=MISSING),
        user=other,
        idempotency_key="k",
        signature="/s/ Nora Newcomer",
    )

    def shown(envelope):
        text = receipt_text(receipt_data(envelope))
        for varying in (envelope.confirmation_number, envelope.case_number):
            text = text.replace(varying, "X")
        return [line for line in text.splitlines() if "SHA-256" not in line]

    assert shown(hidden) == shown(missing)


def test_follow_up_deadlines_of_a_filing_served_at_acceptance_run_from_it(
    court, sealed, opposing, newcomer, pdf, pinned_clock
):
    envelope = _appearance(court, newcomer, pdf)
    motion = services.filing_add(envelope=envelope, user=newcomer, code="MOT")
    document_add(
        envelope=envelope,
        user=newcomer,
        filing=motion,
        kind="lead",
        title="Motion to compel",
        received=received_file(pdf("motion.pdf")),
    )
    envelope = _submit(envelope, newcomer)
    accepted_at = envelope.submitted_at + timedelta(days=30)
    pinned_clock(accepted_at)
    clerk = factories.court_staff(Role.CLERK, court)
    docket.filing_accept(clerk=clerk, filing=envelope.filings.get(filing_code__code="EOA"))
    docket.filing_accept(clerk=clerk, filing=motion)
    deadline = Deadline.objects.get(case=sealed)
    served_on = clock.local_date(accepted_at, court.time_zone)
    assert f"after service on {long_date(served_on)}" in deadline.source
    assert deadline.due_date > served_on
