"""What the service app does when something happens in the apps below it (efiling.core.events):
who is told, and what the notice says. `handlers_subscribe` is called by ServiceConfig.ready();
every handler runs inside the transaction of the change (decision 0011), so a notice commits
or rolls back with what it tells of.

The lower apps say what happened and give the facts; the wording of every notice is here, or in
the two modules HANDLERS names for service (serving.py) and deadlines (deadline_notices.py). Who
is told: the people the event concerns, or everyone who receives the case's notices
(cases.access.case_notice_recipients); the recipient rules (efiling.service.recipients) add an
attorney's authorized staff, and, for new public docket entries and hearings, those tracking
the case. No notice repeats sealed or confidential text
(services.notice_body).
"""

from __future__ import annotations

from django.urls import reverse

from efiling.accounts.models import Role, User
from efiling.availability.incidents import incident_words
from efiling.availability.maintenance import (
    window_courts_words,
    window_functions_words,
    window_words,
)
from efiling.cases.access import case_notice_recipients
from efiling.cases.models import Case
from efiling.core import clock
from efiling.core.clock import clock_time
from efiling.core.events import DomainEvent, subscribe
from efiling.core.words import long_date, one_line, sentence
from efiling.docket.orders import judges_waited_for, proposed_order_label
from efiling.docket.orders_models import CourtOrder, ProposedOrder
from efiling.filings.models import Envelope, Status
from efiling.payments.services import format_money
from efiling.scheduling.models import Hearing
from efiling.scheduling.services import case_label, hearing_when, judge_name
from efiling.service import deadline_notices
from efiling.service.models import Notice
from efiling.service.recipients import case_news_recipients, court_users
from efiling.service.services import notices_record, notices_withhold
from efiling.service.serving import (
    serve_filing,
    served_filing_rejected,
    served_filing_withdrawn,
)
from efiling.service.summons import summonses_prepare
from efiling.service.webhooks import review_completed

# ---------------------------------------------------------------- who appears in a case (cases)


def _appearance_ruling(case: Case, *, subject: str, body: str, affected: User) -> None:
    """Who appears in a case is the court's ruling (Notice.Kind.ORDER): everyone who receives
    the case's notices learns of it, and so does the attorney it concerns, even once out."""
    notices_record(
        recipients=[*case_notice_recipients(case), affected],
        kind=Notice.Kind.ORDER,
        case=case,
        subject=f"{case.number}: {subject}",
        body=body,
    )


def pro_hac_vice_admitted(event: DomainEvent) -> None:
    admission = event.admission
    attorney, sponsor, case = admission.attorney, admission.sponsor, admission.case
    _appearance_ruling(
        case,
        subject=f"{attorney.get_full_name()} admitted pro hac vice",
        body=(
            f"The court admitted {attorney.get_full_name()} ({attorney.home_state} Bar No. "
            f"{attorney.home_bar_number}) pro hac vice in {case}, with "
            f"{sponsor.get_full_name()} as Missouri sponsoring attorney."
        ),
        affected=attorney,
    )


def pro_hac_vice_revoked(event: DomainEvent) -> None:
    admission = event.admission
    name = admission.attorney.get_full_name()
    _appearance_ruling(
        admission.case,
        subject=f"pro hac vice admission of {name} revoked",
        body=f"The court revoked the pro hac vice admission of {name} in {admission.case}.",
        affected=admission.attorney,
    )


def counsel_withdrawn(event: DomainEvent) -> None:
    counsel = event.counsel
    name = counsel.user.get_full_name()
    _appearance_ruling(
        counsel.case,
        subject=f"{name} withdrew",
        body=(
            f"The court granted {name} leave to withdraw in {counsel.case}. Reason: {event.reason}"
        ),
        affected=counsel.user,
    )


# ---------------------------------------------------------------------- hearings (scheduling)


