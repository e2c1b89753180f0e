import pytest

from efiling.accounts.models import BarStatus, Role
from efiling.audit.models import AuditEvent
from efiling.cases.access import case_filing_problem, case_notice_recipients
from efiling.cases.models import CounselOfRecord
from efiling.cases.services import pro_hac_vice_admit, pro_hac_vice_revoke
from efiling.core import clock
from efiling.core.errors import Conflict, PermissionDenied, ValidationFailed
from tests import factories


@pytest.fixture
def parties(court):
    sponsor = factories.user(Role.ATTORNEY, first_name="Mo", last_name="Sponsor")
    visitor = factories.user(Role.PRO_HAC_VICE, first_name="Kay", last_name="Kansan")
    clerk = factories.court_staff(Role.CLERK, court)
    the_case = factories.case(court, counsel=[sponsor])
    return sponsor, visitor, clerk, the_case


def test_pro_hac_vice_files_only_after_admission_linked_to_a_missouri_attorney(parties):
    sponsor, visitor, clerk, the_case = parties
    assert case_filing_problem(user=visitor, case=the_case) == (
        "The court has not admitted you pro hac vice in this case."
    )
    admission = pro_hac_vice_admit(case=the_case, attorney=visitor, sponsor=sponsor, actor=clerk)
    assert case_filing_problem(user=visitor, case=the_case) is None
    assert AuditEvent.objects.filter(
        action="pro_hac_vice.admitted", object_id=str(admission.pk)
    ).exists()
    other_case = factories.case(the_case.court, counsel=[sponsor])
    assert case_filing_problem(user=visitor, case=other_case) is not None  # one case only


def test_admission_stops_when_the_sponsor_withdraws_or_is_suspended(parties):
    sponsor, visitor, clerk, the_case = parties
    pro_hac_vice_admit(case=the_case, attorney=visitor, sponsor=sponsor, actor=clerk)
    sponsor.bar_member.status = BarStatus.SUSPENDED
    sponsor.bar_member.save()
    assert "not in good standing" in case_filing_problem(user=visitor, case=the_case)
    sponsor.bar_member.status = BarStatus.GOOD_STANDING
    sponsor.bar_member.save()
    CounselOfRecord.objects.filter(case=the_case, user=sponsor).update(withdrawn_at=clock.now())
    assert "no longer of record" in case_filing_problem(user=visitor, case=the_case)


def test_sponsor_and_admitted_attorney_both_receive_notices(parties):
    sponsor, visitor, clerk, the_case = parties
    pro_hac_vice_admit(case=the_case, attorney=visitor, sponsor=sponsor, actor=clerk)
    assert case_notice_recipients(the_case) == [sponsor, visitor]
    admission = the_case.pro_hac_vice_admissions.get()
    pro_hac_vice_revoke(admission=admission, actor=clerk)
    assert case_notice_recipients(the_case) == [sponsor]
    assert case_filing_problem(user=visitor, case=the_case) is not None
    with pytest.raises(Conflict):
        pro_hac_vice_revoke(admission=admission, actor=clerk)


def test_only_the_cases_court_admits(parties, other_court):
    sponsor, visitor, _, the_case = parties
    elsewhere = factories.court_staff(Role.CLERK, other_court)
    with pytest.raises(PermissionDenied, match=r"not assigned to the St\. Louis County"):
        pro_hac_vice_admit(case=the_case, attorney=visitor, sponsor=sponsor, actor=elsewhere)
    with pytest.raises(PermissionDenied):
        pro_hac_vice_admit(case=the_case, attorney=visitor, sponsor=sponsor, actor=sponsor)


def test_admission_refusals(parties):
    sponsor, visitor, clerk, the_case = parties
    stranger = factories.user(Role.ATTORNEY)
    with pytest.raises(ValidationFailed, match="attorney of record in this case"):
        pro_hac_vice_admit(case=the_case, attorney=visitor, sponsor=stranger, actor=clerk)
    with pytest.raises(ValidationFailed, match="out-of-state"):
        pro_hac_vice_admit(case=the_case, attorney=stranger, sponsor=sponsor, actor=clerk)
    pro_hac_vice_admit(case=the_case, attorney=visitor, sponsor=sponsor, actor=clerk)
    with pytest.raises(Conflict, match="already admitted"):
        pro_hac_vice_admit(case=the_case, attorney=visitor, sponsor=sponsor, actor=clerk)


def test_attorneys_file_only_in_cases_they_appear_in(parties):
    sponsor, _, _, the_case = parties
    assert case_filing_problem(user=sponsor, case=the_case) is None
    outsider = factories.user(Role.ATTORNEY)
    assert case_filing_problem(user=outsider, case=the_case) == (
        "You are not of record in this case: file an entry of appearance first."
    )
    assert case_filing_problem(user=outsider, case=the_case, entering_appearance=True) is None


def test_staff_file_in_a_case_only_for_an_authorizing_attorney_of_record(parties):
    sponsor, _, _, the_case = parties
    staff = factories.staff_for(sponsor)
    assert case_filing_problem(user=staff, case=the_case, signer=sponsor) is None
    assert "Choose the attorney" in case_filing_problem(user=staff, case=the_case)
    other = factories.user(Role.ATTORNEY)
    assert "has not authorized you" in case_filing_problem(user=staff, case=the_case, signer=other)


def test_self_represented_litigant_files_only_in_their_own_case(court, settings):
    settings.EFILING_SELF_REPRESENTED_ENABLED = True
    litigant = factories.user(Role.SELF_REPRESENTED)
    own = factories.case(court, counsel=[litigant])
    assert case_filing_problem(user=litigant, case=own) is None
    assert case_filing_problem(user=litigant, case=factories.case(court)) is not None
    settings.EFILING_SELF_REPRESENTED_ENABLED = False
    assert "not open" in case_filing_problem(user=litigant, case=own)
