"""A read-only API token changes nothing (trial of issue 12: it could track cases and mark
notices read): every operation of the OpenAPI document that tokens may call, with a method
that may change something, is refused to a read-only token with 403 "read_only_token" before
anything else of the operation runs (its body, its parameters, whether the object exists), so
an operation added later is covered at once. The one exception is RevokeApiToken, by which a
read-only token may revoke itself; operations that no token may call (CreateApiToken) or that
need no sign-in (VerifyAuditCheckpoint, which only checks) are not open to tokens."""

import re
import uuid

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.api.auth import READ_ONLY_REFUSAL
from efiling.api.urls import api

UNSAFE = {"post", "put", "patch", "delete"}
CHECKS_ITSELF = {"RevokeApiToken"}  # a read-only token may revoke only itself


def _unsafe_operations() -> list[tuple[str, str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            takes_tokens = {"TokenAuth": []} in operation.get("security", [])
            if method in UNSAFE and takes_tokens and operation["operationId"] not in CHECKS_ITSELF:
                found.append((operation["operationId"], method, path))
    return found


def _url(path: str) -> str:
    """The path with every {parameter} filled: a UUID where one is expected, else 1."""
    return re.sub(
        r"\{(\w+)\}",
        lambda m: (
            str(uuid.uuid4()) if m.group(1).endswith("_id") and "envelope" in m.group(1) else "1"
        ),
        path,
    )


def test_the_walk_finds_the_operations_that_change_things():
    names = {name for name, _, _ in _unsafe_operations()}
    assert {"CreateEnvelope", "ReviewFiling", "ServeFiling", "MarkNoticesRead", "TrackCase"} <= (
        names
    )


@pytest.mark.parametrize(("name", "method", "path"), _unsafe_operations())
def test_a_read_only_token_is_refused_every_change(attorney, name, method, path):
    raw = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = getattr(client, method)(
        _url(path), {"x": 1}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 403, (name, response.content)
    assert response.json() == {"detail": READ_ONLY_REFUSAL, "code": "read_only_token"}