def _hearing_described(hearing: Hearing) -> str:
    case = hearing.case
    return sentence(
        f"{hearing.get_kind_display()} in {case_label(case)} {case.caption}: "
        f"{hearing_when(hearing)} (court time, {case.court.time_zone}), in "
        f"{hearing.courtroom.name}, {case.court.name}, before {judge_name(hearing.judge)}"
    )


def _hearing_noticed(hearing: Hearing, verb: str, body: str) -> None:
    case = hearing.case
    start = clock.to_local(hearing.starts_at, case.court.time_zone)
    notices_record(
        recipients=case_news_recipients(case),
        kind=Notice.Kind.HEARING,
        case=case,
        subject=(
            f"{case_label(case)}: {hearing.get_kind_display().lower()} {verb} "
            f"({long_date(start.date())})"
        ),
        body=body,
    )


def hearing_set(event: DomainEvent) -> None:
    hearing = event.hearing
    body = f"Set: {_hearing_described(hearing)}"
    if hearing.note:
        body += f" Note: {hearing.note}"
    _hearing_noticed(hearing, "set", body)


def hearing_rescheduled(event: DomainEvent) -> None:
    hearing = event.hearing
    _hearing_noticed(
        hearing,
        "rescheduled",
        f"Rescheduled (was {event.was}). Now: {_hearing_described(hearing)}",
    )


def hearing_cancelled(event: DomainEvent) -> None:
    hearing = event.hearing
    _hearing_noticed(
        hearing,
        "cancelled",
        f"Cancelled: {_hearing_described(hearing)} Reason: {hearing.cancel_reason}",
    )


# ------------------------------------------------------------------ review and docket (docket)

REVIEW_OUTCOMES = {
    Status.ACCEPTED: "accepted",
    Status.REJECTED: "rejected",
    Status.RETURNED: "returned for correction",
}


def _filer_told(envelope: Envelope, *, subject: str, body: str, entry=None) -> None:
    """A notice to the envelope's signer and whoever prepared it, linking to its receipt."""
    notices_record(
        recipients=[envelope.signer, envelope.prepared_by],
        kind=Notice.Kind.FILING_REVIEWED,
        subject=subject,
        body=body,
        case=envelope.case,
        entry=entry,
        link=f"/filings/{envelope.public_id}/receipt/",
    )


def filing_reviewed(event: DomainEvent) -> None:
    """The filer learns the clerk's decision (and its reason); the new docket entry of an
    accepted filing is the subject of its own event (entry_docketed)."""
    filing, entry = event.filing, event.entry
    envelope, case = filing.envelope, filing.envelope.case
    outcome = REVIEW_OUTCOMES[filing.status]
    submitted = clock.to_local(envelope.submitted_at, envelope.court.time_zone)
    body = (
        f"{filing.filing_code.name} submitted {long_date(submitted.date())}, "
        f"{clock_time(submitted)} "
        f"(confirmation {envelope.confirmation_number}) was {outcome}."
    )
    if filing.review_reason:
        body += f" Reason: {filing.review_reason}"
    _filer_told(
        envelope,
        subject=f"{filing.filing_code.name} {outcome}"
        + (f" in {case.number}" if case and case.number else ""),
        body=body,
        entry=entry,
    )


def review_webhook(event: DomainEvent) -> None:
    """NotifyFilingReviewComplete to the filer's systems (efiling.service.webhooks)."""
    review_completed(filing=event.filing)


def entry_docketed(event: DomainEvent) -> None:
    """Everyone who receives the case's notices, and those tracking it when the entry is
    public, except the filer of an accepted filing, who was told in the review's notice."""
    entry = event.entry
    case = entry.case
    told = set()
    if entry.filing_id:
        envelope = entry.filing.envelope
        told = {envelope.signer_id, envelope.prepared_by_id}
    notices_record(
        recipients=[u for u in case_news_recipients(case, entry=entry) if u.pk not in told],
        kind=Notice.Kind.DOCKET_ENTRY,
        case=case,
        subject=f"{case.number}: docket entry {entry.number}",
        body=entry.text,
        entry=entry,
    )


