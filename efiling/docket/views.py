"""The clerk's side: the review queue of a court, the review screen, and reading documents."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action, can, require
from efiling.audit.services import audit_record
from efiling.cases.models import SecurityLevel
from efiling.core import clock
from efiling.core.errors import DomainError, NotFound
from efiling.courts.services import court_get
from efiling.docket import services
from efiling.docket.tasks import docket_entry_stamp_retry
from efiling.filings.models import Document
from efiling.filings.storage import document_pdf_response


@requires(Action.REVIEW_FILINGS)
@require_GET
def review_queue(request, code: str):
    court = court_get(code=code)
    require(request.user, Action.REVIEW_FILINGS, court=court)
    filters = {
        name: request.GET.get(name, "").strip() for name in ("case_type", "filing_code", "filer")
    }
    filings = list(services.review_queue(court=court, **filters)[:500])
    now = clock.now()
    rows = [
        {"filing": f, "waited_hours": (now - f.envelope.submitted_at).total_seconds() / 3600}
        for f in filings
    ]
    return render(
        request, "docket/review_queue.html", {"court": court, "rows": rows, "filters": filters}
    )


@requires(Action.REVIEW_FILINGS)
@require_http_methods(["GET", "POST"])
def review(request, filing_id: int):
    filing = services.filing_for_review(clerk=request.user, filing_id=filing_id)
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "accept":
                entry = services.filing_accept(clerk=request.user, filing=filing, request=request)
                messages.success(
                    request,
                    f"Accepted: docket entry {entry.number} in {entry.case.number}. Its "
                    "stamped copy is being prepared.",
                )
            elif decision == "reject":
                reason = request.POST.get("reason") or ""
                services.filing_reject(
                    clerk=request.user,
                    filing=filing,
                    reason_id=int(reason) if reason.isdigit() else None,
                    details=request.POST.get("details", ""),
                    request=request,
                )
                messages.success(
                    request, "Rejected; the filer is told why and the fee is released."
                )
            elif decision == "return":
                services.filing_return(
                    clerk=request.user,
                    filing=filing,
                    details=request.POST.get("details", ""),
                    request=request,
                )
                messages.success(
                    request, "Returned for correction; the filer keeps the original filing time."
                )
            else:
                messages.error(request, "Choose accept, reject or return.")
                return redirect("review", filing.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("review", filing.pk)
        return redirect("review-queue", filing.envelope.court.code)
    services.review_start(clerk=request.user, filing=filing, request=request)
    envelope = filing.envelope
    context = {
        "filing": filing,
        "envelope": envelope,
        "documents": filing.documents.all(),
        "parties": (envelope.case.parties.all() if envelope.case else envelope.parties.all()),
        "reasons": services.rejection_reasons(envelope.court),
        "submitted_local": clock.to_local(envelope.submitted_at, envelope.court.time_zone),
    }
    return render(request, "docket/review.html", context)


@requires(Action.VIEW_COURT_CASES)
@require_GET
def court_document(request, document_id: int):
    """A document read by the court, in review or on a docket (`?version=stamped` for the
    file-stamped copy); every read of a non-public document is audited."""
    document = (
        Document.objects.select_related(
            "filing__envelope__court", "filing__envelope__case", "docket_entry__case__court"
        )
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise NotFound("There is no such document.")
    entry = document.docket_entry
    case = entry.case if entry else document.filing.envelope.case
    require(
        request.user,
        Action.VIEW_COURT_CASES,
        court=case.court if case else document.filing.envelope.court,
    )
    restricted = sorted(
        {level for level in (entry and entry.security_level, case and case.security_level)}
        - {None, "", SecurityLevel.PUBLIC}
    )
    if restricted or document.kind == Document.Kind.CONFIDENTIAL_SHEET:
        audit_record(
            action="document.viewed",
            target=document,
            request=request,
            details={"security": ", ".join(restricted) or "confidential sheet"},
        )
    return document_pdf_response(document, stamped=request.GET.get("version") == "stamped")


@requires(Action.VIEW_COURT_CASES)
@require_http_methods(["GET", "POST"])
def court_case(request, case_id: int):
    """The court's case page: docket, documents, parties, deadlines; sealing and minute entries."""
    from efiling.docket.access import case_get_for_user, case_overview
    from efiling.docket.models import DocketEntry

    case = case_get_for_user(user=request.user, case_id=case_id, request=request)
    require(request.user, Action.VIEW_COURT_CASES, court=case.court)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "minute":
                services.minute_entry_add(
                    clerk=request.user,
                    case=case,
                    text=request.POST.get("text", ""),
                    request=request,
                )
                messages.success(request, "The minute entry is on the docket.")
            elif request.POST.get("action") == "held":
                hearing_id = request.POST.get("hearing", "")
                hearing = (
                    case.hearings.filter(pk=hearing_id).first() if hearing_id.isdigit() else None
                )
                if hearing is None:
                    raise NotFound("There is no such hearing in this case.")
                entry = services.hearing_held_docket(
                    clerk=request.user,
                    hearing=hearing,
                    note=request.POST.get("note", ""),
                    request=request,
                )
                messages.success(
                    request, f"The hearing is recorded as held: docket entry {entry.number}."
                )
            elif request.POST.get("action") == "security":
                entry_id = request.POST.get("entry")
                entry = (
                    DocketEntry.objects.filter(pk=entry_id, case=case).first() if entry_id else None
                )
                services.security_level_set(
                    clerk=request.user,
                    case=case,
                    entry=entry,
                    level=request.POST.get("level", ""),
                    reason=request.POST.get("reason", ""),
                    request=request,
                )
                messages.success(request, "The security level is changed.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("court-case", case.pk)
    context = {
        **case_overview(user=request.user, case=case),
        "record_held": can(request.user, Action.MANAGE_DOCKET, court=case.court),
        "now": clock.now(),
    }
    return render(request, "docket/case.html", context)


@requires(Action.VIEW_COURT_CASES)
@require_http_methods(["GET", "POST"])
def docket_entry(request, case_id: int, number: int):
    """One docket entry for the court: its documents, where it came from, what responds to it,
    and its corrections; a clerk corrects its text here (the old text is kept)."""
    from efiling.docket.access import case_get_for_user
    from efiling.docket.models import DocketEntry

    case = case_get_for_user(user=request.user, case_id=case_id, request=request)
    require(request.user, Action.VIEW_COURT_CASES, court=case.court)
    entry = (
        DocketEntry.objects.select_related("entered_by", "filing__envelope__signer")
        .filter(case=case, number=number)
        .first()
    )
    if entry is None:
        raise NotFound(f"Case {case.number} has no docket entry {number}.")
    if request.method == "POST":
        try:
            if request.POST.get("action") == "retry-stamp":
                docket_entry_stamp_retry(clerk=request.user, entry=entry, request=request)
                messages.success(request, f"Stamping docket entry {entry.number} again; see below.")
            else:
                services.docket_text_correct(
                    clerk=request.user,
                    entry=entry,
                    text=request.POST.get("text", ""),
                    reason=request.POST.get("reason", ""),
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
