"""Courtroom hours: a setting outside them is refused naming them, unless a judge or clerk
gives a reason, which is kept and audited."""

from datetime import date, time

import pytest
from django.urls import reverse

from efiling.audit.models import AuditEvent
from efiling.core.errors import PermissionDenied, ValidationFailed
from efiling.scheduling import services
from efiling.scheduling.models import CourtroomHours, Hearing
from efiling.service.models import Notice
from tests import factories
from tests.factories import client_for
from tests.scheduling.test_hearings import MONDAY, at, schedule


def test_a_hearing_at_2_a_m_is_refused_naming_the_hours(clerk, judge, room, case):
    with pytest.raises(ValidationFailed) as refused:
        schedule(clerk, case, room, judge, at(MONDAY, 2), at(MONDAY, 3))
    assert refused.value.field == "outside_hours_reason"
    assert refused.value.message == (
        "2:00 a.m. to 3:00 a.m. on Monday, November 30, 2026 is outside the hours of "
        "Division 3: Monday to Friday, 8:00 a.m. to 5:00 p.m. Choose a time within them, "
        "or give the reason to sit outside them."
    )
    assert not Hearing.objects.exists()
    assert not Notice.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "inside"),
    [
        ((8, 0), (17, 0), True),  # the whole day
        ((16, 0), (17, 0), True),  # ends at closing time
        ((7, 59), (9, 0), False),
        ((16, 30), (17, 1), False),
        ((17, 0), (18, 0), False),  # starts at closing time
    ],
)
def test_the_edges_of_the_hours(clerk, judge, room, case, start, end, inside):
    starts_at, ends_at = at(MONDAY, *start), at(MONDAY, *end)
    if inside:
        assert schedule(clerk, case, room, judge, starts_at, ends_at).outside_hours_reason == ""
    else:
        with pytest.raises(ValidationFailed):
            schedule(clerk, case, room, judge, starts_at, ends_at)


def test_a_court_s_own_hours_replace_the_standard_ones(clerk, judge, room, case):
    CourtroomHours.objects.create(courtroom=room, weekday=0, opens=time(13), closes=time(16))
    CourtroomHours.objects.create(courtroom=room, weekday=5, opens=time(9), closes=time(12))
    with pytest.raises(ValidationFailed) as refused:
        schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10))
    assert "Division 3: Monday, 1:00 p.m. to 4:00 p.m.; Saturday, 9:00 a.m. to 12:00 p.m." in (
        refused.value.message
    )
    assert schedule(clerk, case, room, judge, at(MONDAY, 13), at(MONDAY, 14))
    # A Tuesday has no row: the courtroom does not sit then.
    with pytest.raises(ValidationFailed):
        schedule(clerk, case, room, judge, at(date(2026, 12, 1), 13), at(date(2026, 12, 1), 14))


def test_a_judge_or_clerk_overrides_with_a_reason_kept_and_audited(clerk, judge, room, case):
    hearing = schedule(
        judge,
        case,
        room,
        judge,
        at(MONDAY, 2),
        at(MONDAY, 3),
        outside_hours_reason="  Emergency protection order  ",
    )
    assert hearing.outside_hours_reason == "Emergency protection order"
    event = AuditEvent.objects.get(action="hearing.scheduled")
    assert event.details["outside_hours_reason"] == "Emergency protection order"

    moved = services.hearing_reschedule(
        actor=clerk, hearing=hearing, starts_at=at(MONDAY, 9), ends_at=at(MONDAY, 10)
    )
    assert moved.outside_hours_reason == ""  # back within the hours
    with pytest.raises(ValidationFailed):
        services.hearing_reschedule(
            actor=clerk, hearing=hearing, starts_at=at(MONDAY, 20), ends_at=at(MONDAY, 21)
        )
    with pytest.raises(ValidationFailed, match="at most 300"):
        schedule(
            clerk, case, room, judge, at(MONDAY, 2), at(MONDAY, 3), outside_hours_reason="x" * 301
        )


def test_a_trial_over_several_days_sits_within_the_hours_of_its_first_and_last_days(
    clerk, judge, room, case
):
    hearing = schedule(
        clerk, case, room, judge, at(MONDAY, 9), at(date(2026, 12, 2), 16), kind="trial"
    )
    assert hearing.outside_hours_reason == ""


def test_the_matrix_keeps_the_override_to_judges_and_clerks(court, case, room, judge):
    from efiling.accounts.models import Role
    from efiling.accounts.permissions import Action, check

    assert check(judge, Action.SCHEDULE_OUTSIDE_HOURS, court=court) is None
    for role in (Role.ATTORNEY, Role.COURT_ADMINISTRATOR):
        person = factories.user(role)
        assert check(person, Action.SCHEDULE_OUTSIDE_HOURS, court=court)
        with pytest.raises(PermissionDenied):
            schedule(person, case, room, judge, at(MONDAY, 2), at(MONDAY, 3))


def test_the_page_names_the_hours_then_takes_the_reason(clerk, judge, room, case):
    url = reverse("case-hearings", args=[case.pk])
    client = client_for(clerk)
    page = client.get(url).content.decode()
    assert "Reason to sit outside the hours" in page
    data = {
        "courtroom": room.pk,
        "judge": judge.pk,
        "kind": "hearing",
        "date": MONDAY.isoformat(),
        "start_time": "02:00",
        "end_time": "03:00",
        "note": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "Monday to Friday, 8:00 a.m. to 5:00 p.m." in refused.content.decode()
    assert not Hearing.objects.exists()
    data["outside_hours_reason"] = "Emergency hearing"
    assert client.post(url, data).status_code == 302
    assert Hearing.objects.get().outside_hours_reason == "Emergency hearing"

    reschedule = reverse("hearing-reschedule", args=[Hearing.objects.get().pk])
    late = {"date": "2026-12-01", "start_time": "22:00", "end_time": "23:00"}
    moved = client.post(reschedule, late)
    assert moved.status_code == 422 and "outside the hours of Division 3" in moved.content.decode()


def test_demo_courtrooms_have_hours(db):
    from efiling.demo.users import DEMO_COURTROOMS

    assert DEMO_COURTROOMS["Division 2"][4] == (time(8), time(12))
    assert services.hours_text(DEMO_COURTROOMS["Division 2"]) == (
        "Monday to Thursday, 8:00 a.m. to 5:00 p.m.; Friday, 8:00 a.m. to 12:00 p.m."
    )
