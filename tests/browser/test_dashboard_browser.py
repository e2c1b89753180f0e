import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.docket import services as docket
from efiling.filings import services
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.filings.helpers import with_lead_document

pytestmark = [pytest.mark.browser]


def test_clerk_reads_the_dashboard(page, live_server, new_case_envelope, attorney, pdf, court):
    envelope = services.envelope_submit(
        envelope=with_lead_document(new_case_envelope, attorney, pdf),
        user=attorney,
        idempotency_key="d",
        signature="/s/ Avery Lawson",
    )
    clerk = factories.court_staff(Role.CLERK, court)
    docket.filing_accept(clerk=clerk, filing=envelope.filings.get())
    sign_in_by_cookie(page, live_server, clerk)
    page.goto(f"/court/{court.code}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Clerk dashboard: {court.name}")
    expect(page.get_by_role("img", name="Bar chart: filings received and accepted")).to_be_visible()
    table = page.get_by_role("table", name="Filings received and accepted per day, court time")
    expect(table.get_by_role("row")).to_have_count(16)
    expect(table.get_by_role("row", name="Total")).to_contain_text("1")
    assert_accessible(page)
    page.get_by_role("link", name="Go to the review queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review queue: {court.name}")
