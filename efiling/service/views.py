"""The inbox (notices, their e-mails' states, read and unread, filter by case), the notice
e-mail preferences with the cases the user tracks, tracking a case, the digest's one-click
unsubscribe, what was served on the user (the documents as submitted; a rejected or withdrawn
filing's as a copy marked so on each page), and, for a filer, the service of their filing with the
state of each e-mail that told the people served."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from efiling.accounts.access import public, requires
from efiling.accounts.permissions import Action, can
from efiling.cases.access import case_read_audit
from efiling.cases.models import Case
from efiling.core.errors import DomainError, NotFound, ValidationFailed
from efiling.core.forms import add_domain_error
from efiling.core.pages import safe_only
from efiling.core.paging import page_of
from efiling.core.query import posted_value, query_value
from efiling.core.text import parse_int
from efiling.core.words import sentence
from efiling.courts.models import ServiceManner
from efiling.docket.access import CASE_NOT_FOUND, document_read_audit
from efiling.filings.service_list import (
    CONVENTIONAL,
    service_awaits_acceptance,
    service_entries,
)
from efiling.filings.services import envelope_get_for_user
from efiling.filings.storage import document_pdf_response, pdf_inline_response
from efiling.service import preferences, summons, summons_returns, tracking
from efiling.service.case_pages import case_page_url
from efiling.service.forms import AliasSummonsForm, NoticePreferencesForm, ServiceReturnForm
from efiling.service.served_documents import (
    ended_copy_open,
    served_document_get,
    served_documents,
    service_record_for_user,
)
from efiling.service.services import (
    notice_cases,
    notice_link_now,
    notice_mark_read,
    notices_for,
    notices_mark_read,
    notices_unread_count,
)
from efiling.service.serving import service_records_of
from efiling.service.summons_address import ADDRESS_FIELDS, address_lines
from efiling.service.summons_expiry import summons_expired
from efiling.service.summons_models import Summons

NOTICES_PER_PAGE = 50
TRACKED_PER_PAGE = 50


def _case_filter(request, read=query_value) -> int | None:
    """The `case` parameter (of the address, or of the form with read=posted_value) as a case
    id, or None; a repeated one is refused (efiling.core.query)."""
    raw = read(request, "case", "")
    return parse_int(raw, field="case", label="case", minimum=1) if raw else None


def _inbox(request, case_id: int | None = None) -> str:
    return reverse("notices") + (f"?case={case_id}" if case_id else "")


@requires(Action.EDIT_OWN_PROFILE)
@safe_only
def notices(request):
    """The user's notices, newest first, NOTICES_PER_PAGE to a page, of one case when
    `?case=` names one of the cases of their notices (all, said so, when it names another);
    each with the state of its e-mails."""
    case_id = _case_filter(request)
    cases = notice_cases(request.user)
    case_shown = next((c for c in cases if c.pk == case_id), None)
    unknown_case = case_id is not None and case_shown is None
    if unknown_case:
        case_id = None
    rows = notices_for(request.user, case_id=case_id)
    page = page_of(request, rows, per_page=NOTICES_PER_PAGE)
    context = {
        "page": page,
        "cases": cases,
        "case_id": case_id,
        "case_shown": case_shown,
        "unknown_case": unknown_case,
        "unread": notices_unread_count(request.user),
    }
    return render(request, "service/notices.html", context)


@requires(Action.EDIT_OWN_PROFILE)
@require_POST
def notice_read(request, notice_id: int):
    notice_mark_read(user=request.user, notice_id=notice_id)
    return redirect(_inbox(request, _case_filter(request, posted_value)))


@requires(Action.EDIT_OWN_PROFILE)
@safe_only
def notice_open(request, notice_id: int):
    """Follow a notice's link from the inbox: the notice is marked read, then the user goes to
    what it tells about, a case's page being the one they may open now (notice_link_now; the
    inbox, for a notice without a link). NotFound for another's."""
    notice = notice_mark_read(user=request.user, notice_id=notice_id)
    link = notice_link_now(notice)
    if link.startswith("/") and not link.startswith("//"):
        return redirect(link)
    return redirect(_inbox(request))


@requires(Action.EDIT_OWN_PROFILE)
@require_POST
def notices_read_all(request):
    """Mark every unread notice read (of one case, when the list shows one)."""
    case_id = _case_filter(request, posted_value)
    count = notices_mark_read(user=request.user, case_id=case_id)
    messages.success(request, f"{count} notice{'s' * (count != 1)} marked as read.")
    return redirect(_inbox(request, case_id))


@requires(Action.EDIT_OWN_PROFILE)
@require_http_methods(["GET", "HEAD", "POST"])
def notice_preferences(request):
    user = request.user
    initial = {"notice_mail": user.notice_mail, "digest_hour": str(user.notice_digest_hour)}
    form = NoticePreferencesForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = preferences.notice_preferences_set(
                    user=user,
                    notice_mail=form.cleaned_data["notice_mail"],
                    digest_hour=form.cleaned_data["digest_hour"],
                    request=request,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request, "Your choice is saved." if changed else "Nothing was changed."
                )
                return redirect("notice-preferences")
        else:
            status = 400
    page = page_of(request, tracking.tracked_cases(user), per_page=TRACKED_PER_PAGE)
    tracked = [(t.case, case_page_url(user, t.case)) for t in page]
    context = {"form": form, "page": page, "tracked": tracked}
    return render(request, "service/preferences.html", context, status=status)


