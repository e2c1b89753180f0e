from datetime import date

import pytest

from efiling.core.errors import ValidationFailed
from efiling.courts.calendar import (
    closed_days,
    deadline_compute,
    holidays_generate_year,
    is_business_day,
    statutory_holidays,
)
from efiling.courts.models import Holiday, HolidayYear
from tests.courts.calendar_cases import BUSINESS_DAY_CASES, DEADLINE_CASES


def _close(court, days):
    Holiday.objects.bulk_create(
        [
            Holiday(court=court, date=day, name="Court closed", kind=Holiday.Kind.CLOSURE)
            for day in days
        ]
    )


@pytest.mark.parametrize(("description", "closures", "day", "expected"), BUSINESS_DAY_CASES)
def test_business_day_table(court, description, closures, day, expected):
    _close(court, closures)
    assert is_business_day(court, day) is expected, description


@pytest.mark.parametrize(("description", "closures", "start", "days", "expected"), DEADLINE_CASES)
def test_deadline_table(court, description, closures, start, days, expected):
    _close(court, closures)
    assert deadline_compute(court=court, start=start, days=days).due == expected, description


def test_table_is_large_enough_to_cover_the_rules():
    assert len(DEADLINE_CASES) >= 40
    assert {days for _, _, _, days, _ in DEADLINE_CASES} >= {1, 3, 5, 6, 7, 10, 14, 30}


def test_statutory_holidays_2027_keep_sunday_july_4_on_monday():
    days = {day: name for day, name, _ in statutory_holidays(2027)}
    assert date(2027, 7, 5) in days and "observed" in days[date(2027, 7, 5)]
    assert date(2027, 7, 4) not in days
    assert days[date(2027, 5, 8)] == "Truman Day"  # a Saturday: stays on Saturday
    assert len(days) == 12


def test_statutory_holidays_lincoln_day_on_sunday_moves_to_monday():
    days = {day: name for day, name, _ in statutory_holidays(2034)}
    assert days[date(2034, 2, 13)] == "Lincoln Day (observed)"


def test_other_courts_closure_does_not_count_for_this_court(court, other_court):
    closure = date(2026, 11, 27)  # the Friday after Thanksgiving, closed in one court only
    _close(other_court, [closure])
    assert is_business_day(court, closure)
    assert not is_business_day(other_court, closure)


def test_statewide_closure_counts_for_every_court(court, other_court):
    Holiday.objects.create(date=date(2026, 6, 19), name="Juneteenth", kind=Holiday.Kind.CLOSURE)
    assert not is_business_day(court, date(2026, 6, 19))
    assert not is_business_day(other_court, date(2026, 6, 19))


def test_edited_holidays_stay_edited(court):
    holidays_generate_year(2030)
    Holiday.objects.filter(court__isnull=True, date=date(2030, 10, 14)).delete()  # Columbus Day
    assert holidays_generate_year(2030) == 0
    assert is_business_day(court, date(2030, 10, 14))


def test_generating_a_year_creates_twelve_rows_once(db):
    HolidayYear.objects.filter(year=2031).delete()
    Holiday.objects.filter(date__year=2031).delete()
    assert holidays_generate_year(2031) == 12
    assert holidays_generate_year(2031) == 0
    assert Holiday.objects.filter(date__year=2031, court__isnull=True).count() == 12


def test_closed_days_name_the_reason(court):
    reasons = closed_days(court, date(2026, 11, 26), date(2026, 11, 29))
    assert reasons == {
        date(2026, 11, 26): "Thanksgiving Day",
        date(2026, 11, 28): "Saturday",
        date(2026, 11, 29): "Sunday",
    }


def test_deadline_lists_the_days_it_did_not_count(court):
    result = deadline_compute(court=court, start=date(2026, 1, 14), days=6)
    assert result.short_period
    assert [day for day, _ in result.skipped] == [
        date(2026, 1, 17),
        date(2026, 1, 18),
        date(2026, 1, 19),
    ]
    assert result.due == date(2026, 1, 23)


@pytest.mark.parametrize("days", [0, -1, 3661])
def test_deadline_refuses_impossible_periods(court, days):
    with pytest.raises(ValidationFailed, match="number of days"):
        deadline_compute(court=court, start=date(2026, 1, 14), days=days)


def test_deadline_refuses_years_outside_the_calendar(court):
    with pytest.raises(ValidationFailed, match="years"):
        deadline_compute(court=court, start=date(1900, 1, 2), days=3)
