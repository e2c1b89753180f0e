"""Court calendars and counting time under Missouri Rule 44.01(a).

Statutory holidays (RSMo 9.010, and Juneteenth from 2022) and the statewide closures ordered by
the executive (STATEWIDE_CLOSURES) are generated into `Holiday` rows once per year, then are data:
an administrator may edit or delete them, and adds court closure days, which count as legal
holidays for that court (Heinen v. Healthline Management, Mo. 1998).
"""

from __future__ import annotations

import calendar as pycalendar
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q

from efiling.core import clock
from efiling.core.errors import ValidationFailed
from efiling.courts.models import Court, Holiday, HolidayYear

SHORT_PERIOD_DAYS = 7  # periods under this many days skip intermediate weekends and holidays
MAX_PERIOD_DAYS = 3660
FIRST_YEAR, LAST_YEAR = clock.FIRST_DATE.year, clock.LAST_DATE.year
SATURDAY, SUNDAY = 5, 6
JUNETEENTH_FIRST_YEAR = 2022  # a Missouri public holiday from the 2022 legislative session
# The first stretch of days a count reads the rows of at once; a count that walks past it reads
# the next stretch, twice as long, and so on: a closure of any length is always seen.
FIRST_STRETCH_DAYS = 31

# Statewide closures ordered by the executive rather than the statute, as (date, name, note):
# generated with their year as closure rows, after which they are data like any other row.
STATEWIDE_CLOSURES: tuple[tuple[date, str, str], ...] = (
    (
        date(2021, 6, 18),
        "Juneteenth (state offices closed)",
        "Closed by the Governor's executive order after Juneteenth became a federal holiday; "
        "June 19, 2021 was a Saturday and not yet a Missouri holiday",
    ),
)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def statutory_holidays(year: int) -> list[tuple[date, str, str]]:
    """Missouri's legal holidays for a year as (date kept, name, note), sorted by date: the
    RSMo 9.010 list, plus Juneteenth (June 19) from 2022 on. A Sunday holiday is kept on the
    following Monday. A Saturday holiday stays on Saturday: the statute moves nothing to Friday,
    so a court that closes that Friday records a closure day."""
    monday, thursday = 0, 3
    fixed_or_rule = [
        (date(year, 1, 1), "New Year's Day"),
        (_nth_weekday(year, 1, monday, 3), "Martin Luther King Jr. Day"),
        (date(year, 2, 12), "Lincoln Day"),
        (_nth_weekday(year, 2, monday, 3), "Washington's Birthday"),
        (date(year, 5, 8), "Truman Day"),
        (_last_weekday(year, 5, monday), "Memorial Day"),
        (date(year, 7, 4), "Independence Day"),
        (_nth_weekday(year, 9, monday, 1), "Labor Day"),
        (_nth_weekday(year, 10, monday, 2), "Columbus Day"),
        (date(year, 11, 11), "Veterans Day"),
        (_nth_weekday(year, 11, thursday, 4), "Thanksgiving Day"),
        (date(year, 12, 25), "Christmas Day"),
    ]
    if year >= JUNETEENTH_FIRST_YEAR:
        fixed_or_rule.append((date(year, 6, 19), "Juneteenth"))
    kept = []
    for day, name in fixed_or_rule:
        if day.weekday() == SUNDAY:
            note = f"{day.isoformat()} is a Sunday; kept on Monday (RSMo 9.010)"
            kept.append((day + timedelta(days=1), f"{name} (observed)", note))
        elif day.weekday() == SATURDAY:
            kept.append((day, name, "falls on a Saturday"))
        else:
            kept.append((day, name, ""))
    return sorted(kept)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed(f"The court calendar covers the years {FIRST_YEAR} to {LAST_YEAR}.")


def holidays_generate_year(year: int) -> int:
    """Create the statewide rows of a year once: its legal holidays (`statutory_holidays`) and
    the closures of STATEWIDE_CLOSURES in that year. Returns how many rows were created; a year
    generated before is left as the administrator edited it, and a date that already has a
    statewide row keeps that row. Raises ValidationFailed for a year outside the calendar."""
    _check_year(year)
    if HolidayYear.objects.filter(year=year).exists():
        return 0
    with transaction.atomic():
        HolidayYear.objects.bulk_create(
            [HolidayYear(year=year, generated_at=clock.now())], ignore_conflicts=True
        )
        rows = [
            Holiday(date=day, name=name, kind=Holiday.Kind.LEGAL, court=None, note=note)
            for day, name, note in statutory_holidays(year)
        ]
        rows += [
            Holiday(date=day, name=name, kind=Holiday.Kind.CLOSURE, court=None, note=note)
            for day, name, note in STATEWIDE_CLOSURES
            if day.year == year
        ]
        existing = set(
            Holiday.objects.filter(court__isnull=True, date__year=year).values_list(
                "date", flat=True
            )
        )
        new_rows = [row for row in rows if row.date not in existing]
        Holiday.objects.bulk_create(new_rows, ignore_conflicts=True)
    return len(new_rows)


