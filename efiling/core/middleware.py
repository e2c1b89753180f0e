"""Request-wide guards: every request's cookies, the headers the system reads, a body's
framing, the path and the query string are checked before any view (or the session, CSRF and
authentication middleware) reads them, and a service's refusal that no view caught becomes a
4xx page, never a 500."""

import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from efiling.core.errors import (
    API_PREFIX,
    DomainError,
    LengthRequired,
    Refusal,
    UriTooLong,
    ValidationFailed,
    error_body,
    error_links,
    links_shown,
    section_links,
    with_retry_after,
)
from efiling.core.text import text_problem

TITLES = {
    400: "Request not valid",
    403: "Not allowed",
    404: "Not found",
    409: "Not possible now",
    410: "Not available",
    411: "Length required",
    413: "Too large",
    414: "Address too long",
    422: "Not valid",
    429: "Too many requests",
    503: "Not available now",
}
# The longest query string answered (bytes, as sent): longer ones get 414. Searches and filters
# need far less; gunicorn is set not to cut the request line first (config/gunicorn.conf.py).
MAX_QUERY_STRING_BYTES = 4096


def error_response(request, error: Refusal):
    """The answer to a refusal: the API's JSON shape under /api/, the HTML error page
    elsewhere, with the error's status."""
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse(error_body(error, request.path_info), status=error.status)
        return with_retry_after(response, error)
    title = TITLES.get(error.status, "Request not valid")
    context = {
        "title": title,
        "message": error.message,
        "status": error.status,
        "links": error_links(error, request.path_info),
    }
    return with_retry_after(render(request, "core/error.html", context, status=error.status), error)


def _as_bytes(raw: str) -> bytes:
    """WSGI hands the path and query string over as bytes decoded as latin-1."""
    try:
        return raw.encode("latin-1")
    except UnicodeEncodeError:
        return raw.encode("utf-8", "surrogatepass")


def _decoded(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def path_problem(path_info: str) -> DomainError | None:
    """The path as sent (percent-decoded): invalid UTF-8, control, surrogate or bidi characters
    are refused (400)."""
    path = _decoded(_as_bytes(path_info))
    if path is not None and "%" in path:
        # Escapes left in a decoded path (Django's test client leaves broken UTF-8 escaped;
        # a proxy may decode once only) are judged by what they stand for: no legitimate
        # path of ours holds a percent sign.
        path = _decoded(unquote_to_bytes(path))
    problem = "is not valid UTF-8" if path is None else text_problem(path)
    if problem:
        return DomainError(f"The address {problem}.", code="invalid_path")
    return None


def query_problem(query_string: str) -> DomainError | None:
    """The query string: over MAX_QUERY_STRING_BYTES -> 414; a key or value (percent-decoded,
    + as space) that is not UTF-8 or holds control, surrogate or bidi characters -> 400 naming
    the parameter, as the path's characters are (`path_problem`): both are the address."""
    raw = _as_bytes(query_string)
    if len(raw) > MAX_QUERY_STRING_BYTES:
        return UriTooLong(
            f"The query string is {len(raw):,} bytes; at most {MAX_QUERY_STRING_BYTES:,} are "
            "accepted."
        )
    for part in raw.split(b"&"):
        raw_key, _, raw_value = part.partition(b"=")
        key = _decoded(unquote_to_bytes(raw_key.replace(b"+", b" ")))
        value = _decoded(unquote_to_bytes(raw_value.replace(b"+", b" ")))
        name = key if key is not None and not text_problem(key) else "(name not valid)"
        for text in (key, value):
            problem = "is not valid UTF-8" if text is None else text_problem(text)
            if problem:
                return DomainError(
                    f"The address's query parameter {name} {problem}.",
                    code="invalid_query",
                    field=name,
                )
    return None


class RequestInputMiddleware:
    """Refuses a request whose path or query string no person could mean, before any view
    reads it (a NUL would reach PostgreSQL as a 500; invalid UTF-8 would be silently replaced
    by Django): 400 for the path and for a query parameter (naming it) alike, 414 for a query
    string too long."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = path_problem(request.META.get("PATH_INFO", "")) or query_problem(
            request.META.get("QUERY_STRING", "")
        )
        if problem is not None:
            return error_response(request, problem)
        return self.get_response(request)


class DomainErrorMiddleware:
    """A service's refusal that no view caught (a DomainError, or Unavailable, which views let
    through) becomes a page with its status, its message in the user's words and its
    Retry-After when it has one, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refusal):
            return None
        return error_response(request, exception)


# --- cookies, headers and a body's framing ------------------------------------------------

