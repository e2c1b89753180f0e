"""The public scope of the court record, no sign-in (Case.net): GetPublicCaseList and
GetPublicJudgmentList, the public search (efiling.docket.public_search) with the page's
parameters and its bounds."""

from datetime import datetime
from typing import Literal

from django.db.models import F
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from efiling.api.pagination import Page, PageQuery, paginate
from efiling.api.schemas import PlainDate, PlainInt, choices, column, errors, text
from efiling.cases.models import CaseStatus, Party
from efiling.core.db_router import reads_from_replica
from efiling.core.errors import ValidationFailed
from efiling.courts.models import CaseType, Court
from efiling.courts.services import court_get
from efiling.docket.public_search import (
    KINDS,
    MATCH_LIMIT,
    SIDES,
    SORTS,
    PublicSearch,
    matches_of,
    order_keys,
    search_counted,
)

router = Router(tags=["Public court record"])
PUBLIC = {"x-permission": "public"}
CASE_KINDS = tuple(kind for kind in KINDS if kind != "judgments")


class PublicCaseListQuery(PageQuery):
    kind: Literal[CASE_KINDS] = Field(description="The kind of search; each reads its fields.")
    court: str | None = column(Court, "code", None, description="Only this court (every kind).")
    last_name: str | None = column(
        Party, "last_name", None, description="name: a last or organization name, 2+ letters."
    )
    first_name: str | None = column(Party, "first_name", None, description="name: or an initial.")
    birth_year: PlainInt | None = Field(None, description="name: year of birth, 1900 to this year.")
    number: str | None = text(24, None, description="number: e.g. 26SL-CC00001, any case.")
    filed_from: PlainDate | None = Field(None, description="filed: first day (Missouri time).")
    filed_to: PlainDate | None = Field(None, description="filed: last day; default today.")
    case_type: str | None = column(CaseType, "code", None, description="filed: a case type code.")
    bar_number: str | None = text(10, None, description="attorney: Missouri bar number.")
    attorney_last_name: str | None = text(60, None, description="attorney: last name.")
    attorney_first_name: str | None = text(60, None, description="attorney: first name.")
    hearing_date: PlainDate | None = Field(None, description="hearings: the day.")
    judge: str | None = text(60, None, description="hearings: the judge's last name.")
    sort: Literal[tuple(SORTS)] = Field(
        "filed",
        description="filed: newest filed first (every kind). relevance: name only, as the "
        "search page orders it: cases with a party of exactly that last (or organization) name "
        "first, then newest filed first; refused (422) for the other kinds.",
    )


class PublicCaseOut(Schema):
    number: str
    caption: str
    court: str = Field(description="The court's location code.")
    court_name: str
    case_type: str = Field(description="The case type's code.")
    case_type_name: str
    filed_at: datetime
    status: choices(CaseStatus)


class PublicCaseListOut(PublicCaseOut):
    hearing_starts_at: datetime | None = Field(
        description="kind=hearings: when the case's first hearing of that day (and judge) "
        "starts, UTC; null for the other kinds."
    )
    hearing_courtroom: str | None = Field(
        description="kind=hearings: that hearing's courtroom; null for the other kinds."
    )


class PublicJudgmentListQuery(PageQuery):
    last_name: str = column(
        Party, "last_name", description="A last or organization name (2+ letters), or a word of it."
    )
    first_name: str | None = column(Party, "first_name", None, description="Narrows it.")
    side: Literal[tuple(SIDES)] = Field("either", description="For, against, or either.")
    court: str | None = column(Court, "code", None, description="Only this court's judgments.")


class PublicJudgmentOut(Schema):
    case: PublicCaseOut
    issued_at: datetime = Field(description="When the judgment was entered.")
    in_favor_of: str
    against: str
    amount_cents: int = Field(description="The amount awarded, in cents (USD).")
    description: str


def _out(case) -> dict:
    return {
        "number": case.number,
        "caption": case.caption,
        "court": case.court.code,
        "court_name": case.court.name,
        "case_type": case.case_type.code,
        "case_type_name": case.case_type.name,
        "filed_at": case.created_at,
        "status": case.status,
    }


def _case_type(code: str | None) -> CaseType | None:
    if not code:
        return None
    case_type = CaseType.objects.filter(code=code, confidential=False, protection_order=False)
    case_type = case_type.first()
    if case_type is None:
        raise ValidationFailed(
            f"{code} is not a case type of the public record: choose one of the search page's.",
            field="case_type",
        )
    return case_type


def _listed_out(case) -> dict:
    """A case of a search's list: _out, and a hearings search's hearing (null otherwise)."""
    return {
        **_out(case),
        "hearing_starts_at": getattr(case, "hearing_starts_at", None),
        "hearing_courtroom": getattr(case, "hearing_courtroom", None),
    }


@router.get(
    "/public/cases",
    response={200: Page[PublicCaseListOut], **errors(404)},
    operation_id="GetPublicCaseList",
    url_name="GetPublicCaseList",
    openapi_extra=PUBLIC,
    summary="Search public cases, no sign-in (Case.net): by name, number, filing date, "
    "attorney or hearings",
    description=f"Newest filed first, or for a name search by relevance (sort). More than "
    f"{MATCH_LIMIT:,} matches answer 422 (too_many_matches), saying what narrows the search.",
)
@decorate_view(reads_from_replica)
def get_public_case_list(request, response: HttpResponse, query: Query[PublicCaseListQuery]):
    values = query.dict(exclude={"limit", "cursor", "court", "case_type"}, exclude_none=True)
    search = PublicSearch(
        court=court_get(code=query.court) if query.court else None,
        case_type=_case_type(query.case_type),
        **values,
    )
    return paginate(
        request,
        response,
        search_counted(search),
        query=query,
        key=order_keys(search),
        descending=True,
        out=_listed_out,
        on_page=_bound(search, query),
    )


def _bound(search: PublicSearch, query: PageQuery):
    """The on_page of a search's page: TooManyMatches (422) when `search` finds more than
    MATCH_LIMIT, read from the page's own statement (docket.public_search.search_counted)."""
    return lambda items: matches_of(items, search, first=query.cursor is None)


def _judgment_out(line) -> dict:
    return {
        "case": _out(line.order.case),
        "issued_at": line.issued_at,
        "in_favor_of": line.in_favor_of,
        "against": line.against,
        "amount_cents": line.amount_cents,
        "description": line.description,
    }


@router.get(
    "/public/judgments",
    response={200: Page[PublicJudgmentOut], **errors(404)},
    operation_id="GetPublicJudgmentList",
    url_name="GetPublicJudgmentList",
    openapi_extra=PUBLIC,
    summary="The judgments index, no sign-in (Case.net): judgments for or against a name",
    description=f"Newest first. More than {MATCH_LIMIT:,} matches answer 422 "
    "(too_many_matches): narrow the search.",
)
@decorate_view(reads_from_replica)
def get_public_judgment_list(
    request, response: HttpResponse, query: Query[PublicJudgmentListQuery]
):
    search = PublicSearch(
        kind="judgments",
        court=court_get(code=query.court) if query.court else None,
        last_name=query.last_name,
        first_name=query.first_name or "",
        side=query.side,
    )
    return paginate(
        request,
        response,
        search_counted(search).annotate(issued_at=F("order__issued_at")),
        query=query,
        key="issued_at",
        descending=True,
        out=_judgment_out,
        on_page=_bound(search, query),
    )
