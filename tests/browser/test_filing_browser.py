import re

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.payments.services import deposit, payment_account_for
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot, sign_in_by_cookie
from tests.documents import builders

pytestmark = pytest.mark.browser


def test_attorney_files_a_new_case_and_gets_the_receipt(page, live_server, tmp_path):
    attorney = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    deposit(account=payment_account_for(attorney), amount_cents=50_000, reference="test")
    sign_in_by_cookie(page, live_server, attorney)
    page.goto("/filings/new/?court=SL")
    assert_accessible(page)
    page.get_by_label("A new case").check()
    page.get_by_label("Case type (new case)").select_option("CC")
    page.get_by_label("Caption (new case)").fill("Lawson v. Acme Corp.")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Parties")
    for kind, role, name_label, name, represented in [
        ("Person", "petitioner", "Last name", "Lawson", True),
        ("Organization", "respondent", "Organization name", "Acme Corp.", False),
    ]:
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Role").select_option(role)
        page.get_by_label(re.compile(f"^{name_label}")).fill(name)
        if represented:
            page.get_by_label("I file on behalf of this party").check()
        page.get_by_role("button", name="Add the party").click()
    expect(page.get_by_role("cell", name="Acme Corp.", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Next: documents").click()

    page.get_by_label("Document type (filing code)").select_option("PET")
    page.get_by_role("button", name="Add the filing").click()
    petition = builders.text_pdf(tmp_path / "petition.pdf", pages=3, text="PETITION FOR DAMAGES")
    page.get_by_label("PDF files").set_input_files(str(petition))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("cell", name=re.compile("petition.pdf"))).to_be_visible()
    exhibits = [
        builders.text_pdf(tmp_path / f"exhibit-{n}.pdf", text=f"EXHIBIT {n}") for n in ("A", "B")
    ]
    page.get_by_label("This file is").select_option("attachment")
    page.get_by_label("PDF files").set_input_files([str(p) for p in exhibits])
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("cell", name=re.compile("exhibit-B.pdf"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "filing-documents")

    oversized = builders.pdf_padded_to(tmp_path / "too-big.pdf", 7 * 1024 * 1024 + 1)
    page.get_by_label("This file is").select_option("attachment")
    page.get_by_label("PDF files").set_input_files(str(oversized))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("alert")).to_contain_text("too-big.pdf is 7.0 MB (7,340,033 bytes)")

    page.get_by_role("link", name="Next: service of process").click()
    expect(page.get_by_role("heading", name="Service of process")).to_be_visible()
    page.get_by_role("link", name="Next: fees").click()
    expect(page.get_by_role("cell", name="$149.50").first).to_be_visible()
    page.get_by_role("link", name="Next: review and sign").click()
    assert_accessible(page)
    page.get_by_label("Electronic signature").fill("/s/ Avery Lawson")
    page.get_by_role("button", name="Sign and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Filing receipt")
    expect(page.get_by_text(re.compile(r"E\d{2}-\d{7}"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "receipt")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the receipt (PDF)").click()
    assert download.value.suggested_filename.startswith("receipt-E")


def test_an_entry_of_appearance_names_its_party(page, live_server):
    """The checkboxes are a plain form (the POST without JavaScript: tests/filings/
    test_appearance.py); here axe checks the page, which needs JavaScript."""
    from efiling.cases.models import Party
    from efiling.courts.models import Court
    from efiling.filings import services

    attorney = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    court = Court.objects.get(code="SL")
    case = factories.case(court, number="26SL-CC00001")
    Party.objects.create(case=case, kind="organization", role="defendant", organization_name="Acme")
    envelope = services.draft_create(user=attorney, court=court, case_number=case.number)
    sign_in_by_cookie(page, live_server, attorney)
    page.goto(f"/filings/{envelope.public_id}/documents/")
    page.get_by_label("Document type (filing code)").select_option("MOT")
    page.get_by_label("Acme (Defendant)").check()
    page.get_by_role("button", name="Add the filing").click()
    expect(page.get_by_text("Only an entry of appearance names the parties").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Document type (filing code)").select_option("EOA")
    page.get_by_label("Acme (Defendant)").check()
    page.get_by_role("button", name="Add the filing").click()
    expect(page.get_by_text("Appearing for: Acme (Defendant).")).to_be_visible()
    assert_accessible(page)
