"""An attorney's authorized staff receive the attorney's notices (issue 12): the service app's
recipient rules (efiling.service.recipients) add them to every notice the attorney receives."""

from efiling.accounts.models import Role
from efiling.core import clock
from efiling.docket.services import minute_entry_add
from efiling.service.models import Notice
from efiling.service.services import notices_record
from tests import factories


def _subjects(user) -> list[str]:
    return list(Notice.objects.filter(recipient=user).values_list("subject", flat=True))


def test_counsels_staff_receive_the_cases_notices_and_revoked_staff_do_not(court, attorney):
    staff = factories.staff_for(attorney)
    former = factories.staff_for(attorney)
    former.delegations_received.update(revoked_at=clock.now())
    other_side = factories.user()
    other_staff = factories.staff_for(other_side)
    outsider_staff = factories.staff_for(factories.user())
    case = factories.case(court, counsel=[attorney, other_side])
    clerk = factories.court_staff(Role.CLERK, court)

    entry = minute_entry_add(clerk=clerk, case=case, text="Status conference held.")

    subject = f"{case.number}: docket entry {entry.number}"
    for told in (attorney, staff, other_side, other_staff):
        assert _subjects(told) == [subject]
    for untold in (former, outsider_staff, clerk):
        assert _subjects(untold) == []


def test_staff_are_told_once_and_deactivated_staff_not_at_all(attorney):
    staff = factories.staff_for(attorney)
    second_attorney = factories.user()
    second_attorney.staff_delegations.create(staff=staff, created_at=clock.now())
    inactive = factories.staff_for(attorney, is_active=False)

    notices = notices_record(
        recipients=[attorney, second_attorney, staff],
        kind=Notice.Kind.ORDER,
        subject="26SL-CC00001: order entered",
        body="Order.",
    )

    assert [n.recipient for n in notices] == [attorney, second_attorney, staff]
    assert _subjects(inactive) == []


def test_the_filers_staff_learn_of_the_review(court, new_case_envelope, attorney, pdf):
    """The review notice goes to the signer and the preparer; the signer's other staff get it
    too, as everyone the attorney authorized."""
    from efiling.docket.services import filing_accept
    from efiling.filings.services import envelope_submit
    from tests.filings.helpers import with_lead_document

    staff = factories.staff_for(attorney)
    envelope = envelope_submit(
        envelope=with_lead_document(new_case_envelope, attorney, pdf),
        user=attorney,
        idempotency_key="a",
        signature="/s/ Avery Lawson",
    )
    clerk = factories.court_staff(Role.CLERK, court)
    filing_accept(clerk=clerk, filing=envelope.filings.get())

    reviewed = Notice.objects.filter(kind=Notice.Kind.FILING_REVIEWED)
    assert sorted(n.recipient_id for n in reviewed) == sorted([attorney.pk, staff.pk])
    assert not Notice.objects.filter(kind=Notice.Kind.DOCKET_ENTRY, recipient=staff).exists()


def test_the_staff_of_opposing_counsel_are_told_of_the_service(case, attorney, opposing, pdf):
    """Service is on the attorney (the service record names them, and its notice is theirs);
    the staff they authorized get the "filing served" notice too."""
    from efiling.service.models import ServiceRecord
    from tests.service.helpers import motion, submit

    opposing_staff = factories.staff_for(opposing)

    envelope = submit(motion(case, attorney, pdf), attorney)

    record = ServiceRecord.objects.get(envelope=envelope)
    assert record.person == opposing and record.notice.recipient == opposing
    served = Notice.objects.filter(kind=Notice.Kind.FILING_SERVED)
    assert sorted(n.recipient_id for n in served) == sorted([opposing.pk, opposing_staff.pk])
