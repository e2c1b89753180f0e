"""Derived from the OpenAPI document: nothing an API client sends is read leniently.

- Every JSON body says `additionalProperties: false`, and a field it does not have is refused
  naming it (a typo "case_nubmer" started a new case instead of filing into the case).
- Body values are of their own JSON type: no "1", 1.0 or true for an integer, no "yes", 1 or
  "off" for a boolean, no number for a string (each was read as something else).
- The body is JSON in UTF-8 sent as application/json, or it is refused: another content type,
  another charset or none (415); a byte order mark, UTF-16, a name given twice, NaN, or not an
  object (400 invalid_json, naming the repeated name).
- Query and path values are in their one plain form: integers in ASCII digits ("1.0", "+1",
  " 5", "5.0", fullwidth and Arabic-Indic digits, "1e1" are refused), dates YYYY-MM-DD (not a
  datetime, "20260302" or seconds), booleans true or false, ids as the API gives them.
Every refusal is a 4xx in the API's shape naming the input; none is a 5xx. Run on SQLite and
PostgreSQL alike."""

import codecs
import json
import uuid
from urllib.parse import quote

import pytest
from django.test import Client

from tests.api.openapi import COMPONENTS, SCHEMA, body_for, query_for, resolve, sample, url_for


def _operations():
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _kind(schema: dict) -> str | None:
    """integer, boolean, date or uuid: a scalar that is not text (also inside anyOf [x, null])."""
    schema = resolve(schema)
    for option in schema.get("anyOf", [schema]):
        option = resolve(option)
        if option.get("format") in ("date", "uuid"):
            return option["format"]
        if option.get("type") in ("integer", "boolean"):
            return option["type"]
    return None


def _text_kind(schema: dict) -> str | None:
    """ "string" for a text field (an enum included), also inside anyOf [string, null]."""
    schema = resolve(schema)
    options = [resolve(option) for option in schema.get("anyOf", [schema])]
    return "string" if any(option.get("type") == "string" for option in options) else None


PARAMETERS = [
    (operation["operationId"], method, path, parameter, operation)
    for path, method, operation in _operations()
    for parameter in operation.get("parameters", [])
    if parameter["in"] in ("query", "path") and _kind(parameter["schema"])
]
BODIES = [
    (operation["operationId"], method, path, operation)
    for path, method, operation in _operations()
    if "application/json" in operation.get("requestBody", {}).get("content", {})
]
BODY_FIELDS = [
    (operation_id, method, path, operation, name, kind)
    for operation_id, method, path, operation in BODIES
    for name, prop in resolve(operation["requestBody"]["content"]["application/json"]["schema"])[
        "properties"
    ].items()
    if (kind := _kind(prop) or _text_kind(prop))
]
A_UUID = str(uuid.UUID(int=0x0B9E6A3C5D2F4E8A9C1B7F3E2D1A0B9C))
NOT_PLAIN = {
    "integer": ["1.0", "+1", " 1", "1 ", "5.0", "\uff15", "\u0663", "1e1", "0x1", "9" * 20, "1_0"],
    "date": ["2026-03-02T00:00:00", "20260302", "\uff12026-03-02", "2026-3-2", "1767225600"],
    "boolean": ["yes", "1", "off", "True", "on"],
    "uuid": [A_UUID.replace("-", ""), "{" + A_UUID + "}", "urn:uuid:" + A_UUID],
}
WRONG_JSON_TYPES = {
    "integer": ["1", 1.0, True, "\u0661"],
    "boolean": ["yes", 1, "off", "true", 0],
    "string": [5, True, ["x"]],
}


@pytest.fixture
def client(attorney):
    client = Client()
    client.force_login(attorney)
    return client


def _send(client, method, url, body, content_type="application/json"):
    return client.generic(method.upper(), url, body, content_type=content_type)


def _refused(response, status: int, where: str) -> dict:
    assert response.status_code == status, (where, response.status_code, response.content)
    assert response["Content-Type"].startswith("application/json"), where
    answer = response.json()
    assert set(answer) >= {"detail", "code"}, where
    return answer


def test_the_walk_finds_the_inputs_that_are_not_text():
    found = {(p[0], p[3]["name"]) for p in PARAMETERS}
    assert {
        ("GetCase", "case_id"),
        ("GetFilingList", "limit"),
        ("CalculateDeadline", "from"),
        ("CalculateDeadline", "days"),
        ("ListCourts", "participating"),
        ("GetFilingStatus", "envelope_id"),
        ("GetAuditCheckpoint", "seq"),
    } <= found
    fields = {(f[0], f[4], f[5]) for f in BODY_FIELDS}
    assert {
        ("AddFiling", "responds_to", "integer"),
        ("AddParty", "represented", "boolean"),
        ("CreateEnvelope", "caption", "string"),
    } <= fields


