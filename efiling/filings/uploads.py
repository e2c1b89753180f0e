"""Uploads checked against the court policy while they stream in.

Each file is written to a temporary file (in the one temporary folder, efiling.core.scratch)
with its SHA-256 computed on the way (the API's raw-body upload is written, under the name
it is kept by, straight into the document store when that is a local folder: every byte
written and fsynced once, storage.document_file_create); once a file passes the attachment
limit, or the request passes what is left of the submission limit, the rest of that file is
counted and discarded, never kept, so the refusal can name the file, its size and the limit.
A request far beyond any limit is cut short. Whatever the answer, and also when the client
stops sending or disconnects mid-body, no temporary file stays behind: the views remove every
file they received or began to receive (`discarding_uploads`), the raw-body API upload removes
its own (from the store too, unless its row took it over).

Every upload's body is read through `guard_body` (the raw API upload and multipart pages
alike), which holds it to its Content-Length:
- a body that ends before its declared length (the client closed the connection early: a cut
  transfer can look like a whole PDF, the first revision of an incrementally updated file) is
  refused, 400 `upload_incomplete`, and nothing is stored;
- a body that cannot be read (the client reset the connection, or stalled past the server's
  wait) is refused, 400 `upload_interrupted`;
- nothing past the declared length is ever read (Django's own stream stops there).
Either refusal is the client's doing: it is logged once, at WARNING, with the bytes received
and declared and the client's address, without a traceback (the answer is marked as logged, so
Django's request log does not repeat it).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db.models import Sum
from django.http import UnreadablePostError

from efiling.core.client_address import client_address
from efiling.core.errors import DomainError
from efiling.core.middleware import error_response
from efiling.core.scratch import scratch_file
from efiling.courts.services import court_policy
from efiling.filings import storage
from efiling.filings.models import Document, Envelope

logger = logging.getLogger(__name__)

GIVE_UP_FACTOR = 4  # stop reading a request this many times the submission limit


@dataclass
class ReceivedFile:
    field_name: str
    original_name: str
    path: Path | None  # None once adopted
    size: int
    sha256: str
    # The store's name for the file when it was received straight into the store (the API's
    # raw-body upload to a local folder: written and fsynced once); "" for a temporary file.
    stored_name: str = ""

    def discard(self) -> None:
        """Remove the file, unless it was adopted (`adopt`): a row is to own it."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def adopt(self) -> str:
        """The stored name, handed over to the caller that records the row owning it: from
        here on `discard` leaves the file (storage.stored_files_discard decides its fate)."""
        name, self.path = self.stored_name, None
        return name


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


class BodyStopped(DomainError):
    """The request body did not arrive whole, through the client's doing; already logged."""

    status = 400


class UploadInterrupted(BodyStopped):
    """Reading the body failed: the client reset the connection, or stopped sending and the
    server's wait ran out. Nothing was kept."""

    code = "upload_interrupted"


class UploadIncomplete(BodyStopped):
    """The body ended (the client closed its side) before the length it declared. Nothing was
    kept."""

    code = "upload_incomplete"


_INTERRUPTED = (
    "The upload stopped before the whole file arrived. Nothing was stored; send it again."
)
_INCOMPLETE = (
    "The upload ended after {received:,} of the {declared:,} bytes its Content-Length declared: "
    "the file did not arrive whole. Nothing was stored; send it again."
)


