from datetime import UTC, date, datetime

import pytest
import time_machine

from efiling.core import clock

CHICAGO = "America/Chicago"


def test_now_is_aware_utc():
    assert clock.now().utcoffset().total_seconds() == 0


@time_machine.travel(datetime(2026, 3, 3, 6, 30, tzinfo=UTC), tick=False)
def test_half_past_midnight_belongs_to_the_new_local_day():
    # 06:30 UTC is 12:30 a.m. CST on March 3.
    assert clock.today(CHICAGO) == date(2026, 3, 3)
    assert clock.local_date(datetime(2026, 3, 3, 5, 59, tzinfo=UTC), CHICAGO) == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 3, 8), 23), (date(2026, 11, 1), 25), (date(2026, 6, 1), 24)],
)
def test_court_days_have_23_24_or_25_hours(day, hours):
    start, end = clock.day_bounds(day, CHICAGO)
    assert (end - start).total_seconds() == hours * 3600
    assert start.tzinfo is not None


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        clock.to_local(datetime(2026, 1, 1, 12, 0), CHICAGO)  # noqa: DTZ001


def test_unknown_zone_is_refused():
    with pytest.raises(ValueError, match="Unknown time zone"):
        clock.zone("Mars/Olympus_Mons")
