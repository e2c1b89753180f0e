"""The splitting tool's packaging: parts of an oversized PDF, zipped in a temporary file that is
removed when the download is closed. Nothing is stored."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from efiling.core.errors import ValidationFailed
from efiling.core.scratch import scratch_folder
from efiling.core.text import file_title
from efiling.courts.services import court_policy
from efiling.documents.isolated import CheckerFailed
from efiling.documents.split import PageTooLarge, split_pdf
from efiling.documents.upload import refusals
from efiling.filings.documents import checker_pool, pdf_refusal
from efiling.filings.uploads import ReceivedFile


class _RemovedOnClose:
    """A file object that deletes its folder when the response closes it."""

    def __init__(self, path: Path, folder: Path):
        self._handle = open(path, "rb")  # noqa: SIM115 - closed by the response
        self._folder = folder

    def read(self, *args):
        return self._handle.read(*args)

    def close(self):
        self._handle.close()
        shutil.rmtree(self._folder, ignore_errors=True)


BASE_NAME_MAX = 60  # the parts' names: <base>-part-N.pdf, in <base>-parts.zip


def split_for_download(*, received: ReceivedFile, court) -> tuple[_RemovedOnClose, str]:
    policy = court_policy(court=court)
    try:  # in a checker process, as every upload check (decision 0008)
        refused = checker_pool().run(
            refusals, source=str(received.path), max_pages=policy.maximum_page_count
        )
    except CheckerFailed as failure:
        raise ValidationFailed(pdf_refusal(received.original_name or "The file", failure)) from None
    if refused:
        raise ValidationFailed(" ".join(refused))
    limit = policy.maximum_allowed_attachment_size
    folder = scratch_folder(prefix="efiling-split-")
    base = file_title(received.original_name, max_length=BASE_NAME_MAX)
    try:
        parts = split_pdf(received.path, folder, max_bytes=limit, base_name=base)
        archive = folder / f"{base}-parts.zip"
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as bundle:
            for part in parts:
                bundle.write(part, part.name)
                part.unlink()
    except PageTooLarge as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise ValidationFailed(str(exc)) from exc
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return _RemovedOnClose(archive, folder), archive.name
