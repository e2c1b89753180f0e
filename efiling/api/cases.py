"""Court record operations with ECF names: GetCase, GetCaseList, GetDocument."""

from datetime import date, datetime, timedelta
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Path, Query, Router, Schema

from efiling.accounts.permissions import Action
from efiling.api.auth import api_user_require, permission_mark, token_or_session
from efiling.api.courts import CourtPath
from efiling.api.pagination import Page, PageQuery, paginate
from efiling.api.schemas import PlainDate, PlainInt, choices, column, errors
from efiling.api.summonses import PartyServiceOut, service_of_process_out
from efiling.cases.access import case_attorneys_named, cases_listed_audit
from efiling.cases.models import Party, SecurityLevel
from efiling.core.clock import day_bounds
from efiling.courts.models import Court
from efiling.courts.services import court_get
from efiling.docket.access import (
    case_get_for_user,
    case_overview,
    cases_for_user,
    document_get_for_user,
)
from efiling.docket.models import DocketEntry, StampState
from efiling.filings.models import Document
from efiling.filings.storage import document_pdf_response
from efiling.scheduling.models import Hearing

router = Router(tags=["Court record"], auth=token_or_session)
VIEW = permission_mark(Action.VIEW_CASES)
ERRORS = errors(401, 403, 404)


# How GetCase names the stamp state of an entry without documents (StampState.NONE is "").
NO_DOCUMENTS = "none"
STAMPING = tuple(state or NO_DOCUMENTS for state in StampState.values)


class DocumentRef(Schema):
    id: int
    title: str
    kind: choices(Document.Kind)
    pages: int
    sha256: str
    stamped_sha256: str


class DocketEntryOut(Schema):
    number: int
    kind: choices(DocketEntry.Kind)
    text: str
    filed_at: datetime
    security_level: choices(SecurityLevel)
    stamping: Literal[STAMPING] = Field(
        description="The file stamp of its documents: pending (being prepared; GetDocument "
        "serves the original meanwhile), stamped, failed (the court is mending it; the "
        "original is served), or none (no documents)."
    )
    documents: list[DocumentRef]


class PartyOut(Schema):
    id: int = Field(description="What an entry of appearance names (AddFiling appearing_for).")
    name: str
    role: choices(Party.PartyRole)


class CaseSummary(Schema):
    id: int
    number: str
    caption: str
    court: str
    case_type: str
    security_level: choices(SecurityLevel)
    attorneys: list[str] = Field(
        default_factory=list,
        description="For staff: the attorneys who authorized you and take part in the case "
        "(whose case it is). Empty for everyone else.",
    )


class CaseHearingOut(Schema):
    kind: choices(Hearing.Kind)
    starts_at: datetime
    ends_at: datetime
    courtroom: str
    judge: str
    status: choices(Hearing.Status) = Field(description="scheduled, or held once it took place.")


class DeadlineOut(Schema):
    title: str
    due_date: date = Field(description="YYYY-MM-DD in the court's zone.")
    source: str
    satisfied_at: datetime | None = Field(
        description="When a filing answering it was submitted; null while it is open."
    )


class CaseOut(CaseSummary):
    parties: list[PartyOut]
    counsel: list[str]
    docket: list[DocketEntryOut]
    hearings: list[CaseHearingOut] = Field(
        description="Hearings on the calendar (scheduled or held), earliest first."
    )
    deadlines: list[DeadlineOut] = Field(description="The case's deadlines, soonest first.")
    service_of_process: list[PartyServiceOut] = Field(
        description="Each party to be served with a summons: the service asked for and where "
        "it stands (requested, summons issued, expired, served, not found, answered)."
    )


def case_hearing_out(h) -> dict:
    """A hearing as GetCase and GetPublicCase give it (courtroom and judge joined)."""
    return {
        "kind": h.kind,
        "starts_at": h.starts_at,
        "ends_at": h.ends_at,
        "courtroom": h.courtroom.name,
        "judge": h.judge.get_full_name(),
        "status": h.status,
    }


def _summary(case, attorneys: dict[int, list[str]] | None = None) -> dict:
    return {
        "attorneys": (attorneys or {}).get(case.pk, []),
        "id": case.pk,
        "number": case.number,
        "caption": case.caption,
        "court": case.court.code,
        "case_type": case.case_type.code,
        "security_level": case.security_level,
    }


class CaseListQuery(PageQuery):
    court: str | None = column(Court, "code", None, description="Only this court's cases.")


