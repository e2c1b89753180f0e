"""Filing through the API, with ECF operation names where ECF has one: GetFeesCalculation,
ReviewFiling (submit), ServeFiling (serve documents not filed with the court, such as
discovery: decision 0014), GetFilingStatus, GetFilingList, CancelFiling; plus the steps that
assemble an envelope as the wizard does (create, add and remove parties, filings and
documents, confirm a redaction, delete a draft), the receipt and the certificate of service
(GetCertificateOfService). Every operation that changes something takes an Idempotency-Key
(efiling.api.idempotency): a retry is then safe."""

import hashlib

from django.http import HttpResponse
from ninja import Query, Router

from efiling.accounts.permissions import Action
from efiling.api.auth import api_user_require, permission_mark, token_or_session
from efiling.api.filing_schemas import (
    DocumentOut,
    EnvelopeIn,
    EnvelopeOut,
    FeesOut,
    FilingIn,
    FilingListQuery,
    PartyIn,
    ServeIn,
    SubmitIn,
    UploadQuery,
    document_out,
    envelope_out,
)
from efiling.api.idempotency import (
    claimed_operation,
    header_parameter,
    idempotency_key_of,
    idempotency_record_exists,
    idempotent_operation,
    request_fingerprint,
)
from efiling.api.pagination import Page, paginate
from efiling.api.parser import file_body_check
from efiling.api.schemas import PlainInt, PlainUUID, errors
from efiling.api.service import FilingStatusOut, service_out
from efiling.api.summonses import service_of_process_out, service_requests_out
from efiling.core.errors import (
    NotFound,
    ValidationFailed,
)
from efiling.core.text import content_disposition
from efiling.courts.models import CaseType
from efiling.courts.services import court_get
from efiling.filings import closing, services
from efiling.filings.attempts import submission_attempted
from efiling.filings.certificate import certificate_data, certificate_pdf
from efiling.filings.documents import (
    document_add,
    document_remove,
    redaction_confirm,
    refusal_message,
)
from efiling.filings.parties import party_add, party_remove
from efiling.filings.receipt import receipt_pdf
from efiling.filings.receipt_data import receipt_data
from efiling.filings.serving import envelope_serve
from efiling.filings.uploads import UploadRefused, receive_raw_body, upload_limits

router = Router(tags=["Filing"], auth=token_or_session)
FILE = permission_mark(Action.FILE_IN_CASE)
# An operation that changes something: an Idempotency-Key makes its retry safe (optional).
FILE_ONCE = {**FILE, **header_parameter(required=False)}
READ = permission_mark(Action.VIEW_OWN_FILINGS)
ERRORS = errors(401, 403, 404, 409)
# Operations that read a JSON body also answer 415 (a body that is not JSON in UTF-8).
JSON_BODY_ERRORS = errors(401, 403, 404, 409, 415)
# Submissions record the 503 "maintenance" (COMMON_ERRORS) as a filing attempt.
SUBMISSION_ERRORS = errors(401, 403, 404, 409, 415)


def _mine(request, envelope_id, *, write: bool):
    user = api_user_require(request, Action.FILE_IN_CASE if write else Action.VIEW_OWN_FILINGS)
    return user, services.envelope_get_for_user(user=user, public_id=envelope_id, request=request)


@router.post(
    "/envelopes",
    response={201: EnvelopeOut, **JSON_BODY_ERRORS},
    operation_id="CreateEnvelope",
    url_name="CreateEnvelope",
    openapi_extra=FILE_ONCE,
    summary="Start a draft envelope (new case or existing case)",
)
@idempotent_operation("CreateEnvelope", action=Action.FILE_IN_CASE)
def create_envelope(request, payload: EnvelopeIn):
    user = api_user_require(request, Action.FILE_IN_CASE)
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
        serve_only=payload.serve_only,
        request=request,
    )
    return 201, envelope_out(envelope)


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
        out=envelope_out,
        on_page=lambda shown: services.envelopes_listed_audit(
            user=user, envelopes=shown, request=request
        ),
    )


@router.get(
    "/envelopes/{envelope_id}",
    response={200: FilingStatusOut, **ERRORS},
    operation_id="GetFilingStatus",
    url_name="GetFilingStatus",
    openapi_extra=READ,
    summary="An envelope, the status of each filing and its service (ECF GetFilingStatus)",
)
def get_filing_status(request, envelope_id: PlainUUID):
    _, envelope = _mine(request, envelope_id, write=False)
    return {
        **envelope_out(envelope),
        "service": service_out(envelope),
        "service_requests": service_requests_out(envelope),
        "service_of_process": service_of_process_out(envelope.case) if envelope.case_id else [],
    }


