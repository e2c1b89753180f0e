"""A court administrator manages their court in the system's own pages (issue 11)."""

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import CourtAssignment, Role
from efiling.courts.models import Holiday
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot, sign_in_by_cookie

pytestmark = pytest.mark.browser


def test_administrator_records_a_closure_day_assigns_a_clerk_and_verifies_the_trail(
    page, live_server, court
):
    admin = factories.court_staff(Role.COURT_ADMINISTRATOR, court, first_name="Ada")
    clerk = factories.user(Role.CLERK, email="clara@court.example", first_name="Clara")
    sign_in_by_cookie(page, live_server, admin)
    page.goto("/home/")
    page.get_by_role("link", name="St. Louis County Circuit Court").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("St. Louis County Circuit Court")
    assert_accessible(page)
    screenshot(page, "court-administration")

    page.get_by_role("link", name="Closure days").click()
    assert_accessible(page)
    page.get_by_label("Date").fill("2031-11-28")
    page.get_by_label("Name").fill("Day after Thanksgiving")
    page.get_by_role("button", name="Add the day").click()
    expect(page.get_by_role("status")).to_contain_text("The day is recorded")
    expect(page.get_by_role("cell", name="Day after Thanksgiving", exact=True)).to_be_visible()
    assert Holiday.objects.filter(court=court, name="Day after Thanksgiving").exists()
    page.get_by_label("Date").fill("2031-11-28")
    page.get_by_label("Name").fill("Again")
    page.get_by_role("button", name="Add the day").click()
    expect(page.get_by_role("alert")).to_contain_text("is already Day after Thanksgiving")
    assert_accessible(page)

    page.goto("/court-admin/SL/users/")
    page.get_by_label("E-mail address").fill("clara@court.example")
    page.get_by_label("Role").select_option("clerk")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("cell", name="clara@court.example", exact=True)).to_be_visible()
    assert CourtAssignment.objects.filter(user=clerk, court=court).exists()
    assert_accessible(page)

    page.goto("/court-admin/SL/filing-codes/")
    assert_accessible(page)
    page.goto("/court-admin/SL/courtrooms/")
    assert_accessible(page)
    page.goto("/court-admin/SL/rejection-reasons/")
    assert_accessible(page)

    page.goto("/court-admin/audit/")
    expect(page.get_by_role("cell", name="holiday.added")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Verify the whole trail now").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("The trail is intact")
    assert_accessible(page)


def test_another_courts_administrator_finds_no_such_court(page, live_server, other_court):
    other = factories.court_staff(Role.COURT_ADMINISTRATOR, other_court)
    sign_in_by_cookie(page, live_server, other)
    response = page.goto("/court-admin/SL/closures/")
    assert response.status == 404
    expect(page.get_by_text("There is no such court, or you do not administer it.")).to_be_visible()
    assert_accessible(page)
