"""E-mail that carries a one-time link: confirming an address, resetting a password."""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string

from efiling.core.errors import ValidationFailed

LINK_EXPIRED = "This link has expired or was already used. Ask for a new one."


def send_templated(*, to: str, subject: str, template: str, context: dict) -> None:
    body = render_to_string(template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def make_link_token(*, purpose: str, payload: dict) -> str:
    return signing.dumps(payload, salt=f"efiling.{purpose}", compress=True)


def read_link_token(*, purpose: str, token: str) -> dict:
    try:
        return signing.loads(
            token, salt=f"efiling.{purpose}", max_age=settings.EFILING_EMAIL_LINK_SECONDS
        )
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise ValidationFailed(LINK_EXPIRED) from exc
