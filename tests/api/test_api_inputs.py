"""Derived from the OpenAPI document: every operation, every str field of its body, query and
path declares maxLength, and refuses NUL, a lone surrogate, U+202E, zero-width spaces, U+2028,
tag characters, interlinear annotation marks, U+FFFD, private-use characters, noncharacters,
only combining marks and maxLength+1 with a 4xx in the API's shape naming the field (422; 400
for characters no person could mean in the address, path or query alike), never a 5xx. Run on
SQLite and PostgreSQL alike."""

from urllib.parse import quote

import pytest
from django.test import Client

from tests.api.openapi import (
    COMPONENTS,
    SCHEMA,
    body_for,
    query_for,
    resolve,
    string_schema,
    url_for,
)
from tests.wording import assert_reads_well


def _fields():
    """(operation id, method, path, where, name, schema, operation) for every str input."""
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("query", "path") and string_schema(parameter["schema"]):
                    yield (
                        operation["operationId"],
                        method,
                        path,
                        parameter["in"],
                        parameter["name"],
                        string_schema(parameter["schema"]),
                        operation,
                    )
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                for name, schema in resolve(body["schema"]).get("properties", {}).items():
                    if string_schema(schema):
                        yield (
                            operation["operationId"],
                            method,
                            path,
                            "body",
                            name,
                            string_schema(schema),
                            operation,
                        )


FIELDS = list(_fields())


def test_the_walk_finds_body_query_and_path_fields():
    found = {(f[0], f[3], f[4]) for f in FIELDS}
    assert {
        ("AddParty", "body", "last_name"),
        ("CreateEnvelope", "body", "caption"),
        ("UploadDocument", "query", "file_name"),
        ("GetPolicy", "path", "code"),
        ("GetFilingList", "query", "cursor"),
    } <= found


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f"{f[0]}.{f[4]}")
def test_every_str_input_declares_its_max_length(field):
    assert isinstance(field[5].get("maxLength"), int), f"{field[0]}.{field[4]}"


def test_enums_are_declared_from_the_model_choices():
    party = COMPONENTS["PartyIn"]["properties"]
    assert party["kind"]["enum"] == ["person", "organization"]
    assert "petitioner" in party["role"]["enum"]
    assert "submitted" in resolve(COMPONENTS["EnvelopeOut"]["properties"]["status"])["enum"]
    upload = SCHEMA["paths"]["/api/v1/envelopes/{envelope_id}/filings/{filing_id}/documents"]
    kind = next(p for p in upload["post"]["parameters"] if p["name"] == "kind")
    assert kind["schema"]["enum"] == ["lead", "attachment", "confidential_sheet"]


def test_every_operation_declares_its_error_answers_with_the_error_schema():
    for methods in SCHEMA["paths"].values():
        for operation in methods.values():
            for status in ("400", "422", "500"):
                answer = operation["responses"][status]["content"]["application/json"]
                assert answer["schema"]["$ref"].endswith("/ErrorOut"), operation["operationId"]


# Characters no text input keeps (a path holding one is refused before any view: 400).
BAD_CHARACTERS = {
    "NUL": "a\x00b",
    "surrogate": "Probe\ud800",
    "bidi override": "Law\u202eson",
    "only zero-width spaces": "\u200b\u200b\u200b",
    "line separator": "Smith\u2028Jones",
    "tag characters": "Smith\U000e0041\U000e0042",
    "interlinear annotation": "Smith\ufff9v",
    "replacement character": "\ufffd\ufffdname",
    "private use": "Acme\ue000",
    "noncharacter": "Acme\uffff",
}


def _bad_values(schema):
    for label, value in BAD_CHARACTERS.items():
        # a message (x-multiline) takes a line separator as a line break, as a form's Textarea
        if not (label == "line separator" and schema.get("x-multiline")):
            yield label, value
    yield "only combining marks", "\u0301\u0301"
    yield "one over maxLength", "x" * (schema["maxLength"] + 1)


def _encoded(value: str) -> str:
    """Percent-encoded UTF-8; a lone surrogate becomes the bytes no UTF-8 decoder takes."""
    return quote(value.encode("utf-8", "surrogatepass"))


@pytest.fixture
def client(attorney):
    client = Client()
    client.force_login(attorney)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f"{f[0]}.{f[4]}")
def test_every_str_input_refuses_what_no_person_means_naming_it(field, client):
    operation_id, method, path, where, name, schema, operation = field
    for label, value in _bad_values(schema):
        if where == "body":
            url = url_for(path, operation)
            query, body = query_for(operation), body_for(operation, override=(name, value))
        elif where == "query":
            url = url_for(path, operation)
            query, body = (
                query_for(operation, override=(name, _encoded(value))),
                body_for(operation),
            )
        else:
            url = url_for(path, operation, override=(name, _encoded(value)))
            query, body = query_for(operation), body_for(operation)
        response = client.generic(
            method.upper(),
            f"{url}?{query}" if query else url,
            body,
            content_type="application/json",
        )
        answer = response.json()
        where_label = f"{operation_id}.{name} ({label})"
        assert response.status_code < 500, where_label
        assert set(answer) >= {"detail", "code"}, where_label
        if where in ("path", "query") and label in BAD_CHARACTERS:
            code = "invalid_path" if where == "path" else "invalid_query"
            assert response.status_code == 400 and answer["code"] == code, where_label
            assert where == "path" or answer["field"] == name, where_label
        else:
            assert response.status_code == 422, (where_label, answer)
            assert answer["field"] == name, where_label
        assert_reads_well(answer["detail"], name.replace("_", " "), where_label)
