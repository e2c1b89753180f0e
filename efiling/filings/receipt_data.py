"""What the receipt and the certificate of service say, gathered from the database: the rendering
in efiling.filings.receipt and efiling.filings.certificate needs no database."""

from __future__ import annotations

from efiling.core import clock
from efiling.core.errors import Conflict
from efiling.filings.appearance import appearances_named
from efiling.filings.models import Document, Envelope, Status, StatusChange
from efiling.filings.receipt import (
    ReceiptData,
    ReceiptDocument,
    ReceiptFee,
    ReceiptServiceEntry,
    format_filing_time,
)
from efiling.filings.service_list import (
    NOT_SERVED_NOTE,
    service_at_acceptance,
    service_awaits_acceptance,
    service_entries,
    service_time,
    service_was_served,
)
from efiling.filings.services import envelope_fees

NOT_RECORDED = ReceiptServiceEntry(
    name="Service", method="Not recorded: submitted before service was recorded at submission"
)
SERVED_NOT_FILED = (
    "Served on the people listed here, not filed with the court: not on the docket. As "
    "recorded when the documents were served: service is at the time above."
)


def receipt_history(envelope: Envelope) -> list[StatusChange]:
    """The receipt's history, oldest first: every status the envelope took, and a filing's own
    change only where the envelope did not take that status (a filing rejected while the
    envelope is partly accepted), so no status is listed twice. Filing changes have `.filing`
    loaded, for its title."""
    changes = list(
        envelope.status_changes.select_related("filing__filing_code").order_by("at", "pk")
    )
    envelope_statuses = {c.to_status for c in changes if c.filing_id is None}
    return [c for c in changes if c.filing_id is None or c.to_status not in envelope_statuses]


def receipt_service(envelope: Envelope) -> tuple[ReceiptServiceEntry, ...]:
    """The service list as kept at submission (filings.service_list.service_fix), never
    recomputed: an attorney who joins the case later is not on it."""
    if envelope.service_at_submission is None:
        return (NOT_RECORDED,)
    if not service_was_served(envelope):
        return (ReceiptServiceEntry(name="Not served", method=NOT_SERVED_NOTE),)
    return tuple(
        ReceiptServiceEntry(name=e.name, method=e.method) for e in service_entries(envelope)
    )


def receipt_service_note(envelope: Envelope) -> str:
    """When the envelope's service is made, one sentence ("" when nothing was recorded or the
    filing is not served): at the filing time; or, for a case named by number only, when the
    clerk accepts the entry of appearance (and then when it was)."""
    if envelope.service_at_submission is None or not service_was_served(envelope):
        return ""
    if service_awaits_acceptance(envelope):
        return (
            "Nobody has been served yet: counsel of record are served through this system when "
            "the clerk accepts your entry of appearance."
        )
    if service_at_acceptance(envelope):
        when = format_filing_time(service_time(envelope), envelope.court.time_zone)
        return (
            f"Served through this system on {when}, when the clerk accepted your entry of "
            "appearance."
        )
    if envelope.serve_only:
        return SERVED_NOT_FILED
    return "As recorded when the filing was submitted: service is at the filing time."


def receipt_data(envelope: Envelope) -> ReceiptData:
    """The receipt of a submitted envelope. Raises Conflict for a draft."""
    if envelope.submitted_at is None:
        raise Conflict("A draft has no receipt yet.")
    fees = envelope_fees(envelope)
    documents = tuple(
        ReceiptDocument(
            filing_title=d.filing.filing_code.name,
            kind=d.get_kind_display(),
            title=d.title,
            original_name=d.original_name,
            pages=d.page_count,
            size_bytes=d.size,
            sha256=d.sha256,
            received_sha256=d.received_sha256,
            received_size_bytes=d.received_size,
        )
        for d in Document.objects.filter(filing__envelope=envelope)
        .select_related("filing__filing_code")
        .order_by("filing__position", "position")
    )
    return ReceiptData(
        confirmation_number=envelope.confirmation_number,
        court_name=envelope.court.name,
        court_code=envelope.court.code,
        case_label=envelope.case_label,
        submitted_at_local=clock.to_local(envelope.submitted_at, envelope.court.time_zone),
        time_zone_name=envelope.court.time_zone,
        filed_by=envelope.prepared_by.get_full_name(),
        signed_by=envelope.signer.get_full_name(),
        signature=envelope.signature,
        documents=documents,
        fees=tuple(
            ReceiptFee(description=line.description, amount_cents=line.amount_cents)
            for line in (*fees.lines, *fees.service_lines)
        ),
        fee_total_cents=fees.total_cents,
        fee_waiver_requested=envelope.fee_waiver_requested,
        service=receipt_service(envelope),
        status_label=Status(envelope.status).label,
        appearances=tuple(appearances_named(envelope)),
        service_note=receipt_service_note(envelope),
        served_not_filed=envelope.serve_only,
    )
