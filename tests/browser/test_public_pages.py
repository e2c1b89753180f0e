import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def test_home_lists_participating_courts_with_policy_and_calculator_links(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("File with Missouri courts")
    expect(
        page.get_by_role("heading", name=re.compile(r"Participating courts \(119\)"))
    ).to_be_visible()
    screenshot(page, "home")
    row = page.get_by_role("row", name=re.compile("St. Louis County Circuit Court"))
    expect(
        row.get_by_role("link", name="GetPolicy JSON of St. Louis County Circuit Court")
    ).to_have_attribute("href", "/api/v1/courts/SL/policy")
    assert_accessible(page)
    row.get_by_role("link", name="Filing policy of St. Louis County Circuit Court").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Filing policy: St. Louis County Circuit Court"
    )
    expect(page.get_by_text("7.0 MB (7340032 bytes)")).to_be_visible()
    assert_accessible(page)


def test_deadline_calculator_main_path(page):
    page.goto("/")
    page.get_by_role("link", name="Deadline calculator for St. Louis County Circuit Court").click()
    expect(page.get_by_label("Court")).to_have_value("SL")
    page.get_by_label("Day of the event").fill("01/14/2026")
    page.get_by_label("Number of days").fill("6")
    page.get_by_role("button", name="Calculate the due date").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("Due"))).to_have_text(
        "Due: Friday, January 23, 2026"
    )
    expect(page.get_by_text("Martin Luther King Jr. Day")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "deadline")
    screenshot(page, "deadline-phone", phone=True)


def test_deadline_calculator_errors_are_announced_and_linked(page):
    page.goto("/deadline/")
    page.get_by_role("button", name="Calculate the due date").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct the following")
    expect(
        summary.get_by_role("link", name=re.compile("Court: Choose a court|Court: This field"))
    ).to_be_visible()
    days = page.get_by_label("Number of days")
    expect(days).to_have_attribute("aria-invalid", "true")
    expect(days).to_have_attribute("aria-describedby", "id_days-hint id_days-error")
    assert_accessible(page)


def test_after_a_failed_submit_the_focus_is_on_the_error_summary_and_its_links_reach_fields(
    page,
):
    """efiling/static/js/error_summary.js: a keyboard or screen reader user starts from the list
    of what to correct; a link puts the focus in its field, the date picker's own box for a
    date (found by the service-of-process trial: the focus stayed on the page body)."""
    page.goto("/deadline/")
    page.get_by_role("button", name="Calculate the due date").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("^Number of days")).click()
    expect(page.get_by_label("Number of days")).to_be_focused()
    summary.get_by_role("link", name=re.compile("^Day of the event")).click()
    expect(page.get_by_label("Day of the event")).to_be_focused()


def test_keyboard_user_reaches_main_content_by_the_skip_link(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_calculator_works_without_javascript(page_without_javascript):
    page = page_without_javascript
    page.goto("/deadline/?court=SL")
    page.get_by_label("Day of the event").fill("11/25/2026")
    page.get_by_label("Number of days").fill("3")
    page.get_by_role("button", name="Calculate the due date").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("Due"))).to_have_text(
        "Due: Tuesday, December 1, 2026"
    )


def test_the_accessibility_check_does_catch_violations(page):
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
