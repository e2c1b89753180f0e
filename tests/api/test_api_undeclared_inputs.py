"""What an operation does not declare is refused, walking every operation of the OpenAPI
document: a body sent to one that takes none (422 unexpected_body), a query parameter it does
not take (422 unknown_parameter, naming it), a parameter given twice (422
repeated_parameter), a method it does not take (405 in the API's shape, Allow kept), and HEAD
is answered as GET is."""

import json

import pytest
from django.test import Client

from tests.api.openapi import SCHEMA, as_text, body_for, query_for, sample, url_for

OPERATIONS = [
    (method.upper(), path, operation)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
]
WITHOUT_BODY = [op for op in OPERATIONS if "requestBody" not in op[2]]
ALL_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def _ids(operations):
    return [op[2]["operationId"] for op in operations]


@pytest.fixture
def client(attorney):
    client = Client()
    client.force_login(attorney)
    return client


def _url(path, operation, extra=""):
    query = query_for(operation)
    joined = "&".join(part for part in (query.lstrip("?"), extra) if part)
    return url_for(path, operation) + (f"?{joined}" if joined else "")


def _refused(response, status, code, where):
    assert response.status_code == status, (where, response.status_code, response.content)
    assert response["Content-Type"].startswith("application/json"), where
    answer = response.json()
    assert answer["code"] == code, (where, answer)
    return answer


def test_the_walk_finds_operations_with_and_without_a_body():
    assert {"TrackCase", "UntrackCase", "CancelFiling", "GetNotices"} <= set(_ids(WITHOUT_BODY))
    assert "MarkNoticesRead" not in _ids(WITHOUT_BODY)
    assert "UploadDocument" not in _ids(WITHOUT_BODY)  # its body is the PDF


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "operation"), WITHOUT_BODY, ids=_ids(WITHOUT_BODY))
def test_an_operation_without_a_body_refuses_one(method, path, operation, client):
    url = _url(path, operation)
    for body in ('{"x": 1}', "[]", "null", "x" * 100):
        response = client.generic(method, url, body, content_type="application/json")
        answer = _refused(response, 422, "unexpected_body", (method, url, body))
        assert answer["field"] == "body"
        assert "takes no request body" in answer["detail"]
    for body in ("", "{}", " { } "):  # nothing, or an empty object, is no body
        response = client.generic(method, url, body, content_type="application/json")
        assert response.status_code != 422 or response.json()["code"] != "unexpected_body"


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=_ids(OPERATIONS))
def test_an_unknown_query_parameter_is_refused_naming_it(method, path, operation, client):
    url = _url(path, operation, "foo=bar")
    body = body_for(operation) or "{}"  # a valid body: the query is what is under test
    response = client.generic(method, url, body, content_type="application/json")
    answer = _refused(response, 422, "unknown_parameter", (method, url))
    assert answer["field"] == "foo" and "foo" in answer["detail"]


def _value(schema: dict) -> str:
    """A valid value of an input: an optional one's non-null form, a number at its minimum."""
    schema = next((o for o in schema.get("anyOf", []) if o.get("type") != "null"), schema)
    if schema.get("format") == "date":
        return "2026-03-02"
    return as_text(schema.get("minimum", sample(schema)))


QUERIED = [
    (method, path, operation, parameter["name"], _value(parameter["schema"]))
    for method, path, operation in OPERATIONS
    for parameter in operation.get("parameters", [])
    if parameter["in"] == "query" and parameter["schema"].get("type") != "array"
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "operation", "name", "value"),
    QUERIED,
    ids=[f"{op['operationId']}-{name}" for _, _, op, name, _ in QUERIED],
)
def test_a_query_parameter_given_twice_is_refused(method, path, operation, name, value, client):
    given = [p.split("=", 1)[0] for p in query_for(operation).lstrip("?").split("&")]
    # A required one is in the query already: once more makes it twice.
    extra = f"{name}={value}" + ("" if name in given else f"&{name}={value}")
    response = client.generic(
        method, _url(path, operation, extra), "{}", content_type="application/json"
    )
    answer = _refused(response, 422, "repeated_parameter", (method, path, name))
    assert answer["field"] == name


@pytest.mark.django_db
def test_the_qa_examples(client, attorney, court):
    from tests import factories

    case = factories.case(court, counsel=[attorney])
    response = client.post(
        f"/api/v1/cases/{case.pk}/tracking", json.dumps({"x": 1}), content_type="application/json"
    )
    _refused(response, 422, "unexpected_body", "TrackCase")
    _refused(client.get("/api/v1/notices?foo=bar"), 422, "unknown_parameter", "GetNotices")
    assert client.get("/api/v1/notices?utm_source=x").status_code == 422
    assert client.post(f"/api/v1/cases/{case.pk}/tracking").status_code == 201


PATHS = [(path, {m.upper() for m in operations}) for path, operations in SCHEMA["paths"].items()]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "methods"), PATHS, ids=[p for p, _ in PATHS])
def test_a_method_an_address_does_not_take_is_refused_in_the_apis_shape(path, methods, client):
    operation = next(iter(SCHEMA["paths"][path].values()))
    url = url_for(path, operation)
    for method in sorted(ALL_METHODS - methods):
        response = client.generic(method, url, "{}", content_type="application/json")
        answer = _refused(response, 405, "method_not_allowed", (method, path))
        assert answer["detail"]
        assert set(response["Allow"].replace(" ", "").split(",")) >= methods - {"HEAD"}


GETS = [op for op in OPERATIONS if op[0] == "GET"]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "operation"), GETS, ids=_ids(GETS))
def test_every_get_operation_answers_head_as_get_without_the_body(method, path, operation, client):
    url = _url(path, operation)
    got, head = client.get(url), client.head(url)
    assert head.status_code == got.status_code != 405, (url, got.status_code, head.status_code)
    assert head.content == b"" and head["Content-Type"] == got["Content-Type"], url
    if not got.streaming:
        assert head["Content-Length"] == str(len(got.content)), url


@pytest.mark.django_db
def test_head_of_an_address_without_get_is_refused_as_its_get(client):
    head = client.head("/api/v1/notices/read")
    assert head.status_code == client.get("/api/v1/notices/read").status_code == 405
    assert head.content == b""
