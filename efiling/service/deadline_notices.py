"""Notices of deadlines (issue 12): the service app's answer to the scheduling app's
"scheduling.deadline_approaching" and "scheduling.deadline_passed" events
(efiling.scheduling.reminders), told to counsel of record of the case. Subjects and bodies
name the deadline's title, the case by number and the court-local due date; never the case's
caption (service.services.notice_body also withholds the body of a sealed or confidential
case)."""

from efiling.cases.access import case_notice_recipients
from efiling.core.events import DomainEvent
from efiling.core.words import long_date
from efiling.service.models import Notice
from efiling.service.services import notices_record


def _record(event: DomainEvent, *, subject: str, body: str) -> None:
    deadline = event.deadline
    notices_record(
        recipients=case_notice_recipients(deadline.case),
        kind=Notice.Kind.DEADLINE,
        subject=subject,
        body=body,
        case=deadline.case,
    )


def deadline_approaching(event: DomainEvent) -> None:
    deadline = event.deadline
    number, due = deadline.case.number, long_date(deadline.due_date)
    _record(
        event,
        subject=f"{deadline.title} on {due} in case {number}",
        body=f"Reminder: {deadline.title} in case {number} is due on {due} ({deadline.source}).",
    )


def deadline_passed(event: DomainEvent) -> None:
    deadline = event.deadline
    number, due = deadline.case.number, long_date(deadline.due_date)
    _record(
        event,
        subject=f"{deadline.title} passed on {due} in case {number}",
        body=f"{deadline.title} in case {number} was due on {due} ({deadline.source}). "
        f"No filing responding to docket entry {deadline.set_by_entry} was submitted through "
        "this system by then.",
    )
