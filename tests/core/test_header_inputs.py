"""Cookies and headers that no client of ours sends never reach the database, on SQLite and
PostgreSQL alike (`sessionid="\\000..."` gave a 500 page on every address on PostgreSQL: "text
fields cannot contain NUL"). An unreadable session cookie is no session (signed out, not
500); other unreadable cookies are ignored; a bad Authorization, Idempotency-Key or X-CSRFToken
header is a 422 naming it; a Host the server does not answer for is a 400 in the API's shape
under /api/; garbage in the forwarded headers is ignored; a body sent chunked is 411. Every
cookie the system reads and every header it reads is tried."""

import pytest
from django.conf import settings
from django.test import Client

from efiling.audit.models import AuditEvent

PATHS = ("/healthz", "/api/v1/courts", "/api/v1/me", "/", "/filings/")
# The cookies the system reads: the session, the CSRF token, Django's messages and the
# read-your-writes time (efiling.core.db_router).
COOKIES = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages", "efiling_wrote")
# Values as they arrive in the Cookie header (WSGI hands headers over decoded as latin-1: a
# byte 0xFF is "\xff" here, and Django decodes it as UTF-8 with replacement).
BAD_COOKIE_VALUES = {
    "NUL (quoted octal)": '"\\000\\000\\000\\000abcdefgh"',
    "control character": '"\\001abcdefgh\\033"',
    "not UTF-8": "\xff\xfeabcdefgh",
    "non-ASCII digits": "\xc2\xb2\xd9\xa1",  # "²١" in UTF-8: int("²") raised
    "over-long": "a" * 5000,
    "bidi control": "\xe2\x80\xaeabcdefgh",
}


def _answer_is_clean(response, where):
    assert response.status_code < 500, (where, response.status_code, response.content[:300])
    if response.wsgi_request.path.startswith("/api/"):
        assert response["Content-Type"].startswith("application/json"), where


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", COOKIES)
@pytest.mark.parametrize("label", BAD_COOKIE_VALUES)
def test_an_unreadable_cookie_is_ignored_everywhere(courts, cookie, label):
    for path in PATHS:
        response = Client().get(path, HTTP_COOKIE=f"{cookie}={BAD_COOKIE_VALUES[label]}")
        _answer_is_clean(response, (cookie, label, path))


@pytest.mark.django_db
@pytest.mark.parametrize("label", BAD_COOKIE_VALUES)
def test_an_unreadable_session_cookie_is_no_session(courts, label):
    response = Client().get("/api/v1/me", HTTP_COOKIE=f"sessionid={BAD_COOKIE_VALUES[label]}")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    page = Client().get("/filings/", HTTP_COOKIE=f"sessionid={BAD_COOKIE_VALUES[label]}")
    assert page.status_code == 302 and "/accounts/sign-in/" in page["Location"]


@pytest.mark.django_db
def test_a_signed_in_browser_with_a_bad_cookie_beside_its_session_stays_signed_in(signed_in):
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    response = signed_in.get(
        "/api/v1/me", HTTP_COOKIE=f'sessionid={session}; junk="\\000x"; efiling_wrote=\xc2\xb2'
    )
    assert response.status_code == 200 and response.json()["authenticated_by"] == "session"


@pytest.mark.django_db
@pytest.mark.parametrize("label", BAD_COOKIE_VALUES)
def test_a_bad_csrf_cookie_is_a_refused_change_not_a_500(signed_in, label):
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    client = Client(enforce_csrf_checks=True)
    cookie = f"sessionid={session}; csrftoken={BAD_COOKIE_VALUES[label]}"
    api = client.post(
        "/api/v1/envelopes",
        '{"court": "SL", "case_type": "CC", "caption": "X v. Y"}',
        content_type="application/json",
        HTTP_COOKIE=cookie,
        HTTP_X_CSRFTOKEN="a" * 32,
    )
    assert api.status_code == 403 and api.json()["code"] == "csrf_failed", label
    page = client.post("/filings/new/", {"court": "SL"}, HTTP_COOKIE=cookie)
    assert page.status_code == 403, label


