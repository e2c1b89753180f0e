"""Answers about service hours, always in a court's own time zone."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction

from efiling.availability.maintenance import CACHE_SECONDS as MAINTENANCE_CACHE_SECONDS
from efiling.availability.models import ServiceHours
from efiling.core import clock
from efiling.core.clock import clock_time
from efiling.courts.calendar import holidays_between

# Every page's footer reads the help desk's hours (open now? when?): the rows, all kinds, are
# read at most once every HOURS_CACHE_SECONDS per process (the maintenance banner's delay, read
# from its one home), and at once again in the process that saves or deletes one (hours_forget,
# from the model's signals; again after the commit).
HOURS_CACHE_SECONDS = MAINTENANCE_CACHE_SECONDS
_hours: dict = {"read_at": None, "rows": ()}


def hours_forget() -> None:
    """Read the service hours again at the next question (after a row is saved or deleted)."""
    _hours["read_at"] = None


def hours_changed(**_signal) -> None:
    """post_save/post_delete of ServiceHours (connected in the app's ready): forget the rows now
    (this process, this transaction) and once more when the change is committed."""
    hours_forget()
    transaction.on_commit(hours_forget)


def _hours_rows(kind: str) -> list[ServiceHours]:
    """The ServiceHours rows of `kind` in the model's order (kind, weekday, opens), from the
    per-process copy."""
    read_at = _hours["read_at"]
    if read_at is None or not 0 <= time.monotonic() - read_at < HOURS_CACHE_SECONDS:
        _hours["rows"] = tuple(ServiceHours.objects.all())
        _hours["read_at"] = time.monotonic()
    return [row for row in _hours["rows"] if row.kind == kind]


def _zone_name(court) -> str:
    return court.time_zone if court is not None else settings.EFILING_DEFAULT_TIME_ZONE


def hours_open_at(*, kind: str, at: datetime | None = None, court=None) -> bool:
    """Whether the service of `kind` is open at an instant (default: now). State holidays are
    the statewide rows of the court calendar; a court's own closures do not close the help desk."""
    local = clock.to_local(at or clock.now(), _zone_name(court))
    windows = [row for row in _hours_rows(kind) if row.weekday == local.weekday()]
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
    for window in _hours_rows(kind):
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