@pytest.mark.parametrize("body", BODIES, ids=lambda b: b[0])
def test_every_json_body_forbids_fields_it_does_not_have(body):
    schema = resolve(body[3]["requestBody"]["content"]["application/json"]["schema"])
    assert schema.get("additionalProperties") is False, body[0]


@pytest.mark.django_db
@pytest.mark.parametrize("body", BODIES, ids=lambda b: b[0])
def test_an_unknown_field_is_refused_naming_it(body, client):
    operation_id, method, path, operation = body
    sent = json.loads(body_for(operation))
    sent["case_nubmer"] = "26SL-CC00001"
    url = url_for(path, operation) + (f"?{query_for(operation)}" if query_for(operation) else "")
    answer = _refused(_send(client, method, url, json.dumps(sent)), 422, operation_id)
    assert answer["field"] == "case_nubmer"
    assert "not a field of this request" in answer["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("field", BODY_FIELDS, ids=lambda f: f"{f[0]}.{f[4]}")
def test_every_body_value_must_be_of_its_own_json_type(field, client):
    operation_id, method, path, operation, name, kind = field
    url = url_for(path, operation) + (f"?{query_for(operation)}" if query_for(operation) else "")
    for value in WRONG_JSON_TYPES[kind]:
        body = body_for(operation, override=(name, value))
        answer = _refused(_send(client, method, url, body), 422, f"{operation_id}.{name}={value!r}")
        assert answer["field"] == name, (operation_id, name, value)


@pytest.mark.django_db
@pytest.mark.parametrize("body", BODIES, ids=lambda b: b[0])
def test_a_body_that_is_not_json_in_utf8_is_refused(body, client):
    operation_id, method, path, operation = body
    url = url_for(path, operation) + (f"?{query_for(operation)}" if query_for(operation) else "")
    valid = body_for(operation)
    for content_type in (
        "text/plain",
        "",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin-1",
        "application/json; charset=utf-16",
    ):
        response = _send(client, method, url, valid, content_type)
        answer = _refused(response, 415, f"{operation_id} as {content_type!r}")
        assert answer["code"] == "unsupported_media_type"
    first = next(iter(json.loads(valid)))
    for label, raw in (
        ("byte order mark", codecs.BOM_UTF8 + valid.encode()),
        ("UTF-16", valid.encode("utf-16")),
        ("UTF-16 without a BOM", valid.encode("utf-16-le")),
        ("not UTF-8", valid.replace("{", '{"x": "\xff",', 1).encode("latin-1")),
        ("NaN", valid.replace("{", '{"x": NaN,', 1).encode()),
        ("an array", b"[" + valid.encode() + b"]"),
        ("cut short", valid[:-1].encode()),
    ):
        answer = _refused(_send(client, method, url, raw), 400, f"{operation_id}: {label}")
        assert answer["code"] == "invalid_json", label
    twice = valid.replace("{", f'{{"{first}": {json.dumps(sample_of(operation, first))},', 1)
    answer = _refused(_send(client, method, url, twice), 400, f"{operation_id}: {first} twice")
    assert answer["code"] == "invalid_json" and answer["field"] == first
    assert f'"{first}" twice' in answer["detail"]
    assert _send(client, method, url, valid, "application/json; charset=UTF-8").status_code != 415


def sample_of(operation: dict, name: str):
    schema = resolve(operation["requestBody"]["content"]["application/json"]["schema"])
    return sample(schema["properties"][name])


@pytest.mark.django_db
@pytest.mark.parametrize("parameter", PARAMETERS, ids=lambda p: f"{p[0]}.{p[3]['name']}")
def test_every_query_and_path_value_is_read_only_in_its_plain_form(parameter, client):
    operation_id, method, path, spec, operation = parameter
    name, where = spec["name"], spec["in"]
    for value in NOT_PLAIN[_kind(spec["schema"])]:
        encoded = quote(value, safe="")
        if where == "path":
            url = url_for(path, operation, override=(name, encoded))
            query = query_for(operation)
        else:
            url = url_for(path, operation)
            query = query_for(operation, override=(name, encoded))
        body = body_for(operation)
        response = _send(client, method, f"{url}?{query}" if query else url, body)
        answer = _refused(response, 422, f"{operation_id}.{name}={value!r}")
        assert answer["field"] == name, (operation_id, name, value, answer)


def test_the_error_answers_of_every_operation_include_415_where_a_json_body_is_read():
    for _, _, _, operation in BODIES:
        assert "415" in operation["responses"], operation["operationId"]
    assert COMPONENTS["ErrorOut"]
