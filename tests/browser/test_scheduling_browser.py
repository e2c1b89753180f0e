import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.core import clock
from efiling.scheduling.models import Courtroom, Hearing
from efiling.scheduling.services import hearing_schedule
from tests import factories
from tests.browser.conftest import assert_accessible, pick_time, sign_in_by_cookie, type_time
from tests.scheduling.conftest import BEFORE_THE_TEST_DATES

pytestmark = pytest.mark.browser


def _fill(page, *, start: str, end: str):
    page.get_by_label("Courtroom").select_option(label="Division 3")
    page.get_by_label("Judge", exact=True).select_option(label="Jordan Reyes")
    page.get_by_label("Kind").select_option(label="Motion hearing")
    page.get_by_label("Date").fill("11/30/2026")
    pick_time(page, "Start time", start)
    pick_time(page, "End time", end)
    page.get_by_role("button", name="Schedule").click()


def test_clerk_schedules_a_hearing_and_a_conflict_is_refused(
    page, live_server, court, pinned_clock
):
    pinned_clock(BEFORE_THE_TEST_DATES)
    clerk = factories.court_staff(Role.CLERK, court, first_name="Casey", last_name="Clerk")
    factories.court_staff(Role.JUDGE, court, first_name="Jordan", last_name="Reyes")
    Courtroom.objects.create(court=court, name="Division 3")
    attorney = factories.user(Role.ATTORNEY)
    case = factories.case(court, counsel=[attorney], number="26SL-CC00001")
    sign_in_by_cookie(page, live_server, clerk)

    page.goto(f"/court/cases/{case.pk}/hearings/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("26SL-CC00001")
    assert_accessible(page)

    _fill(page, start="9:00am", end="10:00am")
    expect(
        page.get_by_text("Scheduled: motion hearing on Monday, November 30, 2026")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="9:00 a.m. to 10:00 a.m.")).to_be_visible()
    assert_accessible(page)

    _fill(page, start="9:30am", end="10:30am")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        "Judge Jordan Reyes already has a motion hearing in 26SL-CC00001 from 9:00 a.m. to "
        "10:00 a.m. on Monday, November 30, 2026."
    )
    assert_accessible(page)
    assert Hearing.objects.count() == 1


def test_clerk_records_a_hearing_as_held_from_the_case_page(page, live_server, court, pinned_clock):
    pinned_clock(BEFORE_THE_TEST_DATES)
    clerk = factories.court_staff(Role.CLERK, court, first_name="Casey", last_name="Clerk")
    judge = factories.court_staff(Role.JUDGE, court, first_name="Jordan", last_name="Reyes")
    room = Courtroom.objects.create(court=court, name="Division 3")
    case = factories.case(court, counsel=[factories.user(Role.ATTORNEY)], number="26SL-CC00001")
    hearing_schedule(
        actor=clerk,
        case=case,
        courtroom=room,
        judge=judge,
        kind=Hearing.Kind.MOTION_HEARING,
        starts_at=datetime(2026, 11, 30, 15, 0, tzinfo=clock.UTC),
        ends_at=datetime(2026, 11, 30, 16, 0, tzinfo=clock.UTC),
    )
    pinned_clock(datetime(2026, 11, 30, 16, 5, tzinfo=clock.UTC))
    sign_in_by_cookie(page, live_server, clerk)
    page.goto(f"/court/cases/{case.pk}/")
    assert_accessible(page)
    page.get_by_label("Note for the docket").fill("Argued; taken under advisement.")
    page.get_by_role("button", name="Record as held").click()
    expect(page.get_by_role("status").first).to_contain_text("recorded as held: docket entry 1")
    expect(
        page.get_by_role("cell", name=re.compile(r"^Motion hearing held 9:00 a\.m\. Monday"))
    ).to_be_visible()
    assert_accessible(page)


def test_a_hearing_at_2_a_m_names_the_hours_and_a_reason_overrides(
    page, live_server, court, pinned_clock
):
    pinned_clock(BEFORE_THE_TEST_DATES)
    clerk = factories.court_staff(Role.CLERK, court, first_name="Casey", last_name="Clerk")
    factories.court_staff(Role.JUDGE, court, first_name="Jordan", last_name="Reyes")
    Courtroom.objects.create(court=court, name="Division 3")
    case = factories.case(court, counsel=[factories.user(Role.ATTORNEY)], number="26SL-CC00001")
    sign_in_by_cookie(page, live_server, clerk)
    page.goto(f"/court/cases/{case.pk}/hearings/")

    _fill(page, start="2:00am", end="3:00am")
    expect(page.get_by_role("alert")).to_contain_text(
        "is outside the hours of Division 3: Monday to Friday, 8:00 a.m. to 5:00 p.m."
    )
    assert_accessible(page)
    assert not Hearing.objects.exists()

    page.get_by_label("Reason to sit outside the hours").fill("Emergency hearing")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("Scheduled: motion hearing")).to_be_visible()
    assert Hearing.objects.get().outside_hours_reason == "Emergency hearing"