class _GuardedBody:
    """The request's body stream (Django's, which stops at Content-Length), counted: reading
    past its end before the declared length raises UploadIncomplete, a failed read raises
    UploadInterrupted (not Django's UnreadablePostError, which the CSRF check would swallow
    and answer as a missing token). Each is logged once."""

    def __init__(self, request):
        self._request = request
        self._stream = request._stream
        self.declared = int(request.META.get("CONTENT_LENGTH") or 0)
        self.received = 0

    def _stopped(self, error: BodyStopped, cause: str) -> BodyStopped:
        request = self._request
        logger.warning(
            "%s %s: the client's upload stopped (%s) after %d of %d bytes, from %s; nothing "
            "was kept.",
            request.method,
            request.path,
            cause,
            self.received,
            self.declared,
            client_address(request) or "an unknown address",
        )
        return error

    def _counted(self, data: bytes, size) -> bytes:
        self.received += len(data)
        if not data and size != 0 and self.received < self.declared:
            raise self._stopped(
                UploadIncomplete(
                    _INCOMPLETE.format(received=self.received, declared=self.declared)
                ),
                "the connection was closed early",
            )
        return data

    def read(self, size=-1, /) -> bytes:
        try:
            data = self._stream.read(size)
        except OSError as exc:
            raise self._stopped(UploadInterrupted(_INTERRUPTED), read_failure_cause(exc)) from exc
        return self._counted(data, size)

    def readline(self, size=-1, /) -> bytes:
        try:
            data = self._stream.readline(size)
        except OSError as exc:
            raise self._stopped(UploadInterrupted(_INTERRUPTED), read_failure_cause(exc)) from exc
        return self._counted(data, size)

    def close(self) -> None:
        self._stream.close()


def read_failure_cause(exc: BaseException) -> str:
    """Why a client's body could not be read, in words for the log: the innermost cause of
    Django's UnreadablePostError (a reset connection, a stall past the server's wait)."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    if isinstance(exc, TimeoutError):  # the web worker's "too slow" says so (log_cause)
        return getattr(exc, "log_cause", "the client stopped sending")
    if isinstance(exc, ConnectionError):
        return "the client reset the connection"
    return f"the body could not be read: {type(exc).__name__}"


def guard_body(request) -> None:
    """Hold the request's body to its Content-Length (see the module's text); call before
    anything reads the body."""
    if not isinstance(request._stream, _GuardedBody):
        request._stream = _GuardedBody(request)


def body_stopped_response(request, error: BodyStopped):
    """The answer to a body that did not arrive whole (a page's; the API has its own shape),
    already logged by the guard."""
    response = error_response(request, error)
    response._has_been_logged = True  # Django's request log would repeat the guard's line
    return response


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
    guard_body(request)
    request.upload_handlers = [
        PolicyLimitedUploadHandler(
            request, max_file_bytes=max_file_bytes, max_total_bytes=max_total_bytes, outcome=outcome
        )
    ]
    return outcome


def discarding_uploads(view):
    """Remove the temporary files an upload view received or began to receive, whatever it
    answers: also when its own CSRF check refuses the request after the body was read, and
    when the body stops mid-file or ends short of its length (a 400, logged once as the
    client's doing, rather than a server error)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BodyStopped as error:
            return body_stopped_response(request, error)
        except UnreadablePostError as exc:  # read before the guard was in place
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
    """An API upload whose body is the PDF itself (its Content-Length required by the caller):
    refused at once when its declared length is over a limit, and read through `guard_body`
    up to that length, into the store when it is a local folder (`stored_name`), else into
    the temporary folder. The caller discards the ReceivedFile (or adopts it: its row is to
    own the stored file); on UploadRefused or BodyStopped
    (UploadIncomplete: the body ended short of its Content-Length; UploadInterrupted: reading
    it failed) nothing is left behind."""
    limit, limit_name = min(
        (max_file_bytes, "largest document allowed"),
        (max_total_bytes, "room left in this submission"),
    )
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > limit:
        raise UploadRefused(RefusedFile(file_name, declared, limit, limit_name))
    guard_body(request)
    # Received straight into the store when it is a local folder: every byte written and
    # fsynced once (the check reads it there; nothing owns it until the row is committed).
    into_store = storage.document_file_create()
    if into_store is None:
        stored_name, (descriptor, path) = "", scratch_file(suffix=".upload")
    else:
        stored_name, path, descriptor = into_store
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(descriptor, "wb") as handle:
            while chunk := request.read(64 * 1024):
                size += len(chunk)
                handle.write(chunk)
                digest.update(chunk)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ReceivedFile("body", file_name, path, size, digest.hexdigest(), stored_name)


def upload_limits(envelope: Envelope) -> tuple[int, int]:
    """(largest single document, bytes left in this submission) from the court policy."""
    policy = court_policy(court=envelope.court)
    used = Document.objects.filter(filing__envelope=envelope).aggregate(s=Sum("size"))["s"] or 0
    return policy.maximum_allowed_attachment_size, max(
        policy.maximum_allowed_message_size - used, 0
    )
