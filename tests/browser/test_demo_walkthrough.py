"""The court side's "done when", walked through the pages with the demo's own users and data
(`make run` makes the same ones): the clerk accepts the demo attorney's new case, it gets its
number, the petition is docket entry 1 and stamped (the clerk corrects its text), a hearing is
set, a double-booked hearing is refused, the judge issues an order that lands on the docket, a
paper filing is scanned onto it, and the attorney reads the notices and the case. docs/demo.md
tells the same story for people.

With EFILING_SCREENSHOTS set to a folder, the walk-through saves its pages there as PNG files
(docs/screenshots/ holds the ones the README shows)."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import User
from efiling.cases.models import Case
from efiling.core import clock
from efiling.courts.calendar import is_business_day
from efiling.courts.models import CaseType, Court
from efiling.demo.users import DEMO_COURT, DEMO_DOMAIN, demo_users_ensure
from efiling.docket.models import DocketEntry
from efiling.filings import services
from efiling.filings.parties import party_add
from efiling.scheduling.models import Hearing
from tests.browser.conftest import assert_accessible, pick_time, screenshot, sign_in_by_cookie
from tests.docket.conftest import stored_pdf_text
from tests.documents import builders
from tests.filings.helpers import with_lead_document

pytestmark = pytest.mark.browser


def _demo_user(role: str) -> User:
    return User.objects.get(email=f"{role}@{DEMO_DOMAIN}")


def _next_court_day(court: Court):
    day = clock.today(court.time_zone) + timedelta(days=7)
    while not is_business_day(court, day):
        day += timedelta(days=1)
    return day


def _submitted_new_case(attorney, court, tmp_path):
    """The demo attorney's new case, as the filing wizard leaves it (the wizard has its own
    browser test)."""
    envelope = services.draft_create(
        user=attorney,
        court=court,
        case_type=CaseType.objects.get(code="CC"),
        caption="Attorney v. Example Corp.",
    )
    for role, values, represented in [
        ("petitioner", {"kind": "person", "first_name": "Pat", "last_name": "Client"}, True),
        ("respondent", {"kind": "organization", "organization_name": "Example Corp."}, False),
    ]:
        party_add(
            envelope=envelope,
            user=attorney,
            represented=represented,
            values={"role": role, **values},
        )
    services.filing_add(envelope=envelope, user=attorney, code="PET")
    with_lead_document(
        envelope, attorney, lambda name="petition.pdf": builders.text_pdf(tmp_path / name)
    )
    return services.envelope_submit(
        envelope=envelope,
        user=attorney,
        idempotency_key="demo",
        signature=f"/s/ {attorney.get_full_name()}",
    )


def _schedule(page, day, *, courtroom: str, start: str, end: str) -> None:
    page.get_by_label("Courtroom").select_option(label=courtroom)
    page.get_by_label("Judge", exact=True).select_option(label="Jude Judge")
    page.get_by_label("Kind").select_option(label="Motion hearing")
    page.get_by_label("Date").fill(day.strftime("%m/%d/%Y"))  # as the box shows dates
    pick_time(page, "Start time", start)
    pick_time(page, "End time", end)
    page.get_by_role("button", name="Schedule").click()


def test_the_court_side_done_when_in_the_demo(page, live_server, tmp_path):
    demo_users_ensure()
    court = Court.objects.get(code=DEMO_COURT)
    attorney, clerk, judge = (_demo_user(r) for r in ("attorney", "clerk", "judge"))
    envelope = _submitted_new_case(attorney, court, tmp_path)

    # The clerk accepts the new case from the review queue.
    sign_in_by_cookie(page, live_server, clerk)
    page.goto(f"/court/{court.code}/review/")
    page.get_by_role("link", name="Petition").click()
    expect(page.get_by_text(envelope.confirmation_number)).to_be_visible()
    screenshot(page, "review")
    page.get_by_role("button", name="Accept and docket").click()
    year = clock.today(court.time_zone).year % 100
    number = f"{year:02d}SL-CC00002"  # the demo case (Lawson v. Acme Roofing) is 00001
    expect(page.get_by_role("status").first).to_contain_text(
        f"Accepted: docket entry 1 in {number}"
    )

    # It has its number; the petition is docket entry 1, file-stamped.
    case = Case.objects.get(number=number)
    page.get_by_role("link", name="Court work").click()
    assert_accessible(page)
    page.get_by_label("Find a case by number or caption").fill("CC00002")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("status").first).to_contain_text("1 case matches")
    assert_accessible(page)
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    petition = DocketEntry.objects.get(case=case, number=1)
    assert petition.text == "Petition filed by Alice Attorney on behalf of Pat Client."
    expect(page.get_by_role("cell", name=petition.text)).to_be_visible()
    stamped = stored_pdf_text(petition.documents.get().stamped_storage_name)
    assert f"Electronically Filed - {court.name}" in stamped
    assert f"{number} - Docket 1 - Page 1 of 1" in stamped
    pdf = page.request.get(
        page.get_by_role("link", name="Petition").first.get_attribute("href") or ""
    )
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    page.get_by_role("link", name="Docket entry 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Docket entry 1 in {number}")
    page.get_by_label("Corrected text").fill(
        "Petition filed by Alice Attorney on behalf of Pat Client, with exhibits."
    )
    page.get_by_label("Reason for the correction").fill("Exhibits not mentioned.")
    page.get_by_role("button", name="Correct the entry").click()
    expect(page.get_by_role("status").first).to_contain_text("Docket entry 1 is corrected.")
    expect(page.get_by_role("cell", name="Exhibits not mentioned.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Back to {number}").click()

    # A hearing is set; the same judge at the same time in the other courtroom is refused.
    day = _next_court_day(court)
    page.get_by_role("link", name="Hearings").first.click()
    _schedule(page, day, courtroom="Division 1", start="9:00am", end="10:00am")
    expect(page.get_by_role("status").first).to_contain_text("Scheduled: motion hearing")
    _schedule(page, day, courtroom="Division 2", start="9:30am", end="10:30am")
    expect(page.get_by_role("alert")).to_contain_text(
        f"Judge Jude Judge already has a motion hearing in {number}"
    )
    assert_accessible(page)
    assert Hearing.objects.filter(case=case).count() == 1

    # The clerk prepares an order for the judge; nothing is docketed until the judge signs it.
    page.goto(f"/court/cases/{case.pk}/")
    page.get_by_role("link", name="Prepare an order or judgment").click()
    page.get_by_label("Title").fill("Order Setting Motion Hearing")
    page.get_by_label("Text of the order").fill("The motion hearing is set as shown on the docket.")
    screenshot(page, "order")
    assert_accessible(page)
    page.get_by_role("button", name="Submit to the judge").click()
    expect(page.get_by_role("status").first).to_contain_text("submitted to Judge Jude Judge")

    # The judge finds it in the queue, signs and issues it: docket entry 2.
    sign_in_by_cookie(page, live_server, judge)
    page.goto("/court/orders/waiting/")
    assert_accessible(page)
    page.get_by_role("link", name="Order: Order Setting Motion Hearing").click()
    assert_accessible(page)
    page.get_by_label("Your electronic signature").fill("/s/ Jude Judge")
    page.get_by_role("button", name="Sign and issue").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"entered as docket entry 2 in {number}"
    )
    assert_accessible(page)
    page.goto(f"/court/cases/{case.pk}/")
    expect(
        page.get_by_role(
            "cell", name="Order: Order Setting Motion Hearing. Signed by Judge Jude Judge."
        )
    ).to_be_visible()

    # The clerk scans a paper filing from a party without a lawyer onto the docket.
    sign_in_by_cookie(page, live_server, clerk)
    page.goto(f"/court/cases/{case.pk}/")
    page.get_by_role("link", name="Docket a scanned paper filing").click()
    assert_accessible(page)
    page.get_by_label("Document").fill("Answer")
    page.get_by_label("Filed by").fill("Example Corp., by its officer")
    page.get_by_label("The scan (PDF)").set_input_files(
        str(builders.image_only_pdf(tmp_path / "answer-scan.pdf"))
    )
    page.get_by_role("button", name="Docket the paper filing").click()
    expect(page.get_by_role("status").first).to_contain_text("docket entry 3")
    expect(
        page.get_by_role("cell", name=re.compile(r"^Answer, filed on paper by Example Corp\."))
    ).to_be_visible()
    screenshot(page, "court-case", full_page=True)
    assert_accessible(page)

    # The attorney of record has a notice of each event.
    sign_in_by_cookie(page, live_server, attorney)
    page.goto("/notices/")
    for text in (
        f"Petition accepted in {number}",
        f"{number}: order entered (docket entry 2)",
        f"{number}: docket entry 3",
    ):
        expect(page.get_by_text(text)).to_be_visible()
    assert_accessible(page)

    # ... and reads the case, the order included, under My cases.
    page.get_by_role("link", name="My cases").click()
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("link", name="Order Setting Motion Hearing")).to_be_visible()
    assert_accessible(page)
    order_pdf = page.request.get(
        page.get_by_role("link", name="Order Setting Motion Hearing").get_attribute("href") or ""
    )
    assert order_pdf.ok and order_pdf.body().startswith(b"%PDF-")
