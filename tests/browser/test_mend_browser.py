"""The clerk mends a docket entry whose stamp failed: Court work lists it with the reason, and
"Try stamping again" makes the stamped copy once the cause is fixed (WCAG checked)."""

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.docket import services as docket
from efiling.docket import tasks
from efiling.docket.models import DocketEntry, StampState
from efiling.filings import services
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.filings.helpers import with_lead_document

pytestmark = pytest.mark.browser


def test_a_clerk_mends_an_entry_whose_stamp_failed(
    page, live_server, new_case_envelope, attorney, pdf, court, monkeypatch
):
    envelope = services.envelope_submit(
        envelope=with_lead_document(new_case_envelope, attorney, pdf),
        user=attorney,
        idempotency_key="m",
        signature="/s/ Avery Lawson",
    )
    clerk = factories.court_staff(Role.CLERK, court)
    stamp_pdf = tasks.stamp_pdf

    def damaged(*args, **kwargs):
        raise ValueError("object 7 0 is damaged")

    monkeypatch.setattr(tasks, "stamp_pdf", damaged)
    entry = docket.filing_accept(clerk=clerk, filing=envelope.filings.get())  # commits, stamps
    assert DocketEntry.objects.get(pk=entry.pk).stamp_state == StampState.FAILED

    sign_in_by_cookie(page, live_server, clerk)
    page.goto("/court/")
    page.get_by_role("link", name="Docket entries to mend").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Docket entries to mend")
    expect(page.get_by_text('"Petition" cannot be file-stamped')).to_be_visible()
    assert_accessible(page)

    monkeypatch.setattr(tasks, "stamp_pdf", stamp_pdf)  # the help desk repaired the file
    page.get_by_role(
        "button", name=f"Try stamping docket entry 1 in {entry.case.number} again"
    ).click()
    expect(page.get_by_role("status").first).to_contain_text("the stamped copy is being prepared")
    expect(page.get_by_text("No docket entry needs mending.")).to_be_visible()
    assert DocketEntry.objects.get(pk=entry.pk).stamp_state == StampState.STAMPED
    page.goto(f"/court/cases/{entry.case_id}/docket/1/")
    expect(page.get_by_text("Stamped", exact=True)).to_be_visible()
    assert_accessible(page)
