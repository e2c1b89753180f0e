"""The main path of service (issue 12): an attorney files a motion in a case with opposing
counsel; the review step lists who is served and who to serve conventionally; the receipt says
who was served; the certificate of service downloads; opposing counsel finds the notice of
service in the inbox and opens the documents as submitted."""

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.cases.models import Party
from efiling.docket.models import RejectionReason
from efiling.docket.services import filing_reject
from efiling.filings.models import Envelope
from efiling.payments.services import deposit, payment_account_for
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.documents import builders
from tests.service.test_rejected_copy import page_texts

pytestmark = pytest.mark.browser


def test_filing_serves_opposing_counsel_who_sees_it_in_the_inbox(
    page, live_server, court, tmp_path
):
    attorney = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    deposit(account=payment_account_for(attorney), amount_cents=50_000, reference="test")
    opposing = factories.user(Role.ATTORNEY, first_name="Olive", last_name="Opposing")
    case = factories.case(court, counsel=[attorney, opposing], number="26SL-CC00042")
    Party.objects.create(
        case=case,
        kind=Party.Kind.PERSON,
        role=Party.PartyRole.DEFENDANT,
        first_name="Dana",
        last_name="Pro-Se",
        address_line1="12 Elm Street",
        city="Clayton",
        state="MO",
        postal_code="63105",
    )

    sign_in_by_cookie(page, live_server, attorney)
    page.goto("/filings/new/?court=SL")
    page.get_by_label("Into an existing case").check()
    page.get_by_label("Case number (existing case)").fill(case.number)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Document type (filing code)").select_option("MOT")
    page.get_by_role("button", name="Add the filing").click()
    motion = builders.text_pdf(tmp_path / "motion.pdf", pages=2, text="MOTION TO COMPEL")
    page.get_by_label("PDF files").set_input_files(str(motion))
    page.get_by_role("button", name="Upload").click()
    # the upload is in (the file input itself shows the chosen name before it is sent)
    expect(page.locator("main")).to_contain_text("motion.pdf: uploaded")
    page.get_by_role("link", name="Next: fees").click()
    page.get_by_role("link", name="Next: review and sign").click()
    service = page.locator("#service-list")
    expect(service).to_contain_text("Olive Opposing (electronic)")
    expect(service).to_contain_text("Dana Pro-Se (serve conventionally)")
    expect(service).to_contain_text("12 Elm Street, Clayton, MO 63105")
    assert_accessible(page)
    page.get_by_label("Electronic signature").fill("/s/ Avery Lawson")
    page.get_by_role("button", name="Sign and submit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Filing receipt")
    expect(page.locator("#service-list")).to_contain_text(
        f"Olive Opposing: Electronic, through this system, to {opposing.email}"
    )
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the certificate of service (PDF)").click()
    assert download.value.suggested_filename.startswith("certificate-of-service-E")

    page.context.clear_cookies()
    sign_in_by_cookie(page, live_server, opposing)
    page.goto("/notices/")
    expect(page.locator("main")).to_contain_text("Served: Motion in case 26SL-CC00042")
    assert_accessible(page)
    page.get_by_role("link", name="Open").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Filing served on you")
    expect(page.locator("#served-documents")).to_contain_text("Submitted")
    assert_accessible(page)

    envelope = Envelope.objects.get(case=case)
    filing_reject(
        clerk=factories.court_staff(Role.CLERK, court),
        filing=envelope.filings.get(),
        # its own reason: a live-server test before this one may have flushed the seeded ones
        reason_id=RejectionReason.objects.create(court=court, text="Wrong case number").pk,
    )
    page.reload()
    expect(page.locator("#served-documents")).to_contain_text(
        "Rejected by the clerk: not on the docket"
    )
    href = page.locator("#served-documents a").first.get_attribute("href")
    served = page.request.get(href)  # the browser's session: what a click downloads
    assert served.ok and served.headers["content-type"] == "application/pdf"
    assert all("— NOT FILED" in text for text in page_texts(served.body()))
