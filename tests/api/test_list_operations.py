"""Derived from the OpenAPI document: every list operation follows the one paging contract
(`limit` and `cursor` in, `{"items", "next_cursor", "next"}` out: ListCourts, ListApiTokens and
GetSigningKeys answered bare lists), and a walk of each with more rows than a page (limit=2)
reaches every row exactly once. A new list operation fails this test until it is given rows
below (and so is held to the same rule)."""

import re
from datetime import datetime, timedelta

import pytest
from django.db import transaction
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.availability.models import FilingAttempt, MaintenanceWindow
from efiling.cases.models import Party
from efiling.core import clock, signing
from efiling.courts.models import Court
from efiling.filings.models import ServiceRequest
from efiling.payments.services import deposit, payment_account_for
from efiling.scheduling.models import Courtroom, Hearing
from efiling.service.models import Notice
from efiling.service.services import notices_record
from efiling.service.summons_models import Summons
from tests import factories
from tests.api.openapi import SCHEMA, resolve
from tests.filings.helpers import new_case_draft

ROWS = 5


def _list_operations() -> dict[str, tuple[str, dict]]:
    """Operation id -> (path, operation) of every GET whose answer is a list or a page."""
    found = {}
    for path, methods in SCHEMA["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        answer = operation["responses"]["200"].get("content", {}).get("application/json")
        schema = resolve(answer["schema"]) if answer else {}
        if schema.get("type") == "array" or "items" in schema.get("properties", {}):
            found[operation["operationId"]] = (path, operation)
    return found


LISTS = _list_operations()


@pytest.mark.parametrize("operation_id", sorted(LISTS))
def test_every_list_operation_pages_by_cursor(operation_id):
    _, operation = LISTS[operation_id]
    answer = resolve(operation["responses"]["200"]["content"]["application/json"]["schema"])
    assert answer.get("type") != "array", f"{operation_id} answers a bare list"
    assert set(answer["properties"]) == {"items", "next_cursor", "next"}, operation_id
    query = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}
    assert query["limit"]["schema"]["default"] == 50, operation_id
    assert query["limit"]["schema"]["maximum"] == 100, operation_id
    assert "cursor" in query, operation_id


def _walk(client, url: str, key: str) -> list:
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        body = response.json()
        assert len(body["items"]) <= 2
        seen += [item[key] for item in body["items"]]
        pages += 1
        url = body["next"]
    assert pages >= 2, "the walk needs more rows than a page"
    return seen


# The list operations a user other than the attorney walks: (its role, fields of the user);
# a sheriff's office has a second factor (its tokens work only then).
WALKERS = {"GetSummonsList": (Role.SHERIFF, {"county": "Boone County"})}


def _clients(attorney, name: str) -> dict:
    """A read token's client for each list operation: the attorney's, or WALKERS' user's."""

    def client_of(user):
        raw = api_token_create(user=user, name=name, scope=ApiToken.Scope.READ)[1]
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    theirs = client_of(attorney)
    others = {
        operation_id: client_of(
            factories.user(role, **{**fields, "totp_confirmed_at": clock.now()})
        )
        for operation_id, (role, fields) in WALKERS.items()
    }
    return {operation_id: others.get(operation_id, theirs) for operation_id in LISTS}


def _summonses(court, cases, drafts, judge) -> None:
    """A summons for the Sheriff of Boone County in each of `cases`, issued an hour apart
    (rows only: no PDF), each from a service request of one of `drafts`."""
    for n, (case, draft) in enumerate(zip(cases, drafts, strict=True)):
        party = Party.objects.create(
            case=case, kind="person", role="defendant", first_name="Dee", last_name=f"Walk{n}"
        )
        request = ServiceRequest.objects.create(
            envelope=draft,
            party=party,
            manner="sheriff",
            county="Boone County",
            created_at=clock.now(),
        )
        Summons.objects.create(
            case=case,
            party=party,
            service_request=request,
            manner="sheriff",
            county="Boone County",
            status=Summons.Status.ISSUED,
            issued_by=judge,
            issued_at=clock.now() - timedelta(hours=ROWS - n),
            created_at=clock.now(),
            status_changed_at=clock.now(),
        )


