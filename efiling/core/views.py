from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from efiling.core import clock
from efiling.core.database_outage import RETRY_AFTER_SECONDS
from efiling.core.errors import (
    NotFound,
    attempt_reference_body,
    links_shown,
    request_too_large,
    section_links,
)
from efiling.core.health import health_report
from efiling.core.middleware import error_response
from efiling.core.pages import public, safe_only


@public
@never_cache
@safe_only
def healthz(request):
    """200 when the database and the document storage work, else 503 with Retry-After; JSON
    {"status": "ok" | "unavailable", "checks": {part: "ok" | reason}, "time": ISO 8601}."""
    healthy, checks = health_report()
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": checks,
        "time": clock.now().isoformat(),
    }
    response = JsonResponse(body, status=200 if healthy else 503)
    if not healthy:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _error_page(request, status: int, title: str, message: str):
    """The error page of a refusal Django makes (no DomainError), with the way on of the part
    of the site the address is in (core.errors.section_links), and the reference of a filing
    attempt the error stopped (core.errors.attempt_reference_body)."""
    links = links_shown(section_links(request.path_info, status))
    noted = attempt_reference_body(getattr(request, "efiling_exception", None))
    context = {"title": title, "message": message, "links": links, **noted}
    return render(request, "core/error.html", context, status=status)


def bad_request(request, exception=None):
    """Django's answer to a SuspiciousOperation: 413 naming the limit for a request over one
    of Django's limits (request_too_large; in the API's shape under /api/), else 400."""
    too_large = request_too_large(request, exception)
    if too_large is not None:
        return error_response(request, too_large)
    return _error_page(request, 400, "Bad request", "The request could not be understood.")


def forbidden(request, exception=None):
    return _error_page(request, 403, "Not allowed", "Your account is not allowed to see this page.")


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a form sent without this site's security code (Django's reason is
    for the log, not the user): 403 in the user's terms, saying nothing was saved."""
    return _error_page(
        request,
        403,
        "Form expired or not sent from this site",
        "Nothing was saved: the request did not carry the security code of one of this site's "
        "forms. The page may have been open too long, or cookies may be blocked for this site. "
        "Go back, reload the page and try again.",
    )


def not_found(request, exception=None):
    """handler404: the error page, offering the way on of the part of the site the address is
    in (core.errors.section_links: under /public/, the public search)."""
    return error_response(request, NotFound("There is no page at this address. Check the link."))


def server_error(request):
    return _error_page(
        request,
        500,
        "Something went wrong",
        "The system could not finish your request. Nothing was filed. Please try again; if it "
        "keeps happening, contact the help desk.",
    )
