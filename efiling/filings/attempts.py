"""Submissions that do not end in a receipt are recorded as filing attempts (Rule 103.06,
efiling.availability.attempts): `submission_attempted` wraps the act that files (the wizard's
review page, the API's ReviewFiling and ServeFiling) and records, with the envelope's court and
case when they can be read:
- a refusal (DomainError, 4xx): its message is what went wrong;
- planned maintenance (Unavailable, 503): its message names the window's end;
- a database that did not answer (503): written to the local journal, imported later;
- any other exception (500): "a server error".
A refusal is recorded only for an envelope of the user's (one they may see): a request for
another's envelope, or by someone who cannot file, is no filing attempt of theirs (and a hidden
envelope's answer stays the same as a missing one's: no reference in either).
The reference is set on the exception (`attempt_reference`), which the error answers show:
the API's error body as "attempt_reference" (core.errors.error_body, the 500 and 503 answers),
the pages as a line under the message. The exception then goes on as before.

`lost_response_record` records a retry that found the first answer already given (the answer
was lost on its way): the submission went through, and the record says so."""

from __future__ import annotations

import functools
import logging

from efiling.availability.attempts import Attempt, attempt_record
from efiling.availability.models import FilingAttempt
from efiling.core.database_outage import DATABASE_ERRORS
from efiling.core.errors import Refusal
from efiling.filings.services import envelopes_visible_to

logger = logging.getLogger("efiling.filings.attempts")
Kind = FilingAttempt.Kind


def _envelope_facts(user, envelope_id) -> dict:
    """The court, case number and envelope id of the user's envelope `envelope_id`: {} for
    one that is not theirs (nothing of another's envelope is recorded), or when the database
    does not answer (then only the id given)."""
    if envelope_id is None:
        return {}
    facts = {"envelope_public_id": str(envelope_id)}
    try:
        row = (
            envelopes_visible_to(user)
            .filter(public_id=envelope_id)
            .values("court_id", "case_number", "case__number")
            .first()
        )
    except DATABASE_ERRORS:
        return facts
    if row is None:
        return facts
    case_number = row["case__number"] or row["case_number"] or ""
    return {**facts, "court_id": row["court_id"], "case_number": case_number}


def _kind_of(exc: BaseException) -> tuple[str, int, str]:
    if isinstance(exc, Refusal):
        kind = Kind.MAINTENANCE if exc.code == "maintenance" else Kind.REFUSED
        return kind, exc.status, exc.message
    if isinstance(exc, DATABASE_ERRORS):
        return Kind.DATABASE_DOWN, 503, ""
    return Kind.SERVER_ERROR, 500, ""


def failed_attempt_record(*, user, operation: str, envelope_id, exc: BaseException) -> None:
    """Record the attempt `exc` stopped and set its reference on `exc` (attempt_reference).
    Never raises: a record that cannot be kept anywhere is logged, and the filer's answer
    goes on without a reference."""
    if user is None or not getattr(user, "is_authenticated", False):
        return  # nobody to record it for: the request failed before its user was known
    kind, status, message = _kind_of(exc)
    try:
        facts = _envelope_facts(user, envelope_id)
        if kind == Kind.REFUSED and "court_id" not in facts:
            return  # not an envelope of theirs (or no filer): no filing attempt of theirs
        exc.attempt_reference = attempt_record(
            Attempt(
                user_id=user.pk,
                operation=operation,
                kind=kind,
                status_code=status,
                what_went_wrong=message,
                **facts,
            )
        )
    except Exception:
        logger.exception("A failed filing attempt of user %s could not be recorded.", user.pk)


def lost_response_record(*, user, operation: str, envelope_id, confirmation: str) -> str:
    """Record that a retry found the submission already made (its first answer was lost);
    returns the reference."""
    done = f" (confirmation number {confirmation})" if confirmation else ""
    return attempt_record(
        Attempt(
            user_id=user.pk,
            operation=operation,
            kind=Kind.LOST_RESPONSE,
            status_code=200,
            what_went_wrong=(
                "The answer to the submission was lost on its way. A retry with the same "
                f"Idempotency-Key fetched it: the submission had been received{done}."
            ),
            **_envelope_facts(user, envelope_id),
        )
    )


def submission_attempted(operation: str):
    """Decorates a view or an API handler that submits (its `envelope_id` or `public_id`
    keyword names the envelope): any exception a POST raises is recorded as a failed attempt
    of `request.user` (or the API's `request.auth`) before it goes on. An API handler that
    declares the temporal `response` and whose answer was a replay of the first one
    (idempotency: `request.efiling_replayed`) records the lost answer and names its
    reference in the header Attempt-Reference."""

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return handler(request, *args, **kwargs)
            try:
                answer = handler(request, *args, **kwargs)
            except Exception as exc:
                user = getattr(request, "auth", None) or getattr(request, "user", None)
                envelope_id = kwargs.get("envelope_id") or kwargs.get("public_id")
                failed_attempt_record(
                    user=user, operation=operation, envelope_id=envelope_id, exc=exc
                )
                raise
            if getattr(request, "efiling_replayed", False) and "response" in kwargs:
                body = answer[1] if isinstance(answer, tuple) else answer
                reference = lost_response_record(
                    user=request.auth,
                    operation=operation,
                    envelope_id=kwargs.get("envelope_id"),
                    confirmation=(body or {}).get("confirmation_number") or "",
                )
                kwargs["response"]["Attempt-Reference"] = reference
            return answer

        return wrapper

    return decorate
