"""The clerk's side: the review queue of a court, the review screen, and reading documents."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action, can, require
from efiling.core import clock
from efiling.core.errors import DomainError, NotFound
from efiling.core.forms import valid_data
from efiling.core.paging import page_of
from efiling.courts.services import court_get
from efiling.docket import orders, services
from efiling.docket.access import (
    case_get_for_user,
    case_overview,
    document_get_for_court,
    entry_get_for_user,
    filings_listed_audit,
)
from efiling.docket.forms import (
    CorrectionForm,
    HearingHeldForm,
    MinuteEntryForm,
    ReviewDecisionForm,
    ReviewQueueFilterForm,
    SecurityLevelForm,
)
from efiling.docket.tasks import docket_entry_stamp_retry
from efiling.filings.storage import document_pdf_response

QUEUE_PER_PAGE = 100


@requires(Action.REVIEW_FILINGS)
@require_GET
def review_queue(request, code: str):
    court = court_get(code=code)
    require(request.user, Action.REVIEW_FILINGS, court=court)
    form = ReviewQueueFilterForm(request.GET, court=court)
    valid = form.is_valid()  # a value not in a list: shown on the form, the queue unfiltered
    filters = form.cleaned_data if valid else {}
    page = page_of(request, services.review_queue(court=court, **filters), per_page=QUEUE_PER_PAGE)
    filings = list(page.object_list)
    filings_listed_audit(user=request.user, filings=filings, request=request)
    now = clock.now()
    rows = [
        {"filing": f, "waited_hours": (now - f.envelope.submitted_at).total_seconds() / 3600}
        for f in filings
    ]
    return render(
        request,
        "docket/review_queue.html",
        {"court": court, "rows": rows, "form": form, "page": page},
        status=200 if valid else 400,
    )


@requires(Action.REVIEW_FILINGS)
@require_http_methods(["GET", "POST"])
def review(request, filing_id: int):
    filing = services.filing_for_review(clerk=request.user, filing_id=filing_id)
    if request.method == "POST":
        try:
            data = valid_data(ReviewDecisionForm(request.POST))
            if data["decision"] == "accept":
                entry = services.filing_accept(clerk=request.user, filing=filing, request=request)
                messages.success(
                    request,
                    f"Accepted: docket entry {entry.number} in {entry.case.number}. Its "
                    "stamped copy is being prepared.",
                )
            elif data["decision"] == "reject":
                services.filing_reject(
                    clerk=request.user,
                    filing=filing,
                    reason_id=data["reason"],
                    details=data["details"],
                    request=request,
                )
                messages.success(
                    request, "Rejected; the filer is told why and the fee is released."
                )
            elif data["decision"] in ("grant_waiver", "deny_waiver"):
                granted = data["decision"] == "grant_waiver"
                services.fee_waiver_decide(
                    clerk=request.user,
                    envelope=filing.envelope,
                    granted=granted,
                    reason=data["details"],
                    request=request,
                )
                messages.success(
                    request,
                    "Fee waiver granted: no fee is charged."
                    if granted
                    else "Fee waiver denied: the filer is told, and the filing waits for the "
                    "payment or the filer's withdrawal.",
                )
                return redirect("review", filing.pk)
            else:
                services.filing_return(
                    clerk=request.user, filing=filing, details=data["details"], request=request
                )
                messages.success(
                    request, "Returned for correction; the filer keeps the original filing time."
                )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("review", filing.pk)
        return redirect("review-queue", filing.envelope.court.code)
    services.review_start(clerk=request.user, filing=filing, request=request)
    envelope = filing.envelope
    case = envelope.case or services.named_case(envelope)
    context = {
        "filing": filing,
        "envelope": envelope,
        "named_case": case if envelope.names_unseen_case else None,
        "documents": filing.documents.all(),
        "parties": case.parties.all() if case else envelope.parties.all(),
        "reasons": services.rejection_reasons(envelope.court),
        "submitted_local": clock.to_local(envelope.submitted_at, envelope.court.time_zone),
        "details_max": services.REVIEW_DETAILS_MAX,
        "details_max_words": f"{services.REVIEW_DETAILS_MAX:,}",
    }
    return render(request, "docket/review.html", context)


@requires(Action.VIEW_COURT_CASES)
@require_GET
def court_document(request, document_id: int):
    """A document read by the court, in review or on a docket (`?version=stamped` for the
    file-stamped copy); every read of a non-public document is audited."""
    document = document_get_for_court(user=request.user, document_id=document_id, request=request)
    return document_pdf_response(document, stamped=request.GET.get("version") == "stamped")


def _court_case_action(request, case) -> None:
    """One button of the court's case page (`action`: minute, held or security), its values
    through its form; a refusal is a DomainError in the clerk's words."""
    action = request.POST.get("action")
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


@requires(Action.VIEW_COURT_CASES)
@require_http_methods(["GET", "POST"])
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
    context = {
        **case_overview(user=request.user, case=case, request=request),
        "record_held": can(request.user, Action.MANAGE_DOCKET, court=case.court),
        "now": clock.now(),
        "proposed_orders": orders.proposed_orders_of(case),
    }
    return render(request, "docket/case.html", context)


@requires(Action.VIEW_COURT_CASES)
@require_http_methods(["GET", "POST"])
def docket_entry(request, case_id: int, number: int):
    """One docket entry for the court: its documents, where it came from, what responds to it,
    and its corrections; a clerk corrects its text here (the old text is kept)."""
    from efiling.docket.models import DocketEntry

    case = case_get_for_user(user=request.user, case_id=case_id, request=request)
    require(request.user, Action.VIEW_COURT_CASES, court=case.court)
    entry = entry_get_for_user(user=request.user, case=case, number=number, request=request)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "retry-stamp":
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
