"""A court administrator's changes to the rejection reasons their clerks choose from. Reasons
without a court are offered everywhere and belong to system administrators (Django admin)."""

from __future__ import annotations

from django.db import transaction

from efiling.accounts.permissions import Action, court_work_get, require_write
from efiling.audit.services import audit_record
from efiling.core.errors import Conflict
from efiling.docket.models import RejectionReason

REASON_NOT_FOUND = "There is no such rejection reason, or you do not administer its court."


def rejection_reasons_of(*, court):
    """The court's own rejection reasons, active first, then by text."""
    return RejectionReason.objects.filter(court=court).order_by("-active", "text", "pk")


def rejection_reason_get_for_administration(*, user, reason_id: int) -> RejectionReason:
    """A rejection reason of a court `user` administers; NotFound alike for a missing one, one
    of another court and one offered everywhere (not a court administrator's to change)."""
    return court_work_get(
        user=user,
        action=Action.MANAGE_COURTS,
        queryset=RejectionReason.objects.filter(court__isnull=False).select_related("court"),
        pk=reason_id,
        court_of=lambda reason: reason.court,
        not_found=REASON_NOT_FOUND,
    )


def rejection_reason_add(*, actor, court, text: str, request=None) -> RejectionReason:
    """Add a reason the court's clerks may choose; Conflict when the court has it already, or
    when it is one of the reasons offered in every court (the clerks would see it twice)."""
    require_write(actor, Action.MANAGE_COURTS, court=court)
    with transaction.atomic():
        if RejectionReason.objects.filter(court=court, text__iexact=text).exists():
            raise Conflict(f"The {court.name} already has this rejection reason.", field="text")
        if RejectionReason.objects.filter(
            court__isnull=True, active=True, text__iexact=text
        ).exists():
            raise Conflict(
                "Every court already offers this rejection reason: the clerks see it anyway.",
                field="text",
            )
        reason = RejectionReason.objects.create(court=court, text=text)
        audit_record(
            action="rejection_reason.added",
            target=reason,
            actor=actor,
            request=request,
            details={"court": court.code, "text": text},
        )
    return reason


def rejection_reason_set_active(
    *, actor, reason: RejectionReason, active: bool, request=None
) -> RejectionReason:
    """Offer a reason to the clerks again, or stop offering it (rejections that used it keep
    their words). Audited when it changes."""
    require_write(actor, Action.MANAGE_COURTS, court=reason.court)
    with transaction.atomic():
        locked = RejectionReason.objects.select_for_update(no_key=True).get(pk=reason.pk)
        if locked.active != active:
            locked.active = active
            locked.save(update_fields=["active"])
            audit_record(
                action="rejection_reason.changed",
                target=locked,
                actor=actor,
                request=request,
                details={"court": reason.court.code, "text": locked.text, "active": active},
            )
    return locked
