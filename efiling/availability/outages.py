"""The outages of a time range, for the record of filing attempts (Rule 103.06) and the status
page: planned maintenance windows that were not cancelled and the incidents (unplanned outages,
efiling.availability.incidents), each as an Outage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from efiling.availability.incidents import incidents_between
from efiling.availability.maintenance import window_courts_words, window_functions_words
from efiling.availability.models import MaintenanceWindow

PLANNED = "planned maintenance"
INCIDENT = "incident"


@dataclass(frozen=True)
class Outage:
    """One outage: `start` and `end` (aware, UTC; `end` None while it goes on), its `kind`
    (PLANNED or INCIDENT), what it affected in words ("filing and other changes in all
    courts"), and its description (the public message)."""

    start: datetime
    end: datetime | None
    kind: str
    affected: str
    description: str


def _affected(outage) -> str:
    """A window's or an incident's functions and courts in words."""
    return f"{window_functions_words(outage)} in {window_courts_words(outage)}"


def outages_between(start: datetime, end: datetime) -> list[Outage]:
    """The outages that overlap [start, end), by start: every maintenance window posted and
    not cancelled, and every incident (an open one included, `end` None), that overlaps the
    range."""
    windows = (
        MaintenanceWindow.objects.filter(
            cancelled_at__isnull=True, starts_at__lt=end, ends_at__gt=start
        )
        .prefetch_related("courts")
        .order_by("starts_at", "pk")
    )
    planned = [
        Outage(
            start=window.starts_at,
            end=window.ends_at,
            kind=PLANNED,
            affected=_affected(window),
            description=window.message
            + (f" Emergency: {window.emergency_reason}" if window.emergency else ""),
        )
        for window in windows
    ]
    unplanned = [
        Outage(
            start=incident.started_at,
            end=incident.ended_at,
            kind=INCIDENT,
            affected=_affected(incident),
            description=incident.description,
        )
        for incident in incidents_between(start, end)
    ]
    return sorted(planned + unplanned, key=lambda outage: outage.start)
