"""Records of filing attempts (Rule 103.06): every submission that does not end in a receipt,
and every one whose answer was lost, is kept with a reference the filer is shown at once.

`attempt_record` writes one FilingAttempt outside any transaction of the failed request (the
callers, efiling.filings.attempts and the API's submission operations, call it after the
request's transaction rolled back). When the database does not answer, the attempt goes to the
local journal "filing-attempts" (efiling.core.journal: appended and fsynced before the filer
is answered) with its reference already made, and `attempts_journal_import` copies it into the
database once it answers again: at the next attempt recorded in the database, when a filer
lists their attempts (page and API), and every five minutes from the housekeeping
(`efiling import_attempts`). The import is idempotent on the reference.

A reference is "FA-" and eight characters of Crockford's base32 in two groups of four
("FA-7K3M-Q9XD"): random, so that it is made without the database (the journal path) and
tells nothing of how many attempts there were; no I, L, O or U to misread. Not gapless.

Lower than filings (docs/architecture.md): an attempt names its user, court, case number and
envelope by ids and strings, never by the filings app's models."""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction

from efiling.availability.models import FilingAttempt
from efiling.core import clock
from efiling.core.journal import journal_append, journal_import, journal_pending

logger = logging.getLogger("efiling.availability.attempts")

JOURNAL = "filing-attempts"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
MESSAGE_MAX = FilingAttempt._meta.get_field("what_went_wrong").max_length
Kind = FilingAttempt.Kind

# What went wrong, in the filer's words, for the kinds whose error message is not theirs.
WORDS = {
    Kind.SERVER_ERROR: (
        "The system failed while receiving the submission (a server error). Nothing was filed."
    ),
    Kind.DATABASE_DOWN: (
        "The system's database did not answer, so the submission could not be received. "
        "Nothing was filed."
    ),
}


def reference_new() -> str:
    """A new reference such as "FA-7K3M-Q9XD": "FA-", then eight characters of ALPHABET in two
    groups of four (random, made without the database)."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"FA-{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class Attempt:
    """What is known of an attempt when it fails (ids and strings only)."""

    user_id: int
    operation: str
    kind: str
    status_code: int
    what_went_wrong: str
    court_id: int | None = None
    case_number: str = ""
    envelope_public_id: str | None = None

    def fields(self, *, occurred_at: datetime) -> dict:
        return {
            "user_id": self.user_id,
            "operation": self.operation[:40],
            "kind": self.kind,
            "status_code": self.status_code,
            "what_went_wrong": (self.what_went_wrong or WORDS.get(self.kind, ""))[:MESSAGE_MAX],
            "court_id": self.court_id,
            "case_number": self.case_number[:40],
            "envelope_public_id": self.envelope_public_id,
            "occurred_at": occurred_at,
        }


def attempt_record(attempt: Attempt) -> str:
    """Keep `attempt` and return its reference: in the database (outside any transaction of
    the caller: call it after the failed request's transaction ended), or, when the database
    does not answer, in the local journal (fsynced before this returns). Raises OSError only
    when neither can be written (the filer is then told to keep their own record)."""
    occurred_at = clock.now()
    fields = attempt.fields(occurred_at=occurred_at)
    try:
        for _ in range(5):  # a reference already taken: another one
            reference = reference_new()
            try:
                with transaction.atomic():
                    FilingAttempt.objects.create(reference=reference, **fields)
                break
            except IntegrityError:
                continue
        attempts_journal_import_quietly()
        return reference
    except DatabaseError as exc:
        logger.warning("Filing attempt kept in the journal: the database failed (%s).", exc)
    reference = reference_new()
    entry = {**fields, "reference": reference, "occurred_at": occurred_at.isoformat()}
    journal_append(JOURNAL, entry)
    return reference


def _entry_import(entry: dict) -> None:
    """One journal entry as a FilingAttempt (idempotent on its reference)."""
    fields = {
        name: entry.get(name)
        for name in (
            "user_id",
            "operation",
            "kind",
            "status_code",
            "what_went_wrong",
            "court_id",
            "case_number",
            "envelope_public_id",
        )
    }
    fields["occurred_at"] = datetime.fromisoformat(entry["occurred_at"])
    if fields["envelope_public_id"]:
        fields["envelope_public_id"] = uuid.UUID(str(fields["envelope_public_id"]))
    FilingAttempt.objects.get_or_create(
        reference=entry["reference"], defaults={**fields, "journaled": True}
    )


def attempts_journal_import() -> int:
    """Copy the journal's attempts not yet imported into the database; how many were handed
    (DatabaseError while the database is still down: they stay in the journal)."""
    return journal_import(JOURNAL, _entry_import)


def attempts_journal_import_quietly() -> None:
    """attempts_journal_import when the journal has entries waiting; a failure is logged, never
    raised (the caller's answer does not depend on it)."""
    try:
        if journal_pending(JOURNAL):
            count = attempts_journal_import()
            logger.info("Imported %d filing attempts from the journal.", count)
    except (DatabaseError, OSError, ValueError, KeyError) as exc:
        logger.warning("Filing attempts stay in the journal for now (%s).", exc)


def attempts_of(user):
    """`user`'s filing attempts, latest first (a queryset; courts joined). Imports the journal
    first, so that a filer sees the attempts an outage stopped as soon as it is over."""
    attempts_journal_import_quietly()
    return FilingAttempt.objects.filter(user=user).select_related("court")


def attempts_between(user, start: datetime, end: datetime):
    """`user`'s attempts from `start` (included) to `end` (excluded), oldest first."""
    return (
        attempts_of(user)
        .filter(occurred_at__gte=start, occurred_at__lt=end)
        .order_by("occurred_at", "pk")
    )


def attempt_local_time(attempt: FilingAttempt) -> datetime:
    """The attempt's time in its court's zone (the default zone when no court is known)."""
    zone = attempt.court.time_zone if attempt.court_id else settings.EFILING_DEFAULT_TIME_ZONE
    return clock.to_local(attempt.occurred_at, zone)
