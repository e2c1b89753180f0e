"""Who sees a case and its documents. The court (clerks and judges of the case's court) sees
everything; counsel of record and admitted pro hac vice attorneys see their cases, sealed
material included; nobody else sees a case that is not public here (public search comes with
Case.net). Every view of confidential or sealed material is audited."""

from __future__ import annotations

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, can, require
from efiling.audit.services import audit_record
from efiling.cases.models import Case, CounselOfRecord, ProHacViceAdmission, SecurityLevel
from efiling.core.errors import NotFound
from efiling.docket.models import DocketEntry
from efiling.filings.models import Document
from efiling.scheduling.services import ON_THE_CALENDAR

NOT_FOUND = "There is no such case, or you may not see it."


def _is_court(user: User, case: Case) -> bool:
    return can(user, Action.VIEW_COURT_CASES, court=case.court)


def _participates(user: User, case: Case) -> bool:
    if CounselOfRecord.objects.filter(case=case, user=user, withdrawn_at__isnull=True).exists():
        return True
    return (
        user.role == Role.PRO_HAC_VICE
        and ProHacViceAdmission.objects.filter(
            case=case, attorney=user, revoked_at__isnull=True
        ).exists()
    )


def case_get_for_user(*, user: User, case_id: int, request=None) -> Case:
    """The case if this user may see it (else NotFound, revealing nothing); a view of a
    confidential or sealed case is audited."""
    case = Case.objects.select_related("court", "case_type").filter(pk=case_id).first()
    if (
        case is None
        or not user.is_authenticated
        or not (_is_court(user, case) or _participates(user, case))
    ):
        raise NotFound(NOT_FOUND)
    if case.security_level != SecurityLevel.PUBLIC:
        audit_record(
            action="case.viewed",
            target=case,
            actor=user,
            request=request,
            details={"security": case.security_level},
        )
    return case


def case_for_court_action(*, user: User, case_id: int, action: Action) -> Case:
    """A case court staff act on (a paper filing, an order): NotFound if there is no such
    case, PermissionDenied unless the user may take `action` in its court."""
    case = Case.objects.select_related("court").filter(pk=case_id).first()
    if case is None:
        raise NotFound("There is no such case.")
    require(user, action, court=case.court)
    return case


def cases_for_user(*, user: User, court=None):
    """Cases a user may see: all of the courts they serve, or the ones they appear in."""
    cases = Case.objects.select_related("court", "case_type").exclude(number__isnull=True)
    if court is not None:
        cases = cases.filter(court=court)
    if user.role in (Role.CLERK, Role.JUDGE):
        return cases.filter(court__assignments__user=user).distinct()
    return cases.filter(counsel__user=user, counsel__withdrawn_at__isnull=True).distinct()


def cases_search(*, user: User, court=None, query: str = ""):
    """The numbered cases the user may see (of one court, or all), newest first; `query`
    matches the case number (any part, e.g. "CC00012") or the caption."""
    from django.db.models import Q

    cases = cases_for_user(user=user, court=court)
    query = " ".join(query.split())[:100]
    if query:
        cases = cases.filter(Q(number__icontains=query) | Q(caption__icontains=query))
    return cases.order_by("-created_at", "-pk")


def case_overview(*, user: User, case: Case) -> dict:
    """What a case page shows of a case the user may see: the docket entries visible to them
    (with documents and corrections), parties, active counsel, scheduled hearings, deadlines."""
    entries = list(
        case.docket_entries.prefetch_related("documents", "corrections").order_by("number")
    )
    if not _sees_sealed(user, case):  # asked once for the case, not per entry
        entries = [entry for entry in entries if entry.security_level != SecurityLevel.SEALED]
    return {
        "case": case,
        "entries": entries,
        "parties": case.parties.all(),
        "counsel": case.counsel.filter(withdrawn_at__isnull=True).select_related("user"),
        "hearings": case.hearings.filter(status__in=ON_THE_CALENDAR)
        .select_related("courtroom", "judge")
        .order_by("starts_at"),
        "deadlines": case.deadlines.order_by("due_date"),
    }


def _sees_sealed(user: User, case: Case) -> bool:
    """Sealed entries: the court and counsel only (the case check has already passed)."""
    return _is_court(user, case) or _participates(user, case)


def entry_visible(user: User, entry: DocketEntry) -> bool:
    return entry.security_level != SecurityLevel.SEALED or _sees_sealed(user, entry.case)


def document_get_for_user(*, user: User, document_id: int, request=None) -> Document:
    """A docketed document of a visible case; every read of a non-public one is audited."""
    document = (
        Document.objects.select_related("docket_entry__case__court").filter(pk=document_id).first()
    )
    entry = document.docket_entry if document else None
    if entry is None:
        raise NotFound("There is no such document, or you may not see it.")
    case = case_get_for_user(user=user, case_id=entry.case_id, request=None)
    if not entry_visible(user, entry):
        raise NotFound("There is no such document, or you may not see it.")
    if (
        entry.security_level != SecurityLevel.PUBLIC
        or document.kind == Document.Kind.CONFIDENTIAL_SHEET
    ):
        audit_record(
            action="document.viewed",
            target=document,
            actor=user,
            request=request,
            details={"case": case.number, "security": entry.security_level, "kind": document.kind},
        )
    return document
