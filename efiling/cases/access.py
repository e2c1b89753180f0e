"""Who may act in a given case: the role part comes from the one permission matrix
(efiling.accounts.permissions); the case part (appearances, admissions) is decided here."""

from __future__ import annotations

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import (
    Action,
    active_delegations_of,
    attorney_filing_problem,
    check,
)
from efiling.cases.models import Case, CounselOfRecord, ProHacViceAdmission
from efiling.core.errors import PermissionDenied


def _appears(user: User, case: Case) -> bool:
    return CounselOfRecord.objects.filter(case=case, user=user, withdrawn_at__isnull=True).exists()


def active_admission(user: User, case: Case) -> ProHacViceAdmission | None:
    return (
        ProHacViceAdmission.objects.filter(case=case, attorney=user, revoked_at__isnull=True)
        .select_related("sponsor__bar_member")
        .first()
    )


def case_filing_problem(
    *, user: User, case: Case, signer: User | None = None, entering_appearance: bool = False
) -> str | None:
    """Why `user` may not file into `case` (signed by `signer`, for staff), or None. A Missouri
    attorney who is not yet of record may file only with an entry of appearance
    (`entering_appearance`), which makes them of record once the clerk accepts it."""
    problem = check(user, Action.FILE_IN_CASE)
    if problem:
        return problem
    if user.role == Role.STAFF:
        if signer is None:
            return "Choose the attorney whose signature the filing bears."
        if not any(d.attorney_id == signer.pk for d in active_delegations_of(user)):
            return f"{signer.get_full_name()} has not authorized you to file on their behalf."
        return attorney_filing_problem(signer) or case_filing_problem(
            user=signer, case=case, entering_appearance=entering_appearance
        )
    if user.role == Role.PRO_HAC_VICE:
        admission = active_admission(user, case)
        if admission is None:
            return "The court has not admitted you pro hac vice in this case."
        if not _appears(admission.sponsor, case):
            return "Your Missouri sponsoring attorney is no longer of record in this case."
        return attorney_filing_problem(admission.sponsor)
    if not _appears(user, case):
        if entering_appearance and user.role == Role.ATTORNEY:
            return None
        return "You are not of record in this case: file an entry of appearance first."
    return None


def case_require_filing(
    *, user: User, case: Case, signer: User | None = None, entering_appearance: bool = False
) -> None:
    problem = case_filing_problem(
        user=user, case=case, signer=signer, entering_appearance=entering_appearance
    )
    if problem:
        raise PermissionDenied(problem)


def case_notice_recipients(case: Case) -> list[User]:
    """Everyone who must receive the case's notices: counsel of record (attorneys and
    self-represented parties) and admitted pro hac vice attorneys, whose Missouri sponsors are
    of record anyway. Extra notice addresses are added at delivery (NoticeEmail)."""
    counsel = [
        c.user for c in case.counsel.filter(withdrawn_at__isnull=True).select_related("user")
    ]
    admitted = [
        a.attorney
        for a in case.pro_hac_vice_admissions.filter(revoked_at__isnull=True).select_related(
            "attorney"
        )
    ]
    seen, recipients = set(), []
    for user in counsel + admitted:
        if user.pk not in seen:
            seen.add(user.pk)
            recipients.append(user)
    return recipients
