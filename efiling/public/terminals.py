"""On a courthouse public terminal (issue 13; efiling.courts.terminals registers them):
anyone may open the court's stamped copy of a public case's public documents, without an
account, read-only, and each view is audited (the terminal, the document, the address). A
protection-order case is shown there when opened by its exact number (audited too), never
in a list. Off a terminal the public case page links no document and says where the case's
court has its terminals.

`terminal_for(request)` is the one answer to "is this request from a terminal?": the
request's device cookie (TERMINAL_COOKIE) or the client's address
(efiling.core.client_address, which reads forwarded headers only from trusted proxies)
matched against the active terminals; cached on the request.
"""

from __future__ import annotations

from django.db.models import Prefetch

from efiling.audit.services import audit_record
from efiling.cases.models import Case, SecurityLevel
from efiling.cases.public import public_case_get
from efiling.core.client_address import client_address
from efiling.core.errors import NotFound
from efiling.courts.models import PublicTerminal
from efiling.courts.terminals import TERMINAL_COOKIE, terminal_matching
from efiling.filings.models import Document

DOCUMENT_NOT_FOUND = "There is no such public document in this case."
_UNSET = object()


def terminal_for(request) -> PublicTerminal | None:
    """The active public terminal this request comes from, or None (asked once per request)."""
    found = getattr(request, "_public_terminal", _UNSET)
    if found is _UNSET:
        found = terminal_matching(
            address=client_address(request), token=request.COOKIES.get(TERMINAL_COOKIE)
        )
        request._public_terminal = found
    return found


def _terminal_details(terminal: PublicTerminal, request) -> dict:
    return {
        "terminal": terminal.pk,
        "terminal_name": terminal.name,
        "terminal_court": terminal.court.code,
        "address": client_address(request),
    }


def terminal_case_get(*, request, number: str) -> tuple[Case, PublicTerminal | None]:
    """The public case numbered `number` as this request may see it, and the terminal it comes
    from (None off a terminal). On a terminal a protection-order case is found too, and that
    view is audited (public_case.viewed_at_terminal). NotFound as public_case_get."""
    terminal = terminal_for(request)
    case = public_case_get(number=number, at_terminal=terminal is not None)
    if terminal is not None and case.case_type.protection_order:
        audit_record(
            action="public_case.viewed_at_terminal",
            target=case,
            actor=None,
            request=request,
            details={"case": case.number, **_terminal_details(terminal, request)},
        )
    return case, terminal


def terminal_document_get(*, request, number: str, document_id: int) -> Document:
    """A document of a public docket entry of the case `number`, for a request from a terminal
    (NotFound off one, in the same words as for a missing document): never a confidential
    information sheet, never a document of a sealed or confidential entry. Each view is
    audited (document.viewed_at_terminal: the terminal, the document, the address)."""
    terminal = terminal_for(request)
    if terminal is None:
        raise NotFound(DOCUMENT_NOT_FOUND)
    case = public_case_get(number=number, at_terminal=True)
    document = (
        Document.objects.select_related("docket_entry")
        .filter(
            pk=document_id,
            docket_entry__case=case,
            docket_entry__security_level=SecurityLevel.PUBLIC,
        )
        .exclude(kind=Document.Kind.CONFIDENTIAL_SHEET)
        .first()
    )
    if document is None:
        raise NotFound(DOCUMENT_NOT_FOUND)
    audit_record(
        action="document.viewed_at_terminal",
        target=document,
        actor=None,
        request=request,
        details={
            "case": case.number,
            "docket_entry": document.docket_entry.number,
            "title": document.title,
            **_terminal_details(terminal, request),
        },
    )
    return document


def entries_with_documents(entries):
    """Public docket entries (public_docket_entries) with `public_documents`: each entry's
    documents but a confidential information sheet, by position, for the links on a terminal."""
    documents = Document.objects.exclude(kind=Document.Kind.CONFIDENTIAL_SHEET).only(
        "docket_entry_id", "title", "position", "page_count"
    )
    return entries.prefetch_related(
        Prefetch(
            "documents", queryset=documents.order_by("position", "pk"), to_attr="public_documents"
        )
    )
