"""A filing in an existing case can respond to an earlier docket entry; the docket says so."""

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.core import clock
from efiling.core.errors import ValidationFailed
from efiling.courts.calendar import deadline_compute
from efiling.docket import services as docket
from efiling.filings import services
from efiling.filings.models import Filing
from tests.filings.helpers import with_lead_document


@pytest.fixture
def motion_draft(accepted, attorney, court):
    return services.draft_create(user=attorney, court=court, case_number=accepted.case.number)


def test_a_response_is_docketed_as_responding_to_the_entry(
    accepted, motion_draft, attorney, pdf, clerk
):
    filing = services.filing_add(
        envelope=motion_draft, user=attorney, code="MOT", responds_to=accepted.number
    )
    assert filing.responds_to == accepted
    envelope = services.envelope_submit(
        envelope=with_lead_document(motion_draft, attorney, pdf),
        user=attorney,
        idempotency_key="motion",
        signature="/s/ Avery Lawson",
    )
    entry = docket.filing_accept(clerk=clerk, filing=envelope.filings.get())
    assert entry.number == 2
    assert entry.text.endswith(" Responds to docket entry 1.")
    # The motion's follow-up deadline, from its filing code's data, runs from the filing time.
    deadline = accepted.case.deadlines.get()
    assert deadline.title == "Response to motion due"
    served = clock.local_date(envelope.submitted_at, accepted.case.court.time_zone)
    assert (
        deadline.due_date == deadline_compute(court=accepted.case.court, start=served, days=10).due
    )
    assert deadline.set_by_entry == 2 and deadline.satisfied_at is None
    assert list(accepted.responses.all()) == [envelope.filings.get()]
    client = Client()
    client.force_login(clerk)
    page = client.get(f"/court/cases/{accepted.case_id}/docket/1/").content.decode()
    assert f'href="/court/cases/{accepted.case_id}/docket/2/">Docket entry 2</a>' in page


def test_an_entry_that_is_not_on_the_docket_is_refused(motion_draft, attorney):
    with pytest.raises(ValidationFailed, match="has no docket entry 7") as error:
        services.filing_add(envelope=motion_draft, user=attorney, code="MOT", responds_to=7)
    assert error.value.field == "responds_to"
    assert not motion_draft.filings.exists()


def test_a_new_case_has_nothing_to_respond_to(new_case_envelope, attorney):
    with pytest.raises(ValidationFailed, match="new case has no docket") as error:
        services.filing_add(envelope=new_case_envelope, user=attorney, code="MOT", responds_to=1)
    assert error.value.field == "responds_to"


def test_the_wizard_offers_the_docket_entries_of_an_existing_case(
    accepted, motion_draft, new_case_envelope, signed_in
):
    url = f"/filings/{motion_draft.public_id}/documents/"
    page = signed_in.get(url)
    assert b"Responding to" in page.content
    assert b"1. Petition filed by Avery Lawson" in page.content
    response = signed_in.post(url, {"code": "MOT", "responds_to": "1"})
    assert response.status_code == 302
    assert motion_draft.filings.get().responds_to == accepted
    bad = signed_in.post(url, {"code": "MOT", "responds_to": "9"})
    assert bad.status_code == 422 and b"Choose the docket entry from the list" in bad.content
    assert motion_draft.filings.count() == 1
    new_case_page = signed_in.get(f"/filings/{new_case_envelope.public_id}/documents/")
    assert b"Responding to" not in new_case_page.content


def test_add_filing_api_takes_and_returns_the_entry(accepted, motion_draft, attorney):
    token = api_token_create(user=attorney, name="filer", scope=ApiToken.Scope.FILE)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/envelopes/{motion_draft.public_id}/filings"
    response = client.post(url, {"code": "MOT", "responds_to": 1}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["filings"][0]["responds_to"] == 1
    refused = client.post(url, {"code": "MOT", "responds_to": 5}, content_type="application/json")
    assert refused.status_code == 422 and "no docket entry 5" in refused.json()["detail"]
    assert Filing.objects.filter(envelope=motion_draft).count() == 1


def test_an_attorney_entering_a_public_case_sees_none_of_its_docket(accepted, court):
    """Confidential or sealed entries of a public case (and, by the gaps in the numbers, their
    existence) are not offered to an attorney who is not yet part of the case."""
    from efiling.accounts.models import Role
    from efiling.cases.models import SecurityLevel
    from tests import factories

    accepted.security_level = SecurityLevel.CONFIDENTIAL
    accepted.save(update_fields=["security_level"])
    newcomer = factories.user(Role.ATTORNEY, first_name="Nora", last_name="Newcomer")
    draft = services.draft_create(user=newcomer, court=court, case_number=accepted.case.number)
    assert draft.case == accepted.case  # public: its caption shows
    assert services.respondable_entries(draft) == []
    page = factories.client_for(newcomer).get(f"/filings/{draft.public_id}/documents/")
    assert b"Petition filed by" not in page.content
    with pytest.raises(ValidationFailed, match="that you can see"):
        services.filing_add(envelope=draft, user=newcomer, code="MOT", responds_to=1)


def test_a_response_submitted_answers_the_deadlines_its_entry_set(
    accepted, motion_draft, attorney, pdf, clerk, court
):
    """The motion (entry 2) sets "Response to motion due"; a filing responding to entry 2 answers
    it when submitted (not accepted), and answers nothing else."""
    services.filing_add(envelope=motion_draft, user=attorney, code="MOT")
    motion = services.envelope_submit(
        envelope=with_lead_document(motion_draft, attorney, pdf),
        user=attorney,
        idempotency_key="motion",
        signature="/s/ Avery Lawson",
    )
    docket.filing_accept(clerk=clerk, filing=motion.filings.get())
    deadline = accepted.case.deadlines.get()
    other = accepted.case.deadlines.create(
        title="Other",
        due_date=deadline.due_date,
        source="x",
        created_at=clock.now(),
        set_by_entry=1,
    )
    answer = services.draft_create(user=attorney, court=court, case_number=accepted.case.number)
    services.filing_add(envelope=answer, user=attorney, code="MOT", responds_to=2)
    submitted = services.envelope_submit(
        envelope=with_lead_document(answer, attorney, pdf),
        user=attorney,
        idempotency_key="response",
        signature="/s/ Avery Lawson",
    )
    deadline.refresh_from_db()
    other.refresh_from_db()
    assert deadline.satisfied_at == submitted.submitted_at
    assert other.satisfied_at is None
