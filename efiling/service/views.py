"""The inbox (notices, their e-mails' states, read and unread, filter by case), the notice
e-mail preferences, the digest's one-click unsubscribe, and what was served on the user (the
documents as submitted)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from efiling.accounts.access import public, requires
from efiling.accounts.permissions import Action
from efiling.core.errors import DomainError
from efiling.core.forms import add_domain_error
from efiling.core.paging import page_of
from efiling.core.text import parse_int
from efiling.filings.storage import document_pdf_response
from efiling.service import preferences
from efiling.service.forms import NoticePreferencesForm
from efiling.service.served_documents import (
    served_document_get,
    served_documents,
    service_record_for_user,
)
from efiling.service.services import (
    notice_cases,
    notice_mark_read,
    notices_for,
    notices_mark_read,
    notices_unread_count,
)

NOTICES_PER_PAGE = 50


def _case_filter(request, source) -> int | None:
    raw = source.get("case", "")
    return parse_int(raw, field="case", label="case", minimum=1) if raw else None


def _inbox(request, case_id: int | None = None) -> str:
    return reverse("notices") + (f"?case={case_id}" if case_id else "")


@requires(Action.EDIT_OWN_PROFILE)
@require_GET
def notices(request):
    """The user's notices, newest first, NOTICES_PER_PAGE to a page, of one case when
    `?case=` names one; each with the state of its e-mails."""
    case_id = _case_filter(request, request.GET)
    rows = notices_for(request.user, case_id=case_id)
    page = page_of(request, rows, per_page=NOTICES_PER_PAGE)
    cases = notice_cases(request.user)
    context = {
        "page": page,
        "cases": cases,
        "case_id": case_id,
        "case_shown": next((c for c in cases if c.pk == case_id), None),
        "unread": notices_unread_count(request.user),
    }
    return render(request, "service/notices.html", context)


@requires(Action.EDIT_OWN_PROFILE)
@require_POST
def notice_read(request, notice_id: int):
    notice_mark_read(user=request.user, notice_id=notice_id)
    return redirect(_inbox(request, _case_filter(request, request.POST)))


@requires(Action.EDIT_OWN_PROFILE)
@require_POST
def notices_read_all(request):
    """Mark every unread notice read (of one case, when the list shows one)."""
    case_id = _case_filter(request, request.POST)
    count = notices_mark_read(user=request.user, case_id=case_id)
    messages.success(request, f"{count} notice{'s' * (count != 1)} marked as read.")
    return redirect(_inbox(request, case_id))


@requires(Action.EDIT_OWN_PROFILE)
@require_http_methods(["GET", "POST"])
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
    return render(request, "service/preferences.html", {"form": form}, status=status)


@public
@csrf_exempt  # the signed link is the credential; mail providers POST it without a session
@require_http_methods(["GET", "POST"])
def notice_unsubscribe(request, token: str):
    """GET: a page with one button; POST (the button, or the mail provider's one-click
    List-Unsubscribe-Post): notices by e-mail off for the user the link names."""
    if request.method == "GET":
        return render(request, "service/unsubscribe.html", {"done": False})
    try:
        preferences.notice_mail_unsubscribe(token=token, request=request)
    except DomainError as exc:
        return render(
            request,
            "core/error.html",
            {"title": "Link not valid", "message": exc.message},
            status=exc.status,
        )
    return render(request, "service/unsubscribe.html", {"done": True})


@requires(Action.VIEW_CASES)
@require_GET
def served(request, record_id):
    """A filing served on the user: who filed it, when it was served, its documents as
    submitted and each filing's status now (a rejected one stays readable, marked)."""
    record = service_record_for_user(user=request.user, record_id=record_id, request=request)
    return render(
        request,
        "service/served.html",
        {"record": record, "documents": served_documents(record)},
    )


@requires(Action.VIEW_CASES)
@require_GET
def served_document(request, record_id, document_id):
    record = service_record_for_user(user=request.user, record_id=record_id, request=request)
    document = served_document_get(record=record, document_id=document_id)
    return document_pdf_response(document, stamped=False)
