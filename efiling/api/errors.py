"""Every error the API returns has the same shape: {"detail": message, "code": short_code}
(plus "field" when one input is at fault, and "errors" for schema validation), whatever
produced it: a service's DomainError, schema validation, unparseable JSON, a body over the
limit, an unknown path, a method not allowed, or an unexpected exception (500, logged with its
traceback). The request checks of efiling.core.middleware answer in the same shape."""

import json
import logging

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, UnreadablePostError
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from efiling.core.client_address import client_address
from efiling.core.errors import API_PREFIX, DomainError, error_body
from efiling.filings.uploads import BodyStopped, read_failure_cause

logger = logging.getLogger("efiling.api")

UNAUTHENTICATED = (
    "Sign in first, or send a personal API token in the header 'Authorization: Bearer efl_...'."
)
# The code of an error answer by its status, when nothing more precise is known.
CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    411: "length_required",
    413: "too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_attempts",
    500: "server_error",
}
DETAILS = {
    400: "The request could not be understood.",
    404: "There is nothing at this address of the API. Check the path against /api/v1/docs.",
    405: "This method is not allowed here; the Allow header lists those that are.",
    413: "The request body is larger than allowed.",
    500: (
        "The system could not finish the request. Nothing was changed by it unless its answer "
        "said so; try again, and if it keeps happening, contact the help desk."
    ),
}
INVALID_JSON = "The request body is not valid JSON (UTF-8): check its syntax and encoding."
REQUEST_INTERRUPTED = (
    "The request stopped before its whole body arrived. Nothing was changed; send it again."
)


def _field_path(location: tuple) -> str:
    """The input as the caller names it: ("body", "payload", "scope") -> "scope" (the
    handler's parameter name is no part of the request), ("query", "from") -> "from"."""
    parts = list(location[1:])
    if location[:1] == ("body",) and len(parts) > 1:
        parts = parts[1:]
    return ".".join(str(part) for part in parts) or (str(location[0]) if location else "")


def install_error_handlers(api) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return api.create_response(request, error_body(exc), status=exc.status)

    @api.exception_handler(BodyStopped)
    def body_stopped(request, exc: BodyStopped):
        """An upload cut short or ended early: the client's doing, logged once already."""
        response = api.create_response(request, error_body(exc), status=exc.status)
        response._has_been_logged = True  # Django's request log would repeat it
        return response

    @api.exception_handler(UnreadablePostError)
    def request_interrupted(request, exc: UnreadablePostError):
        """A JSON body that could not be read: the client reset the connection or stalled.
        Logged once as the client's doing, without a traceback."""
        logger.warning(
            "%s %s: the client's request body could not be read (%s), from %s; nothing was done.",
            request.method,
            request.path,
            read_failure_cause(exc),
            client_address(request) or "an unknown address",
        )
        response = api.create_response(
            request, {"detail": REQUEST_INTERRUPTED, "code": "request_interrupted"}, status=400
        )
        response._has_been_logged = True
        return response

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc: NinjaValidationError):
        problems = [
            {
                "field": _field_path(tuple(error.get("loc", ()))),
                "message": error.get("msg", "invalid"),
            }
            for error in exc.errors
        ]
        summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        return api.create_response(
            request,
            {
                "detail": f"The request is not valid: {summary}",
                "code": "invalid",
                "field": problems[0]["field"] if problems else "",
                "errors": problems,
            },
            status=422,
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(
            request, {"detail": "Not found.", "code": "not_found"}, status=404
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc: AuthenticationError):
        detail = exc.message if exc.message and exc.message != "Unauthorized" else UNAUTHENTICATED
        response = api.create_response(
            request, {"detail": detail, "code": "unauthenticated"}, status=401
        )
        response["WWW-Authenticate"] = 'Bearer realm="efiling"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        """ninja's own refusals; the one it raises for a body it cannot parse is invalid_json."""
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            body = {"detail": INVALID_JSON, "code": "invalid_json"}
        else:
            body = {"detail": exc.message, "code": CODES.get(exc.status_code, "error")}
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return api.create_response(
            request, {"detail": DETAILS[413], "code": "too_large"}, status=413
        )

    @api.exception_handler(TooManyFieldsSent)
    def too_many_fields(request, exc):
        return api.create_response(
            request, {"detail": "The request has too many fields.", "code": "too_large"}, status=413
        )

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.error("Unexpected error in %s %s", request.method, request.path, exc_info=exc)
        return api.create_response(
            request, {"detail": DETAILS[500], "code": "server_error"}, status=500
        )


class ApiErrorShapeMiddleware:
    """Under /api/, any error answer that is not yet JSON (Django's 404 for an unknown path,
    ninja's 405, a 400 for a suspicious request, a 500 page) is given the API's shape; its
    status and headers (Allow, WWW-Authenticate) are kept. An exception that escapes the API's
    handlers has been logged by Django with its traceback; its 500 page becomes JSON here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path_info.startswith(API_PREFIX)
            and response.status_code >= 400
            and response.get("Content-Type", "").split(";")[0] != "application/json"
            and not response.streaming
        ):
            status = response.status_code
            response.content = json.dumps(
                {
                    "detail": DETAILS.get(status, response.reason_phrase + "."),
                    "code": CODES.get(status, "error"),
                }
            ).encode()
            response["Content-Type"] = "application/json"
        return response
