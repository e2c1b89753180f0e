"""Court policy (ECF GetPolicy), the court list, counting time, help-desk hours and planned
maintenance."""

from datetime import date, datetime

from django.conf import settings
from django.http import HttpResponse
from ninja import Field, Path, Query, Router, Schema

from efiling.api.pagination import Page, PageQuery, paginate
from efiling.api.schemas import InputSchema, PlainBool, PlainDate, PlainInt, column, errors
from efiling.availability.maintenance import windows_posted
from efiling.availability.models import ServiceHours
from efiling.availability.services import help_desk_is_open, hours_summary
from efiling.core import clock
from efiling.courts.calendar import MAX_PERIOD_DAYS, deadline_compute
from efiling.courts.models import Court
from efiling.courts.services import court_get, court_policy, courts_list

router = Router(tags=["Court policy"])
# Every operation says who may call it; the permission-matrix test reads this mark.
PUBLIC = {"x-permission": "public"}


class CaseTypeOut(Schema):
    code: str
    name: str
    confidential: bool


class CourtOut(Schema):
    code: str = Field(description="Location code used in case numbers.")
    name: str
    kind: str
    circuit: int | None
    county: str
    seat: str
    appellate_district: str
    time_zone: str
    efiling_participating: bool
    efiling_since: date | None


class PolicyOut(Schema):
    court: CourtOut
    maximum_allowed_attachment_size: int = Field(
        description="ECF MaximumAllowedAttachmentSize, bytes."
    )
    maximum_allowed_message_size: int = Field(description="ECF MaximumAllowedMessageSize, bytes.")
    accepted_document_formats: list[str]
    maximum_documents_per_submission: int
    maximum_page_count: int = Field(
        description="The most pages one document may have (checked at upload)."
    )
    maximum_party_name_length: int
    text_searchable_required: bool
    fee_waiver_requests_accepted: bool
    redaction_check: bool
    deadline_reminder_business_days: int = Field(
        description="Counsel of record are reminded this many business days before a deadline "
        "(0: none before it)."
    )
    summons_return_days: int = Field(
        description="A summons is served and returned within this many days after its issue "
        "(Rule 54.21), counted with the court's calendar; unserved after it, it has expired."
    )
    case_types: list[CaseTypeOut]


class CourtListQuery(PageQuery):
    participating: PlainBool = Field(False, description="Only courts that take e-filings.")


class CourtPath(InputSchema):
    code: str = column(Court, "code", description="The court's location code, e.g. SL.")


class DeadlineQuery(InputSchema):
    start: PlainDate = Field(alias="from", description="Day of the triggering event, YYYY-MM-DD.")
    days: PlainInt = Field(ge=1, le=MAX_PERIOD_DAYS, description="Length of the period in days.")


class NotCountedDay(Schema):
    date: date
    reason: str


class DeadlineOut(Schema):
    court_code: str
    start: date
    days: int
    due: date
    short_period: bool
    rule: str
    not_counted: list[NotCountedDay]


class HoursLineOut(Schema):
    days: str
    hours: str


class HelpDeskOut(Schema):
    open: bool
    time_zone: str
    hours: list[HoursLineOut]


def _policy_out(court) -> dict:
    policy = court_policy(court=court)
    return {
        "court": court,
        "maximum_allowed_attachment_size": policy.maximum_allowed_attachment_size,
        "maximum_allowed_message_size": policy.maximum_allowed_message_size,
        "accepted_document_formats": policy.accepted_document_formats,
        "maximum_documents_per_submission": policy.maximum_documents_per_submission,
        "maximum_page_count": policy.maximum_page_count,
        "maximum_party_name_length": policy.maximum_party_name_length,
        "text_searchable_required": policy.text_searchable_required,
        "fee_waiver_requests_accepted": policy.fee_waiver_requests_accepted,
        "redaction_check": policy.redaction_check,
        "deadline_reminder_business_days": policy.deadline_reminder_business_days,
        "summons_return_days": policy.summons_return_days,
        "case_types": list(court.case_types.all()),
    }


@router.get(
    "/courts",
    response={200: Page[CourtOut], **errors()},
    operation_id="ListCourts",
    url_name="ListCourts",
    openapi_extra=PUBLIC,
    summary="List the courts, by location code",
)
def list_courts(request, response: HttpResponse, query: Query[CourtListQuery]):
    return paginate(
        request,
        response,
        courts_list(participating_only=query.participating),
        query=query,
        key="code",
        descending=False,
        out=lambda court: court,
    )


@router.get(
    "/courts/{code}/policy",
    response={200: PolicyOut, **errors(404)},
    operation_id="GetPolicy",
    url_name="GetPolicy",
    openapi_extra=PUBLIC,
    summary="Get a court's filing policy (ECF GetPolicy)",
)
def get_policy(request, path: Path[CourtPath]):
    return _policy_out(court_get(code=path.code))


@router.get(
    "/courts/{code}/deadline",
    response={200: DeadlineOut, **errors(404)},
    operation_id="CalculateDeadline",
    url_name="CalculateDeadline",
    openapi_extra=PUBLIC,
    summary="Compute a due date under Missouri Rule 44.01(a)",
)
def calculate_deadline(request, path: Path[CourtPath], query: Query[DeadlineQuery]):
    court = court_get(code=path.code)
    result = deadline_compute(court=court, start=query.start, days=query.days)
    return {
        "court_code": court.code,
        "start": result.start,
        "days": result.days,
        "due": result.due,
        "short_period": result.short_period,
        "rule": result.rule,
        "not_counted": [{"date": day, "reason": reason} for day, reason in result.skipped],
    }


@router.get(
    "/help-desk",
    response={200: HelpDeskOut, **errors()},
    operation_id="GetHelpDeskStatus",
    url_name="GetHelpDeskStatus",
    openapi_extra=PUBLIC,
    summary="Whether the help desk is open now, and its hours",
    tags=["Availability"],
)
def help_desk_status(request):
    return {
        "open": help_desk_is_open(),
        "time_zone": settings.EFILING_DEFAULT_TIME_ZONE,
        "hours": hours_summary(ServiceHours.Kind.HELP_DESK),
    }


class MaintenanceWindowOut(Schema):
    starts_at: datetime = Field(description="UTC.")
    ends_at: datetime = Field(description="UTC.")
    current: bool
    courts: list[str] | None = Field(description="Location codes; null: every court.")
    stops_filing: bool = Field(description="Every change (filing included) answers 503.")
    stops_public_search: bool
    message: str
    emergency: bool = Field(description="Posted less than three business days ahead.")
    emergency_reason: str
    posted_at: datetime


@router.get(
    "/maintenance",
    response={200: Page[MaintenanceWindowOut], **errors()},
    operation_id="GetMaintenanceWindows",
    url_name="GetMaintenanceWindows",
    openapi_extra=PUBLIC,
    summary="Planned maintenance windows posted and not ended, by start",
    tags=["Availability"],
)
def maintenance_windows(request, response: HttpResponse, query: Query[PageQuery]):
    now = clock.now()

    def out(window):
        return {
            "starts_at": window.starts_at,
            "ends_at": window.ends_at,
            "current": window.starts_at <= now,
            "courts": None
            if window.all_courts
            else sorted(court.code for court in window.courts.all()),
            "stops_filing": window.affects_filing,
            "stops_public_search": window.affects_public_search,
            "message": window.message,
            "emergency": window.emergency,
            "emergency_reason": window.emergency_reason,
            "posted_at": window.posted_at,
        }

    return paginate(
        request, response, windows_posted(), query=query, key="starts_at", descending=False, out=out
    )
