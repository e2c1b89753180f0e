"""The records of filing attempts (Rule 103.06): GetFilingAttemptList, the filer's attempts
that did not end in a receipt (efiling.availability.attempts), latest first; and
VerifyFilingAttemptRecord, anyone's check (no sign-in) of a signed record's PDF, what the
verification page answers (efiling.availability.attempt_record.record_verify)."""

from datetime import date, datetime
from uuid import UUID

from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import Field, Query, Router, Schema

from efiling.accounts.permissions import Action
from efiling.api.auth import api_user_require, permission_mark, token_or_session
from efiling.api.pagination import Page, PageQuery, paginate
from efiling.api.parser import file_body_check
from efiling.api.schemas import choices, errors
from efiling.availability.attempt_record import (
    RECORD_MAX_BYTES,
    NotGenuine,
    record_too_large,
    record_upload_read,
    record_verify,
)
from efiling.availability.attempts import attempts_of
from efiling.availability.models import FilingAttempt
from efiling.core.errors import ValidationFailed
from efiling.core.query import uploaded_file

router = Router(tags=["Filing attempts"], auth=token_or_session)


class FilingAttemptOut(Schema):
    reference: str = Field(description='The attempt\'s reference, such as "FA-7K3M-Q9XD".')
    occurred_at: datetime = Field(description="When it was made (UTC).")
    court: str | None = Field(description="The court's code; null when not known.")
    case_number: str
    envelope_id: UUID | None
    operation: str = Field(description="What was tried (ReviewFiling, ServeFiling, the page).")
    kind: choices(FilingAttempt.Kind)
    status_code: int = Field(description="The HTTP status the attempt was answered with.")
    what_went_wrong: str


def attempt_out(attempt: FilingAttempt) -> dict:
    return {
        "reference": attempt.reference,
        "occurred_at": attempt.occurred_at,
        "court": attempt.court.code if attempt.court_id else None,
        "case_number": attempt.case_number,
        "envelope_id": attempt.envelope_public_id,
        "operation": attempt.operation,
        "kind": attempt.kind,
        "status_code": attempt.status_code,
        "what_went_wrong": attempt.what_went_wrong,
    }


@router.get(
    "/filing-attempts",
    response={200: Page[FilingAttemptOut], **errors()},
    operation_id="GetFilingAttemptList",
    url_name="GetFilingAttemptList",
    openapi_extra=permission_mark(Action.VIEW_OWN_FILINGS),
    summary="Your filing attempts that did not end in a receipt, latest first (Rule 103.06)",
)
def get_filing_attempt_list(request, response: HttpResponse, query: Query[PageQuery]):
    user = api_user_require(request, Action.VIEW_OWN_FILINGS)
    return paginate(
        request,
        response,
        attempts_of(user),
        query=query,
        key="occurred_at",
        descending=True,
        out=attempt_out,
    )


RAW = "application/pdf"
FORM = "multipart/form-data"
# What a multipart body may hold around the file (boundaries, headers) within the size cap.
FORM_OVERHEAD_BYTES = 64 * 1024


class FilingAttemptRecordCheckOut(Schema):
    genuine: bool = Field(description="Made and signed by this system, and unchanged since.")
    reason: str = Field(description="Why it is not genuine, in words; empty when genuine.")
    key_id: str = Field(description="The signing key's id (the status page lists the keys).")
    signed_at: datetime | None = Field(description="When it was signed (UTC).")
    filer: str
    filer_email: str
    first_day: date | None = Field(description="The range's first day (YYYY-MM-DD), included.")
    last_day: date | None = Field(description="The range's last day (YYYY-MM-DD), included.")
    time_zone: str = Field(description="The zone of the range's days (IANA name).")
    attempts: int = Field(description="How many filing attempts it lists.")
    references: list[str] = Field(description="Their references, oldest first.")
    outages: int = Field(description="How many outages (windows and incidents) it lists.")


NOT_GENUINE_OUT = {
    "genuine": False,
    "key_id": "",
    "signed_at": None,
    "filer": "",
    "filer_email": "",
    "first_day": None,
    "last_day": None,
    "time_zone": "",
    "attempts": 0,
    "references": [],
    "outages": 0,
}


def _record_bytes(request) -> bytes:
    """The record's bytes: the body itself (application/pdf) or the form's file "record"
    (multipart/form-data). 415 for another type, 411 without Content-Length, 413 over the
    cap (before reading), 422 for a form without the file or one that cannot be read."""
    file_body_check(
        request,
        accepted={
            RAW: f"as the request body with Content-Type: {RAW}",
            FORM: f'as the file "record" of a {FORM} body',
        },
        what="the record's PDF",
    )
    overhead = FORM_OVERHEAD_BYTES if request.content_type == FORM else 0
    if int(request.META["CONTENT_LENGTH"]) > RECORD_MAX_BYTES + overhead:
        raise record_too_large()
    if request.content_type == RAW:
        return request.read(RECORD_MAX_BYTES + 1)
    try:
        upload = uploaded_file(request, "record")
    except MultiPartParserError as exc:
        raise ValidationFailed(
            f"The multipart body could not be read ({exc}).", field="record"
        ) from exc
    return record_upload_read(upload)


@router.post(
    "/public/filing-attempt-records/verify",
    auth=None,
    response={200: FilingAttemptRecordCheckOut, **errors(415, 429)},
    operation_id="VerifyFilingAttemptRecord",
    url_name="VerifyFilingAttemptRecord",
    openapi_extra={
        "x-permission": "public",
        "requestBody": {
            "required": True,
            "content": {
                RAW: {"schema": {"type": "string", "format": "binary"}},
                FORM: {
                    "schema": {
                        "type": "object",
                        "properties": {"record": {"type": "string", "format": "binary"}},
                        "required": ["record"],
                    }
                },
            },
        },
    },
    summary=f"Check a record of filing attempts (its PDF, at most {RECORD_MAX_BYTES // 2**20} MB): "
    "genuine or not, who and which range it covers, which key signed it; no sign-in",
    tags=["Filing attempts"],
)
def verify_filing_attempt_record(request):
    """Stores nothing (the public verification page's check). A PDF that is not genuine (one
    byte changed, a key not held, no signature) is 200 with `genuine` false and the reason; a
    file that is not a PDF is 422 "not_pdf". Counted by the public throttle (429)."""
    data = _record_bytes(request)
    try:
        verified = record_verify(data)
    except NotGenuine as exc:
        if exc.code == "not_pdf":
            raise
        return {**NOT_GENUINE_OUT, "reason": exc.message}
    payload = verified.payload
    return {
        "genuine": True,
        "reason": "",
        "key_id": verified.key_id,
        "signed_at": verified.signed_at,
        "filer": payload["filer"],
        "filer_email": payload["filer_email"],
        "first_day": payload["from"],
        "last_day": payload["to"],
        "time_zone": payload["time_zone"],
        "attempts": payload["attempts"],
        "references": payload["references"],
        "outages": payload["outages"],
    }
