"""Status and disposition follow from the docket: a judgment, an order of dismissal, a
dismissal the parties file (each vacates the case's future hearings); an order of expungement
takes the case off every public surface.
The writer (efiling.cases.disposition) audits each change; the clerk assigns the judge."""

from datetime import timedelta

import pytest
from django.test import Client

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.cases.disposition import case_disposition_record, case_expunge, case_judge_assign
from efiling.cases.models import CaseStatus, Disposition
from efiling.cases.public import public_cases
from efiling.core import clock
from efiling.core.errors import PermissionDenied, ValidationFailed
from efiling.docket import selectors
from efiling.docket import services as docket
from efiling.docket.disposition import DISMISSAL_FILING_CODE
from efiling.filings import services
from efiling.scheduling.models import Hearing
from efiling.service.models import Notice
from tests import factories
from tests.docket.order_helpers import order_issue, order_parties
from tests.filings.helpers import with_lead_document


def _judgment(case, judge):
    plaintiff, defendant = order_parties(case)
    return order_issue(
        judge,
        case,
        judge,
        kind="judgment",
        title="Judgment",
        body_text="Judgment for the plaintiff.",
        judgment_lines=[
            {"in_favor_of": plaintiff.pk, "against": defendant.pk, "amount_cents": 500_00}
        ],
    )


def test_a_judgment_disposes_of_the_case(case, judge):
    assert case.status == CaseStatus.OPEN and case.disposition == ""
    order = _judgment(case, judge)
    case.refresh_from_db()
    assert case.status == CaseStatus.DISPOSED
    assert case.disposition == Disposition.JUDGMENT
    assert case.disposed_at == order.issued_at
    event = AuditEvent.objects.get(action="case.disposed")
    assert event.details["docket_number"] == order.docket_entry.number
    # The public page says so, and shows the judgment's amount.
    page = Client().get(f"/public/cases/{case.number}/").content.decode()
    assert "Disposed: judgment" in page and "$500.00" in page


def test_a_plain_order_leaves_the_case_open(case, judge):
    order_issue(judge, case, judge)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not AuditEvent.objects.filter(action="case.disposed").exists()


def test_an_order_of_dismissal_disposes_and_the_first_disposition_stands(case, judge):
    order_issue(judge, case, judge, kind="dismissal", title="Order of dismissal")
    case.refresh_from_db()
    assert case.disposition == Disposition.DISMISSED_BY_COURT
    first = case.disposed_at
    _judgment(case, judge)  # a later judgment does not change how the case ended
    case.refresh_from_db()
    assert case.disposition == Disposition.DISMISSED_BY_COURT and case.disposed_at == first
    assert AuditEvent.objects.filter(action="case.disposed").count() == 1


