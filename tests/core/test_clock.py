from datetime import UTC, date, datetime, time

import pytest
import time_machine

from efiling.accounts.models import Role
from efiling.core import clock
from efiling.core.errors import ValidationFailed
from tests import factories

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


def test_a_local_time_that_happens_twice_is_its_first_daylight_occurrence():
    first = clock.local_instant(date(2027, 11, 7), time(1, 30), "America/Chicago")
    assert first == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)  # 1:30 a.m. CDT


def test_a_local_time_the_clocks_skip_is_refused_naming_it():
    """Issue 15's trial: 2:30 a.m. on the day daylight time begins was turned into "the end
    must be after the start"; every local date and time the system reads goes through this."""
    with pytest.raises(ValidationFailed) as refused:
        clock.local_instant(date(2027, 3, 14), time(2, 30), "America/Chicago", field="start_time")
    assert refused.value.field == "start_time"
    assert "2:30 a.m. does not exist on March 14, 2027" in refused.value.message
    assert clock.local_instant(date(2027, 3, 14), time(3, 0), "America/Chicago") == datetime(
        2027, 3, 14, 8, tzinfo=UTC
    )


@pytest.mark.django_db
def test_the_maintenance_form_names_a_skipped_time_on_its_field(court):
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    form = {
        "start_date": "03/14/2027",
        "start_time": "2:30am",
        "end_date": "03/14/2027",
        "end_time": "6:00am",
        "courts": [court.pk],
        "affects_filing": "on",
        "message": "Upgrade.",
    }
    page = factories.client_for(administrator).post("/court-admin/maintenance/", form)
    assert page.status_code == 422
    assert "2:30 a.m. does not exist on March 14, 2027" in page.content.decode()
    assert 'id="id_start_time-error"' in page.content.decode()
