"""The filer's records of filing attempts (Rule 103.06): GetFilingAttemptList, each attempt
that did not end in a receipt (efiling.availability.attempts), latest first."""

from datetime import datetime
from uuid import UUID

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from efiling.accounts.permissions import Action
from efiling.api.auth import api_user_require, permission_mark, token_or_session
from efiling.api.pagination import Page, PageQuery, paginate
from efiling.api.schemas import choices, errors
from efiling.availability.attempts import attempts_of
from efiling.availability.models import FilingAttempt

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