# A cookie is read only when its name and value are printable ASCII, the value at most as long
# as a browser keeps one: every cookie of ours is (Django's session key, CSRF token, messages;
# the read-your-writes time). Anything else (NUL, other control characters, non-ASCII text,
# bytes that were not UTF-8) is what no browser of ours sent.
_PRINTABLE_ASCII = re.compile("[\x20-\x7e]*")
COOKIE_VALUE_MAX = 4096
# A session key as Django makes it (django.contrib.sessions: 32 of a-z0-9; the column holds 40,
# and Django refuses fewer than 8).
_SESSION_KEY = re.compile("[a-z0-9]{8,40}")
# The request headers the system reads (besides Host and the forwarded headers, which Django
# and efiling.core.client_address check themselves): their values are printable ASCII or the
# request is refused, naming the header.
READ_HEADERS = {
    "HTTP_AUTHORIZATION": "Authorization",
    "HTTP_IDEMPOTENCY_KEY": "Idempotency-Key",
}


def readable_cookies(cookies: dict[str, str], *, session_cookie: str) -> dict[str, str]:
    """The cookies the system may read: printable ASCII names and values, values at most
    COOKIE_VALUE_MAX characters, and a session cookie only when it is a session key Django
    could have made (an unreadable one means no session: the visitor is signed out)."""
    kept = {}
    for name, value in cookies.items():
        if not (_PRINTABLE_ASCII.fullmatch(name) and _PRINTABLE_ASCII.fullmatch(value)):
            continue
        if len(value) > COOKIE_VALUE_MAX:
            continue
        if name == session_cookie and not _SESSION_KEY.fullmatch(value):
            continue
        kept[name] = value
    return kept


def header_problem(meta: dict) -> DomainError | None:
    """A header the system reads holding what no client of ours sends (NUL and other control
    characters, non-ASCII or bytes that were not UTF-8): 422 `invalid_header` naming it. A
    body sent chunked (Transfer-Encoding, no Content-Length): 411 `length_required`, before
    anything reads it (Django would read it as empty: an API client was told its JSON body's
    fields were missing)."""
    headers = {**READ_HEADERS, settings.CSRF_HEADER_NAME: "X-CSRFToken"}
    for key, name in headers.items():
        value = meta.get(key)
        if value is not None and not _PRINTABLE_ASCII.fullmatch(value):
            return ValidationFailed(
                f"The {name} header holds characters that no valid {name} has (control "
                "characters, or text that is not plain ASCII).",
                code="invalid_header",
                field=name,
            )
    if meta.get("HTTP_TRANSFER_ENCODING") and not meta.get("CONTENT_LENGTH"):
        return LengthRequired(
            "Send the request body with a Content-Length header: a body sent in chunks "
            "(Transfer-Encoding: chunked) is not accepted."
        )
    return None


class RequestHeadersMiddleware:
    """Before the session, CSRF and authentication middleware: keeps only the cookies the
    system may read (readable_cookies: a session cookie holding NUL reached PostgreSQL as a
    500 on every page), and refuses a request whose headers or body framing no client of ours
    sends (header_problem), in the API's JSON shape under /api/ and as a page elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = header_problem(request.META)
        if problem is not None:
            return error_response(request, problem)
        request.COOKIES = readable_cookies(
            request.COOKIES, session_cookie=settings.SESSION_COOKIE_NAME
        )
        return self.get_response(request)


# --- a method the address does not take ------------------------------------------------------

METHOD_TITLE = "Not possible at this address"


def method_refusal(method: str, allowed: set[str]) -> str:
    """What a person is told when their browser sent `method` to an address that takes only
    `allowed` (the Allow header's methods): in words, never method names alone."""
    if "GET" not in allowed:
        return (
            "This address takes a form submission, not a visit: go back to the page you came "
            "from and use its button."
        )
    request = f"{'an' if method[:1] in 'AEIOU' else 'a'} {method} request"
    if "POST" in allowed:
        return (
            f"This page is opened with a link and answers its own form's button; it does not "
            f"take {request}. Open the page and use its form."
        )
    return (
        f"This page is only for reading: open it with a link or its address ({request} is not "
        "taken here)."
    )


class MethodNotAllowedMiddleware:
    """A page's 405 (Django's require_POST, require_safe, require_http_methods and class-based
    views answer one with an empty body) becomes the error page saying, in the user's words,
    what the address takes, with a link back to the page the user came from when it is one of
    the site's; the status and the Allow header are kept. Under /api/ the API's own error shape
    answers (efiling.api.errors.ApiErrorShapeMiddleware). A HEAD keeps its empty body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.content
            or request.method == "HEAD"
            or request.path_info.startswith(API_PREFIX)
        ):
            return response
        allowed = {m.strip().upper() for m in response.get("Allow", "").split(",") if m.strip()}
        links = []
        came_from = request.META.get("HTTP_REFERER", "")
        if came_from and url_has_allowed_host_and_scheme(
            came_from, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            links.append(("Go back to the page you came from", came_from))
        links += links_shown(section_links(request.path_info, 405))
        context = {
            "title": METHOD_TITLE,
            "message": method_refusal(request.method, allowed),
            "status": 405,
            "links": links,
        }
        page = render(request, "core/error.html", context, status=405)
        page["Allow"] = response["Allow"]
        return page
