"""The public scraping throttle: per address, 429 with Retry-After past the rate, never on a
courthouse terminal, never outside the throttled prefixes (signed-in pages)."""

import pytest
from django.db import connection
from django.test import Client

from efiling.accounts.models import Role
from efiling.courts import terminals
from tests import factories

PAGE = "/public/cases/26SL-CC00001/"  # a 404 counts like any other answer


@pytest.fixture(autouse=True)
def _rate(settings):
    settings.EFILING_PUBLIC_RATE = "3/d"


@pytest.mark.django_db
def test_the_request_past_the_rate_gets_429_with_retry_after():
    client = Client(REMOTE_ADDR="198.51.100.7")
    assert [client.get(PAGE).status_code for _ in range(3)] == [404, 404, 404]
    refused = client.get(PAGE)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many requests from your address" in refused.content.decode()
    assert "<title>Too many requests" in refused.content.decode()
    assert refused["X-Frame-Options"] == "DENY"  # as every answer, also one a middleware makes
    assert 'href="/public/search/">Search public cases' in refused.content.decode()
    # Another address is counted apart.
    assert Client(REMOTE_ADDR="198.51.100.8").get(PAGE).status_code == 404


@pytest.mark.django_db
def test_a_public_api_path_is_answered_in_json(settings):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(3):
        client.get("/api/v1/public/cases")
    refused = client.get("/api/v1/public/cases")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    assert "Retry-After" in refused
    assert refused.json()["public_search_url"] == "/public/search/"


@pytest.mark.django_db
def test_a_terminal_is_never_throttled(court):
    admin = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    terminals.terminal_register(
        actor=admin, court=court, name="T", location="Hall", networks=["192.0.2.0/24"]
    )
    client = Client(REMOTE_ADDR="192.0.2.5")
    assert {client.get(PAGE).status_code for _ in range(6)} == {404}


@pytest.mark.django_db
def test_signed_in_pages_are_not_counted(court):
    client = factories.client_for(factories.court_staff(Role.CLERK, court))
    statuses = {
        client.get("/court-admin/", REMOTE_ADDR="198.51.100.7").status_code for _ in range(6)
    }
    assert 429 not in statuses


@pytest.mark.django_db
def test_a_count_that_cannot_be_written_lets_the_request_through(caplog):
    """Fail open (decision 0019): with the counts' table gone the public is still answered,
    and the failure is logged (django-ratelimit's own fail-open covers only cache errors)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE efiling_throttle_counts")
    client = Client(REMOTE_ADDR="198.51.100.9")
    assert [client.get(PAGE).status_code for _ in range(5)] == [404] * 5
    assert "could not count a request" in caplog.text
