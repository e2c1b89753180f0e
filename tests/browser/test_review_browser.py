import re

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.cases.models import Case
from efiling.filings import services
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.filings.helpers import submitted_appearance, with_lead_document

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


def test_a_filer_finds_a_returned_filing_on_the_home_and_withdraws_it(
    page, live_server, new_case_envelope, attorney, pdf, court
):
    from efiling.docket import services as docket

    envelope = services.envelope_submit(
        envelope=with_lead_document(new_case_envelope, attorney, pdf),
        user=attorney,
        idempotency_key="r",
        signature="/s/ Avery Lawson",
    )
    clerk = factories.court_staff(Role.CLERK, court)
    docket.filing_return(clerk=clerk, filing=envelope.filings.get(), details="Sign the petition.")
    sign_in_by_cookie(page, live_server, attorney)
    page.goto("/home/")
    returned = page.get_by_role("region", name="Returned for correction")
    returned.get_by_role("link", name=envelope.confirmation_number).click()
    expect(page.get_by_role("heading", name="Returned for correction")).to_be_visible()
    expect(page.get_by_text("Petition: Sign the petition.")).to_be_visible()
    expect(page.get_by_role("link", name="Correct the documents")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw this filing").click()
    expect(page.get_by_role("status").first).to_be_visible()
    envelope.refresh_from_db()
    assert envelope.status == "cancelled"


def test_clerk_is_warned_of_an_appearance_for_a_represented_party(
    page, live_server, attorney, pdf, court
):
    """QA trial of issue 12: an entry of appearance for the other side's client is shown to the
    clerk, warned about, and still accepted at the clerk's choice (substitution of counsel)."""
    from efiling.cases.models import Party

    olive = factories.user(Role.ATTORNEY, first_name="Olive", last_name="Opposing")
    case = factories.case(court, counsel=[olive], number="26SL-CC00077")
    pat = Party.objects.create(
        case=case, kind="person", role="plaintiff", first_name="Pat", last_name="Lawson"
    )
    pat.represented_by.add(olive)
    eoa = submitted_appearance(court, attorney, case, pdf, [pat.pk])
    sign_in_by_cookie(page, live_server, factories.court_staff(Role.CLERK, court))
    page.goto(f"/court/review/{eoa.pk}/")
    expect(page.locator("#appearing-for")).to_have_text("Appearing for: Pat Lawson (Plaintiff)")
    warning = page.get_by_role("region", name="Pat Lawson already has an attorney")
    expect(warning).to_contain_text("Pat Lawson is already represented by Olive Opposing")
    assert_accessible(page)
    page.get_by_role("button", name="Accept and docket").click()
    expect(page.get_by_role("status").first).to_contain_text("Accepted: docket entry")
    page.goto(f"/court/cases/{case.pk}/counsel/")
    for name in ("Olive Opposing", "Avery Lawson"):
        row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))
        expect(row).to_contain_text("Pat Lawson (Plaintiff)")
    assert_accessible(page)
