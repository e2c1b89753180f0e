"""Registration, e-mail confirmation, profiles, notice addresses and staff delegation.

Every change is audited in the same transaction. Filing rights are never stored: they follow
from the bar roster and the account's state each time (efiling.accounts.permissions).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from efiling.accounts.emails import make_link_token, read_link_token, send_templated
from efiling.accounts.models import BarMember, BarStatus, NoticeEmail, Role, StaffDelegation, User
from efiling.accounts.permissions import Action, require
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.addresses import US_STATES
from efiling.core.errors import Conflict, NotFound, ValidationFailed

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
)
MAX_NOTICE_EMAILS = 5


@dataclass(frozen=True)
class Registration:
    email: str
    password: str
    first_name: str
    last_name: str
    phone: str
    address_line1: str
    address_line2: str
    city: str
    state: str
    postal_code: str


def _folded(name: str) -> str:
    """Names compared without case, accents, punctuation or spacing differences."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in text if ch.isalnum())


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="password") from exc


def _new_user(details: Registration, **fields) -> User:
    email = details.email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(
            "An account with this e-mail address already exists. Sign in, or reset the password.",
            field="email",
        )
    user = User(
        email=email,
        **{name: getattr(details, name).strip() for name in PROFILE_FIELDS},
        **fields,
    )
    user.state = user.state.upper()
    _check_password(details.password, user)
    user.set_password(details.password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent registration won the race
        raise Conflict(
            "An account with this e-mail address already exists.", field="email"
        ) from exc
    return user


def bar_member_for_registration(*, bar_number: str, first_name: str, last_name: str) -> BarMember:
    """The roster row an attorney may register with, or the reason they may not."""
    number = bar_number.strip().lstrip("#")
    member = BarMember.objects.filter(bar_number=number).first()
    if member is None:
        raise ValidationFailed(
            f"Bar number {number} is not on the Missouri bar roster. Check the number; "
            "out-of-state attorneys register as pro hac vice.",
            field="bar_number",
        )
    if member.status != BarStatus.GOOD_STANDING:
        raise ValidationFailed(
            f"Bar number {number} is not in good standing ({member.get_status_display().lower()}): "
            "only attorneys in good standing may register.",
            field="bar_number",
        )
    if hasattr(member, "user"):
        raise Conflict(
            f"Bar number {number} is already registered. Sign in, or reset the password.",
            field="bar_number",
        )
    if (
        _folded(last_name) != _folded(member.last_name)
        or _folded(first_name)[:1] != _folded(member.first_name)[:1]
    ):
        raise ValidationFailed(
            "The name does not match the bar roster for this number. "
            "Enter your name as the roster has it.",
            field="last_name",
        )
    return member


def attorney_register(*, details: Registration, bar_number: str, request=None) -> User:
    with transaction.atomic():
        member = bar_member_for_registration(
            bar_number=bar_number, first_name=details.first_name, last_name=details.last_name
        )
        # The account carries the roster's name (its spelling and capitals), not as typed.
        details = replace(details, first_name=member.first_name, last_name=member.last_name)
        user = _new_user(details, role=Role.ATTORNEY, bar_member=member)
        audit_record(
            action="user.registered",
            target=user,
            actor=user,
            request=request,
            details={"bar_number": member.bar_number},
        )
    email_confirmation_send(user=user, request=request)  # no network inside the transaction
    return user


def pro_hac_vice_register(
    *, details: Registration, home_state: str, home_bar_number: str, request=None
) -> User:
    state = home_state.strip().upper()
    if state not in US_STATES or state == "MO":
        raise ValidationFailed(
            "Give the two-letter code of the state where you are admitted "
            "(Missouri attorneys register with their Missouri bar number).",
            field="home_state",
        )
    if not home_bar_number.strip():
        raise ValidationFailed("Give your bar number in your home state.", field="home_bar_number")
    with transaction.atomic():
        user = _new_user(
            details,
            role=Role.PRO_HAC_VICE,
            home_state=state,
            home_bar_number=home_bar_number.strip(),
        )
        audit_record(
            action="user.registered",
            target=user,
            actor=user,
            request=request,
            details={"home_state": state},
        )
    email_confirmation_send(user=user, request=request)  # no network inside the transaction
    return user


def staff_register(*, details: Registration, request=None) -> User:
    with transaction.atomic():
        user = _new_user(details, role=Role.STAFF)
        audit_record(action="user.registered", target=user, actor=user, request=request)
    email_confirmation_send(user=user, request=request)  # no network inside the transaction
    return user


def self_represented_register(*, details: Registration, request=None) -> User:
    if not settings.EFILING_SELF_REPRESENTED_ENABLED:
        raise NotFound(
            "Registration for self-represented litigants is not open in this system yet."
        )
    if not (details.address_line1 and details.city and details.phone):
        raise ValidationFailed(
            "Give your address and phone number so the court can reach you.", field="address_line1"
        )
    with transaction.atomic():
        user = _new_user(details, role=Role.SELF_REPRESENTED)
        audit_record(action="user.registered", target=user, actor=user, request=request)
    email_confirmation_send(user=user, request=request)  # no network inside the transaction
    return user


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def email_confirmation_send(*, user: User, request=None) -> None:
    token = make_link_token(purpose="confirm-email", payload={"user": user.pk, "email": user.email})
    send_templated(
        to=user.email,
        subject="Confirm your e-mail address for Missouri courts e-filing",
        template="accounts/email/confirm_email.txt",
        context={"user": user, "link": _absolute(request, reverse("confirm-email", args=[token]))},
        saved=(
            "Your account is saved. In a few minutes, use \u201cForgot your password?\u201d on "
            "the sign-in page: the link it sends confirms your address too."
        ),
    )


def email_confirm(*, token: str, request=None) -> User:
    """Confirm the address the link was sent to; a link works once, for the current address."""
    payload = read_link_token(purpose="confirm-email", token=token)
    with transaction.atomic():
        user = User.objects.select_for_update(no_key=True).filter(pk=payload.get("user")).first()
        if (
            user is None
            or user.email != payload.get("email")
            or user.email_confirmed_at is not None
        ):
            raise ValidationFailed(
                "This link has expired or was already used. Sign in to ask for a new one."
            )
        user.email_confirmed_at = clock.now()
        user.save(update_fields=["email_confirmed_at"])
        audit_record(
            action="user.email_confirmed",
            target=user,
            actor=user,
            request=request,
            details={"email": user.email},
        )
    return user


def email_confirmed_by_password_link(*, user: User, request=None) -> None:
    """A password chosen through an e-mailed link (a reset, or a court staff invitation) proves
    the address too: confirm it if it is not yet. Audited as user.email_confirmed."""
    with transaction.atomic():
        updated = User.objects.filter(pk=user.pk, email_confirmed_at__isnull=True).update(
            email_confirmed_at=clock.now()
        )
        if updated:
            audit_record(
                action="user.email_confirmed",
                target=user,
                actor=user,
                request=request,
                details={"email": user.email, "by": "password link"},
            )


def profile_update(*, user: User, changes: dict, request=None) -> list[str]:
    """Change the user's own name, address, phone or e-mail; a new e-mail must be confirmed
    again before the account can file. Returns the names of the fields that changed."""
    require(user, Action.EDIT_OWN_PROFILE)
    changed = {}
    with transaction.atomic():
        user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
        for name in PROFILE_FIELDS:
            if name in changes:
                value = (changes[name] or "").strip()
                value = value.upper() if name == "state" else value
                if getattr(user, name) != value:
                    changed[name] = [getattr(user, name), value]
                    setattr(user, name, value)
        new_email = (changes.get("email") or user.email).strip().lower()
        if new_email != user.email:
            if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
                raise Conflict("Another account uses this e-mail address.", field="email")
            changed["email"] = [user.email, new_email]
            user.email, user.email_confirmed_at = new_email, None
        if not changed:
            return []
        try:
            user.full_clean(exclude=["password", "role", "bar_member"])
        except ValidationError as exc:
            raise ValidationFailed(" ".join(exc.messages)) from exc
        user.save()
        audit_record(
            action="user.profile_changed",
            target=user,
            request=request,
            actor=user,
            details={"changes": changed},
        )
    if "email" in changed:
        email_confirmation_send(user=user, request=request)  # no network inside the transaction
    return list(changed)


def notice_email_add(*, user: User, email: str, request=None) -> NoticeEmail:
    """Add an extra address for `user`'s notices, unconfirmed until the link e-mailed to it is
    used (notice_email_confirm). ValidationFailed (field "email") for the account's own
    address, another account's address (its owner receives their own notices: the way to
    receive an attorney's is their staff), or more than MAX_NOTICE_EMAILS; Conflict when the
    address is already on the list; PermissionDenied for an account that may not edit its
    profile."""
    require(user, Action.EDIT_OWN_PROFILE)
    address = email.strip().lower()
    if address == user.email:
        raise ValidationFailed(
            "This is already your account's address; notices go there anyway.", field="email"
        )
    if User.objects.filter(email__iexact=address).exclude(pk=user.pk).exists():
        raise ValidationFailed(
            "This address belongs to another account of this system, which receives its own "
            "notices. To receive an attorney's notices, be added to the attorney's staff.",
            field="email",
        )
    if user.notice_emails.count() >= MAX_NOTICE_EMAILS:
        raise ValidationFailed(
            f"You can add at most {MAX_NOTICE_EMAILS} extra addresses.", field="email"
        )
    with transaction.atomic():
        if user.notice_emails.filter(email=address).exists():
            raise Conflict("This address is already on your list.", field="email")
        notice = NoticeEmail.objects.create(user=user, email=address, created_at=clock.now())
        audit_record(
            action="notice_email.added",
            target=notice,
            actor=user,
            request=request,
            details={"email": address},
        )
    token = make_link_token(purpose="notice-email", payload={"id": notice.pk, "email": address})
    send_templated(  # after the transaction: no network inside it
        to=address,
        subject="Confirm this address for court notices",
        template="accounts/email/confirm_notice_email.txt",
        context={
            "user": user,
            "link": _absolute(request, reverse("notice-email-confirm", args=[token])),
        },
        saved=(
            "The address is on your list, not yet confirmed: remove it and add it again "
            "in a few minutes to get a new link."
        ),
    )
    return notice


def notice_email_confirm(*, token: str, request=None) -> NoticeEmail:
    payload = read_link_token(purpose="notice-email", token=token)
    with transaction.atomic():
        notice = (
            NoticeEmail.objects.select_for_update(no_key=True)
            .filter(pk=payload.get("id"), email=payload.get("email"))
            .first()
        )
        if notice is None or notice.confirmed_at is not None:
            raise ValidationFailed("This link has expired or was already used.")
        notice.confirmed_at = clock.now()
        notice.save(update_fields=["confirmed_at"])
        audit_record(
            action="notice_email.confirmed", target=notice, actor=notice.user, request=request
        )
    return notice


def notice_email_remove(*, user: User, notice_id: int, request=None) -> None:
    with transaction.atomic():
        notice = user.notice_emails.filter(pk=notice_id).first()
        if notice is None:
            raise NotFound("There is no such address on your list.")
        audit_record(
            action="notice_email.removed",
            target=notice,
            actor=user,
            request=request,
            details={"email": notice.email},
        )
        notice.delete()


def staff_authorize(*, attorney: User, staff_email: str, request=None) -> StaffDelegation:
    """Let a staff account file on the attorney's behalf."""
    require(attorney, Action.MANAGE_STAFF)
    staff = User.objects.filter(email__iexact=staff_email.strip()).first()
    if staff is None or staff.role != Role.STAFF:
        raise ValidationFailed(
            "There is no staff account with this e-mail address. "
            "Ask your staff member to register as staff first.",
            field="email",
        )
    if not staff.is_active:
        raise ValidationFailed("This staff account is disabled.", field="email")
    with transaction.atomic():
        if StaffDelegation.objects.filter(
            attorney=attorney, staff=staff, revoked_at__isnull=True
        ).exists():
            raise Conflict(f"{staff.get_full_name()} is already authorized.", field="email")
        delegation = StaffDelegation.objects.create(
            attorney=attorney, staff=staff, created_at=clock.now()
        )
        audit_record(
            action="staff.authorized",
            target=delegation,
            actor=attorney,
            request=request,
            details={"staff": staff.email},
        )
    return delegation


def staff_revoke(*, attorney: User, delegation_id: int, request=None) -> StaffDelegation:
    require(attorney, Action.MANAGE_STAFF)
    with transaction.atomic():
        delegation = (
            StaffDelegation.objects.select_for_update(no_key=True)
            .filter(pk=delegation_id, attorney=attorney, revoked_at__isnull=True)
            .first()
        )
        if delegation is None:
            raise NotFound("There is no such authorization, or it was already revoked.")
        delegation.revoked_at = clock.now()
        delegation.save(update_fields=["revoked_at"])
        audit_record(
            action="staff.revoked",
            target=delegation,
            actor=attorney,
            request=request,
            details={"staff": delegation.staff.email},
        )
    return delegation


def sign_out_everywhere(*, user: User, request=None) -> None:
    """End every session of the user, on every device (the session hash includes the epoch)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch + 1)
        audit_record(action="user.signed_out_everywhere", target=user, actor=user, request=request)