BAD_HEADER_VALUES = {
    "NUL": "a\x00b",
    "control character": "a\x1bb",
    "DEL": "a\x7fb",
    "not UTF-8 / non-ASCII": "caf\xc3\xa9",
    "latin-1 byte": "caf\xe9",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("HTTP_AUTHORIZATION", "Authorization"),
        ("HTTP_IDEMPOTENCY_KEY", "Idempotency-Key"),
        ("HTTP_X_CSRFTOKEN", "X-CSRFToken"),
    ],
)
@pytest.mark.parametrize("label", BAD_HEADER_VALUES)
def test_a_bad_header_the_system_reads_is_refused_naming_it(signed_in, header, name, label):
    value = BAD_HEADER_VALUES[label]
    if header == "HTTP_AUTHORIZATION":
        value = "Bearer efl_" + value
    before = AuditEvent.objects.count()
    api = signed_in.post(
        "/api/v1/envelopes",
        '{"court": "SL", "case_type": "CC", "caption": "X v. Y"}',
        content_type="application/json",
        **{header: value},
    )
    assert api.status_code == 422, (name, label, api.content)
    assert api.json()["code"] == "invalid_header" and api.json()["field"] == name
    page = signed_in.get("/filings/", **{header: value})
    assert page.status_code == 422 and name.encode() in page.content
    assert page["Content-Type"].startswith("text/html")
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_headers_too_long_for_their_reader_are_refused_in_the_api_shape(signed_in):
    bearer = Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer efl_" + "a" * 9000)
    assert bearer.status_code == 401 and bearer.json()["code"] == "unauthenticated"
    key = signed_in.post(
        "/api/v1/envelopes",
        '{"court": "SL", "case_type": "CC", "caption": "X v. Y"}',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k" * 256,
    )
    assert key.status_code == 422 and key.json()["field"] == "Idempotency-Key"


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["evil.example", "ex\x00ample", "[::1", "a" * 300, "caf\xe9"])
def test_a_host_the_server_does_not_answer_for_is_400_in_the_api_shape(courts, host):
    api = Client().get("/api/v1/courts", HTTP_HOST=host)
    assert api.status_code == 400 and api["Content-Type"] == "application/json"
    assert api.json() == {
        "detail": api.json()["detail"],
        "code": "invalid_host",
        "field": "Host",
    }
    page = Client().get("/", HTTP_HOST=host)
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forwarded", ["1.2.3.4\x00", "\xff\xfe", "unknown, ;;;, 10.0.0.1\x1b", "a" * 4000, "for="]
)
def test_garbage_in_the_forwarded_headers_is_ignored(settings, signed_in, forwarded):
    settings.EFILING_TRUSTED_PROXIES = ["127.0.0.1"]
    before = AuditEvent.objects.count()
    for header in ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED"):
        response = signed_in.post(
            "/api/v1/envelopes",
            '{"court": "SL", "case_type": "CC", "caption": "X v. Y"}',
            content_type="application/json",
            REMOTE_ADDR="127.0.0.1",
            **{header: forwarded},
        )
        assert response.status_code == 201, (header, response.content)
    addresses = set(
        AuditEvent.objects.filter(id__gt=before, action="envelope.created").values_list(
            "ip_address", flat=True
        )
    )
    assert addresses == {"127.0.0.1"}  # the nearest trusted hop; the garbage never stored


@pytest.mark.django_db
def test_a_body_sent_in_chunks_is_411_before_anything_reads_it(signed_in):
    api = signed_in.post(
        "/api/v1/envelopes",
        "",
        content_type="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert api.status_code == 411 and api.json()["code"] == "length_required"
    assert "Content-Length" in api.json()["detail"]
    page = signed_in.post(
        "/filings/new/", "", content_type="text/plain", HTTP_TRANSFER_ENCODING="chunked"
    )
    assert page.status_code == 411 and page["Content-Type"].startswith("text/html")
