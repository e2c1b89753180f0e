"""How a user's notices reach them by e-mail (User.notice_mail): each at once (the default), a
daily digest at an hour they choose (Central time), or not at all (the app's inbox only).
Every change is audited; turning e-mail off also stops the digests not yet begun. A digest
already gathering notices when the choice moves to "at once" (or to another hour) is still sent
at its time; the notices recorded after the change follow the new choice. A digest's one-click
unsubscribe link names the address it went to and stops mail to that address only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from efiling.accounts.models import NoticeEmail, NoticeMail, User
from efiling.accounts.permissions import Action, require
from efiling.audit.services import audit_record
from efiling.core.errors import ValidationFailed
from efiling.service.delivery import deliveries_cancel_digests, unsubscribe_target

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


@dataclass(frozen=True)
class UnsubscribeLink:
    """What an unsubscribe link names: the user and the address the digest went to; `extra`
    is that address's row when it is one of the user's extra addresses (None for the account's
    own address)."""

    user: User
    address: str
    extra: NoticeEmail | None


LINK_GONE = "This unsubscribe link is not valid any more."


def unsubscribe_link_read(token: str) -> UnsubscribeLink:
    """What the signed unsubscribe `token` names; ValidationFailed for a link altered or
    expired, of an account that is gone or disabled, or for an address no longer the user's."""
    user_id, address = unsubscribe_target(token)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationFailed(LINK_GONE)
    if address == user.email:
        return UnsubscribeLink(user=user, address=address, extra=None)
    extra = user.notice_emails.filter(email=address, confirmed_at__isnull=False).first()
    if extra is None:
        raise ValidationFailed(LINK_GONE)
    return UnsubscribeLink(user=user, address=address, extra=extra)


def notice_mail_unsubscribe(*, token: str, request=None) -> UnsubscribeLink:
    """The one-click unsubscribe of a digest (RFC 8058), for the address the digest went to:
    the account's own address takes notices in the app only from now on (service itself is
    still e-mailed); an extra address leaves the user's list (its digests not yet begun are
    not sent). Audited. ValidationFailed as unsubscribe_link_read."""
    link = unsubscribe_link_read(token)
    with transaction.atomic():
        if link.extra is None:
            _apply(
                link.user,
                notice_mail=NoticeMail.IN_APP,
                digest_hour=link.user.notice_digest_hour,
                request=request,
                how="unsubscribe link",
            )
        else:
            cancelled = deliveries_cancel_digests(user=link.user, address=link.address)
            audit_record(
                action="notice_email.removed",
                target=link.extra,
                actor=link.user,
                request=request,
                details={
                    "email": link.address,
                    "how": "unsubscribe link",
                    "digests_cancelled": cancelled,
                },
            )
            link.extra.delete()
    return link
