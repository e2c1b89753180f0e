"""During a maintenance window for every court (efiling.availability.maintenance): writes
(POST, PUT, PATCH, DELETE) on the site and the API answer 503, except signing in and out, the
administrators' maintenance and incidents pages, and the submissions (SELF_CHECKED), which
their service refuses in the same way and records as filing attempts (efiling.filings.attempts);
during a window that stops the public search, the public pages and the public API answer 503
too (not the status page, /status/). Every such answer has Retry-After (seconds until the
window's end) and names the end: the API's JSON error (`maintenance`), else a page.
The request never reaches a view, so nothing is written: a draft stays as it was saved.
A window of some courts cannot be told from the address: every service that writes for a
court passes the court's gate first (efiling.core.court_writes, to which
maintenance.court_writes_stopped_check is added), and the public case pages of a court check
theirs (efiling.public.selectors.public_case_open).

One query at most per request, and only for a request that a window could stop
(`windows_announced` is read again at most every few seconds)."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from efiling.availability.maintenance import retry_after_seconds, window_stopping, window_words
from efiling.availability.models import MaintenanceWindow
from efiling.core.errors import API_PREFIX

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Writes taken during maintenance: signing in and out, the maintenance and incidents pages.
WRITES_KEPT = (
    "/accounts/sign-in/",
    "/accounts/sign-out",
    "/court-admin/maintenance/",
    "/court-admin/incidents/",
)
PUBLIC_PREFIXES = ("/public/", f"{API_PREFIX}v1/public/")
# Submissions (by URL name) check maintenance in their service instead, for every court's
# windows as for one court's (availability.maintenance.maintenance_check), so that the refusal
# is recorded as a filing attempt with a reference the filer sees (Rule 103.06).
SELF_CHECKED = frozenset({"ReviewFiling", "ServeFiling", "filing-review"})


def _self_checked(path: str) -> bool:
    try:
        return resolve(path).url_name in SELF_CHECKED
    except Resolver404:
        return False


def maintenance_response(request, window: MaintenanceWindow, *, what: str):
    """503 with Retry-After (whole seconds to the window's end, at least 1): the API's error
    body under /api/ (code "maintenance"), else the maintenance page."""
    seconds = retry_after_seconds(window)
    detail = (
        f"{what} is stopped for planned maintenance until the end of the window "
        f"{window_words(window)}. Try again after it ends; nothing was changed."
    )
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse({"detail": detail, "code": "maintenance"}, status=503)
    else:
        context = {"window": window, "detail": detail}
        response = render(request, "availability/maintenance_stopped.html", context, status=503)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


class MaintenanceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if request.method in WRITES and not path.startswith(WRITES_KEPT):
            window = window_stopping(MaintenanceWindow.Function.FILING)
            if window is not None and not _self_checked(path):
                return maintenance_response(request, window, what="Filing (and every change)")
        if path.startswith(PUBLIC_PREFIXES):
            window = window_stopping(MaintenanceWindow.Function.PUBLIC_SEARCH)
            if window is not None:
                return maintenance_response(request, window, what="The public case search")
        return self.get_response(request)
