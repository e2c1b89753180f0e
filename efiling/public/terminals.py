"""On a courthouse public terminal (issue 13; efiling.courts.terminals registers them):
anyone may open the court's stamped copy of a public case's public documents, without an
account, read-only, and each view is audited (the terminal, the document, the address).
Public records are public statewide, as at Missouri's courthouse Case.net terminals: a terminal
of any court opens the documents of any public case. A protection-order case is shown only at a
terminal of its own court, when opened by its exact number (audited too), never in a list
(decision 0017). Off a terminal the public case page links no document and says where they can
be read (`documents_where`); a document's address answers the same, whichever the document.

`terminal_for(request)` is the one answer to "is this request from a terminal?": the
request's device cookie (TERMINAL_COOKIE) or the client's address
(efiling.core.client_address, which reads forwarded headers only from trusted proxies)
matched against the active terminals; cached on the request.

Every terminal event is recorded as the case's court's (details "court"; the trail of the
terminal's own court finds it by "terminal_court"), reads "the public at the courthouse
terminal <name>, <location>" as its actor and names the case and the document in its subject.
"""

from __future__ import annotations

from django.db.models import Prefetch

from efiling.audit.services import audit_record
from efiling.cases.models import Case, SecurityLevel
from efiling.core.client_address import client_address
from efiling.core.errors import NotFound, PermissionDenied
from efiling.courts.models import PublicTerminal
from efiling.courts.terminals import TERMINAL_COOKIE, terminal_matching, terminal_places
from efiling.filings.models import Document
from efiling.public.selectors import public_case_open

DOCUMENT_NOT_FOUND = "There is no such public document in this case."
# How many other courts with terminals `documents_where` names before "and N other courts".
OTHER_COURTS_NAMED = 3
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


def _terminal_details(terminal: PublicTerminal, case: Case, request) -> dict:
    return {
        "court": case.court.code,
        "case": case.number,
        "terminal": terminal.pk,
        "terminal_name": terminal.name,
        "terminal_location": terminal.location,
        "terminal_court": terminal.court.code,
        "address": client_address(request),
    }


def _terminal_actor(terminal: PublicTerminal) -> str:
    where = f"{terminal.name}, {terminal.location}" if terminal.location else terminal.name
    return f"the public at the courthouse terminal {where} ({terminal.court.code})"


def terminal_case_get(*, request, number: str) -> tuple[Case, PublicTerminal | None]:
    """The public case numbered `number` as this request may see it, and the terminal it comes
    from (None off a terminal). On a terminal of its court a protection-order case is found
    too, and that view is audited (public_case.viewed_at_terminal). NotFound as
    public_case_get."""
    terminal = terminal_for(request)
    case = public_case_open(
        number=number, terminal_court=terminal.court if terminal is not None else None
    )
    if terminal is not None and case.case_type.protection_order:
        audit_record(
            action="public_case.viewed_at_terminal",
            target=case,
            actor=None,
            actor_label=_terminal_actor(terminal),
            request=request,
            object_repr=f"{case.number} (protection order)",
            details=_terminal_details(terminal, case, request),
        )
    return case, terminal


def documents_where(case: Case) -> str:
    """Where the documents of public `case` can be read, for the public off a terminal: its
    court's active terminals (name and location), and, for any case but a protection order
    (read only at its own court's terminals), the other courts that have terminals (the first
    OTHER_COURTS_NAMED by name, then how many more); or that no court has a terminal yet."""
    places = terminal_places()
    court = case.court
    own = places.pop(court, [])
    others = [] if case.case_type.protection_order else [c.name for c in places]
    listed = [f"the {name}" for name in others[:OTHER_COURTS_NAMED]]
    if len(others) > OTHER_COURTS_NAMED:
        more = len(others) - OTHER_COURTS_NAMED
        listed.append(f"{more} other court{'s' if more > 1 else ''}")
    named = " and ".join([", ".join(listed[:-1]), listed[-1]] if len(listed) > 1 else listed)
    if own and others:
        return (
            f"Documents can be read at the courthouse public terminals of the {court.name} "
            f"({'; '.join(own)}), or at the public terminals of {named}."
        )
    if own:
        return (
            f"Documents can be read at the courthouse public terminals of the {court.name} "
            f"({'; '.join(own)})."
        )
    if others:
        return (
            f"The {court.name} has no courthouse public terminal; documents can be read at the "
            f"public terminals of {named}."
        )
    return (
        "Documents are not served online, and no court has a courthouse public terminal yet: "
        f"the office of the clerk of the {court.name} gives copies."
    )


def terminal_document_get(*, request, number: str, document_id: int) -> Document:
    """A document of a public docket entry of the case `number`, for a request from a terminal:
    never a confidential information sheet, never a document of a sealed or confidential
    entry (NotFound, DOCUMENT_NOT_FOUND). Off a terminal, a public case's every document
    address, of a document or of none, is refused alike (PermissionDenied saying where
    documents can be read: `documents_where`). A case the request may not see: NotFound as
    public_case_get. Each view is audited (document.viewed_at_terminal)."""
    terminal = terminal_for(request)
    case = public_case_open(
        number=number, terminal_court=terminal.court if terminal is not None else None
    )
    if terminal is None:
        raise PermissionDenied(documents_where(case), code="terminal_only")
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
    entry = document.docket_entry.number
    audit_record(
        action="document.viewed_at_terminal",
        target=document,
        actor=None,
        actor_label=_terminal_actor(terminal),
        request=request,
        object_repr=f"{document.title}, {case.number} docket entry {entry}",
        details={
            **_terminal_details(terminal, case, request),
            "docket_entry": entry,
            "title": document.title,
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
