"""Filing through the API, with ECF operation names where ECF has one: GetFeesCalculation,
ReviewFiling (submit), GetFilingStatus, GetFilingList, CancelFiling; plus the steps that
assemble an envelope (create, parties, filings, document upload) and the receipt."""

import hashlib
from datetime import datetime
from uuid import UUID

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from efiling.accounts.models import User
from efiling.accounts.permissions import Action
from efiling.api.auth import api_user_require, permission_mark, token_or_session
from efiling.api.idempotency import (
    header_parameter,
    idempotency_key_of,
    idempotent_operation,
)
from efiling.api.pagination import Page, PageQuery, paginate
from efiling.api.schemas import InputSchema, choices, column, errors
from efiling.cases.models import Case, Party
from efiling.core.errors import (
    LengthRequired,
    NotFound,
    UnsupportedMediaType,
    ValidationFailed,
)
from efiling.core.text import content_disposition
from efiling.courts.models import CaseType, Court, FilingCode
from efiling.courts.services import court_get
from efiling.filings import services
from efiling.filings.models import Document, Envelope, Filing, Status
from efiling.filings.receipt import receipt_pdf
from efiling.filings.uploads import UploadRefused, receive_raw_body

router = Router(tags=["Filing"], auth=token_or_session)
FILE = permission_mark(Action.FILE_IN_CASE)
# A creating operation: an Idempotency-Key makes its retry safe (optional here).
FILE_ONCE = {**FILE, **header_parameter(required=False)}
READ = permission_mark(Action.VIEW_OWN_FILINGS)
ERRORS = errors(401, 403, 404, 409)


class EnvelopeIn(InputSchema):
    court: str = column(Court, "code", description="Location code, e.g. SL.")
    case_number: str | None = column(
        Case,
        "number",
        None,
        description="Existing case, e.g. 26SL-CC00001; leave out for a new case. A case you "
        "may not see is answered as one that does not exist: the draft keeps only the number, "
        "and only an entry of appearance can be filed with it.",
    )
    case_type: str | None = column(
        CaseType, "code", None, description="New case: case type code, e.g. CC."
    )
    caption: str | None = column(
        Envelope, "caption", None, description="New case: e.g. Lawson v. Acme Corp."
    )
    signer_email: str | None = column(
        User, "email", None, description="Staff: the attorney whose signature it bears."
    )


def _party_name(name: str):
    return column(Party, name, "")


class PartyIn(InputSchema):
    kind: choices(Party.Kind)
    role: choices(Party.PartyRole)
    first_name: str = _party_name("first_name")
    middle_name: str = _party_name("middle_name")
    last_name: str = _party_name("last_name")
    organization_name: str = _party_name("organization_name")
    address_line1: str = _party_name("address_line1")
    address_line2: str = _party_name("address_line2")
    city: str = _party_name("city")
    state: str = _party_name("state")
    postal_code: str = _party_name("postal_code")
    represented: bool = Field(False, description="The filer files on behalf of this party.")


class FilingIn(InputSchema):
    code: str = column(FilingCode, "code", description="A filing code of the court, e.g. PET.")
    description: str = column(Filing, "description", "")
    responds_to: int | None = Field(
        None, description="Number of the case's docket entry this filing responds to."
    )


class SubmitIn(InputSchema):
    signature: str = column(
        Envelope, "signature", description='"/s/ " and the signing attorney\'s full name.'
    )
    fee_waiver_requested: bool | None = None


class UploadQuery(InputSchema):
    kind: choices(Document.Kind)
    file_name: str = column(
        Document, "original_name", description="The file's name, kept for display only."
    )
    title: str = column(
        Document, "title", "", description="Optional; the file name is used otherwise."
    )


class FilingListQuery(PageQuery):
    status: choices(Status) | None = Field(None, description="Only envelopes in this status.")


class DocumentOut(Schema):
    id: int
    kind: choices(Document.Kind)
    title: str
    original_name: str
    size: int
    sha256: str
    received_size: int = Field(description="Bytes of the file as received.")
    received_sha256: str = Field(
        description="SHA-256 of the file as received; differs from sha256 when the court keeps "
        "a cleaned copy."
    )
    pages: int
    text_searchable: bool
    cleaned: bool
    notes: list[str]
    redaction_findings: list[dict]
    redaction_confirmed: bool


