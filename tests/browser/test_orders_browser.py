"""Orders in the browser: a clerk prepares a judgment (its parties chosen from the case's),
the judge returns it with a note, the clerk revises and resubmits, the judge signs it."""

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.cases.models import Party
from efiling.docket.orders_models import CourtOrder, ProposedOrder
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot, sign_in_by_cookie

pytestmark = pytest.mark.browser


def test_prepare_return_revise_and_sign_a_judgment(page, live_server, court):
    clerk = factories.court_staff(Role.CLERK, court, first_name="Casey", last_name="Miller")
    judge = factories.court_staff(Role.JUDGE, court, first_name="Dana", last_name="Whitfield")
    case = factories.case(court, counsel=[factories.user(Role.ATTORNEY)], number="26SL-CC00001")
    Party.objects.create(
        case=case, kind="person", role="plaintiff", first_name="Pat", last_name="Lawson"
    )
    Party.objects.create(
        case=case, kind="organization", role="defendant", organization_name="Example Corp."
    )

    sign_in_by_cookie(page, live_server, clerk)
    page.goto(f"/court/cases/{case.pk}/orders/new/")
    assert_accessible(page)
    page.get_by_label("Judgment", exact=True).check()
    page.get_by_label("Title").fill("Default Judgment")
    page.get_by_label("Text of the order").fill("Defendant failed to appear.")
    page.get_by_label("Line 1: in favor of").select_option(label="Pat Lawson (plaintiff)")
    page.get_by_label("Line 1: against").select_option(label="Pat Lawson (plaintiff)")
    page.get_by_label("Line 1: amount in dollars").fill("1000.50")
    page.get_by_role("button", name="Submit to the judge").click()
    expect(page.get_by_role("alert")).to_contain_text("against another")  # the same party
    assert_accessible(page)
    page.get_by_label("Line 1: against").select_option(label="Example Corp. (defendant)")
    page.get_by_role("button", name="Submit to the judge").click()
    expect(page.get_by_role("status")).to_contain_text("submitted to Judge Dana Whitfield")
    assert_accessible(page)

    sign_in_by_cookie(page, live_server, judge)
    page.goto("/court/orders/waiting/")
    assert_accessible(page)
    page.get_by_role("link", name="Judgment: Default Judgment").click()
    expect(page.get_by_role("cell", name="$1,000.50")).to_be_visible()
    screenshot(page, "judgment-for-signature")
    page.get_by_label("Note to the preparer").fill("Add the costs.")
    page.get_by_role("button", name="Return with note").click()
    expect(page.get_by_text("No order waits for your signature.")).to_be_visible()

    sign_in_by_cookie(page, live_server, clerk)
    proposed = ProposedOrder.objects.get()
    page.goto(f"/court/orders/proposed/{proposed.pk}/")
    expect(page.get_by_text("Returned with this note: Add the costs.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Revise").click()
    page.get_by_label("Text of the order").fill("Defendant failed to appear. Costs are taxed.")
    page.get_by_role("button", name="Submit to the judge").click()
    expect(page.get_by_role("status")).to_contain_text("submitted to Judge Dana Whitfield")

    sign_in_by_cookie(page, live_server, judge)
    page.goto(f"/court/orders/proposed/{proposed.pk}/")
    page.get_by_label("Your electronic signature").fill("/s/ Casey Miller")
    page.get_by_role("button", name="Sign and issue").click()
    expect(page.get_by_role("alert")).to_contain_text('exactly as "/s/ Dana Whitfield"')
    assert_accessible(page)
    # The same order open in a second tab: signed in the first, the second is told so.
    second = page.context.new_page()
    second.goto(f"/court/orders/proposed/{proposed.pk}/")
    second.get_by_label("Your electronic signature").fill("/s/ Dana Whitfield")
    page.get_by_label("Your electronic signature").fill("/s/ Dana Whitfield")
    page.get_by_role("button", name="Sign and issue").click()
    expect(page.get_by_role("status")).to_contain_text("entered as docket entry 1 in 26SL-CC00001")
    assert_accessible(page)
    second.get_by_role("button", name="Sign and issue").click()
    expect(second.get_by_role("alert")).to_contain_text(
        "This proposed judgment was already signed by Judge Dana Whitfield on"
    )
    assert_accessible(second)
    second.get_by_role("link", name="Read the signed order").click()
    expect(second.get_by_role("heading", level=1)).to_contain_text("Default Judgment")
    second.close()
    order = CourtOrder.objects.get()
    assert order.issued_by == clerk and order.judge == judge
    page.get_by_role("link", name="Back to 26SL-CC00001").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("26SL-CC00001")
