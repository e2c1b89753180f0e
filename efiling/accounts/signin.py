"""Signing in: password, then (when the account has or needs one) the second factor.

Who needs one: court staff always (TWO_FACTOR_REQUIRED_ROLES); filers (FILERS) while
`EFILING_FILER_SECOND_FACTOR_REQUIRED` is on (the default): a new account from its first
sign-in, an account that existed when the requirement came in after its grace period
(`User.second_factor_due_at`). During the grace period sign-in completes with a reminder that
links to the set-up page; after it, sign-in goes to the set-up before anything else, and the
account's API tokens are refused until it is done (efiling.api.auth).

Failures are counted per account and per address (the client's, efiling.core.client_address,
also behind reverse proxies): after a few, each attempt must wait longer; after more, the
account or address is locked for a while. The limits are settings. The counts are rows of
SignInFailure in the database, so every web process of every machine counts the same failures.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Q

from efiling.accounts.models import SignInFailure, User
from efiling.accounts.permissions import FILERS, TWO_FACTOR_REQUIRED_ROLES
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.client_address import client_address
from efiling.core.errors import TooManyAttempts, ValidationFailed

WRONG_PASSWORD = "The e-mail address or password is not right."  # noqa: S105 (a message)
MAX_DELAY_SECONDS = 60


def _keys(email: str, address: str | None) -> list[str]:
    keys = [f"account:{email.strip().lower()}"]
    if address:
        keys.append(f"address:{address}")
    return keys


def _local_time(instant) -> str:
    local = clock.to_local(instant, settings.EFILING_DEFAULT_TIME_ZONE)
    return clock.clock_time(local)


def throttle_check(*, email: str, address: str | None) -> None:
    """Refuse an attempt while the account or address is slowed down or locked
    (TooManyAttempts naming which, and when the lock ends or how long to wait: the longest
    of the two)."""
    now = clock.now()
    window_start = now - timedelta(seconds=settings.EFILING_SIGNIN_WINDOW_SECONDS)
    waits = []
    for key in _keys(email, address):
        failures = list(
            SignInFailure.objects.filter(key=key, at__gte=window_start)
            .order_by("-at")
            .values_list("at", flat=True)
        )
        count = len(failures)
        what = "account" if key.startswith("account:") else "address"
        if count >= settings.EFILING_SIGNIN_LOCK_AFTER:
            until = failures[0] + timedelta(seconds=settings.EFILING_SIGNIN_WINDOW_SECONDS)
            raise TooManyAttempts(
                f"Too many failed sign-ins: this {what} is locked until "
                f"{_local_time(until)} Central time. "
                "You can reset your password meanwhile, or call the help desk."
            )
        if count >= settings.EFILING_SIGNIN_SLOW_AFTER:
            delay = min(2 ** (count - settings.EFILING_SIGNIN_SLOW_AFTER + 1), MAX_DELAY_SECONDS)
            waits.append(((failures[0] + timedelta(seconds=delay) - now).total_seconds(), what))
    wait, what = max(waits, default=(0, ""))
    if wait > 0:
        raise TooManyAttempts(
            f"Too many failed sign-ins from this {what}: wait {math.ceil(wait)} seconds before "
            "trying again."
        )


def failure_record(*, email: str, address: str | None, reason: str) -> None:
    now = clock.now()
    with transaction.atomic():
        account = email.strip().lower()
        SignInFailure.objects.bulk_create(
            [SignInFailure(key=key, at=now, account=account) for key in _keys(email, address)]
        )
        audit_record(
            action="user.sign_in_failed",
            object_type="accounts.user",
            object_id=email.strip().lower()[:80],
            channel="web",
            details={"reason": reason, "address": address},
        )


def failures_clear(*, email: str) -> None:
    """Forget the failed sign-ins of the account `email`: those counted against the account
    and those its attempts counted against their addresses (a help desk's unlock, a password
    reset, a completed sign-in), so that the person is let in from the computer where they
    were locked out. Failures of other accounts from the same address stay."""
    account = email.strip().lower()
    SignInFailure.objects.filter(
        Q(key=f"account:{account}") | Q(key__startswith="address:", account=account)
    ).delete()


def account_locked_until(*, email: str):
    """When the lock of the account `email` ends (an aware UTC datetime: as `throttle_check`
    counts, EFILING_SIGNIN_LOCK_AFTER failures within EFILING_SIGNIN_WINDOW_SECONDS), or None
    when it is not locked now. Its address may still be locked or slowed down."""
    window = timedelta(seconds=settings.EFILING_SIGNIN_WINDOW_SECONDS)
    failures = list(
        SignInFailure.objects.filter(key=_keys(email, None)[0], at__gte=clock.now() - window)
        .order_by("-at")
        .values_list("at", flat=True)[: settings.EFILING_SIGNIN_LOCK_AFTER]
    )
    if len(failures) < settings.EFILING_SIGNIN_LOCK_AFTER:
        return None
    return failures[0] + window


def password_check(*, request, email: str, password: str) -> User:
    """The user whose password this is, or a refusal; counts the failure."""
    address = client_address(request)
    throttle_check(email=email, address=address)
    user = authenticate(request, email=email.strip().lower(), password=password)
    if user is None:
        failure_record(email=email, address=address, reason="password")
        raise ValidationFailed(WRONG_PASSWORD)
    return user


def second_factor_grace_until(user: User):
    """The end (an aware UTC datetime) of the grace period in which `user`, a filer who must
    set up a second factor, may still sign in without one; None when there is no such grace:
    they have one, they need none, or the period is over (or never was: a new account)."""
    if user.has_two_factor or not _filer_must_have_one(user):
        return None
    due = user.second_factor_due_at
    return due if due is not None and due > clock.now() else None


def _filer_must_have_one(user: User) -> bool:
    return user.role in FILERS and settings.EFILING_FILER_SECOND_FACTOR_REQUIRED


def second_factor_needed(user: User) -> bool:
    """Whether sign-in asks for the second factor (or its set-up) before it completes."""
    if user.has_two_factor or user.role in TWO_FACTOR_REQUIRED_ROLES:
        return True
    return _filer_must_have_one(user) and second_factor_grace_until(user) is None


def second_factor_overdue(user: User) -> bool:
    """A user who must have a second factor by now and has none (their API tokens wait)."""
    return not user.has_two_factor and second_factor_needed(user)


def second_factor_grace_start(*, users) -> int:
    """Give filer accounts without a second factor, and with no date yet, the grace period
    (`EFILING_SECOND_FACTOR_GRACE_DAYS` from now); returns how many. `users` is a User
    queryset (the migration that brought the requirement passes its historical model's)."""
    due = clock.now() + timedelta(days=settings.EFILING_SECOND_FACTOR_GRACE_DAYS)
    return users.filter(
        role__in=FILERS, totp_confirmed_at__isnull=True, second_factor_due_at__isnull=True
    ).update(second_factor_due_at=due)


def sign_in_completed(*, request, user: User, method: str) -> None:
    failures_clear(email=user.email)
    audit_record(
        action="user.signed_in",
        target=user,
        actor=user,
        request=request,
        details={"method": method},
    )
