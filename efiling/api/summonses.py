"""Service of process in the API (issue 14): a filer asks for service with a new case
(SetServiceRequest, RemoveServiceRequest); a sheriff's system fetches the summonses its office
must serve (GetSummonsList, GetSummons, GetSummonsDocument) and files returns
(FileServiceReturn), as a filer of record may for a summons of their case. The rules are
efiling.filings.service_requests and efiling.service.summons: a summons the caller may not
see is a 404 exactly as one that does not exist."""

import re
from datetime import date, datetime, time

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from efiling.accounts.permissions import Action
from efiling.api.auth import api_user_require, permission_mark, token_or_session
from efiling.api.idempotency import header_parameter, idempotent_operation
from efiling.api.pagination import Page, PageQuery, paginate
from efiling.api.schemas import BodySchema, PlainInt, PlainUUID, choices, column, errors
from efiling.cases.access import cases_listed_audit
from efiling.core.errors import ValidationFailed
from efiling.core.text import clean_text, parse_date
from efiling.courts.models import ServiceManner
from efiling.docket.access import document_read_audit
from efiling.filings import services
from efiling.filings.models import ServiceRequest
from efiling.filings.service_requests import service_request_remove, service_request_set
from efiling.filings.storage import document_pdf_response
from efiling.service import summons as summonses
from efiling.service.summons_models import ReturnOfService, Summons

router = Router(tags=["Service of process"], auth=token_or_session)
FILE_ONCE = {**permission_mark(Action.FILE_IN_CASE), **header_parameter(required=False)}
RETURN_ONCE = {
    **permission_mark(Action.FILE_SERVICE_RETURN),
    **header_parameter(required=False),
}
ERRORS = errors(401, 403, 404, 409)
JSON_BODY_ERRORS = errors(401, 403, 404, 409, 415)


class ServiceRequestIn(BodySchema):
    party_id: PlainInt = Field(description="A party of the new case's draft (not yours).")
    manner: choices(ServiceManner)
    county: str = column(ServiceRequest, "county", "", description="By sheriff: the county.")
    process_server: str = column(ServiceRequest, "process_server", "")
    appointment_request: str = column(ServiceRequest, "appointment_request", "")


class ServiceRequestOut(Schema):
    party_id: int
    manner: choices(ServiceManner)
    county: str
    process_server: str


class ServiceReturnOut(Schema):
    outcome: choices(ReturnOfService.Outcome)
    served_on: date | None
    served_time: str | None
    how_served: str
    person_served: str
    reason: str
    docket_number: int
    filed_at: datetime


class SummonsOut(Schema):
    id: int
    case_number: str
    caption: str
    court: str = Field(description="Location code of the court that issued it.")
    party: str
    address: list[str]
    manner: choices(ServiceManner)
    county: str
    status: choices(Summons.Status)
    alias_of: int | None
    issued_at: datetime | None
    docket_number: int | None
    answer_due: date | None
    service_return: ServiceReturnOut | None


def _summons_out(summons: Summons) -> dict:
    party = summons.party
    found = getattr(summons, "service_return", None)
    return {
        "id": summons.pk,
        "case_number": summons.case.number,
        "caption": summons.case.caption,
        "court": summons.case.court.code,
        "party": party.display_name,
        "address": [
            line
            for line in (
                party.address_line1,
                party.address_line2,
                f"{party.city} {party.state} {party.postal_code}".strip(),
            )
            if line
        ],
        "manner": summons.manner,
        "county": summons.county,
        "status": summons.status,
        "alias_of": summons.alias_of_id,
        "issued_at": summons.issued_at,
        "docket_number": summons.docket_entry.number if summons.docket_entry_id else None,
        "answer_due": summons.answer_deadline.due_date if summons.answer_deadline_id else None,
        "service_return": None
        if found is None
        else {
            "outcome": found.outcome,
            "served_on": found.served_on,
            "served_time": found.served_time.strftime("%H:%M") if found.served_time else None,
            "how_served": found.how_served,
            "person_served": found.person_served,
            "reason": found.reason,
            "docket_number": found.docket_entry.number,
            "filed_at": found.filed_at,
        },
    }


@router.post(
    "/envelopes/{envelope_id}/service-requests",
    response={201: ServiceRequestOut, **JSON_BODY_ERRORS},
    operation_id="SetServiceRequest",
    url_name="SetServiceRequest",
    openapi_extra=FILE_ONCE,
    summary="Ask for service of process on a party of a new case (after the petition)",
)
@idempotent_operation("SetServiceRequest", action=Action.FILE_IN_CASE)
def set_service_request(request, envelope_id: PlainUUID, payload: ServiceRequestIn):
    user = api_user_require(request, Action.FILE_IN_CASE)
    envelope = services.envelope_get_for_user(user=user, public_id=envelope_id, request=request)
    values = payload.dict()
    party_id = values.pop("party_id")
    made = service_request_set(
        envelope=envelope, user=user, party_id=party_id, values=values, request=request
    )
    return 201, {
        "party_id": made.party_id,
        "manner": made.manner,
        "county": made.county,
        "process_server": made.process_server,
    }


