import re

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import ApiToken, Role, User
from efiling.accounts.tokens import api_token_authenticate
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie

pytestmark = pytest.mark.browser


def test_create_a_token_see_it_once_and_revoke_it(page, live_server):
    user = User.objects.create_user(
        "alice@firm.example",
        "a long password 1",
        role=Role.ATTORNEY,
        first_name="Alice",
        last_name="Attorney",
        second_factor_due_at=factories.in_grace(),
    )
    sign_in_by_cookie(page, live_server, user)
    page.goto("/accounts/tokens/")
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    expect(page.get_by_text("You have no API tokens yet.")).to_be_visible()
    assert_accessible(page)

    # A mistake first: the summary names the fields and links to them.
    page.get_by_role("button", name="Create the token").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct the following")
    expect(summary.get_by_role("link", name=re.compile("Name: Enter a name"))).to_be_visible()
    expect(page.get_by_label("Name")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.get_by_label("Name").fill("Case manager")
    page.get_by_label(re.compile("^Read and file")).check()
    page.get_by_role("button", name="Create the token").click()
    expect(page.get_by_role("heading", name="Copy your new token now")).to_be_visible()
    raw = page.locator("#new-token").inner_text().strip()
    assert raw.startswith("efl_")
    assert api_token_authenticate(raw).name == "Case manager"
    row = page.get_by_role("row", name=re.compile("Case manager"))
    expect(row).to_contain_text("Read and file")
    expect(row).to_contain_text(raw[:12])
    assert_accessible(page)

    # Shown once: the next visit lists the token but not its secret.
    page.goto("/accounts/tokens/")
    expect(page.get_by_role("row", name=re.compile("Case manager"))).to_be_visible()
    assert raw not in page.content()

    page.get_by_role("button", name="Revoke the token Case manager").click()
    expect(page.get_by_role("status").first).to_contain_text("is revoked")
    expect(page.get_by_role("row", name=re.compile("Case manager"))).to_contain_text("Revoked")
    assert_accessible(page)
    assert api_token_authenticate(raw) is None
    assert ApiToken.objects.get().revoked_at is not None
