from datetime import UTC, date, datetime

import pytest

from efiling.availability.models import ServiceHours
from efiling.availability.services import HoursLine, help_desk_is_open, hours_open_at, hours_summary
from efiling.courts.models import Holiday


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2026, 3, 4, 13, 29, tzinfo=UTC), False),  # Wed 7:29 a.m. CST
        (datetime(2026, 3, 4, 13, 30, tzinfo=UTC), True),  # Wed 7:30 a.m. CST
        (datetime(2026, 3, 4, 23, 0, tzinfo=UTC), True),  # Wed 5:00 p.m. CST, last moment
        (datetime(2026, 3, 4, 23, 1, tzinfo=UTC), False),  # Wed 5:01 p.m. CST
        (datetime(2026, 3, 9, 12, 30, tzinfo=UTC), True),  # Mon 7:30 a.m. CDT (after the change)
        (datetime(2026, 3, 6, 12, 30, tzinfo=UTC), False),  # Fri 6:30 a.m. CST (before it)
        (datetime(2026, 3, 7, 16, 0, tzinfo=UTC), False),  # Saturday 10 a.m.
        (datetime(2026, 11, 26, 16, 0, tzinfo=UTC), False),  # Thanksgiving 10 a.m.
        (datetime(2026, 11, 27, 16, 0, tzinfo=UTC), True),  # Friday after Thanksgiving
        (datetime(2026, 6, 19, 15, 0, tzinfo=UTC), False),  # Juneteenth 10 a.m.
        (datetime(2026, 1, 1, 4, 0, tzinfo=UTC), False),  # Dec 31 10 p.m. local, after hours
    ],
)
def test_help_desk_hours_in_central_time(courts, instant, expected):
    assert help_desk_is_open(at=instant) is expected


def test_a_court_closure_does_not_close_the_statewide_help_desk(court):
    Holiday.objects.create(court=court, date=date(2026, 11, 27), name="County holiday")
    assert help_desk_is_open(at=datetime(2026, 11, 27, 16, 0, tzinfo=UTC), court=court)


def test_a_statewide_closure_closes_the_help_desk(courts):
    friday = datetime(2026, 7, 3, 15, 0, tzinfo=UTC)  # 10 a.m.; July 4, 2026 is a Saturday
    assert help_desk_is_open(at=friday)
    Holiday.objects.create(date=date(2026, 7, 3), name="Independence Day (state offices closed)")
    assert not help_desk_is_open(at=friday)


def test_best_hours_run_to_11_59_pm_and_ignore_holidays(courts):
    kind = ServiceHours.Kind.BEST_USE
    assert hours_open_at(
        kind=kind, at=datetime(2026, 11, 27, 5, 59, 59, tzinfo=UTC)
    )  # Thu 11:59:59 p.m.
    assert hours_open_at(kind=kind, at=datetime(2026, 11, 26, 16, 0, tzinfo=UTC))  # Thanksgiving
    assert not hours_open_at(
        kind=kind, at=datetime(2026, 11, 27, 12, 59, tzinfo=UTC)
    )  # Fri 6:59 a.m.


def test_hours_are_data(courts):
    ServiceHours.objects.create(
        kind=ServiceHours.Kind.HELP_DESK, weekday=5, opens="09:00", closes="12:00"
    )
    assert help_desk_is_open(at=datetime(2026, 3, 7, 16, 0, tzinfo=UTC))  # Saturday 10 a.m.
    assert hours_summary(ServiceHours.Kind.HELP_DESK) == [
        HoursLine("Monday to Friday", "7:30 a.m. to 5:00 p.m."),
        HoursLine("Saturday", "9:00 a.m. to 12:00 p.m."),
    ]
