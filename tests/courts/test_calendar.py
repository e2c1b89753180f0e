import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps

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
    assert days[date(2027, 6, 19)] == "Juneteenth"  # a Saturday too
    assert len(days) == 13


def test_juneteenth_is_a_holiday_from_2022_kept_on_monday_when_a_sunday():
    assert not [day for day, _, _ in statutory_holidays(2021) if day.month == 6]
    days = {day: (name, note) for day, name, note in statutory_holidays(2022)}
    assert days[date(2022, 6, 20)] == (
        "Juneteenth (observed)",
        "2022-06-19 is a Sunday; kept on Monday (RSMo 9.010)",
    )
    assert date(2022, 6, 19) not in days


def test_statutory_holidays_lincoln_day_on_sunday_moves_to_monday():
    days = {day: name for day, name, _ in statutory_holidays(2034)}
    assert days[date(2034, 2, 13)] == "Lincoln Day (observed)"


def test_other_courts_closure_does_not_count_for_this_court(court, other_court):
    closure = date(2026, 11, 27)  # the Friday after Thanksgiving, closed in one court only
    _close(other_court, [closure])
    assert is_business_day(court, closure)
    assert not is_business_day(other_court, closure)


def test_statewide_closure_counts_for_every_court(court, other_court):
    friday = date(2026, 7, 3)  # July 4, 2026 is a Saturday; state offices close the Friday
    assert is_business_day(court, friday)
    Holiday.objects.create(
        date=friday, name="Independence Day (state offices closed)", kind=Holiday.Kind.CLOSURE
    )
    assert not is_business_day(court, friday)
    assert not is_business_day(other_court, friday)


def test_edited_holidays_stay_edited(court):
    holidays_generate_year(2030)
    Holiday.objects.filter(court__isnull=True, date=date(2030, 10, 14)).delete()  # Columbus Day
    assert holidays_generate_year(2030) == 0
    assert is_business_day(court, date(2030, 10, 14))


def test_generating_a_year_creates_thirteen_rows_once(db):
    HolidayYear.objects.filter(year=2031).delete()
    Holiday.objects.filter(date__year=2031).delete()
    assert holidays_generate_year(2031) == 13
    assert holidays_generate_year(2031) == 0
    assert Holiday.objects.filter(date__year=2031, court__isnull=True).count() == 13


def test_generating_2021_adds_the_juneteenth_closure_by_executive_order(db):
    assert holidays_generate_year(2021) == 13  # twelve legal holidays and the closure
    closure = Holiday.objects.get(court__isnull=True, date=date(2021, 6, 18))
    assert closure.kind == Holiday.Kind.CLOSURE
    assert closure.name == "Juneteenth (state offices closed)"
    assert "executive order" in closure.note
    assert not Holiday.objects.filter(date__year=2021, name__startswith="Juneteenth", kind="legal")


def test_generation_keeps_an_administrators_row_on_juneteenth(court):
    Holiday.objects.create(date=date(2032, 6, 19), name="Emancipation Day", court=None)
    assert holidays_generate_year(2032) == 12
    assert Holiday.objects.get(court__isnull=True, date=date(2032, 6, 19)).name == (
        "Emancipation Day"
    )


def test_closed_days_name_the_reason(court):
    reasons = closed_days(court, date(2026, 11, 26), date(2026, 11, 29))
    assert reasons == {
        date(2026, 11, 26): "Thanksgiving Day",
        date(2026, 11, 28): "Saturday",
        date(2026, 11, 29): "Sunday",
    }


def test_closed_days_name_statewide_reasons_before_the_courts_own(court):
    Holiday.objects.create(court=court, date=date(2026, 6, 19), name="Flood")
    assert closed_days(court, date(2026, 6, 19), date(2026, 6, 19)) == {
        date(2026, 6, 19): "Juneteenth; Flood (court closed)"
    }


def _close_run(court, first: date, count: int):
    _close(court, [first + timedelta(days=n) for n in range(count)])