@pytest.fixture
def rows(court, attorney, settings):
    """For each list operation: the URL of its walk at two to a page, the field that names
    an item, and the items expected."""
    drafts = [new_case_draft(court, attorney, caption=f"Walk v. Filing {n}") for n in range(ROWS)]
    cases = [
        factories.case(court, counsel=[attorney], number=f"26SL-CC{n:05d}") for n in range(ROWS)
    ]
    judge = factories.court_staff(Role.JUDGE, court)
    room = Courtroom.objects.create(court=court, name="Division 1")
    monday = datetime(2026, 12, 7, 15, tzinfo=clock.UTC)
    for n, case in enumerate(cases):
        Hearing.objects.create(
            case=case,
            courtroom=room,
            judge=judge,
            starts_at=monday + timedelta(hours=n),
            ends_at=monday + timedelta(hours=n, minutes=30),
            created_by=judge,
            created_at=clock.now(),
        )
    for n, case in enumerate(cases):
        factories.judgment(
            case, judge, in_favor_of="Pat Walker", against="Example Corp.", amount_cents=100 + n
        )
    for n in range(ROWS):
        api_token_create(user=attorney, name=f"walk {n}", scope=ApiToken.Scope.READ)
    settings.EFILING_SIGNING_KEYS = ",".join(
        signing.generate_private_key_text() for _ in range(ROWS)
    )
    account = payment_account_for(attorney)
    for n in range(ROWS):
        deposit(account=account, amount_cents=100, reference=f"walk {n}")
    for n in range(ROWS):
        with transaction.atomic():
            notices_record(
                recipients=[attorney], kind=Notice.Kind.ORDER, subject=f"Walk {n}", body="B."
            )
    _summonses(court, cases, drafts, judge)
    for n in range(ROWS):
        starts = clock.now() + timedelta(days=10, hours=n)
        MaintenanceWindow.objects.create(
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            message=f"Walk {n}",
            all_courts=True,
            posted_at=clock.now(),
        )
    for n in range(ROWS):
        FilingAttempt.objects.create(
            reference=f"FA-WALK-{n:04d}",
            occurred_at=clock.now() - timedelta(minutes=n % 2),  # ties: the cursor's pk
            user=attorney,
            operation="ReviewFiling",
            kind=FilingAttempt.Kind.REFUSED,
            status_code=422,
            what_went_wrong="Walk.",
        )
    return {
        "GetFilingAttemptList": ("/api/v1/filing-attempts?limit=2", "reference", ROWS),
        "GetSummonsList": ("/api/v1/summonses?limit=2", "id", ROWS),
        "GetMaintenanceWindows": ("/api/v1/maintenance?limit=2", "message", ROWS),
        "GetLedger": ("/api/v1/payment-account/ledger?limit=2", "reference", ROWS + 1),
        "GetFilingList": ("/api/v1/envelopes?limit=2", "caption", ROWS),
        "GetCaseList": ("/api/v1/cases?limit=2", "number", ROWS),
        "GetPublicCaseList": (
            "/api/v1/public/cases?kind=filed&filed_from=2020-01-01&limit=2",
            "number",
            ROWS,
        ),
        "GetCourtSchedule": (
            "/api/v1/courts/SL/schedule?from=2026-12-07&limit=2",
            "case_number",
            ROWS,
        ),
        "GetPublicJudgmentList": (
            "/api/v1/public/judgments?last_name=walker&limit=2",
            "amount_cents",
            ROWS,
        ),
        "ListCourts": ("/api/v1/courts?limit=2&participating=true", "code", None),
        "ListApiTokens": ("/api/v1/me/tokens?limit=2", "name", ROWS + 1),
        "GetSigningKeys": ("/api/v1/audit/signing-keys?limit=2", "key_id", ROWS),
        "GetNotices": ("/api/v1/notices?limit=2", "subject", ROWS),
    }


