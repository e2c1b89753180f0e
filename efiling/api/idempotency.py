"""Idempotency keys for every operation of the API that changes something (the IETF httpapi
idempotency-key draft, and Stripe's semantics).

A client sends `Idempotency-Key: <1 to 255 printable ASCII characters>` (kept exactly as sent)
to make a retry safe: an answer lost on the way (a dropped connection, a 502 from a proxy, a
503 while the database was away) is then fetched again by retrying the same request with the
same key, and the change is made once. The first request's answer is recorded with a
fingerprint (SHA-256 of the method, the path, the canonical query and the canonical JSON body;
for an upload, the SHA-256 of the file instead of the file):
- the same key with the same fingerprint replays the first answer, and changes nothing again;
- the same key with another fingerprint is refused: 422 `idempotency_key_reused`;
- the same key while the first request is still running: 409 `idempotency_key_in_flight`.
A request that was refused or failed leaves no record (the key may be retried). Keys belong to
the user: another user's key is another key. The key is optional on every operation except
ReviewFiling and ServeFiling, which refuse a request without one: 400 `idempotency_key_missing`. The
permission check comes first: a caller who may not call the operation hears 403 and nothing
is replayed to them. An answer that shows a secret once (a new API token, a webhook's signing
secret) is kept encrypted under EFILING_FIELD_KEY and replayed with `Cache-Control: no-store`.

Two ways to record, by what the operation does:
- An operation that works only in the database runs whole in one transaction with its record
  (`idempotent_operation`): PostgreSQL takes a transaction-scoped advisory lock on the user
  and key, tried without waiting (409 when another request holds it); SQLite serialises
  writers, so a second request waits and then replays.
- An operation that does slow work outside any transaction (UploadDocument checks the PDF;
  SetWebhook resolves the receiver's address) must not hold a transaction across it: it claims
  the key first in a short committed transaction (`claimed_operation`: a record with no answer
  yet and a claim token; another request with the key then hears 409 on both databases), does
  its work, and completes the record inside the very transaction that makes its change
  (`complete`, called by the service through its `in_transaction` hook), so the change and its
  answer commit together or not at all. A failure drops the claim. A claim whose request died
  with its process stays for CLAIM_SECONDS; after that a retry takes it over, and the slow
  first request, if it was still alive, finds its claim gone when it tries to complete it and
  changes nothing (409).

Records are kept EFILING_IDEMPOTENCY_KEY_DAYS (7) from their claim or first answer: a retry
within that time is safe; `efiling expire_idempotency_keys` (hourly housekeeping) deletes the
older ones, after which the key counts as new. Seven days, where Stripe keeps 24 hours, because
a court's outages have lasted days and a filer retries when it ends.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, transaction

from efiling.accounts.permissions import Action
from efiling.api.auth import api_user_require
from efiling.api.models import IdempotencyRecord
from efiling.core import clock, secrets_at_rest
from efiling.core.errors import Conflict, DomainError, ValidationFailed

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
KEY_MAX = IdempotencyRecord._meta.get_field("key").max_length
# An in-flight claim older than this was left by a request that died (its process was killed,
# or the database went away before the claim could be dropped): a retry may take it over. Far
# longer than any upload's checks take (EFILING_IDEMPOTENCY_CLAIM_SECONDS, 300 by default).
CLAIM_SECONDS = settings.EFILING_IDEMPOTENCY_CLAIM_SECONDS

IN_FLIGHT = (
    "A request with this Idempotency-Key is still being processed; wait for its answer, then "
    "retry with the same key to see it."
)


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


def request_fingerprint(request, *, body_sha256: str | None = None) -> str:
    """SHA-256 over the method, path, canonical query (sorted) and canonical body; an upload
    passes the SHA-256 of its body (computed while it streamed to disk) instead, so that the
    body is never held in memory."""
    digest = hashlib.sha256()
    query = sorted((name, values) for name, values in request.GET.lists())
    for part in (request.method, request.path, json.dumps(query)):
        digest.update(part.encode() + b"\x00")
    if body_sha256 is not None:
        digest.update(b"sha256:" + body_sha256.encode())
    else:
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
            raise Conflict(IN_FLIGHT, code="idempotency_key_in_flight")


@dataclass(frozen=True)
class Replay:
    """The recorded answer of the first request with the key."""

    status: int
    body: Any


@dataclass(frozen=True)
class Claim:
    """A key claimed by this request, to be completed in the transaction of its change."""

    record_id: int
    token: str
    sealed: bool


def _stored(body: Any, *, sealed: bool) -> Any:
    """The answer as JSON keeps it (plain types), and as the record stores it."""
    plain = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
    return plain, (secrets_at_rest.encrypt(json.dumps(plain)) if sealed else plain)


def _replay_or_refusal(record: IdempotencyRecord, fingerprint: str) -> Replay | None:
    """What a request whose key already has a record gets: the first answer, 422 for another
    request, 409 while the first is running; None for an abandoned claim (taken over)."""
    if record.fingerprint != fingerprint:
        raise ValidationFailed(
            "This Idempotency-Key was already used for a different request: use a new key for "
            "a new request, and the same key only to retry the same one.",
            code="idempotency_key_reused",
            field=HEADER,
        )
    if record.status_code is not None:
        body = record.response_body
        if record.sealed:
            body = json.loads(secrets_at_rest.decrypt(body))
        return Replay(record.status_code, body)
    if record.created_at > clock.now() - timedelta(seconds=CLAIM_SECONDS):
        raise Conflict(IN_FLIGHT, code="idempotency_key_in_flight")
    return None


def idempotent(request, *, user, operation: str, key: str | None, run, sealed: bool = False):
    """Run `run()` (which returns (status, body)) once per key, in one transaction with its
    record (see the module's text). Without a key it simply runs."""
    if key is None:
        return run()
    fingerprint = request_fingerprint(request)
    with transaction.atomic():
        _lock(user.pk, key)
        record = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if record is not None:
            replay = _replay_or_refusal(record, fingerprint)
            if replay is not None:
                request.efiling_replayed = True  # the first answer was lost: filings.attempts
                return replay.status, replay.body
            record.delete()  # an abandoned claim of this very request: run in its place
        status, body = run()
        plain, stored = _stored(body, sealed=sealed)
        IdempotencyRecord.objects.create(
            user=user,
            key=key,
            operation=operation,
            fingerprint=fingerprint,
            status_code=status,
            response_body=stored,
            sealed=sealed,
            created_at=clock.now(),
        )
        return status, plain


def idempotency_record_exists(*, user, key: str | None) -> bool:
    """Whether the key has a record (answered or in flight): an upload retried after its
    first attempt took the room it needs must still reach its replay."""
    return key is not None and IdempotencyRecord.objects.filter(user=user, key=key).exists()


def idempotency_claim(
    *, user, operation: str, key: str, fingerprint: str, sealed: bool = False
) -> Replay | Claim:
    """In a short transaction of its own: the first answer to replay (or 422, or 409 while
    another request holds the key), or the key claimed for this request."""
    token = secrets.token_hex(16)
    try:
        with transaction.atomic():
            _lock(user.pk, key)
            record = IdempotencyRecord.objects.filter(user=user, key=key).first()
            if record is None:
                record = IdempotencyRecord.objects.create(
                    user=user,
                    key=key,
                    operation=operation,
                    fingerprint=fingerprint,
                    sealed=sealed,
                    claim=token,
                    created_at=clock.now(),
                )
                return Claim(record.pk, token, sealed)
            replay = _replay_or_refusal(record, fingerprint)
            if replay is not None:
                return replay
            taken = IdempotencyRecord.objects.filter(
                pk=record.pk, status_code__isnull=True, claim=record.claim
            ).update(claim=token, created_at=clock.now())
            if not taken:  # completed or taken over between the read and the update
                raise Conflict(IN_FLIGHT, code="idempotency_key_in_flight")
            logger.warning(
                "%s: took over the Idempotency-Key claim of user %s abandoned since %s.",
                operation,
                user.pk,
                record.created_at.isoformat(),
            )
            return Claim(record.pk, token, sealed)
    except IntegrityError as exc:  # another request created the record first
        raise Conflict(IN_FLIGHT, code="idempotency_key_in_flight") from exc


def idempotency_complete(claim: Claim, status: int, body: Any) -> Any:
    """Inside the transaction that makes the operation's change: record its answer and return
    it as JSON keeps it. Conflict (which rolls the change back) when the claim was taken over
    meanwhile, by a retry that found it abandoned."""
    plain, stored = _stored(body, sealed=claim.sealed)
    done = IdempotencyRecord.objects.filter(
        pk=claim.record_id, claim=claim.token, status_code__isnull=True
    ).update(status_code=status, response_body=stored, claim="")
    if not done:
        raise Conflict(
            "This request took so long that a retry with the same Idempotency-Key took its "
            "place; it changed nothing. Retry with the same key to see that request's answer.",
            code="idempotency_key_in_flight",
        )
    return plain


def idempotency_release(claim: Claim) -> None:
    """After the operation failed or was refused: drop the claim, so that the key may be
    retried at once. When the database cannot be reached the claim stays and lapses after
    CLAIM_SECONDS. A completed record (its change committed, its answer perhaps lost) stays."""
    try:
        IdempotencyRecord.objects.filter(
            pk=claim.record_id, claim=claim.token, status_code__isnull=True
        ).delete()
    except DatabaseError as exc:
        logger.warning(
            "An Idempotency-Key claim could not be dropped (%s); it lapses after %s s.",
            type(exc).__name__,
            CLAIM_SECONDS,
        )


Complete = Callable[[int, Any], Any]


def claimed_operation(
    *,
    user,
    operation: str,
    key: str | None,
    fingerprint: Callable[[], str],
    run: Callable[[Complete], tuple[int, Any]],
    sealed: bool = False,
) -> tuple[int, Any]:
    """An operation that works outside transactions (see the module's text): `run(complete)`
    does it and returns (status, body); it must call `complete(status, body)` inside the
    transaction that makes its change, and answer with what that returns. Without a key,
    `complete` only returns the body."""
    if key is None:
        return run(lambda status, body: _stored(body, sealed=False)[0])
    claimed = idempotency_claim(
        user=user, operation=operation, key=key, fingerprint=fingerprint(), sealed=sealed
    )
    if isinstance(claimed, Replay):
        return claimed.status, claimed.body
    try:
        return run(lambda status, body: idempotency_complete(claimed, status, body))
    except BaseException:
        idempotency_release(claimed)
        raise


def no_store(response) -> None:
    """An answer that shows a secret is never cached (first answer and replays alike)."""
    response["Cache-Control"] = "no-store"


def idempotent_operation(
    operation: str,
    *,
    action: Action,
    required: bool = False,
    sealed: bool = False,
):
    """Decorates an API handler (under its @router decorator) that works only in the database:
    after the permission check (`api_user_require(request, action)`, so that a
    caller who may not call it hears 403 first, and nothing is replayed to them), the key is
    read (`required`: 400 without one) and the handler runs through `idempotent`. A `sealed`
    answer shows a secret: stored encrypted, and the handler's temporal `response` (declare
    it) is marked no-store on replays too."""

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(request, *args, **kwargs):
            user = api_user_require(request, action)
            key = idempotency_key_of(request, required=required)

            def run():
                answer = handler(request, *args, **kwargs)
                return answer if isinstance(answer, tuple) else (200, answer)

            answer = idempotent(
                request, user=user, operation=operation, key=key, run=run, sealed=sealed
            )
            if sealed:
                no_store(kwargs["response"])
            return answer

        return wrapper

    return decorate


def expired_records_delete() -> int:
    """Delete the records claimed or first answered more than EFILING_IDEMPOTENCY_KEY_DAYS
    ago (see the module); returns how many went. A key of a deleted record is a new key."""
    cutoff = clock.now() - timedelta(days=settings.EFILING_IDEMPOTENCY_KEY_DAYS)
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
