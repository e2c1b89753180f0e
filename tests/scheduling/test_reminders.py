"""Deadline reminders: counsel told N business days before, and once when it passes unanswered."""

from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command

from efiling.core import clock
from efiling.courts.models import CourtPolicy, Holiday
from efiling.scheduling.models import Deadline
from efiling.scheduling.reminders import (
    PASSED_NOTICE_DAYS,
    deadline_reminders_record,
    reminder_horizon,
)
from efiling.service.models import Notice, NoticeDelivery
from tests import factories

pytestmark = pytest.mark.django_db

FRIDAY = date(2031, 12, 5)  # far from any fixed holiday


@pytest.fixture
def friday_noon(pinned_clock):
    """Friday, December 5, 2031, noon in St. Louis."""
    zone = clock.zone("America/Chicago")
    pinned_clock(datetime(2031, 12, 5, 12, 0, tzinfo=zone).astimezone(clock.UTC))


@pytest.fixture
def case(court, attorney):
    opposing = factories.user(first_name="Olive", last_name="Opposing")
    return factories.case(court, counsel=[attorney, opposing], number="31SL-CC00001")


def deadline(case, due: date, **fields):
    values = {"title": "Answer due", "source": "30 days after service", "set_by_entry": 1}
    values.update(fields)
    return Deadline.objects.create(case=case, due_date=due, created_at=clock.now(), **values)


def test_the_horizon_counts_business_days_of_the_court(court):
    # Friday + 3 business days: Mon 8, Tue 9, Wed 10.
    assert reminder_horizon(court, FRIDAY, 3) == date(2031, 12, 10)
    Holiday.objects.create(date=date(2031, 12, 8), name="Ice storm", court=court)
    assert reminder_horizon(court, FRIDAY, 3) == date(2031, 12, 11)
    assert reminder_horizon(court, FRIDAY, 0) is None


def test_counsel_are_reminded_once_when_the_deadline_comes_within_reach(
    friday_noon, case, attorney
):
    soon = deadline(case, date(2031, 12, 10))
    later = deadline(case, date(2031, 12, 11), title="Later")
    assert deadline_reminders_record() == (1, 0)
    notices = Notice.objects.filter(kind=Notice.Kind.DEADLINE)
    assert sorted(n.recipient.last_name for n in notices) == ["Lawson", "Opposing"]
    notice = notices.get(recipient=attorney)
    assert notice.subject == "Answer due on Wednesday, December 10, 2031 in case 31SL-CC00001"
    assert "30 days after service" in notice.body and "Lawson v." not in notice.body
    assert NoticeDelivery.objects.filter(notices=notice).exists()  # e-mailed as notices are
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.reminded_at is not None and later.reminded_at is None
    assert deadline_reminders_record() == (0, 0)  # once


def test_a_court_may_send_no_reminders_before(friday_noon, case, court):
    CourtPolicy.objects.update_or_create(
        court=court, defaults={"deadline_reminder_business_days": 0}
    )
    deadline(case, date(2031, 12, 8))
    assert deadline_reminders_record() == (0, 0)


def test_a_passed_unanswered_deadline_is_noticed_once(friday_noon, case, attorney):
    passed = deadline(case, date(2031, 12, 4), set_by_entry=3)
    deadline(case, date(2031, 12, 4), title="Answered", satisfied_at=clock.now())
    deadline(case, date(2031, 12, 4), title="No entry", set_by_entry=None)
    deadline(case, FRIDAY - timedelta(days=PASSED_NOTICE_DAYS + 1), title="Long ago")
    assert deadline_reminders_record() == (0, 1)
    notice = Notice.objects.get(kind=Notice.Kind.DEADLINE, recipient=attorney)
    assert notice.subject == "Answer due passed on Thursday, December 4, 2031 in case 31SL-CC00001"
    assert "No filing responding to docket entry 3" in notice.body
    passed.refresh_from_db()
    assert passed.passed_noticed_at is not None
    assert deadline_reminders_record() == (0, 0)


def test_a_sealed_cases_notice_keeps_its_text_back(friday_noon, case):
    from efiling.cases.models import SecurityLevel

    case.security_level = SecurityLevel.SEALED
    case.save(update_fields=["security_level"])
    deadline(case, date(2031, 12, 9), source="Secret source text")
    deadline_reminders_record()
    assert not Notice.objects.filter(body__contains="Secret source text").exists()


def test_the_command_reports_what_it_did(friday_noon, case, capsys):
    deadline(case, date(2031, 12, 9))
    call_command("remind_deadlines")
    assert "Deadlines reminded: 1; noticed as passed: 0." in capsys.readouterr().out


def test_a_closure_of_months_is_counted_however_far_it_reaches(friday_noon, case, court):
    """The kind of issue 9, section 5: a closure far from today still counts. Closed from
    Monday, December 8, 2031 to Sunday, February 15, 2032; Monday the 16th is Washington's
    Birthday; so three business days from Friday, December 5 end on Thursday, February 19."""
    day = date(2031, 12, 8)
    while day <= date(2032, 2, 15):
        Holiday.objects.create(date=day, name="Flood", court=court)
        day += timedelta(days=1)
    assert reminder_horizon(court, FRIDAY, 3) == date(2032, 2, 19)
    far = deadline(case, date(2032, 2, 19))
    deadline(case, date(2032, 2, 20), title="Later")
    assert deadline_reminders_record() == (1, 0)
    far.refresh_from_db()
    assert far.reminded_at is not None
