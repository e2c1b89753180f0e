"""Append-only local journals: what must not be lost while the database is down.

A journal is one file of JSON lines under `<EFILING_DATA_DIR>/journals/<name>.jsonl`. Writers
append one entry per line under an exclusive lock (fcntl.flock, so the workers of one machine
never interleave lines) and fsync before returning: an entry that `journal_append` returned
for survives a crash of the process or the machine. The file is never rewritten or truncated.

Importing reads the entries after the last imported byte offset (kept in `<name>.offset`,
replaced atomically), hands each to the caller's importer, and moves the offset past it. An
importer must be idempotent on the entry's `entry_id` (a UUID given at append): a crash between
an import and the offset's write hands the same entry again. A line that is not whole (a
writer killed in mid-write) is left for the next import; a line that is not JSON is skipped
and logged, so one damaged line cannot stop the journal.

Used for the records of filing attempts that failed because the database was down and for the
health monitor's own observations (issue 15, Rule 103.06 records)."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

logger = logging.getLogger("efiling.core.journal")

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,40}$")


def journal_folder() -> Path:
    """The folder of the journals (created on first use)."""
    folder = Path(settings.DATA_DIR) / "journals"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _paths(name: str) -> tuple[Path, Path]:
    if not _NAME.match(name):
        raise ValueError(f"Not a journal name: {name!r}")
    folder = journal_folder()
    return folder / f"{name}.jsonl", folder / f"{name}.offset"


def journal_append(name: str, entry: dict) -> str:
    """Append `entry` (JSON-serialisable values; keys other than "entry_id") to the named
    journal, durably (fsync before return). Returns the entry's `entry_id` (a UUID string)
    that the importer receives with it. OSError if the file cannot be written."""
    entry_id = str(uuid.uuid4())
    line = json.dumps({"entry_id": entry_id, **entry}, sort_keys=True, default=str) + "\n"
    path, _ = _paths(name)
    with open(path, "ab") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            file.write(line.encode())
            file.flush()
            os.fsync(file.fileno())
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)
    return entry_id


def _offset(path: Path) -> int:
    try:
        return int(path.read_text().strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def _offset_write(path: Path, offset: int) -> None:
    temporary = path.with_suffix(".offset-new")
    with open(temporary, "w") as file:
        file.write(str(offset))
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def journal_pending(name: str) -> list[dict]:
    """The whole entries not imported yet, oldest first (no side effect)."""
    path, offset_path = _paths(name)
    entries = []
    for _, entry in _entries_after(path, _offset(offset_path)):
        if entry is not None:
            entries.append(entry)
    return entries


def _entries_after(path: Path, offset: int):
    """(end offset, entry or None for a damaged line) for each whole line after `offset`."""
    try:
        with open(path, "rb") as file:
            file.seek(offset)
            data = file.read()
    except FileNotFoundError:
        return
    position = offset
    for raw in data.splitlines(keepends=True):
        if not raw.endswith(b"\n"):
            return  # a line still being written, or cut by a crash: the next import sees it
        position += len(raw)
        try:
            entry = json.loads(raw)
        except ValueError:
            logger.error("Journal %s: a damaged line ending at byte %d was skipped", path, position)
            entry = None
        yield position, entry if isinstance(entry, dict) else None


def journal_import(name: str, importer: Callable[[dict], None]) -> int:
    """Hand each entry not yet imported to `importer` (idempotent on entry["entry_id"]),
    oldest first, moving the kept offset past each one it returned from; returns how many were
    handed. An exception from the importer stops the import there (that entry and the rest stay
    pending) and propagates. One importer at a time per journal (an exclusive lock)."""
    path, offset_path = _paths(name)
    lock_path = offset_path.with_suffix(".lock")
    count = 0
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            for end, entry in _entries_after(path, _offset(offset_path)):
                if entry is not None:
                    importer(entry)
                    count += 1
                _offset_write(offset_path, end)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return count