def test_short_period_runs_past_a_closure_of_eight_weeks(court):
    # Closed Mon Mar 2 to Fri Apr 24, 2026 (54 days, weekends within). From Fri Feb 27 every day
    # to Sun Apr 26 is closed or a weekend: Mon Apr 27 = 1, Tue 28 = 2, Wed 29 = 3. Loading
    # closures only to a window past the start once ended this inside the closure, on Apr 17.
    _close_run(court, date(2026, 3, 2), 54)
    result = deadline_compute(court=court, start=date(2026, 2, 27), days=3)
    assert result.due == date(2026, 4, 29)
    assert [day for day, _ in result.skipped] == [
        date(2026, 2, 28) + timedelta(days=n) for n in range(58)
    ]


def test_long_period_rolls_past_a_closure_of_ten_weeks(court):
    # 7 days from Mon Jan 5, 2026 is Mon Jan 12, the first of 70 closed days (to Sun Mar 22):
    # the next business day is Mon Mar 23.
    _close_run(court, date(2026, 1, 12), 70)
    result = deadline_compute(court=court, start=date(2026, 1, 5), days=7)
    assert result.due == date(2026, 3, 23)
    assert len(result.skipped) == 70


def test_period_ending_far_away_sees_a_closure_there(court):
    # 3,000 days from Fri Jan 2, 2026 is Fri Mar 20, 2034, closed that day and the next week.
    _close_run(court, date(2034, 3, 20), 10)
    assert deadline_compute(court=court, start=date(2026, 1, 2), days=3000).due == date(2034, 3, 30)


def test_usual_deadline_takes_two_queries(court, django_assert_num_queries):
    deadline_compute(court=court, start=date(2026, 5, 20), days=30)  # generates 2026 once
    with django_assert_num_queries(2):
        assert deadline_compute(court=court, start=date(2026, 5, 20), days=30).due == date(
            2026, 6, 22
        )
    with django_assert_num_queries(2):
        deadline_compute(court=court, start=date(2026, 6, 17), days=3)


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


def test_deadline_refuses_a_count_that_runs_out_of_the_calendar(court):
    # Closed from Dec 1, 2199 to the calendar's last day: no business day is left to find.
    _close_run(court, date(2199, 12, 1), 31)
    with pytest.raises(ValidationFailed, match="years"):
        deadline_compute(court=court, start=date(2199, 11, 30), days=1)


# ---------------------------------------------------------------------------- migration 0004

add_juneteenth = importlib.import_module("efiling.courts.migrations.0004_juneteenth").add_juneteenth


def test_migration_adds_juneteenth_to_years_already_generated(court):
    """A database that generated 2021, 2022, 2026 and 2027 before Juneteenth was in the
    calendar: each gets its row, 2023 (never generated) is left to generation, and a date with
    an administrator's statewide row keeps that row."""
    HolidayYear.objects.bulk_create(
        [
            HolidayYear(year=year, generated_at="2020-01-01T00:00Z")
            for year in (2021, 2022, 2026, 2027)
        ]
    )
    Holiday.objects.create(date=date(2026, 6, 19), name="Juneteenth (state offices closed)")
    Holiday.objects.create(court=court, date=date(2027, 6, 19), name="Court's own Juneteenth")
    add_juneteenth(apps, None)
    statewide = {
        row.date: (row.name, row.kind)
        for row in Holiday.objects.filter(court__isnull=True, date__month=6)
    }
    assert statewide == {
        date(2021, 6, 18): ("Juneteenth (state offices closed)", "closure"),
        date(2022, 6, 20): ("Juneteenth (observed)", "legal"),
        date(2026, 6, 19): ("Juneteenth (state offices closed)", "closure"),
        date(2027, 6, 19): ("Juneteenth", "legal"),
    }
    assert Holiday.objects.filter(court=court, date=date(2027, 6, 19)).exists()
    add_juneteenth(apps, None)  # a second run adds nothing
    assert Holiday.objects.filter(court__isnull=True, date__month=6).count() == 4
    assert deadline_compute(court=court, start=date(2022, 6, 17), days=1).due == date(2022, 6, 21)
