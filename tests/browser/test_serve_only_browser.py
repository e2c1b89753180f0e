"""The main path of serving documents without filing them (issue 12, ServeFiling; decision
0014): an attorney serves interrogatories from the case page; the wizard offers only
serve-only documents, has no fees step and says "Serve"; the receipt says served, not filed;
My filings lists it as "Served (not filed)"; opposing counsel finds the notice in the inbox and
opens the served document."""

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.cases.models import Party
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.documents import builders

pytestmark = pytest.mark.browser


def test_an_attorney_serves_interrogatories_and_opposing_counsel_reads_them(
    page, live_server, court, tmp_path
):
    attorney = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    opposing = factories.user(Role.ATTORNEY, first_name="Olive", last_name="Opposing")
    case = factories.case(court, counsel=[attorney, opposing], number="26SL-CC00042")
    Party.objects.create(
        case=case,
        kind=Party.Kind.ORGANIZATION,
        role=Party.PartyRole.DEFENDANT,
        organization_name="Acme Corp.",
        address_line1="1 Main Street",
        city="Clayton",
        state="MO",
        postal_code="63105",
    )

    sign_in_by_cookie(page, live_server, attorney)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Serve documents (not filed)").click()
    expect(page.get_by_label("Case number")).to_have_value(case.number)
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Documents to serve (not filed)")
    expect(page.locator("main").get_by_text("Fees", exact=True)).to_have_count(0)  # no step
    codes = page.get_by_label("Document type (filing code)")
    expect(codes.locator("option[value='INTERROG']")).to_have_count(1)
    expect(codes.locator("option[value='MOT']")).to_have_count(0)
    expect(page.get_by_role("heading", name="Add documents to serve")).to_have_count(1)
    codes.select_option("INTERROG")
    page.get_by_role("button", name="Add", exact=True).click()
    kinds = page.get_by_label("This file is")
    expect(kinds.locator("option[value='confidential_sheet']")).to_have_count(0)
    document = builders.text_pdf(tmp_path / "interrogatories.pdf", pages=2, text="INTERROGATORIES")
    page.get_by_label("PDF files").set_input_files(str(document))
    page.get_by_role("button", name="Upload").click()
    # the upload is in (the file input itself shows the chosen name before it is sent)
    expect(page.locator("main")).to_contain_text("interrogatories.pdf: uploaded")
    page.get_by_role("link", name="Next: review and serve").click()

    expect(page.locator("#serve-only-explained")).to_contain_text("not to the court")
    expect(page.locator("#service-list")).to_contain_text("Olive Opposing (electronic)")
    expect(page.locator("#service-list")).to_contain_text("Acme Corp. (serve conventionally)")
    assert_accessible(page)
    page.get_by_label("Electronic signature").fill("/s/ Avery Lawson")
    page.get_by_role("button", name="Serve", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Service receipt")
    expect(page.locator("#served-not-filed")).to_contain_text("not filed with the court")
    expect(page.get_by_role("heading", name="Fees")).to_have_count(0)
    expect(page.locator("#service-note")).to_contain_text("Served on the people listed here")
    expect(page.locator("main")).to_contain_text("Served (not filed)")
    assert_accessible(page)
    page.goto("/filings/")
    expect(page.locator("main")).to_contain_text("Served (not filed)")

    page.context.clear_cookies()
    sign_in_by_cookie(page, live_server, opposing)
    page.goto("/notices/")
    expect(page.locator("main")).to_contain_text(
        "Served (not filed with the court): Interrogatories in case 26SL-CC00042"
    )
    page.get_by_role("link", name="Open").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents served on you (not filed)")
    expect(page.locator("#served-documents")).to_contain_text("Served (not filed)")
    assert_accessible(page)
    link = page.locator("#served-documents a").first.get_attribute("href")
    served = page.request.get(f"{live_server.url}{link}")
    assert served.status == 200 and served.body().startswith(b"%PDF")
