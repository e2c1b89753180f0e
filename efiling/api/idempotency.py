"""Idempotency keys for the API's creating operations (the IETF httpapi idempotency-key draft,
and Stripe's semantics).

A client sends `Idempotency-Key: <1 to 255 printable ASCII characters>` (kept exactly as sent)
to make a retry safe. The first request's answer is recorded with a fingerprint (SHA-256 of
the method, the path, the canonical query and the canonical JSON body):
- the same key with the same fingerprint replays the first answer, and changes nothing again;
- the same key with another fingerprint is refused: 422 `idempotency_key_reused`;
- the same key while the first request is still running: 409 `idempotency_key_in_flight`
  (PostgreSQL: a transaction-scoped advisory lock on the user and key, tried without waiting;
  SQLite serialises writers, so the second request waits and then replays).
The record is written in the transaction of the operation's changes, so a refused or failed
request leaves none (and may be retried with the same key). Operations that need a key
(ReviewFiling) refuse a request without one: 400 `idempotency_key_missing`.
"""

from __future__ import annotations

import functools
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from efiling.api.models import IdempotencyRecord
from efiling.core import clock
from efiling.core.errors import Conflict, DomainError, ValidationFailed

HEADER = "Idempotency-Key"
KEY_MAX = IdempotencyRecord._meta.get_field("key").max_length


def header_parameter(*, required: bool) -> dict:
    """The OpenAPI declaration of the header, for an operation's openapi_extra."""
    return {
        "parameters": [
            {
                "in": "header",
                "name": HEADER,
                "required": required,
                "description": (
                    "Makes a retry safe: the same key and request replay the first answer; the "
                    "same key with another request is refused (422), and while the first is "
                    "still running (409). 1 to 255 printable ASCII characters, kept as sent."
                ),
                "schema": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": KEY_MAX,
                    "pattern": "^[\\x20-\\x7e]+$",
                },
            }
        ]
    }


def idempotency_key_of(request, *, required: bool) -> str | None:
    """The request's key, exactly as sent; None when absent and not required."""
    key = request.headers.get(HEADER)
    if key is None or key == "":
        if required:
            raise DomainError(
                f"Send an {HEADER} header with each submission; reuse it only to retry.",
                code="idempotency_key_missing",
                field=HEADER,
            )
        return None
    if len(key) > KEY_MAX or not all(0x20 <= ord(ch) <= 0x7E for ch in key):
        raise ValidationFailed(
            f"The {HEADER} must be 1 to {KEY_MAX} printable ASCII characters.", field=HEADER
        )
    return key


def _canonical_body(request) -> bytes:
    if not request.body:
        return b""
    if request.content_type == "application/json":
        try:
            return json.dumps(
                json.loads(request.body), sort_keys=True, separators=(",", ":")
            ).encode()
        except ValueError:
            pass  # hashed as sent; the operation refuses it anyway
    return request.body


def request_fingerprint(request) -> str:
    """SHA-256 over the method, path, canonical query (sorted) and canonical body."""
    digest = hashlib.sha256()
    query = sorted((name, values) for name, values in request.GET.lists())
    for part in (request.method, request.path, json.dumps(query)):
        digest.update(part.encode() + b"\x00")
    digest.update(_canonical_body(request))
    return digest.hexdigest()


def advisory_lock_id(user_id: int, key: str) -> int:
    """The 64-bit PostgreSQL advisory lock that stands for (user, key)."""
    digest = hashlib.sha256(f"idempotency:{user_id}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _lock(user_id: int, key: str) -> None:
    """PostgreSQL: claim (user, key) for this transaction, or 409 when another request holds
    it. SQLite needs nothing: its writers are serialised (BEGIN IMMEDIATE)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [advisory_lock_id(user_id, key)])
        if not cursor.fetchone()[0]:
            raise Conflict(
                "A request with this Idempotency-Key is still being processed; wait for its "
                "answer, then retry with the same key to see it.",
                code="idempotency_key_in_flight",
            )


def idempotent(request, *, user, operation: str, key: str | None, run):
    """Run `run()` (which returns (status, body)) once per key: see the module's docstring.
    Without a key it simply runs."""
    if key is None:
        return run()
    fingerprint = request_fingerprint(request)
    with transaction.atomic():
        _lock(user.pk, key)
        record = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if record is not None:
            if record.fingerprint != fingerprint:
                raise ValidationFailed(
                    "This Idempotency-Key was already used for a different request: use a new "
                    "key for a new request, and the same key only to retry the same one.",
                    code="idempotency_key_reused",
                    field=HEADER,
                )
            return record.status_code, record.response_body
        status, body = run()
        stored = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
        IdempotencyRecord.objects.create(
            user=user,
            key=key,
            operation=operation,
            fingerprint=fingerprint,
            status_code=status,
            response_body=stored,
            created_at=clock.now(),
        )
        return status, stored


def idempotent_operation(operation: str):
    """Decorates an API handler (under its @router decorator) so that a request with an
    Idempotency-Key runs through `idempotent`; without one the handler simply runs (a handler
    that requires a key asks `idempotency_key_of(request, required=True)` after its permission
    check, so a caller who may not call it hears 403, not 400). The record belongs to the
    authenticated user; the handler still asks the permission matrix."""

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(request, *args, **kwargs):
            key = idempotency_key_of(request, required=False)

            def run():
                answer = handler(request, *args, **kwargs)
                return answer if isinstance(answer, tuple) else (200, answer)

            return idempotent(request, user=request.auth, operation=operation, key=key, run=run)

        return wrapper

    return decorate
