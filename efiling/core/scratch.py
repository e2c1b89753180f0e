"""Temporary files: every one the system makes (an upload while it streams in, the PDF checks'
working copies, docketing and stamping, the splitting tool's parts) lives under one folder, the
setting FILE_UPLOAD_TEMP_DIR (EFILING_TEMP_DIR; <data>/tmp by default), which Django's own upload
handlers use too. Each owner removes what it made; `scratch_sweep` removes what a killed
process could not (run by `efiling sweep_documents`, docs/operations.md).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings


def scratch_root() -> Path:
    """The temporary folder (made when missing)."""
    root = Path(settings.FILE_UPLOAD_TEMP_DIR)
    root.mkdir(parents=True, exist_ok=True)
    return root


def scratch_file(*, suffix: str) -> tuple[int, Path]:
    """A new empty file in the temporary folder: (open descriptor, path), as mkstemp."""
    descriptor, path = tempfile.mkstemp(suffix=suffix, dir=scratch_root())
    return descriptor, Path(path)


def scratch_folder(*, prefix: str) -> Path:
    """A new empty folder in the temporary folder; the caller removes it."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=scratch_root()))


@contextmanager
def scratch_dir(*, prefix: str) -> Iterator[Path]:
    """A folder in the temporary folder, removed with all it holds when the block ends."""
    folder = scratch_folder(prefix=prefix)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _last_change(path: Path) -> float:
    """The newest modification time of a file, or of a folder and anything in it (a folder
    still being worked in is not old just because it was made long ago)."""
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for folder, subfolders, files in os.walk(path):
            for name in (*subfolders, *files):
                try:
                    newest = max(newest, os.lstat(os.path.join(folder, name)).st_mtime)
                except FileNotFoundError:
                    continue
    return newest


def scratch_sweep(*, older_than: timedelta, delete: bool) -> list[Path]:
    """Entries of the temporary folder (files and folders) unchanged for longer than the grace
    period, so an upload still streaming in or a stamp in progress is never touched; removed
    when `delete` is true. Returns them, oldest first."""
    root = Path(settings.FILE_UPLOAD_TEMP_DIR)
    if not root.is_dir():
        return []
    cutoff = time.time() - older_than.total_seconds()
    stale = []
    for entry in root.iterdir():
        try:
            changed = _last_change(entry)
        except FileNotFoundError:  # removed by its owner meanwhile
            continue
        if changed < cutoff:
            stale.append((changed, entry))
    stale.sort()
    if delete:
        for _, entry in stale:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
    return [entry for _, entry in stale]
