"""Documents in a draft envelope: checking an upload, storing and recording it, removing it.

An upload is opened with a real PDF library in a checker process (`document_check`, decision
0008) and refused, cleaned or warned about per docs/decisions/0003; `document_add` stores the
file kept and records its row in one short transaction that locks the envelope. Also: the
message a too-large upload gets (`refusal_message`), the shared checker pool (`checker_pool`),
a document of an envelope (`envelope_document`), removal and the redaction confirmation.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from efiling.accounts.models import User
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import NotFound, ValidationFailed
from efiling.core.scratch import scratch_folder
from efiling.core.text import clean_text, file_display_name, file_title
from efiling.courts.services import court_policy
from efiling.documents.isolated import CheckerFailed, CheckerPool, shared_pool
from efiling.documents.problems import problem
from efiling.documents.upload import check_upload
from efiling.filings import storage
from efiling.filings.models import Document, Envelope, Filing
from efiling.filings.services import _require_editable, envelope_lock
from efiling.filings.uploads import ReceivedFile, RefusedFile, upload_limits

logger = logging.getLogger(__name__)

TITLE_MAX = Document._meta.get_field("title").max_length
NAME_MAX = Document._meta.get_field("original_name").max_length


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def refusal_message(refused: RefusedFile) -> str:
    size = (
        f"{_megabytes(refused.size)} ({refused.size:,} bytes)"
        if refused.complete
        else f"more than {_megabytes(refused.size)}"
    )
    return (
        f"{refused.original_name or 'The file'} is {size}, over the {refused.limit_name} "
        f"({_megabytes(refused.limit)}, {refused.limit:,} bytes). Nothing was stored. "
        "Split it into smaller parts with the splitting tool, or reduce it."
    )


@dataclass
class DocumentCheck:
    path: Path  # the file to keep: the upload itself, or its cleaned copy
    page_count: int
    text_searchable: bool
    cleaned: bool
    notes: list[str]
    findings: list[dict]
    received_sha256: str  # of the file as received
    received_size: int

    @property
    def sha256(self) -> str:
        """The SHA-256 of the file to keep."""
        return storage.file_sha256(self.path) if self.cleaned else self.received_sha256


def checker_pool() -> CheckerPool:
    """This process's PDF checker processes, limited as the settings say (decision 0008)."""
    return shared_pool(
        size=settings.EFILING_PDF_CHECKERS,
        memory_bytes=settings.EFILING_PDF_CHECK_MEMORY_MB * 1024 * 1024,
        cpu_seconds=settings.EFILING_PDF_CHECK_CPU_SECONDS,
        timeout_seconds=settings.EFILING_PDF_CHECK_SECONDS,
        tasks_per_checker=settings.EFILING_PDF_CHECKS_PER_PROCESS,
    )


def pdf_refusal(name: str, failure: CheckerFailed) -> str:
    """What the filer reads when checking their file took more than a checker allows (it ran
    out of memory or time, or its process died); the operators' log says which."""
    logger.warning("PDF check of %s stopped: %s", name, failure.reason)
    return f"{name}: {problem('too_much_work').message} Nothing was stored."


def document_check(
    *,
    path: Path,
    name: str,
    policy,
    public: bool,
    workdir: Path,
    court_made: bool = False,
    field: str = "file",
    sha256: str = "",
) -> DocumentCheck:
    """Open the upload with a real PDF library; refuse, clean or warn per docs/decisions/0003,
    within the court's page limit (`policy.maximum_page_count`). `sha256` is the upload's own,
    when the caller has it already (the upload handler computes it as the file streams).

    The check runs in a checker process (documents/upload.py in isolated.py's pool, decision
    0008): a file that takes more memory or time than a checker allows is refused
    (ValidationFailed, "too_much_work"), and this process only waits.

    A PDF the court makes itself (a scan of paper, an order) needs no text layer and gets no
    redaction check: those rules bind filers (Rule 55.025). When the check runs, what the
    earlier versions of the file and the content no page showed held (both removed in
    cleaning) becomes a note: the court does not keep them, but the filer's source file does."""
    name = name or "The file"
    cleaned = workdir / "cleaned.pdf"
    try:
        result = checker_pool().run(
            check_upload,
            source=str(path),
            cleaned_path=str(cleaned),
            max_pages=policy.maximum_page_count,
            redaction=public and policy.redaction_check and not court_made,
        )
    except CheckerFailed as failure:
        raise ValidationFailed(pdf_refusal(name, failure), field=field) from None
    if result["refusals"]:
        reasons = " ".join(result["refusals"])
        raise ValidationFailed(f"{name}: {reasons} Nothing was stored.", field=field)
    if result["cleaning_failed"]:
        raise ValidationFailed(
            f"{name}: the file could not be cleaned safely. Nothing was stored.", field=field
        )
    if not result["text_searchable"] and policy.text_searchable_required and not court_made:
        raise ValidationFailed(
            f"{name} has no text layer, and this court requires text-searchable PDFs. "
            "Save it from the original program as PDF, or run text recognition (OCR). "
            "Nothing was stored.",
            field=field,
        )
    return DocumentCheck(
        path=cleaned if result["cleaned"] else path,
        page_count=result["page_count"],
        text_searchable=result["text_searchable"],
        cleaned=result["cleaned"],
        notes=result["notes"],
        findings=result["findings"],
        received_sha256=sha256 or storage.file_sha256(path),
        received_size=path.stat().st_size,
    )


SERVED_SHEET = (
    "A confidential information sheet goes with a filing to the court (Rule 55.025), not to "
    "the people served: leave it out of documents you serve."
)


