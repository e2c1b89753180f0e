"""The court's changes to who appears in a case: admissions, revocations and withdrawals, each
audited and noticed to the parties in its own transaction."""

from datetime import UTC, datetime

import pytest
import time_machine

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.cases.access import case_notice_recipients
from efiling.cases.services import (
    REASON_MAX,
    counsel_withdraw,
    pro_hac_vice_admit,
    pro_hac_vice_revoke,
)
from efiling.core.errors import Conflict, PermissionDenied, ValidationFailed
from efiling.service.models import Notice
from tests import factories


@pytest.fixture
def sponsor():
    return factories.user(Role.ATTORNEY, first_name="Mo", last_name="Sponsor")


@pytest.fixture
def colleague():
    return factories.user(Role.ATTORNEY, first_name="Jordan", last_name="Reyes")


@pytest.fixture
def visitor():
    return factories.pro_hac_vice_attorney()


@pytest.fixture
def clerk(court):
    return factories.court_staff(Role.CLERK, court)


@pytest.fixture
def the_case(court, sponsor, colleague):
    return factories.case(court, counsel=[sponsor, colleague], number="26SL-CC00001")


def _appearance(case, user):
    return case.counsel.get(user=user, withdrawn_at__isnull=True)


def _notified(case, subject_part):
    return {n.recipient for n in Notice.objects.filter(case=case, subject__contains=subject_part)}


def test_an_admission_is_noticed_to_the_parties_and_the_admitted_attorney(
    the_case, sponsor, colleague, visitor, clerk
):
    pro_hac_vice_admit(case=the_case, attorney=visitor, sponsor=sponsor, actor=clerk)
    assert _notified(the_case, "Peter Hacvice admitted pro hac vice") == {
        sponsor,
        colleague,
        visitor,
    }
    notice = Notice.objects.filter(recipient=colleague).get()
    assert notice.kind == Notice.Kind.ORDER
    assert notice.subject == ("26SL-CC00001: Peter Hacvice admitted pro hac vice")
    assert "KS Bar No. KS-1" in notice.body and "Mo Sponsor as Missouri sponsoring" in notice.body


def test_a_revocation_is_noticed_to_the_revoked_attorney_too(
    the_case, sponsor, colleague, visitor, clerk
):
    admission = pro_hac_vice_admit(case=the_case, attorney=visitor, sponsor=sponsor, actor=clerk)
    pro_hac_vice_revoke(admission=admission, actor=clerk)
    assert _notified(the_case, "admission of Peter Hacvice revoked") == {
        sponsor,
        colleague,
        visitor,
    }
    assert visitor not in case_notice_recipients(the_case)


def test_a_withdrawal_is_recorded_audited_and_noticed(the_case, sponsor, colleague, clerk):
    at = datetime(2026, 5, 4, 15, 0, tzinfo=UTC)
    with time_machine.travel(at, tick=False):
        withdrawn = counsel_withdraw(
            case=the_case,
            counsel=_appearance(the_case, colleague),
            actor=clerk,
            reason="  Order of May 4 granting leave  ",
        )
    withdrawn.refresh_from_db()
    assert withdrawn.withdrawn_at == at
    assert case_notice_recipients(the_case) == [sponsor]
    event = AuditEvent.objects.get(action="counsel.withdrawn", object_id=str(withdrawn.pk))
    assert event.actor_id == clerk.pk
    assert event.details["reason"] == "Order of May 4 granting leave"
    assert _notified(the_case, "Jordan Reyes withdrew") == {sponsor, colleague}
    notice = Notice.objects.get(recipient=colleague)
    assert notice.kind == Notice.Kind.ORDER
    assert notice.body.endswith("Reason: Order of May 4 granting leave")


def test_a_withdrawal_needs_a_reason(the_case, colleague, clerk):
    for reason in ("", "   ", "x" * (REASON_MAX + 1)):
        with pytest.raises(ValidationFailed, match="Give the reason") as refused:
            counsel_withdraw(
                case=the_case, counsel=_appearance(the_case, colleague), actor=clerk, reason=reason
            )
        assert refused.value.field == "reason"
    assert _appearance(the_case, colleague).withdrawn_at is None
    assert not Notice.objects.exists()


