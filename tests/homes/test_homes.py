"""Each role's home after sign-in, and the selectors it is built from (issue 11)."""

from datetime import time, timedelta

import pytest
from django.test import Client

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.cases.models import SecurityLevel
from efiling.core import clock
from efiling.core.paging import first_rows
from efiling.docket.orders import proposed_order_prepare
from efiling.docket.selectors import review_queues_summary
from efiling.filings import services as filing_services
from efiling.payments.selectors import balance_of
from efiling.payments.services import format_money
from efiling.scheduling.models import Courtroom, Deadline, Hearing
from efiling.scheduling.selectors import deadlines_due_in_cases, hearings_in_cases
from efiling.service.models import Notice
from efiling.service.selectors import notices_recent
from tests import factories
from tests.factories import PASSWORD
from tests.filings.helpers import new_case_draft, with_lead_document

ZONE = "America/Chicago"


def _hearing(case, judge, *, days_ahead: int, hour: int = 10):
    room, _ = Courtroom.objects.get_or_create(court=case.court, name="Division 1")
    day = clock.today(ZONE) + timedelta(days=days_ahead)
    starts = clock.local_instant(day, time(hour), ZONE)  # 3 p.m. even the day the clocks change
    return Hearing.objects.create(
        case=case,
        courtroom=room,
        judge=judge,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        created_by=judge,
        created_at=clock.now(),
    )


def _deadline(case, *, days_ahead: int, title: str):
    return Deadline.objects.create(
        case=case,
        title=title,
        due_date=clock.today(ZONE) + timedelta(days=days_ahead),
        source="test",
        created_at=clock.now(),
    )


def test_first_rows_reads_at_most_the_limit_and_counts_the_rest(court):
    for n in range(5):
        factories.case(court, number=f"26SL-CC0090{n}")
    from efiling.cases.models import Case

    shown = first_rows(Case.objects.order_by("pk"), limit=3)
    assert len(shown.rows) == 3 and shown.total == 5 and shown.more == 2
    few = first_rows(Case.objects.order_by("pk"), limit=10)
    assert len(few.rows) == 5 and few.total == 5 and few.more == 0


def test_the_coming_two_weeks_and_nothing_beyond(court):
    from efiling.cases.models import Case

    attorney = factories.user(Role.ATTORNEY)
    judge = factories.court_staff(Role.JUDGE, court)
    case = factories.case(court, counsel=[attorney], number="26SL-CC00301")
    other = factories.case(court, number="26SL-CC00302")
    soon = _hearing(case, judge, days_ahead=3)
    _hearing(case, judge, days_ahead=14)  # the 15th day: beyond the two weeks
    _hearing(other, judge, days_ahead=2)  # not the attorney's case
    cases = Case.objects.filter(counsel__user=attorney)
    today = clock.today(ZONE)
    hearings = hearings_in_cases(cases=cases, first=today, days=14, zone_name=ZONE, limit=10)
    assert hearings.rows == [soon]
    due = _deadline(case, days_ahead=13, title="Answer due")
    _deadline(case, days_ahead=14, title="Later")
    met = _deadline(case, days_ahead=1, title="Met")
    met.satisfied_at = clock.now()
    met.save()
    assert deadlines_due_in_cases(cases=cases, first=today, days=14, limit=10).rows == [due]


def test_review_queues_count_and_name_the_oldest(court, other_court, attorney, pdf):
    first = filing_services.envelope_submit(
        envelope=with_lead_document(new_case_draft(court, attorney), attorney, pdf),
        user=attorney,
        idempotency_key="a",
        signature="/s/ Avery Lawson",
    )
    filing_services.envelope_submit(
        envelope=with_lead_document(new_case_draft(court, attorney), attorney, pdf),
        user=attorney,
        idempotency_key="b",
        signature="/s/ Avery Lawson",
    )
    sl, ba = review_queues_summary(courts=[court, other_court])
    assert (sl.court, sl.waiting, sl.oldest_submitted_at) == (court, 2, first.submitted_at)
    assert (ba.waiting, ba.oldest_submitted_at) == (0, None)


def test_a_balance_is_read_without_opening_an_account(db):
    from efiling.payments.models import PaymentAccount

    newcomer = factories.user(Role.ATTORNEY)
    assert balance_of(user=newcomer).available == 0
    assert not PaymentAccount.objects.filter(owner=newcomer).exists()


def test_notices_of_the_attorneys_newest_first(db):
    attorney = factories.user(Role.ATTORNEY)
    for n in range(3):
        Notice.objects.create(
            recipient=attorney,
            kind="docket_entry",
            subject=f"N{n}",
            body="b",
            created_at=clock.now(),
        )
    recent = notices_recent(recipients=[attorney], limit=2)
    assert [n.subject for n in recent.rows] == ["N2", "N1"] and recent.total == 3


