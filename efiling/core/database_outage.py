"""A database that does not answer is an outage, not a bug: requests are answered 503 with
Retry-After (a page in the court's words, or the API's JSON error under /api/), long-running
processes wait and go on, and every connection that failed is closed so that the next use
opens a new one.

A database error here is OperationalError or InterfaceError (PostgreSQL and SQLite alike): a
refused or dropped connection, a server shutting down or restarting, a backend terminated by an
administrator, a lock or statement timeout. Any of them is logged as one line without a
traceback: the request was sound and may be retried (safely, with its Idempotency-Key in the
API: the change may have been committed before the answer was lost)."""

from __future__ import annotations

import logging
import sys
import time

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from efiling.core.errors import API_PREFIX, attempt_reference_body

logger = logging.getLogger("efiling.core.database")

DATABASE_ERRORS = (OperationalError, InterfaceError)
# Seconds a client should wait before trying again (the Retry-After header of every 503 for a
# database outage): a database restart takes a few seconds.
RETRY_AFTER_SECONDS = 5
DATABASE_UNAVAILABLE = (
    "The system's database did not answer, so the request could not be finished. It may or "
    "may not have taken effect: send it again with the same Idempotency-Key (a retry is then "
    "safe), or look at the envelope with GetFilingStatus."
)
DATABASE_UNAVAILABLE_BODY = {"detail": DATABASE_UNAVAILABLE, "code": "database_unavailable"}


def first_line(exc: BaseException) -> str:
    """The exception's class and the first line of its message: what a log line says of it."""
    text = str(exc).strip()
    return f"{type(exc).__name__} {text.splitlines()[0]}" if text else type(exc).__name__


def connections_close() -> None:
    """Close this thread's open database connections, so that the next query connects anew
    (a connection that failed may be half-open: it is never reused)."""
    for connection in connections.all(initialized_only=True):
        connection.close()


def database_unavailable_response(request, exc: BaseException):
    """The answer to a request the database failed: 503 with Retry-After, the API's JSON error
    (`database_unavailable`) under /api/, else a page that needs no database. Logs one ERROR
    line (no traceback) and closes this thread's connections."""
    logger.error("Database unavailable in %s %s: %s", request.method, request.path, first_line(exc))
    connections_close()
    # A filing attempt the outage stopped was written to the local journal: its reference.
    reference = attempt_reference_body(exc)
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse({**DATABASE_UNAVAILABLE_BODY, **reference}, status=503)
    else:
        # No request in the context: the context processors (the signed-in user, unread
        # notices, help-desk hours) would all ask the database again.
        page = render_to_string(
            "core/database_unavailable.html", {"retry_after": RETRY_AFTER_SECONDS, **reference}
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response._has_been_logged = True  # once is enough: Django's request log would repeat it
    return response


def exception_noted(sender, request=None, **kwargs) -> None:
    """Django's got_request_exception receiver: keep the exception that is about to become a
    500 page on the request, so that DatabaseOutageMiddleware can tell a database outage from
    anything else (and efiling.api.errors an API failure)."""
    if request is not None:
        request.efiling_exception = sys.exc_info()[1]


class DatabaseOutageMiddleware:
    """Any request that failed because the database did not answer gets
    `database_unavailable_response`, wherever the failure arose: in a view (process_exception,
    before Django logs a traceback), in a middleware or Django's own 500 page (a 500 whose
    exception was a database error), or escaping everything below. First in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except DATABASE_ERRORS as exc:
            return database_unavailable_response(request, exc)
        noted = getattr(request, "efiling_exception", None)
        if response.status_code == 500 and isinstance(noted, DATABASE_ERRORS):
            return database_unavailable_response(request, noted)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable_response(request, exception)
        return None


class Backoff:
    """Waits between attempts at something that failed: `first` seconds, doubled after each
    failure up to `cap`; a run that lasted `healthy_after` seconds or more before it failed
    starts again at `first`."""

    def __init__(self, *, first: float, cap: float, healthy_after: float):
        self.first, self.cap, self.healthy_after = first, cap, healthy_after
        self.next = first

    def after_failure(self, ran_for: float) -> float:
        """Seconds to wait now, given how long (seconds) the failed run lasted."""
        if ran_for >= self.healthy_after:
            self.next = self.first
        wait = self.next
        self.next = min(self.cap, wait * 2)
        return wait


# Processes that outlive outages (the task worker, the audit follower): 0.5 s, doubling to 10 s.
PROCESS_BACKOFF = {"first": 0.5, "cap": 10.0, "healthy_after": 10.0}


def outage_wait(exc: BaseException, backoff: Backoff, ran_for: float, what: str) -> None:
    """A long-running process met a database error: log one WARNING line (no traceback), close
    this thread's connections and sleep the backoff's next wait before the caller goes on."""
    wait = backoff.after_failure(ran_for)
    logger.warning(
        "%s: the database did not answer (%s); trying again in %.1f s.",
        what,
        first_line(exc),
        wait,
    )
    connections_close()
    time.sleep(wait)
