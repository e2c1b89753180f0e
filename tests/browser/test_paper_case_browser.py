import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.cases.models import Case
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.documents import builders

pytestmark = pytest.mark.browser


def test_clerk_opens_a_case_from_a_paper_petition(page, live_server, court, tmp_path):
    clerk = factories.court_staff(Role.CLERK, court)
    sign_in_by_cookie(page, live_server, clerk)
    page.goto("/court/")
    page.get_by_role("link", name="Open a case from a paper petition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case from a paper petition")
    assert_accessible(page)

    page.get_by_label("Case type").select_option(label="CC Circuit civil")
    page.get_by_label("Caption").fill("Smith v. Acme Landlords LLC")
    page.get_by_label("Filed by").fill("Jordan Smith, self-represented")
    page.get_by_label("Party 1: role").select_option(label="Petitioner")
    page.get_by_label("Party 1: first name").fill("Jordan")
    page.get_by_label("Party 1: last name").fill("Smith")
    page.get_by_label("Party 2: role").select_option(label="Respondent")
    page.get_by_label("Party 2: person or organization").select_option(label="Organization")
    page.get_by_label("Party 2: organization name").fill("Acme Landlords LLC")
    page.get_by_label("The scan (PDF)").set_input_files(
        str(builders.image_only_pdf(tmp_path / "petition-scan.pdf"))
    )
    page.get_by_role("button", name="Open the case and docket the petition").click()

    case = Case.objects.get()
    expect(page.get_by_role("status").first).to_contain_text(f"Case {case.number} is open")
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    expect(
        page.get_by_role("cell", name="Petition, filed on paper by Jordan Smith, self-represented.")
    ).to_be_visible()
    assert_accessible(page)
