"""The files the database names, checked against the document store.

Every model that stores files lists the fields holding their names in `stored_file_fields`
(a document: its original and its stamped copy). After a restore of the database or of the
store, each name a row holds must have its file: `stored_files_missing` lists the ones that do
not (`efiling verify_documents`, docs/operations.md). Files that no row names are the storage
sweep's business (`efiling sweep_documents`), not this check's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import default_storage

ROWS_PER_BATCH = 2000


@dataclass(frozen=True)
class MissingFile:
    """A row's stored file that the store does not hold: the model (`app.model`), the row's
    primary key, the field that names the file and the name."""

    model: str
    pk: object
    field: str
    name: str


@dataclass
class StoredFilesReport:
    checked: int = 0  # names checked (a row with an original and a stamped copy counts two)
    missing: list[MissingFile] = field(default_factory=list)


def stored_file_models() -> list[tuple[type, tuple[str, ...]]]:
    """Each model that stores files, with the fields that hold the files' names."""
    return [
        (model, tuple(model.stored_file_fields))
        for model in apps.get_models()
        if getattr(model, "stored_file_fields", ())
    ]


def _names_in(storage, folder: str) -> set[str]:
    """The file names directly in a folder of the store (one listing, paged by the storage:
    one request per 1,000 objects on S3 instead of one per file); empty when it has none."""
    try:
        return set(storage.listdir(folder)[1])
    except FileNotFoundError:
        return set()


def stored_files_missing(*, storage=None) -> StoredFilesReport:
    """Check every non-empty file name of every row against `storage` (the document store by
    default), folder by folder. Reads rows in primary-key order, in batches."""
    storage = storage or default_storage
    listings: dict[str, set[str]] = {}
    report = StoredFilesReport()
    for model, fields in stored_file_models():
        rows = model._base_manager.order_by("pk").values_list("pk", *fields)
        for pk, *names in rows.iterator(chunk_size=ROWS_PER_BATCH):
            for field_name, name in zip(fields, names, strict=True):
                if not name:
                    continue
                report.checked += 1
                folder, _, base = name.rpartition("/")
                if folder not in listings:
                    listings[folder] = _names_in(storage, folder)
                if base not in listings[folder]:
                    report.missing.append(
                        MissingFile(model._meta.label_lower, pk, field_name, name)
                    )
    return report
