"""Service of process (issue 14): summonses and returns of service.

With a new case the filer asks for service on each party to be served
(efiling.filings.service_requests). When the clerk accepts the petition ("docket.filing_reviewed"),
`summonses_prepare` records a pending summons per request in the acceptance's transaction and
enqueues `issue_summons` after the commit; `summons_issue` renders the PDF (summons_pdf.py) and
stores it outside any transaction, then one short transaction dockets it ("Summons issued",
kind SERVICE; the stamped copy follows as for every docketed document), marks it issued and
tells the filer, and the sheriff's office of its county when it serves it. Each summons is
served and returned by its return-by date (Rule 54.21: summons_expiry.py) and keeps the address
it is issued for (summons_address.py). A clerk reissues a summons returned not found, or one
that expired unserved (`summons_alias_issue`: an alias summons, to the address the clerk gives,
docketed the same way).

The sheriff's office of the county a summons names (Role.SHERIFF, User.county) sees it, whichever
court issued it (`summonses_to_serve`, `summons_get`); anyone else who is not of the case is
answered exactly as for a summons that does not exist. The sheriff, or a filer of record in the
case (for a process server, certified mail or publication too), files the return
(summons_returns.py): docketed, noticed to the case, and a served return sets the party's
answer deadline from the court's data (scheduling.deadlines.answer_deadline_from_service).

`summons_workflow.summons_transition` is the one writer of a summons' status (TRANSITIONS),
each change audited:

    pending --issue--> issued --return served--> served
                          |----return not found--> not_found --alias--> reissued
                          +----alias (expired)-------------------------> reissued
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db import transaction
from django.urls import reverse
from django_tasks import task

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, check, require, require_write
from efiling.audit.services import audit_record
from efiling.cases.access import case_participant
from efiling.cases.models import SecurityLevel
from efiling.core import clock
from efiling.core.clock import clock_time
from efiling.core.counters import counter_next
from efiling.core.errors import Conflict, NotFound, ValidationFailed
from efiling.core.events import DomainEvent
from efiling.core.retries import overdue_resume
from efiling.core.words import long_date, one_line
from efiling.courts.models import ServiceManner
from efiling.courts.return_dates import return_date_default
from efiling.courts.selectors import counties
from efiling.courts.service_terms import service_terms
from efiling.docket.documents import docketing_files, document_docket_new
from efiling.docket.models import DocketEntry
from efiling.documents.pdf import inspect_pdf
from efiling.filings.models import Filing, ServiceRequest, Status
from efiling.service.models import Notice
from efiling.service.services import notices_record
from efiling.service.summons_address import address_lines, address_of, address_values
from efiling.service.summons_expiry import summons_expired, summons_return_by
from efiling.service.summons_models import (
    Summons,
)
from efiling.service.summons_pdf import summons_pdf_render
from efiling.service.summons_workflow import summons_state_words, summons_transition

S = Summons.Status
NOT_FOUND_MESSAGE = "There is no such summons."


def summons_locked(summons_id: int) -> Summons:
    """The summons, its row locked until the caller's transaction ends (with its case, court,
    party and request)."""
    return (
        Summons.objects.select_for_update(no_key=True, of=("self",))
        .select_related("case__court", "party", "service_request__envelope")
        .get(pk=summons_id)
    )


# ---------------------------------------------------------------------------- issuing


def petition_filing(service_request: ServiceRequest) -> Filing:
    """The initiating filing of the envelope that asked for the service."""
    return (
        service_request.envelope.filings.filter(filing_code__initiating=True)
        .select_related("filing_code__court")
        .order_by("position")
        .first()
    )


def summonses_prepare(event: DomainEvent) -> None:
    """On "docket.filing_reviewed": an accepted petition whose envelope asked for service gets
    a pending summons per request, issued by the accepting clerk after the commit."""
    filing, entry = event.filing, event.entry
    if filing.status != Status.ACCEPTED or not filing.filing_code.initiating:
        return
    requests = list(filing.envelope.service_requests.select_related("party"))
    now = clock.now()
    for service_request in requests:
        summons = Summons.objects.create(
            case=entry.case,
            party=service_request.party,
            service_request=service_request,
            manner=service_request.manner,
            county=service_request.county,
            address=address_of(service_request.party),
            issued_by=entry.entered_by,
            created_at=now,
            status_changed_at=now,
        )
        audit_record(
            action="summons.pending",
            target=summons,
            actor=entry.entered_by,
            details={"case": entry.case.number, "party": service_request.party_id},
        )
        transaction.on_commit(lambda pk=summons.pk: issue_summons.enqueue(pk), robust=True)


def _served_by(summons: Summons) -> str:
    request = summons.service_request
    if summons.manner == ServiceManner.SHERIFF:
        return f"the Sheriff of {summons.county}"
    if summons.manner == ServiceManner.SPECIAL_PROCESS_SERVER:
        return f"{request.process_server}, special process server"
    return ServiceManner(summons.manner).label.lower()


def appearance_words(return_date: date | None, at: time | None, division: str) -> str:
    """Where and when a summons with a return date tells the party to appear ("on Monday,
    December 21, 2026 at 9:00 a.m. in Division 12": the time and division when the court gives
    them); "" without a return date (an answer period)."""
    if return_date is None:
        return ""
    words = f"on {long_date(return_date)}" + (f" at {clock_time(at)}" if at else "")
    return words + (f" in {division}" if division else "")


def summons_issue(summons_id: int, *, request=None, in_transaction=None) -> Summons:
    """Issue a pending summons: its PDF rendered and stored before the transaction, then docketed
    as the case's next entry ("Summons issued ..."), the summons marked issued with its
    return-by date (summons_expiry.summons_return_by, printed on it) and the filer told
    (Notice.Kind.SUMMONS), and by sheriff the sheriff's office of its county (linking to the
    summons: it opens no case page). A summons no longer pending is returned unchanged (a
    repeated task). `in_transaction(summons)`, when given, runs in the transaction that issues
    it (an API answer recorded with the change)."""
    summons = Summons.objects.select_related(
        "case__court", "party", "issued_by", "service_request__envelope", "alias_of"
    ).get(pk=summons_id)
    if summons.status != S.PENDING:
        return summons
    case, court, party = summons.case, summons.case.court, summons.party
    petition = petition_filing(summons.service_request)
    terms = service_terms(filing_code=petition.filing_code, manner=summons.manner)
    title = "Alias summons" if summons.alias_of_id else "Summons"
    with docketing_files() as files:
        issued_at = clock.now()
        return_date = (
            return_date_default(
                court=court,
                rule=terms.return_date,
                issued_on=clock.local_date(issued_at, court.time_zone),
            )
            if terms.return_date
            else None
        )
        return_by = summons_return_by(court=court, issued_at=issued_at)
        source = files.workdir / "summons.pdf"
        source.write_bytes(
            summons_pdf_render(
                court_name=court.name,
                case_number=case.number,
                caption=case.caption,
                title=title,
                party_name=party.display_name,
                address_lines=address_lines(summons.address),
                petition=petition.filing_code.name,
                filed_on=clock.local_date(petition.envelope.submitted_at, court.time_zone),
                answer_days=terms.answer_days,
                runs_from=terms.runs_from,
                appearance=appearance_words(
                    return_date,
                    terms.return_date.appear_time if terms.return_date else None,
                    terms.return_date.division if terms.return_date else "",
                ),
                served_by=_served_by(summons),
                clerk_signature=f"/s/ {one_line(summons.issued_by.get_full_name())}",
                issued_on=clock.local_date(issued_at, court.time_zone),
                return_by=return_by,
            )
        )
        stored = files.store(source, page_count=inspect_pdf(source).page_count)
        with transaction.atomic():
            number = counter_next(f"docket:{case.pk}")
            summons = summons_locked(summons_id)
            if summons.status != S.PENDING:
                raise Conflict("This summons was issued meanwhile.", code="summons_state")
            text = f"{title} issued to {party.display_name} for service by {_served_by(summons)}."
            entry = DocketEntry.objects.create(
                case=case,
                number=number,
                kind=DocketEntry.Kind.SERVICE,
                text=text,
                filed_at=issued_at,
                entered_by=summons.issued_by,
                created_at=issued_at,
                # Its PDF gives the party's address, which the public never sees (domain.md):
                # at least confidential, so no public page or terminal shows it.
                security_level=SecurityLevel.SEALED
                if case.security_level == SecurityLevel.SEALED
                else SecurityLevel.CONFIDENTIAL,
            )
            document = document_docket_new(
                entry=entry,
                stored=stored,
                title=f"{title}: {party.display_name}",
                original_name=f"summons-{case.number}-{summons.pk}.pdf",
                uploaded_by=summons.issued_by,
                text_searchable=True,
            )
            summons.docket_entry, summons.document, summons.issued_at = entry, document, issued_at
            if terms.return_date:
                summons.return_date = return_date
                summons.return_time = terms.return_date.appear_time
                summons.return_division = terms.return_date.division
            summons.return_by = return_by
            summons_transition(
                summons=summons,
                to=S.ISSUED,
                actor=summons.issued_by,
                request=request,
                docket_number=number,
                sha256=document.sha256,
            )
            envelope = summons.service_request.envelope
            subject = f"{case.number}: {title.lower()} issued to {party.display_name}"
            notices_record(
                recipients=[envelope.signer, envelope.prepared_by],
                kind=Notice.Kind.SUMMONS,
                case=case,
                subject=subject,
                body=text,
                entry=entry,
            )
            if summons.manner == ServiceManner.SHERIFF:  # the office that serves it
                notices_record(
                    recipients=sheriffs_of(summons.county),
                    kind=Notice.Kind.SUMMONS,
                    subject=f"To serve: {subject}",
                    body=f"{text} Issued by the {court.name}; to be served and returned by "
                    f"{long_date(return_by)}.",
                    link=reverse("summons-detail", args=[summons.pk]),
                )
            if in_transaction is not None:
                in_transaction(summons)
    return summons


@task()
def issue_summons(summons_id: int) -> str:
    """Issue one pending summons after the commit of the acceptance that prepared it."""
    return summons_issue(summons_id).status


RESUME_AFTER = timedelta(minutes=15)  # a summons pending this long lost its task


def summonses_resume(*, overdue: timedelta = RESUME_AFTER) -> list[int]:
    """Enqueue `issue_summons` again for summonses pending more than `overdue` (a process
    stopped between the acceptance's commit and the issue); their ids (core.retries)."""
    pending = Summons.objects.filter(status=S.PENDING)
    return overdue_resume(pending, task=issue_summons, overdue=overdue, field="status_changed_at")


def summons_alias_issue(
    *,
    clerk: User,
    summons: Summons,
    address: dict | None = None,
    county: str = "",
    request=None,
    in_transaction=None,
) -> Summons:
    """A clerk of the case's court reissues a summons returned not found, or one issued that
    expired unserved (its return-by date passed: summons_expiry): an alias summons to the same
    party by the same manner, docketed; the old one becomes "reissued". `address` (a dict of
    summons_address.ADDRESS_FIELDS, checked by `address_values`) is where the alias is to be
    served; empty or None, the old summons' address. By sheriff, `county` names the county
    whose sheriff serves it (a new address may be in another; empty: the old summons' county).
    ValidationFailed for an address or county not taken; Conflict for a summons in any other
    state, and for one issued that has not expired (naming the last day it may be served).
    `in_transaction(alias)` as for `summons_issue`."""
    require_write(clerk, Action.ISSUE_SUMMONS, court=summons.case.court)
    new_address = address_values(address)
    county = county.strip()
    if county and (summons.manner != ServiceManner.SHERIFF or county not in counties()):
        raise ValidationFailed(
            "Choose the county whose sheriff is to serve the alias summons (service by "
            "sheriff only).",
            field="county",
        )
    with transaction.atomic():
        old = summons_locked(summons.pk)
        refusal = alias_refusal(old)
        if refusal is not None:
            raise refusal
        now = clock.now()
        alias = Summons.objects.create(
            case=old.case,
            party=old.party,
            service_request=old.service_request,
            alias_of=old,
            manner=old.manner,
            county=county or old.county,
            address=new_address or old.address,
            issued_by=clerk,
            created_at=now,
            status_changed_at=now,
        )
        summons_transition(summons=old, to=S.REISSUED, actor=clerk, request=request, alias=alias.pk)
    return summons_issue(alias.pk, request=request, in_transaction=in_transaction)


def alias_refusal(summons: Summons) -> Conflict | None:
    """Why `summons` may not be reissued now (the Conflict to raise), or None: only one returned
    not found, or one issued whose return-by date has passed (summons_expiry), is reissued."""
    if summons.status not in (S.ISSUED, S.NOT_FOUND):
        return Conflict(
            f"This summons is {summons_state_words(summons.status)}: only one returned not found, "
            "or one that expired unserved, is reissued.",
            code="summons_state",
        )
    if summons.status == S.ISSUED and not summons_expired(summons):
        return Conflict(
            "This summons is still to be served: it may be served and returned through "
            f"{long_date(summons.return_by)}. An alias summons is issued once it is returned "
            "not found, or from the next day if it is not served by then.",
            code="summons_not_expired",
        )
    return None


def alias_address_suggested(summons: Summons) -> dict:
    """The address an alias of `summons` is offered with: the one its not-found return says
    the party may be found at, else its own."""
    found = getattr(summons, "service_return", None)
    return (found.new_address if found is not None else None) or summons.address


# ---------------------------------------------------------------------------- who sees what


def sheriffs_of(county: str) -> list[User]:
    """The active sheriff's office accounts of `county` (none for an empty county)."""
    if not county:
        return []
    return list(User.objects.filter(role=Role.SHERIFF, county=county, is_active=True))


def summonses_to_serve(user: User):
    """The summonses a sheriff's office must serve: issued, by sheriff, in its county, from
    every court; oldest first. PermissionDenied for other roles."""
    require(user, Action.SERVE_PROCESS)
    return (
        Summons.objects.filter(
            manner=ServiceManner.SHERIFF, county=user.county, county__gt="", status=S.ISSUED
        )
        .select_related("case__court", "party", "docket_entry")
        .order_by("issued_at", "pk")
    )


def summons_get(*, user: User, summons_id: int) -> Summons:
    """Fetch-and-authorize one summons: the sheriff's office of its county (by sheriff; from
    any court), a clerk or judge of its court, or one who takes part in its case. NotFound with
    the same message for every other summons as for one that does not exist; PermissionDenied
    for a role that sees none (VIEW_SUMMONSES)."""
    require(user, Action.VIEW_SUMMONSES)
    summons = (
        Summons.objects.filter(pk=summons_id)
        .exclude(status=S.PENDING)
        .select_related("case__court", "party", "service_request", "docket_entry", "document")
        .first()
    )
    if summons is None or not summons_visible(user, summons):
        raise NotFound(NOT_FOUND_MESSAGE)
    return summons


def summons_visible(user: User, summons: Summons) -> bool:
    """Whether `user` may see `summons` (summons_get's rule, without the fetch)."""
    if user.role == Role.SHERIFF:
        return (
            check(user, Action.SERVE_PROCESS) is None
            and summons.manner == ServiceManner.SHERIFF
            and bool(user.county)
            and summons.county == user.county
        )
    if check(user, Action.VIEW_COURT_CASES, court=summons.case.court) is None:
        return True
    return check(user, Action.VIEW_CASES) is None and case_participant(user, summons.case)
