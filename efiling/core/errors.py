"""Errors that services raise, each with a message for the user and the HTTP status it maps to.

Views and API handlers translate these into pages and JSON; services never build responses.
"""


class DomainError(Exception):
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
    status = 429
    code = "too_many_attempts"


class LengthRequired(DomainError):
    status = 411
    code = "length_required"


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"


class UriTooLong(DomainError):
    status = 414
    code = "uri_too_long"


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
}


def error_links(error: DomainError) -> list[tuple[str, str]]:
    """The error's links as (text, address) for a page: LINK_TEXT's first, in its order, then
    any other by its name ("case_url" -> "Case")."""
    order = list(LINK_TEXT)
    names = sorted(error.links, key=lambda n: (order.index(n) if n in order else len(order), n))
    return [
        (LINK_TEXT.get(name) or name.removesuffix("_url").replace("_", " ").capitalize(), url)
        for name, url in ((n, error.links[n]) for n in names)
    ]


def error_body(error: DomainError) -> dict:
    body = {"detail": error.message, "code": error.code}
    if error.field:
        body["field"] = error.field
    body.update(error.links)
    return body
