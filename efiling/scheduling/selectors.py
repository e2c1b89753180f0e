"""Reads of calendars and deadlines for pages that gather a user's work (homes). Dates are
court-local; instants UTC (clock.day_bounds cuts the days)."""

from __future__ import annotations

from datetime import date, timedelta

from efiling.core import clock
from efiling.core.paging import FirstRows, first_rows
from efiling.scheduling.models import Deadline, Hearing
from efiling.scheduling.services import ON_THE_CALENDAR


def hearings_in_cases(*, cases, first: date, days: int, zone_name: str, limit: int) -> FirstRows:
    """Scheduled or held hearings of `cases` (a Case queryset) on the `days` local days from
    `first` in `zone_name`, earliest first, at most `limit`."""
    start = clock.day_bounds(first, zone_name)[0]
    end = clock.day_bounds(first + timedelta(days=days - 1), zone_name)[1]
    rows = (
        Hearing.objects.filter(
            case__in=cases.values("pk"),
            status__in=ON_THE_CALENDAR,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("case__court", "courtroom", "judge")
        .order_by("starts_at", "pk")
    )
    return first_rows(rows, limit=limit)


def hearings_of_courts_on(*, courts, day: date, zone_name: str, limit: int) -> FirstRows:
    """Scheduled or held hearings of `courts` on local day `day`, earliest first."""
    start, end = clock.day_bounds(day, zone_name)
    rows = (
        Hearing.objects.filter(
            case__court__in=[court.pk for court in courts],
            status__in=ON_THE_CALENDAR,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("case__court", "courtroom", "judge")
        .order_by("starts_at", "pk")
    )
    return first_rows(rows, limit=limit)


def hearings_count_on(*, day: date, zone_name: str, court=None) -> int:
    """How many hearings are on the calendar on local day `day`: in `court`, or (None) in
    every court. For a closure day recorded after they were set."""
    start, end = clock.day_bounds(day, zone_name)
    rows = Hearing.objects.filter(
        status__in=ON_THE_CALENDAR, starts_at__gte=start, starts_at__lt=end
    )
    return (rows.filter(case__court=court) if court is not None else rows).count()


def deadlines_due_in_cases(*, cases, first: date, days: int, limit: int) -> FirstRows:
    """Deadlines of `cases` not yet satisfied whose due date falls in the `days` days from
    `first` (court-local dates), soonest first, at most `limit`."""
    rows = (
        Deadline.objects.filter(
            case__in=cases.values("pk"),
            satisfied_at__isnull=True,
            due_date__gte=first,
            due_date__lte=first + timedelta(days=days - 1),
        )
        .select_related("case__court")
        .order_by("due_date", "pk")
    )
    return first_rows(rows, limit=limit)
