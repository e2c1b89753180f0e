"""Putting PDFs on a docket entry: each document is file-stamped into a new stored version (the
original is kept unchanged with its SHA-256) and belongs to the entry from then on. Used for
accepted filings, scanned paper filings and orders, so every docketed PDF is read the same way.

Call these inside the transaction that writes the entry; they return the names they stored, and
the caller deletes those if the transaction fails (a file nobody owns must not stay behind).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from efiling.core import clock
from efiling.core.errors import ValidationFailed
from efiling.docket.models import DocketEntry
from efiling.documents.stamp import ELECTRONICALLY_FILED, stamp_pdf
from efiling.filings import storage
from efiling.filings.models import Document

UPLOAD_UNSTAMPABLE = "The PDF could not be file-stamped; save it again as PDF and retry."


def _stamp(source: Path, target: Path, entry: DocketEntry, label: str, unstampable: str) -> int:
    """Stamp `source` into `target`; a PDF pikepdf cannot rewrite is refused with
    `unstampable`, in the words of whoever can fix it."""
    case = entry.case
    try:
        return stamp_pdf(
            source,
            target,
            court_name=case.court.name,
            filed_at_local=clock.to_local(entry.filed_at, case.court.time_zone),
            case_number=case.number,
            docket_number=entry.number,
            label=label,
        )
    except Exception as exc:
        raise ValidationFailed(unstampable, field="pdf") from exc


def documents_docket(
    documents: Iterable[Document], entry: DocketEntry, *, label: str = ELECTRONICALLY_FILED
) -> list[str]:
    """Stamp stored documents onto `entry`; returns the stamped files' names."""
    stored: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="efiling-stamp-"))
    try:
        for document in documents:
            source, target = workdir / f"{document.pk}.pdf", workdir / f"{document.pk}-stamped.pdf"
            with (
                storage.document_open(document.storage_name) as original,
                open(source, "wb") as copy,
            ):
                shutil.copyfileobj(original, copy)
            _stamp(
                source,
                target,
                entry,
                label,
                f"{document.title} could not be file-stamped: return the filing for correction "
                "so that the filer saves it again as PDF.",
            )
            name = storage.document_store(source=target)
            stored.append(name)
            Document.objects.filter(pk=document.pk).update(
                docket_entry=entry,
                stamped_storage_name=name,
                stamped_sha256=storage.file_sha256(target),
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return stored


def document_docket_new(
    *,
    entry: DocketEntry,
    source: Path,
    title: str,
    original_name: str,
    uploaded_by,
    text_searchable: bool,
    cleaned: bool = False,
    notes: Iterable[str] = (),
    label: str,
    stored: list[str],
) -> Document:
    """Store a PDF the court puts on the docket itself (a scan, an order) as the entry's
    document, stamped. Every name stored is appended to `stored` at once, so the caller can
    delete them all if anything later fails."""
    name = storage.document_store(source=source)
    stored.append(name)
    workdir = Path(tempfile.mkdtemp(prefix="efiling-stamp-"))
    try:
        target = workdir / "stamped.pdf"
        page_count = _stamp(source, target, entry, label, UPLOAD_UNSTAMPABLE)
        stamped_name = storage.document_store(source=target)
        stored.append(stamped_name)
        return Document.objects.create(
            docket_entry=entry,
            kind=Document.Kind.LEAD,
            position=1,
            title=title[:200],
            original_name=original_name[:255],
            storage_name=name,
            size=source.stat().st_size,
            sha256=storage.file_sha256(source),
            page_count=page_count,
            text_searchable=text_searchable,
            cleaned=cleaned,
            notes=list(notes),
            uploaded_by=uploaded_by,
            uploaded_at=clock.now(),
            stamped_storage_name=stamped_name,
            stamped_sha256=storage.file_sha256(target),
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
