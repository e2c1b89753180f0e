"""The clerk's review: a court's review queue and the review screen of one filing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action, require
from efiling.core import clock
from efiling.core.errors import DomainError
from efiling.core.forms import valid_data
from efiling.core.pages import safe_only
from efiling.core.paging import page_of
from efiling.courts.services import court_get
from efiling.docket import services
from efiling.docket.access import (
    filings_listed_audit,
)
from efiling.docket.pages.forms import (
    ReviewDecisionForm,
    ReviewQueueFilterForm,
)
from efiling.filings.appearance import appearance_facts

QUEUE_PER_PAGE = 100


@requires(Action.REVIEW_FILINGS)
@safe_only
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
@require_http_methods(["GET", "HEAD", "POST"])
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
        "appearing": appearance_facts(filing),
        "parties": case.parties.all() if case else envelope.parties.all(),
        # A petition's service of process: accepting it issues a summons for each (issue 14).
        "service_requests": envelope.service_requests.select_related("party")
        if filing.filing_code.initiating
        else [],
        "reasons": services.rejection_reasons(envelope.court),
        "submitted_local": clock.to_local(envelope.submitted_at, envelope.court.time_zone),
        "details_max": services.REVIEW_DETAILS_MAX,
        "details_max_words": f"{services.REVIEW_DETAILS_MAX:,}",
    }
    return render(request, "docket/review.html", context)
