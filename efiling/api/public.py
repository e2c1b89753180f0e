"""The public scope of the court record: what anyone may read without signing in, exactly what
the public case page shows (efiling.public.selectors) of the cases efiling.cases.public.
public_cases() lets the public see. A hidden case answers exactly as a missing one."""

from datetime import date, datetime

from ninja import Field, Path, Router, Schema
from ninja.decorators import decorate_view

from efiling.api.cases import CaseHearingOut, case_hearing_out
from efiling.api.schemas import InputSchema, choices, column, errors
from efiling.availability.status import Event, State, system_status
from efiling.cases.models import Case, CaseStatus, Disposition, Party
from efiling.core import clock
from efiling.core.db_router import reads_from_replica
from efiling.docket.models import DocketEntry
from efiling.public.selectors import public_case_open, public_case_overview

router = Router(tags=["Public record"])
PUBLIC = {"x-permission": "public"}


class PublicPartyOut(Schema):
    name: str
    kind: choices(Party.Kind)
    role: choices(Party.PartyRole)
    birth_year: int | None = Field(description="A person's year of birth, if given; never more.")


class PublicAttorneyOut(Schema):
    name: str
    bar_number: str = Field(description="Missouri bar number; empty for a self-represented party.")
    self_represented: bool
    represents: list[str]


class PublicJudgmentOut(Schema):
    issued_at: datetime
    docket_entry: int
    in_favor_of: str
    against: str
    amount_cents: int = Field(description="US cents.")
    description: str


class PublicEntryOut(Schema):
    number: int
    kind: choices(DocketEntry.Kind)
    text: str
    filed_at: datetime
    has_documents: bool = Field(
        description="Its documents are read at the court's public terminals, not online."
    )


class PublicCaseOut(Schema):
    number: str
    caption: str
    court: str = Field(description="Location code.")
    court_name: str
    case_type: str
    case_type_name: str
    filed_on: date = Field(description="YYYY-MM-DD in the court's zone.")
    status: choices(CaseStatus)
    disposition: choices(Disposition) = Field(description="Empty while the case is open.")
    disposed_at: datetime | None
    assigned_judge: str = Field(description="Empty when none is assigned.")
    parties: list[PublicPartyOut]
    attorneys: list[PublicAttorneyOut]
    hearings: list[CaseHearingOut]
    judgments: list[PublicJudgmentOut]
    docket: list[PublicEntryOut]


class PublicCasePath(InputSchema):
    number: str = column(Case, "number", description="The case number, e.g. 26SL-CC00001.")


@router.get(
    "/public/cases/{number}",
    response={200: PublicCaseOut, **errors(404)},
    operation_id="GetPublicCase",
    url_name="GetPublicCase",
    openapi_extra=PUBLIC,
    summary="A public case as the public case page shows it, no sign-in (ECF GetCase, public)",
)
@decorate_view(reads_from_replica)
def get_public_case(request, path: Path[PublicCasePath]):
    case = public_case_open(number=path.number)
    shown = public_case_overview(case)
    judge = case.assigned_judge
    return {
        "number": case.number,
        "caption": case.caption,
        "court": case.court.code,
        "court_name": case.court.name,
        "case_type": case.case_type.code,
        "case_type_name": case.case_type.name,
        "filed_on": clock.local_date(case.created_at, case.court.time_zone),
        "status": case.status,
        "disposition": case.disposition,
        "disposed_at": case.disposed_at,
        "assigned_judge": judge.get_full_name() if judge else "",
        "parties": [
            {"name": p.display_name, "kind": p.kind, "role": p.role, "birth_year": p.birth_year}
            for p in shown["parties"]
        ],
        "attorneys": shown["attorneys"],
        "hearings": [case_hearing_out(h) for h in shown["hearings"]],
        "judgments": [
            {
                "issued_at": line.order.issued_at,
                "docket_entry": line.order.docket_entry.number,
                "in_favor_of": line.in_favor_of,
                "against": line.against,
                "amount_cents": line.amount_cents,
                "description": line.description,
            }
            for line in shown["judgments"]
        ],
        "docket": [
            {
                "number": e.number,
                "kind": e.kind,
                "text": e.text,
                "filed_at": e.filed_at,
                "has_documents": e.has_documents,
            }
            for e in shown["entries"]
        ],
    }


class StatusEventOut(Schema):
    kind: str = Field(description='"maintenance" (a planned window) or "incident" (an outage).')
    id: int
    starts_at: datetime
    ends_at: datetime | None = Field(description="None for an incident still open.")
    courts: list[str] | None = Field(description="Location codes; None for every court.")
    stops_filing: bool
    stops_public_search: bool
    description: str
    emergency_reason: str = Field(description="Maintenance posted late: why (else empty).")
    updates: list[str] = Field(description="An incident's public updates, oldest first.")


class CourtStateOut(Schema):
    code: str
    name: str
    state: choices(State)


class SystemStatusOut(Schema):
    at: datetime
    state: choices(State) = Field(description="The state of every court (all courts together).")
    worst_state: choices(State) = Field(
        description="The gravest state of any one court now (incident, then maintenance): "
        "operating_normally only when every court is; `courts` names those affected."
    )
    courts: list[CourtStateOut] = Field(
        description="The courts whose own state differs from `state`."
    )
    current: list[StatusEventOut] = Field(description="Open incidents and current windows.")
    upcoming: list[StatusEventOut] = Field(description="Windows to come, by start.")


def _event_out(event: Event) -> dict:
    return {
        "kind": event.kind,
        "id": event.pk,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "courts": event.court_codes,
        "stops_filing": event.stops_filing,
        "stops_public_search": event.stops_public_search,
        "description": event.description,
        "emergency_reason": event.emergency_reason,
        "updates": [text for _, text in event.updates],
    }


@router.get(
    "/status",
    response={200: SystemStatusOut, **errors()},
    operation_id="GetSystemStatus",
    url_name="GetSystemStatus",
    openapi_extra=PUBLIC,
    summary="The system's state now, per court, with open incidents and current and upcoming "
    "maintenance windows (the status page's), no sign-in",
    tags=["Availability"],
)
def get_system_status(request):
    status = system_status()
    return {
        "at": status.at,
        "state": status.state,
        "worst_state": status.worst_state,
        "courts": [{"code": c.code, "name": c.name, "state": c.state} for c in status.courts],
        "current": [_event_out(e) for e in status.current],
        "upcoming": [_event_out(e) for e in status.upcoming],
    }
