"""Derived from the OpenAPI document: every whole-number field of every operation's JSON body,
alone or in a list, answers a number larger than any database column holds with a 4xx in the
API's shape naming the field, never a 5xx (MarkNoticesRead's notice_ids of 10**23 was a 500,
found by trying the system). Path and query numbers are PlainInt (tests/api/test_api_strict.py).
Run on SQLite and PostgreSQL alike."""

import pytest
from django.test import Client

from tests.api.openapi import SCHEMA, body_for, query_for, resolve, url_for

HUGE = 10**23


def _integer_kind(schema: dict) -> str | None:
    """'integer' or 'list' for a whole-number field (also inside anyOf [..., null])."""
    schema = resolve(schema)
    for option in schema.get("anyOf", [schema]):
        option = resolve(option)
        if option.get("type") == "integer":
            return "integer"
        if option.get("type") == "array" and resolve(option.get("items", {})).get("type") == (
            "integer"
        ):
            return "list"
    return None


def _fields():
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json")
            if not body:
                continue
            for name, schema in resolve(body["schema"]).get("properties", {}).items():
                kind = _integer_kind(schema)
                if kind:
                    yield operation["operationId"], method, path, name, kind, operation


FIELDS = list(_fields())


def test_the_walk_finds_whole_number_fields():
    assert ("MarkNoticesRead", "notice_ids", "list") in {(f[0], f[3], f[4]) for f in FIELDS}


@pytest.mark.django_db
@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f"{f[0]}.{f[3]}")
@pytest.mark.parametrize("sign", [1, -1])
def test_every_whole_number_refuses_one_no_column_holds(field, sign, attorney):
    operation_id, method, path, name, kind, operation = field
    client = Client()
    client.force_login(attorney)
    value = sign * HUGE if kind == "integer" else [sign * HUGE]
    url, query = url_for(path, operation), query_for(operation)
    response = client.generic(
        method.upper(),
        f"{url}?{query}" if query else url,
        body_for(operation, override=(name, value)),
        content_type="application/json",
    )
    answer = response.json()
    assert 400 <= response.status_code < 500, (operation_id, name, response.status_code, answer)
    assert set(answer) >= {"detail", "code"}
    assert answer.get("field") == name, (operation_id, name, answer)
