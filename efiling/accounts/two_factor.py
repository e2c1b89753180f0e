"""Second factor: TOTP from an authenticator app (RFC 6238, 30-second steps, one step of drift
either way, no code accepted twice) and one-time recovery codes, stored hashed. The TOTP secret
must be read back to check codes, so it is stored encrypted (efiling.core.secrets_at_rest)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets

import pyotp
import segno
from django.db import transaction

from efiling.accounts.models import RecoveryCode, User
from efiling.audit.services import audit_record
from efiling.core import clock, secrets_at_rest
from efiling.core.errors import ValidationFailed

logger = logging.getLogger(__name__)

ISSUER = "Missouri courts e-filing"
RECOVERY_CODE_COUNT = 10
STEP_SECONDS = 30


def new_secret() -> str:
    return pyotp.random_base32()


def pending_secret(session, key: str) -> str:
    """The secret being set up, kept encrypted in the session (sessions live in the database)
    until a first code confirms it; made at the first call."""
    token = session.get(key)
    if token:
        # A session from before a key change cannot be read: the set-up starts again.
        with contextlib.suppress(secrets_at_rest.DecryptionFailed):
            return secrets_at_rest.decrypt(token)
    secret = new_secret()
    session[key] = secrets_at_rest.encrypt(secret)
    return secret


def provisioning_uri(*, user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def _normalized(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(_normalized(code).encode()).hexdigest()


def _totp_step(secret: str, code: str, after_step: int) -> int | None:
    """The time step a 6-digit code belongs to (now, or one step either side), if any, and only
    if it is later than the last step accepted (so a code cannot be replayed)."""
    digits = _normalized(code)
    if len(digits) != 6 or not (digits.isascii() and digits.isdigit()):  # "١٢٣٤٥٦" too
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(clock.now().timestamp()) // STEP_SECONDS
    for step in (now_step - 1, now_step, now_step + 1):
        if step > after_step and secrets.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def _stored_secret(user: User) -> str | None:
    """The user's TOTP secret, or None when there is none or it cannot be decrypted. The latter
    is a key problem for operators, logged; to the user the code is simply not accepted, and a
    recovery code still works."""
    if not user.totp_secret:
        return None
    try:
        return secrets_at_rest.decrypt(user.totp_secret)
    except secrets_at_rest.DecryptionFailed:
        logger.error(
            "The TOTP secret of user %s cannot be decrypted: EFILING_FIELD_KEY lacks the key it "
            "was encrypted with (see docs/operations.md). Their authenticator codes are refused.",
            user.pk,
        )
        return None


def recovery_codes_generate(*, user: User, request=None) -> list[str]:
    """New recovery codes replace the old ones; the plain codes are shown once."""
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        user.recovery_codes.all().delete()
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(user=user, code_hash=_hash(c)) for c in codes]
        )
        audit_record(
            action="user.recovery_codes_generated", target=user, actor=user, request=request
        )
    return codes


def totp_enroll(*, user: User, secret: str, code: str, request=None) -> list[str]:
    """Confirm the app set up with `secret` by one of its codes; returns new recovery codes."""
    step = _totp_step(secret, code, after_step=0)
    if step is None:
        raise ValidationFailed(
            "That code does not match. Check the time on your phone and enter the "
            "6-digit code shown now.",
            field="code",
        )
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            totp_secret=secrets_at_rest.encrypt(secret),
            totp_confirmed_at=clock.now(),
            totp_last_step=step,
        )
        user.refresh_from_db()
        audit_record(action="user.two_factor_enabled", target=user, actor=user, request=request)
        return recovery_codes_generate(user=user, request=request)


def second_factor_verify(*, user: User, code: str, request=None) -> bool:
    """Accept a current authenticator code or an unused recovery code, each only once."""
    with transaction.atomic():
        locked = User.objects.select_for_update(no_key=True).get(pk=user.pk)
        secret = _stored_secret(locked)
        step = (
            _totp_step(secret, code, after_step=locked.totp_last_step)
            if secret is not None
            else None
        )
        if step is not None:
            User.objects.filter(pk=user.pk).update(totp_last_step=step)
            return True
        recovery = locked.recovery_codes.filter(code_hash=_hash(code), used_at__isnull=True).first()
        if recovery is not None:
            recovery.used_at = clock.now()
            recovery.save(update_fields=["used_at"])
            audit_record(
                action="user.recovery_code_used", target=locked, actor=locked, request=request
            )
            return True
    return False


def second_factor_clear(*, user: User, actor: User, request=None) -> None:
    """For a user who lost both phone and recovery codes: they set the factor up again at the
    next sign-in (required roles) or may (others). Their sessions end."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            totp_secret="",
            totp_confirmed_at=None,
            totp_last_step=0,
            session_epoch=user.session_epoch + 1,
        )
        user.recovery_codes.all().delete()
        audit_record(action="user.two_factor_cleared", target=user, actor=actor, request=request)


def recovery_codes_left(user: User) -> int:
    return user.recovery_codes.filter(used_at__isnull=True).count()


def totp_secrets_reencrypt() -> tuple[int, list[int]]:
    """Re-encrypt every stored TOTP secret under the first EFILING_FIELD_KEY key (after a key
    rotation). Returns how many were re-encrypted and the users whose secret no key opens."""
    done, unreadable = 0, []
    for pk, token in User.objects.exclude(totp_secret="").values_list("pk", "totp_secret"):
        try:
            User.objects.filter(pk=pk, totp_secret=token).update(
                totp_secret=secrets_at_rest.reencrypt(token)
            )
            done += 1
        except secrets_at_rest.DecryptionFailed:
            unreadable.append(pk)
    return done, unreadable
