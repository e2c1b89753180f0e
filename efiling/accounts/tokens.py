"""Personal API tokens: created with a name and a scope, shown once, stored as a SHA-256 only,
revocable. A firm's software sends one as `Authorization: Bearer efl_...` to act for the user.

The raw token is 256 random bits, so an unsalted SHA-256 is enough to store it: the database
lookup by hash compares no secret byte by byte, and a stolen database yields no usable token.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import F

from efiling.accounts.models import ApiToken, User
from efiling.accounts.permissions import Action, require
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import Conflict, NotFound, ValidationFailed

TOKEN_PREFIX = "efl_"  # noqa: S105 (a public marker, not a secret)
PREFIX_LENGTH = 12  # "efl_" and 8 random characters: enough to recognise a token, not to use it
NAME_MAX_LENGTH = 80
MAX_ACTIVE_TOKENS = 20
LAST_USED_EVERY = timedelta(minutes=1)  # write last_used_at at most once a minute
_RAW_MAX_LENGTH = 200  # longer input is not one of ours; do not even hash it


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_tokens_of(*, user):
    """The user's tokens: active ones first, newest first."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def api_token_create(*, user, name: str, scope: str, request=None) -> tuple[ApiToken, str]:
    """Create a token; return it and the raw secret, which exists nowhere else afterwards."""
    require(user, Action.MANAGE_OWN_API_TOKENS)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(
            "Enter a name for the token, for example the name of your firm's software.",
            field="name",
        )
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationFailed(
            f"The name can be at most {NAME_MAX_LENGTH} characters long (it has {len(name)}).",
            field="name",
        )
    if scope not in ApiToken.Scope.values:
        raise ValidationFailed(
            "Choose what the token may do: 'read' (read only) or 'file' (read and file).",
            field="scope",
        )
    with transaction.atomic():
        # Lock the owner so that two simultaneous requests cannot pass the checks together.
        User.objects.select_for_update(no_key=True).filter(pk=user.pk).first()
        active = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise Conflict(
                f"You already have {MAX_ACTIVE_TOKENS} active API tokens, the most allowed: "
                "revoke one you no longer use first.",
                code="too_many_tokens",
            )
        if active.filter(name__iexact=name).exists():
            raise Conflict(
                f"You already have an active API token named \u201c{name}\u201d: "
                "choose another name or revoke that token first.",
                code="duplicate_name",
                field="name",
            )
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user,
            name=name,
            scope=scope,
            prefix=raw[:PREFIX_LENGTH],
            key_hash=_hash(raw),
            created_at=clock.now(),
        )
        audit_record(
            action="api_token.created",
            target=token,
            actor=user,
            request=request,
            details={"name": token.name, "scope": token.scope, "prefix": token.prefix},
        )
    return token, raw


def api_token_revoke(*, user, token_id: int, request=None) -> ApiToken:
    """Revoke one of the user's own tokens. Another user's token is "not found", never "not
    yours", so that token numbers reveal nothing."""
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update(no_key=True)
            .filter(pk=token_id, user_id=getattr(user, "pk", None))
            .first()
        )
        if token is None:
            raise NotFound("You have no API token with that number.")
        if token.revoked_at is not None:
            raise Conflict(
                f"The API token \u201c{token.name}\u201d was already revoked: nothing has changed.",
                code="already_revoked",
            )
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            action="api_token.revoked",
            target=token,
            actor=user,
            request=request,
            details={"name": token.name, "scope": token.scope, "prefix": token.prefix},
        )
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token whose secret is `raw` (with its user), or None. Revoked tokens and
    tokens of disabled accounts do not authenticate."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > _RAW_MAX_LENGTH:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
