"""Tracking a case in a browser (issue 12): a judge tracks a case from its page (a plain form,
no JavaScript needed), is told of its next docket entry, finds it under "Cases you track" on the
notice e-mail page and stops tracking it there."""

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.docket.services import minute_entry_add
from efiling.service.models import Notice
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie

pytestmark = pytest.mark.browser


def test_a_judge_tracks_a_case_is_told_of_an_entry_and_stops_tracking(page, live_server, court):
    judge = factories.court_staff(Role.JUDGE, court, first_name="Dana", last_name="Whitfield")
    clerk = factories.court_staff(Role.CLERK, court)
    attorney = factories.user(Role.ATTORNEY)
    case = factories.case(court, counsel=[attorney], number="26SL-CC00077")

    sign_in_by_cookie(page, live_server, judge)
    page.goto(f"/court/cases/{case.pk}/")
    page.get_by_role("button", name="Track this case").click()
    expect(page.get_by_text("You track 26SL-CC00077")).to_be_visible()
    expect(page.get_by_role("button", name="Stop tracking this case")).to_be_visible()
    assert_accessible(page)

    minute_entry_add(clerk=clerk, case=case, text="Scheduling conference held.")
    assert Notice.objects.filter(recipient=judge, case=case).count() == 1
    page.goto("/notices/")
    expect(page.get_by_text("26SL-CC00077: docket entry 1")).to_be_visible()

    page.goto("/notices/e-mail/")
    expect(page.get_by_role("heading", name="Cases you track")).to_be_visible()
    expect(page.get_by_role("link", name="26SL-CC00077 Lawson v. Example Corp.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Stop tracking 26SL-CC00077").click()
    expect(page.get_by_text("You no longer track this case.")).to_be_visible()
    expect(page.get_by_text("You track no case.")).to_be_visible()
