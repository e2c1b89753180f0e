"""Serving a serve-only envelope (ECF ServeFiling; decision 0014): documents served on the
parties but not filed with the court, such as discovery.

Serving is one transaction, like a submission (efiling.filings.services.envelope_submit), and
takes the same path for service: a confirmation number, the service time (`submitted_at`, the
moment of service), the signature, the service list kept (`service_fix`), and an event the
service app turns into service records and notices ("filings.envelope_served"; a sibling of
"filings.envelope_submitted", so that no deadline is answered or set by it). It holds no fee,
goes to no clerk and onto no docket: the envelope and its filings become served, their final
status.
"""

from __future__ import annotations

from django.db import transaction

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import filers_acted_for
from efiling.audit.services import audit_record
from efiling.cases.access import case_require_filing
from efiling.core import clock
from efiling.core.court_writes import court_writes_check
from efiling.core.errors import Conflict, PermissionDenied, ValidationFailed
from efiling.core.events import event_record
from efiling.filings.models import Envelope, Filing, Status
from efiling.filings.serve_only import NOBODY_TO_SERVE, serve_only_case_require
from efiling.filings.service_list import service_fix, service_plan
from efiling.filings.services import (
    EDITABLE,
    confirmation_number_next,
    envelope_lock,
    envelope_problems,
    signature_check,
    submission_key,
    submission_key_claim,
    submission_key_unused,
)
from efiling.filings.workflow import envelope_transition


def envelope_serve(
    *, envelope: Envelope, user: User, idempotency_key: str, signature: str, request=None
) -> Envelope:
    """ECF ServeFiling: serve a serve-only envelope on the people its service list names, all
    or nothing. A retry with the same key returns the same envelope (and receipt); the same key
    on another envelope is refused.

    Raises Conflict (code "not_serve_only") for an envelope to be filed, Conflict (not a draft),
    NotFound when the signer no longer takes part in the case, PermissionDenied for a signer
    the user may not sign for, ValidationFailed for what stops it (envelope_problems, the
    signature, nobody at all to serve). Parties without a registered attorney stay on the list
    as served conventionally by the filer.

    Records the event "filings.envelope_served" with the facts envelope, actor (the user) and
    served (a tuple of the Users served electronically)."""
    key = submission_key(idempotency_key)
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        if envelope.idempotency_key == key and envelope.status == Status.SERVED:
            return envelope  # a retry of a service that went through
        submission_key_unused(envelope=envelope, user=user, key=key)
        if not envelope.serve_only:
            raise Conflict(
                "This envelope files documents with the court: submit it (API: ReviewFiling).",
                code="not_serve_only",
            )
        court_writes_check(envelope.court)
        if envelope.status not in EDITABLE:
            raise Conflict(
                f"These documents are {Status(envelope.status).label.lower()}: "
                "they cannot be served again.",
                code="not_editable",
            )
        if envelope.signer not in filers_acted_for(user):
            raise PermissionDenied(
                f"You cannot serve under {envelope.signer.get_full_name()}'s signature."
            )
        serve_only_case_require(
            signer=envelope.signer, case=envelope.case, number=envelope.case_number
        )
        case_require_filing(
            user=user,
            case=envelope.case,
            signer=envelope.signer if user.role == Role.STAFF else None,
        )
        problems = envelope_problems(envelope)
        if problems:
            raise ValidationFailed(" ".join(problems), code="incomplete")
        expected = signature_check(envelope, signature)
        if not service_plan(envelope):
            raise ValidationFailed(NOBODY_TO_SERVE, code="nobody_to_serve")
        submission_key_claim(envelope=envelope, key=key)
        envelope.confirmation_number = confirmation_number_next(envelope.court)
        envelope.submitted_at = clock.now()  # the time of service
        envelope.fee_total_cents = 0
        envelope.signature = expected
        envelope.signature_block = envelope.signer.signature_block
        Filing.objects.filter(envelope=envelope).update(fee_cents=0)
        served = service_fix(envelope)
        envelope.save(
            update_fields=[
                "confirmation_number",
                "submitted_at",
                "fee_total_cents",
                "signature",
                "signature_block",
                "service_at_submission",
            ]
        )
        envelope_transition(envelope=envelope, to=Status.SERVED, actor=user, request=request)
        audit_record(
            action="envelope.served",
            target=envelope,
            actor=user,
            request=request,
            details={
                "confirmation_number": envelope.confirmation_number,
                "signer": envelope.signer.email,
                "prepared_by": user.email,
                "served": [person.email for person in served],
            },
        )
        # The service app records the service and tells those served (efiling.service.serving).
        event_record("filings.envelope_served", envelope=envelope, actor=user, served=tuple(served))
    return envelope
