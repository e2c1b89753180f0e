"""Deadline reminders (issue 12): counsel of record are told a set number of business days
before a deadline of their case, and when it passes with no filing answering it.

This app only finds the deadlines and records what happened, as domain events
("scheduling.deadline_approaching", "scheduling.deadline_passed", fact `deadline`); the service
app turns them into notices (efiling.service.deadline_notices). Run by `efiling
remind_deadlines` from the hourly housekeeping (`efiling serve`, the systemd timer), so a
reminder comes within the hour of the court-local day it is due; each deadline is reminded and
noticed as passed at most once (the row records when), whatever runs at once.

A deadline of the case is answered when a filing that responds to the docket entry that set
it is submitted (`deadlines_answered`, on "filings.envelope_submitted"). A served party's
answer deadline (Deadline.party, issue 14) is answered only by a filing the clerk accepted that
responds to the petition and is signed by counsel of record for that party, or by the party
itself when self-represented (`party_deadlines_answered`, on "docket.filing_reviewed"; an
answer filed with the entry of appearance counts whichever the clerk accepts first): one
defendant's answer, the plaintiff's reply or a rejected filing answers no one else's. The
number of business days is court data (CourtPolicy.deadline_reminder_business_days, 0 for
none). Only a deadline set by a docket entry is noticed as passed (one recorded otherwise has
nothing that answers it). Deadlines that passed more than PASSED_NOTICE_DAYS ago are never
noticed (an upgrade does not flood counsel with
years of old deadlines).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from efiling.cases.models import CounselOfRecord
from efiling.core import clock
from efiling.core.events import DomainEvent, event_record
from efiling.courts.calendar import business_days_after
from efiling.courts.models import Court
from efiling.courts.services import court_policy
from efiling.scheduling.models import Deadline

PASSED_NOTICE_DAYS = 7
BATCH = 200


def reminder_horizon(court, today: date, business_days: int) -> date | None:
    """The last due date to remind of on `today`: `business_days` business days of the court
    after today (today itself not counted; weekends, legal holidays and closure days skipped,
    however far they reach). None when the court sends no reminders before deadlines (0)."""
    if business_days <= 0:
        return None
    return business_days_after(court, today, business_days)


def _court_days(open_deadlines) -> dict[int, tuple[date, date | None]]:
    """(today, reminder horizon) of each court that has one of `open_deadlines`, each in its
    own zone and by its own policy."""
    courts = Court.objects.filter(pk__in=open_deadlines.values("case__court")).select_related(
        "policy"
    )
    days = {}
    for court in courts:
        today = clock.today(court.time_zone)
        business_days = court_policy(court=court).deadline_reminder_business_days
        days[court.pk] = (today, reminder_horizon(court, today, business_days))
    return days


def deadline_reminders_record() -> tuple[int, int]:
    """Record the reminders due now: (deadlines reminded, deadlines noticed as passed). Each in
    a transaction of its own, the deadline row locked and checked again first. Reads only the
    deadlines due between PASSED_NOTICE_DAYS ago and the furthest court's horizon."""
    reminded = passed = 0
    open_deadlines = Deadline.objects.filter(
        satisfied_at__isnull=True,
        due_date__gte=clock.now().date() - timedelta(days=PASSED_NOTICE_DAYS + 1),
    ).exclude(reminded_at__isnull=False, passed_noticed_at__isnull=False)
    court_days = _court_days(open_deadlines)
    latest = max((h or today for today, h in court_days.values()), default=None)
    if latest is None:
        return 0, 0
    candidates = (
        open_deadlines.filter(due_date__lte=latest)
        .select_related("case__court")
        .order_by("due_date", "pk")
    )
    for deadline in candidates.iterator(chunk_size=BATCH):
        today, horizon = court_days[deadline.case.court_id]
        if deadline.due_date < today:
            # Only a deadline set by a docket entry can be answered, so only it can pass unanswered.
            recent = deadline.due_date >= today - timedelta(days=PASSED_NOTICE_DAYS)
            if recent and deadline.set_by_entry is not None:
                passed += _record(deadline.pk, "passed_noticed_at", "scheduling.deadline_passed")
        elif horizon is not None and deadline.due_date <= horizon:
            reminded += _record(deadline.pk, "reminded_at", "scheduling.deadline_approaching")
    return reminded, passed


def _record(deadline_id: int, field: str, kind: str) -> int:
    with transaction.atomic():
        deadline = (
            Deadline.objects.select_for_update(no_key=True, of=("self",))
            .select_related("case__court")
            .filter(pk=deadline_id, satisfied_at__isnull=True, **{f"{field}__isnull": True})
            .first()
        )
        if deadline is None:  # answered, or done by another run meanwhile
            return 0
        setattr(deadline, field, clock.now())
        deadline.save(update_fields=[field])
        event_record(kind, deadline=deadline)
    return 1


def deadlines_answered(event: DomainEvent) -> None:
    """Handler of "filings.envelope_submitted": the case's open deadlines set by a docket entry
    that one of the envelope's filings responds to are answered at the submission's time (not
    a served party's answer deadline: `party_deadlines_answered`)."""
    envelope = event.envelope
    if envelope.case_id is None:
        return
    numbers = [
        filing.responds_to.number
        for filing in envelope.filings.select_related("responds_to")
        if filing.responds_to_id
    ]
    if numbers:
        Deadline.objects.filter(
            case_id=envelope.case_id,
            set_by_entry__in=numbers,
            party__isnull=True,
            satisfied_at__isnull=True,
        ).update(satisfied_at=envelope.submitted_at)


def party_deadlines_answered(event: DomainEvent) -> None:
    """Handler of "docket.filing_reviewed" (facts filing, entry: None unless accepted): the open
    answer deadlines of served parties whose counsel of record (or who, self-represented) signed
    the envelope (Party.represented_by holds the signer, CounselOfRecord an active appearance),
    set by a docket entry that an accepted filing of the same envelope responds to, are answered
    at the envelope's submission time.

    Order-independent: the envelope's accepted filings are looked at on each acceptance, so an
    answer filed with the entry of appearance that makes its signer of record answers the
    deadline whichever of the two the clerk accepts first (the appearance's acceptance finds
    the answer accepted before it)."""
    filing, entry = event.filing, event.entry
    if entry is None:
        return
    envelope = filing.envelope
    # The envelope's responses first: most acceptances (a petition's, for one) have none, and
    # then whether the signer is of record need not be asked.
    responded = set(
        envelope.filings.filter(docket_entry__isnull=False, responds_to__isnull=False).values_list(
            "responds_to__number", flat=True
        )
    )
    if not responded:
        return
    of_record = CounselOfRecord.objects.filter(
        case_id=entry.case_id, user_id=envelope.signer_id, withdrawn_at__isnull=True
    )
    if not of_record.exists():
        return
    answered = Deadline.objects.filter(
        case_id=entry.case_id,
        set_by_entry__in=responded,
        party__represented_by=envelope.signer_id,
        satisfied_at__isnull=True,
    ).values_list("pk", flat=True)
    Deadline.objects.filter(pk__in=list(answered)).update(satisfied_at=envelope.submitted_at)
