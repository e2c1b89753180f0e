"""After a hearing, the clerk records it as held: a minute entry on the docket, noticed."""

from datetime import datetime

import pytest

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.core import clock
from efiling.core.errors import PermissionDenied, ValidationFailed
from efiling.docket.services import hearing_held_docket
from efiling.scheduling.models import Courtroom, Hearing
from efiling.scheduling.services import hearing_schedule
from efiling.service.models import Notice
from tests.factories import client_for

NINE = datetime(2026, 11, 30, 15, 0, tzinfo=clock.UTC)  # 9:00 a.m. in St. Louis, a Monday
TEN = datetime(2026, 11, 30, 16, 0, tzinfo=clock.UTC)


@pytest.fixture
def hearing(case, clerk, judge, court, pinned_clock):
    pinned_clock(datetime(2026, 11, 20, 18, 0, tzinfo=clock.UTC))
    room = Courtroom.objects.create(court=court, name="Division 3")
    scheduled = hearing_schedule(
        actor=clerk,
        case=case,
        courtroom=room,
        judge=judge,
        kind=Hearing.Kind.MOTION_HEARING,
        starts_at=NINE,
        ends_at=TEN,
    )
    pinned_clock(TEN)
    return scheduled


def test_the_clerk_records_a_hearing_held_as_a_minute_entry(hearing, clerk, attorney):
    entry = hearing_held_docket(clerk=clerk, hearing=hearing, note="Motion taken under advisement.")
    assert entry.text == (
        "Motion hearing held 9:00 a.m. Monday, November 30, 2026 before Judge Dana Whitfield, "
        "Division 3. Motion taken under advisement."
    )
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.HELD
    assert Notice.objects.filter(recipient=attorney, body=entry.text).exists()


def test_only_a_clerk_and_only_once(hearing, clerk, judge):
    with pytest.raises(PermissionDenied):
        hearing_held_docket(clerk=judge, hearing=hearing)
    with pytest.raises(ValidationFailed, match="at most 300"):
        hearing_held_docket(clerk=clerk, hearing=hearing, note="x" * 301)
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.SCHEDULED  # nothing half-done
    hearing_held_docket(clerk=clerk, hearing=hearing)
    assert hearing.case.docket_entries.count() == 1


def test_the_case_page_records_it_and_the_schedule_shows_it(hearing, clerk, attorney, case):
    client = client_for(clerk)
    page = client.get(f"/court/cases/{case.pk}/").content.decode()
    assert "Record as held" in page
    response = client.post(
        f"/court/cases/{case.pk}/", {"action": "held", "hearing": hearing.pk}, follow=True
    )
    assert "recorded as held: docket entry 1" in response.content.decode()
    assert "(held)" in response.content.decode() and "Record as held" not in (
        response.content.decode()
    )
    bad = client.post(f"/court/cases/{case.pk}/", {"action": "held", "hearing": "x"}, follow=True)
    assert "There is no such hearing in this case." in bad.content.decode()

    token = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    schedule = client_for(attorney).get(
        "/api/v1/courts/SL/schedule",
        {"from": "2026-11-30", "days": 1},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert [h["status"] for h in schedule.json()["items"]] == ["held"]
