"""A database that does not answer (issue 10): pages are 503 with Retry-After and a page in the
court's words that needs no database, /healthz is 503, the failed connection is closed and the
next request connects anew; on PostgreSQL, sessions ended under a running server (as by a
restart) cost at most the requests they were serving."""

import logging

import pytest
from django.db import connection
from django.test import Client

from efiling.core.database_outage import RETRY_AFTER_SECONDS
from tests.database_down import backends_terminate, database_down
from tests.gunicorn_server import Gunicorn, get

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="pg_terminate_backend is PostgreSQL's"
)


def _outage_page(response) -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "briefly unavailable" in page and "Rule 103.06" in page
    return page


@pytest.mark.django_db(transaction=True)
def test_during_an_outage_pages_say_so_in_words_and_come_back(courts, attorney, caplog):
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(attorney)  # its session and user must be read from the database
    anonymous = Client(raise_request_exception=False)
    with database_down(), caplog.at_level(logging.INFO):
        answers = [anonymous.get("/"), signed_in.get("/filings/"), anonymous.get("/courts/SL/")]
        for response in answers:
            _outage_page(response)
        health = anonymous.get("/healthz")
    assert health.status_code == 503 and health["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert health.json()["checks"]["database"].startswith("database unavailable")
    logged = [r for r in caplog.records if r.name == "efiling.core.database"]
    assert len(logged) == len(answers) and not any(r.exc_info for r in logged)
    assert "Database unavailable in GET /" in logged[0].getMessage()
    assert anonymous.get("/").status_code == 200
    assert signed_in.get("/filings/").status_code == 200
    assert anonymous.get("/healthz").status_code == 200


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_ended_mid_request_is_503_and_the_next_request_reconnects(courts):
    client = Client(raise_request_exception=False)
    assert client.get("/").status_code == 200
    # Without the health check a reused connection is trusted: the next query meets the end.
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        killer = connection.copy()
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        killer.close()
        _outage_page(client.get("/"))
        assert connection.connection is None  # closed, not left half-open
        assert client.get("/").status_code == 200
    finally:
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_web_server_reconnects_after_its_sessions_are_ended(courts, tmp_path):
    database = connection.settings_dict["NAME"]
    with Gunicorn(tmp_path / "gunicorn.log", {}) as server:
        assert get(server.port, "/", timeout=10)[0] == 200
        assert backends_terminate(database) >= 1
        # A session that was idle is found closed before it is used: no request fails.
        for path in ("/healthz", "/", "/api/v1/courts"):
            assert get(server.port, path, timeout=10)[0] == 200, path
