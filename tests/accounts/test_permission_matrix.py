"""The whole permission matrix, walked: every role against every action, every page and every
API operation. A page or operation added without a permission mark fails here."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from efiling.accounts.models import Role
from efiling.accounts.permissions import (
    ROLE_PERMISSIONS,
    SELF_REPRESENTED_CLOSED,
    Action,
    can,
    check,
)
from efiling.api.urls import api
from tests import factories

ROLES = list(Role)


def _page_patterns(resolver=None, prefix=""):
    """(route, view) of every page except the Django admin and the API (walked separately)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace in {"admin", "api-v1"}:
                continue
            yield from _page_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.callback


PAGES = list(_page_patterns())
PROTECTED_PAGES = [(route, view) for route, view in PAGES if hasattr(view, "required_action")]


def _concrete(route: str) -> str:
    route = re.sub(r"<uuid:\w+>", "00000000-0000-4000-8000-000000000000", route)
    route = re.sub(r"<int:\w+>", "999999", route)
    route = re.sub(r"<(str:)?\w+>", "x", route)
    return "/" + route.lstrip("^").rstrip("$")


def _user_for(role, settings):
    """A user of the role in the best standing the role can have, so only the role decides."""
    settings.EFILING_SELF_REPRESENTED_ENABLED = True
    if role == Role.STAFF:
        return factories.staff_for(factories.user(Role.ATTORNEY))
    if role == Role.COURT_ADMINISTRATOR:  # the widest reach: a system administrator
        return factories.user(role, is_superuser=True, is_staff=True)
    return factories.user(role)


def test_every_page_is_either_public_or_guarded():
    unmarked = [
        route
        for route, view in PAGES
        if not (hasattr(view, "required_action") or getattr(view, "public_page", False))
    ]
    assert unmarked == []
    assert len(PROTECTED_PAGES) >= 10


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(Action))
def test_role_action_matrix(db, settings, role, action):
    assert can(_user_for(role, settings), action) is (role in ROLE_PERMISSIONS[action])


@pytest.mark.parametrize("role", ROLES)
def test_pages_allow_and_deny_by_role(db, settings, role):
    client = Client()
    client.force_login(_user_for(role, settings))
    for route, view in PROTECTED_PAGES:
        status = client.get(_concrete(route)).status_code
        allowed = role in ROLE_PERMISSIONS[view.required_action]
        assert (status != 403) is allowed, f"{role} on {route}: {status}"
        assert status < 500


def test_anonymous_visitors_are_sent_to_sign_in(db):
    for route, _ in PROTECTED_PAGES:
        response = Client().get(_concrete(route))
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/sign-in/"
        ), route


def _operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


OPERATIONS = list(_operations())


def test_every_api_operation_declares_its_permission():
    undeclared = [op["operationId"] for _, _, op in OPERATIONS if "x-permission" not in op]
    assert undeclared == []
    for _, _, op in OPERATIONS:
        assert op["x-permission"] == "public" or op["x-permission"] in {a.value for a in Action}


SCHEMA = api.get_openapi_schema()
DUMMY = {"string": "x", "integer": 1, "boolean": False, "number": 1}


def _example(schema: dict):
    """The smallest value that passes validation, so that only the permission decides."""
    if "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].split("/")[-1]]
    if "enum" in schema:
        return schema["enum"][0]
    formats = {
        "date": "2026-01-05",
        "date-time": "2026-01-05T10:00:00Z",
        "uuid": "00000000-0000-4000-8000-000000000000",
    }
    if schema.get("format") in formats:
        return formats[schema["format"]]
    if "anyOf" in schema:
        return _example(schema["anyOf"][0])
    if schema.get("type") == "object" or "properties" in schema:
        return {name: _example(schema["properties"][name]) for name in schema.get("required", [])}
    return DUMMY.get(schema.get("type"), "x")


def _request(client, path, method, operation):
    url = re.sub(r"\{code\}", "SL", path)
    url = re.sub(r"\{envelope_id\}", "00000000-0000-4000-8000-000000000000", url)
    url = re.sub(r"\{\w+_id\}", "999999", url)
    query = {
        p["name"]: _example(p["schema"])
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return getattr(client, method)(
            url, _example(content["application/json"]["schema"]), content_type="application/json"
        )
    if "application/pdf" in content:
        return getattr(client, method)(url, b"%PDF-1.7", content_type="application/pdf")
    return getattr(client, method)(url)


@pytest.mark.parametrize("role", ROLES)
def test_api_operations_allow_and_deny_by_role(db, settings, courts, role):
    client = Client()
    client.force_login(_user_for(role, settings))
    for path, method, operation in OPERATIONS:
        permission = operation["x-permission"]
        response = _request(client, path, method, operation)
        allowed = permission == "public" or role in ROLE_PERMISSIONS[Action(permission)]
        assert (response.status_code != 403) is allowed, (
            f"{role} {method} {path}: {response.status_code} {response.content[:200]}"
        )
        assert response.status_code < 500


def test_api_operations_refuse_anonymous_callers(db, courts):
    for path, method, operation in OPERATIONS:
        if operation["x-permission"] == "public":
            continue
        assert _request(Client(), path, method, operation).status_code == 401, operation[
            "operationId"
        ]


@pytest.mark.parametrize(
    ("role", "words"),
    [(Role.ATTORNEY, "An attorney account"), (Role.CLERK, "A clerk account")],
)
def test_a_refusal_names_the_role_with_its_article(db, role, words):
    user = factories.user(role)
    action = Action.REVIEW_FILINGS if role == Role.ATTORNEY else Action.FILE_NEW_CASE
    assert check(user, action) == f"{words} cannot do this."


@pytest.mark.parametrize(
    "action", [Action.MANAGE_STATEWIDE_CALENDAR, Action.MANAGE_COURT_ADMINISTRATORS]
)
def test_system_administrator_actions_refuse_a_court_administrator(db, action):
    court_administrator = factories.user(Role.COURT_ADMINISTRATOR)
    assert check(court_administrator, action) == "Only a system administrator can do this."
    system = factories.user(Role.COURT_ADMINISTRATOR, is_superuser=True, is_staff=True)
    assert can(system, action)


def test_every_registered_account_may_track_a_public_case(db, settings):
    """Tracking a public case is not filing: every role, and a self-represented litigant
    while their e-filing is not open, who may still not see cases through the signed-in pages
    (efiling.service.tracking)."""
    assert ROLE_PERMISSIONS[Action.TRACK_PUBLIC_CASES] == frozenset(Role)
    settings.EFILING_SELF_REPRESENTED_ENABLED = False
    litigant = factories.user(Role.SELF_REPRESENTED)
    assert can(litigant, Action.TRACK_PUBLIC_CASES)
    assert check(litigant, Action.VIEW_CASES) == SELF_REPRESENTED_CLOSED


def test_court_work_reads_the_assignments_once_per_user_and_only_when_needed(
    db, courts, django_assert_num_queries
):
    """A page checks court work several times: the user's assignments are read once (one
    query), and an action that is not court work asks none; another court stays refused."""
    from efiling.courts.models import Court

    court, other = Court.objects.order_by("pk")[:2]
    clerk = factories.court_staff(Role.CLERK, court)
    with django_assert_num_queries(0):
        assert check(clerk, Action.VIEW_CASES, court=court) is None
    with django_assert_num_queries(1):
        for _ in range(5):
            assert can(clerk, Action.REVIEW_FILINGS, court=court)
    assert check(clerk, Action.REVIEW_FILINGS, court=other) == (
        f"You are not assigned to the {other.name}."
    )
