"""Service of process in the API (issue 14): a filer asks for service with a new case
(SetServiceRequest, RemoveServiceRequest); a sheriff's system fetches the summonses its office
must serve (GetSummonsList, GetSummons, GetSummonsDocument) and files returns
(FileServiceReturn), as a filer of record may for a summons of their case; a clerk of the court
reissues one returned not found or expired (IssueAliasSummons). GetCase and GetFilingStatus
give the service asked for and where it stands per party (`service_of_process_out`,
`service_requests_out`). The rules are efiling.filings.service_requests and
efiling.service.summons: a summons the caller may not see is a 404 exactly as one that does not
exist."""

import re
from datetime import date, datetime, time
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from efiling.accounts.permissions import Action
from efiling.api.auth import api_user_require, permission_mark, token_or_session
from efiling.api.idempotency import (
    claimed_operation,
    header_parameter,
    idempotency_key_of,
    idempotent_operation,
    request_fingerprint,
)
from efiling.api.pagination import Page, PageQuery, paginate
from efiling.api.schemas import BodySchema, PlainInt, PlainUUID, choices, column, errors
from efiling.cases.access import cases_listed_audit
from efiling.cases.models import Party
from efiling.core.errors import ValidationFailed
from efiling.core.text import clean_text, parse_date
from efiling.courts.models import ServiceManner
from efiling.docket.access import document_read_audit
from efiling.filings import services
from efiling.filings.models import ServiceRequest
from efiling.filings.service_requests import service_request_remove, service_request_set
from efiling.filings.storage import document_pdf_response
from efiling.service import summons as summonses
from efiling.service import summons_returns
from efiling.service.summons_address import ADDRESS_FIELDS, address_lines
from efiling.service.summons_expiry import summons_expired
from efiling.service.summons_models import ReturnOfService, Summons

router = Router(tags=["Service of process"], auth=token_or_session)
FILE_ONCE = {**permission_mark(Action.FILE_IN_CASE), **header_parameter(required=False)}
RETURN_ONCE = {
    **permission_mark(Action.FILE_SERVICE_RETURN),
    **header_parameter(required=False),
}
S = Summons.Status
ALIAS_ONCE = {**permission_mark(Action.ISSUE_SUMMONS), **header_parameter(required=False)}
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


class AddressIn(BodySchema):
    """An address a summons is served at (all parts optional; when any is given, the street
    and the city are needed; state and ZIP code as the USPS writes them)."""

    address_line1: str = column(Party, "address_line1", "", title="Street")
    address_line2: str = column(Party, "address_line2", "", title="Second line")
    city: str = column(Party, "city", "", title="City")
    state: str = column(Party, "state", "", title="State", description="USPS code, e.g. MO.")
    postal_code: str = column(Party, "postal_code", "", title="ZIP code")


class AddressOut(Schema):
    address_line1: str
    address_line2: str
    city: str
    state: str
    postal_code: str


class ServiceReturnOut(Schema):
    outcome: choices(ReturnOfService.Outcome)
    served_on: date | None
    served_time: str | None
    how_served: str
    person_served: str
    reason: str
    new_address: AddressOut | None = Field(
        description="Not found: where the party may be found, if the server said; else null."
    )
    docket_number: int
    filed_at: datetime


class SummonsOut(Schema):
    id: int
    case_number: str
    caption: str
    court: str = Field(description="Location code of the court that issued it.")
    party: str
    address: list[str] = Field(description="Where it is to be served, as printed on it.")
    manner: choices(ServiceManner)
    county: str
    status: choices(Summons.Status)
    alias_of: int | None
    issued_at: datetime | None
    return_by: date | None = Field(
        description="The court's date by which it is served and returned (Rule 54.21); "
        "service on a later day is refused."
    )
    expired: bool = Field(description="Issued, and its return-by date passed unserved.")
    return_date: date | None = Field(
        description="Associate circuit: the day the party must appear in court (RSMo 517.041); "
        "null where the party answers in writing instead (answer_due)."
    )
    return_time: str | None = Field(description="With a return date: court-local HH:MM, if set.")
    return_division: str = Field(description="With a return date: where, if the court names it.")
    docket_number: int | None
    answer_due: date | None
    service_return: ServiceReturnOut | None


def _address_out(address: dict) -> dict | None:
    return {name: address.get(name, "") for name in ADDRESS_FIELDS} if address else None


