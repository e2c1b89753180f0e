"""Putting PDFs on a docket entry: each document is file-stamped into a new stored version (the
original is kept unchanged with its SHA-256) and belongs to the entry from then on. Used for
accepted filings, scanned paper filings and orders, so every docketed PDF is read the same way.

Docketing runs inside `docketing_files()`: a scratch folder, and a record of every file stored
meanwhile that is deleted if anything fails (a file nobody owns must not stay behind). Open it
outside the transaction that writes the entry, so a rollback also removes the files.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from efiling.core import clock
from efiling.core.errors import ValidationFailed
from efiling.docket.models import DocketEntry
from efiling.documents.stamp import ELECTRONICALLY_FILED, stamp_pdf
from efiling.filings import storage
from efiling.filings.models import Document
from efiling.filings.services import safe_display_name

UPLOAD_UNSTAMPABLE = "The PDF could not be file-stamped; save it again as PDF and retry."


@dataclass
class DocketingFiles:
    workdir: Path
    stored: list[str] = field(default_factory=list)

    def store(self, source: Path) -> str:
        """Store a file, recorded at once so that a later failure deletes it."""
        name = storage.document_store(source=source)
        self.stored.append(name)
        return name


@contextmanager
def docketing_files() -> Iterator[DocketingFiles]:
    files = DocketingFiles(workdir=Path(tempfile.mkdtemp(prefix="efiling-docket-")))
    try:
        yield files
    except BaseException:
        for name in files.stored:
            storage.document_delete(name)
        raise
    finally:
        shutil.rmtree(files.workdir, ignore_errors=True)


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
    documents: Iterable[Document],
    entry: DocketEntry,
    files: DocketingFiles,
    *,
    label: str = ELECTRONICALLY_FILED,
) -> None:
    """Stamp stored documents (a filing's) onto `entry`."""
    for document in documents:
        source = files.workdir / f"{document.pk}.pdf"
        target = files.workdir / f"{document.pk}-stamped.pdf"
        with storage.document_open(document.storage_name) as original, open(source, "wb") as copy:
            shutil.copyfileobj(original, copy)
        _stamp(
            source,
            target,
            entry,
            label,
            f"{document.title} could not be file-stamped: return the filing for correction "
            "so that the filer saves it again as PDF.",
        )
        Document.objects.filter(pk=document.pk).update(
            docket_entry=entry,
            stamped_storage_name=files.store(target),
            stamped_sha256=storage.file_sha256(target),
        )


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
    files: DocketingFiles,
    received_sha256: str = "",
    received_size: int | None = None,
) -> Document:
    """Store a PDF the court puts on the docket itself (a scan, an order) as the entry's
    document, stamped. `received_sha256` and `received_size` describe the upload `source` was
    cleaned from (DocumentCheck); without them, what is kept is what was received."""
    name = files.store(source)
    target = files.workdir / f"{name.rsplit('/', 1)[-1]}-stamped.pdf"
    page_count = _stamp(source, target, entry, label, UPLOAD_UNSTAMPABLE)
    size, sha256 = source.stat().st_size, storage.file_sha256(source)
    return Document.objects.create(
        docket_entry=entry,
        kind=Document.Kind.LEAD,
        position=1,
        title=title,
        original_name=safe_display_name(original_name),
        storage_name=name,
        size=size,
        sha256=sha256,
        received_size=size if received_size is None else received_size,
        received_sha256=received_sha256 or sha256,
        page_count=page_count,
        text_searchable=text_searchable,
        cleaned=cleaned,
        notes=list(notes),
        uploaded_by=uploaded_by,
        uploaded_at=clock.now(),
        stamped_storage_name=files.store(target),
        stamped_sha256=storage.file_sha256(target),
    )
