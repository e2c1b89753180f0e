"""Pages of the records of filing attempts (Rule 103.06): a filer's list of their attempts,
the signed record of a range as a PDF, and the public page that verifies such a record."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action
from efiling.availability.attempt_record import (
    RECORD_MAX_BYTES,
    NotGenuine,
    record_pdf,
    record_upload_read,
    record_verify,
)
from efiling.availability.attempts import attempt_local_time, attempts_of
from efiling.core import clock, signing
from efiling.core.errors import DomainError, ValidationFailed
from efiling.core.pages import public, safe_only
from efiling.core.paging import page_of
from efiling.core.query import query_value, uploaded_file
from efiling.core.text import content_disposition, parse_date

ATTEMPTS_PER_PAGE = 50


def _attempts_page(request, *, refusal: ValidationFailed | None = None):
    """The list page, with the record form's refusal (its status, its field marked) if any."""
    page = page_of(request, attempts_of(request.user), per_page=ATTEMPTS_PER_PAGE)
    rows = [(attempt, attempt_local_time(attempt)) for attempt in page.object_list]
    today = clock.local_date(clock.now(), settings.EFILING_DEFAULT_TIME_ZONE)
    context = {
        "page": page,
        "rows": rows,
        "first": query_value(request, "from") if refusal else today.replace(day=1).isoformat(),
        "last": query_value(request, "to") if refusal else today.isoformat(),
        "refusal": refusal,
    }
    status = refusal.status if refusal else 200
    return render(request, "availability/attempts.html", context, status=status)


@requires(Action.VIEW_OWN_FILINGS)
@safe_only
def attempts_list(request):
    """The signed-in filer's attempts, latest first, paged, with the form that downloads the
    signed record of a range (this month by default)."""
    return _attempts_page(request)


@requires(Action.VIEW_OWN_FILINGS)
@safe_only
def attempts_record_download(request):
    """The signed record of the filer's attempts from `from` to `to` (YYYY-MM-DD, local days,
    both included) as a PDF; a bad date or range: the list page again (422) with the form's
    error on its field."""
    try:
        first = parse_date(query_value(request, "from") or "", field="from", label="The first day")
        last = parse_date(query_value(request, "to") or "", field="to", label="The last day")
        pdf = record_pdf(user=request.user, first=first, last=last)
    except ValidationFailed as refusal:
        return _attempts_page(request, refusal=refusal)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"filing-attempts-{first.isoformat()}-to-{last.isoformat()}.pdf"
    response["Content-Disposition"] = content_disposition(name, disposition="attachment")
    response["Cache-Control"] = "no-store"
    return response


@public
@require_http_methods(["GET", "HEAD", "POST"])
def attempts_record_verify(request):
    """Anyone (no sign-in) uploads a record of filing attempts: genuine (who, range, number of
    attempts, signed when, by which key) or not genuine, with the reason; 4xx for no file, a
    file over RECORD_MAX_BYTES, or one that is not a genuine record. Shows the public keys."""
    context = {
        "keys": signing.signing_keys(),
        "max_megabytes": RECORD_MAX_BYTES // (1024 * 1024),
    }
    status = 200
    if request.method == "POST":
        try:
            verified = record_verify(record_upload_read(uploaded_file(request, "record")))
        except NotGenuine as exc:
            context["not_genuine"], status = exc.message, exc.status
        except DomainError as exc:
            context["error"], status = exc.message, exc.status
        else:
            context["verified"] = verified
    return render(request, "availability/verify_record.html", context, status=status)