def _years_generate(first: int, last: int) -> None:
    """Generate every year from first to last that is not generated yet (one query when all
    are). Raises ValidationFailed when a year lies outside the calendar."""
    _check_year(first)
    _check_year(last)
    done = set(
        HolidayYear.objects.filter(year__gte=first, year__lte=last).values_list("year", flat=True)
    )
    for year in range(first, last + 1):
        if year not in done:
            holidays_generate_year(year)


def holidays_between(court: Court | None, start: date, end: date) -> dict[date, str]:
    """Statewide legal holidays and closures, plus the court's own closures, from start to end
    inclusive, by name (statewide names first when a day has both). Generates the statewide
    rows of any year not generated before."""
    _years_generate(start.year, end.year)
    where = Q(court__isnull=True)
    if court is not None:
        where |= Q(court=court)
    names: dict[date, str] = {}
    rows = Holiday.objects.filter(where, date__gte=start, date__lte=end).order_by(
        F("court_id").asc(nulls_first=True)
    )
    for row in rows:
        label = row.name if row.court_id is None else f"{row.name} (court closed)"
        names[row.date] = f"{names[row.date]}; {label}" if row.date in names else label
    return names


def closed_days(court: Court | None, start: date, end: date) -> dict[date, str]:
    """Every day from start to end that does not count for the court (weekends, holidays,
    closures), each with the reason."""
    closed = holidays_between(court, start, end)
    day = start
    while day <= end:
        if day.weekday() in (SATURDAY, SUNDAY):
            weekday_name = "Saturday" if day.weekday() == SATURDAY else "Sunday"
            closed[day] = f"{weekday_name}; {closed[day]}" if day in closed else weekday_name
        day += timedelta(days=1)
    return closed


def _days_from(court: Court | None, first: date) -> Iterator[tuple[date, str | None]]:
    """Each day from `first` on, in order, as (day, reason it does not count for the court, or
    None for a business day), without end: closures are loaded stretch by stretch (each twice
    as long as the one before) as far as the caller walks, so no closure is missed however far
    it lies. Raises ValidationFailed when the walk leaves the calendar's years."""
    last_day = date(LAST_YEAR, 12, 31)
    stretch = FIRST_STRETCH_DAYS
    while True:
        _check_year(first.year)
        last = min(first + timedelta(days=stretch - 1), last_day)
        closed = closed_days(court, first, last)
        day = first
        while day <= last:
            yield day, closed.get(day)
            day += timedelta(days=1)
        first, stretch = last + timedelta(days=1), stretch * 2


def is_business_day(court: Court | None, day: date) -> bool:
    """Whether `day` counts for the court: not a Saturday, Sunday, legal holiday or closure day
    (statewide, or the court's own)."""
    return day not in closed_days(court, day, day)


@dataclass(frozen=True)
class Deadline:
    court: Court | None
    start: date
    days: int
    due: date
    short_period: bool
    skipped: list[tuple[date, str]] = field(default_factory=list)

    @property
    def rule(self) -> str:
        if self.short_period:
            return (
                f"A period of less than {SHORT_PERIOD_DAYS} days: counting starts the day after "
                "the event and skips Saturdays, Sundays, legal holidays and court closure days."
            )
        return (
            "Counting starts the day after the event and includes every calendar day; if the "
            "last day is a Saturday, Sunday, legal holiday or court closure day, the period runs "
            "to the next day that is none of those."
        )


def business_days_after(
    court: Court | None, start: date, count: int, *, skipped: list | None = None
) -> date:
    """The day `count` (at least 1) business days of the court after `start` (not counted),
    skipping Saturdays, Sundays, legal holidays and closure days however far they reach (each
    skipped day and its reason appended to `skipped` when given). Raises ValidationFailed when
    the walk leaves the calendar's years."""
    counted = 0
    for day, reason in _days_from(court, start + timedelta(days=1)):
        if reason is not None:
            if skipped is not None:
                skipped.append((day, reason))
            continue
        counted += 1
        if counted == count:
            return day
    raise AssertionError("unreachable: _days_from never ends")  # pragma: no cover


def deadline_compute(*, court: Court | None, start: date, days: int) -> Deadline:
    """The last day of a period of `days` days (1 to MAX_PERIOD_DAYS) after the event on `start`
    (Rule 44.01(a)), with every day it did not count and why. Every closure up to the answer is
    consulted, however far; two queries in the usual case (years generated, answer within
    FIRST_STRETCH_DAYS of where counting starts). Raises ValidationFailed for a number of days
    out of range or a period outside the calendar's years."""
    if not 1 <= days <= MAX_PERIOD_DAYS:
        raise ValidationFailed(
            f"The number of days must be between 1 and {MAX_PERIOD_DAYS}.", field="days"
        )
    _check_year(start.year)
    _check_year((start + timedelta(days=days)).year)
    short = days < SHORT_PERIOD_DAYS
    skipped: list[tuple[date, str]] = []
    if short:
        day = business_days_after(court, start, days, skipped=skipped)
    else:
        for day, reason in _days_from(court, start + timedelta(days=days)):
            if reason is None:
                break
            skipped.append((day, reason))
    return Deadline(
        court=court, start=start, days=days, due=day, short_period=short, skipped=skipped
    )
