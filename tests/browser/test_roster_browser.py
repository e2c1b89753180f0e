import re

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import BarMember, Role, RosterImport, User
from tests.browser.conftest import assert_accessible, sign_in_by_cookie

pytestmark = pytest.mark.browser

ROSTER = (
    b"bar_number,last_name,first_name,middle_name,suffix,status,admission_date\r\n"
    b"12345,Able,Alice,Ann,,good standing,2001-09-14\r\n"
    b"23456,Baker,Bob,,Jr.,Suspended,05/20/1998\r\n"
    b"34567,Cole,,,,active,2004-01-05\r\n"
)


def test_administrator_imports_the_roster_and_reads_the_report(page, live_server):
    administrator = User.objects.create_user(
        "admin@courts.mo.example",
        "a long test password",
        role=Role.COURT_ADMINISTRATOR,
        first_name="Ada",
        last_name="Administrator",
    )
    sign_in_by_cookie(page, live_server, administrator)

    page.goto("/accounts/roster/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import the bar roster")
    expect(page.get_by_text("No roster has been imported yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Roster file (CSV)").set_input_files(
        files=[{"name": "mo-roster.csv", "mimeType": "text/csv", "buffer": ROSTER}]
    )
    page.get_by_role("button", name="Import the roster").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Roster import report")
    expect(page.get_by_text("mo-roster.csv")).to_be_visible()
    refused = page.get_by_role("table", name=re.compile("Refused rows"))
    row = refused.get_by_role("row", name=re.compile("^4 "))
    expect(row).to_contain_text("34567")
    expect(row).to_contain_text("The first name is missing")
    assert_accessible(page)

    record = RosterImport.objects.get()
    assert (record.added, record.refused, record.imported_by_id) == (2, 1, administrator.pk)
    assert set(BarMember.objects.values_list("bar_number", flat=True)) == {"12345", "23456"}

    page.get_by_role("link", name="Import another roster file").click()
    past = page.get_by_role("table", name=re.compile("Past roster imports"))
    expect(past.get_by_role("row")).to_have_count(2)  # the header row and this import
    expect(past.get_by_role("row").nth(1)).to_contain_text("mo-roster.csv")
    assert_accessible(page)