class FilingOut(Schema):
    id: int
    position: int
    code: str
    name: str
    status: choices(Status)
    fee_cents: int
    review_reason: str
    responds_to: int | None = Field(description="The docket entry number it responds to.")
    documents: list[DocumentOut]


class EnvelopeOut(Schema):
    id: UUID
    status: choices(Status)
    status_label: str
    court: str
    case_number: str | None
    case_type: str | None
    caption: str
    confirmation_number: str | None
    submitted_at: datetime | None = Field(description="The filing time (UTC).")
    signer: str
    prepared_by: str
    fee_waiver_requested: bool
    fee_total_cents: int
    filings: list[FilingOut]
    problems: list[str] = Field(description="What still stops submission (drafts).")


class FeeLineOut(Schema):
    description: str
    amount_cents: int


class FeesOut(Schema):
    lines: list[FeeLineOut]
    total_cents: int
    to_hold_cents: int
    waiver_requested: bool


def _document_out(d) -> dict:
    return {
        "id": d.pk,
        "kind": d.kind,
        "title": d.title,
        "original_name": d.original_name,
        "size": d.size,
        "sha256": d.sha256,
        "received_size": d.received_size,
        "received_sha256": d.received_sha256,
        "pages": d.page_count,
        "text_searchable": d.text_searchable,
        "cleaned": d.cleaned,
        "notes": d.notes,
        "redaction_findings": d.redaction_findings,
        "redaction_confirmed": d.redaction_confirmed,
    }


def _envelope_out(envelope) -> dict:
    filings = envelope.filings.select_related("filing_code", "responds_to").prefetch_related(
        "documents"
    )
    return {
        "id": envelope.public_id,
        "status": envelope.status,
        "status_label": envelope.get_status_display(),
        "court": envelope.court.code,
        "case_number": envelope.case_number or None,
        "case_type": envelope.case_type.code if envelope.case_type else None,
        "caption": envelope.caption,
        "confirmation_number": envelope.confirmation_number,
        "submitted_at": envelope.submitted_at,
        "signer": envelope.signer.email,
        "prepared_by": envelope.prepared_by.email,
        "fee_waiver_requested": envelope.fee_waiver_requested,
        "fee_total_cents": envelope.fee_total_cents,
        "filings": [
            {
                "id": f.pk,
                "position": f.position,
                "code": f.filing_code.code,
                "name": f.filing_code.name,
                "status": f.status,
                "fee_cents": f.fee_cents,
                "review_reason": f.review_reason,
                "responds_to": f.responds_to.number if f.responds_to else None,
                "documents": [_document_out(d) for d in f.documents.all()],
            }
            for f in filings
        ],
        "problems": services.envelope_problems(envelope)
        if envelope.status in services.EDITABLE
        else [],
    }


def _mine(request, envelope_id, *, write: bool):
    user = api_user_require(
        request, Action.FILE_IN_CASE if write else Action.VIEW_OWN_FILINGS, write=write
    )
    return user, services.envelope_get_for_user(user=user, public_id=envelope_id)


@router.post(
    "/envelopes",
    response={201: EnvelopeOut, **ERRORS},
    operation_id="CreateEnvelope",
    url_name="CreateEnvelope",
    openapi_extra=FILE_ONCE,
    summary="Start a draft envelope (new case or existing case)",
)
@idempotent_operation("CreateEnvelope")
def create_envelope(request, payload: EnvelopeIn):
    user = api_user_require(request, Action.FILE_IN_CASE, write=True)
    court = court_get(code=payload.court)
    signer = user
    if payload.signer_email:
        signer = services.signer_by_email(user=user, email=payload.signer_email)
    case_type = None
    if not payload.case_number and payload.case_type:
        code = payload.case_type.strip().upper()
        case_type = CaseType.objects.filter(code=code).first()
        if case_type is None:
            raise ValidationFailed(f"There is no case type {code}.", field="case_type")
    envelope = services.draft_create(
        user=user,
        court=court,
        signer=signer,
        case_number=payload.case_number or "",
        case_type=case_type,
        caption=payload.caption or "",
        request=request,
    )
    return 201, _envelope_out(envelope)


