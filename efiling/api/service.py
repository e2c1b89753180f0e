"""Service with ECF names: GetServiceInformation (who a filing into a case serves, and how), and
what GetFilingStatus and GetCertificateOfService say about a submitted envelope's service (the
service records and the list kept at submission: efiling.filings.service_list,
efiling.service.serving)."""

from datetime import datetime
from typing import Literal

from django.urls import reverse
from ninja import Field, Router, Schema

from efiling.accounts.permissions import Action, filers_acted_for
from efiling.api.auth import api_user_require, permission_mark, token_or_session
from efiling.api.filing_schemas import EnvelopeOut
from efiling.api.schemas import PlainInt, choices, errors
from efiling.api.summonses import PartyServiceOut, ServiceRequestOut
from efiling.cases.access import case_participant
from efiling.core.errors import PermissionDenied
from efiling.docket.access import case_get_for_user
from efiling.filings.service_list import (
    case_service_list,
    service_awaits_acceptance,
    service_entries,
    service_time,
    service_was_served,
)
from efiling.service.models import NoticeDelivery
from efiling.service.serving import service_records_of

router = Router(tags=["Service"], auth=token_or_session)
FILE = permission_mark(Action.FILE_IN_CASE)
ERRORS = errors(401, 403, 404)
NOT_OF_RECORD = "Only those who take part in the case may see its service information."


class ServeeOut(Schema):
    name: str
    channel: Literal["electronic", "conventional", "summons", "unseen"] = Field(
        description="electronic: served through this system at submission; conventional: "
        "no registered attorney, the filer serves them; summons: a new case's party; unseen: "
        "a case you may not see (nothing of it is named; counsel of record are served when the "
        "clerk accepts the entry of appearance)."
    )
    method: str = Field(description="How, in one sentence.")
    email: str = Field(description="For electronic service: the address served.")
    address: str = Field(description="For conventional service: the service address.")


class ServedOut(Schema):
    name: str
    email: str
    served_at: datetime = Field(
        description="When served (UTC): the filing time, or the clerk's acceptance of the entry "
        "of appearance for a case named by number only."
    )
    delivery: list[choices(NoticeDelivery.State)] = Field(
        description="The state of the e-mail that carries the notice of service to the address "
        "served (the person's other notice addresses are theirs)."
    )


class ServiceOut(Schema):
    served: bool = Field(description="False: the filing reaches only the court (ex parte).")
    served_at: datetime = Field(
        description="When service is (or was) made (UTC): the filing time; for a case named by "
        "number only, the filing time until the clerk accepts the entry of appearance (nobody "
        "is served before: awaits_acceptance), then the acceptance."
    )
    awaits_acceptance: bool = Field(
        description="A case named by number only: nobody is served until the clerk accepts "
        "the entry of appearance."
    )
    list_at_submission: list[ServeeOut] = Field(
        description="Who the filing serves and how, as fixed at submission."
    )
    records: list[ServedOut] = Field(description="Each person served electronically.")
    certificate_url: str = Field(description="GetCertificateOfService: the certificate PDF.")


class FilingStatusOut(EnvelopeOut):
    service: ServiceOut | None = Field(
        description="The service of a submitted envelope; null for a draft."
    )
    service_requests: list[ServiceRequestOut] = Field(
        description="A new case's: the service of process asked for, per party."
    )
    service_of_process: list[PartyServiceOut] = Field(
        description="Once the case exists: each party to be served with a summons and where "
        "service stands (as GetCase gives it); empty before."
    )


class ServiceInformationOut(Schema):
    case_id: int
    case_number: str
    servees: list[ServeeOut]


def _servee(entry) -> dict:
    return {
        "name": entry.name,
        "channel": entry.channel,
        "method": entry.method,
        "email": entry.email,
        "address": entry.address,
    }


def service_out(envelope) -> dict | None:
    """The `service` field of GetFilingStatus: None for a draft or an envelope submitted before
    service was recorded."""
    if envelope.submitted_at is None or envelope.service_at_submission is None:
        return None
    return {
        "served": service_was_served(envelope),
        "served_at": service_time(envelope) or envelope.submitted_at,
        "awaits_acceptance": service_awaits_acceptance(envelope),
        "list_at_submission": [_servee(e) for e in service_entries(envelope)],
        "records": [
            {
                "name": r.person.get_full_name(),
                "email": r.email,
                "served_at": r.served_at,
                "delivery": r.delivery_states(),
            }
            for r in service_records_of(envelope)
        ],
        "certificate_url": reverse(
            "api-v1:GetCertificateOfService", kwargs={"envelope_id": envelope.public_id}
        ),
    }


@router.get(
    "/cases/{case_id}/service-information",
    response={200: ServiceInformationOut, **ERRORS},
    operation_id="GetServiceInformation",
    url_name="GetServiceInformation",
    openapi_extra=FILE,
    summary="Who a filing into the case serves, and how (ECF GetServiceInformation)",
)
def get_service_information(request, case_id: PlainInt):
    user = api_user_require(request, Action.FILE_IN_CASE)
    case = case_get_for_user(user=user, case_id=case_id, request=request)
    if not case_participant(user, case):
        raise PermissionDenied(NOT_OF_RECORD)
    filers = {filer.pk for filer in filers_acted_for(user)} | {user.pk}
    return {
        "case_id": case.pk,
        "case_number": case.number,
        "servees": [_servee(e) for e in case_service_list(case, filer_ids=filers)],
    }
