"""The main path of the records of filing attempts (issue 15, Rule 103.06): during maintenance
of their court an attorney's submission is refused with a reference; they find it on My filing
attempts, download the signed record, and a judge (signed out) verifies it on the public page;
the same file with one byte changed is not genuine."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from efiling.availability.maintenance import windows_forget
from efiling.availability.models import FilingAttempt, MaintenanceWindow
from efiling.core import clock
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.filings.helpers import new_case_draft, with_lead_document

pytestmark = pytest.mark.browser


def test_a_refused_submission_is_recorded_and_its_signed_record_verifies(
    page, live_server, court, attorney, pdf, tmp_path
):
    envelope = with_lead_document(new_case_draft(court, attorney), attorney, pdf)
    window = MaintenanceWindow.objects.create(
        starts_at=clock.now() - timedelta(minutes=5),
        ends_at=clock.now() + timedelta(hours=3),
        message="Storage replacement.",
        posted_at=clock.now() - timedelta(days=5),
    )
    window.courts.set([court])
    windows_forget()

    sign_in_by_cookie(page, live_server, attorney)
    page.goto(f"/filings/{envelope.public_id}/review/")
    page.get_by_label("Electronic signature").fill("/s/ Avery Lawson")
    page.get_by_role("button", name="Sign and submit").click()
    reference = FilingAttempt.objects.get().reference
    notice = page.locator("#attempt-reference")
    expect(notice).to_contain_text(reference)
    expect(notice).to_contain_text("stopped for planned maintenance until")
    assert_accessible(page)

    notice.get_by_role("link", name="My filing attempts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My filing attempts")
    expect(page.locator("main table")).to_contain_text(reference)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the record (PDF)").click()
    record = tmp_path / "record.pdf"
    download.value.save_as(record)

    page.context.clear_cookies()
    page.goto("/attempts/verify/")
    expect(page.get_by_role("heading", name="The system's public signing keys")).to_be_visible()
    page.get_by_label("The record (PDF, at most 5 MB)").set_input_files(str(record))
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#verdict")).to_contain_text("Genuine")
    expect(page.locator("main")).to_contain_text(reference)
    expect(page.locator("main")).to_contain_text("Avery Lawson")
    assert_accessible(page)

    tampered = tmp_path / "tampered.pdf"
    data = bytearray(record.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    page.get_by_label("The record (PDF, at most 5 MB)").set_input_files(str(tampered))
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#verdict")).to_contain_text("Not genuine")
    assert_accessible(page)
