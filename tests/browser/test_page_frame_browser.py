"""The page frame in the browser (issue 11): a caption without spaces wraps instead of widening
My filings (it made the page 3,855 px wide), at desktop and phone width; the navigation works
without JavaScript at phone width; removing a document asks first, without JavaScript too."""

import pytest
from playwright.sync_api import expect

from efiling.core.columns import column_max_length
from efiling.filings.models import Envelope
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits, sign_in_by_cookie
from tests.filings.helpers import new_case_draft, with_lead_document

pytestmark = pytest.mark.browser


def test_a_caption_without_spaces_wraps_at_desktop_and_phone_width(
    page, live_server, attorney, court
):
    caption = "Lawson" + "v" * (column_max_length(Envelope, "caption") - 6)
    new_case_draft(court, attorney, caption=caption)
    sign_in_by_cookie(page, live_server, attorney)
    page.goto("/filings/")
    expect(page.get_by_text(caption[:40], exact=False)).to_be_visible()
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert_fits(page)
    assert_accessible(page)


def test_the_navigation_and_removing_a_document_work_without_javascript(
    page_without_javascript, live_server, attorney, court, pdf
):
    page = page_without_javascript
    envelope = with_lead_document(new_case_draft(court, attorney), attorney, pdf)
    sign_in_by_cookie(page, live_server, attorney)
    page.set_viewport_size(PHONE)
    page.goto(f"/filings/{envelope.public_id}/documents/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="My filings")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    page.get_by_role("button", name="Remove Petition").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remove")
    assert_fits(page)  # (axe needs JavaScript: test_the_confirmation_page_is_accessible)
    page.get_by_role("link", name="No, keep it").click()
    page.get_by_role("button", name="Remove Petition").first.click()
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_text("The document is removed.")).to_be_visible()
    nav.get_by_role("link", name="My filings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My filings")


def test_the_confirmation_page_is_accessible(page, live_server, attorney, court, pdf):
    envelope = with_lead_document(new_case_draft(court, attorney), attorney, pdf)
    sign_in_by_cookie(page, live_server, attorney)
    page.goto(f"/filings/{envelope.public_id}/documents/")
    page.get_by_role("button", name="Remove Petition").first.click()
    expect(page.get_by_role("button", name="Yes, remove it")).to_be_visible()
    assert_accessible(page)
