"""Hearings: scheduling, double-booking, the court calendar, notices, deadlines and pages."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.core import clock
from efiling.core.errors import Conflict, PermissionDenied, ValidationFailed
from efiling.courts.models import FilingCode, Holiday
from efiling.scheduling import deadlines, services
from efiling.scheduling.models import Courtroom, Deadline, Hearing
from efiling.service.models import Notice
from tests import factories
from tests.factories import client_for

CHICAGO = clock.zone("America/Chicago")
MONDAY = date(2026, 11, 30)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A court-local (Central) time as a UTC instant."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHICAGO).astimezone(
        clock.UTC
    )


@pytest.fixture
def other_judge(court):
    return factories.court_staff(Role.JUDGE, court, first_name="Morgan", last_name="Hale")


@pytest.fixture
def other_room(court):
    return Courtroom.objects.create(court=court, name="Division 7")


@pytest.fixture
def other_case(court, attorney):
    return factories.case(court, counsel=[attorney], number="26SL-CC00002")


def schedule(actor, case, room, judge, start, end, kind=Hearing.Kind.MOTION_HEARING, **kw):
    return services.hearing_schedule(
        actor=actor,
        case=case,
        courtroom=room,
        judge=judge,
        kind=kind,
        starts_at=start,
        ends_at=end,
        **kw,
    )


def test_schedule_records_the_hearing_audit_and_notices_to_counsel(
    clerk, judge, room, case, attorney
):
    hearing = schedule(
        clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10), note="Bring exhibits"
    )
    assert hearing.status == Hearing.Status.SCHEDULED
    assert hearing.starts_at == datetime(2026, 11, 30, 15, 0, tzinfo=clock.UTC)
    notices = list(Notice.objects.filter(recipient=attorney, kind=Notice.Kind.HEARING))
    assert len(notices) == 1
    body = notices[0].body
    assert "9:00 a.m. to 10:00 a.m. on Monday, November 30, 2026" in body
    assert "Division 3" in body and "Judge Jordan Reyes" in body and "Motion hearing" in body
    assert notices[0].case == case
    assert AuditEvent.objects.filter(action="hearing.scheduled").count() == 1


def test_judge_double_booking_is_refused_naming_the_conflict(
    clerk, judge, room, other_room, case, other_case
):
    schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10))
    with pytest.raises(Conflict) as refused:
        schedule(clerk, other_case, other_room, judge, at(MONDAY, 9, 30), at(MONDAY, 11))
    assert refused.value.message == (
        "Judge Jordan Reyes already has a motion hearing in 26SL-CC00001 from 9:00 a.m. to "
        "10:00 a.m. on Monday, November 30, 2026."
    )
    assert Hearing.objects.count() == 1


def test_courtroom_double_booking_is_refused(clerk, judge, other_judge, room, case, other_case):
    schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10), kind=Hearing.Kind.TRIAL)
    with pytest.raises(Conflict) as refused:
        schedule(clerk, other_case, room, other_judge, at(MONDAY, 8), at(MONDAY, 9, 1))
    assert refused.value.message.startswith(
        "Division 3 is already booked for a trial in 26SL-CC00001"
    )


def test_back_to_back_hearings_are_allowed(clerk, judge, room, case, other_case):
    schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10))
    schedule(clerk, other_case, room, judge, at(MONDAY, 10), at(MONDAY, 11))
    schedule(clerk, other_case, room, judge, at(MONDAY, 8), at(MONDAY, 9))
    assert Hearing.objects.count() == 3


@pytest.mark.parametrize(
    "day, reason",
    [
        (date(2026, 11, 28), "The court is closed on Saturday, November 28, 2026 (Saturday)."),
        (
            date(2026, 11, 26),
            "The court is closed on Thursday, November 26, 2026 (Thanksgiving Day).",
        ),
        (
            date(2026, 11, 27),
            "The court is closed on Friday, November 27, 2026 "
            "(Day after Thanksgiving (court closed)).",
        ),
    ],
)
def test_closed_days_are_refused(court, clerk, judge, room, case, day, reason):
    Holiday.objects.create(
        date=date(2026, 11, 27),
        name="Day after Thanksgiving",
        kind=Holiday.Kind.CLOSURE,
        court=court,
    )
    with pytest.raises(ValidationFailed) as refused:
        schedule(clerk, case, room, judge, at(day, 9), at(day, 10))
    assert refused.value.message == reason
    assert not Hearing.objects.exists()


def test_a_judge_not_assigned_to_the_court_is_refused(other_court, clerk, room, case):
    outsider = factories.court_staff(Role.JUDGE, other_court, first_name="Pat", last_name="Ng")
    with pytest.raises(ValidationFailed) as refused:
        schedule(clerk, case, room, outsider, at(MONDAY, 9), at(MONDAY, 10))
    assert "not assigned" in refused.value.message


def test_a_clerk_of_another_court_is_refused(other_court, judge, room, case):
    outsider = factories.court_staff(Role.CLERK, other_court)
    with pytest.raises(PermissionDenied):
        schedule(outsider, case, room, judge, at(MONDAY, 9), at(MONDAY, 10))


def test_a_hearing_must_end_after_it_starts(clerk, judge, room, case):
    with pytest.raises(ValidationFailed):
        schedule(clerk, case, room, judge, at(MONDAY, 10), at(MONDAY, 10))


def test_reschedule_into_a_conflict_is_refused_and_into_a_free_slot_accepted(
    clerk, judge, room, case, other_case, attorney
):
    first = schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10))
    second = schedule(clerk, other_case, room, judge, at(MONDAY, 11), at(MONDAY, 12))
    with pytest.raises(Conflict):
        services.hearing_reschedule(
            actor=clerk, hearing=second, starts_at=at(MONDAY, 9, 30), ends_at=at(MONDAY, 10, 30)
        )
    before = Notice.objects.filter(recipient=attorney).count()
    moved = services.hearing_reschedule(
        actor=clerk, hearing=second, starts_at=at(MONDAY, 13), ends_at=at(MONDAY, 14)
    )
    assert moved.starts_at == at(MONDAY, 13)
    notices = Notice.objects.filter(recipient=attorney)
    assert notices.count() == before + 1
    assert "was from 11:00 a.m. to 12:00 p.m." in notices.first().body
    # Moving a hearing within its own slot is not a conflict with itself.
    services.hearing_reschedule(
        actor=clerk, hearing=first, starts_at=at(MONDAY, 9, 30), ends_at=at(MONDAY, 10, 30)
    )


def test_cancel_frees_the_slot(clerk, judge, room, case, other_case, attorney):
    hearing = schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10))
    services.hearing_cancel(actor=clerk, hearing=hearing, reason="Settled")
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.CANCELLED
    assert "Settled" in Notice.objects.filter(recipient=attorney).first().body
    schedule(clerk, other_case, room, judge, at(MONDAY, 9), at(MONDAY, 10))
    with pytest.raises(Conflict):
        services.hearing_cancel(actor=clerk, hearing=hearing, reason="Again")


def test_deadlines_from_a_petition_roll_past_holidays_and_weekends(court, case):
    # Served Tuesday, October 27, 2026: day 30 is Thanksgiving; the court closes the Friday after,
    # then comes a weekend, so the answer is due Monday, November 30.
    Holiday.objects.create(
        date=date(2026, 11, 27),
        name="Day after Thanksgiving",
        kind=Holiday.Kind.CLOSURE,
        court=court,
    )
    codes = FilingCode.objects.filter(court=court, case_type__code="CC")
    created = deadlines.deadlines_from_filing(
        case=case, filing_code=codes.get(code="PET"), served_on=date(2026, 10, 27)
    )
    assert [(d.title, d.due_date) for d in created] == [("Answer due", date(2026, 11, 30))]
    assert Deadline.objects.get().source.startswith("Answer due 30 days after service")
    notice_of_hearing = FilingCode.objects.get(court=court, case_type=None, code="NOH")
    assert (
        deadlines.deadlines_from_filing(
            case=case, filing_code=notice_of_hearing, served_on=date(2026, 10, 27)
        )
        == []
    )


def test_follow_up_deadlines_are_the_court_s_data(court, case):
    motion = FilingCode.objects.get(court=court, case_type=None, code="MOT")
    motion.follow_up_deadlines = [{"title": "Suggestions in opposition due", "days": 15}]
    motion.save()
    created = deadlines.deadlines_from_filing(
        case=case, filing_code=motion, served_on=date(2026, 11, 2)
    )
    assert [(d.title, d.due_date) for d in created] == [
        ("Suggestions in opposition due", date(2026, 11, 17))
    ]
    elsewhere = FilingCode.objects.exclude(court=court).filter(code="MOT").first()
    with pytest.raises(ValidationFailed, match="is not of the"):
        deadlines.deadlines_from_filing(case=case, filing_code=elsewhere, served_on=MONDAY)


def test_hearings_for_judge_uses_the_court_local_date(clerk, judge, room, case):
    late = schedule(  # 01:00 UTC Tuesday
        clerk, case, room, judge, at(MONDAY, 19), at(MONDAY, 20), outside_hours_reason="Night"
    )
    assert services.hearings_for_judge(judge=judge, start=MONDAY, days=1) == [late]
    assert services.hearings_for_judge(judge=judge, start=date(2026, 12, 1), days=1) == []


# ---------------------------------------------------------------------------- pages


def test_the_case_page_schedules_and_refuses_a_conflict(clerk, judge, room, case):
    url = reverse("case-hearings", args=[case.pk])
    client = client_for(clerk)
    assert client.get(url).status_code == 200
    data = {
        "courtroom": room.pk,
        "judge": judge.pk,
        "kind": "hearing",
        "date": "2026-11-30",
        "start_time": "09:00",
        "end_time": "10:00",
        "note": "",
    }
    response = client.post(url, data, follow=True)
    assert Hearing.objects.get().starts_at == at(MONDAY, 9)
    told = response.content.decode()  # a time ends the sentence: one period ("a.m.." was)
    assert "from 9:00 a.m. to 10:00 a.m. The parties are notified." in told
    assert "a.m.." not in told
    response = client.post(url, {**data, "start_time": "09:30", "end_time": "10:30"})
    assert response.status_code == 409
    assert "already has a hearing in 26SL-CC00001" in response.content.decode()
    response = client.post(url, {**data, "date": "2026-11-26"})
    assert response.status_code == 422
    assert "Thanksgiving Day" in response.content.decode()
    assert client.post(url, {**data, "date": ""}).status_code == 400


def test_reschedule_and_cancel_pages(clerk, judge, room, case):
    hearing = schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10))
    client = client_for(clerk)
    url = reverse("hearing-reschedule", args=[hearing.pk])
    assert client.get(url).status_code == 200
    data = {"date": "2026-12-01", "start_time": "14:00", "end_time": "15:00"}
    assert client.post(url, data).status_code == 302
    hearing.refresh_from_db()
    assert hearing.starts_at == at(date(2026, 12, 1), 14)
    cancel = reverse("hearing-cancel", args=[hearing.pk])
    assert client.post(cancel, {"reason": ""}).status_code == 400
    assert client.post(cancel, {"reason": "Continued by agreement"}).status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.CANCELLED


def test_judge_calendar_day_and_week_show_court_local_time(clerk, judge, room, case):
    schedule(clerk, case, room, judge, at(MONDAY, 19), at(MONDAY, 20), outside_hours_reason="Night")
    client = client_for(judge)
    url = reverse("judge-calendar")
    day = client.get(url, {"date": "2026-11-30"}).content.decode()
    assert "7:00 p.m. to 8:00 p.m." in day and "26SL-CC00001" in day
    assert "26SL-CC00001" not in client.get(url, {"date": "2026-12-01"}).content.decode()
    week = client.get(url, {"view": "week", "date": "2026-12-03"}).content.decode()
    assert "7:00 p.m. to 8:00 p.m." in week and "Sunday, December 6, 2026" in week
    clerk_view = client_for(clerk).get(url, {"judge": judge.pk, "date": "2026-11-30"})
    assert "7:00 p.m." in clerk_view.content.decode()
    # the date box is the USWDS date picker (mm/dd/yyyy), as on every other page
    typed = client.get(url, {"date": "11/30/2026"}).content.decode()
    assert "26SL-CC00001" in typed and 'class="usa-date-picker"' in typed
    impossible = client.get(url, {"date": "02/30/2026"})
    assert impossible.status_code == 400
    assert "not a day of the calendar (month, day and year" in impossible.content.decode()


def test_pages_refuse_other_roles_and_other_courts(other_court, attorney, judge, room, case, clerk):
    hearing = schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10))
    urls = [
        reverse("case-hearings", args=[case.pk]),
        reverse("hearing-reschedule", args=[hearing.pk]),
        reverse("hearing-cancel", args=[hearing.pk]),
        reverse("judge-calendar"),
    ]
    for user in [attorney, factories.user(Role.COURT_ADMINISTRATOR)]:
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user.role, url)
    outsider = client_for(factories.court_staff(Role.CLERK, other_court))
    for url in urls[:3]:  # another court's case or hearing is answered as a missing one
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(urls[2], {"reason": "No"}).status_code == 404
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.SCHEDULED


def test_a_time_that_has_passed_is_refused(clerk, case, room, judge):
    thursday = date(2026, 11, 19)  # the day before the pinned "now"
    with pytest.raises(ValidationFailed) as refused:
        schedule(clerk, case, room, judge, at(thursday, 9), at(thursday, 10))
    assert refused.value.message.startswith("9:00 a.m. on Thursday, November 19, 2026 has passed")
    hearing = schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10))
    with pytest.raises(ValidationFailed, match="has passed"):
        services.hearing_reschedule(
            actor=clerk, hearing=hearing, starts_at=at(thursday, 14), ends_at=at(thursday, 15)
        )
    hearing.refresh_from_db()
    assert hearing.starts_at == at(MONDAY, 9)


def test_a_hearing_is_recorded_as_held_once_it_has_begun(clerk, case, room, judge, pinned_clock):
    hearing = schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10))
    with pytest.raises(ValidationFailed, match="recorded as held once it has begun"):
        services.hearing_record_held(actor=clerk, hearing=hearing)
    pinned_clock(at(MONDAY, 9, 30))
    held = services.hearing_record_held(actor=clerk, hearing=hearing)
    assert held.status == Hearing.Status.HELD
    assert AuditEvent.objects.filter(action="hearing.held", object_id=str(hearing.pk)).exists()
    assert services.hearings_for_judge(judge=judge, start=MONDAY, days=1) == [held]
    with pytest.raises(Conflict, match="was held"):
        services.hearing_record_held(actor=clerk, hearing=hearing)
    with pytest.raises(Conflict, match="was held"):
        services.hearing_cancel(actor=clerk, hearing=hearing, reason="Too late")
    outsider = factories.user(Role.ATTORNEY)
    with pytest.raises(PermissionDenied):
        services.hearing_record_held(actor=outsider, hearing=hearing)


def test_notes_and_reasons_over_the_limit_are_refused_not_cut(clerk, case, room, judge):
    with pytest.raises(ValidationFailed, match="at most 300") as refused:
        schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10), note="n" * 301)
    assert refused.value.field == "note" and not Hearing.objects.exists()
    hearing = schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10))
    with pytest.raises(ValidationFailed, match="at most 300"):
        services.hearing_cancel(actor=clerk, hearing=hearing, reason="r" * 301)
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.SCHEDULED


def test_cancelling_twice_says_so_on_the_page(clerk, judge, room, case):
    hearing = schedule(clerk, case, room, judge, at(MONDAY, 9), at(MONDAY, 10))
    client = client_for(clerk)
    cancel = reverse("hearing-cancel", args=[hearing.pk])
    assert client.post(cancel, {"reason": "Continued by agreement"}).status_code == 302
    again = client.post(cancel, {"reason": "Continued by agreement"})
    assert again.status_code == 409
    assert (
        '<p class="usa-alert__text">This hearing was cancelled; schedule a new one instead.</p>'
        in again.content.decode()
    )