def _summons_out(summons: Summons) -> dict:
    found = getattr(summons, "service_return", None)
    return {
        "id": summons.pk,
        "case_number": summons.case.number,
        "caption": summons.case.caption,
        "court": summons.case.court.code,
        "party": summons.party.display_name,
        "address": address_lines(summons.address),
        "manner": summons.manner,
        "county": summons.county,
        "status": summons.status,
        "alias_of": summons.alias_of_id,
        "issued_at": summons.issued_at,
        "return_by": summons.return_by,
        "expired": summons.status == Summons.Status.ISSUED and summons_expired(summons),
        "return_date": summons.return_date,
        "return_time": summons.return_time.strftime("%H:%M") if summons.return_time else None,
        "return_division": summons.return_division,
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
            "new_address": _address_out(found.new_address),
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
    new_address: AddressIn | None = Field(
        None,
        description="Not found: where the party may be found, if the server learned it "
        "(offered to the clerk for the alias summons).",
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
        summons_returns.service_return_file(
            user=user,
            summons_id=summons_id,
            outcome=payload.outcome,
            served_on=served_on,
            served_time=served_time,
            how_served=payload.how_served or "",
            new_address=payload.new_address.dict() if payload.new_address else None,
            request=request,
            **texts,
        )
    except ValidationFailed as refusal:
        if refusal.field in ("served_on", "served_time"):
            refusal.field = "served_at"  # the API's one field for both
        if refusal.field in ADDRESS_FIELDS:
            refusal.field = f"new_address.{refusal.field}"
        raise
    return 201, _summons_out(summonses.summons_get(user=user, summons_id=summons_id))


class AliasSummonsIn(BodySchema):
    address: AddressIn | None = Field(
        None,
        description="Where the alias summons is to be served; null or empty: the old "
        "summons' address (GetSummons gives the new address a not-found return named).",
    )
    county: str = column(
        ServiceRequest,
        "county",
        "",
        description="By sheriff: the county whose sheriff serves it (empty: the old one's).",
    )


@router.post(
    "/summonses/{summons_id}/alias",
    response={201: SummonsOut, **JSON_BODY_ERRORS},
    operation_id="IssueAliasSummons",
    url_name="IssueAliasSummons",
    openapi_extra=ALIAS_ONCE,
    summary="Reissue a summons returned not found or expired unserved (an alias summons)",
)
def issue_alias_summons(request, summons_id: PlainInt, payload: AliasSummonsIn):
    """A clerk of the case's court; 409 for a summons not returned not found and not expired
    (the message names its last day), 422 for an address or county not taken. The summons is
    rendered and stored outside any transaction, so an Idempotency-Key is claimed first and
    its answer recorded in the transaction that dockets the alias: a retry replays it."""
    user = api_user_require(request, Action.ISSUE_SUMMONS)
    found = summonses.summons_get(user=user, summons_id=summons_id)

    def run(complete):
        answer = {}
        try:
            summonses.summons_alias_issue(
                clerk=user,
                summons=found,
                address=payload.address.dict() if payload.address else None,
                county=payload.county,
                request=request,
                in_transaction=lambda alias: answer.update(body=complete(201, _summons_out(alias))),
            )
        except ValidationFailed as refusal:
            if refusal.field in ADDRESS_FIELDS:
                refusal.field = f"address.{refusal.field}"
            raise
        return 201, answer["body"]

    return claimed_operation(
        user=user,
        operation="IssueAliasSummons",
        key=idempotency_key_of(request, required=False),
        fingerprint=lambda: request_fingerprint(request),
        run=run,
    )


# ---------------------------------------------------------------------------- in GetCase


class PartyServiceOut(Schema):
    party_id: int
    party: str
    requested: ServiceRequestOut | None = Field(description="The service the filer asked for.")
    state: Literal["requested", "summons issued", "expired", "served", "not found", "answered"]
    summons_id: int | None = Field(description="The latest summons issued (GetSummons).")
    return_by: date | None = Field(description="The latest summons' return-by date.")
    served_on: date | None
    answer_due: date | None


def _request_out(service_request: ServiceRequest) -> dict:
    return {
        "party_id": service_request.party_id,
        "manner": service_request.manner,
        "county": service_request.county,
        "process_server": service_request.process_server,
    }


def service_of_process_out(case) -> list[dict]:
    """GetCase's and GetFilingStatus's `service_of_process`: each party asked to be served and
    where service stands (efiling.service.summons_returns.service_states)."""
    rows = []
    for row in summons_returns.service_states(case):
        party, found = row["party"], row["summons"]
        service_request = getattr(party, "service_request", None)
        rows.append(
            {
                "party_id": party.pk,
                "party": party.display_name,
                "requested": _request_out(service_request) if service_request else None,
                "state": row["state"],
                "summons_id": None if found is None or found.status == S.PENDING else found.pk,
                "return_by": row["return_by"],
                "served_on": row["served_on"],
                "answer_due": row["answer_due"],
            }
        )
    return rows


def service_requests_out(envelope) -> list[dict]:
    """GetFilingStatus's `service_requests`: the service of process a new case's envelope asks
    for, in party order."""
    return [_request_out(r) for r in envelope.service_requests.order_by("party_id")]
