"""Planned maintenance windows: the notice rule of three business days in every covered court's
calendar, who may post, the banner, and writes refused 503 during a window."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from efiling.accounts.models import Role
from efiling.availability.maintenance import (
    first_allowed_start,
    maintenance_post,
    windows_forget,
)
from efiling.availability.models import MaintenanceWindow
from efiling.availability.outages import outages_between
from efiling.core import clock
from efiling.core.errors import PermissionDenied, ValidationFailed
from efiling.courts.models import Holiday
from efiling.filings.models import Envelope, Status
from efiling.service.models import Notice
from tests import factories
from tests.filings.helpers import with_lead_document


def central(*args) -> datetime:
    """A Central-time moment as an aware datetime (the courts' zone)."""
    return datetime(*args, tzinfo=clock.zone("America/Chicago"))


@pytest.mark.parametrize(
    ("posted", "first"),
    [
        (central(2026, 3, 4, 12), date(2026, 3, 7)),  # Wednesday: a Monday window is in time
        (central(2026, 3, 5, 9), date(2026, 3, 10)),  # Thursday: not Monday, Tuesday
        (central(2026, 3, 7, 10), date(2026, 3, 12)),  # Saturday counts from Monday
        # Lincoln Day (Thursday Feb 12) and Washington's Birthday (Monday Feb 16) do not count
        (central(2026, 2, 10, 12), date(2026, 2, 14)),
        (central(2026, 2, 11, 12), date(2026, 2, 18)),
        (central(2026, 6, 17, 12), date(2026, 6, 23)),  # Juneteenth (Friday June 19)
        (central(2026, 11, 24, 12), date(2026, 11, 28)),  # Thanksgiving (Thursday Nov 26)
        (central(2026, 11, 25, 12), date(2026, 12, 1)),
        (central(2026, 11, 25, 23, 30), date(2026, 12, 1)),  # 5:30 UTC Thursday: still Wednesday
    ],
)
def test_three_business_days_of_notice(db, posted, first):
    assert first_allowed_start(courts=None, posted_at=posted.astimezone(UTC)) == (first, None)


def test_every_covered_courts_calendar_counts(court, other_court):
    Holiday.objects.create(court=other_court, date=date(2026, 3, 6), name="County holiday")
    posted = central(2026, 3, 4, 12)
    assert first_allowed_start(courts=[court], posted_at=posted) == (date(2026, 3, 7), None)
    assert first_allowed_start(courts=[court, other_court], posted_at=posted) == (
        date(2026, 3, 10),
        other_court,
    )
    assert first_allowed_start(courts=None, posted_at=posted)[0] == date(2026, 3, 10)


def _post(actor, courts, starts, **extra):
    values = {
        "actor": actor,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=6),
        "courts": courts,
        "all_courts": not courts,
        "affects_filing": True,
        "affects_public_search": False,
        "message": "Database upgrade.",
    }
    return maintenance_post(**values | extra)


def test_a_late_window_is_refused_naming_the_first_start_unless_an_emergency(court):
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    attorney = factories.user(Role.ATTORNEY)
    monday = central(2026, 11, 30, 22)
    with time_machine.travel(central(2026, 11, 25, 12), tick=False):
        with pytest.raises(ValidationFailed, match="Tuesday, December 1, 2026") as refused:
            _post(administrator, [court], monday)
        assert refused.value.field == "start_date"
        with pytest.raises(ValidationFailed, match="reason"):
            _post(administrator, [court], monday, emergency=True)
        window = _post(administrator, [court], monday, emergency=True, emergency_reason="Fix")
    assert window.emergency_reason == "Fix" and window.posted_by == administrator
    notice = Notice.objects.get(recipient=attorney, kind=Notice.Kind.MAINTENANCE)
    assert "Monday, November 30, 2026, 10:00 p.m." in notice.subject
    assert "Emergency maintenance: Fix" in notice.body
    with time_machine.travel(central(2026, 11, 24, 12), tick=False):  # in time, another hour
        assert not _post(administrator, [court], monday + timedelta(hours=1)).emergency


def test_who_may_post(court, other_court):
    starts = clock.now() + timedelta(days=30)
    elsewhere = factories.court_staff(Role.COURT_ADMINISTRATOR, other_court)
    with pytest.raises(PermissionDenied, match="not assigned"):
        _post(elsewhere, [court], starts)
    with pytest.raises(PermissionDenied, match="clerk"):
        _post(factories.court_staff(Role.CLERK, court), [court], starts)
    with pytest.raises(PermissionDenied, match="system administrator"):
        _post(elsewhere, [], starts)
    system = factories.user(Role.COURT_ADMINISTRATOR, is_superuser=True, is_staff=True)
    assert _post(system, [], starts).all_courts
    page = factories.client_for(system).get("/court-admin/maintenance/").content.decode()
    assert "Every court" in page and "Cancel this maintenance" in page
    clerk_page = factories.client_for(factories.court_staff(Role.CLERK, court))
    assert clerk_page.get("/court-admin/maintenance/").status_code == 403


