"""One paging contract for every list operation: limit (default 50, at most 100), a signed
opaque cursor, keyset pages that neither repeat nor skip, next URL and Link header."""

from datetime import timedelta

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.api.urls import api
from efiling.core import clock
from efiling.filings import services
from efiling.filings.models import Envelope


@pytest.fixture
def client(attorney):
    raw = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def drafts(court, attorney):
    """120 drafts, five of them created in the same instant (the order falls back on the id)."""
    case_type = court.case_types.get(code="CC")
    for n in range(120):
        services.draft_create(
            user=attorney, court=court, case_type=case_type, caption=f"Lawson v. Party {n}"
        )
    same = clock.now() - timedelta(days=1)
    Envelope.objects.filter(pk__in=Envelope.objects.order_by("pk").values("pk")[:5]).update(
        created_at=same
    )
    return Envelope.objects.filter(prepared_by=attorney)


def test_pages_walk_every_envelope_once_newest_first(client, drafts):
    seen, url, pages = [], "/api/v1/envelopes?limit=45", 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        assert len(body["items"]) <= 45
        seen += [item["id"] for item in body["items"]]
        pages += 1
        if body["next"]:
            assert response["Link"] == f'<{body["next"]}>; rel="next"'
            assert body["next"].startswith("http://testserver/api/v1/envelopes?")
            assert "limit=45" in body["next"]
        else:
            assert body["next_cursor"] is None and "Link" not in response
        url = body["next"]
    expected = [str(e.public_id) for e in drafts.order_by("-created_at", "-pk")]
    assert pages == 3 and seen == expected


def test_the_default_page_is_50_and_more_than_100_is_refused(client, drafts):
    assert len(client.get("/api/v1/envelopes").json()["items"]) == 50
    assert len(client.get("/api/v1/envelopes?limit=100").json()["items"]) == 100
    refused = client.get("/api/v1/envelopes?limit=101")
    assert refused.status_code == 422 and refused.json()["field"] == "limit"


def test_a_tampered_or_foreign_cursor_is_422(client, drafts):
    cursor = client.get("/api/v1/envelopes?limit=10").json()["next_cursor"]
    tampered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    for url in (
        f"/api/v1/envelopes?cursor={tampered}",
        f"/api/v1/cases?cursor={cursor}",  # a cursor of another list
        "/api/v1/envelopes?cursor=garbage",
    ):
        response = client.get(url)
        assert response.status_code == 422 and response.json()["field"] == "cursor", url


def test_every_list_operation_declares_the_paging_contract():
    paths = api.get_openapi_schema()["paths"]
    for path in ("/api/v1/envelopes", "/api/v1/cases", "/api/v1/courts/{code}/schedule"):
        operation = paths[path]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"limit", "cursor"} <= names, path
        limit = next(p for p in operation["parameters"] if p["name"] == "limit")
        assert limit["schema"]["maximum"] == 100 and limit["schema"]["default"] == 50
        answer = operation["responses"][200]["content"]["application/json"]["schema"]
        page = api.get_openapi_schema()["components"]["schemas"][answer["$ref"].split("/")[-1]]
        assert set(page["properties"]) == {"items", "next_cursor", "next"}, path
