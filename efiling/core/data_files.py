"""Shipped data files (the courts, the filing codes) and what administrators make of them.

A file is loaded again only when its content changed since the last load (`data_file_digest`,
`data_file_unchanged`, `data_file_loaded`: the SHA-256 of what was loaded, one DataFileLoad row
per file). Every row a file fills keeps the digest of the values the file last gave it
(`values_digest`): a row whose values no longer match that digest was edited by an
administrator, and a reload leaves it alone (the loaders in efiling.courts)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from efiling.core import clock
from efiling.core.models import DataFileLoad


def data_file_digest(path: Path, *also: str) -> str:
    """SHA-256 (hex) of the file's bytes, and of `also` (digests of what its meaning depends
    on, such as the courts file for the filing codes)."""
    digest = hashlib.sha256(Path(path).read_bytes())
    for part in also:
        digest.update(part.encode())
    return digest.hexdigest()


def data_file_recorded(name: str) -> str:
    """The digest recorded at the last load of the named file, or "" if it was never loaded."""
    return DataFileLoad.objects.filter(name=name).values_list("digest", flat=True).first() or ""


def data_file_unchanged(name: str, digest: str) -> bool:
    return data_file_recorded(name) == digest


def data_file_loaded(name: str, digest: str) -> None:
    """Record a completed load of the named file (call it in the load's transaction)."""
    DataFileLoad.objects.update_or_create(
        name=name, defaults={"digest": digest, "loaded_at": clock.now()}
    )


def values_digest(values: dict) -> str:
    """SHA-256 (hex) of a row's values as a data file gives them: {field: value}, the values
    JSON-able or turned to text (dates)."""
    text = json.dumps(values, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