def fee_waiver_decided(event: DomainEvent) -> None:
    envelope = event.envelope
    decision = envelope.fee_waiver_decision
    if decision == "granted":
        body = "No filing fee is charged."
    else:
        body = (
            f"Reason: {event.reason} Pay the fees ({format_money(envelope.fee_total_cents)}) "
            "from the payment account on the filing's receipt page, or withdraw the filing."
        )
    _filer_told(
        envelope,
        subject=f"Fee waiver {decision}: {envelope.confirmation_number}",
        body=f"The fee waiver request (in forma pauperis) of envelope "
        f"{envelope.confirmation_number} was {decision}. {body}",
    )


def proposed_order_moved(event: DomainEvent) -> None:
    """The one who acts next: the judge (or the court's judges) when it waits for a
    signature; its preparer when another returned it, or signed a written one (counsel hear
    of an issued order anyway: order_issued)."""
    proposed, actor = event.proposed, event.actor
    case = proposed.case
    label, review = proposed_order_label(proposed), reverse("proposed-order", args=[proposed.pk])
    if proposed.status == ProposedOrder.Status.AWAITING_SIGNATURE:
        notices_record(
            recipients=judges_waited_for(proposed),
            kind=Notice.Kind.ORDER,
            case=case,
            subject=f"{case.number}: {label} waiting for your signature",
            body=f"{one_line(proposed.prepared_by.get_full_name())} submitted a {label} for "
            f"signature in {case.number}: {proposed.title}.",
            link=review,
        )
        return
    if proposed.prepared_by_id == actor.pk:
        return
    returned = proposed.status == ProposedOrder.Status.RETURNED
    if returned or not proposed.filed_document_id:
        by_court = proposed.prepared_by.role in (Role.CLERK, Role.JUDGE)
        notices_record(
            recipients=[proposed.prepared_by],
            kind=Notice.Kind.ORDER,
            case=case,
            subject=f"{case.number}: {label} "
            + ("returned" if returned else "signed and issued")
            + f" by Judge {one_line(actor.get_full_name())}",
            body=(f"Note: {event.note}" if returned else f"Issued: {proposed.title}."),
            link=review if by_court else "",
        )


def order_issued(event: DomainEvent) -> None:
    """An order or judgment entered: everyone told of the case's news (case_news_recipients:
    those tracking it too, when the entry is public)."""
    order = event.order
    entry, case = order.docket_entry, order.case
    judgment = order.kind == CourtOrder.Kind.JUDGMENT
    notices_record(
        recipients=case_news_recipients(case, entry=entry),
        kind=Notice.Kind.JUDGMENT if judgment else Notice.Kind.ORDER,
        case=case,
        subject=(
            f"{case.number}: {order.get_kind_display().lower()} entered "
            f"(docket entry {entry.number})"
        ),
        body=entry.text,
        entry=entry,
    )


def security_level_changed(event: DomainEvent) -> None:
    """A case or entry made confidential or sealed: the notices about it withhold its text."""
    notices_withhold(case=event.case, entry=event.entry)


# -------------------------------------------------------- planned maintenance (availability)


def _maintenance_noticed(event: DomainEvent, *, subject: str, lead: str) -> None:
    """Every active registered user with a confirmed address is told of a window posted or
    cancelled (the seed: planned maintenance is announced to users)."""
    window = event.window
    body = (
        f"{lead} {window_words(window)}, in {window_courts_words(window)}: "
        f"{window_functions_words(window)}.\n\n{window.message}"
    )
    if window.emergency:
        body += f"\n\nEmergency maintenance: {window.emergency_reason}"
    users = User.objects.filter(is_active=True, email_confirmed_at__isnull=False).order_by("pk")
    notices_record(recipients=users, kind=Notice.Kind.MAINTENANCE, subject=subject, body=body)


def _maintenance_notice(subject: str, lead: str):
    """The handler telling users of a window: the subject "<subject>: <the window's times>"."""

    def handle(event: DomainEvent) -> None:
        _maintenance_noticed(event, subject=f"{subject}: {window_words(event.window)}", lead=lead)

    return handle