@requires(Action.VIEW_CASES)
@require_POST
def case_tracking(request, case_id: int):
    """Track (`action=track`) or untrack (`action=untrack`) a case, then back to the case's
    page, or to the preferences page (`back=preferences`). Tracking a case the user may not
    see is answered as a missing one (404)."""
    return _tracking_posted(request, case_id)


@requires(Action.TRACK_PUBLIC_CASES)
@require_POST
def public_case_tracking(request, number: str):
    """The same from a public case page or the preferences list, the case named by its
    number, never its row id: any registered user tracks a public case here, self-represented
    litigants included while their e-filing is not open; a case they track is untracked here
    even once it is no longer public. A number that names neither is answered as a missing
    case (404)."""
    case_id = tracking.tracking_case_id(request.user, number)
    if case_id is None:
        raise NotFound(CASE_NOT_FOUND)
    return _tracking_posted(request, case_id)


def _tracking_posted(request, case_id: int):
    user, action = request.user, posted_value(request, "action")
    if action == "track":
        tracked, created = tracking.case_track(user=user, case_id=case_id, request=request)
        number = tracked.case.number
        messages.success(
            request,
            f"You track {number}: you will be told of its new public docket entries and hearings."
            if created
            else f"You already track {number}.",
        )
    elif action == "untrack":
        untracked = tracking.case_untrack(user=user, case_id=case_id, request=request)
        messages.success(
            request, "You no longer track this case." if untracked else "You did not track it."
        )
    else:
        raise ValidationFailed("Choose to track or untrack the case.", field="action")
    case = Case.objects.select_related("court").filter(pk=case_id).first()
    url = case and case_page_url(user, case)
    if posted_value(request, "back") == "preferences" or not url:
        return redirect("notice-preferences")
    return redirect(url)


@public
@csrf_exempt  # the signed link is the credential; mail providers POST it without a session
@require_http_methods(["GET", "HEAD", "POST"])
def notice_unsubscribe(request, token: str):
    """GET: a page with one button; POST (the button, or the mail provider's one-click
    List-Unsubscribe-Post): notice e-mail to the address the link names stops
    (preferences.notice_mail_unsubscribe)."""
    try:
        if request.method != "POST":  # GET or HEAD: a link that cannot work offers no button
            link = preferences.unsubscribe_link_read(token)
            return render(request, "service/unsubscribe.html", {"link": link, "done": False})
        link = preferences.notice_mail_unsubscribe(token=token, request=request)
    except DomainError as exc:
        return render(
            request,
            "core/error.html",
            {"title": "Link not valid", "message": exc.message},
            status=exc.status,
        )
    return render(request, "service/unsubscribe.html", {"link": link, "done": True})


@requires(Action.VIEW_CASES)
@safe_only
def served(request, record_id):
    """A filing served on the user: who filed it, when it was served, its documents as
    submitted and each filing's status now (a rejected or withdrawn one stays readable,
    marked); staff read it as served on the attorney they work for."""
    record = service_record_for_user(user=request.user, record_id=record_id, request=request)
    case = record.envelope.case
    served_on = "you" if record.person_id == request.user.pk else record.person.get_full_name()
    return render(
        request,
        "service/served.html",
        {
            "record": record,
            "documents": served_documents(record),
            "served_on": served_on,
            "case_url": case_page_url(request.user, case),
        },
    )


@requires(Action.VIEW_CASES)
@safe_only
def served_document(request, record_id, document_id):
    """A document as served: the stored original's bytes, or, once the clerk rejected its
    filing or the filer withdrew it, a copy made now with "REJECTED BY THE CLERK ON <date> —
    NOT FILED" (or "WITHDRAWN BY THE FILER ON ...") above each page
    (503 in the reader's words when that copy cannot be made)."""
    record = service_record_for_user(user=request.user, record_id=record_id, request=request)
    served = served_document_get(record=record, document_id=document_id)
    document_read_audit(request.user, served.document, record.envelope.case, request)
    if not served.ended:
        return document_pdf_response(served.document, stamped=False)
    copy = ended_copy_open(served, zone_name=record.envelope.case.court.time_zone)
    return pdf_inline_response(copy, document_id=served.document.pk)


@requires(Action.VIEW_OWN_FILINGS)
@safe_only
def envelope_service(request, public_id):
    """The service of one of the user's submitted envelopes: each person served, when and how,
    and the state of the e-mail that told them at the address served (queued, sent, failed or
    bounced; the mail server's reason stays the recipient's), then
    the parties the filer serves conventionally. A draft's answer is its review step."""
    envelope = envelope_get_for_user(user=request.user, public_id=public_id, request=request)
    if envelope.submitted_at is None:
        return redirect("filing-review", envelope.public_id)
    records = [
        {"record": record, "deliveries": record.served_address_deliveries()}
        for record in service_records_of(envelope)
    ]
    conventional = [e for e in service_entries(envelope) if e.channel == CONVENTIONAL]
    return render(
        request,
        "service/envelope_service.html",
        {
            "envelope": envelope,
            "records": records,
            "conventional": conventional,
            "awaits_acceptance": service_awaits_acceptance(envelope),
        },
    )


