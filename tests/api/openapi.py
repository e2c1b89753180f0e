"""The OpenAPI document as served, and what the tests that walk it need: a valid stand-in for
any field, and an operation's URL, query and body with one value put in for the one under
test."""

import json
import uuid
from urllib.parse import quote

from efiling.api.urls import api

SCHEMA = json.loads(json.dumps(api.get_openapi_schema()))  # as served: string keys
COMPONENTS = SCHEMA["components"]["schemas"]


def resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def string_schema(schema: dict) -> dict | None:
    """The string schema of a field (also inside anyOf [string, null]), unless an enum."""
    schema = resolve(schema)
    for option in schema.get("anyOf", [schema]):
        option = resolve(option)
        if option.get("type") == "string" and "enum" not in option and "format" not in option:
            return option
    return None


def sample(schema: dict):
    """A valid stand-in value for a field that is not under test."""
    schema = resolve(schema)
    if "anyOf" in schema:
        return sample(next(o for o in schema["anyOf"] if o.get("type") != "null"))
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if schema.get("type") == "array":
        return [sample(schema.get("items", {}))]
    if schema.get("type") == "object":  # a nested object (an address): each of its fields
        return {name: sample(prop) for name, prop in schema.get("properties", {}).items()}
    return {"string": "x", "integer": 1, "boolean": False, "number": 1}.get(schema.get("type"), "x")


def as_text(value) -> str:
    """A sample value as a query or path parameter writes it (true, not True)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def url_for(path: str, operation: dict, *, override: tuple[str, str] | None = None) -> str:
    """The operation's URL with a stand-in for each path parameter, `override` (name, value
    already percent-encoded) for the one under test."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "path":
            continue
        name = parameter["name"]
        if override and override[0] == name:
            value = override[1]
        elif parameter["schema"].get("format") == "uuid":
            value = str(uuid.uuid4())
        else:
            value = quote(as_text(sample(parameter["schema"])))
        path = path.replace("{" + name + "}", value)
    return path


def query_for(operation: dict, *, override: tuple[str, str] | None = None) -> str:
    """The operation's query string: a stand-in for each required parameter, `override`
    (name, value already percent-encoded) for the one under test."""
    pairs = []
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "query":
            continue
        name = parameter["name"]
        if override and override[0] == name:
            pairs.append(f"{name}={override[1]}")
        elif parameter.get("required"):
            value = sample(parameter["schema"])
            if parameter["schema"].get("format") == "date":
                value = "2026-03-02"
            pairs.append(f"{name}={quote(as_text(value))}")
    return "&".join(pairs)


def body_for(operation: dict, *, override: tuple[str, object] | None = None) -> str:
    """The operation's JSON body (empty when it takes none): a stand-in for every field,
    `override` (name, value) for the one under test."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return ""
    schema = resolve(content["schema"])
    body = {name: sample(prop) for name, prop in schema.get("properties", {}).items()}
    if override:
        body[override[0]] = override[1]
    return json.dumps(body)  # ASCII: a lone surrogate travels as the JSON escape \ud800


def every_item(client, url: str) -> list:
    """Every item of a list operation, page after page (the next URL of each)."""
    items = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        items += response.json()["items"]
        url = response.json()["next"]
    return items
