"""Issue 15's "done when", walked through the pages with the demo's own users (`make run`
makes the same ones; docs/demo.md, "Planned maintenance and a record of filing attempts"): the
demo court administrator posts maintenance for next week and sees a window posted too late
refused; the banner shows on the filing and the public pages; an emergency window starting now
stops the demo attorney's submission, which gets a reference, is listed on My filing attempts
and is in the signed record she downloads; a signed-out visitor (a judge) verifies the record,
and the same file with one byte changed is not genuine. The help desk's part (finding the
attorney, unlocking her, answering her request) is tests/browser/test_helpdesk_browser.py.

The administrator's form is used without JavaScript (a plain date and time box), the
attorney's pages with it."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import User
from efiling.availability.maintenance import first_allowed_start
from efiling.availability.models import FilingAttempt, MaintenanceWindow
from efiling.core import clock
from efiling.courts.models import Court
from efiling.demo.users import DEMO_COURT, DEMO_DOMAIN, demo_users_ensure
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.filings.helpers import new_case_draft, with_lead_document

pytestmark = pytest.mark.browser

COURT_ZONE = "America/Chicago"


def _later(moment, delta: timedelta):
    """The local time `delta` of real time after `moment` (across a change of the clocks: four
    hours after 10 p.m. the night daylight saving time begins is 3 a.m.)."""
    return clock.to_local(moment.astimezone(clock.UTC) + delta, COURT_ZONE)


def _post_window(page, *, start, end, message: str, emergency_reason: str = "") -> None:
    """Fill and send the maintenance form (no JavaScript: the time is typed as "10:00pm")."""
    page.goto("/court-admin/maintenance/")
    for label, moment in (("Start", start), ("End", end)):
        page.get_by_label(f"{label} date").fill(f"{moment:%m/%d/%Y}")
        page.get_by_label(f"{label} time").fill(moment.strftime("%I:%M%p").lstrip("0").lower())
    page.get_by_label("St. Louis County Circuit Court").check()
    page.get_by_label("Message").fill(message)
    if emergency_reason:
        page.get_by_label("Emergency: posted less than three business days ahead").check()
        page.get_by_label("Reason for the emergency").fill(emergency_reason)
    page.get_by_role("button", name="Post the maintenance").click()


def test_maintenance_a_refused_submission_and_its_signed_record_in_the_demo(
    page_without_javascript, page, live_server, courts, pdf, tmp_path
):
    demo_users_ensure()
    court = Court.objects.get(code=DEMO_COURT)
    administrator = User.objects.get(email=f"court.administrator@{DEMO_DOMAIN}")
    attorney = User.objects.get(email=f"attorney@{DEMO_DOMAIN}")
    admin_page = page_without_javascript
    sign_in_by_cookie(admin_page, live_server, administrator)

    # Next week, but one day sooner than three business days' notice allows: refused, naming
    # the first day allowed; on that day: posted.
    first, _ = first_allowed_start(courts=[court], posted_at=clock.now())
    too_early = clock.to_local(clock.now(), COURT_ZONE).replace(
        year=first.year, month=first.month, day=first.day, hour=22, minute=0
    ) - timedelta(days=1)
    _post_window(
        admin_page,
        start=too_early,
        end=_later(too_early, timedelta(hours=4)),
        message="Database upgrade; filing stops for four hours.",
    )
    error = admin_page.locator(".usa-error-message").first
    expect(error).to_contain_text("3 business days ahead")
    expect(error).to_contain_text("at the earliest")
    assert not MaintenanceWindow.objects.exists()
    planned = too_early + timedelta(days=1)
    _post_window(
        admin_page,
        start=planned,
        end=_later(planned, timedelta(hours=4)),
        message="Database upgrade; filing stops for four hours.",
    )
    expect(admin_page.get_by_text("is posted: the banner shows it")).to_be_visible()

    banner = page.get_by_role("region", name="Planned maintenance")
    page.goto("/public/search/")
    expect(banner).to_contain_text("Database upgrade; filing stops for four hours.")
    sign_in_by_cookie(page, live_server, attorney)
    page.goto("/filings/")
    expect(banner).to_contain_text("Planned maintenance:")

    # The attorney's draft, made before the emergency (a draft cannot be made during it).
    envelope = with_lead_document(new_case_draft(court, attorney), attorney, pdf)

    # An emergency window starting now stops the attorney's submission in the demo court.
    now = clock.to_local(clock.now(), COURT_ZONE)
    _post_window(
        admin_page,
        start=_later(now, -timedelta(minutes=1)),
        end=_later(now, timedelta(hours=2)),
        message="Storage replacement.",
        emergency_reason="A failing disk in the document storage.",
    )
    expect(admin_page.get_by_text("is posted: the banner shows it")).to_be_visible()
    page.goto(f"/filings/{envelope.public_id}/review/")
    expect(banner).to_contain_text("Maintenance now")
    expect(banner).to_contain_text("A failing disk in the document storage.")
    page.get_by_label("Electronic signature").fill("/s/ Alice Attorney")
    page.get_by_role("button", name="Sign and submit").click()
    reference = FilingAttempt.objects.get(user=attorney).reference
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
    expect(page.locator("main")).to_contain_text("Alice Attorney")
    expect(page.locator("main")).to_contain_text("Outages listed")
    assert_accessible(page)

    tampered = tmp_path / "tampered.pdf"
    data = bytearray(record.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    page.get_by_label("The record (PDF, at most 5 MB)").set_input_files(str(tampered))
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#verdict")).to_contain_text("Not genuine")
    assert_accessible(page)