@pytest.mark.django_db
def test_a_walk_of_every_list_operation_reaches_every_row_once(rows, attorney):
    assert set(rows) == set(LISTS), "give each list operation rows here"
    clients = _clients(attorney, "walker")
    for operation_id, (url, key, expected) in rows.items():
        seen = _walk(clients[operation_id], url, key)
        if expected is None:  # the courts: as many as there are
            expected = Court.objects.filter(efiling_participating=True).count()
        assert len(seen) == expected, (operation_id, seen)
        assert len(set(seen)) == len(seen), f"{operation_id} repeated a row"


@pytest.mark.django_db
def test_every_list_operation_refuses_a_limit_or_cursor_it_cannot_use_in_words(rows, attorney):
    """A 20-digit, negative, zero or non-numeric limit, or a made-up cursor, is a 422 naming the
    input, never a 500 or a quiet default; a ?page= (the pages' parameter) is no input here:
    refused as a parameter the operation does not take (efiling.api.request_shape)."""
    clients = _clients(attorney, "limits")
    for operation_id, (url, _, _) in rows.items():
        client = clients[operation_id]
        base = url.replace("limit=2", "limit={}")
        for limit in ("9" * 20, "-1", "0", "abc", "1e3", "9" * 400):
            answer = client.get(base.format(limit))
            assert answer.status_code == 422, (operation_id, limit)
            assert answer.json()["field"] == "limit", (operation_id, limit)
        cursor = client.get(base.format(2) + "&cursor=" + "9" * 20)
        assert cursor.status_code == 422 and cursor.json()["field"] == "cursor", operation_id
        page = client.get(base.format(2) + "&page=" + "9" * 20)
        assert page.status_code == 422 and page.json()["field"] == "page", operation_id


# For each list operation that takes a search (query parameters besides limit and cursor): a
# parameter that makes its walk's URL another search (in place of the walk's own value of it),
# still valid for the walker.
ANOTHER_SEARCH = {
    "GetLedger": "owner_id={attorney}",
    "GetFilingList": "status=draft",
    "GetCaseList": "court=SL",
    "GetPublicCaseList": "filed_from=2020-01-02",
    "GetCourtSchedule": "days=8",
    "GetPublicJudgmentList": "last_name=walk",
    "ListCourts": "participating=false",
    "GetNotices": "unread=true",
}


@pytest.mark.django_db
def test_a_cursor_is_refused_with_another_search_of_its_list(rows, attorney):
    """A cursor is bound to the search that made it (pagination.search_digest): sent with
    other parameters it is refused in words, never answered with a page of the other search
    (found by the trial: a cursor of last_name=Garcia sent with last_name=Nguyen answered 200);
    `limit` may change between pages."""
    searched = {
        operation_id
        for operation_id, (_, operation) in LISTS.items()
        if {p["name"] for p in operation["parameters"] if p["in"] == "query"} - {"limit", "cursor"}
    }
    assert searched == set(ANOTHER_SEARCH), "give each list operation with a search one here"
    clients = _clients(attorney, "cursors")
    for operation_id, (url, _, _) in rows.items():
        client = clients[operation_id]
        cursor = client.get(url).json()["next_cursor"]
        assert cursor, operation_id
        same = client.get(f"{url.replace('limit=2', 'limit=3')}&cursor={cursor}")
        assert same.status_code == 200, (operation_id, same.content[:300])
        if operation_id not in ANOTHER_SEARCH:
            continue
        other = ANOTHER_SEARCH[operation_id].format(attorney=attorney.pk)
        name = other.partition("=")[0]
        asked = re.sub(rf"([?&]){name}=[^&]*", rf"\g<1>{other}", url)
        asked = asked if asked != url else f"{url}&{other}"
        refused = client.get(f"{asked}&cursor={cursor}")
        assert refused.status_code == 422, (operation_id, refused.content[:300])
        body = refused.json()
        assert body["field"] == "cursor" and "belongs to another search" in body["detail"]
