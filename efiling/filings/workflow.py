"""The ONLY writer of envelope and filing statuses: a table of allowed transitions and one
function that applies them, records the history row and the audit event in the same
transaction, and derives the envelope's status from its filings after review.

A serve-only envelope (discovery, decision 0014) goes from draft straight to served, its
final status, with its filings; no other envelope can become served, and a serve-only one can
never be submitted to the court."""

from __future__ import annotations

from django.db import transaction

from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import Conflict
from efiling.filings.models import Envelope, Filing, Status, StatusChange

S = Status
FILING_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.SERVED},
    S.SUBMITTED: {S.UNDER_REVIEW, S.CANCELLED, S.ACCEPTED, S.REJECTED, S.RETURNED},
    S.UNDER_REVIEW: {S.ACCEPTED, S.REJECTED, S.RETURNED, S.SUBMITTED},
    S.RETURNED: {S.SUBMITTED, S.CANCELLED},
    S.ACCEPTED: set(),
    S.REJECTED: set(),
    S.CANCELLED: set(),
    S.SERVED: set(),
}
ENVELOPE_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.SERVED},
    S.SUBMITTED: {
        S.UNDER_REVIEW,
        S.CANCELLED,
        S.ACCEPTED,
        S.PARTIALLY_ACCEPTED,
        S.REJECTED,
        S.RETURNED,
    },
    S.UNDER_REVIEW: {S.ACCEPTED, S.PARTIALLY_ACCEPTED, S.REJECTED, S.RETURNED, S.SUBMITTED},
    S.RETURNED: {S.SUBMITTED, S.CANCELLED, S.ACCEPTED, S.PARTIALLY_ACCEPTED, S.REJECTED},
    S.ACCEPTED: set(),
    S.PARTIALLY_ACCEPTED: set(),
    S.REJECTED: set(),
    S.CANCELLED: set(),
    S.SERVED: set(),
}
FINAL = {S.ACCEPTED, S.PARTIALLY_ACCEPTED, S.REJECTED, S.CANCELLED, S.SERVED}

CANNOT = {
    S.CANCELLED: (
        "Only a submitted filing that the clerk has not started to review can be cancelled."
    ),
    S.SUBMITTED: "Only a draft or a filing returned for correction can be submitted.",
    S.SERVED: "Only a draft of documents to serve (not to file) can be served.",
}


def _refuse(current: str, target: str) -> Conflict:
    message = CANNOT.get(target) or (
        f"A filing that is {Status(current).label.lower()} "
        f"cannot become {Status(target).label.lower()}."
    )
    return Conflict(
        f"{message} (It is {Status(current).label.lower()}.)", code="invalid_transition"
    )


def _apply(
    obj,
    table,
    target: str,
    *,
    envelope: Envelope,
    filing: Filing | None,
    actor,
    reason: str,
    request,
):
    if target not in table[obj.status] or (target == S.SERVED) != envelope.serve_only:
        raise _refuse(obj.status, target)
    previous, now = obj.status, clock.now()
    obj.status, obj.status_changed_at = target, now
    obj.save(update_fields=["status", "status_changed_at"])
    StatusChange.objects.create(
        envelope=envelope,
        filing=filing,
        from_status=previous,
        to_status=target,
        actor=actor,
        at=now,
        reason=reason,
    )
    audit_record(
        action=f"{obj._meta.model_name}.status_changed",
        target=obj,
        actor=actor,
        request=request,
        details={"from": previous, "to": target, "reason": reason},
    )


def envelope_transition(
    *, envelope: Envelope, to: str, actor=None, reason: str = "", request=None
) -> Envelope:
    """Move an envelope and every filing in it that can follow (submit, start review, cancel,
    correct). The caller holds the envelope row lock (select_for_update)."""
    with transaction.atomic():
        _apply(
            envelope,
            ENVELOPE_TRANSITIONS,
            to,
            envelope=envelope,
            filing=None,
            actor=actor,
            reason=reason,
            request=request,
        )
        for filing in envelope.filings.all():
            if to in FILING_TRANSITIONS[filing.status]:
                _apply(
                    filing,
                    FILING_TRANSITIONS,
                    to,
                    envelope=envelope,
                    filing=filing,
                    actor=actor,
                    reason=reason,
                    request=request,
                )
    return envelope


def filing_transition(
    *, filing: Filing, to: str, actor=None, reason: str = "", request=None
) -> Filing:
    """Review one filing (accept, reject, return); the envelope follows once every filing in it
    is decided: accepted, partly accepted, rejected, or returned while any is returned."""
    envelope = filing.envelope
    with transaction.atomic():
        _apply(
            filing,
            FILING_TRANSITIONS,
            to,
            envelope=envelope,
            filing=filing,
            actor=actor,
            reason=reason,
            request=request,
        )
        statuses = set(envelope.filings.values_list("status", flat=True))
        if statuses & {S.SUBMITTED, S.UNDER_REVIEW}:
            return filing
        if S.RETURNED in statuses:
            derived = S.RETURNED
        elif statuses <= {S.ACCEPTED}:
            derived = S.ACCEPTED
        elif S.ACCEPTED in statuses:
            derived = S.PARTIALLY_ACCEPTED
        else:
            derived = S.REJECTED
        if derived != envelope.status:
            _apply(
                envelope,
                ENVELOPE_TRANSITIONS,
                derived,
                envelope=envelope,
                filing=None,
                actor=actor,
                reason=reason,
                request=request,
            )
    return filing
