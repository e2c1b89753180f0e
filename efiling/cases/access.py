"""Who may act in a given case: the role part comes from the one permission matrix
(efiling.accounts.permissions); the case part (appearances, admissions) is decided here.

A case the user may not see is indistinguishable from a case that does not exist: the functions
here that take a case accept `None` for "a case this user is not part of" and answer exactly as
they would for a case they do not appear in, so no caller can learn more from the answer.
"""

from __future__ import annotations

from django.db.models import Q

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import (
    Action,
    active_delegations_of,
    attorney_filing_problem,
    check,
    filers_acted_for,
)
from efiling.audit.services import audit_record
from efiling.cases.models import Case, CounselOfRecord, ProHacViceAdmission, SecurityLevel
from efiling.core.errors import PermissionDenied


def _appears(user: User, case: Case | None) -> bool:
    if case is None:
        return False
    return CounselOfRecord.objects.filter(case=case, user=user, withdrawn_at__isnull=True).exists()


def active_admission(user: User, case: Case | None) -> ProHacViceAdmission | None:
    if case is None:
        return None
    return (
        ProHacViceAdmission.objects.filter(case=case, attorney=user, revoked_at__isnull=True)
        .select_related("sponsor__bar_member")
        .first()
    )


def case_participant(user: User, case: Case) -> bool:
    """Whether the user takes part in the case: of record in it (an attorney, or a
    self-represented party), admitted in it pro hac vice, or staff of an attorney who does
    (while the attorney's authority lasts)."""
    if not user.is_authenticated:
        return False
    return any(
        _appears(filer, case)
        or (filer.role == Role.PRO_HAC_VICE and active_admission(filer, case) is not None)
        for filer in filers_acted_for(user)
    )


def participant_cases_q(filers) -> Q:
    """A filter on cases: those in which any of `filers` is of record or admitted pro hac vice
    (two subqueries, no join, so a case list stays on its indexes and needs no DISTINCT)."""
    ids = [filer.pk for filer in filers]
    counsel = CounselOfRecord.objects.filter(user_id__in=ids, withdrawn_at__isnull=True)
    admitted = ProHacViceAdmission.objects.filter(attorney_id__in=ids, revoked_at__isnull=True)
    return Q(pk__in=counsel.values("case_id")) | Q(pk__in=admitted.values("case_id"))


def case_attorneys_named(*, user: User, cases) -> dict[int, list[str]]:
    """For staff: case id -> the names of the attorneys who authorized `user` and take part in
    that case (of record or admitted), so that every row of a staff member's list names whose
    case it is. Empty for everyone else. Two queries for any number of cases."""
    if user.role != Role.STAFF:
        return {}
    filers = {filer.pk: filer.get_full_name() for filer in filers_acted_for(user)}
    case_ids = [case.pk for case in cases]
    named: dict[int, set[str]] = {}
    rows = list(
        CounselOfRecord.objects.filter(
            case_id__in=case_ids, user_id__in=filers, withdrawn_at__isnull=True
        ).values_list("case_id", "user_id")
    ) + list(
        ProHacViceAdmission.objects.filter(
            case_id__in=case_ids, attorney_id__in=filers, revoked_at__isnull=True
        ).values_list("case_id", "attorney_id")
    )
    for case_id, filer_id in rows:
        named.setdefault(case_id, set()).add(filers[filer_id])
    return {case_id: sorted(names) for case_id, names in named.items()}


def case_for_filing(*, signer: User, court, number: str) -> Case | None:
    """The numbered case of `court` that a draft signed by `signer` may name and show: one the
    signer takes part in, or a public one that is not a protection order (never shown online
    to whoever is not in it: decision 0017). None both when there is no such case and when it
    is hidden from the signer, so that the two cannot be told apart; such a draft keeps only
    the number typed, and the clerk's review decides (an entry of appearance)."""
    case = Case.objects.select_related("court", "case_type").filter(court=court, number=number)
    case = case.first()
    if case is None:
        return None
    shown = case.security_level == SecurityLevel.PUBLIC and not case.case_type.protection_order
    if shown or case_participant(signer, case):
        return case
    return None


def case_filing_problem(
    *, user: User, case: Case | None, signer: User | None = None, entering_appearance: bool = False
) -> str | None:
    """Why `user` may not file into `case` (signed by `signer`, for staff), or None. A Missouri
    attorney who is not yet of record may file only with an entry of appearance
    (`entering_appearance`), which makes them of record once the clerk accepts it. `case` None
    stands for a case the user may not see, or that does not exist: answered as a case they are
    not part of."""
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
    *, user: User, case: Case | None, signer: User | None = None, entering_appearance: bool = False
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


def case_read_audit(*, user: User, case: Case, request=None, what: str = "") -> None:
    """Record a read of a confidential or sealed case (its caption, parties, docket, hearings
    or orders are non-public material): who, which case, from which address, and `what` page
    or operation showed it. Nothing for a public case."""
    if case.security_level == SecurityLevel.PUBLIC:
        return
    details = {"case": case.number, "security": case.security_level}
    if what:
        details["read"] = what
    audit_record(action="case.viewed", target=case, actor=user, request=request, details=details)


def cases_listed_audit(*, user: User, cases, request=None, what: str = "") -> None:
    """Record that a list shown to `user` named confidential or sealed cases (their captions are
    non-public material): one event naming them, nothing when every case listed is public.
    `cases` may hold a case more than once (a calendar): each is named once."""
    hidden = sorted({c.number for c in cases if c.security_level != SecurityLevel.PUBLIC})
    if hidden:
        details = {"cases": hidden}
        if what:
            details["read"] = what
        audit_record(
            action="cases.listed",
            object_type="cases.case",
            object_repr=f"{len(hidden)} non-public cases",
            actor=user,
            request=request,
            details=details,
        )