@router.get(
    "/cases",
    response={200: Page[CaseSummary], **ERRORS},
    operation_id="GetCaseList",
    url_name="GetCaseList",
    openapi_extra=VIEW,
    summary="Cases you may see: yours (staff: your attorneys'), or your court's (ECF GetCaseList)",
)
def get_case_list(request, response: HttpResponse, query: Query[CaseListQuery]):
    user = api_user_require(request, Action.VIEW_CASES)
    court = court_get(code=query.court) if query.court else None
    cases = cases_for_user(user=user, court=court).select_related("court", "case_type")
    named: dict[int, list[str]] = {}

    def shown(page_cases):
        cases_listed_audit(user=user, cases=page_cases, request=request)
        named.update(case_attorneys_named(user=user, cases=page_cases))

    return paginate(
        request,
        response,
        cases,
        query=query,
        key="created_at",
        descending=True,
        out=lambda case: _summary(case, named),
        on_page=shown,
    )


@router.get(
    "/cases/{case_id}",
    response={200: CaseOut, **ERRORS},
    operation_id="GetCase",
    url_name="GetCase",
    openapi_extra=VIEW,
    summary="A case with its parties, docket, hearings and deadlines (ECF GetCase)",
)
def get_case(request, case_id: PlainInt):
    user = api_user_require(request, Action.VIEW_CASES)
    case = case_get_for_user(user=user, case_id=case_id, request=request)
    overview = case_overview(user=user, case=case, request=request)
    docket = [
        {
            "number": e.number,
            "kind": e.kind,
            "text": e.text,
            "filed_at": e.filed_at,
            "security_level": e.security_level,
            "stamping": e.stamp_state or NO_DOCUMENTS,
            "documents": [
                {
                    "id": d.pk,
                    "title": d.title,
                    "kind": d.kind,
                    "pages": d.page_count,
                    "sha256": d.sha256,
                    "stamped_sha256": d.stamped_sha256,
                }
                for d in e.documents.all()
            ],
        }
        for e in overview["entries"]
    ]
    return {
        **_summary(case),
        "parties": [
            {"id": p.pk, "name": p.display_name, "role": p.role} for p in overview["parties"]
        ],
        "counsel": [c.user.get_full_name() for c in overview["counsel"]],
        "docket": docket,
        "hearings": [case_hearing_out(h) for h in overview["hearings"]],
        "deadlines": [
            {
                "title": d.title,
                "due_date": d.due_date,
                "source": d.source,
                "satisfied_at": d.satisfied_at,
            }
            for d in overview["deadlines"]
        ],
        "service_of_process": service_of_process_out(case),
    }


@router.get(
    "/documents/{document_id}",
    response={200: None, **errors(401, 403, 404, 410)},
    operation_id="GetDocument",
    url_name="GetDocument",
    openapi_extra=VIEW,
    summary="A docketed document, file-stamped (ECF GetDocument)",
)
def get_document(request, document_id: PlainInt):
    user = api_user_require(request, Action.VIEW_CASES)
    document = document_get_for_user(user=user, document_id=document_id, request=request)
    return document_pdf_response(document, stamped=True)


class ScheduleQuery(PageQuery):
    start: PlainDate = Field(
        alias="from", description="First day, YYYY-MM-DD, in the court's zone."
    )
    days: PlainInt = Field(7, ge=1, le=62)


class HearingOut(Schema):
    case_number: str
    caption: str
    kind: choices(Hearing.Kind)
    starts_at: datetime
    ends_at: datetime
    courtroom: str
    judge: str
    status: choices(Hearing.Status) = Field(description="scheduled, or held once it took place.")


def _hearing_out(h) -> dict:
    return {
        "case_number": h.case.number,
        "caption": h.case.caption,
        "kind": h.kind,
        "starts_at": h.starts_at,
        "ends_at": h.ends_at,
        "courtroom": h.courtroom.name,
        "judge": h.judge.get_full_name(),
        "status": h.status,
    }


@router.get(
    "/courts/{code}/schedule",
    response={200: Page[HearingOut], **ERRORS},
    operation_id="GetCourtSchedule",
    url_name="GetCourtSchedule",
    openapi_extra=VIEW,
    summary="Hearings of a court, to come and held, in cases you may see (ECF GetCourtSchedule)",
)
def get_court_schedule(
    request, response: HttpResponse, path: Path[CourtPath], query: Query[ScheduleQuery]
):
    from efiling.scheduling.services import ON_THE_CALENDAR

    user = api_user_require(request, Action.VIEW_CASES)
    court = court_get(code=path.code)
    first, _ = day_bounds(query.start, court.time_zone)
    _, last = day_bounds(query.start + timedelta(days=query.days - 1), court.time_zone)
    hearings = Hearing.objects.filter(
        case__in=cases_for_user(user=user, court=court),
        status__in=ON_THE_CALENDAR,
        starts_at__gte=first,
        starts_at__lt=last,
    ).select_related("case", "courtroom", "judge")
    return paginate(
        request,
        response,
        hearings,
        query=query,
        key="starts_at",
        descending=False,
        out=_hearing_out,
        on_page=lambda shown: cases_listed_audit(
            user=user, cases=[h.case for h in shown], request=request, what="GetCourtSchedule"
        ),
    )
