"""File-stamping docket entries in the background, so that no web request does work that grows
with a document (issue 9).

The transaction that records a docket entry with documents (an acceptance, a paper filing, an
order) calls `stamping_schedule`: the entry is marked "stamped copy being prepared" and
`stamp_docket_entry` is enqueued with its id once the transaction commits. Until the stamped
copies exist, every reader gets the original as filed.

One attempt (`docket_entry_stamp`) works outside any transaction: each original is copied to a
scratch folder, stamped (case number, docket number and filed time, all fixed when the entry
was recorded) and the stamped copy stored; then one short transaction records the stamped names
and SHA-256 and marks the entry stamped (audited). A failed attempt is retried with backoff
(30 s, 2 min, 8 min, 32 min) where the task backend defers; a failure for good (a PDF that
cannot be rewritten, or MAX_ATTEMPTS failures) marks the entry "stamp failed" with the reason in
the clerk's words, keeps the originals readable, and puts the entry on the court's list of
docket entries to mend, where a clerk tries again once the cause is fixed (audited).

Running an attempt twice, or a stale task for an entry already stamped, does no harm: only a
pending entry is stamped, the recording transaction checks that again under the entry's row
lock, and stamped files that no row will own are deleted at once (their names were never
written anywhere). A stamped file stored by an attempt whose recording transaction failed in
an unknown state is left for `efiling sweep_documents`. `stamping_resume` enqueues again the
attempts a stopped process lost.
"""

from __future__ import annotations

import logging
import shutil
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django_tasks import task

from efiling.accounts.models import User
from efiling.accounts.permissions import Action, require_write
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import Conflict, NotFound
from efiling.core.retries import RetrySchedule, attempt_again, overdue_resume
from efiling.core.scratch import scratch_dir
from efiling.docket.models import STAMP_PROBLEM_MAX, DocketEntry, StampState
from efiling.documents import stamp as stamping
from efiling.documents.isolated import CheckerError, CheckerFailed
from efiling.documents.stamp import ELECTRONICALLY_FILED, FILED_ON_PAPER
from efiling.filings import storage
from efiling.filings.documents import checker_pool
from efiling.filings.models import Document

logger = logging.getLogger(__name__)

RETRIES = RetrySchedule(max_attempts=5)  # waits of 30 s, 2 min, 8 min, 32 min
MAX_ATTEMPTS = RETRIES.max_attempts
RESUME_AFTER = timedelta(minutes=15)  # an attempt this overdue was lost: enqueue it again

# What an attempt came to (the task's result).
STAMPED, RETRY, FAILED, SKIPPED = "stamped", "retry", "failed", "skipped"


class _AttemptFailed(Exception):
    """One step of an attempt failed; `problem` says which, in the clerk's words."""

    def __init__(self, problem: str, *, for_good: bool):
        super().__init__(problem)
        self.problem = problem
        self.for_good = for_good


def stamp_label(entry: DocketEntry) -> str:
    """What the stamp says about how the entry was filed: a clerk's scan was filed on paper."""
    return FILED_ON_PAPER if entry.kind == DocketEntry.Kind.SCANNED else ELECTRONICALLY_FILED