@router.delete(
    "/envelopes/{envelope_id}/service-requests/{party_id}",
    response={204: None, **ERRORS},
    operation_id="RemoveServiceRequest",
    url_name="RemoveServiceRequest",
    openapi_extra=FILE_ONCE,
    summary="Withdraw the service of process asked for on a party of a new case's draft",
)
@idempotent_operation("RemoveServiceRequest", action=Action.FILE_IN_CASE)
def remove_service_request(request, envelope_id: PlainUUID, party_id: PlainInt):
    user = api_user_require(request, Action.FILE_IN_CASE)
    envelope = services.envelope_get_for_user(user=user, public_id=envelope_id, request=request)
    service_request_remove(envelope=envelope, user=user, party_id=party_id, request=request)
    return 204, None


@router.get(
    "/summonses",
    response={200: Page[SummonsOut], **errors(401, 403)},
    operation_id="GetSummonsList",
    url_name="GetSummonsList",
    openapi_extra=permission_mark(Action.SERVE_PROCESS),
    summary="A sheriff's office's summonses to serve in its county, oldest first",
)
def get_summons_list(request, response: HttpResponse, query: Query[PageQuery]):
    user = api_user_require(request, Action.SERVE_PROCESS)
    return paginate(
        request,
        response,
        summonses.summonses_to_serve(user),
        query=query,
        key="issued_at",
        descending=False,
        out=_summons_out,
        on_page=lambda shown: cases_listed_audit(
            user=user, cases=[s.case for s in shown], request=request, what="summonses"
        ),
    )


@router.get(
    "/summonses/{summons_id}",
    response={200: SummonsOut, **errors(401, 403, 404)},
    operation_id="GetSummons",
    url_name="GetSummons",
    openapi_extra=permission_mark(Action.VIEW_SUMMONSES),
    summary="One summons, its state and its return",
)
def get_summons(request, summons_id: PlainInt):
    user = api_user_require(request, Action.VIEW_SUMMONSES)
    return _summons_out(summonses.summons_get(user=user, summons_id=summons_id))


@router.get(
    "/summonses/{summons_id}/document",
    response={200: None, **errors(401, 403, 404, 410)},
    operation_id="GetSummonsDocument",
    url_name="GetSummonsDocument",
    openapi_extra=permission_mark(Action.VIEW_SUMMONSES),
    summary="The summons as docketed (PDF, file-stamped once the stamp is made)",
)
def get_summons_document(request, summons_id: PlainInt):
    user = api_user_require(request, Action.VIEW_SUMMONSES)
    found = summonses.summons_get(user=user, summons_id=summons_id)
    document_read_audit(user, found.document, found.case, request)
    return document_pdf_response(found.document, stamped=True)


class ServiceReturnIn(BodySchema):
    outcome: choices(ReturnOfService.Outcome)
    served_at: str | None = Field(
        None,
        max_length=16,
        title="Date and time served",
        description="Served: when, in the court's zone: YYYY-MM-DD, or YYYY-MM-DDTHH:MM with "
        "the time (by publication, the date of first publication).",
    )
    how_served: choices(ReturnOfService.HowServed) | None = Field(
        None,
        description="Served: how; only the ways that fit the summons' manner of service "
        "(sheriff or special process server: personal, dwelling, agent; certified mail: mail; "
        "publication: publication), 422 otherwise.",
    )
    person_served: str = column(ReturnOfService, "person_served", "", title="Person served")
    reason: str = column(
        ReturnOfService, "reason", "", title="Reason not found", description="Not found: why."
    )


def _served_at(value: str | None) -> tuple[date | None, time | None]:
    """`served_at` as (date, time or None): ValidationFailed naming it otherwise."""
    if not value:
        return None, None
    day, _, clock_part = value.partition("T")
    served_on = parse_date(day, field="served_at", label="date of service")
    if not clock_part:
        return served_on, None
    if not re.fullmatch(r"[0-9]{2}:[0-9]{2}", clock_part):
        raise ValidationFailed("Give the time of service as HH:MM.", field="served_at")
    try:
        return served_on, time.fromisoformat(clock_part)
    except ValueError:
        raise ValidationFailed("Give the time of service as HH:MM.", field="served_at") from None


@router.post(
    "/summonses/{summons_id}/return",
    response={201: SummonsOut, **JSON_BODY_ERRORS},
    operation_id="FileServiceReturn",
    url_name="FileServiceReturn",
    openapi_extra=RETURN_ONCE,
    summary="File the return of service of an issued summons (served, or not found)",
)
@idempotent_operation("FileServiceReturn", action=Action.FILE_SERVICE_RETURN)
def file_service_return(request, summons_id: PlainInt, payload: ServiceReturnIn):
    user = api_user_require(request, Action.FILE_SERVICE_RETURN)
    texts = {
        name: clean_text(
            getattr(payload, name),
            field=name,
            max_length=ReturnOfService._meta.get_field(name).max_length,
        )
        for name in ("person_served", "reason")
    }
    served_on, served_time = _served_at(payload.served_at)
    try:
        summonses.service_return_file(
            user=user,
            summons_id=summons_id,
            outcome=payload.outcome,
            served_on=served_on,
            served_time=served_time,
            how_served=payload.how_served or "",
            request=request,
            **texts,
        )
    except ValidationFailed as refusal:
        if refusal.field in ("served_on", "served_time"):
            refusal.field = "served_at"  # the API's one field for both
        raise
    return 201, _summons_out(summonses.summons_get(user=user, summons_id=summons_id))
