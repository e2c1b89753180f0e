"""Ending or settling an envelope outside the clerk's review: paying the fees after the clerk
denied a fee waiver, cancelling (ECF CancelFiling) or withdrawing a submission, deleting a
draft. Each is one transaction that locks the envelope first (lock order,
docs/architecture.md)."""

from __future__ import annotations

from django.db import transaction

from efiling.accounts.models import User
from efiling.audit.services import audit_record
from efiling.core.court_writes import court_writes_check
from efiling.core.errors import Conflict
from efiling.core.events import event_record
from efiling.filings import storage
from efiling.filings.models import Document, Envelope, Status
from efiling.filings.services import envelope_lock
from efiling.filings.workflow import envelope_transition
from efiling.payments.services import payment_account_for, payment_provider


def envelope_fee_pay(*, envelope: Envelope, user: User, request=None) -> Envelope:
    """After the clerk denied the fee waiver: hold the envelope's fees from the signer's
    payment account, so that the clerk can accept it (charged then, as any fee). Raises
    Conflict when there is nothing to pay, ValidationFailed (insufficient_funds, naming the
    add-funds page) when the account is short."""
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        court_writes_check(envelope.court)
        if not envelope.awaits_fee_payment or envelope.status != Status.SUBMITTED:
            raise Conflict("There are no fees to pay on this envelope now.", code="nothing_to_pay")
        envelope.fee_hold = payment_provider().hold(
            account=payment_account_for(envelope.signer),
            amount_cents=envelope.fee_total_cents,
            reference=f"envelope {envelope.confirmation_number}",
            actor=user,
        )
        envelope.save(update_fields=["fee_hold"])
        audit_record(
            action="envelope.fees_paid",
            target=envelope,
            actor=user,
            request=request,
            details={"fees_cents": envelope.fee_total_cents, "signer": envelope.signer.email},
        )
    return envelope


def envelope_cancel(*, envelope: Envelope, user: User, request=None) -> Envelope:
    """ECF CancelFiling: before the clerk starts the review, or after the clerk returned it for
    correction (the filer withdraws it instead of correcting it) while nothing of it was
    accepted; the fee hold is released, and the "filings.envelope_withdrawn" event tells whoever
    it served. Conflict otherwise."""
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        court_writes_check(envelope.court)
        if envelope.status not in (Status.SUBMITTED, Status.RETURNED):
            raise Conflict(
                "Only a submitted envelope that the clerk has not started to review, or one "
                "returned for correction, can be cancelled (this one is "
                f"{Status(envelope.status).label.lower()}).",
                code="not_cancellable",
            )
        if envelope.filings.filter(status=Status.ACCEPTED).exists():
            raise Conflict(
                "Part of this envelope was accepted: correct and resubmit the filings that "
                "were returned, or ask the clerk's office.",
                code="not_cancellable",
            )
        if envelope.fee_hold_id:  # the payment account right after the envelope (lock order)
            payment_provider().release(hold=envelope.fee_hold, actor=user)
        envelope_transition(
            envelope=envelope,
            to=Status.CANCELLED,
            actor=user,
            request=request,
            reason="cancelled by the filer",
        )
        # The people it served are told (the service app): it will not be on the docket.
        event_record("filings.envelope_withdrawn", envelope=envelope, actor=user)
    return envelope


def draft_delete(*, envelope: Envelope, user: User, request=None) -> None:
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        court_writes_check(envelope.court)
        if envelope.status != Status.DRAFT:
            raise Conflict("Only a draft can be deleted; cancel a submitted envelope instead.")
        names = list(
            Document.objects.filter(filing__envelope=envelope).values_list(
                "storage_name", flat=True
            )
        )
        audit_record(action="envelope.draft_deleted", target=envelope, actor=user, request=request)
        envelope.delete()
        transaction.on_commit(lambda: storage.stored_files_discard(names))