@router.post(
    "/envelopes/{envelope_id}/parties",
    response={201: EnvelopeOut, **JSON_BODY_ERRORS},
    operation_id="AddParty",
    url_name="AddParty",
    openapi_extra=FILE_ONCE,
    summary="Add a party to a new case",
)
@idempotent_operation("AddParty", action=Action.FILE_IN_CASE)
def add_party(request, envelope_id: PlainUUID, payload: PartyIn):
    user, envelope = _mine(request, envelope_id, write=True)
    values = payload.dict()
    represented = values.pop("represented")
    party_add(envelope=envelope, user=user, values=values, represented=represented, request=request)
    return 201, envelope_out(envelope)


@router.delete(
    "/envelopes/{envelope_id}/parties/{party_id}",
    response={200: EnvelopeOut, **ERRORS},
    operation_id="RemoveParty",
    url_name="RemoveParty",
    openapi_extra=FILE_ONCE,
    summary="Remove a party from a new case's draft",
)
@idempotent_operation("RemoveParty", action=Action.FILE_IN_CASE)
def remove_party(request, envelope_id: PlainUUID, party_id: PlainInt):
    user, envelope = _mine(request, envelope_id, write=True)
    party_remove(envelope=envelope, user=user, party_id=party_id, request=request)
    return envelope_out(envelope)


@router.post(
    "/envelopes/{envelope_id}/filings",
    response={201: EnvelopeOut, **JSON_BODY_ERRORS},
    operation_id="AddFiling",
    url_name="AddFiling",
    openapi_extra=FILE_ONCE,
    summary="Add a filing (a lead document's slot) by filing code",
)
@idempotent_operation("AddFiling", action=Action.FILE_IN_CASE)
def add_filing(request, envelope_id: PlainUUID, payload: FilingIn):
    user, envelope = _mine(request, envelope_id, write=True)
    services.filing_add(
        envelope=envelope,
        user=user,
        code=payload.code,
        description=payload.description,
        responds_to=payload.responds_to,
        appearing_for=payload.appearing_for,
        request=request,
    )
    return 201, envelope_out(envelope)


@router.delete(
    "/envelopes/{envelope_id}/filings/{filing_id}",
    response={200: EnvelopeOut, **ERRORS},
    operation_id="RemoveFiling",
    url_name="RemoveFiling",
    openapi_extra=FILE_ONCE,
    summary="Remove a filing and its documents from a draft",
)
@idempotent_operation("RemoveFiling", action=Action.FILE_IN_CASE)
def remove_filing(request, envelope_id: PlainUUID, filing_id: PlainInt):
    user, envelope = _mine(request, envelope_id, write=True)
    services.filing_remove(envelope=envelope, user=user, filing_id=filing_id, request=request)
    return envelope_out(envelope)


def _require_pdf_body(request) -> None:
    """The body must be the PDF itself (415 otherwise: a multipart form is not read as a PDF)
    with its length declared (411: a chunked body is refused before anything is read)."""
    file_body_check(
        request,
        accepted={
            "application/pdf": "itself as the request body, with Content-Type: application/pdf"
        },
        what="the PDF",
    )


