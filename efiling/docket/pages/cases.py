"""The court's own way in: its desk (the courts a clerk or judge serves, with their work) and
each court's list of cases, searchable by number or caption."""

from django.shortcuts import render

from efiling.accounts.access import requires
from efiling.accounts.models import Role
from efiling.accounts.permissions import Action, can, require
from efiling.cases.access import case_attorneys_named, cases_listed_audit
from efiling.core.db_router import reads_from_replica
from efiling.core.pages import safe_only
from efiling.core.paging import page_read
from efiling.core.query import query_value
from efiling.core.text import clean_text
from efiling.courts.models import Court
from efiling.courts.services import court_get
from efiling.docket.access import SEARCH_MAX_CHARACTERS, cases_listed, cases_search
from efiling.docket.services import review_queue
from efiling.docket.tasks import entries_to_mend

CASES_PER_PAGE = 50


@requires(Action.VIEW_COURT_CASES)
@safe_only
def court_home(request):
    courts = Court.objects.filter(assignments__user=request.user).distinct().order_by("name")
    rows = []
    for court in courts:
        reviews = can(request.user, Action.REVIEW_FILINGS, court=court)
        mends = can(request.user, Action.MANAGE_DOCKET, court=court)
        rows.append(
            {
                "court": court,
                "reviews": reviews,
                "waiting": review_queue(court=court).count() if reviews else None,
                "to_mend": entries_to_mend(court=court).count() if mends else None,
            }
        )
    return render(request, "docket/court_home.html", {"rows": rows})


@requires(Action.VIEW_COURT_CASES)
@safe_only
@reads_from_replica
def court_cases(request, code: str):
    court = court_get(code=code)
    require(request.user, Action.VIEW_COURT_CASES, court=court)
    cases = cases_search(user=request.user, court=court, query=search_text(request))
    return cases_page(
        request, cases, heading=f"Cases: {court.name}", case_url="court-case", court=court
    )


def search_text(request) -> str:
    """The case search's words (`q`: a case number or words of the caption), cleaned in the
    one place; refused (422 page) when no person could mean them, or when longer than a search
    takes (SEARCH_MAX_CHARACTERS: never cut)."""
    return clean_text(
        query_value(request, "q", ""), field="q", label="search", max_length=SEARCH_MAX_CHARACTERS
    )


def cases_page_of(request, cases, *, court=None):
    """The page of `cases` (cases_search's) that the request names, as core.paging.page_read
    gives it: the count, then the page's cases with their case types' names, and their
    courts' names when the list is not of one `court`."""
    return page_read(
        request,
        lambda offset, limit: cases_listed(cases, offset, limit, court_names=court is None),
        per_page=CASES_PER_PAGE,
    )


def cases_page(request, cases, *, heading: str, case_url: str, court=None):
    """A searchable, paged list of cases (the court's, or a filer's own)."""
    page = cases_page_of(request, cases, court=court)
    cases_listed_audit(user=request.user, cases=page.object_list, request=request)
    named = case_attorneys_named(user=request.user, cases=page.object_list)
    for case in page.object_list:
        case.attorneys_named = ", ".join(named.get(case.pk, []))
    context = {
        "attorney_column": request.user.role == Role.STAFF,
        "heading": heading,
        "court": court,
        "case_url": case_url,
        "query": search_text(request),
        "page": page,
    }
    return render(request, "docket/cases.html", context)
