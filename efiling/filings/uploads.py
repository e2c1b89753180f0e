"""Uploads checked against the court policy while they stream in.

Each file is written to a temporary file (in the one temporary folder, efiling.core.scratch)
with its SHA-256 computed on the way; once a file passes the attachment limit, or the request
passes what is left of the submission limit, the rest of that file is counted and discarded,
never kept, so the refusal can name the file, its size and the limit. A request far beyond any
limit is cut short. Whatever the answer, and also when the client stops sending or
disconnects mid-body, no temporary file stays behind: the views remove every file they
received or began to receive (`discarding_uploads`), the raw-body API upload removes its own.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import UnreadablePostError

from efiling.core.errors import DomainError
from efiling.core.scratch import scratch_file

GIVE_UP_FACTOR = 4  # stop reading a request this many times the submission limit


@dataclass
class ReceivedFile:
    field_name: str
    original_name: str
    path: Path
    size: int
    sha256: str

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


@dataclass
class RefusedFile:
    original_name: str
    size: int
    limit: int
    limit_name: str
    complete: bool = True  # False when reading stopped before the end of the file


@dataclass
class UploadOutcome:
    received: list[ReceivedFile] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)
    # Every temporary file begun, received or not: a body cut off mid-file (the client stopped
    # sending or went away) leaves a partial one that no ReceivedFile names.
    begun: list[Path] = field(default_factory=list)

    def discard_all(self) -> None:
        for item in self.received:
            item.discard()
        for path in self.begun:
            path.unlink(missing_ok=True)


class UploadInterrupted(DomainError):
    """The request body stopped before its end: the client stopped sending (and the server's
    wait ran out) or disconnected. Nothing was kept."""

    status = 400
    code = "upload_interrupted"


class PolicyLimitedUploadHandler(FileUploadHandler):
    def __init__(
        self, request, *, max_file_bytes: int, max_total_bytes: int, outcome: UploadOutcome
    ):
        super().__init__(request)
        self.max_file_bytes = max_file_bytes
        self.max_total_bytes = max_total_bytes
        self.outcome = outcome
        self.total = 0
        self._file = None

    def new_file(
        self,
        field_name,
        file_name,
        content_type,
        content_length,
        charset=None,
        content_type_extra=None,
    ):
        super().new_file(
            field_name, file_name, content_type, content_length, charset, content_type_extra
        )
        descriptor, self._path = scratch_file(suffix=".upload")
        self.outcome.begun.append(self._path)
        self._file = os.fdopen(descriptor, "wb")
        self._hash = hashlib.sha256()
        self._size = 0
        self._over: tuple[int, str] | None = None

    def receive_data_chunk(self, raw_data, start):
        self._size += len(raw_data)
        self.total += len(raw_data)
        if self._over is None:
            if self._size > self.max_file_bytes:
                self._over = (self.max_file_bytes, "largest document allowed")
            elif self.total > self.max_total_bytes:
                self._over = (self.max_total_bytes, "room left in this submission")
            if self._over is not None:
                self._file.close()
                self._path.unlink(missing_ok=True)
        if self._over is None:
            self._file.write(raw_data)
            self._hash.update(raw_data)
        elif self.total > self.max_total_bytes * GIVE_UP_FACTOR + self.max_file_bytes:
            self._refuse(complete=False)
            raise StopUpload(connection_reset=False)
        return None

    def _refuse(self, *, complete: bool):
        limit, name = self._over
        self.outcome.refused.append(RefusedFile(self.file_name, self._size, limit, name, complete))

    def file_complete(self, file_size):
        if self._over is not None:
            self._refuse(complete=True)
            return None
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self.outcome.received.append(
            ReceivedFile(
                self.field_name,
                self.file_name or "",
                self._path,
                self._size,
                self._hash.hexdigest(),
            )
        )
        return None

    def upload_interrupted(self):
        if self._file is not None and not self._file.closed:
            self._file.close()
            self._path.unlink(missing_ok=True)


def install_upload_handler(request, *, max_file_bytes: int, max_total_bytes: int) -> UploadOutcome:
    """Call before reading request.POST or request.FILES (the view must be csrf_exempt and then
    check CSRF itself, since the CSRF middleware would read the body first), in a view wrapped
    by `discarding_uploads`."""
    outcome = UploadOutcome()
    request._efiling_upload_outcome = outcome
    request.upload_handlers = [
        PolicyLimitedUploadHandler(
            request, max_file_bytes=max_file_bytes, max_total_bytes=max_total_bytes, outcome=outcome
        )
    ]
    return outcome


def discarding_uploads(view):
    """Remove the temporary files an upload view received or began to receive, whatever it
    answers: also when its own CSRF check refuses the request after the body was read, and
    when the body stops mid-file (UploadInterrupted, a 400, rather than a server error)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except UnreadablePostError as exc:  # the body stopped: a stall past the wait, or gone
            raise UploadInterrupted(_INTERRUPTED) from exc
        finally:
            outcome = getattr(request, "_efiling_upload_outcome", None)
            if outcome is not None:
                outcome.discard_all()

    return wrapper


class UploadRefused(Exception):
    def __init__(self, refused: RefusedFile):
        super().__init__(refused.original_name)
        self.refused = refused


def receive_raw_body(
    request, *, file_name: str, max_file_bytes: int, max_total_bytes: int
) -> ReceivedFile:
    """An API upload whose body is the PDF itself: refused at once when its declared length is
    over a limit, and counted while it streams in case the declaration was wrong. The caller
    discards the ReceivedFile; on UploadRefused or UploadInterrupted (the body ended short of
    its Content-Length, or reading it failed: a client that stalled past the server's wait, or
    disconnected) nothing is left behind."""
    limit, limit_name = min(
        (max_file_bytes, "largest document allowed"),
        (max_total_bytes, "room left in this submission"),
    )
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > limit:
        raise UploadRefused(RefusedFile(file_name, declared, limit, limit_name))
    descriptor, path = scratch_file(suffix=".upload")
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(descriptor, "wb") as handle:
            while chunk := _read(request):
                size += len(chunk)
                if size > limit:
                    raise UploadRefused(
                        RefusedFile(file_name, size, limit, limit_name, complete=False)
                    )
                handle.write(chunk)
                digest.update(chunk)
            if declared and size < declared:
                raise UploadInterrupted(_INTERRUPTED)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ReceivedFile("body", file_name, path, size, digest.hexdigest())


_INTERRUPTED = (
    "The upload stopped before the whole file arrived. Nothing was stored; send it again."
)


def _read(request) -> bytes:
    try:
        return request.read(64 * 1024)
    except OSError as exc:  # Django's UnreadablePostError: a timeout or a reset connection
        raise UploadInterrupted(_INTERRUPTED) from exc
