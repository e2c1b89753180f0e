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


def test_hours_are_read_once_and_again_after_a_save_or_delete(courts, django_assert_num_queries):
    """The footer's hours come from the process's copy (one query); saving or deleting a row
    (the admin's change) is seen at once by the process that makes it."""
    saturday = datetime(2026, 3, 7, 16, 0, tzinfo=UTC)  # Saturday 10 a.m.
    with django_assert_num_queries(1):
        assert not help_desk_is_open(at=saturday)
        assert hours_summary(ServiceHours.Kind.HELP_DESK) == [
            HoursLine("Monday to Friday", "7:30 a.m. to 5:00 p.m.")
        ]
    row = ServiceHours.objects.create(
        kind=ServiceHours.Kind.HELP_DESK, weekday=5, opens="09:00", closes="12:00"
    )
    assert help_desk_is_open(at=saturday)
    row.closes = "09:30"
    row.save()
    assert not help_desk_is_open(at=saturday)
    assert hours_summary(ServiceHours.Kind.HELP_DESK)[-1] == HoursLine(
        "Saturday", "9:00 a.m. to 9:30 a.m."
    )
    row.delete()
    assert hours_summary(ServiceHours.Kind.HELP_DESK) == [
        HoursLine("Monday to Friday", "7:30 a.m. to 5:00 p.m.")
    ]


def test_hours_changed_elsewhere_are_read_within_the_cache_seconds(courts, monkeypatch):
    """A change no signal announces here (another web process's save, an UPDATE) is read once
    the copy is HOURS_CACHE_SECONDS old."""
    from efiling.availability import services

    now = [1000.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: now[0])
    wednesday = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)  # Wed 9 a.m. CST
    assert help_desk_is_open(at=wednesday)
    ServiceHours.objects.filter(kind=ServiceHours.Kind.HELP_DESK).update(opens="10:00")
    now[0] += services.HOURS_CACHE_SECONDS - 0.5
    assert help_desk_is_open(at=wednesday)  # the copy, still fresh
    now[0] += 1
    assert not help_desk_is_open(at=wednesday)