def test_an_order_of_transfer_disposes_of_the_case_here(case, judge):
    order = order_issue(
        judge, case, judge, kind="transfer", title="Order of transfer to Jackson County"
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.DISPOSED
    assert case.disposition == Disposition.TRANSFERRED
    assert case.disposed_at == order.issued_at
    page = Client().get(f"/public/cases/{case.number}/").content.decode()
    assert "Disposed: transferred to another court" in page


def test_an_unknown_kind_of_order_is_refused_with_the_kinds_named(case, judge):
    with pytest.raises(ValidationFailed) as refused:
        order_issue(judge, case, judge, kind="settlement")
    assert "order of transfer (change of venue)" in str(refused.value)


def test_an_order_of_expungement_hides_the_case_everywhere_public(case, judge):
    _judgment(case, judge)
    assert selectors.judgments_index().count() == 1
    assert Client().get(f"/public/cases/{case.number}/").status_code == 200
    order = order_issue(judge, case, judge, kind="expungement", title="Order of expungement")
    case.refresh_from_db()
    assert case.expunged_at == order.issued_at
    assert not public_cases().filter(pk=case.pk).exists()
    assert selectors.judgments_index().count() == 0
    assert Client().get(f"/public/cases/{case.number}/").status_code == 404
    assert Client().get(f"/public/cases/{case.number}/feed.atom").status_code == 404
    assert AuditEvent.objects.filter(action="case.expunged").count() == 1
    # A second order changes nothing.
    assert not case_expunge(case=case, at=clock.now(), entry_number=99, actor=judge)


def test_an_order_of_dismissal_takes_no_judgment_lines(case, judge):
    plaintiff, defendant = order_parties(case)
    with pytest.raises(ValidationFailed):
        order_issue(
            judge,
            case,
            judge,
            kind="dismissal",
            judgment_lines=[
                {"in_favor_of": plaintiff.pk, "against": defendant.pk, "amount_cents": 1}
            ],
        )


def _file(accepted, attorney, pdf, clerk, code, key):
    draft = services.draft_create(
        user=attorney, court=accepted.case.court, case_number=accepted.case.number
    )
    services.filing_add(envelope=draft, user=attorney, code=code)
    envelope = services.envelope_submit(
        envelope=with_lead_document(draft, attorney, pdf),
        user=attorney,
        idempotency_key=key,
        signature="/s/ Avery Lawson",
    )
    return docket.filing_accept(clerk=clerk, filing=envelope.filings.get())


def test_a_dismissal_filed_by_the_parties_disposes_once_accepted(accepted, attorney, pdf, clerk):
    case = accepted.case
    _file(accepted, attorney, pdf, clerk, "MOT", "motion")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    entry = _file(accepted, attorney, pdf, clerk, DISMISSAL_FILING_CODE, "dismissal")
    case.refresh_from_db()
    assert case.status == CaseStatus.DISPOSED
    assert case.disposition == Disposition.DISMISSED_BY_PARTIES
    assert case.disposed_at == entry.filed_at


def test_the_writer_refuses_what_is_not_a_disposition(case, clerk):
    for wrong in ["", "settled"]:
        with pytest.raises(ValueError):
            case_disposition_record(
                case=case, disposition=wrong, at=clock.now(), entry_number=1, actor=clerk
            )


def test_the_clerk_assigns_a_judge_of_the_court(case, clerk, judge, court, other_court):
    client = factories.client_for(clerk)
    page = client.get(f"/court/cases/{case.pk}/").content.decode()
    assert "Assign the judge" in page
    response = client.post(
        f"/court/cases/{case.pk}/", {"action": "assign-judge", "judge": judge.pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_judge == judge
    event = AuditEvent.objects.get(action="case.judge_assigned")
    assert event.details["judge"] == [None, judge.pk]
    # A judge of another court is refused, and the assignment stays.
    stranger = factories.court_staff(Role.JUDGE, other_court)
    client.post(f"/court/cases/{case.pk}/", {"action": "assign-judge", "judge": stranger.pk})
    case.refresh_from_db()
    assert case.assigned_judge == judge
    with pytest.raises(ValidationFailed):
        case_judge_assign(case=case, judge=stranger, actor=clerk)
    # Removing the assignment.
    client.post(f"/court/cases/{case.pk}/", {"action": "assign-judge", "judge": ""})
    case.refresh_from_db()
    assert case.assigned_judge is None


def test_only_the_courts_clerk_assigns_the_judge(case, judge, court, other_court, attorney):
    other_clerk = factories.court_staff(Role.CLERK, other_court)
    for actor in [judge, other_clerk, attorney]:
        with pytest.raises(PermissionDenied):
            case_judge_assign(case=case, judge=judge, actor=actor)
    # The judge sees the case page without the form, and a post changes nothing.
    client = factories.client_for(judge)
    assert "Assign the judge" not in client.get(f"/court/cases/{case.pk}/").content.decode()
    client.post(f"/court/cases/{case.pk}/", {"action": "assign-judge", "judge": judge.pk})
    # The other court's clerk does not even see the case.
    other = factories.client_for(other_clerk)
    assert other.get(f"/court/cases/{case.pk}/").status_code == 404
    other.post(f"/court/cases/{case.pk}/", {"action": "assign-judge", "judge": judge.pk})
    case.refresh_from_db()
    assert case.assigned_judge is None
    assert not AuditEvent.objects.filter(action="case.judge_assigned").exists()


def _hearing(case, judge, starts_at):
    return factories.hearing(case, judge, starts_at, room="Division 4")


@pytest.mark.parametrize(
    "dispose, said",
    [
        (lambda case, judge: _judgment(case, judge), "judgment"),
        (
            lambda case, judge: order_issue(judge, case, judge, kind="transfer", title="Transfer"),
            "transferred to another court",
        ),
    ],
)
def test_disposing_vacates_the_future_hearings_and_tells_counsel(
    case, judge, attorney, dispose, said
):
    now = clock.now()
    begun = _hearing(case, judge, now - timedelta(minutes=30))
    coming = _hearing(case, judge, now + timedelta(days=7))
    dispose(case, judge)
    begun.refresh_from_db(), coming.refresh_from_db()
    assert begun.status == Hearing.Status.SCHEDULED  # begun: the court records it as held
    assert coming.status == Hearing.Status.CANCELLED
    assert coming.cancel_reason == f"Case disposed: {said}"
    assert AuditEvent.objects.get(action="hearing.cancelled").object_id == str(coming.pk)
    notice = Notice.objects.get(recipient=attorney, body__contains="Case disposed")
    assert f"Reason: Case disposed: {said}" in notice.body
    # Off the public calendar: the hearings search of its day finds the case no more.
    day = clock.local_date(coming.starts_at, case.court.time_zone)
    found = Client().get(f"/public/search/?kind=hearings&hearing_date={day}").content.decode()
    assert case.number not in found and "0 cases match" in found
