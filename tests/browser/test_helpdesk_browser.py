"""The help desk's main path (issue 15) in a real browser: a locked-out attorney writes to the
help desk from the help page; the help desk finds her, unlocks the account and answers; each
page passes axe-core."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from efiling.accounts.models import Role, SignInFailure
from efiling.accounts.signin import account_locked_until
from efiling.core import clock
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie

pytestmark = pytest.mark.browser


def test_the_help_desk_finds_the_attorney_unlocks_her_and_answers(page, live_server, court):
    attorney = factories.user(
        Role.ATTORNEY, email="alice@firm.example", first_name="Alice", last_name="Able"
    )
    SignInFailure.objects.bulk_create(
        SignInFailure(key="account:alice@firm.example", at=clock.now())
        for _ in range(settings.EFILING_SIGNIN_LOCK_AFTER)
    )

    page.goto("/")
    page.get_by_role("link", name="Help and the help desk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help")
    assert_accessible(page)
    page.get_by_role("link", name="Write to the help desk").click()
    page.get_by_label("Your name").fill("Alice Able")
    page.get_by_label("Your e-mail address").fill("alice@firm.example")
    page.get_by_label("Subject").fill("Locked out")
    page.get_by_label("Your question").fill("My account is locked before a filing deadline.")
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your request is sent")

    page.context.clear_cookies()
    sign_in_by_cookie(page, live_server, factories.user(Role.HELP_DESK))
    page.goto("/home/")
    expect(page.get_by_role("link", name="Locked out")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Look up a user: e-mail address, last name or bar number").fill("Able")
    page.get_by_role("button", name="Look up").first.click()
    page.get_by_role("link", name="Alice Able").click()
    expect(page.get_by_text("Locked", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Unlock the account").click()
    expect(page.get_by_text("The account is unlocked")).to_be_visible()
    assert account_locked_until(email=attorney.email) is None

    page.goto("/home/")
    page.get_by_role("link", name="Locked out").click()
    page.get_by_label("Answer", exact=True).fill("Your account is unlocked: sign in again.")
    assert_accessible(page)
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("The answer is sent")).to_be_visible()
    expect(page.get_by_text("None: every request is answered.")).to_be_visible()