def test_a_time_typed_in_the_picker_and_left_with_tab_is_kept(
    page, live_server, court, pinned_clock
):
    pinned_clock(BEFORE_THE_TEST_DATES)
    clerk = factories.court_staff(Role.CLERK, court, first_name="Casey", last_name="Clerk")
    factories.court_staff(Role.JUDGE, court, first_name="Jordan", last_name="Reyes")
    Courtroom.objects.create(court=court, name="Division 3")
    case = factories.case(court, counsel=[factories.user(Role.ATTORNEY)], number="26SL-CC00001")
    sign_in_by_cookie(page, live_server, clerk)
    page.goto(f"/court/cases/{case.pk}/hearings/")
    page.get_by_label("Courtroom").select_option(label="Division 3")
    page.get_by_label("Judge", exact=True).select_option(label="Jordan Reyes")
    page.get_by_label("Kind").select_option(label="Motion hearing")
    page.get_by_label("Date").fill("11/30/2026")
    type_time(page, "Start time", "8:30 a.m.")
    type_time(page, "End time", "10:00am")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("cell", name="8:30 a.m. to 10:00 a.m.")).to_be_visible()
    assert Hearing.objects.get().starts_at == datetime(2026, 11, 30, 14, 30, tzinfo=clock.UTC)

    type_time(page, "Start time", "25:00")
    type_time(page, "End time", "11:00am")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The start time must be a time such as 2:30 p.m. or 14:30."
    )
    start = page.get_by_role("combobox", name="Start time")
    expect(start).to_have_value("25:00")
    # The combo box carries the box's error link: a screen reader reads the error with it.
    expect(start).to_have_attribute("aria-invalid", "true")
    error_ids = start.get_attribute("aria-describedby").split()
    assert any(
        "must be a time" in page.locator(f"#{error_id}").inner_text() for error_id in error_ids
    )
    end = page.get_by_role("combobox", name="End time")
    assert end.get_attribute("aria-invalid") is None
    assert_accessible(page)
    assert Hearing.objects.count() == 1


def test_without_javascript_a_typed_time_is_read_as_people_write_it(
    page_without_javascript, live_server, court, pinned_clock
):
    page = page_without_javascript
    pinned_clock(BEFORE_THE_TEST_DATES)
    clerk = factories.court_staff(Role.CLERK, court, first_name="Casey", last_name="Clerk")
    factories.court_staff(Role.JUDGE, court, first_name="Jordan", last_name="Reyes")
    Courtroom.objects.create(court=court, name="Division 3")
    case = factories.case(court, counsel=[factories.user(Role.ATTORNEY)], number="26SL-CC00001")
    sign_in_by_cookie(page, live_server, clerk)
    page.goto(f"/court/cases/{case.pk}/hearings/")
    page.get_by_label("Courtroom").select_option(label="Division 3")
    page.get_by_label("Judge", exact=True).select_option(label="Jordan Reyes")
    page.get_by_label("Kind").select_option(label="Motion hearing")
    page.get_by_label("Date").fill("11/30/2026")
    page.get_by_label("Start time").fill("2:30 p.m.")
    page.get_by_label("End time").fill("15:15")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("cell", name="2:30 p.m. to 3:15 p.m.")).to_be_visible()
    page.get_by_label("Start time").fill("noon")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The start time must be a time such as 2:30 p.m. or 14:30."
    )  # (axe runs in the picker's pages above: it needs JavaScript)


def test_a_judge_reads_a_day_of_the_calendar_chosen_in_the_date_picker(
    page, live_server, court, pinned_clock
):
    pinned_clock(BEFORE_THE_TEST_DATES)
    clerk = factories.court_staff(Role.CLERK, court)
    judge = factories.court_staff(Role.JUDGE, court, first_name="Jordan", last_name="Reyes")
    room = Courtroom.objects.create(court=court, name="Division 3")
    case = factories.case(court, counsel=[factories.user(Role.ATTORNEY)], number="26SL-CC00001")
    starts = datetime(2026, 11, 30, 15, 0, tzinfo=clock.UTC)  # 9:00 a.m. in St. Louis
    hearing_schedule(
        actor=clerk,
        case=case,
        courtroom=room,
        judge=judge,
        kind=Hearing.Kind.MOTION_HEARING,
        starts_at=starts,
        ends_at=starts.replace(hour=16),
    )
    sign_in_by_cookie(page, live_server, judge)
    page.goto("/court/calendar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendar: Judge Jordan Reyes")
    page.get_by_label("Date", exact=True).fill("11/30/2026")  # as the date box shows dates
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("cell", name="26SL-CC00001")).to_be_visible()
    assert_accessible(page)
