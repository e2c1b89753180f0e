import re
from datetime import timedelta

import pyotp
import pytest
import time_machine
from playwright.sync_api import expect

from efiling.accounts.models import Role, User
from efiling.core import clock
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.conftest import link_in

pytestmark = pytest.mark.browser
PASSWORD = "a long enough passphrase 42"


def _sign_in(page, email, password=PASSWORD):
    page.goto("/accounts/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_attorney_registers_confirms_and_signs_in_with_a_second_factor(page, smtp_server):
    member = factories.bar_member(first_name="Avery", last_name="Lawson")
    page.goto("/")
    page.get_by_role("link", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register as a Missouri attorney")
    assert_accessible(page)
    page.get_by_label("Missouri bar number").fill(member.bar_number)
    for label, value in [
        ("First name", "Avery"),
        ("Last name", "Lawson"),
        ("E-mail address", "avery@lawson.example"),
        ("Phone", "573-555-0100"),
        ("Address", "1 Main Street"),
        ("City", "Jefferson City"),
        ("State", "MO"),
        ("ZIP code", "65101"),
        ("Password", PASSWORD),
        ("Password again", PASSWORD),
    ]:
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    page.goto(link_in(smtp_server.bodies_to("avery@lawson.example")[0]))
    expect(page.get_by_role("status").first).to_contain_text("Your e-mail address is confirmed")
    # A new filer account sets up its second factor at its first sign-in.
    _sign_in(page, "avery@lawson.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    expect(page.get_by_role("link", name="My account")).to_have_count(0)
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code", exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    expect(
        page.get_by_role("list", name="Your recovery codes").get_by_role("listitem")
    ).to_have_count(10)
    page.get_by_role("link", name="My account", exact=True).click()
    expect(page.get_by_text("Allowed", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out", exact=True).click()

    with time_machine.travel(clock.now() + timedelta(seconds=60)):  # a fresh 30-second code
        _sign_in(page, "avery@lawson.example")
        expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
        assert_accessible(page)
        page.get_by_label("Code", exact=True).fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("link", name="My account")).to_be_visible()


def test_clerk_must_set_up_the_second_factor_to_sign_in(page):
    clerk = factories.user(Role.CLERK, email="clerk@court.example")
    _sign_in(page, "clerk@court.example", factories.PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    expect(page.get_by_role("link", name="My account")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Code", exact=True).fill("123456")
    page.get_by_role("button", name="Turn on and sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("does not match")
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code", exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    assert User.objects.get(pk=clerk.pk).has_two_factor
    expect(page.get_by_role("link", name=re.compile("My account"))).to_be_visible()


def test_a_filer_in_the_grace_period_is_reminded_then_sent_to_the_set_up(page):
    attorney = factories.user(Role.ATTORNEY, email="avery@firm.example")
    due = clock.local_date(attorney.second_factor_due_at, "America/Chicago")
    _sign_in(page, "avery@firm.example", factories.PASSWORD)
    reminder = page.get_by_role("status")
    expect(reminder).to_contain_text(f"Set up a second factor by {due:%A}, {due:%B} {due.day}")
    assert_accessible(page)
    reminder.get_by_role("link", name="Set it up now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Second factor")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out", exact=True).click()

    attorney.second_factor_due_at = clock.now() - timedelta(days=1)  # the grace is over
    attorney.save()
    _sign_in(page, "avery@firm.example", factories.PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    expect(page.get_by_role("link", name="My account")).to_have_count(0)