# ---------------------------------------------------------------------------- service of process


def _summons_page(request, found: Summons, alias_form=None, status: int = 200):
    """The summons page (the alias form given when the clerk's post was refused)."""
    is_clerk = can(request.user, Action.ISSUE_SUMMONS, court=found.case.court)
    may_reissue = is_clerk and summons.alias_refusal(found) is None
    service_return = getattr(found, "service_return", None)
    if may_reissue and alias_form is None:
        alias_form = _alias_form(found, initial=summons.alias_address_suggested(found))
    return render(
        request,
        "service/summons.html",
        {
            "summons": found,
            "appearance": sentence(
                "The party must appear "
                + summons.appearance_words(
                    found.return_date, found.return_time, found.return_division
                )
            )
            if found.return_date
            else "",
            "return_date_problem": summons_returns.return_date_problem(found),
            "address": address_lines(found.address),
            "found_at": address_lines(service_return.new_address) if service_return else [],
            "expired": found.status == Summons.Status.ISSUED and summons_expired(found),
            "may_return": found.status == Summons.Status.ISSUED
            and summons_returns.may_file_return(request.user, found),
            "alias_form": alias_form if may_reissue else None,
            "clerk_waits": is_clerk and found.status == Summons.Status.ISSUED and not may_reissue,
        },
        status=status,
    )


def _alias_form(found: Summons, data=None, initial=None) -> AliasSummonsForm:
    by_sheriff = found.manner == ServiceManner.SHERIFF
    if by_sheriff and initial is not None:
        initial = {**initial, "county": found.county}
    return AliasSummonsForm(data, initial=initial, by_sheriff=by_sheriff)


@requires(Action.VIEW_SUMMONSES)
@safe_only
def summons_detail(request, summons_id: int):
    """A summons: whom, where, how, its state and return-by date, its PDF and its return; the
    return form's link for those who may file it, the alias form for the court's clerks once it
    was returned not found or expired (summons.summons_get decides who sees it: anyone else
    gets the page of a summons that does not exist)."""
    found = summons.summons_get(user=request.user, summons_id=summons_id)
    case_read_audit(user=request.user, case=found.case, request=request, what="summons")
    return _summons_page(request, found)


@requires(Action.VIEW_SUMMONSES)
@safe_only
def summons_pdf(request, summons_id: int):
    """The summons as docketed: its file-stamped copy once made."""
    found = summons.summons_get(user=request.user, summons_id=summons_id)
    document_read_audit(request.user, found.document, found.case, request)
    return document_pdf_response(found.document, stamped=True)


@requires(Action.FILE_SERVICE_RETURN)
@require_http_methods(["GET", "HEAD", "POST"])
def service_return_new(request, summons_id: int):
    """File the return of service of an issued summons."""
    found = summons.summons_get(user=request.user, summons_id=summons_id)
    if not summons_returns.may_file_return(request.user, found):
        raise NotFound(summons.NOT_FOUND_MESSAGE)
    form = ServiceReturnForm(
        request.POST if request.method == "POST" else None, manner=found.manner
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            summons_returns.service_return_file(
                user=request.user,
                summons_id=found.pk,
                outcome=data["outcome"],
                served_on=data["served_on"],
                served_time=data["served_time"],
                how_served=data["how_served"],
                person_served=data["person_served"],
                reason=data["reason"],
                new_address={name: data[name] for name in ADDRESS_FIELDS},
                request=request,
            )
        except ValidationFailed as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "The return of service is filed and docketed.")
            problem = summons_returns.return_date_problem(
                summons.summons_get(user=request.user, summons_id=found.pk)
            )
            if problem:
                messages.warning(request, problem)
            return redirect("summons-detail", found.pk)
    status = 400 if form.errors else 200
    context = {"summons": found, "form": form}
    return render(request, "service/service_return.html", context, status=status)


@requires(Action.ISSUE_SUMMONS)
@require_POST
def summons_reissue(request, summons_id: int):
    """A clerk issues an alias summons in place of this one (returned not found, or expired),
    to the address and by the sheriff of the county the form gives. A refused form shows the
    summons page again with its errors (400); a summons not (or no longer) to be reissued
    answers the conflict's page (409)."""
    found = summons.summons_get(user=request.user, summons_id=summons_id)
    refusal = summons.alias_refusal(found)
    if refusal is not None:
        raise refusal
    form = _alias_form(found, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            alias = summons.summons_alias_issue(
                clerk=request.user,
                summons=found,
                address={name: data[name] for name in ADDRESS_FIELDS},
                county=data.get("county", ""),
                request=request,
            )
        except ValidationFailed as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "The alias summons is issued and docketed.")
            return redirect("summons-detail", alias.pk)
    return _summons_page(request, found, alias_form=form, status=400)