def document_kinds(envelope: Envelope) -> list[tuple[str, str]]:
    """The kinds of document `envelope` may hold, as (value, label) in Document.Kind's order:
    all of them, less the confidential information sheet for a serve-only envelope (it goes
    with filings to the court, Rule 55.025; decision 0014)."""
    return [
        (value, label)
        for value, label in Document.Kind.choices
        if not (envelope.serve_only and value == Document.Kind.CONFIDENTIAL_SHEET)
    ]


def document_add(
    *,
    envelope: Envelope,
    user: User,
    filing: Filing,
    kind: str,
    title: str,
    received: ReceivedFile,
    request=None,
    in_transaction: Callable[[Document], None] | None = None,
) -> Document:
    """Check, store (flushed) and record one uploaded document; on any refusal nothing is kept
    (the received file is discarded whatever happens, unless it was received straight into
    the store and is kept as it is: then the row takes it over, and a failure leaves it to
    storage.stored_files_discard). `in_transaction(document)`
    runs inside the short transaction that records the row, before its audit event (the API
    records its Idempotency-Key answer there, so that both commit or neither); whatever it
    raises undoes the upload. Raises ValidationFailed (field kind: unknown, a second lead
    document, a confidential sheet in a serve-only envelope; field file or title), NotFound,
    Conflict (not editable)."""
    workdir = stored = None
    try:
        if kind not in Document.Kind.values:
            raise ValidationFailed(
                "Choose what the document is: lead document, attachment or confidential sheet.",
                field="kind",
            )
        if filing.envelope_id != envelope.pk:
            raise NotFound("There is no such filing in this envelope.")
        if kind not in dict(document_kinds(envelope)):
            raise ValidationFailed(SERVED_SHEET, field="kind")
        _require_editable(envelope)
        if kind == Document.Kind.LEAD and filing.documents.filter(kind=Document.Kind.LEAD).exists():
            raise ValidationFailed(
                "This filing already has its lead document; add this one as an attachment.",
                field="kind",
            )
        title = clean_text(title or "", field="title", max_length=TITLE_MAX) or file_title(
            received.original_name, max_length=TITLE_MAX
        )
        policy = court_policy(court=envelope.court)
        workdir = scratch_folder(prefix="efiling-doc-")
        check = document_check(
            path=received.path,
            name=received.original_name,
            policy=policy,
            public=kind != Document.Kind.CONFIDENTIAL_SHEET,
            workdir=workdir,
            sha256=received.sha256,
        )
        final = check.path
        size = final.stat().st_size
        sha256 = check.sha256
        max_file, room = upload_limits(envelope)
        if size > max_file or size > room:
            limit = min(max_file, room)
            raise ValidationFailed(
                refusal_message(RefusedFile(received.original_name, size, limit, "limit")),
                field="file",
            )
        if check.cleaned or not received.stored_name:
            stored = storage.document_store(source=final)
        else:  # received straight into the store: kept where it is, not copied
            stored = received.adopt()
        with transaction.atomic():
            locked = envelope_lock(envelope)
            _require_editable(locked)
            _, room = upload_limits(locked)
            if size > room:
                raise ValidationFailed(
                    "The submission limit was reached while this file was uploading. "
                    "Nothing was stored.",
                    field="file",
                )
            position = (filing.documents.aggregate(m=Max("position"))["m"] or 0) + 1
            document = Document.objects.create(
                filing=filing,
                kind=kind,
                position=position,
                title=title,
                original_name=file_display_name(received.original_name, max_length=NAME_MAX),
                storage_name=stored,
                size=size,
                sha256=sha256,
                received_size=check.received_size,
                received_sha256=check.received_sha256,
                page_count=check.page_count,
                text_searchable=check.text_searchable,
                cleaned=check.cleaned,
                notes=check.notes,
                redaction_findings=check.findings,
                uploaded_by=user,
                uploaded_at=clock.now(),
            )
            if in_transaction is not None:
                in_transaction(document)
            audit_record(
                action="document.uploaded",
                target=document,
                actor=user,
                request=request,
                details={
                    "sha256": sha256,
                    "received_sha256": check.received_sha256,
                    "size": size,
                    "pages": check.page_count,
                    "cleaned": check.cleaned,
                },
            )
        return document
    except BaseException as failure:
        # Deleted only when no row can own it: a COMMIT that raised may have committed.
        storage.stored_files_discard([stored] if stored else [], failure=failure)
        raise
    finally:
        received.discard()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def envelope_document(*, envelope: Envelope, document_id: int) -> Document:
    """A document of the envelope (with its filing), or NotFound."""
    document = (
        Document.objects.select_related("filing__filing_code")
        .filter(pk=document_id, filing__envelope=envelope)
        .first()
    )
    if document is None:
        raise NotFound("There is no such document in this envelope.")
    return document


def document_remove(*, envelope: Envelope, user: User, document_id: int, request=None) -> None:
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        _require_editable(envelope)
        document = envelope_document(envelope=envelope, document_id=document_id)
        name = document.storage_name
        audit_record(action="document.removed", target=document, actor=user, request=request)
        document.delete()
        transaction.on_commit(lambda: storage.stored_files_discard([name]))


def redaction_confirm(*, envelope: Envelope, user: User, document_id: int, request=None) -> None:
    """The filer confirms that what the check flagged is not sensitive, or is redacted."""
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        _require_editable(envelope)
        updated = Document.objects.filter(pk=document_id, filing__envelope=envelope).update(
            redaction_confirmed=True
        )
        if not updated:
            raise NotFound("There is no such document in this envelope.")
        audit_record(
            action="document.redaction_confirmed",
            object_type="filings.document",
            object_id=str(document_id),
            actor=user,
            request=request,
        )
