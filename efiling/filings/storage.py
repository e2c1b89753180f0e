"""Storing documents: the file is written and flushed under a name the server makes before the
row that owns it is committed; `documents_sweep` removes files no row owns after a grace period
(an upload interrupted between the two steps).

When the transaction that was to record a stored file's row fails, `stored_files_discard` alone
decides whether the file goes: only when it is certain that no row owns it. A failure while
committing leaves the commit in doubt (a lost acknowledgement: the database may have committed),
so the file stays for the sweep, which asks the database once the outcome is settled.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError
from django.db.models import Q

from efiling.core import clock
from efiling.core.errors import DomainError
from efiling.core.text import content_disposition

ROOT = "documents"

logger = logging.getLogger(__name__)


class DocumentFileUnreadable(DomainError):
    """A document's row names a stored file the store cannot give (missing after a restore,
    a store that refuses): 410 in the reader's words, never a 500; the error is logged for the
    operators (`efiling verify_documents` lists every such file)."""

    status = 410
    code = "document_file_unreadable"


DOCUMENT_FILE_UNREADABLE = (
    "This document's file cannot be read now. The error has been logged for the system's "
    "operators; meanwhile the office of the clerk of the court can give you a copy."
)


def _document_name() -> str:
    now = clock.now()
    return f"{ROOT}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.pdf"


def document_store(*, source: Path) -> str:
    """Copy the local file `source` into the store under a new name the server makes, flushed
    (fsynced in a local folder); the stored name."""
    name = _document_name()
    with open(source, "rb") as handle:
        saved = default_storage.save(name, File(handle))
    if isinstance(default_storage, FileSystemStorage):
        with open(default_storage.path(saved), "rb") as handle:
            os.fsync(handle.fileno())
    return saved


def document_file_create() -> tuple[str, Path, int] | None:
    """A new empty file in the store under a name the server makes, for an upload to be
    written once, straight where it is kept: (stored name, its local path, an open descriptor
    for writing; the caller closes it). None when the store is not a local folder (the upload
    then goes to the temporary folder and `document_store` copies it). The file is the
    store's like any other: no row owns it until the caller's commits, and until then
    `documents_sweep` removes it once past the grace period."""
    if not isinstance(default_storage, FileSystemStorage):
        return None
    name = _document_name()
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    if default_storage.file_permissions_mode is not None:  # as the store's own save does
        os.fchmod(descriptor, default_storage.file_permissions_mode)
    return name, path, descriptor


def file_sha256(path: Path) -> str:
    """The SHA-256 of a local file, read in blocks (documents can be tens of megabytes)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def document_open(name: str):
    return default_storage.open(name, "rb")


def pdf_inline_response(handle, *, document_id: int):
    """The PDF open in `handle` (binary, closed by the response) shown inline as document
    `document_id`, sandboxed (the browser runs nothing in it)."""
    from django.http import FileResponse

    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"document-{document_id}.pdf")
    response["Content-Security-Policy"] = "sandbox"
    return response


def document_pdf_response(document, *, stamped: bool):
    """A document shown inline as PDF and sandboxed: the file-stamped version when asked for
    and made, else the original as filed. Every view that serves a stored document answers
    through this. DocumentFileUnreadable (410, logged as an error naming the document and the
    file) when the store cannot open the file."""
    name = (document.stamped_storage_name if stamped else "") or document.storage_name
    try:
        handle = document_open(name)
    except OSError as exc:  # FileNotFoundError from a folder and from S3 (django-storages)
        logger.error(
            "Document %s: its stored file %s cannot be read (%s: %s).",
            document.pk,
            name,
            type(exc).__name__,
            exc,
        )
        raise DocumentFileUnreadable(DOCUMENT_FILE_UNREADABLE) from exc
    return pdf_inline_response(handle, document_id=document.pk)


def document_delete(name: str) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)


def _walk(folder: str):
    folders, files = default_storage.listdir(folder)
    for file_name in files:
        yield f"{folder}/{file_name}"
    for sub in folders:
        yield from _walk(f"{folder}/{sub}")


def stored_file_owned(name: str) -> bool:
    """Whether any row owns a stored file: every model that stores files lists the fields that
    hold their names in `stored_file_fields` (documents, court orders, ...). Only a file no
    committed row owns may be deleted."""
    from django.apps import apps

    for model in apps.get_models():
        fields = getattr(model, "stored_file_fields", ())
        if fields:
            owned = Q()
            for field in fields:
                owned |= Q(**{field: name})
            if model.objects.filter(owned).exists():
                return True
    return False


def stored_files_discard(names: Iterable[str], *, failure: BaseException | None = None) -> None:
    """Delete stored files that no committed row owns, after `failure` stopped the transaction
    that was to record their rows (None: a change that dropped them has committed). A file is
    deleted only when that is certain; otherwise it stays for `documents_sweep`:
    - a database error (a COMMIT that raised after the database committed, a lost connection)
      or an interruption (SystemExit, KeyboardInterrupt) leaves the outcome in doubt: every
      file stays;
    - any other failure was raised before COMMIT was sent, or after it succeeded (a hook run
      on commit): the database is asked whether a row owns each file, and only files it says
      nobody owns are deleted; when it cannot be asked, or the store cannot delete, the file
      stays.
    Never raises: the caller's own outcome (its error, or its committed change) stands."""
    names = [name for name in names if name]
    if not names:
        return
    if failure is not None and (
        isinstance(failure, DatabaseError) or not isinstance(failure, Exception)
    ):
        logger.warning(
            "Left %s for the sweep: the transaction that records them ended in doubt (%s).",
            ", ".join(names),
            type(failure).__name__,
        )
        return
    for name in names:
        try:
            if not stored_file_owned(name):
                document_delete(name)
        except Exception as exc:
            logger.warning(
                "Left %s for the sweep: whether a row owns it could not be settled (%s).",
                name,
                type(exc).__name__,
            )


def documents_sweep(*, older_than: timedelta, delete: bool) -> list[str]:
    """Stored files that no row owns and that are older than the grace period (so an upload in
    progress is never touched). Deletes them when `delete` is true."""
    cutoff: datetime = clock.now() - older_than
    try:
        names = list(_walk(ROOT))
    except FileNotFoundError:  # a local folder before the first upload (S3 just lists nothing)
        return []
    strays = []
    for name in names:
        if default_storage.get_modified_time(name) > cutoff:
            continue
        if not stored_file_owned(name):
            strays.append(name)
            if delete:
                default_storage.delete(name)
    return strays