@router.get(
    "/envelopes",
    response={200: Page[EnvelopeOut], **ERRORS},
    operation_id="GetFilingList",
    url_name="GetFilingList",
    openapi_extra=READ,
    summary="List your envelopes, newest first (ECF GetFilingList)",
)
def get_filing_list(request, response: HttpResponse, query: Query[FilingListQuery]):
    user = api_user_require(request, Action.VIEW_OWN_FILINGS)
    envelopes = services.envelopes_visible_to(user)
    if query.status:
        envelopes = envelopes.filter(status=query.status)
    return paginate(
        request,
        response,
        envelopes,
        query=query,
        key="created_at",
        descending=True,
        out=_envelope_out,
    )


@router.get(
    "/envelopes/{envelope_id}",
    response={200: EnvelopeOut, **ERRORS},
    operation_id="GetFilingStatus",
    url_name="GetFilingStatus",
    openapi_extra=READ,
    summary="An envelope and the status of each filing (ECF GetFilingStatus)",
)
def get_filing_status(request, envelope_id: UUID):
    _, envelope = _mine(request, envelope_id, write=False)
    return _envelope_out(envelope)


@router.post(
    "/envelopes/{envelope_id}/parties",
    response={201: EnvelopeOut, **ERRORS},
    operation_id="AddParty",
    url_name="AddParty",
    openapi_extra=FILE_ONCE,
    summary="Add a party to a new case",
)
@idempotent_operation("AddParty")
def add_party(request, envelope_id: UUID, payload: PartyIn):
    user, envelope = _mine(request, envelope_id, write=True)
    values = payload.dict()
    represented = values.pop("represented")
    services.party_add(
        envelope=envelope, user=user, values=values, represented=represented, request=request
    )
    return 201, _envelope_out(envelope)


@router.post(
    "/envelopes/{envelope_id}/filings",
    response={201: EnvelopeOut, **ERRORS},
    operation_id="AddFiling",
    url_name="AddFiling",
    openapi_extra=FILE_ONCE,
    summary="Add a filing (a lead document's slot) by filing code",
)
@idempotent_operation("AddFiling")
def add_filing(request, envelope_id: UUID, payload: FilingIn):
    user, envelope = _mine(request, envelope_id, write=True)
    services.filing_add(
        envelope=envelope,
        user=user,
        code=payload.code,
        description=payload.description,
        responds_to=payload.responds_to,
        request=request,
    )
    return 201, _envelope_out(envelope)


def _require_pdf_body(request) -> None:
    """The body must be the PDF itself (415 otherwise: a multipart form is not read as a PDF)
    with its length declared (411: a chunked body is refused before anything is read)."""
    if request.content_type != "application/pdf":
        raise UnsupportedMediaType(
            "Send the PDF itself as the request body, with Content-Type: application/pdf "
            f"(this request has {request.content_type or 'no content type'}).",
        )
    if not request.META.get("CONTENT_LENGTH", "").strip().isdigit():
        raise LengthRequired(
            "Send the PDF with a Content-Length header (a chunked upload is not accepted)."
        )


