"""Main path of the calendar feed: from My account, make the address, read it, turn it off."""

from datetime import timedelta
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role, User
from efiling.core import clock
from efiling.courts.models import Court
from efiling.scheduling.models import Courtroom, Hearing
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie

pytestmark = pytest.mark.browser


def test_an_attorney_subscribes_to_their_calendar(page, live_server, courts):
    user = User.objects.create_user(
        "alice@firm.example",
        "a long password 1",
        role=Role.ATTORNEY,
        first_name="Alice",
        last_name="Attorney",
        second_factor_due_at=factories.in_grace(),
    )
    court = Court.objects.get(code="SL")
    case = factories.case(court, counsel=[user], number="26SL-CC00042")
    judge = factories.court_staff(Role.JUDGE, court, first_name="Ruth", last_name="Abel")
    start = clock.now().replace(microsecond=0) + timedelta(days=2)
    Hearing.objects.create(
        case=case,
        courtroom=Courtroom.objects.create(court=court, name="Division 1"),
        judge=judge,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        created_by=judge,
        created_at=clock.now(),
    )
    sign_in_by_cookie(page, live_server, user)
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="Calendar feed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendar feed")
    expect(page.get_by_text("You have no calendar feed.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Make my feed's address").click()
    expect(page.get_by_role("heading", name="Copy your feed's address now")).to_be_visible()
    address = page.locator("#feed-address").inner_text().strip()
    assert address.startswith(live_server.url) and address.endswith(".ics")
    assert_accessible(page)
    # What a calendar program reads, without signing in (the live server: plain http).
    with urlopen(address) as answer:  # noqa: S310
        body = answer.read().decode()
    assert "SUMMARY:Hearing: case 26SL-CC00042" in body

    page.get_by_role("button", name="Turn the feed off").click()
    expect(page.get_by_role("status").first).to_contain_text("Your calendar feed is turned off")
    assert_accessible(page)
