"""The main path of the status page: a court administrator opens an incident for their court
without JavaScript, a visitor follows the footer's link to the status page, reads it there and
in the history; the pages pass axe's WCAG 2.1 AA checks at desktop and phone widths."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.core import clock
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie

pytestmark = pytest.mark.browser


def test_an_incident_opened_by_its_administrator_shows_on_the_status_page(
    page_without_javascript, live_server, court, browser
):
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    page = page_without_javascript
    sign_in_by_cookie(page, live_server, administrator)
    page.goto("/court-admin/incidents/")
    began = clock.to_local(clock.now() - timedelta(minutes=30), "America/Chicago")
    page.get_by_label("Start date").fill(f"{began:%m/%d/%Y}")
    page.get_by_label("Start time").fill(began.strftime("%I:%M%p").lstrip("0").lower())
    page.get_by_label(court.name).check()
    page.get_by_label("Description").fill("Uploads fail in this court; we are on it.")
    page.get_by_role("button", name="Open the incident").click()
    expect(page.get_by_text("is open: the status page shows it")).to_be_visible()
    page.get_by_role("table", name="Incidents").get_by_role("link").first.click()
    page.get_by_label("Update", exact=True).fill("The cause is found.")
    page.get_by_role("button", name="Post the update").click()
    expect(page.get_by_text("The update is posted")).to_be_visible()
    incident_page = page.url

    visitor = browser.new_context(base_url=live_server.url, java_script_enabled=False).new_page()
    visitor.goto("/")
    visitor.get_by_role("link", name="System status").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("System status")
    expect(visitor.get_by_text(f"{court.name}: incident in progress")).to_be_visible()
    history = visitor.get_by_role("table", name="Planned maintenance and incidents")
    expect(history).to_contain_text("Uploads fail in this court; we are on it.")
    expect(history).to_contain_text("The cause is found.")
    expect(visitor.get_by_role("table", name="Public signing keys")).to_be_visible()
    visitor.context.close()

    # axe runs in the page: the accessibility checks need JavaScript.
    checked = browser.new_context(base_url=live_server.url).new_page()
    checked.goto("/status/")
    assert_accessible(checked)
    sign_in_by_cookie(checked, live_server, administrator)
    for path in ("/court-admin/incidents/", incident_page):
        checked.goto(path)
        assert_accessible(checked)
    # A form sent empty: the focus is on the error summary, and its link to a time field puts
    # the focus in the time picker's box (efiling/static/js/error_summary.js).
    checked.goto("/court-admin/incidents/")
    checked.get_by_role("button", name="Open the incident").click()
    summary = checked.get_by_role("alert")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("^Start time")).click()
    expect(checked.get_by_role("combobox", name="Start time", exact=True)).to_be_focused()
    checked.context.close()
