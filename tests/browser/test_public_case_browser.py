"""A member of the public, not signed in, opens the demo case's public page: its facts, parties
with years of birth, attorneys, hearings and docket, and the note that documents are read at
the courthouse, and the invitation to sign in to track it; no address, no sealed entry. Also
without JavaScript."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import User
from efiling.cases.models import Case, SecurityLevel
from efiling.core import clock
from efiling.demo.users import DEMO_CASE_CAPTION, DEMO_DOMAIN, demo_users_ensure
from efiling.docket.models import DocketEntry
from efiling.scheduling.models import Courtroom, Hearing
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def _demo_case_with_a_hearing_and_a_sealed_entry() -> Case:
    demo_users_ensure()
    case = Case.objects.get(caption=DEMO_CASE_CAPTION)
    judge = User.objects.get(email=f"judge@{DEMO_DOMAIN}")
    clerk = User.objects.get(email=f"clerk@{DEMO_DOMAIN}")
    now = clock.now()
    courtroom = Courtroom.objects.filter(court=case.court).order_by("name").first()
    Hearing.objects.create(
        case=case,
        courtroom=courtroom,
        judge=judge,
        kind="motion_hearing",
        starts_at=now + timedelta(days=8),
        ends_at=now + timedelta(days=8, hours=1),
        created_by=clerk,
        created_at=now,
    )
    DocketEntry.objects.create(
        case=case,
        number=2,
        kind="minute",
        text="Sealed settlement memorandum.",
        filed_at=now,
        entered_by=clerk,
        created_at=now,
        security_level=SecurityLevel.SEALED,
    )
    return case


def test_the_public_reads_the_demo_case(page):
    _read_the_demo_case(page, javascript=True)


def test_the_public_reads_the_demo_case_without_javascript(page_without_javascript):
    _read_the_demo_case(page_without_javascript, javascript=False)


def _read_the_demo_case(page, *, javascript: bool):
    case = _demo_case_with_a_hearing_and_a_sealed_entry()
    page.goto(f"/public/cases/{case.number}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{case.number} {DEMO_CASE_CAPTION}")
    expect(page.get_by_text("Jude Judge").first).to_be_visible()
    parties = page.get_by_role("table", name="Parties")
    expect(
        parties.get_by_role("row", name=re.compile("Avery Lawson Plaintiff 1979"))
    ).to_be_visible()
    attorneys = page.get_by_role("table", name="Attorneys of record")
    expect(attorneys.get_by_role("row", name=re.compile("Alice Attorney 61001"))).to_be_visible()
    hearings = page.get_by_role("table", name=re.compile("Scheduled and past hearings"))
    expect(hearings.get_by_role("row", name=re.compile("Motion hearing"))).to_be_visible()
    docket = page.get_by_role("table", name=re.compile("Docket entries"))
    expect(
        docket.get_by_role("row", name=re.compile("Case opened for the demonstration"))
    ).to_be_visible()
    invite = page.get_by_role("link", name="Sign in to track this case")
    back = f"/accounts/sign-in/?next=/public/cases/{case.number}/"
    expect(invite).to_have_attribute("href", back)
    body = page.locator("main").inner_text() if page.locator("main").count() else page.content()
    assert "12 Elm Street" not in body and "Sealed settlement" not in body
    if javascript:  # axe runs as a script
        assert_accessible(page)
        screenshot(page, "public-case")
    # The feed link is reached from the keyboard and opens the Atom feed.
    feed = page.get_by_role("link", name="Follow its docket (Atom feed)")
    feed.focus()
    expect(feed).to_be_focused()
    response = page.request.get(feed.get_attribute("href"))
    assert response.status == 200 and "Case opened for the demonstration" in response.text()
