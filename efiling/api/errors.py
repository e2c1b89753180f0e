"""Every error the API returns has the same shape: {"detail": message, "code": short_code}
(plus "field" when one input is at fault, and "errors" for schema validation), whatever
produced it: a service's DomainError, schema validation, unparseable JSON, a body over the
limit, an unknown path, a method not allowed, or an unexpected exception (500, logged with its
traceback). The request checks of efiling.core.middleware answer in the same shape.

Every 5xx under /api/ is JSON too, wherever it arose: in a handler (its exception handlers
below), in a middleware or in Django's URL resolution (Django's 500 page, reshaped by
`ApiErrorShapeMiddleware`, the outermost middleware), or while Django's 500 page was being
made (the middleware answers itself). A database that does not answer is 503
`database_unavailable` with Retry-After, wherever it failed (efiling.core.database_outage)."""

import json
import logging

from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse, UnreadablePostError
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from efiling.core.client_address import client_address
from efiling.core.database_outage import database_unavailable_response
from efiling.core.errors import (
    API_PREFIX,
    NotFound,
    Refusal,
    attempt_reference_body,
    error_body,
    request_too_large,
    section_links,
    with_retry_after,
)
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
    503: "service_unavailable",
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
    503: "The system is not available just now; try again in a moment.",
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


EXTRA_FIELD = "is not a field of this request (check its spelling against /api/v1/docs)"
NO_BODY = "is missing: send the operation's JSON object with Content-Type: application/json"


def _problem(error: dict) -> dict:
    """One schema refusal as {"field", "message"}, in words where pydantic's are unclear."""
    location = tuple(error.get("loc", ()))
    message = error.get("msg", "invalid")
    if error.get("type") == "extra_forbidden":
        message = EXTRA_FIELD
    if error.get("type") == "missing" and location[:1] == ("body",) and len(location) == 2:
        return {"field": "body", "message": NO_BODY}
    return {"field": _field_path(location), "message": message}


def install_error_handlers(api) -> None:
    @api.exception_handler(Refusal)
    def domain_error(request, exc: Refusal):
        response = api.create_response(
            request, error_body(exc, request.path_info), status=exc.status
        )
        return with_retry_after(response, exc)

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
        problems = [_problem(error) for error in exc.errors]
        summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        return api.create_response(
            request,
            {
                "detail": f"The request is not valid: {summary}",
                "code": "invalid",
                "field": problems[0]["field"] if problems else "",
                "errors": problems,
                **section_links(request.path_info, 422),
            },
            status=422,
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        body = error_body(NotFound("Not found."), request.path_info)
        return api.create_response(request, body, status=404)

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
        """ninja's own refusals. It raises one for any body its parser refused: the parser's
        own refusal (api.parser: 415, invalid_json) is answered as it is; anything else it
        could not read is invalid_json."""
        if isinstance(exc.__cause__, Refusal):
            cause = exc.__cause__
            return api.create_response(request, error_body(cause), status=cause.status)
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            body = {"detail": INVALID_JSON, "code": "invalid_json"}
        else:
            body = {"detail": exc.message, "code": CODES.get(exc.status_code, "error")}
        body.update(section_links(request.path_info, exc.status_code))
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    @api.exception_handler(TooManyFieldsSent)
    @api.exception_handler(TooManyFilesSent)
    def too_large(request, exc):
        """A body or query string over Django's limits: 413 naming the limit."""
        error = request_too_large(request, exc)
        return api.create_response(request, error_body(error), status=error.status)

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_unavailable(request, exc):
        return database_unavailable_response(request, exc)

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.error("Unexpected error in %s %s", request.method, request.path, exc_info=exc)
        body = {"detail": DETAILS[500], "code": "server_error", **attempt_reference_body(exc)}
        response = api.create_response(request, body, status=500)
        response._has_been_logged = True
        return response


HOST_REFUSED = (
    "The Host header names no host this server answers for (or is not a host name): send the "
    "request to the system's own address."
)


def _host_disallowed(request) -> bool:
    """Whether Django refused the request's Host header (its 400 for DisallowedHost)."""
    try:
        request.get_host()
    except DisallowedHost:
        return True
    return False


class ApiErrorShapeMiddleware:
    """Under /api/, any error answer that is not yet JSON (Django's 404 for an unknown path,
    ninja's 405, a 400 for a suspicious request, the 500 page of an exception raised in a
    middleware or in URL resolution) is given the API's shape; its status and headers (Allow,
    WWW-Authenticate) are kept. An exception that escapes even Django's 500 page is answered
    here, in the same shape. First in MIDDLEWARE, so that it sees what every other middleware
    answers or raises; efiling.core.database_outage, next, has already answered a database
    outage. Django has logged an exception it turned into a 500 page, with its traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            response = self.get_response(request)
        except Exception as exc:
            return self._escaped(request, exc)
        if (
            response.status_code >= 400
            and response.get("Content-Type", "").split(";")[0] != "application/json"
            and not response.streaming
        ):
            self._reshape(request, response)
        return response

    @staticmethod
    def _reshape(request, response) -> None:
        status = response.status_code
        body = {
            "detail": DETAILS.get(status, response.reason_phrase + "."),
            "code": CODES.get(status, "error"),
        }
        if status == 400 and _host_disallowed(request):
            body = {"detail": HOST_REFUSED, "code": "invalid_host", "field": "Host"}
        body.update(section_links(request.path_info, status))
        response.content = json.dumps(body).encode()
        response["Content-Type"] = "application/json"
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))

    @staticmethod
    def _escaped(request, exc: Exception):
        """The answer when making Django's 500 page failed too."""
        logger.error(
            "Unexpected error in %s %s (the error page failed too)",
            request.method,
            request.path,
            exc_info=exc,
        )
        response = JsonResponse({"detail": DETAILS[500], "code": "server_error"}, status=500)
        response["X-Content-Type-Options"] = "nosniff"
        response._has_been_logged = True
        return response
