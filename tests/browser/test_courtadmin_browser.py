"""A court administrator manages their court in the system's own pages (issue 11)."""

from datetime import time

import pyotp
import pytest
from django.core.mail import send_mail
from playwright.sync_api import expect

from efiling.accounts.models import CourtAssignment, Role, User
from efiling.courts.models import Holiday
from efiling.scheduling.models import Courtroom
from tests import factories
from tests.browser.conftest import (
    assert_accessible,
    pick_time,
    screenshot,
    sign_in_by_cookie,
    type_time,
)
from tests.conftest import link_in

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
    page.get_by_label("Date").fill("11/28/2031")  # as the date box shows dates
    page.get_by_label("Name").fill("Day after Thanksgiving")
    page.get_by_role("button", name="Add the day").click()
    # (the date picker has a status region of its own)
    expect(page.get_by_role("status").filter(has_text="The day is recorded")).to_be_visible()
    expect(page.get_by_role("cell", name="Day after Thanksgiving", exact=True)).to_be_visible()
    assert Holiday.objects.filter(court=court, name="Day after Thanksgiving").exists()
    page.get_by_label("Date").fill("11/28/2031")  # as the date box shows dates
    page.get_by_label("Name").fill("Again")
    page.get_by_role("button", name="Add the day").click()
    expect(page.get_by_role("alert")).to_contain_text("is already Day after Thanksgiving")
    assert_accessible(page)

    page.goto("/court-admin/SL/users/")
    assign = page.get_by_role("region", name="Assign an existing account")
    assign.get_by_label("E-mail address").fill("clara@court.example")
    assign.get_by_label("Role", exact=True).select_option("clerk")
    assign.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("cell", name="clara@court.example", exact=True)).to_be_visible()
    assert CourtAssignment.objects.filter(user=clerk, court=court).exists()
    assert_accessible(page)

    page.goto("/court-admin/SL/filing-codes/")
    assert_accessible(page)
    page.goto("/court-admin/SL/courtrooms/")
    assert_accessible(page)
    page.get_by_role("textbox", name="Name").fill("Division 9")
    page.get_by_role("button", name="Add the courtroom").click()
    page.get_by_role("link", name="Hours of Division 9").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hours of Division 9")
    assert_accessible(page)
    pick_time(page, "Friday closes (optional)", "12:00pm")
    type_time(page, "Monday closes (optional)", "4:45pm")  # typed, not chosen from the list
    type_time(page, "Tuesday opens (optional)", "8:30 a.m.")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_role("status").filter(has_text="The hours of Division 9 are saved")
    ).to_be_visible()
    room = Courtroom.objects.get(court=court, name="Division 9")
    assert room.hours.get(weekday=4).closes == time(12, 0)
    assert room.hours.get(weekday=0).closes == time(16, 45)
    assert room.hours.get(weekday=1).opens == time(8, 30)
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


def test_administrator_creates_a_clerk_account_and_the_clerk_accepts_the_invitation(
    page, live_server, court, smtp_server
):
    admin = factories.court_staff(Role.COURT_ADMINISTRATOR, court, first_name="Ada")
    sign_in_by_cookie(page, live_server, admin)
    page.goto("/court-admin/SL/")
    page.get_by_role("link", name="Court staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Court staff of the St. Louis County Circuit Court"
    )
    create = page.get_by_role("region", name="Create an account for court staff")
    expect(create).to_contain_text("the link works once and for 1 hour")
    expect(create.get_by_label("Role", exact=True).locator("option")).to_have_text(
        ["Clerk", "Judge"]
    )
    create.get_by_label("First name").fill("Clara")
    create.get_by_label("Last name").fill("Clerk")
    create.get_by_label("E-mail address").fill("clara@court.example")
    create.get_by_label("Role", exact=True).select_option("clerk")
    create.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("status").first).to_contain_text("The account is created")
    expect(page.get_by_role("cell", name="clara@court.example", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Clara Clerk", exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "court-staff")

    # The same address again: refused on its field, saying no more than that it is in use.
    create.get_by_label("First name").fill("Clara")
    create.get_by_label("Last name").fill("Again")
    create.get_by_label("E-mail address").fill("clara@court.example")
    create.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("alert")).to_contain_text("An account already uses this address.")
    assert_accessible(page)

    # Clara follows the invitation, chooses a password, and must set up her second factor.
    page.context.clear_cookies()
    [invitation] = smtp_server.bodies_to("clara@court.example")
    page.goto(link_in(invitation))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible(page)
    password = "a long enough passphrase 42"
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("New password confirmation").fill(password)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("status").first).to_contain_text("Your password is changed")
    page.get_by_label("E-mail address").fill("clara@court.example")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    expect(page.get_by_role("link", name="My account")).to_have_count(0)
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code", exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    clara = User.objects.get(email="clara@court.example")
    assert clara.has_two_factor and clara.email_confirmed_at is not None
    page.goto(link_in(invitation))
    expect(page.get_by_role("heading", level=1)).to_have_text("Link not valid")


def test_a_court_administrator_opening_the_django_admin_is_shown_the_way(page, live_server, court):
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    sign_in_by_cookie(page, live_server, administrator)
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.get_by_role("alert")).to_contain_text("for system administrators")
    assert_accessible(page)
    page.get_by_role("link", name="Go to Court administration").click()
    expect(page).to_have_url(f"{live_server.url}/court-admin/")


def test_a_system_administrator_reads_the_mail_the_demo_kept(page, live_server, settings, tmp_path):
    settings.EMAIL_BACKEND = "efiling.core.mail.EmlFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    send_mail("Notice of filing in 26SL-CC00001", "Sign in to read it.", None, ["ol@firm.example"])
    system = factories.user(Role.COURT_ADMINISTRATOR, is_superuser=True, is_staff=True)
    sign_in_by_cookie(page, live_server, system)
    page.goto("/court-admin/")
    page.get_by_role("link", name="Sent mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sent mail")
    assert_accessible(page)
    page.get_by_role("link", name="Notice of filing in 26SL-CC00001").click()
    expect(page.get_by_text("Sign in to read it.")).to_be_visible()
    expect(page.get_by_text("ol@firm.example")).to_be_visible()
    assert_accessible(page)