def test_a_withdrawal_is_recorded_once(the_case, colleague, clerk):
    appearance = _appearance(the_case, colleague)
    counsel_withdraw(case=the_case, counsel=appearance, actor=clerk, reason="Leave granted")
    with pytest.raises(Conflict, match="withdrawal of Jordan Reyes is already recorded"):
        counsel_withdraw(case=the_case, counsel=appearance, actor=clerk, reason="Again")
    assert AuditEvent.objects.filter(action="counsel.withdrawn").count() == 1


def test_a_sponsor_withdraws_only_after_the_admission_is_revoked(the_case, sponsor, visitor, clerk):
    admission = pro_hac_vice_admit(case=the_case, attorney=visitor, sponsor=sponsor, actor=clerk)
    with pytest.raises(ValidationFailed, match="sponsors the pro hac vice admission of Peter"):
        counsel_withdraw(
            case=the_case, counsel=_appearance(the_case, sponsor), actor=clerk, reason="Leave"
        )
    pro_hac_vice_revoke(admission=admission, actor=clerk)
    counsel_withdraw(
        case=the_case, counsel=_appearance(the_case, sponsor), actor=clerk, reason="Leave"
    )
    assert not the_case.counsel.filter(user=sponsor, withdrawn_at__isnull=True).exists()


def test_a_sponsor_in_another_case_may_withdraw_here(the_case, sponsor, visitor, clerk, court):
    elsewhere = factories.case(court, counsel=[sponsor])
    pro_hac_vice_admit(case=elsewhere, attorney=visitor, sponsor=sponsor, actor=clerk)
    counsel_withdraw(
        case=the_case, counsel=_appearance(the_case, sponsor), actor=clerk, reason="Leave"
    )


def test_a_withdrawn_attorney_cannot_sponsor(the_case, colleague, visitor, clerk):
    counsel_withdraw(
        case=the_case, counsel=_appearance(the_case, colleague), actor=clerk, reason="Leave"
    )
    with pytest.raises(ValidationFailed, match="attorney of record in this case"):
        pro_hac_vice_admit(case=the_case, attorney=visitor, sponsor=colleague, actor=clerk)


def test_an_appearance_in_another_case_is_refused(the_case, colleague, clerk, court):
    other_case = factories.case(court, counsel=[colleague])
    with pytest.raises(ValidationFailed, match="not of record in this case"):
        counsel_withdraw(
            case=the_case,
            counsel=_appearance(other_case, colleague),
            actor=clerk,
            reason="Leave",
        )


def test_only_the_cases_court_records_a_withdrawal(the_case, colleague, other_court):
    appearance = _appearance(the_case, colleague)
    elsewhere = factories.court_staff(Role.CLERK, other_court)
    with pytest.raises(PermissionDenied, match=r"not assigned to the St\. Louis County"):
        counsel_withdraw(case=the_case, counsel=appearance, actor=elsewhere, reason="Leave")
    with pytest.raises(PermissionDenied, match="attorney account cannot"):
        counsel_withdraw(case=the_case, counsel=appearance, actor=colleague, reason="Leave")
    judge = factories.court_staff(Role.JUDGE, the_case.court)
    counsel_withdraw(case=the_case, counsel=appearance, actor=judge, reason="Leave")
    assert not AuditEvent.objects.filter(actor_id__in=[elsewhere.pk, colleague.pk]).exists()


def test_a_withdrawn_attorneys_client_is_served_conventionally_again(the_case, colleague, clerk):
    """Found by trying the system: after Oliver's withdrawal, Acme Roofing (his client) was
    neither served nor listed to serve conventionally."""
    from efiling.cases.models import Party
    from efiling.filings.service_list import case_service_list

    client = Party.objects.create(
        case=the_case, kind="organization", role="defendant", organization_name="Acme Roofing"
    )
    client.represented_by.add(colleague)
    assert "Acme Roofing" not in [e.name for e in case_service_list(the_case, filer_ids=set())]
    counsel_withdraw(
        case=the_case, counsel=_appearance(the_case, colleague), actor=clerk, reason="Order"
    )
    assert not client.represented_by.exists()
    conventional = [e.name for e in case_service_list(the_case, filer_ids=set())]
    assert "Acme Roofing" in conventional
    event = AuditEvent.objects.get(action="counsel.withdrawn")
    assert event.details["parties"] == ["Acme Roofing"]
