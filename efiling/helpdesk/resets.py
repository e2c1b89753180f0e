"""Clearing a lost second factor, the one help-desk tool that two people decide (issue 15):
requested after an identity check the requester records (for an attorney, a call to the bar
roster's phone number), done only on the approval of a second person of the help desk or a
system administrator, never the requester nor the user concerned. The only writer of a
SecondFactorReset's status; each step audited ("helpdesk.second_factor_reset_*")."""

from __future__ import annotations

from django.db import transaction

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, require
from efiling.accounts.two_factor import second_factor_clear
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from efiling.helpdesk.models import SecondFactorReset
from efiling.helpdesk.tools import user_for_tools

TWO_PERSON_RULE = (
    "A second person approves a reset: someone else of the help desk, or a system "
    "administrator, not the one who asked for it."
)


def second_factor_reset_request(
    *, actor: User, user_id: int, identity_check: str, roster_phone_called: bool, request=None
) -> SecondFactorReset:
    """Ask for `user`'s second factor to be cleared, recording the identity check (what was
    checked, in the requester's words). For an attorney, the check must include a call to the
    bar roster's phone number (`roster_phone_called`; refused when the roster has none: their
    identity is checked in person at a court then). Conflict when they have no second factor
    or a request already waits; refused for one's own account."""
    require(actor, Action.HELP_DESK_CLEAR_SECOND_FACTOR)
    user = user_for_tools(user_id)
    if user.pk == actor.pk:
        raise PermissionDenied("Nobody clears their own second factor: ask a colleague.")
    if not user.has_two_factor:
        raise Conflict("This account has no second factor to clear.")
    phone = ""
    if user.role == Role.ATTORNEY:
        phone = user.bar_member.phone if user.bar_member is not None else ""
        if not phone:
            raise ValidationFailed(
                "The bar roster has no phone number for this attorney: their identity cannot be "
                "checked by a call. They must come to a court's clerk with identification.",
                field="roster_phone_called",
            )
        if not roster_phone_called:
            raise ValidationFailed(
                f"Call the attorney back at the bar roster's number, {phone}, and say so.",
                field="roster_phone_called",
            )
    with transaction.atomic():
        if SecondFactorReset.objects.filter(
            user=user, status=SecondFactorReset.Status.PENDING
        ).exists():
            raise Conflict("A request to clear this second factor already waits for approval.")
        reset = SecondFactorReset.objects.create(
            user=user,
            requested_by=actor,
            requested_at=clock.now(),
            identity_check=identity_check,
            roster_phone_called=phone,
        )
        audit_record(
            action="helpdesk.second_factor_reset_requested",
            target=user,
            actor=actor,
            request=request,
            details={
                "reset": reset.pk,
                "identity_check": identity_check,
                "roster_phone_called": phone,
            },
        )
    return reset


def resets_awaiting_approval():
    return SecondFactorReset.objects.filter(status=SecondFactorReset.Status.PENDING).select_related(
        "user", "requested_by"
    )


def second_factor_reset_decide(
    *, actor: User, reset_id: int, approve: bool, request=None
) -> SecondFactorReset:
    """Approve (the second factor is cleared at once, their sessions end:
    efiling.accounts.two_factor.second_factor_clear) or refuse a waiting request. The two-person
    rule: PermissionDenied (TWO_PERSON_RULE) for its requester and for the user concerned."""
    require(actor, Action.HELP_DESK_CLEAR_SECOND_FACTOR)
    with transaction.atomic():
        reset = (
            SecondFactorReset.objects.select_for_update()
            .select_related("user")
            .filter(pk=reset_id)
            .first()
        )
        if reset is None:
            raise NotFound("There is no such request.")
        if actor.pk in (reset.requested_by_id, reset.user_id):
            raise PermissionDenied(TWO_PERSON_RULE)
        if reset.status != SecondFactorReset.Status.PENDING:
            raise Conflict("This request was decided already.")
        reset.status = (
            SecondFactorReset.Status.DONE if approve else SecondFactorReset.Status.REFUSED
        )
        reset.decided_by, reset.decided_at = actor, clock.now()
        reset.save(update_fields=["status", "decided_by", "decided_at"])
        if approve:
            second_factor_clear(user=reset.user, actor=actor, request=request)
        audit_record(
            action="helpdesk.second_factor_reset_" + ("approved" if approve else "refused"),
            target=reset.user,
            actor=actor,
            request=request,
            details={"reset": reset.pk, "requested_by": reset.requested_by_id},
        )
    return reset
