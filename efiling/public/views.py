"""The public case page and a terminal's document: anyone, signed in or not (@public); a hidden
case answers exactly as a missing one (efiling.cases.public). The page reads the replica when
one is configured (efiling.core.db_router); a document is read on the primary."""

from functools import cache, partial

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from efiling.accounts.access import public
from efiling.core.db_router import reads_from_replica
from efiling.core.pages import safe_only
from efiling.filings.storage import document_pdf_response
from efiling.public.selectors import public_case_overview
from efiling.public.terminals import (
    documents_where,
    entries_with_documents,
    terminal_case_get,
    terminal_document_get,
)


@public
@safe_only
@reads_from_replica
def public_case(request, number: str):
    """A public case: caption, court, type, status and disposition, judge, parties, attorneys,
    public docket entries, hearings and judgments. 404 for a missing or hidden case alike.
    On a courthouse public terminal each entry links its documents (efiling.public.terminals);
    off one, the page says where documents can be read (documents_where)."""
    case, terminal = terminal_case_get(request=request, number=number)
    context = public_case_overview(case)
    if terminal is not None:
        context["entries"] = entries_with_documents(context["entries"])
    else:
        # Read only when an entry has documents to say where they can be read (at most once).
        context["documents_where"] = cache(partial(documents_where, case))
    context["terminal"] = terminal
    response = render(request, "public/case.html", context)
    if terminal is not None:  # a shared browser keeps nothing for the next visitor
        add_never_cache_headers(response)
    return response


@public
@safe_only
def public_document(request, number: str, document_id: int):
    """On a courthouse public terminal: the court's stamped copy of a public document of the
    case, inline and sandboxed; each view audited. 404 for any document that is not public;
    off a terminal, 403 saying where documents can be read, whichever the document."""
    document = terminal_document_get(request=request, number=number, document_id=document_id)
    response = document_pdf_response(document, stamped=True)
    add_never_cache_headers(response)  # a shared browser keeps nothing for the next visitor
    return response
