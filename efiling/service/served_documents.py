"""What was served, as the people served read it: the documents of an envelope as submitted,
readable by each person served (and their authorized staff) from the moment of service, before
the clerk accepts anything, and still after a rejection or the filer's withdrawal, marked so.

A service record the user was not served by answers exactly as one that does not exist
(NotFound); so does a document that was not served with it. Reads of a confidential or sealed
case's served documents are audited, and only someone who still takes part in the case (of
record, admitted, or their staff) may open them.

A document of a filing the clerk rejected or the filer withdrew is given as a copy made at each
download from the stored original, with "REJECTED BY THE CLERK ON <date> — NOT FILED" (or
"WITHDRAWN BY THE FILER ON ...") above every page (the file stamp's machinery:
documents.stamp.banner_pdf, in a checker process); the stored original, whose SHA-256 the
service record holds, is never changed, and while the filing stands the original's bytes are
given as they are.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from efiling.accounts.models import User
from efiling.accounts.permissions import Action, filers_acted_for, require
from efiling.cases.access import case_participant, case_read_audit
from efiling.cases.models import SecurityLevel
from efiling.core import clock
from efiling.core.errors import DomainError, NotFound
from efiling.core.scratch import scratch_dir
from efiling.core.words import MONTHS
from efiling.documents import stamp
from efiling.documents.isolated import CheckerError, CheckerFailed
from efiling.filings import storage
from efiling.filings.documents import checker_pool
from efiling.filings.models import Document, Status
from efiling.service.models import ServiceRecord

logger = logging.getLogger(__name__)

SERVICE_NOT_FOUND = "There is no such service."


class MarkedCopyUnavailable(DomainError):
    """The marked copy of an ended filing's document could not be made now (503): the server's
    trouble, not the reader's."""

    status = 503
    code = "marked_copy_unavailable"


# A served filing that will not be on the docket: who ended it, for the page and the copy's mark.
ENDED_BY = {Status.REJECTED: "the clerk", Status.CANCELLED: "the filer"}
ENDED_WORD = {Status.REJECTED: "rejected", Status.CANCELLED: "withdrawn"}


@dataclass(frozen=True)
class ServedDocument:
    document: Document
    filing_name: str
    status_label: str  # the filing's status now: "Submitted", "Accepted", "Rejected", ...
    status: str  # Status value
    status_changed_at: datetime  # UTC

    @property
    def ended(self) -> bool:
        """The clerk rejected the filing or the filer withdrew it: it is not on the docket,
        and its copy is given marked so."""
        return self.status in ENDED_BY

    @property
    def ended_label(self) -> str:
        """ "Rejected by the clerk" / "Withdrawn by the filer"; "" while the filing stands."""
        if not self.ended:
            return ""
        return f"{ENDED_WORD[self.status].capitalize()} by {ENDED_BY[self.status]}"


def service_record_for_user(*, user: User, record_id: int, request=None) -> ServiceRecord:
    """The service record of `record_id` if `user` (or an attorney who authorized them) was
    served by it and may still see the case; NotFound otherwise, whatever the reason. A read of
    a confidential or sealed case is audited."""
    require(user, Action.VIEW_CASES)
    served = [filer.pk for filer in filers_acted_for(user)]
    record = (
        ServiceRecord.objects.select_related("envelope__case__court", "envelope__signer", "person")
        .filter(pk=record_id, person_id__in=served)
        .first()
    )
    if record is None:
        raise NotFound(SERVICE_NOT_FOUND)
    case = record.envelope.case
    if case.security_level != SecurityLevel.PUBLIC and not case_participant(user, case):
        raise NotFound(SERVICE_NOT_FOUND)
    case_read_audit(user=user, case=case, request=request, what=f"service record {record.pk}")
    return record


def served_documents(record: ServiceRecord) -> list[ServedDocument]:
    """The documents served with `record` that the court still holds (a document the filer
    replaced after a return is gone), in filing order, each with its filing's status now."""
    digests = {d["sha256"] for d in record.documents}
    documents = (
        Document.objects.filter(filing__envelope=record.envelope, sha256__in=digests)
        .select_related("filing__filing_code")
        .order_by("filing__position", "position")
    )
    return [
        ServedDocument(
            document=d,
            filing_name=d.filing.filing_code.name,
            status_label=Status(d.filing.status).label,
            status=d.filing.status,
            status_changed_at=d.filing.status_changed_at,
        )
        for d in documents
    ]


def served_document_get(*, record: ServiceRecord, document_id: int) -> ServedDocument:
    """A document served with `record` (from service_record_for_user), with its filing's status
    now; NotFound otherwise."""
    for served in served_documents(record):
        if served.document.pk == document_id:
            return served
    raise NotFound("There is no such document.")


def ended_banner(served: ServedDocument, zone_name: str) -> str:
    """The mark on an ended filing's served copy: "REJECTED BY THE CLERK ON November 30, 2026
    — NOT FILED" or "WITHDRAWN BY THE FILER ON ... — NOT FILED" (the date in the court's
    zone)."""
    day = clock.local_date(served.status_changed_at, zone_name)
    on = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    return f"{served.ended_label.upper()} ON {on} — NOT FILED"


def ended_copy_open(served: ServedDocument, *, zone_name: str) -> BinaryIO:
    """A copy of the ended (rejected or withdrawn) `served` document's stored original with
    its banner (ended_banner, dated in `zone_name`) above every page, made now
    (documents.stamp.banner_pdf, in a checker process), open for reading; the caller closes
    it, and it disappears then (its folder is already removed). The stored original is only
    read. Raises MarkedCopyUnavailable when the original cannot be read or the copy cannot be
    made (the checker's limits, a full disk)."""
    document = served.document
    with scratch_dir(prefix="marked-copy-") as workdir:
        source, target = workdir / "original.pdf", workdir / "marked.pdf"
        try:
            with (
                storage.document_open(document.storage_name) as original,
                open(source, "wb") as out,
            ):
                shutil.copyfileobj(original, out)
            checker_pool().run(
                stamp.banner_pdf,
                src=str(source),
                dst=str(target),
                banner=ended_banner(served, zone_name),
            )
        except (OSError, CheckerError, CheckerFailed) as exc:
            logger.warning("Marked copy of document %s not made: %s", document.pk, exc)
            raise MarkedCopyUnavailable(
                f'The copy of "{document.title}" marked {ENDED_WORD[served.status]} could not be '
                "prepared just now. Try again in a few minutes."
            ) from exc
        return open(target, "rb")  # the caller closes it
