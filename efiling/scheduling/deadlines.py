"""Deadlines a served paper sets (Rule 44.01(a), the court's calendar): the follow-up
deadlines of an accepted filing's code, and a served defendant's answer deadline (issue 14;
in an associate circuit case, the appearance on the summons' return date).
Each written with its source and audited with the counting (the days skipped); reminders are
efiling.scheduling.reminders'."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from efiling.audit.services import audit_record
from efiling.cases.models import Case, Party
from efiling.core import clock
from efiling.core.errors import ValidationFailed
from efiling.core.words import long_date
from efiling.courts.calendar import deadline_compute
from efiling.courts.models import FilingCode
from efiling.courts.service_terms import service_terms
from efiling.scheduling.models import Deadline


def deadlines_from_filing(
    *,
    case: Case,
    filing_code: FilingCode,
    served_on: date,
    set_by_entry: int | None = None,
    request=None,
) -> list[Deadline]:
    """Record the follow-up deadlines a served filing sets (its filing code's
    follow_up_deadlines, data the court edits), each counted from the day of service with the
    court's calendar. `set_by_entry` is the number of the filing's docket entry: a filing
    responding to it answers them (efiling.scheduling.reminders)."""
    if filing_code.court_id != case.court_id:
        raise ValidationFailed(f"The filing code {filing_code.code} is not of the {case.court}.")
    code = filing_code.code
    with transaction.atomic():
        return [
            _deadline_counted(
                case=case,
                title=rule["title"].strip(),
                served_on=served_on,
                days=rule["days"],
                source=f"{rule['title'].strip()} {rule['days']} days after service",
                set_by_entry=set_by_entry,
                request=request,
                details={"filing_code": code},
                code=code,
            )
            for rule in filing_code.follow_up_deadlines
        ]


def _deadline_counted(
    *,
    case: Case,
    title: str,
    served_on: date,
    days: int,
    source: str,
    set_by_entry: int | None,
    request,
    details: dict,
    code: str,
    party: Party | None = None,
) -> Deadline:
    """A deadline `days` after `served_on` (Rule 44.01(a), the court's calendar), its source
    "<source> on <date> (<code>, Rule 44.01(a))", audited with `details` and the counting
    (the days skipped)."""
    computed = deadline_compute(court=case.court, start=served_on, days=days)
    return _deadline_record(
        case=case,
        title=title,
        due=computed.due,
        party=party,
        set_by_entry=set_by_entry,
        source=f"{source} on {long_date(served_on)} ({code}, Rule 44.01(a))",
        request=request,
        details={
            **details,
            "served_on": served_on.isoformat(),
            "days": days,
            "due_date": computed.due.isoformat(),
            "skipped": [[d.isoformat(), why] for d, why in computed.skipped],
        },
    )


def _deadline_record(
    *, case: Case, title: str, due: date, party, set_by_entry, source: str, request, details
) -> Deadline:
    """Create the deadline (title and source cut to their columns) and audit it
    ("deadline.created", with the case and `details`)."""
    deadline = Deadline.objects.create(
        case=case,
        title=title[: Deadline._meta.get_field("title").max_length],
        due_date=due,
        set_by_entry=set_by_entry,
        party=party,
        source=source[: Deadline._meta.get_field("source").max_length],
        created_at=clock.now(),
    )
    audit_record(
        action="deadline.created",
        target=deadline,
        request=request,
        details={"case": case.pk, **details},
    )
    return deadline


def answer_deadline_from_service(
    *,
    case: Case,
    filing_code: FilingCode,
    manner: str,
    served_on: date,
    party: Party,
    set_by_entry: int,
    return_date: date | None = None,
    request=None,
) -> Deadline:
    """Record a served defendant's answer deadline (issue 14): the answer period the court's
    data gives the petition's code for the manner of service (courts.service_terms.service_terms:
    FilingCode.service_of_process, e.g. 30 days after service, 45 after first publication),
    counted from `served_on` (the date the return of service records) under Rule 44.01(a) with
    the court's calendar. Where the terms set a return date instead (associate circuit,
    courts.return_dates) the deadline is "Appear on return date", due on the summons'
    `return_date`. `set_by_entry` is the petition's docket entry number and `party` the
    served party: only an accepted filing responding to the petition, filed by the party's
    counsel of record or the party itself, answers the deadline
    (efiling.scheduling.reminders.party_deadlines_answered), and the reminders
    tell counsel of record as it approaches and when it passes unanswered. ValidationFailed
    when the court offers no such service with the code, or a return date is due and the
    summons has none."""
    if filing_code.court_id != case.court_id:
        raise ValidationFailed(f"The filing code {filing_code.code} is not of the {case.court}.")
    terms = service_terms(filing_code=filing_code, manner=manner)
    details = {"filing_code": filing_code.code, "manner": manner, "party": party.pk}
    if terms.return_date is not None:
        if return_date is None:
            raise ValidationFailed(
                "This summons names no return date: the clerk issues an alias summons with one."
            )
        return _return_date_deadline(
            case=case,
            party=party,
            return_date=return_date,
            served_on=served_on,
            set_by_entry=set_by_entry,
            code=filing_code.code,
            details=details,
            request=request,
        )
    return _deadline_counted(
        case=case,
        title=f"Answer due: {party.display_name}",
        served_on=served_on,
        days=terms.answer_days,
        source=f"Answer due {terms.answer_days} days after {terms.runs_from}",
        set_by_entry=set_by_entry,
        request=request,
        details=details,
        code=filing_code.code,
        party=party,
    )


def _return_date_deadline(
    *, case, party, return_date, served_on, set_by_entry, code, details, request
) -> Deadline:
    """The served party's appearance on the summons' return date (RSMo 517.041, Rule 54.02),
    audited with the service date."""
    return _deadline_record(
        case=case,
        title=f"Appear on return date: {party.display_name}",
        due=return_date,
        party=party,
        set_by_entry=set_by_entry,
        source=f"Return date of the summons served on {long_date(served_on)} ({code}, "
        "RSMo 517.041)",
        request=request,
        details={
            **details,
            "served_on": served_on.isoformat(),
            "return_date": return_date.isoformat(),
        },
    )
