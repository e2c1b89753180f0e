"""The main path of service of process (issue 14) in Chromium: the attorney asks for service by
the sheriff in the filing wizard, the clerk accepts the case, the sheriff finds the summons on
its work list and files a served return, and the case shows the answer due date."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.core import clock
from efiling.filings import services
from efiling.service.summons_models import Summons
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.filings.helpers import acme_addressed, with_lead_document

pytestmark = pytest.mark.browser


def test_petition_to_answer_due_date(page, live_server, new_case_envelope, attorney, pdf, court):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    acme_addressed(envelope)
    sign_in_by_cookie(page, live_server, attorney)
    page.goto(f"/filings/{envelope.public_id}/service/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Service of process")
    page.get_by_label("Party to serve").select_option(label="Acme Corp.")
    page.get_by_label("Sheriff", exact=True).check()
    page.get_by_label("County of the sheriff").select_option("St. Louis County")
    page.get_by_role("button", name="Ask for service").click()
    expect(page.get_by_role("cell", name="Sheriff (St. Louis County)")).to_be_visible()
    assert_accessible(page)
    envelope = services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="b", signature="/s/ Avery Lawson"
    )

    page.context.clear_cookies()
    clerk = factories.court_staff(Role.CLERK, court)
    sign_in_by_cookie(page, live_server, clerk)
    page.goto(f"/court/review/{envelope.filings.get().pk}/")
    expect(page.get_by_text("Acme Corp.: by sheriff (St. Louis County)")).to_be_visible()
    page.get_by_role("button", name="Accept and docket").click()
    summons = Summons.objects.get()  # issued after the acceptance's commit
    assert summons.status == Summons.Status.ISSUED

    page.context.clear_cookies()
    sheriff = factories.user(Role.SHERIFF, county="St. Louis County")
    sign_in_by_cookie(page, live_server, sheriff)
    page.goto("/home/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Summonses to serve in St. Louis County"
    )
    assert_accessible(page)
    page.get_by_role("link", name=summons.case.number).click()
    expect(page.get_by_role("link", name="the summons (PDF)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="File the return of service").click()
    page.get_by_label("Served", exact=True).check()
    # Served yesterday at 9:15 a.m. (court time), after the summons' issue two days ago: a
    # time between the issue and now whatever the hour the test runs.
    Summons.objects.filter(pk=summons.pk).update(issued_at=clock.now() - timedelta(days=2))
    yesterday = clock.today(court.time_zone) - timedelta(days=1)
    page.get_by_label("Date served").fill(yesterday.strftime("%m/%d/%Y"))
    time_box = page.get_by_role("combobox", name="Time served")  # the USWDS time picker
    time_box.fill("9:15 a.m.")
    time_box.press("Tab")
    page.get_by_label("Way of service").select_option("personal")
    page.get_by_label("Person served").fill("Pat Acme")
    assert_accessible(page)
    page.get_by_role("button", name="File the return").click()
    expect(page.get_by_text("The return of service is filed and docketed.")).to_be_visible()
    summons.refresh_from_db()
    due = summons.answer_deadline.due_date

    page.context.clear_cookies()
    sign_in_by_cookie(page, live_server, attorney)
    page.goto(f"/cases/{summons.case.pk}/")
    section = page.get_by_role("table", name="Each party to be served with a summons")
    expect(section).to_contain_text(f"answer due {due:%A}")
    assert_accessible(page)