def stamping_schedule(entry: DocketEntry) -> None:
    """Inside the transaction that puts documents on `entry`: mark it "stamped copy being
    prepared" and stamp it once the transaction commits (once per transaction)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Stamping is scheduled in the transaction that records the entry.")
    already = entry.stamp_state == StampState.PENDING
    now = clock.now()
    DocketEntry.objects.filter(pk=entry.pk).update(
        stamp_state=StampState.PENDING,
        stamp_attempts=0,
        stamp_next_attempt_at=now,
        stamp_problem="",
    )
    entry.stamp_state, entry.stamp_attempts = StampState.PENDING, 0
    entry.stamp_next_attempt_at, entry.stamp_problem = now, ""
    if not already:
        # robust: an enqueue that fails after the commit must not undo the recorded decision;
        # the entry stays pending and `stamping_resume` enqueues it again.
        transaction.on_commit(lambda pk=entry.pk: stamp_docket_entry.enqueue(pk), robust=True)


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:160]


def stamp_pdf(source: Path, target: Path, **words) -> int:
    """documents.stamp.stamp_pdf in a checker process (decision 0008): a file that takes more
    memory or time than a checker allows raises CheckerFailed, an exception the stamp raised
    comes back as CheckerError, and this worker only waits. Returns the page count."""
    return checker_pool().run(stamping.stamp_pdf, src=str(source), dst=str(target), **words)


def _stamped_copy(entry: DocketEntry, document: Document, workdir: Path) -> tuple[str, str]:
    """Stamp one document outside any transaction; (stored name, SHA-256) of the copy."""
    case = entry.case
    source, target = workdir / f"{document.pk}.pdf", workdir / f"{document.pk}-stamped.pdf"
    try:
        with storage.document_open(document.storage_name) as original, open(source, "wb") as copy:
            shutil.copyfileobj(original, copy)
    except Exception as exc:
        raise _AttemptFailed(
            f'The stored original of "{document.title}" could not be read ({_short(exc)}).',
            for_good=False,
        ) from exc
    try:
        stamp_pdf(
            source,
            target,
            court_name=case.court.name,
            filed_at_local=clock.to_local(entry.filed_at, case.court.time_zone),
            case_number=case.number,
            docket_number=entry.number,
            label=stamp_label(entry),
            title=document.title,
        )
    except (OSError, MemoryError) as exc:  # the server's disk or memory: may pass
        raise _AttemptFailed(
            f'"{document.title}" could not be stamped: the server ran short of room or memory '
            f"({_short(exc)}).",
            for_good=False,
        ) from exc
    except CheckerFailed as exc:  # past a checker's limits: a busy machine may explain time
        raise _AttemptFailed(
            f'"{document.title}" could not be stamped: its PDF took more memory or time than '
            f"the court's systems allow ({exc.reason}). The original stays readable on the "
            "entry.",
            for_good=exc.reason != "timeout",
        ) from exc
    except CheckerError as exc:
        if exc.transient:
            raise _AttemptFailed(
                f'"{document.title}" could not be stamped ({_short(exc)}).', for_good=False
            ) from exc
        raise _AttemptFailed(
            f'"{document.title}" cannot be file-stamped: its PDF cannot be rewritten '
            f"({_short(exc)}). The original stays readable on the entry. Ask the help desk to "
            "repair the stored PDF, then try stamping again.",
            for_good=True,
        ) from exc
    except Exception as exc:  # the PDF itself: trying again changes nothing
        raise _AttemptFailed(
            f'"{document.title}" cannot be file-stamped: its PDF cannot be rewritten '
            f"({_short(exc)}). The original stays readable on the entry. Ask the help desk to "
            "repair the stored PDF, then try stamping again.",
            for_good=True,
        ) from exc
    sha256 = storage.file_sha256(target)
    try:
        name = storage.document_store(source=target)
    except Exception as exc:
        raise _AttemptFailed(
            f'The stamped copy of "{document.title}" could not be saved in the document store '
            f"({_short(exc)}).",
            for_good=False,
        ) from exc
    source.unlink()
    target.unlink()
    return name, sha256


def _forget(names) -> None:
    """Delete stamped files this attempt stored and never recorded: no row refers to them."""
    for name in names:
        try:
            storage.document_delete(name)
        except Exception:
            logger.warning("Left %s for the sweep: it could not be deleted.", name)


def _locked_pending(entry_id: int) -> DocketEntry | None:
    """The entry, row-locked for the caller's transaction, if it still waits for stamping."""
    entry = DocketEntry.objects.select_for_update(no_key=True).filter(pk=entry_id).first()
    return entry if entry is not None and entry.stamp_state == StampState.PENDING else None


def _attempt_failed(entry_id: int, problem: str, *, for_good: bool) -> str:
    """Count a failed attempt: schedule the next one, or mark the entry failed for good."""
    with transaction.atomic():
        entry = _locked_pending(entry_id)
        if entry is None:
            return SKIPPED
        attempts = entry.stamp_attempts + 1
        if not for_good and attempts < MAX_ATTEMPTS:
            DocketEntry.objects.filter(pk=entry_id).update(
                stamp_attempts=attempts,
                stamp_next_attempt_at=RETRIES.next_at(attempts),
                stamp_problem=problem[:STAMP_PROBLEM_MAX],
            )
            return RETRY
        if not for_good:
            problem += f" Tried {attempts} times; once the cause is fixed, try stamping again."
        problem = problem[:STAMP_PROBLEM_MAX]
        DocketEntry.objects.filter(pk=entry_id).update(
            stamp_state=StampState.FAILED,
            stamp_attempts=attempts,
            stamp_next_attempt_at=None,
            stamp_problem=problem,
        )
        audit_record(
            action="docket_entry.stamp_failed",
            target=entry,
            details={"attempts": attempts, "problem": problem},
        )
    return FAILED


