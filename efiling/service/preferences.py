"""How a user's notices reach them by e-mail (User.notice_mail): each at once (the default), a
daily digest at an hour they choose (Central time), or not at all (the app's inbox only).
Every change is audited; turning e-mail off also stops the digests not yet begun. A digest
already gathering notices when the choice moves to "at once" (or to another hour) is still sent
at its time; the notices recorded after the change follow the new choice."""

from __future__ import annotations

from django.db import transaction

from efiling.accounts.models import NoticeMail, User
from efiling.accounts.permissions import Action, require
from efiling.audit.services import audit_record
from efiling.core.errors import ValidationFailed
from efiling.service.delivery import deliveries_cancel_digests, unsubscribe_user_id

HOURS = range(24)


def _apply(user: User, *, notice_mail: str, digest_hour: int, request, how: str) -> bool:
    """Inside a transaction: save the choice on the locked user row; whether it changed."""
    locked = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    before = {"notice_mail": locked.notice_mail, "digest_hour": locked.notice_digest_hour}
    after = {"notice_mail": notice_mail, "digest_hour": digest_hour}
    if before == after:
        return False
    User.objects.filter(pk=user.pk).update(notice_mail=notice_mail, notice_digest_hour=digest_hour)
    user.notice_mail, user.notice_digest_hour = notice_mail, digest_hour
    cancelled = deliveries_cancel_digests(user=user) if notice_mail == NoticeMail.IN_APP else 0
    audit_record(
        action="notice_preferences.set",
        target=user,
        actor=user,
        request=request,
        details={"from": before, "to": after, "how": how, "digests_cancelled": cancelled},
    )
    return True


def notice_preferences_set(*, user: User, notice_mail: str, digest_hour: int, request=None) -> bool:
    """Set how `user`'s notices reach them; True when something changed. ValidationFailed
    (naming the field) for an unknown choice or an hour outside 0-23; PermissionDenied for an
    account that may not edit its own profile."""
    require(user, Action.EDIT_OWN_PROFILE)
    if notice_mail not in NoticeMail.values:
        raise ValidationFailed("Choose how notices reach you by e-mail.", field="notice_mail")
    if digest_hour not in HOURS:
        raise ValidationFailed("Choose an hour of the day for the digest.", field="digest_hour")
    with transaction.atomic():
        return _apply(
            user, notice_mail=notice_mail, digest_hour=digest_hour, request=request, how="page"
        )


def unsubscribe_link_user(token: str) -> User:
    """The active user the signed unsubscribe `token` names; ValidationFailed for a link
    altered, expired or of an account that is gone or disabled."""
    user = User.objects.filter(pk=unsubscribe_user_id(token), is_active=True).first()
    if user is None:
        raise ValidationFailed("This unsubscribe link is not valid any more.")
    return user


def notice_mail_unsubscribe(*, token: str, request=None) -> User:
    """The one-click unsubscribe of a digest (RFC 8058): the user the signed `token` names
    takes notices in the app only from now on (service itself is still e-mailed).
    ValidationFailed as unsubscribe_link_user."""
    user = unsubscribe_link_user(token)
    with transaction.atomic():
        _apply(
            user,
            notice_mail=NoticeMail.IN_APP,
            digest_hour=user.notice_digest_hour,
            request=request,
            how="unsubscribe link",
        )
    return user
