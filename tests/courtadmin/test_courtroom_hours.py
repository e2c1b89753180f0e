"""A court administrator sets when each courtroom sits, in the system's pages (issue 11: a
hearing at 2:00 a.m. was accepted; hours are data, edited by the court)."""

from datetime import time

import pytest

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.core.errors import PermissionDenied, ValidationFailed
from efiling.scheduling.administration import courtroom_hours_of, courtroom_hours_set
from efiling.scheduling.models import STANDARD_HOURS, Courtroom
from tests import factories

EIGHT, NOON, FIVE = time(8, 0), time(12, 0), time(17, 0)


@pytest.fixture
def admin(court):
    return factories.court_staff(Role.COURT_ADMINISTRATOR, court)


@pytest.fixture
def room(court):
    return Courtroom.objects.create(court=court, name="Division 4")


def test_a_courtroom_without_hours_shows_the_standard_ones(room):
    assert courtroom_hours_of(room) == STANDARD_HOURS


def test_hours_are_set_audited_and_a_day_left_out_is_a_day_off(admin, room):
    hours = {0: (EIGHT, FIVE), 4: (EIGHT, NOON)}
    courtroom_hours_set(actor=admin, courtroom=room, hours=hours)
    assert courtroom_hours_of(room) == hours
    [event] = AuditEvent.objects.filter(action="courtroom.hours_changed")
    assert event.actor_id == admin.pk
    assert event.details["after"] == {"Monday": "08:00-17:00", "Friday": "08:00-12:00"}
    assert event.details["before"]["Wednesday"] == "08:00-17:00"
    courtroom_hours_set(actor=admin, courtroom=room, hours=hours)  # no change: no event
    assert AuditEvent.objects.filter(action="courtroom.hours_changed").count() == 1


@pytest.mark.parametrize(
    ("hours", "field", "words"),
    [
        ({2: (EIGHT, None)}, "day2_closes", "Give the time it closes on Wednesday"),
        ({6: (None, NOON)}, "day6_opens", "Give the time it opens on Sunday"),
        ({1: (NOON, EIGHT)}, "day1_closes", "On Tuesday the closing time must come after"),
        ({1: (NOON, NOON)}, "day1_closes", "On Tuesday the closing time must come after"),
        ({}, "day0_opens", "Give the hours of at least one day"),
    ],
)
def test_incomplete_or_backwards_hours_are_refused_naming_the_day(admin, room, hours, field, words):
    with pytest.raises(ValidationFailed) as refused:
        courtroom_hours_set(actor=admin, courtroom=room, hours=hours)
    assert refused.value.field == field and words in refused.value.message
    assert not room.hours.exists()


def test_only_an_administrator_of_the_court_sets_them(room, other_court):
    outsider = factories.court_staff(Role.COURT_ADMINISTRATOR, other_court)
    with pytest.raises(PermissionDenied):
        courtroom_hours_set(actor=outsider, courtroom=room, hours={0: (EIGHT, FIVE)})


def test_the_page_sets_hours_from_what_is_typed_and_answers_mistakes_in_words(admin, room):
    client = factories.client_for(admin)
    page = client.get(f"/court-admin/courtrooms/{room.pk}/hours/")
    html = page.content.decode()
    assert page.status_code == 200 and "Monday opens" in html and "8:00am" in html
    form = {f"day{day}_{part}": "" for day in range(7) for part in ("opens", "closes")}
    form |= {"day0_opens": "8:30 a.m.", "day0_closes": "4pm", "day5_opens": "09:00"}
    refused = client.post(f"/court-admin/courtrooms/{room.pk}/hours/", form)
    assert refused.status_code == 422
    assert "Give the time it closes on Saturday" in refused.content.decode()
    form["day5_opens"] = ""
    saved = client.post(f"/court-admin/courtrooms/{room.pk}/hours/", form)
    assert saved.status_code == 302
    assert courtroom_hours_of(room) == {0: (time(8, 30), time(16, 0))}
    garbled = client.post(f"/court-admin/courtrooms/{room.pk}/hours/", {**form, "day0_opens": "25"})
    assert garbled.status_code == 400


def test_another_courts_room_is_answered_as_a_missing_one(room, other_court):
    client = factories.client_for(factories.court_staff(Role.COURT_ADMINISTRATOR, other_court))
    hidden = client.get(f"/court-admin/courtrooms/{room.pk}/hours/")
    missing = client.get("/court-admin/courtrooms/999999/hours/")
    assert hidden.status_code == missing.status_code == 404
    for answer in (hidden, missing):
        assert "There is no such courtroom, or you do not administer its court." in (
            answer.content.decode()
        )
