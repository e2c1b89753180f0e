import re

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.cases.models import Case
from efiling.filings import services
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.filings.helpers import with_lead_document

pytestmark = pytest.mark.browser


def test_clerk_accepts_a_new_case_and_sees_it_docketed(
    page, live_server, new_case_envelope, attorney, pdf, court
):
    envelope = services.envelope_submit(
        envelope=with_lead_document(new_case_envelope, attorney, pdf),
        user=attorney,
        idempotency_key="b",
        signature="/s/ Avery Lawson",
    )
    clerk = factories.court_staff(Role.CLERK, court)
    sign_in_by_cookie(page, live_server, clerk)
    page.goto(f"/court/{court.code}/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review queue: {court.name}")
    assert_accessible(page)
    page.get_by_role("link", name="Petition").click()
    expect(page.get_by_text(envelope.confirmation_number)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept and docket").click()
    expect(page.get_by_role("status").first).to_contain_text(
        re.compile(r"Accepted: docket entry 1 in \d{2}SL-CC00001")
    )
    case = Case.objects.get()
    page.goto(f"/court/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    expect(
        page.get_by_role("cell", name="Petition filed by Avery Lawson on behalf of Pat Lawson.")
    ).to_be_visible()
    assert_accessible(page)
