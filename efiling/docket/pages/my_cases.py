"""Filers' own cases: the cases they appear in, each with its docket, parties, hearings and
deadlines, and the docketed documents to read (file-stamped), any hour. Access goes through
efiling.docket.access, which audits every view of confidential or sealed material."""

from django.shortcuts import render

from efiling.accounts.access import requires
from efiling.accounts.permissions import FILERS, Action
from efiling.core.db_router import reads_from_replica
from efiling.core.pages import safe_only
from efiling.docket.access import (
    case_get_for_user,
    case_overview,
    cases_search,
    document_get_for_user,
)
from efiling.docket.pages.case import docket_rows
from efiling.docket.pages.cases import cases_page, search_text
from efiling.filings.storage import document_pdf_response


@requires(Action.VIEW_CASES)
@safe_only
@reads_from_replica
def my_cases(request):
    cases = cases_search(user=request.user, query=search_text(request))
    return cases_page(request, cases, heading="My cases", case_url="my-case")


@requires(Action.VIEW_CASES)
@safe_only
def my_case(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, request=request)
    context = case_overview(user=request.user, case=case, request=request)
    docket_rows(context["entries"], document_url="my-case-document", entry_pages=False)
    context["can_file"] = request.user.role in FILERS
    return render(request, "docket/my_case.html", context)


@requires(Action.VIEW_CASES)
@safe_only
def my_case_document(request, document_id: int):
    """The file-stamped document, shown inline in a sandbox."""
    document = document_get_for_user(user=request.user, document_id=document_id, request=request)
    return document_pdf_response(document, stamped=True)
