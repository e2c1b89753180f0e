"""Putting PDFs on a docket entry (decision 0004): accepted filings, scanned paper filings and
orders alike, so every docketed PDF is a Document of its entry and is read the same way.

Nothing here does PDF work or moves document bytes inside a transaction:
- a PDF the court brings (a scan, an order) is stored and flushed first, in
  `docketing_files()`, which also gives a scratch folder; then one short transaction writes
  the entry and the Document row that owns the stored file (`document_docket_new`);
- an accepted filing's documents are already stored: the decision's transaction only puts
  them on the entry (`documents_docket`).
Either way the entry is then marked "stamped copy being prepared" and stamped after the commit
by background work (efiling.docket.tasks); until then readers get the original.

If the transaction fails, `docketing_files` hands the files stored for it to
`storage.stored_files_discard`, which deletes them only when no row can own them (a COMMIT
that raised may have committed: those stay for `efiling sweep_documents`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import QuerySet

from efiling.core import clock
from efiling.core.scratch import scratch_folder
from efiling.core.text import file_display_name
from efiling.docket.models import DocketEntry
from efiling.docket.tasks import stamping_schedule
from efiling.filings import storage
from efiling.filings.models import Document


@dataclass(frozen=True)
class StoredPdf:
    """A PDF stored (flushed) under a server-made name, before any row owns it."""

    name: str
    size: int
    sha256: str
    page_count: int


@dataclass
class DocketingFiles:
    workdir: Path
    stored: list[str] = field(default_factory=list)

    def store(self, source: Path, *, page_count: int) -> StoredPdf:
        """Store a checked PDF before the transaction that records its row; recorded at once
        so that a failure of that transaction deletes it again."""
        size, sha256 = source.stat().st_size, storage.file_sha256(source)
        name = storage.document_store(source=source)
        self.stored.append(name)
        return StoredPdf(name=name, size=size, sha256=sha256, page_count=page_count)


@contextmanager
def docketing_files() -> Iterator[DocketingFiles]:
    """A scratch folder (in the temporary folder) and a record of the files stored for one
    docketing; open it outside the transaction that writes the entry, so that a rollback
    also removes the files."""
    files = DocketingFiles(workdir=scratch_folder(prefix="efiling-docket-"))
    try:
        yield files
    except BaseException as failure:
        storage.stored_files_discard(files.stored, failure=failure)
        raise
    finally:
        shutil.rmtree(files.workdir, ignore_errors=True)


def entry_lead_document(entry: DocketEntry) -> Document | None:
    """The lead document of a docket entry (the first, when a filing had several)."""
    return entry.documents.filter(kind=Document.Kind.LEAD).order_by("position", "pk").first()


def documents_docket(documents: QuerySet[Document], entry: DocketEntry) -> None:
    """Put a filing's stored documents on `entry` as filed, inside the transaction that
    records the entry; their stamped copies follow after the commit."""
    documents.update(docket_entry=entry)
    stamping_schedule(entry)


def document_docket_new(
    *,
    entry: DocketEntry,
    stored: StoredPdf,
    title: str,
    original_name: str,
    uploaded_by,
    text_searchable: bool,
    cleaned: bool = False,
    notes: Iterable[str] = (),
    received_sha256: str = "",
    received_size: int | None = None,
) -> Document:
    """Record a PDF the court puts on the docket itself (a scan, an order), already stored by
    `DocketingFiles.store`, as the entry's document, inside the transaction that records the
    entry; its stamped copy follows after the commit. `received_sha256` and `received_size`
    describe the upload the stored PDF was cleaned from (DocumentCheck); without them, what is
    kept is what was received."""
    document = Document.objects.create(
        docket_entry=entry,
        kind=Document.Kind.LEAD,
        position=1,
        title=title,
        original_name=file_display_name(original_name),
        storage_name=stored.name,
        size=stored.size,
        sha256=stored.sha256,
        received_size=stored.size if received_size is None else received_size,
        received_sha256=received_sha256 or stored.sha256,
        page_count=stored.page_count,
        text_searchable=text_searchable,
        cleaned=cleaned,
        notes=list(notes),
        uploaded_by=uploaded_by,
        uploaded_at=clock.now(),
    )
    stamping_schedule(entry)
    return document
