"""The court's case page (docket, minute entries, hearings held, sealing), one docket entry
with its corrections, and the court's reading of a document."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_http_methods

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action, can, require
from efiling.cases.disposition import case_judge_assign
from efiling.core import clock
from efiling.core.errors import DomainError, NotFound
from efiling.core.forms import valid_data
from efiling.core.pages import safe_only
from efiling.core.query import posted_value, query_value
from efiling.docket import selectors, services
from efiling.docket.access import (
    case_get_for_user,
    case_overview,
    document_get_for_court,
    entry_get_for_user,
)
from efiling.docket.models import DocketEntry
from efiling.docket.orders import judges_of
from efiling.docket.pages.forms import (
    CorrectionForm,
    HearingHeldForm,
    JudgeAssignForm,
    MinuteEntryForm,
    SecurityLevelForm,
)
from efiling.docket.tasks import docket_entry_stamp_retry
from efiling.filings.storage import document_pdf_response

FILED_FORMAT = "M j, Y g:i a T"  # a docket entry's filing time, in the zone the page is shown in


def _link_maker(url_name: str, *fixed):
    """A function of one id giving the path of URL `url_name` (its arguments `fixed`, then the
    id), reversed once: a docket of a hundred entries reverses each page's name once, not a
    hundred times."""
    head, _zero, tail = reverse(url_name, args=[*fixed, 0]).rpartition("/0/")
    return lambda pk: f"{head}/{pk}/{tail}"


def docket_rows(entries: list[DocketEntry], *, document_url: str, entry_pages: bool) -> list:
    """The docket table's rows (docket/_docket_table.html): each entry of `entries` (with its
    documents prefetched) given `filed_shown` (its filing time in the active time zone, as
    FILED_FORMAT), `page_url` (the court's page of the entry when `entry_pages`, else None) and
    `document_links` ((document, path) pairs; the stamped copy's when `entry_pages`, the court's
    reading). Returns `entries`."""
    document_link = _link_maker(document_url)
    entry_link = None
    if entries and entry_pages:
        entry_link = _link_maker("docket-entry", entries[0].case_id)
    stamped = "?version=stamped" if entry_pages else ""
    for entry in entries:
        entry.filed_shown = dateformat.format(timezone.localtime(entry.filed_at), FILED_FORMAT)
        entry.page_url = entry_link(entry.number) if entry_link else None
        entry.document_links = [
            (document, document_link(document.pk) + stamped) for document in entry.documents.all()
        ]
    return entries


@requires(Action.VIEW_COURT_CASES)
@safe_only
def court_document(request, document_id: int):
    """A document read by the court, in review or on a docket (`?version=stamped` for the
    file-stamped copy); every read of a non-public document is audited."""
    document = document_get_for_court(user=request.user, document_id=document_id, request=request)
    return document_pdf_response(document, stamped=query_value(request, "version") == "stamped")


def _court_case_action(request, case) -> None:
    """One button of the court's case page (`action`: minute, held, security or assign-judge),
    its values through its form; a refusal is a DomainError in the clerk's words."""
    action = posted_value(request, "action")
    if action == "minute":
        data = valid_data(MinuteEntryForm(request.POST))
        services.minute_entry_add(clerk=request.user, case=case, text=data["text"], request=request)
        messages.success(request, "The minute entry is on the docket.")
    elif action == "held":
        form = HearingHeldForm(request.POST)
        form.is_valid()  # a malformed hearing id is refused like a missing one
        hearing_id = form.cleaned_data.get("hearing")
        hearing = case.hearings.filter(pk=hearing_id).first() if hearing_id else None
        if hearing is None:
            raise NotFound("There is no such hearing in this case.")
        entry = services.hearing_held_docket(
            clerk=request.user, hearing=hearing, note=valid_data(form)["note"], request=request
        )
        messages.success(request, f"The hearing is recorded as held: docket entry {entry.number}.")
    elif action == "security":
        data = valid_data(SecurityLevelForm(request.POST))
        entry = case.docket_entries.filter(pk=data["entry"]).first() if data["entry"] else None
        if data["entry"] and entry is None:
            raise NotFound("There is no such docket entry in this case.")
        services.security_level_set(
            clerk=request.user,
            case=case,
            entry=entry,
            level=data["level"],
            reason=data["reason"],
            request=request,
        )
        messages.success(request, "The security level is changed.")
    elif action == "assign-judge":
        judge_id = valid_data(JudgeAssignForm(request.POST))["judge"]
        judge = judges_of(case.court).filter(pk=judge_id).first() if judge_id else None
        if judge_id and judge is None:
            raise NotFound(f"There is no such judge of the {case.court.name}.")
        case_judge_assign(case=case, judge=judge, actor=request.user, request=request)
        messages.success(
            request,
            f"Judge {judge.get_full_name()} is assigned." if judge else "No judge is assigned now.",
        )


@requires(Action.VIEW_COURT_CASES)
@require_http_methods(["GET", "HEAD", "POST"])
def court_case(request, case_id: int):
    """The court's case page: docket, documents, parties, deadlines; sealing and minute entries."""

    case = case_get_for_user(user=request.user, case_id=case_id, request=request)
    require(request.user, Action.VIEW_COURT_CASES, court=case.court)
    if request.method == "POST":
        try:
            _court_case_action(request, case)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("court-case", case.pk)
    context = case_overview(user=request.user, case=case, request=request)
    docket_rows(context["entries"], document_url="court-document", entry_pages=True)
    context |= {
        "record_held": can(request.user, Action.MANAGE_DOCKET, court=case.court),
        "assign_judges": judges_of(case.court)
        if can(request.user, Action.ASSIGN_JUDGE, court=case.court)
        else None,
        "now": clock.now(),
        "proposed_orders": selectors.proposed_orders_of(case),
    }
    return render(request, "docket/case.html", context)


@requires(Action.VIEW_COURT_CASES)
@require_http_methods(["GET", "HEAD", "POST"])
def docket_entry(request, case_id: int, number: int):
    """One docket entry for the court: its documents, where it came from, what responds to it,
    and its corrections; a clerk corrects its text here (the old text is kept)."""
    case = case_get_for_user(user=request.user, case_id=case_id, request=request)
    require(request.user, Action.VIEW_COURT_CASES, court=case.court)
    entry = entry_get_for_user(user=request.user, case=case, number=number, request=request)
    if request.method == "POST":
        try:
            if posted_value(request, "action") == "retry-stamp":
                docket_entry_stamp_retry(clerk=request.user, entry=entry, request=request)
                messages.success(request, f"Stamping docket entry {entry.number} again; see below.")
            else:
                data = valid_data(CorrectionForm(request.POST))
                services.docket_text_correct(
                    clerk=request.user,
                    entry=entry,
                    text=data["text"],
                    reason=data["reason"],
                    request=request,
                )
                messages.success(request, f"Docket entry {entry.number} is corrected.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("docket-entry", case.pk, entry.number)
    responses = (
        DocketEntry.objects.filter(case=case, filing__responds_to=entry)
        .order_by("number")
        .only("number", "text")
    )
    context = {
        "case": case,
        "entry": entry,
        "documents": entry.documents.all(),
        "responses": responses,
        "corrections": entry.corrections.select_related("corrected_by").order_by("corrected_at"),
        "can_correct": can(request.user, Action.MANAGE_DOCKET, court=case.court),
    }
    return render(request, "docket/docket_entry.html", context)
