"""Answers about service hours, always in a court's own time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from efiling.availability.models import ServiceHours
from efiling.core import clock
from efiling.core.clock import clock_time
from efiling.courts.calendar import holidays_between


def _zone_name(court) -> str:
    return court.time_zone if court is not None else settings.EFILING_DEFAULT_TIME_ZONE


def hours_open_at(*, kind: str, at: datetime | None = None, court=None) -> bool:
    """Whether the service of `kind` is open at an instant (default: now). State holidays are
    the statewide rows of the court calendar; a court's own closures do not close the help desk."""
    local = clock.to_local(at or clock.now(), _zone_name(court))
    windows = ServiceHours.objects.filter(kind=kind, weekday=local.weekday())
    moment = local.time().replace(tzinfo=None, microsecond=0)
    for window in windows:
        if window.opens <= moment <= window.closes:
            day = local.date()
            return not (window.closed_on_state_holidays and holidays_between(None, day, day))
    return False


def help_desk_is_open(*, at: datetime | None = None, court=None) -> bool:
    return hours_open_at(kind=ServiceHours.Kind.HELP_DESK, at=at, court=court)


@dataclass(frozen=True)
class HoursLine:
    days: str
    hours: str


def hours_summary(kind: str) -> list[HoursLine]:
    """Hours grouped by identical windows, e.g. "Monday to Friday: 7:30 a.m. to 5:00 p.m."."""
    by_window: dict[tuple, list[int]] = {}
    for window in ServiceHours.objects.filter(kind=kind):
        by_window.setdefault((window.opens, window.closes), []).append(window.weekday)
    lines = []
    names = dict(ServiceHours.Weekday.choices)
    for (opens, closes), days in sorted(by_window.items(), key=lambda item: min(item[1])):
        days = sorted(set(days))
        contiguous = days == list(range(days[0], days[-1] + 1))
        if len(days) > 2 and contiguous:
            label = f"{names[days[0]]} to {names[days[-1]]}"
        else:
            label = ", ".join(names[d] for d in days)
        lines.append(HoursLine(label, f"{clock_time(opens)} to {clock_time(closes)}"))
    return lines
