"""The main path of notices (issue 12): a clerk's entry reaches counsel's inbox and their
mailbox; counsel sees each address's e-mail state, filters by case, marks notices read and
chooses a daily digest in My account."""

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import NoticeEmail, NoticeMail, Role
from efiling.core import clock
from efiling.docket.services import minute_entry_add
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in_by_cookie

pytestmark = pytest.mark.browser


def test_counsel_reads_notices_sees_their_email_and_chooses_a_digest(
    page, live_server, court, smtp_server
):
    attorney = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    now = clock.now()
    NoticeEmail.objects.create(
        user=attorney, email="assistant@firm.example", created_at=now, confirmed_at=now
    )
    clerk = factories.court_staff(Role.CLERK, court)
    first = factories.case(court, counsel=[attorney], number="26SL-CC00011")
    second = factories.case(court, counsel=[attorney], number="26SL-CC00012")
    minute_entry_add(clerk=clerk, case=first, text="Case management conference held.")
    minute_entry_add(clerk=clerk, case=second, text="Motion to compel taken under advisement.")
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(
        [attorney.email, "assistant@firm.example"] * 2
    )

    sign_in_by_cookie(page, live_server, attorney)
    page.goto("/home/")
    page.get_by_role("link", name="Notices 2 unread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notices")
    expect(page.locator("main")).to_contain_text("2 unread in all")
    expect(page.get_by_text("assistant@firm.example: sent").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Case").select_option(label="26SL-CC00011")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notices in 26SL-CC00011")
    expect(page.get_by_text("Case management conference held.")).to_be_visible()
    expect(page.get_by_text("Motion to compel")).to_have_count(0)
    page.get_by_role("button", name="Mark all of this case as read").click()
    expect(page.locator("main")).to_contain_text("1 unread in all")

    page.goto("/notices/")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("main")).to_contain_text("All read")
    assert_accessible(page)

    page.get_by_role("link", name="My account").click()
    page.get_by_role("link", name="Notice e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notice e-mail")
    assert_accessible(page)
    page.get_by_label("One e-mail a day listing the day's notices").check()
    page.get_by_label("Time of the daily digest").select_option(label="6:00 p.m.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your choice is saved.")).to_be_visible()
    attorney.refresh_from_db()
    assert attorney.notice_mail == NoticeMail.DIGEST and attorney.notice_digest_hour == 18