def _record(entry_id: int, made: dict[int, tuple[str, str]]) -> bool:
    """In one short transaction: the stamped copies' names and SHA-256, and the entry
    stamped. False (nothing written) when the entry no longer waits for these copies."""
    with transaction.atomic():
        entry = _locked_pending(entry_id)
        documents = set(
            Document.objects.filter(docket_entry_id=entry_id).values_list("pk", flat=True)
        )
        if entry is None or documents != set(made):
            return False
        for pk, (name, sha256) in made.items():
            Document.objects.filter(pk=pk).update(stamped_storage_name=name, stamped_sha256=sha256)
        DocketEntry.objects.filter(pk=entry_id).update(
            stamp_state=StampState.STAMPED,
            stamp_attempts=F("stamp_attempts") + 1,
            stamp_next_attempt_at=None,
            stamp_problem="",
        )
        audit_record(
            action="docket_entry.stamped",
            target=entry,
            details={
                "documents": [
                    {"document": pk, "stamped_sha256": sha256}
                    for pk, (_, sha256) in sorted(made.items())
                ],
                "attempt": entry.stamp_attempts + 1,
            },
        )
    return True


def docket_entry_stamp(*, entry_id: int) -> str:
    """One stamping attempt for a pending entry (see the module's text); returns what it came
    to: STAMPED, RETRY (a next attempt is due at the entry's stamp_next_attempt_at), FAILED
    (for good, on the list to mend) or SKIPPED (nothing to do: gone, stamped, failed)."""
    entry = DocketEntry.objects.select_related("case__court").filter(pk=entry_id).first()
    if entry is None or entry.stamp_state != StampState.PENDING:
        return SKIPPED
    made: dict[int, tuple[str, str]] = {}
    try:
        with scratch_dir(prefix="efiling-stamp-") as workdir:
            for document in entry.documents.order_by("filing_id", "position", "pk"):
                made[document.pk] = _stamped_copy(entry, document, workdir)
    except _AttemptFailed as failure:
        _forget(name for name, _ in made.values())
        return _attempt_failed(entry_id, failure.problem, for_good=failure.for_good)
    except BaseException:
        _forget(name for name, _ in made.values())
        raise
    try:
        recorded = _record(entry_id, made)
    except Exception as exc:
        # Whether it committed is unknown: the copies stay for the sweep, which deletes only
        # files no row owns; the entry is stamped again by the next attempt if it was not.
        logger.exception("Recording the stamped copies of docket entry %s failed", entry_id)
        return _attempt_failed(
            entry_id,
            f"The stamped copies could not be recorded in the database ({_short(exc)}).",
            for_good=False,
        )
    if not recorded:
        _forget(name for name, _ in made.values())
        return SKIPPED
    return STAMPED


@task()
def stamp_docket_entry(entry_id: int) -> str:
    """Make one stamping attempt; schedule the next one when it failed and attempts remain
    (with a backend that defers tasks; tests drive the attempts themselves)."""
    outcome = docket_entry_stamp(entry_id=entry_id)
    if outcome == RETRY:
        pending = DocketEntry.objects.filter(stamp_state=StampState.PENDING)
        attempt_again(stamp_docket_entry, pending, entry_id, field="stamp_next_attempt_at")
    return outcome


def stamping_resume(*, overdue: timedelta = RESUME_AFTER) -> list[int]:
    """Enqueue again the stamping of pending entries whose attempt is more than `overdue`
    late: the process that should have enqueued or run it stopped (between a commit and its
    enqueue, or mid-attempt). Returns their ids. A duplicate of a task still queued does no
    harm: the second run finds the entry stamped."""
    pending = DocketEntry.objects.filter(stamp_state=StampState.PENDING)
    return overdue_resume(
        pending, task=stamp_docket_entry, overdue=overdue, field="stamp_next_attempt_at"
    )


def entries_to_mend(*, court):
    """The court's docket entries whose stamping failed for good, oldest first."""
    return (
        DocketEntry.objects.filter(case__court=court, stamp_state=StampState.FAILED)
        .select_related("case")
        .order_by("created_at", "pk")
    )


def docket_entry_stamp_retry(*, clerk: User, entry: DocketEntry, request=None) -> DocketEntry:
    """Try stamping again an entry whose stamping failed for good, once the clerk fixed the
    cause: the attempts start over (audited). Conflict if it is not on the list to mend."""
    require_write(clerk, Action.MANAGE_DOCKET, court=entry.case.court)
    with transaction.atomic():
        locked = (
            DocketEntry.objects.select_for_update(no_key=True, of=("self",))
            .select_related("case")
            .filter(pk=entry.pk)
            .first()
        )
        if locked is None:
            raise NotFound("There is no such docket entry.")
        if locked.stamp_state != StampState.FAILED:
            now = "its stamped copy is being prepared"
            if locked.stamp_state == StampState.STAMPED:
                now = "it is stamped"
            elif locked.stamp_state == StampState.NONE:
                now = "it has no documents"
            raise Conflict(
                f"Docket entry {locked.number} in {locked.case.number} needs no mending: {now}.",
                code="not_failed",
            )
        problem = locked.stamp_problem
        stamping_schedule(locked)
        audit_record(
            action="docket_entry.stamp_retried",
            target=locked,
            actor=clerk,
            request=request,
            details={"problem": problem},
        )
    return locked
