"""Who sees a case and its documents: one fetch-and-authorize function per kind of object.

The court (clerks and judges of the case's court) sees everything of its cases; counsel of record
and admitted pro hac vice attorneys see their cases, sealed material included; nobody else sees a
case that is not public here (public search comes with Case.net). A case, document or docket
entry the user may not see is answered exactly as one that does not exist: the same status, the
same words (NotFound with the kind's one message), so that sequential ids and numbers cannot be
used to learn what exists.

Every read of non-public material (a confidential or sealed case, a sealed docket entry, a
document of either, a confidential information sheet) is audited, naming what was read, by whom
and from which address.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q

from efiling.accounts.models import CourtAssignment, Role, User
from efiling.accounts.permissions import Action, can, court_work_get, filers_acted_for
from efiling.audit.services import audit_record
from efiling.cases.access import case_participant, case_read_audit, participant_cases_q
from efiling.cases.models import Case, SecurityLevel
from efiling.cases.public import public_cases
from efiling.core.errors import NotFound, ValidationFailed
from efiling.docket.models import DocketEntry
from efiling.docket.selectors import clients_by_attorney
from efiling.filings.models import Document, ServiceRequest
from efiling.scheduling.services import ON_THE_CALENDAR

CASE_NOT_FOUND = "There is no such case, or you may not see it."
DOCUMENT_NOT_FOUND = "There is no such document, or you may not see it."
ENTRY_NOT_FOUND = "There is no such docket entry, or you may not see it."
# The longest case search (a case number or words of a caption), in characters.
SEARCH_MAX_CHARACTERS = 100


def _is_court(user: User, case: Case) -> bool:
    return can(user, Action.VIEW_COURT_CASES, court=case.court)


def case_visible(user: User, case: Case) -> bool:
    """Whether `user` may see `case` at all (its court's staff, its participants, the staff of
    an attorney in it). Reads nothing else and audits nothing: the gets below do."""
    return user.is_authenticated and (_is_court(user, case) or case_participant(user, case))


def _restricted_levels(*levels: str) -> list[str]:
    return sorted({level for level in levels if level} - {SecurityLevel.PUBLIC})


def case_get_for_user(*, user: User, case_id: int, request=None) -> Case:
    """The case if this user may see it (else NotFound, revealing nothing); a view of a
    confidential or sealed case is audited. The case carries `shown_publicly` (whether
    public_cases() holds it, asked in the same statement: the case pages' link to the public
    page)."""
    case = (
        Case.objects.select_related("court", "case_type", "assigned_judge")
        .annotate(shown_publicly=Exists(public_cases().filter(pk=OuterRef("pk"))))
        .filter(pk=case_id)
        .first()
    )
    if case is None or not case_visible(user, case):
        raise NotFound(CASE_NOT_FOUND)
    case.visible_to_user_id = user.pk  # _sees_sealed's question, answered: not asked again
    case_read_audit(user=user, case=case, request=request)
    return case


def case_for_court_action(*, user: User, case_id: int, action: Action, request=None) -> Case:
    """A case court staff act on (a paper filing, an order). PermissionDenied when the user's
    role may not take `action` at all; NotFound, in the words used for a case that does not
    exist, when the case belongs to a court the user does not serve. Showing a confidential or
    sealed case is a read of it: audited."""
    case = court_work_get(
        user=user,
        action=action,
        queryset=Case.objects.select_related("court", "case_type"),
        pk=case_id,
        court_of=lambda case: case.court,
        not_found=CASE_NOT_FOUND,
    )
    case_read_audit(user=user, case=case, request=request, what=str(action))
    return case


# What a list of cases reads of each case (docket/cases.html: number, caption, date opened,
# security level, with the case type's and court's names that cases_listed adds;
# cases_listed_audit: number and security level): cases_search loads these columns only.
LISTED_CASE_FIELDS = ("number", "caption", "security_level", "created_at")


def _cases_visible(*, user: User, court=None):
    """The numbered cases `user` may see (of `court`, when given), as one filter: the courts a
    clerk or judge serves are a subquery (`court_id IN (...)`), never a join that would need
    .distinct()."""
    cases = Case.objects.filter(number__isnull=False)
    if court is not None:
        cases = cases.filter(court=court)
    if user.role in (Role.CLERK, Role.JUDGE):
        served = CourtAssignment.objects.filter(user=user).values("court_id")
        return cases.filter(court_id__in=served)
    return cases.filter(participant_cases_q(filers_acted_for(user)))


def cases_for_user(*, user: User, court=None):
    """Cases a user may see: all of the courts they serve; the ones they appear in or are
    admitted in pro hac vice; for staff, those of each attorney who authorized them. The
    courts a clerk or judge serves are a subquery (`court_id IN (...)`), never a join that
    would need .distinct(), so a court's newest cases come from its (court, created_at)
    index without sorting all of them (issue 16)."""
    return _cases_visible(user=user, court=court).select_related("court", "case_type")


def cases_search(*, user: User, court=None, query: str = ""):
    """The numbered cases the user may see (of one court, or all), newest first; `query`
    matches the case number (any part, e.g. "CC00012") or the caption, its words joined by
    single spaces. A query longer than SEARCH_MAX_CHARACTERS is refused (ValidationFailed),
    never cut: the cases found would not be those asked for. Each case has the columns a list
    of cases shows only (LISTED_CASE_FIELDS; cases_listed reads a page of them with the names
    of their case types and courts): another field read from one is a query per case."""
    query = " ".join(query.split())
    if len(query) > SEARCH_MAX_CHARACTERS:
        raise ValidationFailed(
            f"The search is at most {SEARCH_MAX_CHARACTERS} characters ({len(query)} given).",
            field="q",
        )
    cases = _cases_visible(user=user, court=court).only(*LISTED_CASE_FIELDS)
    if query:
        cases = cases.filter(Q(number__icontains=query) | Q(caption__icontains=query))
    return cases.order_by("-created_at", "-pk")


def cases_listed(cases, offset: int, limit: int, *, court_names: bool = True):
    """Cases `offset` to `offset + limit` (exclusive) of `cases` (cases_search's) and how many
    there are: the page's cases, each with `case_type_name` and (with `court_names`)
    `court_name` read in the same statement, and their COUNT (of the cases alone: no join).
    The first page reads the cases first and counts only when they fill it (fewer are all
    there are); a later page counts first and reads none past the last. The reader of
    core.paging.page_read: a list of (rows, total)."""
    names = {"case_type_name": F("case_type__name")}
    if court_names:
        names["court_name"] = F("court__name")
    if offset == 0:
        rows = list(cases.annotate(**names)[:limit])
        return rows, len(rows) if len(rows) < limit else cases.count()
    total = cases.count()
    if offset >= total:
        return [], total
    return list(cases.annotate(**names)[offset : offset + limit]), total


def filings_listed_audit(*, user: User, filings, request=None) -> None:
    """Record that a review queue shown to `user` named filings of confidential or sealed cases
    (or new cases of a confidential type): one event naming their confirmation numbers."""
    shown = sorted(
        {f.envelope.confirmation_number for f in filings if f.envelope.non_public_reason}
    )
    if shown:
        audit_record(
            action="filings.listed",
            object_type="filings.envelope",
            object_repr=f"{len(shown)} non-public filings",
            actor=user,
            request=request,
            details={"envelopes": shown, "read": "review queue"},
        )


def _sees_sealed(user: User, case: Case) -> bool:
    """Sealed entries: the court and counsel only (the case check has already passed). The
    same question as case_visible for a signed-in user, so a case that case_get_for_user found
    visible to this user (in this request) is not asked about again."""
    if getattr(case, "visible_to_user_id", None) == user.pk:
        return True
    return _is_court(user, case) or case_participant(user, case)


def entry_visible(user: User, entry: DocketEntry) -> bool:
    return entry.security_level != SecurityLevel.SEALED or _sees_sealed(user, entry.case)


def entry_get_for_user(*, user: User, case: Case, number: int, request=None) -> DocketEntry:
    """A docket entry, by number, of a case the user may see (case_get_for_user first); a sealed
    one only for the court and counsel, its reading audited. NotFound otherwise."""
    entry = (
        DocketEntry.objects.select_related("entered_by", "filing__envelope__signer")
        .filter(case=case, number=number)
        .first()
    )
    if entry is None or not entry_visible(user, entry):
        raise NotFound(ENTRY_NOT_FOUND)
    if entry.security_level != SecurityLevel.PUBLIC:
        _audit_entries_read(user, case, [entry], request)
    return entry


def _audit_entries_read(user: User, case: Case, entries, request) -> None:
    audit_record(
        action="docket_entry.viewed",
        target=case,
        actor=user,
        request=request,
        details={
            "case": case.number,
            "entries": [e.number for e in entries],
            "security": _restricted_levels(*(e.security_level for e in entries)),
        },
    )


def case_overview(*, user: User, case: Case, request=None) -> dict:
    """What a case page shows of a case the user may see: the docket entries visible to them
    (with documents and corrections), parties (each with `asked_to_serve`: whether service of
    process was requested for it, for {% service_of_process case parties %}), active counsel
    (each with `.clients`, the parties they represent), scheduled hearings, deadlines.
    Showing confidential or sealed entries is a read of them: audited, naming the entries."""
    entries = list(
        case.docket_entries.prefetch_related("documents", "corrections").order_by("number")
    )
    if not _sees_sealed(user, case):  # asked once for the case, not per entry
        entries = [entry for entry in entries if entry.security_level != SecurityLevel.SEALED]
    restricted = [e for e in entries if e.security_level != SecurityLevel.PUBLIC]
    if restricted:
        _audit_entries_read(user, case, restricted, request)
    counsel = list(case.counsel.filter(withdrawn_at__isnull=True).select_related("user"))
    parties = list(
        case.parties.prefetch_related("represented_by")
        .annotate(asked_to_serve=Exists(ServiceRequest.objects.filter(party=OuterRef("pk"))))
        .order_by("pk")
    )
    clients = clients_by_attorney(case, parties=parties)
    for attorney in counsel:
        attorney.clients = clients.get(attorney.user_id, [])
    return {
        "case": case,
        "entries": entries,
        "parties": parties,
        "counsel": counsel,
        "hearings": case.hearings.filter(status__in=ON_THE_CALENDAR)
        .select_related("courtroom", "judge")
        .order_by("starts_at"),
        "deadlines": case.deadlines.order_by("due_date"),
    }


def document_read_audit(user: User, document: Document, case: Case | None, request) -> None:
    """A read of a non-public document (of a confidential or sealed case or entry, or a
    confidential information sheet) is an audit event naming the document, case and entry;
    nothing for a public document. Also used by the service app for documents as served."""
    entry = document.docket_entry
    restricted = _restricted_levels(
        case.security_level if case else "", entry.security_level if entry else ""
    )
    if restricted or document.kind == Document.Kind.CONFIDENTIAL_SHEET:
        audit_record(
            action="document.viewed",
            target=document,
            actor=user,
            request=request,
            details={
                "court": case.court.code if case else None,
                "case": case.number if case else None,
                "docket_entry": entry.number if entry else None,
                "title": document.title,
                "kind": document.kind,
                "security": ", ".join(restricted) or "confidential sheet",
            },
        )


def document_get_for_user(*, user: User, document_id: int, request=None) -> Document:
    """A docketed document of a case the user may see, on an entry they may see; NotFound in
    one set of words otherwise. Every read of a non-public one is audited."""
    document = (
        Document.objects.select_related(
            "docket_entry__case__court", "docket_entry__case__case_type"
        )
        .filter(pk=document_id, docket_entry__isnull=False)
        .first()
    )
    if document is None:
        raise NotFound(DOCUMENT_NOT_FOUND)
    entry = document.docket_entry
    if not case_visible(user, entry.case) or not entry_visible(user, entry):
        raise NotFound(DOCUMENT_NOT_FOUND)
    document_read_audit(user, document, entry.case, request)
    return document


def document_get_for_court(*, user: User, document_id: int, request=None) -> Document:
    """A document the court reads: in a submitted filing, or docketed, in a court the user
    serves (never a filer's draft, nor a document served but not filed: decision 0014);
    NotFound in one set of words otherwise. Every read of a non-public one is audited."""
    filed = Q(filing__envelope__submitted_at__isnull=False, filing__envelope__serve_only=False)
    document = (
        Document.objects.select_related(
            "filing__envelope__court", "filing__envelope__case", "docket_entry__case__court"
        )
        .filter(Q(docket_entry__isnull=False) | filed)
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise NotFound(DOCUMENT_NOT_FOUND)
    entry = document.docket_entry
    case = entry.case if entry else document.filing.envelope.case
    court = case.court if case else document.filing.envelope.court
    if not can(user, Action.VIEW_COURT_CASES, court=court):
        raise NotFound(DOCUMENT_NOT_FOUND)
    document_read_audit(user, document, case, request)
    return document
