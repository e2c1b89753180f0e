"""What the public sees of a public case (efiling.cases.public decides which cases are public):
a fixed list of facts, never addresses, full dates of birth, the confidential information sheet,
or any docket entry that is not public. Documents are not served here: an entry only says that
it has documents (read at the courthouse public terminals)."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef

from efiling.accounts.models import Role
from efiling.availability.maintenance import maintenance_check
from efiling.availability.models import MaintenanceWindow
from efiling.cases.models import Case, CounselOfRecord, Party, SecurityLevel
from efiling.cases.public import public_case_get
from efiling.docket.models import DocketEntry
from efiling.docket.selectors import public_judgment_lines
from efiling.filings.models import Document
from efiling.scheduling.models import Hearing
from efiling.scheduling.services import ON_THE_CALENDAR

# The only party fields a public page reads.
PUBLIC_PARTY_FIELDS = (
    "case_id",
    "kind",
    "role",
    "first_name",
    "middle_name",
    "last_name",
    "organization_name",
    "birth_year",
)
# What the page and GetPublicCase read of a hearing and of a judgment line.
HEARING_FIELDS = (
    "case_id",
    "kind",
    "starts_at",
    "ends_at",
    "status",
    "courtroom__name",
    "judge__first_name",
    "judge__last_name",
)
JUDGMENT_FIELDS = (
    "in_favor_of",
    "against",
    "amount_cents",
    "description",
    "order__issued_at",
    "order__docket_entry__number",
)


def public_case_open(*, number: str, terminal_court=None) -> Case:
    """`cases.public.public_case_get`, then the public search's maintenance of the case's court:
    Unavailable (503, Retry-After, the window's end in the court's local time) while a current
    window that stops the public search names that court (a window of every court is answered
    by availability.middleware before any view). The one way in of the public case page, its
    documents, its feed and the API's GetPublicCase; a missing or hidden case is NotFound
    first, as always, so a window tells nothing of hidden cases."""
    case = public_case_get(number=number, terminal_court=terminal_court)
    maintenance_check(MaintenanceWindow.Function.PUBLIC_SEARCH, court=case.court)
    return case


def public_docket_entries(case: Case):
    """The case's public docket entries, by number: number, kind, text, filed_at and
    `has_documents` (any document but a confidential information sheet). Confidential and
    sealed entries are left out."""
    documents = Document.objects.filter(docket_entry=OuterRef("pk")).exclude(
        kind=Document.Kind.CONFIDENTIAL_SHEET
    )
    return (
        DocketEntry.objects.filter(case=case, security_level=SecurityLevel.PUBLIC)
        .only("case_id", "number", "kind", "text", "filed_at")
        .annotate(has_documents=Exists(documents))
        .order_by("number")
    )


def _public_parties(case: Case) -> list[Party]:
    """The case's parties by pk (PUBLIC_PARTY_FIELDS only), each with `representative_ids`:
    the users who represent it. One query (the parties joined to their representations)."""
    rows = (
        Party.objects.filter(case=case)
        .annotate(representative_id=F("represented_by__id"))
        .only(*PUBLIC_PARTY_FIELDS)
        .order_by("pk", "representative_id")
    )
    parties: dict[int, Party] = {}
    for row in rows:
        party = parties.get(row.pk)
        if party is None:
            party = parties[row.pk] = row
            party.representative_ids = []
        if row.representative_id is not None:
            party.representative_ids.append(row.representative_id)
    return list(parties.values())


def public_attorneys(case: Case, parties: list[Party]) -> list[dict]:
    """Active counsel of record: {"name", "bar_number" ("" if none, e.g. self-represented),
    "self_represented", "represents": [party names, by party]}, in the order they appeared.
    `parties` are the case's parties as _public_parties reads them (with who represents each)."""
    represents: dict[int, list[str]] = {}
    for party in parties:
        for user_id in party.representative_ids:
            represents.setdefault(user_id, []).append(party.display_name)
    counsel = (
        CounselOfRecord.objects.filter(case=case, withdrawn_at__isnull=True)
        .select_related("user__bar_member")
        .only(
            "since",
            "user__first_name",
            "user__last_name",
            "user__role",
            "user__bar_member__bar_number",
        )
        .order_by("since", "pk")
    )
    rows = []
    for appearance in counsel:
        user = appearance.user
        member = user.bar_member
        rows.append(
            {
                "name": user.get_full_name(),
                "bar_number": member.bar_number if member else "",
                "self_represented": member is None and user.role == Role.SELF_REPRESENTED,
                "represents": represents.get(user.pk, []),
            }
        )
    return rows


def public_case_overview(case: Case) -> dict:
    """Everything the public case page and its feed show of `case` (a case from
    efiling.cases.public.public_cases): entries, parties, attorneys, hearings on the calendar
    (scheduled or held, by start), and judgments (JudgmentLine rows of its public judgment
    entries, newest first)."""
    parties = _public_parties(case)
    return {
        "case": case,
        "entries": public_docket_entries(case),
        "parties": parties,
        "attorneys": public_attorneys(case, parties),
        "hearings": Hearing.objects.filter(case=case, status__in=ON_THE_CALENDAR)
        .select_related("courtroom", "judge")
        .only(*HEARING_FIELDS)
        .order_by("starts_at", "pk"),
        "judgments": public_judgment_lines()
        .filter(order__case=case)
        .select_related("order__docket_entry")
        .only(*JUDGMENT_FIELDS),
    }
