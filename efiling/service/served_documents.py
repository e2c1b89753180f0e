"""What was served, as the people served read it: the documents of an envelope as submitted,
readable by each person served (and their authorized staff) from the moment of service, before
the clerk accepts anything, and still after a rejection, marked so.

A service record the user was not served by answers exactly as one that does not exist
(NotFound); so does a document that was not served with it. Reads of a confidential or sealed
case's served documents are audited, and only someone who still takes part in the case (of
record, admitted, or their staff) may open them.
"""

from __future__ import annotations

from dataclasses import dataclass

from efiling.accounts.models import User
from efiling.accounts.permissions import Action, filers_acted_for, require
from efiling.cases.access import case_participant, case_read_audit
from efiling.cases.models import SecurityLevel
from efiling.core.errors import NotFound
from efiling.filings.models import Document, Status
from efiling.service.models import ServiceRecord

SERVICE_NOT_FOUND = "There is no such service."


@dataclass(frozen=True)
class ServedDocument:
    document: Document
    filing_name: str
    status_label: str  # the filing's status now: "Submitted", "Accepted", "Rejected", ...
    rejected: bool


def service_record_for_user(*, user: User, record_id: int, request=None) -> ServiceRecord:
    """The service record of `record_id` if `user` (or an attorney who authorized them) was
    served by it and may still see the case; NotFound otherwise, whatever the reason. A read of
    a confidential or sealed case is audited."""
    require(user, Action.VIEW_CASES)
    served = [filer.pk for filer in filers_acted_for(user)]
    record = (
        ServiceRecord.objects.select_related("envelope__case__court", "envelope__signer")
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
            rejected=d.filing.status == Status.REJECTED,
        )
        for d in documents
    ]


def served_document_get(*, record: ServiceRecord, document_id: int) -> Document:
    """A document served with `record` (from service_record_for_user); NotFound otherwise."""
    for served in served_documents(record):
        if served.document.pk == document_id:
            return served.document
    raise NotFound("There is no such document.")