# ------------------------------------------------------------- outages (availability incidents)


def _incident_noticed(event: DomainEvent, *, subject: str, lead: str) -> None:
    """The users of the courts an incident covers (recipients.court_users) are told it is
    opened or closed, linking to the status page. Once each: a recipient who already has this
    notice (same incident link and subject) is skipped, so that an event recorded again (a
    replayed import, a retried request) repeats none."""
    incident = event.incident
    body = (
        f"{lead} {incident_words(incident)}, in {window_courts_words(incident)}: "
        f"{window_functions_words(incident)}.\n\n{incident.description}"
    )
    if incident.ended_at is None:
        body += (
            "\n\nIf a filing of yours is due, keep a record of your attempts (Rule 103.06): "
            "the system records those it refuses, under My filing attempts."
        )
    link = f"{reverse('status')}#incident-{incident.pk}"
    told = Notice.objects.filter(kind=Notice.Kind.INCIDENT, link=link, subject=subject[:200])
    users = court_users(courts=incident.courts.all(), all_courts=incident.all_courts).exclude(
        pk__in=told.values("recipient")
    )
    notices_record(
        recipients=users, kind=Notice.Kind.INCIDENT, subject=subject, body=body, link=link
    )


def _incident_notice(subject: str, lead: str):
    """The handler telling users of an incident: "<subject>: <the incident's times>"."""

    def handle(event: DomainEvent) -> None:
        _incident_noticed(event, subject=f"{subject}: {incident_words(event.incident)}", lead=lead)

    return handle


HANDLERS = {
    "availability.maintenance_posted": [
        _maintenance_notice("Planned maintenance", "The system will be under maintenance")
    ],
    "availability.maintenance_cancelled": [
        _maintenance_notice(
            "Maintenance cancelled",
            "The maintenance announced is cancelled, the system works as usual",
        )
    ],
    "availability.maintenance_ended_early": [
        _maintenance_notice(
            "Maintenance ended early",
            "The system works as usual again: the maintenance ended early. It ran",
        )
    ],
    "availability.incident_opened": [
        _incident_notice("Outage", "The system is not working as it should")
    ],
    "availability.incident_closed": [
        _incident_notice(
            "Outage over", "The outage is over, the system works as usual again; it lasted"
        )
    ],
    # Service records and "filing served" notices (serving.py).
    "filings.envelope_submitted": [serve_filing],
    "filings.envelope_served": [serve_filing],  # served, not filed: decision 0014
    "docket.named_case_linked": [serve_filing],  # a case named by number only: decision 0016
    "docket.filing_rejected": [served_filing_rejected],
    "filings.envelope_withdrawn": [served_filing_withdrawn],
    # Deadline reminders to counsel of record (deadline_notices.py).
    "scheduling.deadline_approaching": [deadline_notices.deadline_approaching],
    "scheduling.deadline_passed": [deadline_notices.deadline_passed],
    "cases.pro_hac_vice_admitted": [pro_hac_vice_admitted],
    "cases.pro_hac_vice_revoked": [pro_hac_vice_revoked],
    "cases.counsel_withdrawn": [counsel_withdrawn],
    "scheduling.hearing_set": [hearing_set],
    "scheduling.hearing_rescheduled": [hearing_rescheduled],
    "scheduling.hearing_cancelled": [hearing_cancelled],
    # An accepted petition's summonses (issue 14: efiling.service.summons).
    "docket.filing_reviewed": [filing_reviewed, review_webhook, summonses_prepare],
    "docket.entry_docketed": [entry_docketed],
    "docket.fee_waiver_decided": [fee_waiver_decided],
    "docket.proposed_order_moved": [proposed_order_moved],
    "docket.order_issued": [order_issued],
    "docket.security_level_changed": [security_level_changed],
}


def handlers_subscribe() -> None:
    """Subscribe every handler above to its kind (efiling.core.events.subscribe), in order."""
    for kind, handlers in HANDLERS.items():
        for handler in handlers:
            subscribe(kind, handler)
