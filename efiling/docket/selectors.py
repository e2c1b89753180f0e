"""Reads of the court's work for pages that gather it (a clerk's home)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min

from efiling.docket.services import PENDING
from efiling.filings.models import Filing


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
