"""The personal iCalendar feed: its address, what it holds for each role, what it never shows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.cases.models import SecurityLevel
from efiling.core import clock
from efiling.core.errors import NotFound
from efiling.feeds import services
from efiling.feeds.models import CalendarFeed
from efiling.scheduling.models import Courtroom, Deadline, Hearing
from tests import factories
from tests.factories import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def judge(court):
    return factories.court_staff(Role.JUDGE, court, first_name="Ruth", last_name="Abel")


@pytest.fixture
def case(court, attorney):
    return factories.case(
        court, counsel=[attorney], number="26SL-CC00001", caption="Secretive v. Hidden Name"
    )


def hearing(case, judge, *, days=3, status=Hearing.Status.SCHEDULED, room=None):
    room = room or Courtroom.objects.get_or_create(court=case.court, name="Division 1")[0]
    start = clock.now().replace(microsecond=0) + timedelta(days=days)
    return Hearing.objects.create(
        case=case,
        courtroom=room,
        judge=judge,
        kind=Hearing.Kind.MOTION_HEARING,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        status=status,
        created_by=judge,
        created_at=clock.now(),
    )


def deadline(case, *, days=10, satisfied=False):
    return Deadline.objects.create(
        case=case,
        title="Answer due",
        due_date=clock.now().date() + timedelta(days=days),
        source="30 days after service",
        created_at=clock.now(),
        satisfied_at=clock.now() if satisfied else None,
    )


def uid(kind, row):
    return services.event_uid(kind, row.pk)


def events_of(user):
    calendar = Calendar.from_ical(services.calendar_for(user))
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_an_attorneys_feed_holds_their_hearings_and_open_deadlines(attorney, judge, case):
    shown = hearing(case, judge)
    cancelled = hearing(case, judge, days=4, status=Hearing.Status.CANCELLED)
    due = deadline(case)
    deadline(case, days=12, satisfied=True)
    other = factories.case(case.court, number="26SL-CC00002")
    hearing(other, judge, days=5)  # not the attorney's case

    events = events_of(attorney)

    assert set(events) == {
        uid("hearing", shown),
        uid("hearing", cancelled),
        uid("deadline", due),
    }
    one = events[uid("hearing", shown)]
    assert str(one["summary"]) == "Motion hearing: case 26SL-CC00001"
    assert one.decoded("dtstart") == shown.starts_at
    assert str(one["status"]) == "CONFIRMED"
    assert "Division 1" in str(one["location"])
    assert str(one["url"]).endswith(reverse("my-case", args=[case.pk]))
    assert str(events[uid("hearing", cancelled)]["status"]) == "CANCELLED"
    due_event = events[uid("deadline", due)]
    assert due_event.decoded("dtstart") == due.due_date
    assert str(due_event["summary"]) == "Answer due: case 26SL-CC00001"


def test_the_feed_never_shows_a_caption_or_a_party(attorney, judge, case):
    case.security_level = SecurityLevel.SEALED
    case.save(update_fields=["security_level"])
    hearing(case, judge)
    deadline(case)
    text = services.calendar_for(attorney).decode()
    assert "Secretive" not in text and "Hidden Name" not in text
    assert "26SL-CC00001" in text


def test_staff_see_their_attorneys_hearings(attorney, judge, case):
    staff = factories.staff_for(attorney)
    shown = hearing(case, judge)
    assert uid("hearing", shown) in events_of(staff)


def test_a_judge_sees_the_hearings_they_preside_over_and_no_deadlines(court, judge, case):
    mine = hearing(case, judge)
    other_judge = factories.court_staff(Role.JUDGE, court, first_name="Sam", last_name="Cole")
    hearing(case, other_judge, days=6, room=Courtroom.objects.create(court=court, name="Div 2"))
    deadline(case)
    assert set(events_of(judge)) == {uid("hearing", mine)}
    assert str(events_of(judge)[uid("hearing", mine)]["url"]).endswith(
        reverse("court-case", args=[case.pk])
    )


def test_the_window_and_the_bound(attorney, judge, case, monkeypatch):
    hearing(case, judge, days=-(services.FEED_PAST_DAYS + 2))
    hearing(case, judge, days=services.FEED_FUTURE_DAYS + 2)
    near = [hearing(case, judge, days=d) for d in (1, 2, 3)]
    monkeypatch.setattr(services, "FEED_MAX_EVENTS", 2)
    assert set(events_of(attorney)) == {uid("hearing", h) for h in near[:2]}


def test_the_address_opens_the_feed_until_replaced_or_turned_off(attorney, judge, case, client):
    hearing(case, judge)
    first = services.calendar_feed_create(user=attorney)
    answer = client.get(reverse("calendar-feed", args=[first]))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"BEGIN:VCALENDAR" in answer.content and b"26SL-CC00001" in answer.content
    assert CalendarFeed.objects.get(user=attorney).last_read_at is not None

    second = services.calendar_feed_create(user=attorney)
    assert client.get(reverse("calendar-feed", args=[first])).status_code == 404
    assert client.get(reverse("calendar-feed", args=[second])).status_code == 200
    assert services.calendar_feed_revoke(user=attorney) is True
    assert services.calendar_feed_revoke(user=attorney) is False
    missing = client.get(reverse("calendar-feed", args=["no-such-secret"]))
    revoked = client.get(reverse("calendar-feed", args=[second]))
    assert (revoked.status_code, revoked.content) == (missing.status_code, missing.content)
    assert missing.status_code == 404
    actions = AuditEvent.objects.filter(action__startswith="calendar_feed.").order_by("pk")
    assert [e.action for e in actions] == [
        "calendar_feed.created",
        "calendar_feed.created",
        "calendar_feed.revoked",
    ]
    assert (
        CalendarFeed.objects.get(secret_sha256__isnull=False, revoked_at__isnull=True)
        if (CalendarFeed.objects.filter(revoked_at__isnull=True).exists())
        else True
    )


def test_a_disabled_account_loses_its_feed(attorney):
    secret = services.calendar_feed_create(user=attorney)
    attorney.is_active = False
    attorney.save(update_fields=["is_active"])
    with pytest.raises(NotFound):
        services.calendar_feed_owner(secret)
    with pytest.raises(NotFound):
        services.calendar_feed_owner("x" * 500)


def test_the_page_makes_shows_once_and_turns_off(attorney):
    client = client_for(attorney)
    page = client.get(reverse("calendar-feed-page"))
    assert page.status_code == 200 and b"You have no calendar feed." in page.content
    made = client.post(reverse("calendar-feed-page"), {"action": "create"})
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    address = made.context["address"]
    assert address.startswith("http://testserver/feeds/calendar/") and address.endswith(".ics")
    assert client.get(address.removeprefix("http://testserver")).status_code == 200
    again = client.get(reverse("calendar-feed-page"))
    assert address.encode() not in again.content  # shown once
    off = client.post(reverse("calendar-feed-page"), {"action": "revoke"})
    assert b"Your calendar feed is turned off" in off.content
    assert client.get(address.removeprefix("http://testserver")).status_code == 404
    bad = client.post(reverse("calendar-feed-page"), {"action": "other"})
    assert bad.status_code == 400


def test_roles_without_cases_have_no_feed(court):
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    answer = client_for(administrator).get(reverse("calendar-feed-page"))
    assert answer.status_code == 403
