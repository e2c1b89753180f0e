"""A not-found return naming a new address, and the clerk's alias summons to it, in Chromium:
the sheriff's return form and the clerk's alias form (prefilled) are accessible at desktop and
phone width and work as they read."""

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.service.test_summons import _issued

pytestmark = pytest.mark.browser


def test_a_not_found_return_and_the_alias_summons_to_the_new_address(
    page, live_server, new_case_envelope, attorney, pdf, court
):
    clerk = factories.court_staff(Role.CLERK, court)
    summons = _issued(new_case_envelope, attorney, pdf, clerk)  # the Sheriff of Boone County's
    sheriff = factories.user(Role.SHERIFF, county="Boone County")
    sign_in_by_cookie(page, live_server, sheriff)
    page.goto(f"/summonses/{summons.pk}/return/")
    page.get_by_label("Not found", exact=True).check()
    page.get_by_label("Reason not found").fill("Moved; the neighbour gave the new address.")
    page.get_by_label("New address: street").fill("45 Pine Street")
    page.get_by_label("New address: city").fill("Clayton")
    page.get_by_label("New address: state").fill("MO")
    assert_accessible(page)
    page.get_by_role("button", name="File the return").click()
    expect(page.get_by_text("May be found at: 45 Pine Street, Clayton, MO.")).to_be_visible()

    page.context.clear_cookies()
    sign_in_by_cookie(page, live_server, clerk)
    page.goto(f"/summonses/{summons.pk}/")
    expect(page.get_by_label("Serve at: street")).to_have_value("45 Pine Street")
    assert_accessible(page)
    page.get_by_label("Sheriff of").select_option("St. Louis County")
    page.get_by_role("button", name="Issue an alias summons").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alias summons to Acme Corp.")
    expect(page.get_by_text("45 Pine Street, Clayton, MO")).to_be_visible()
    expect(page.get_by_text("Sheriff (St. Louis County)")).to_be_visible()
    assert_accessible(page)
