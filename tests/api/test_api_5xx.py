"""Every 5xx of the API is the API's JSON error (issue 10): an unexpected exception in a
handler, a database that does not answer (503 database_unavailable with Retry-After), an
exception in a middleware or in URL resolution, and a database outage that also breaks
Django's own 500 page. Pages keep their HTML error page."""

import logging

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.handlers.base import BaseHandler
from django.db import OperationalError
from django.middleware.common import CommonMiddleware
from django.test import Client

import efiling.api.courts
from efiling.accounts.middleware import IdleSessionMiddleware
from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.core.database_outage import RETRY_AFTER_SECONDS
from tests.database_down import database_down


def _json_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and body["detail"]
    assert int(response.get("Content-Length", len(response.content))) == len(response.content)
    return body


def _client(**extra) -> Client:
    return Client(raise_request_exception=False, **extra)


def _broken(error: Exception):
    def broken(*args, **kwargs):
        raise error

    return broken


@pytest.mark.django_db
def test_an_unexpected_exception_in_a_handler_is_a_json_500(monkeypatch, courts):
    monkeypatch.setattr(efiling.api.courts, "courts_list", _broken(RuntimeError("disk on fire")))
    body = _json_error(_client().get("/api/v1/courts"), 500, "server_error")
    assert "disk on fire" not in body["detail"]


@pytest.mark.django_db
def test_a_database_error_in_a_handler_is_503_with_retry_after_logged_once(
    monkeypatch, courts, caplog
):
    refused = OperationalError('connection to server at "db", port 5432 failed: refused')
    monkeypatch.setattr(efiling.api.courts, "courts_list", _broken(refused))
    with caplog.at_level(logging.INFO):
        response = _client().get("/api/v1/courts")
    body = _json_error(response, 503, "database_unavailable")
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Idempotency-Key" in body["detail"]
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(logged) == 1 and logged[0].exc_info is None
    assert "Database unavailable in GET /api/v1/courts: OperationalError" in logged[0].message


@pytest.mark.django_db
@pytest.mark.parametrize("middleware", [CommonMiddleware, IdleSessionMiddleware])
def test_an_exception_in_a_middleware_is_a_json_500(monkeypatch, middleware):
    method = "process_request" if hasattr(middleware, "process_request") else "__call__"
    monkeypatch.setattr(middleware, method, _broken(RuntimeError("middleware")))
    _json_error(_client().get("/api/v1/courts"), 500, "server_error")
    page = _client().get("/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_database_error_in_a_middleware_is_a_json_503(monkeypatch):
    monkeypatch.setattr(SessionMiddleware, "process_request", _broken(OperationalError("gone")))
    response = _client().get("/api/v1/courts")
    _json_error(response, 503, "database_unavailable")
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["X-Content-Type-Options"] == "nosniff"  # the outer middlewares still run


@pytest.mark.django_db
def test_an_exception_in_url_resolution_is_a_json_500(monkeypatch):
    monkeypatch.setattr(BaseHandler, "resolve_request", _broken(RuntimeError("resolver")))
    _json_error(_client().get("/api/v1/courts"), 500, "server_error")
    _json_error(_client().post("/api/v1/envelopes", {}), 500, "server_error")


@pytest.mark.django_db(transaction=True)
def test_during_a_database_outage_every_api_answer_is_json(courts, attorney, caplog):
    token = api_token_create(user=attorney, name="firm", scope=ApiToken.Scope.FILE)[1]
    by_token = _client(HTTP_AUTHORIZATION=f"Bearer {token}")
    by_session = _client()
    by_session.force_login(attorney)  # its session must be read from the database
    with database_down(), caplog.at_level(logging.INFO):
        answers = [
            by_token.get("/api/v1/envelopes"),
            by_token.post("/api/v1/envelopes", {"court": "SL"}, content_type="application/json"),
            by_session.get("/api/v1/me"),  # the session middleware fails, then the 500 page
            _client().get("/api/v1/courts"),
        ]
    for response in answers:
        _json_error(response, 503, "database_unavailable")
        assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(logged) == len(answers) and not any(r.exc_info for r in logged)
    assert by_token.get("/api/v1/envelopes").status_code == 200  # back once it answers