def test_the_maintenance_page_posts_a_window(court):
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    form = {
        "start_date": "12/12/2026",
        "start_time": "10:00pm",
        "end_date": "12/13/2026",
        "end_time": "6:00am",
        "courts": [court.pk],
        "affects_filing": "on",
        "message": "Upgrade of the database.",
    }
    with time_machine.travel(central(2026, 12, 10, 12), tick=False):  # Thursday
        refused = factories.client_for(administrator).post("/court-admin/maintenance/", form)
    assert refused.status_code == 422
    assert "starts on Tuesday, December 15, 2026 at the earliest" in refused.content.decode()
    with time_machine.travel(central(2026, 12, 9, 12), tick=False):  # Wednesday: in time
        client = factories.client_for(administrator)  # signed in then: not idle
        posted = client.post("/court-admin/maintenance/", form, follow=True)
    assert "is posted" in posted.content.decode()
    window = MaintenanceWindow.objects.get()
    assert window.starts_at == datetime(2026, 12, 13, 4, tzinfo=UTC)  # 10 p.m. Central
    assert list(window.courts.all()) == [court]
    with time_machine.travel(central(2026, 12, 10, 12), tick=False):
        client = factories.client_for(administrator)
        cancelled = client.post(f"/court-admin/maintenance/{window.pk}/cancel/", follow=True)
    assert "is cancelled" in cancelled.content.decode()
    window.refresh_from_db()
    assert window.cancelled_by == administrator
    assert Notice.objects.filter(kind=Notice.Kind.MAINTENANCE).count() == 2  # posted, cancelled


def test_a_window_cancelled_after_it_began_ends_now_and_stays_an_outage(court):
    """Cancelling a window in force ends it now instead: the minutes it stopped filing stay in
    the history and the records of filing attempts (Rule 103.06; issue 15's trial found such a
    window gone from the status page, its CSV and feed, and the attempt record)."""
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    with time_machine.travel(central(2026, 12, 9, 16, 35), tick=False):
        window = maintenance_post(
            actor=administrator,
            starts_at=clock.now(),
            ends_at=clock.now() + timedelta(hours=3),
            courts=[court],
            affects_filing=True,
            affects_public_search=False,
            all_courts=False,
            message="Storage replacement.",
            emergency=True,
            emergency_reason="A failing disk.",
        )
    with time_machine.travel(central(2026, 12, 9, 16, 40), tick=False):
        client = factories.client_for(administrator)
        ended = client.post(f"/court-admin/maintenance/{window.pk}/cancel/", follow=True)
        assert "ended now: it stays in the history" in ended.content.decode()
        window.refresh_from_db()
        assert window.cancelled_at is None
        assert window.ends_at == clock.now()
        (outage,) = outages_between(central(2026, 12, 9), central(2026, 12, 10))
        assert (outage.start, outage.end) == (central(2026, 12, 9, 16, 35), clock.now())
        history = factories.client_for(administrator).get("/status/history.csv").content.decode()
        assert "Storage replacement." in history
    assert Notice.objects.filter(subject__startswith="Maintenance ended early").exists()


def test_a_submission_during_a_window_is_refused_and_nothing_is_stored(
    new_case_envelope, attorney, signed_in, pdf
):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    with time_machine.travel(clock.now(), tick=False):
        window = MaintenanceWindow.objects.create(
            starts_at=clock.now() - timedelta(minutes=5),
            ends_at=clock.now() + timedelta(hours=2),
            all_courts=True,
            message="Moving to new servers.",
            posted_at=clock.now() - timedelta(days=5),
        )
        windows_forget()  # the upload above read the windows: read them again at once
        answer = signed_in.post(
            f"/filings/{envelope.public_id}/review/",
            {"idempotency_key": "k1", "signature": "/s/ Avery Lawson"},
        )
        api = signed_in.post("/api/v1/envelopes", {}, content_type="application/json")
        reading = signed_in.get(f"/filings/{envelope.public_id}/review/")
    assert answer.status_code == 503 and answer["Retry-After"] == str(2 * 60 * 60)
    assert "are stopped for planned maintenance until" in answer.content.decode()
    # nothing for the filer to correct: the notice with the reference, not a list of errors
    assert "Please correct the following" not in answer.content.decode()
    assert 'id="attempt-reference"' in answer.content.decode()
    assert Envelope.objects.get(pk=envelope.pk).status == Status.DRAFT
    assert api.status_code == 503 and api.json()["code"] == "maintenance"
    assert api["Retry-After"] == str(2 * 60 * 60)
    assert reading.status_code == 200 and "Maintenance now" in reading.content.decode()
    assert window.message in reading.content.decode()


def test_a_window_of_some_courts_shows_on_the_public_search_and_stops_no_write(court, signed_in):
    starts = clock.now() + timedelta(days=6)
    window = MaintenanceWindow.objects.create(
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        message="Storage replacement.",
        emergency=True,
        emergency_reason="A failing disk.",
        posted_at=clock.now(),
    )
    window.courts.set([court])
    page = signed_in.get("/public/search/").content.decode()
    assert 'class="usa-site-alert usa-site-alert--info" role="region"' in page
    assert "Planned maintenance" in page and court.name in page
    assert "Emergency maintenance:</strong> A failing disk." in page
    listed = signed_in.get("/api/v1/maintenance").json()["items"]
    assert [(w["courts"], w["current"], w["emergency_reason"]) for w in listed] == [
        (["SL"], False, "A failing disk.")
    ]


def test_a_window_too_long_or_posted_twice_is_refused(court):
    """Issue 15's trial posted a five-year filing stop, and the same window twice."""
    from efiling.core.errors import Conflict

    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    start = clock.now() + timedelta(days=10)
    values = dict(
        actor=administrator,
        courts=[court],
        all_courts=False,
        affects_filing=True,
        affects_public_search=False,
        message="Upgrade.",
        emergency=False,
        emergency_reason="",
    )
    with pytest.raises(ValidationFailed, match="lasts at most 14 days") as refused:
        maintenance_post(starts_at=start, ends_at=start + timedelta(days=365 * 5), **values)
    assert refused.value.field == "end_date"
    maintenance_post(starts_at=start, ends_at=start + timedelta(hours=4), **values)
    with pytest.raises(Conflict, match="already posted"):
        maintenance_post(starts_at=start, ends_at=start + timedelta(hours=4), **values)
    assert MaintenanceWindow.objects.count() == 1
