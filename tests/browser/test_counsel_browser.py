import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie

pytestmark = pytest.mark.browser


def test_clerk_admits_and_revokes_a_pro_hac_vice_attorney(page, live_server, court):
    clerk = factories.court_staff(Role.CLERK, court, first_name="Casey", last_name="Clerk")
    sponsor = factories.user(Role.ATTORNEY, first_name="Mo", last_name="Sponsor")
    factories.pro_hac_vice_attorney(email="peter@hacvice.example")
    case = factories.case(court, counsel=[sponsor], number="26SL-CC00001")
    sign_in_by_cookie(page, live_server, clerk)

    page.goto(f"/court/cases/{case.pk}/counsel/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("26SL-CC00001")
    assert_accessible(page)

    page.get_by_label("Out-of-state attorney's e-mail address").fill("nobody@example.test")
    page.get_by_role("button", name="Admit pro hac vice").click()
    expect(page.get_by_role("alert")).to_contain_text("No account uses nobody@example.test")
    assert_accessible(page)

    page.get_by_label("Out-of-state attorney's e-mail address").fill("peter@hacvice.example")
    page.get_by_label("Missouri sponsoring attorney").select_option(
        label=f"Mo Sponsor ({sponsor.email})"
    )
    page.get_by_role("button", name="Admit pro hac vice").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Peter Hacvice is admitted pro hac vice, sponsored by Mo Sponsor"
    )
    admissions = page.get_by_role("table", name="Out-of-state attorneys admitted")
    expect(admissions.get_by_role("rowheader", name="Peter Hacvice")).to_be_visible()
    expect(admissions).to_contain_text("KS Bar No. KS-1")
    assert_accessible(page)

    page.get_by_role("button", name="Revoke Peter Hacvice's admission").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "The pro hac vice admission of Peter Hacvice is revoked"
    )
    expect(admissions).to_contain_text("Revoked")
    expect(page.get_by_role("button", name="Revoke Peter Hacvice's admission")).to_have_count(0)
    assert_accessible(page)
