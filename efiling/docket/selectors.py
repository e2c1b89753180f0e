"""Reads of the court's work for pages that gather it (a clerk's home), of orders (the
judgments index, a case's orders, the judge's queue) and of who represents whom in a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q

from efiling.accounts.models import User
from efiling.accounts.permissions import Action, court_work_get
from efiling.cases.access import case_read_audit
from efiling.cases.models import Case, Party, SecurityLevel
from efiling.cases.public import public_cases
from efiling.docket.orders_models import CourtOrder, JudgmentLine, ProposedOrder
from efiling.docket.services import PENDING
from efiling.filings.models import Filing

Status = ProposedOrder.Status


@dataclass(frozen=True)
class QueueSummary:
    """One court's review queue: filings waiting and when the oldest was submitted (UTC)."""

    court: object
    waiting: int
    oldest_submitted_at: datetime | None


def review_queues_summary(*, courts) -> list[QueueSummary]:
    """For each of `courts`, in the order given: how many filings wait for review and the
    submission time of the oldest. One grouped query whatever the queues' length."""
    figures = {
        row["envelope__court_id"]: row
        for row in Filing.objects.filter(
            envelope__court__in=[court.pk for court in courts], status__in=PENDING
        )
        .values("envelope__court_id")
        .annotate(waiting=Count("pk"), oldest=Min("envelope__submitted_at"))
        .order_by()
    }
    return [
        QueueSummary(
            court=court,
            waiting=figures.get(court.pk, {}).get("waiting", 0),
            oldest_submitted_at=figures.get(court.pk, {}).get("oldest"),
        )
        for court in courts
    ]


def public_judgment_lines():
    """Judgment lines on public docket entries, newest first, of any case: the caller narrows
    them to cases the reader may see (a public case's page, or a protection-order case's page
    at a courthouse terminal)."""
    return JudgmentLine.objects.filter(
        order__kind=CourtOrder.Kind.JUDGMENT,
        order__docket_entry__security_level=SecurityLevel.PUBLIC,
    ).order_by("-order__issued_at", "order_id", "pk")


def judgments_index(*, court=None, since=None):
    """Judgment lines for the public judgments index, newest first: of public cases only
    (efiling.cases.public), on public docket entries."""
    lines = public_judgment_lines().filter(order__case__in=public_cases())
    if court is not None:
        lines = lines.filter(order__case__court=court)
    if since is not None:
        lines = lines.filter(order__issued_at__gte=since)
    return judgment_lines_listed(lines).select_related("order__judge", "order__docket_entry")


def judgment_lines_listed(lines):
    """`lines` (JudgmentLine rows) in the judgments index's order, newest first, each with its
    order, case and court (what a list of search results shows)."""
    return lines.select_related("order__case__court").order_by(
        "-order__issued_at", "order_id", "pk"
    )


def orders_of(case: Case):
    return CourtOrder.objects.filter(case=case).select_related(
        "docket_entry", "judge", "issued_by", "document"
    )


def orders_awaiting_signature(judge: User):
    """Proposed orders waiting for `judge`'s signature, oldest submitted first: those addressed
    to them, and those addressed to no judge in the courts they serve."""
    return (
        ProposedOrder.objects.filter(status=Status.AWAITING_SIGNATURE)
        .filter(
            Q(judge=judge)
            | Q(judge__isnull=True, case__court__in=judge.court_assignments.values("court"))
        )
        .select_related("case__court", "prepared_by", "judge", "filed_document")
        .order_by("submitted_at", "pk")
    )


def proposed_orders_of(case: Case):
    """A case's proposed orders that are not issued yet, oldest first."""
    return (
        ProposedOrder.objects.filter(case=case)
        .exclude(status=Status.ISSUED)
        .select_related("prepared_by", "judge")
        .order_by("created_at", "pk")
    )


def proposed_order_get(*, user: User, proposed_order_id: int, request=None) -> ProposedOrder:
    """A proposed order court staff of its court may see (a clerk or judge); NotFound alike for
    one that does not exist and one of another court. Showing one of a confidential or sealed
    case is audited."""
    proposed = court_work_get(
        user=user,
        action=Action.PREPARE_ORDERS,
        queryset=ProposedOrder.objects.select_related(
            "case__court", "prepared_by", "judge", "filed_document__docket_entry", "order"
        ),
        pk=proposed_order_id,
        court_of=lambda proposed: proposed.case.court,
        not_found="There is no such proposed order, or you may not see it.",
    )
    case_read_audit(user=user, case=proposed.case, request=request, what="proposed order")
    return proposed


def clients_by_attorney(
    case: Case, *, parties: list[Party] | None = None
) -> dict[int, list[Party]]:
    """The parties of `case` each attorney represents (Party.represented_by), by the attorney's
    user id, in the case's order; an attorney who represents nobody is absent. `parties`: the
    case's parties already read in order with represented_by prefetched (a case page shows
    them too), else they are read here."""
    if parties is None:
        parties = case.parties.prefetch_related("represented_by").order_by("pk")
    clients: dict[int, list[Party]] = {}
    for party in parties:
        for user in party.represented_by.all():
            clients.setdefault(user.pk, []).append(party)
    return clients
