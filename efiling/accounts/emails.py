"""E-mail that carries a one-time link: confirming an address, resetting a password."""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from efiling.core.errors import MailNotSent, ValidationFailed
from efiling.core.words import counted

LINK_EXPIRED = "This link has expired or was already used. Ask for a new one."
logger = logging.getLogger(__name__)


def send_templated(*, to: str, subject: str, template: str, context: dict, saved: str) -> None:
    """Send one plain-text message now. `saved` tells the user what was kept and how to get
    the e-mail later (e.g. "Your account is created: ask for a new link ..."). Raises
    MailNotSent (503) when the mail server refuses or does not answer; what the caller
    committed before stays."""
    body = render_to_string(template, context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("mail to %s not sent: %s", to.rpartition("@")[2], exc)
        raise MailNotSent(f"The e-mail could not be sent just now. {saved}") from exc


def make_link_token(*, purpose: str, payload: dict) -> str:
    return signing.dumps(payload, salt=f"efiling.{purpose}", compress=True)


def read_link_token(*, purpose: str, token: str) -> dict:
    try:
        return signing.loads(
            token, salt=f"efiling.{purpose}", max_age=settings.EFILING_EMAIL_LINK_SECONDS
        )
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise ValidationFailed(LINK_EXPIRED) from exc


def password_link(*, user, request=None) -> str:
    """The one-time link that lets `user` choose a password: the same link, and the same token
    (Django's password-reset token), as "Forgot your password?" sends. It works until the
    password changes, and for PASSWORD_RESET_TIMEOUT seconds (`password_link_lifetime`).
    Absolute when there is a `request`, else a path."""
    path = reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path) if request is not None else path


def password_link_lifetime() -> str:
    """How long a password link works, in words: "1 hour", "3 hours", "90 minutes"."""
    seconds = settings.PASSWORD_RESET_TIMEOUT
    if seconds % 3600 == 0:
        return counted(seconds // 3600, "hour")
    return counted(max(1, seconds // 60), "minute")
