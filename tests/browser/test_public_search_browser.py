"""A member of the public, not signed in, finds the demo case by a party's last name from the
header's "Search cases" link, opens it from the results, and comes back to the search; also
without JavaScript. A one-letter last name is refused in words beside the field."""

import re

import pytest
from playwright.sync_api import expect

from efiling.cases.models import Case
from efiling.demo.users import DEMO_CASE_CAPTION, demo_users_ensure
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def test_the_public_finds_the_demo_case_by_party_name(page):
    _find_the_demo_case(page, javascript=True)


def test_the_public_finds_the_demo_case_without_javascript(page_without_javascript):
    _find_the_demo_case(page_without_javascript, javascript=False)


def _find_the_demo_case(page, *, javascript: bool):
    demo_users_ensure()
    case = Case.objects.get(caption=DEMO_CASE_CAPTION)
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search public cases")

    page.get_by_label("Last name or organization name").fill("L")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("alert")).to_contain_text("at least 2 letters")
    if javascript:
        assert_accessible(page)  # the refused search, its errors tied to the field

    page.get_by_label("Last name or organization name").fill("lawson")
    page.get_by_label("First name or initial").fill("A")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^1 case matches"))
    results = page.get_by_role("table", name="Cases")
    expect(results.get_by_role("row", name=re.compile(DEMO_CASE_CAPTION))).to_be_visible()
    assert "last_name=lawson" in page.url  # the search has its own address
    if javascript:  # axe runs as a script
        assert_accessible(page)
        screenshot(page, "public-search")

    results.get_by_role("link", name=case.number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{case.number} {DEMO_CASE_CAPTION}")
    page.get_by_role("link", name="Search public cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search public cases")
