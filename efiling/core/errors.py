"""Errors that services raise, each with a message for the user and the HTTP status it maps to.

Views and API handlers translate these into pages and JSON; services never build responses.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.urls import reverse


class Refusal(Exception):
    """A refusal in the user's words with the HTTP status it maps to: a DomainError (an input or
    a state the user can put right: views show it on their form), or Unavailable (a function
    stopped for a while: no form can put it right, so views let it through to
    core.middleware.DomainErrorMiddleware and the API's handler, whose answer has Retry-After)."""

    status = 400
    code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        links: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        # Where the user can put it right, by name (e.g. {"add_funds_url": "/payments/add/"}):
        # shown as links on pages, and given as fields of the API's error body.
        self.links = links or {}
        if code:
            self.code = code


class DomainError(Refusal):
    """A refusal a view may show on its form (the field named, or above it)."""


class ValidationFailed(DomainError):
    status = 422
    code = "invalid"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class TooManyAttempts(DomainError):
    """429; `retry_after`, when known, the seconds to wait: the answer's Retry-After header
    (`with_retry_after`), on pages and in the API alike."""

    status = 429
    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


def with_retry_after(response, error: DomainError):
    """`response` with the Retry-After header of a refusal that knows it (and no-store: the
    answer holds only for a while); returned."""
    seconds = getattr(error, "retry_after", None)
    if seconds is not None:
        response["Retry-After"] = str(seconds)
        response["Cache-Control"] = "no-store"
    return response


class LengthRequired(DomainError):
    status = 411
    code = "length_required"


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"


class UriTooLong(DomainError):
    status = 414
    code = "uri_too_long"


class TooLarge(DomainError):
    status = 413
    code = "too_large"


class Unavailable(Refusal):
    """A function stopped for a while (planned maintenance): 503, and `retry_after`, the whole
    seconds until it is back, for the Retry-After header (pages and the API set it). Not a
    DomainError: a view's `except DomainError` that shows refusals on its form or as a message
    lets it through, so that every page and operation answers it alike (503, Retry-After,
    the error page or the API's error body); a view that records it (the submission's filing
    attempt) names it."""

    status = 503
    code = "unavailable"

    def __init__(self, message: str, *, retry_after: int, code: str | None = None, **kwargs):
        super().__init__(message, code=code, **kwargs)
        self.retry_after = retry_after


class MailNotSent(DomainError):
    """The mail server refused or did not answer: what was saved stays saved, and the message
    says how to get the e-mail once the server is back."""

    status = 503
    code = "mail_not_sent"


# The API's one error shape: every error answer of /api/ is {"detail", "code"} (and "field"
# when one input is at fault), whatever produced it (efiling.api.errors, and the request
# checks in efiling.core.middleware that run before any view).
API_PREFIX = "/api/"


# What a page calls each of DomainError.links (the API gives the names and addresses as they
# are): the error page lists them under the message, in this order.
LINK_TEXT = {
    "order_url": "Read the signed order",
    "proposed_order_url": "Go back to the proposed order",
    "queue_url": "Go to the orders waiting for your signature",
    "add_funds_url": "Add funds to your account",
    "public_search_url": "Search public cases",
    "last_page_url": "Go to the last page",
}


# Where a visitor who reached nothing in a part of the site goes on: {path prefix: {link name:
# URL name}}, registered by the app that serves the part (AppConfig.ready: the public side's
# search). Every error answer of SECTION_LINK_STATUSES under the prefix offers them
# (section_links): the error page lists them, the API's error body gives them as fields.
_SECTION_LINKS: dict[str, dict[str, str]] = {}
SECTION_LINK_STATUSES = (400, 403, 404, 405, 422, 429)


def section_links_register(prefix: str, links: dict[str, str]) -> None:
    """Offer `links` ({link name: URL name}) on every error answer of SECTION_LINK_STATUSES
    (a bad request, a refusal, nothing there, a method not taken, a bad input, too many
    requests) under `prefix`."""
    _SECTION_LINKS[prefix] = links


def section_links(path: str, status: int) -> dict[str, str]:
    """{link name: address} that an error answer of `status` to `path` offers as its part of
    the site registered them (none for other statuses)."""
    if status not in SECTION_LINK_STATUSES:
        return {}
    return {
        name: reverse(url_name)
        for prefix, links in _SECTION_LINKS.items()
        if path.startswith(prefix)
        for name, url_name in links.items()
    }


def _links(error: DomainError, path: str | None) -> dict[str, str]:
    """The error's own links, after those of the part of the site `path` is in."""
    shown = section_links(path, error.status) if path else {}
    return {**shown, **error.links}


def error_links(error: DomainError, path: str | None = None) -> list[tuple[str, str]]:
    """The links of `error` answered to `path` (its own and section_links) as (text, address)
    for a page (links_shown)."""
    return links_shown(_links(error, path))


def links_shown(links: dict[str, str]) -> list[tuple[str, str]]:
    """{link name: address} as (text, address) pairs for a page: LINK_TEXT's first, in its
    order, then any other by its name ("case_url" -> "Case")."""
    order = list(LINK_TEXT)
    names = sorted(links, key=lambda n: (order.index(n) if n in order else len(order), n))
    return [
        (LINK_TEXT.get(name) or name.removesuffix("_url").replace("_", " ").capitalize(), url)
        for name, url in ((n, links[n]) for n in names)
    ]


def error_body(error: DomainError, path: str | None = None) -> dict:
    """The API's error body: detail, code, the field at fault and the links (its own and
    those of the part of the site `path` is in, section_links) as fields."""
    body = {"detail": error.message, "code": error.code}
    if error.field:
        body["field"] = error.field
    body.update(attempt_reference_body(error))
    body.update(_links(error, path))
    return body


def attempt_reference_body(error: BaseException | None) -> dict[str, str]:
    """{"attempt_reference": "FA-..."} when a filing attempt that failed with `error` was
    recorded (efiling.availability.attempts sets the attribute on the exception), else {}:
    every error answer of a submission gives the filer its reference (Rule 103.06)."""
    reference = getattr(error, "attempt_reference", None)
    return {"attempt_reference": reference} if reference else {}


def _megabytes(size: int) -> str:
    """2_621_440 -> "2.5 MB" (binary megabytes, as a file manager shows them)."""
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def request_too_large(request, exception: Exception) -> TooLarge | None:
    """Django's refusal of a request over one of its limits (config/settings.py
    DATA_UPLOAD_MAX_MEMORY_SIZE, DATA_UPLOAD_MAX_NUMBER_FIELDS, DATA_UPLOAD_MAX_NUMBER_FILES,
    raised as a SuspiciousOperation when the body or the query string is read) as a 413
    naming the limit, in a page's or the API's words; None for any other exception."""
    api = request.path_info.startswith(API_PREFIX)
    sent = "request" if api else "form"
    if isinstance(exception, RequestDataTooBig):
        size = _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if api:
            return TooLarge(f"The request body is larger than the {size} a request may carry.")
        return TooLarge(
            f"The form sent was larger than the {size} a form may carry (files attached are "
            "not counted): shorten its longest text and send it again."
        )
    if isinstance(exception, TooManyFieldsSent):
        most = f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}"
        if request.method in ("GET", "HEAD"):
            return TooLarge(
                f"The address carries more than {most} query parameters, the most one may carry."
            )
        return TooLarge(f"The {sent} sent more than {most} fields, the most one {sent} may carry.")
    if isinstance(exception, TooManyFilesSent):
        most = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return TooLarge(
            f"The {sent} sent more than {most} files, the most one {sent} may carry: send them "
            f"in groups of at most {most}."
        )
    return None