def test_sign_in_lands_on_the_home(court):
    attorney = factories.user(Role.ATTORNEY, email="home@firm.test")
    client = Client()
    response = client.post("/accounts/sign-in/", {"email": "home@firm.test", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/home/"
    page = client.get("/home/")
    assert page.status_code == 200 and "Signed in as" in page.content.decode()
    assert attorney.get_full_name() in page.content.decode()
    assert Client().get("/home/").status_code == 302  # anonymous: to sign in


def test_attorney_home_shows_their_work_and_audits_non_public_cases(court, attorney, pdf):
    judge = factories.court_staff(Role.JUDGE, court)
    case = factories.case(
        court,
        counsel=[attorney],
        number="26SL-CC00401",
        caption="Secret v. Kept",
        security_level=SecurityLevel.CONFIDENTIAL,
    )
    _hearing(case, judge, days_ahead=1)
    _deadline(case, days_ahead=5, title="Reply due")
    new_case_draft(court, attorney, caption="Draft v. Pending")
    filing_services.envelope_submit(
        envelope=with_lead_document(
            new_case_draft(court, attorney, caption="Waiting v. Clerk"), attorney, pdf
        ),
        user=attorney,
        idempotency_key="w",
        signature="/s/ Avery Lawson",
    )
    text = factories.client_for(attorney).get("/home/").content.decode()
    available = format_money(balance_of(user=attorney).available)
    for shown in ("Secret v. Kept", "Reply due", "Draft v. Pending", "Waiting v. Clerk", available):
        assert shown in text, shown
    listed = AuditEvent.objects.filter(action="cases.listed", actor_id=attorney.pk).get()
    assert listed.details == {"cases": ["26SL-CC00401"], "read": "home"}


def test_staff_home_names_the_attorney_on_every_row(court):
    alice = factories.user(Role.ATTORNEY, first_name="Alice", last_name="Able")
    staff = factories.staff_for(alice)
    factories.case(court, counsel=[alice], number="26SL-CC00501", caption="Able v. Baker")
    new_case_draft(court, alice, caption="Able draft")
    text = factories.client_for(staff).get("/home/").content.decode()
    assert "You work for Alice Able" in text
    assert text.count("<td>Alice Able</td>") == 2  # the case and the draft
    assert "Alice Able: <strong>$0.00</strong>" in text


def test_clerk_judge_administrator_and_help_desk_homes(court, attorney, pdf):
    clerk = factories.court_staff(Role.CLERK, court)
    judge = factories.court_staff(Role.JUDGE, court, first_name="Jude")
    case = factories.case(
        court, counsel=[attorney], number="26SL-CC00601", caption="Today v. Court"
    )
    _hearing(case, judge, days_ahead=0, hour=15)
    filing_services.envelope_submit(
        envelope=with_lead_document(new_case_draft(court, attorney), attorney, pdf),
        user=attorney,
        idempotency_key="c",
        signature="/s/ Avery Lawson",
    )
    clerk_text = factories.client_for(clerk).get("/home/").content.decode()
    assert "St. Louis County Circuit Court" in clerk_text and "1 filing<" in clerk_text
    assert "Today v. Court" in clerk_text
    proposed_order_prepare(
        actor=clerk,
        case=case,
        judge=judge,
        kind="order",
        title="Order setting a status conference",
        body_text="A status conference is set.",
        submit=True,
    )
    judge_text = factories.client_for(judge).get("/home/").content.decode()
    assert "Today v. Court" in judge_text and "3:00 p.m." in judge_text
    assert "Orders waiting for your signature (1)" in judge_text
    assert "Order: Order setting a status conference</a>, 26SL-CC00601" in judge_text
    admin = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    admin_text = factories.client_for(admin).get("/home/").content.decode()
    assert "/court-admin/SL/closures/" in admin_text and "/court-admin/audit/" in admin_text
    assert "/court-admin/holidays/" not in admin_text  # system administrators only
    desk = factories.user(Role.HELP_DESK)
    assert "Help desk hours" in factories.client_for(desk).get("/home/").content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_home(db, settings, role):
    settings.EFILING_SELF_REPRESENTED_ENABLED = True
    response = factories.client_for(factories.user(role)).get("/home/")
    assert response.status_code == 200 and "Signed in as" in response.content.decode()


def _at(day: int, hour: int, minute: int = 0):
    """An instant in December 2026 (day 0 or less: back into November), `hour` Central time."""
    from datetime import date, datetime

    local = datetime.combine(date(2026, 12, 1) + timedelta(days=day - 1), datetime.min.time())
    return clock.day_bounds(local.date(), ZONE)[0] + timedelta(hours=hour, minutes=minute)


def _hearing_at(case, judge, starts):
    made = starts - timedelta(days=30)
    return factories.hearing(case, judge, starts, minutes=30, created_at=made)


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def week_of_hearings(court):
    """A judge with a hearing on each day from Friday, December 4 to Monday, December 14, 2026,
    each at 7 p.m. Central (the next day in UTC), captioned by its day."""
    judge = factories.court_staff(Role.JUDGE, court)
    for day in range(4, 15):
        case = factories.case(court, number=f"26SL-CC{day:05d}", caption=f"Day {day} v. Court")
        _hearing_at(case, judge, _at(day, 19))
    return judge


@pytest.mark.parametrize(
    ("now", "heading", "today", "shown"),
    [
        # Saturday morning: the weekend's rest and the coming week, not the week that ends.
        (_at(5, 10), "Next week: week of Monday, December 7", [5], range(6, 14)),
        # Sunday 8 p.m. Central is Monday in UTC: still Sunday in court, the coming week.
        (_at(6, 20), "Next week: week of Monday, December 7", [6], range(7, 14)),
        # Wednesday 8 p.m. Central (Thursday in UTC): this week, today's 7 p.m. among today's.
        (_at(9, 20), "This week: week of Monday, December 7", [9], [7, 8, 10, 11, 12, 13]),
    ],
    ids=["saturday", "sunday", "wednesday"],
)
def test_the_judge_s_week_looks_ahead_at_the_weekend(
    week_of_hearings, pinned_clock, now, heading, today, shown
):
    pinned_clock(now)
    page = factories.client_for(week_of_hearings).get("/home/").content.decode()
    week, todays = _section(page, "week-heading"), _section(page, "today-heading")
    assert heading in week
    assert [d for d in range(4, 15) if f"Day {d} v. Court" in todays] == list(today)
    assert [d for d in range(4, 15) if f"Day {d} v. Court" in week] == list(shown)


def test_the_clerk_s_today_is_the_court_s_day(court, pinned_clock):
    clerk = factories.court_staff(Role.CLERK, court)
    judge = factories.court_staff(Role.JUDGE, court)
    monday_evening = factories.case(court, number="26SL-CC00701", caption="Monday Evening")
    tuesday = factories.case(court, number="26SL-CC00702", caption="Tuesday Morning")
    _hearing_at(monday_evening, judge, _at(0, 19))  # Monday, November 30, 7 p.m. Central
    _hearing_at(tuesday, judge, _at(1, 9))
    pinned_clock(_at(0, 20, 30))  # 8:30 p.m. Monday in court, Tuesday in UTC
    page = factories.client_for(clerk).get("/home/").content.decode()
    assert "Monday Evening" in page and "Tuesday Morning" not in page


def test_the_filer_s_two_weeks_are_court_days(court, attorney, pinned_clock):
    judge = factories.court_staff(Role.JUDGE, court)
    last = factories.case(court, counsel=[attorney], number="26SL-CC00801", caption="Last Day")
    beyond = factories.case(court, counsel=[attorney], number="26SL-CC00802", caption="Too Late")
    _hearing_at(last, judge, _at(12, 19))  # Saturday, December 12, 7 p.m. (13th in UTC)
    _hearing_at(beyond, judge, _at(13, 9))
    pinned_clock(_at(-1, 23))  # Sunday, November 29, 11 p.m. Central: Monday in UTC
    page = factories.client_for(attorney).get("/home/").content.decode()
    hearings = _section(page, "hearings-heading")
    assert "Hearings until December 12" in hearings
    assert "26SL-CC00801" in hearings and "26SL-CC00802" not in hearings


def _links(html: str) -> list[str]:
    """The site paths every <a href> of `html` points to (anchors and other sites left out)."""
    from html.parser import HTMLParser

    found = []

    class Anchors(HTMLParser):
        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href") or ""
            if tag == "a" and href.startswith("/"):
                found.append(href)

    Anchors().feed(html)
    return found


@pytest.mark.parametrize("role", list(Role))
def test_no_home_offers_a_link_that_refuses_its_user(courts, role):
    """Every demo role's home (the self-represented one while their filing is closed, the
    default): each link on it opens for that user, none answers 403."""
    from efiling.accounts.models import User
    from efiling.demo.users import demo_users_ensure

    demo_users_ensure()
    user = User.objects.filter(email__endswith="@demo.efiling.test", role=role).first()
    client = factories.client_for(user)
    page = client.get("/home/")
    assert page.status_code == 200
    links = _links(page.content.decode())
    assert "/home/" in links
    refused = [href for href in links if client.get(href).status_code == 403]
    assert refused == []


def test_self_represented_home_says_filing_is_not_open(courts, settings):
    settings.EFILING_SELF_REPRESENTED_ENABLED = False
    litigant = factories.user(Role.SELF_REPRESENTED)
    html = factories.client_for(litigant).get("/home/").content.decode()
    assert "Electronic filing by self-represented litigants is not open in this system yet." in html
    for absent in ("/payments/", "/cases/", "/filings/"):
        assert not any(href.startswith(absent) for href in _links(html))
    settings.EFILING_SELF_REPRESENTED_ENABLED = True
    html = factories.client_for(litigant).get("/home/").content.decode()
    assert "not open in this system yet" not in html and "/payments/" in "".join(_links(html))
