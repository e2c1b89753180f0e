"""What the public sees of a public case (efiling.cases.public decides which cases are public):
a fixed list of facts, never addresses, full dates of birth, the confidential information sheet,
or any docket entry that is not public. Documents are not served here: an entry only says that
it has documents (read at the courthouse public terminals)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch

from efiling.accounts.models import Role
from efiling.cases.models import Case, CounselOfRecord, Party, SecurityLevel
from efiling.docket.models import DocketEntry
from efiling.docket.selectors import judgments_index
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


def _public_parties(case: Case):
    return Party.objects.filter(case=case).only(*PUBLIC_PARTY_FIELDS).order_by("pk")


def public_attorneys(case: Case) -> list[dict]:
    """Active counsel of record: {"name", "bar_number" ("" if none, e.g. self-represented),
    "self_represented", "represents": [party names]}, in the order they appeared."""
    counsel = (
        CounselOfRecord.objects.filter(case=case, withdrawn_at__isnull=True)
        .select_related("user__bar_member")
        .prefetch_related(
            Prefetch(
                "user__represented_parties",
                queryset=_public_parties(case),
                to_attr="public_parties",
            )
        )
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
                "represents": [party.display_name for party in user.public_parties],
            }
        )
    return rows


def public_case_overview(case: Case) -> dict:
    """Everything the public case page and its feed show of `case` (a case from
    efiling.cases.public.public_cases): entries, parties, attorneys, hearings on the calendar
    (scheduled or held, by start), and judgments (JudgmentLine rows of its public judgment
    entries, newest first)."""
    return {
        "case": case,
        "entries": public_docket_entries(case),
        "parties": _public_parties(case),
        "attorneys": public_attorneys(case),
        "hearings": Hearing.objects.filter(case=case, status__in=ON_THE_CALENDAR)
        .select_related("courtroom", "judge")
        .order_by("starts_at", "pk"),
        "judgments": judgments_index().filter(order__case=case),
    }
