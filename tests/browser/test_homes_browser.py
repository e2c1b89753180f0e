"""Each role signs in and lands on its home (issue 11), which passes axe-core."""

from datetime import timedelta

import pyotp
import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.core import clock
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot, sign_in_by_cookie
from tests.filings.helpers import new_case_draft

pytestmark = pytest.mark.browser


def _sign_in(page, email):
    page.goto("/accounts/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_attorney_signs_in_to_a_home_with_their_work(page, court):
    attorney = factories.user(Role.ATTORNEY, email="alice@firm.example", first_name="Alice")
    judge = factories.court_staff(Role.JUDGE, court)
    case = factories.case(court, counsel=[attorney], number="26SL-CC00701", caption="Able v. Cole")
    factories.hearing(case, judge, clock.now() + timedelta(days=2), room="Division 2")
    new_case_draft(court, attorney, caption="Able v. Draft")
    _sign_in(page, "alice@firm.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(page.get_by_text("Signed in as")).to_contain_text("Alice Lawson")
    expect(page.get_by_role("heading", name="Hearings until")).to_be_visible()
    expect(page.get_by_role("cell", name="Able v. Draft")).to_be_visible()
    expect(page.get_by_role("link", name="26SL-CC00701").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "attorney-home")


def test_a_judge_sets_up_the_second_factor_and_reaches_the_home(page, court):
    factories.court_staff(Role.JUDGE, court, email="jude@court.example", first_name="Jude")
    _sign_in(page, "jude@court.example")
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code", exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    page.get_by_role("link", name="Go to your home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(page.get_by_text("Signed in as")).to_contain_text("St. Louis County Circuit Court")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.STAFF, "You work for"),
        (Role.PRO_HAC_VICE, "Payment account"),
        (Role.CLERK, "Review queues"),
        (Role.JUDGE, "week of Monday"),  # "This week: week of Monday, ..." or next week
        (Role.COURT_ADMINISTRATOR, "Your courts"),
        (Role.HELP_DESK, "Help desk hours"),
        (Role.SELF_REPRESENTED, "Electronic filing is not open to you yet"),
    ],
)
def test_every_role_home_is_accessible(page, live_server, court, role, expected):
    if role == Role.STAFF:
        person = factories.staff_for(factories.user(Role.ATTORNEY))
    elif role in (Role.CLERK, Role.JUDGE, Role.COURT_ADMINISTRATOR):
        person = factories.court_staff(role, court)
    else:
        person = factories.user(role)
    sign_in_by_cookie(page, live_server, person)
    page.goto("/home/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(
        page.get_by_role("heading", name=expected).or_(page.get_by_text(expected)).first
    ).to_be_visible()
    assert_accessible(page)