@router.post(
    "/envelopes/{envelope_id}/filings/{filing_id}/documents",
    response={201: DocumentOut, **JSON_BODY_ERRORS},
    operation_id="UploadDocument",
    url_name="UploadDocument",
    openapi_extra={
        **FILE_ONCE,
        "requestBody": {
            "required": True,
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
    },
    summary="Upload a document: the request body is the PDF itself",
)
def upload_document(
    request, envelope_id: PlainUUID, filing_id: PlainInt, query: Query[UploadQuery]
):
    """The PDF streams into the document store (a local folder; else a temporary file),
    hashed on the way and written once, is checked outside any transaction, then recorded
    in one short transaction. With an Idempotency-Key, the key is
    claimed before the checks and its answer recorded in that transaction (the fingerprint
    takes the file's SHA-256), so a retry replays instead of filing the document twice."""
    _require_pdf_body(request)
    user, envelope = _mine(request, envelope_id, write=True)
    key = idempotency_key_of(request, required=False)
    filing = envelope.filings.filter(pk=filing_id).first()
    if filing is None:
        raise NotFound("There is no such filing in this envelope.")
    max_file, room = upload_limits(envelope)
    if idempotency_record_exists(user=user, key=key):
        room = max(room, max_file)  # a retry of an upload that already took its room
    try:
        received = receive_raw_body(
            request, file_name=query.file_name, max_file_bytes=max_file, max_total_bytes=room
        )
    except UploadRefused as refused:
        return 413, {"detail": refusal_message(refused.refused), "code": "too_large"}

    def run(complete):
        answer = {}
        document_add(
            envelope=envelope,
            user=user,
            filing=filing,
            kind=query.kind,
            title=query.title,
            received=received,
            request=request,
            in_transaction=lambda document: answer.update(
                body=complete(201, document_out(document))
            ),
        )
        return 201, answer["body"]

    try:
        return claimed_operation(
            user=user,
            operation="UploadDocument",
            key=key,
            fingerprint=lambda: request_fingerprint(request, body_sha256=received.sha256),
            run=run,
        )
    finally:
        received.discard()  # document_add discards it too; a replay never reaches it


@router.delete(
    "/envelopes/{envelope_id}/documents/{document_id}",
    response={200: EnvelopeOut, **ERRORS},
    operation_id="RemoveDocument",
    url_name="RemoveDocument",
    openapi_extra=FILE_ONCE,
    summary="Remove a document from a draft (its stored file goes too)",
)
@idempotent_operation("RemoveDocument", action=Action.FILE_IN_CASE)
def remove_document(request, envelope_id: PlainUUID, document_id: PlainInt):
    user, envelope = _mine(request, envelope_id, write=True)
    document_remove(envelope=envelope, user=user, document_id=document_id, request=request)
    return envelope_out(envelope)


@router.post(
    "/envelopes/{envelope_id}/documents/{document_id}/confirm-redaction",
    response={200: EnvelopeOut, **ERRORS},
    operation_id="ConfirmRedaction",
    url_name="ConfirmRedaction",
    openapi_extra=FILE_ONCE,
    summary="Confirm a flagged document is properly redacted (Rule 55.025)",
)
@idempotent_operation("ConfirmRedaction", action=Action.FILE_IN_CASE)
def confirm_redaction(request, envelope_id: PlainUUID, document_id: PlainInt):
    user, envelope = _mine(request, envelope_id, write=True)
    redaction_confirm(envelope=envelope, user=user, document_id=document_id, request=request)
    return envelope_out(envelope)


@router.get(
    "/envelopes/{envelope_id}/fees",
    response={200: FeesOut, **ERRORS},
    operation_id="GetFeesCalculation",
    url_name="GetFeesCalculation",
    openapi_extra=READ,
    summary="The fees of the envelope as it stands (ECF GetFeesCalculation)",
)
def get_fees_calculation(request, envelope_id: PlainUUID):
    _, envelope = _mine(request, envelope_id, write=False)
    fees = services.envelope_fees(envelope)
    return {
        "lines": [
            {"description": line.description, "amount_cents": line.amount_cents}
            for line in (*fees.lines, *fees.service_lines)  # service of process: issue 14
        ],
        "total_cents": fees.total_cents,
        "to_hold_cents": fees.to_hold_cents,
        "waiver_requested": fees.waiver_requested,
    }


@router.post(
    "/envelopes/{envelope_id}/submit",
    response={200: EnvelopeOut, **SUBMISSION_ERRORS},
    operation_id="ReviewFiling",
    url_name="ReviewFiling",
    openapi_extra={**FILE, **header_parameter(required=True)},
    summary="Sign and submit (ECF ReviewFiling); needs an Idempotency-Key header",
)
@submission_attempted("ReviewFiling")
@idempotent_operation("ReviewFiling", action=Action.FILE_IN_CASE, required=True)
def review_filing(request, response: HttpResponse, envelope_id: PlainUUID, payload: SubmitIn):
    """An answer that is not a receipt is recorded as a filing attempt (Rule 103.06): its
    error body gives "attempt_reference"; a retry that replays a lost answer is recorded too,
    its reference in the header Attempt-Reference (efiling.filings.attempts). 503
    "maintenance" with Retry-After while planned maintenance stops filing in the court."""
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
    return envelope_out(envelope)


@router.post(
    "/envelopes/{envelope_id}/serve",
    response={200: EnvelopeOut, **SUBMISSION_ERRORS},
    operation_id="ServeFiling",
    url_name="ServeFiling",
    openapi_extra={**FILE, **header_parameter(required=True)},
    summary="Sign and serve documents not filed with the court (ECF ServeFiling); needs an "
    "Idempotency-Key header",
)
@submission_attempted("ServeFiling")
@idempotent_operation("ServeFiling", action=Action.FILE_IN_CASE, required=True)
def serve_filing(request, response: HttpResponse, envelope_id: PlainUUID, payload: ServeIn):
    """A serve-only envelope (CreateEnvelope with serve_only): served at once on the people its
    service list names, status "served"; no fee, no clerk, no docket. 409 not_serve_only for an
    envelope to be filed (use ReviewFiling), 422 nobody_to_serve for a case with nobody to
    serve; a retry with the same key answers the same envelope. Recorded as ReviewFiling is
    when it does not end in service (filing attempts)."""
    user, envelope = _mine(request, envelope_id, write=True)
    key = idempotency_key_of(request, required=True)
    envelope = envelope_serve(
        envelope=envelope,
        user=user,
        idempotency_key=hashlib.sha256(key.encode()).hexdigest(),
        signature=payload.signature,
        request=request,
    )
    return envelope_out(envelope)


@router.post(
    "/envelopes/{envelope_id}/cancel",
    response={200: EnvelopeOut, **ERRORS},
    operation_id="CancelFiling",
    url_name="CancelFiling",
    openapi_extra=FILE_ONCE,
    summary="Cancel before review, or withdraw one returned for correction (ECF CancelFiling)",
)
@idempotent_operation("CancelFiling", action=Action.FILE_IN_CASE)
def cancel_filing(request, envelope_id: PlainUUID):
    user, envelope = _mine(request, envelope_id, write=True)
    return envelope_out(closing.envelope_cancel(envelope=envelope, user=user, request=request))


@router.post(
    "/envelopes/{envelope_id}/pay-fees",
    response={200: EnvelopeOut, **errors(401, 403, 404, 409)},
    operation_id="PayFees",
    url_name="PayFees",
    openapi_extra=FILE_ONCE,
    summary="After a denied fee waiver: hold the fees from the payment account",
)
@idempotent_operation("PayFees", action=Action.FILE_IN_CASE)
def pay_fees(request, envelope_id: PlainUUID):
    """422 insufficient_funds (with add_funds_url) when the account is short; 409
    nothing_to_pay when the envelope does not wait for a payment."""
    user, envelope = _mine(request, envelope_id, write=True)
    return envelope_out(closing.envelope_fee_pay(envelope=envelope, user=user, request=request))


@router.delete(
    "/envelopes/{envelope_id}",
    response={204: None, **ERRORS},
    operation_id="DeleteDraft",
    url_name="DeleteDraft",
    openapi_extra=FILE_ONCE,
    summary="Delete a draft envelope that was never submitted (its documents go too)",
)
@idempotent_operation("DeleteDraft", action=Action.FILE_IN_CASE)
def delete_draft(request, envelope_id: PlainUUID):
    user, envelope = _mine(request, envelope_id, write=True)
    closing.draft_delete(envelope=envelope, user=user, request=request)
    return 204, None


@router.get(
    "/envelopes/{envelope_id}/receipt.pdf",
    response={200: None, **ERRORS},
    operation_id="GetReceipt",
    url_name="GetReceipt",
    openapi_extra=READ,
    summary="The filing receipt as PDF",
)
def get_receipt(request, envelope_id: PlainUUID):
    _, envelope = _mine(request, envelope_id, write=False)
    response = HttpResponse(receipt_pdf(receipt_data(envelope)), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"receipt-{envelope.confirmation_number}.pdf", disposition="attachment"
    )
    return response


@router.get(
    "/envelopes/{envelope_id}/certificate-of-service.pdf",
    response={200: None, **ERRORS},
    operation_id="GetCertificateOfService",
    url_name="GetCertificateOfService",
    openapi_extra=READ,
    summary="The certificate of service as PDF: who was served, how and when",
)
def get_certificate_of_service(request, envelope_id: PlainUUID):
    _, envelope = _mine(request, envelope_id, write=False)
    response = HttpResponse(
        certificate_pdf(certificate_data(envelope)), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition(
        f"certificate-of-service-{envelope.confirmation_number}.pdf", disposition="attachment"
    )
    return response
