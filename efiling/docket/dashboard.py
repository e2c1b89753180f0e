"""The clerk dashboard's figures: filings received and accepted per local day, and the queue now.

Days are the court's own calendar days (its time zone), cut with clock.day_bounds so a day of
23 or 25 hours around a DST change is counted right; a filing submitted at 12:30 a.m. local time
belongs to the new day. Three queries: the window's submissions, its acceptances, the queue.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from efiling.core import clock
from efiling.filings.models import Filing, Status, StatusChange

PENDING = (Status.SUBMITTED, Status.UNDER_REVIEW)


@dataclass(frozen=True)
class DayFigures:
    day: date
    received: int
    accepted: int


@dataclass(frozen=True)
class Dashboard:
    days: list[DayFigures]
    waiting: int
    oldest_wait_hours: float | None
    median_wait_hours: float | None

    @property
    def total_received(self) -> int:
        return sum(d.received for d in self.days)

    @property
    def total_accepted(self) -> int:
        return sum(d.accepted for d in self.days)

    @property
    def largest(self) -> int:
        return max((max(d.received, d.accepted) for d in self.days), default=0)


def dashboard_figures(*, court, days: int = 14, today: date | None = None) -> Dashboard:
    """Received and accepted filings for each of the last `days` local days, and the queue's age."""
    if days < 1:
        raise ValueError("days must be at least 1.")
    zone_name = court.time_zone
    last = today or clock.today(zone_name)
    first = last - timedelta(days=days - 1)
    start = clock.day_bounds(first, zone_name)[0]
    end = clock.day_bounds(last, zone_name)[1]

    received = Counter(
        clock.local_date(instant, zone_name)
        for instant in Filing.objects.filter(
            envelope__court=court,
            envelope__submitted_at__gte=start,
            envelope__submitted_at__lt=end,
        ).values_list("envelope__submitted_at", flat=True)
    )
    accepted = Counter(
        clock.local_date(instant, zone_name)
        for instant in StatusChange.objects.filter(
            filing__isnull=False,
            filing__envelope__court=court,
            to_status=Status.ACCEPTED,
            at__gte=start,
            at__lt=end,
        ).values_list("at", flat=True)
    )
    day_list = [first + timedelta(days=n) for n in range(days)]

    now = clock.now()
    waits = sorted(
        (now - submitted).total_seconds() / 3600
        for submitted in Filing.objects.filter(
            envelope__court=court, status__in=PENDING, envelope__submitted_at__isnull=False
        ).values_list("envelope__submitted_at", flat=True)
    )
    return Dashboard(
        days=[DayFigures(day=d, received=received[d], accepted=accepted[d]) for d in day_list],
        waiting=len(waits),
        oldest_wait_hours=waits[-1] if waits else None,
        median_wait_hours=statistics.median(waits) if waits else None,
    )
