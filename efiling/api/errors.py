"""Every error the API returns has the same shape: {"detail": message, "code": short_code}."""

from django.http import Http404
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from efiling.core.errors import DomainError

UNAUTHENTICATED = (
    "Sign in first, or send a personal API token in the header 'Authorization: Bearer efl_...'."
)


def _field_path(location: tuple) -> str:
    return ".".join(str(part) for part in location[1:]) or str(location[0]) if location else ""


def install_error_handlers(api) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return api.create_response(request, body, status=exc.status)

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