@router.post(
    "/envelopes/{envelope_id}/filings/{filing_id}/documents",
    response={201: DocumentOut, **ERRORS, **errors(411, 415)},
    operation_id="UploadDocument",
    url_name="UploadDocument",
    openapi_extra={
        **FILE,
        "requestBody": {
            "required": True,
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
    },
    summary="Upload a document: the request body is the PDF itself",
)
def upload_document(request, envelope_id: UUID, filing_id: int, query: Query[UploadQuery]):
    _require_pdf_body(request)
    user, envelope = _mine(request, envelope_id, write=True)
    filing = envelope.filings.filter(pk=filing_id).first()
    if filing is None:
        raise NotFound("There is no such filing in this envelope.")
    max_file, room = services.upload_limits(envelope)
    try:
        received = receive_raw_body(
            request, file_name=query.file_name, max_file_bytes=max_file, max_total_bytes=room
        )
    except UploadRefused as refused:
        return 413, {"detail": services.refusal_message(refused.refused), "code": "too_large"}
    document = services.document_add(
        envelope=envelope,
        user=user,
        filing=filing,
        kind=query.kind,
        title=query.title,
        received=received,
        request=request,
    )
    return 201, _document_out(document)


@router.post(
    "/envelopes/{envelope_id}/documents/{document_id}/confirm-redaction",
    response={200: EnvelopeOut, **ERRORS},
    operation_id="ConfirmRedaction",
    url_name="ConfirmRedaction",
    openapi_extra=FILE,
    summary="Confirm a flagged document is properly redacted (Rule 55.025)",
)
def confirm_redaction(request, envelope_id: UUID, document_id: int):
    user, envelope = _mine(request, envelope_id, write=True)
    services.redaction_confirm(
        envelope=envelope, user=user, document_id=document_id, request=request
    )
    return _envelope_out(envelope)


@router.get(
    "/envelopes/{envelope_id}/fees",
    response={200: FeesOut, **ERRORS},
    operation_id="GetFeesCalculation",
    url_name="GetFeesCalculation",
    openapi_extra=READ,
    summary="The fees of the envelope as it stands (ECF GetFeesCalculation)",
)
def get_fees_calculation(request, envelope_id: UUID):
    _, envelope = _mine(request, envelope_id, write=False)
    fees = services.envelope_fees(envelope)
    return {
        "lines": [
            {"description": line.description, "amount_cents": line.amount_cents}
            for line in fees.lines
        ],
        "total_cents": fees.total_cents,
        "to_hold_cents": fees.to_hold_cents,
        "waiver_requested": fees.waiver_requested,
    }


@router.post(
    "/envelopes/{envelope_id}/submit",
    response={200: EnvelopeOut, **ERRORS},
    operation_id="ReviewFiling",
    url_name="ReviewFiling",
    openapi_extra={**FILE, **header_parameter(required=True)},
    summary="Sign and submit (ECF ReviewFiling); needs an Idempotency-Key header",
)
@idempotent_operation("ReviewFiling")
def review_filing(request, envelope_id: UUID, payload: SubmitIn):
    user, envelope = _mine(request, envelope_id, write=True)
    key = idempotency_key_of(request, required=True)
    if payload.fee_waiver_requested is not None and envelope.status in services.EDITABLE:
        services.fee_waiver_set(
            envelope=envelope, user=user, requested=payload.fee_waiver_requested, request=request
        )
    # The envelope keeps its own key (the pages' retry rule); from the API, the key's digest,
    # which fits its column whatever the key's length.
    envelope = services.envelope_submit(
        envelope=envelope,
        user=user,
        idempotency_key=hashlib.sha256(key.encode()).hexdigest(),
        signature=payload.signature,
        request=request,
    )
    return _envelope_out(envelope)


@router.post(
    "/envelopes/{envelope_id}/cancel",
    response={200: EnvelopeOut, **ERRORS},
    operation_id="CancelFiling",
    url_name="CancelFiling",
    openapi_extra=FILE,
    summary="Cancel before review (ECF CancelFiling)",
)
def cancel_filing(request, envelope_id: UUID):
    user, envelope = _mine(request, envelope_id, write=True)
    return _envelope_out(services.envelope_cancel(envelope=envelope, user=user, request=request))


@router.get(
    "/envelopes/{envelope_id}/receipt.pdf",
    response={200: None, **ERRORS},
    operation_id="GetReceipt",
    url_name="GetReceipt",
    openapi_extra=READ,
    summary="The filing receipt as PDF",
)
def get_receipt(request, envelope_id: UUID):
    _, envelope = _mine(request, envelope_id, write=False)
    response = HttpResponse(
        receipt_pdf(services.receipt_data(envelope)), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition(
        f"receipt-{envelope.confirmation_number}.pdf", disposition="attachment"
    )
    return response
