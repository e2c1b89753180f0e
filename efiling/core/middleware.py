from django.shortcuts import render

from efiling.core.errors import DomainError

TITLES = {
    400: "Request not valid",
    403: "Not allowed",
    404: "Not found",
    409: "Not possible now",
    413: "Too large",
    422: "Not valid",
    429: "Too many attempts",
}


class DomainErrorMiddleware:
    """A service's refusal that no view caught becomes a page with its 4xx status and its
    message in the user's words, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        title = TITLES.get(exception.status, "Request not valid")
        return render(
            request,
            "core/error.html",
            {"title": title, "message": exception.message},
            status=exception.status,
        )
