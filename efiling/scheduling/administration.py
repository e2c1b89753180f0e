"""A court administrator's changes to their courts' courtrooms (names, whether hearings may be
set there). Hours of courtrooms are set elsewhere."""

from __future__ import annotations

from django.db import transaction

from efiling.accounts.permissions import Action, court_work_get, require
from efiling.audit.services import audit_record
from efiling.core.errors import Conflict
from efiling.scheduling.models import Courtroom

COURTROOM_NOT_FOUND = "There is no such courtroom, or you do not administer its court."


def courtrooms_of(*, court):
    """The court's courtrooms, in use first, by name."""
    return Courtroom.objects.filter(court=court).order_by("-active", "name", "pk")


def courtroom_get_for_administration(*, user, courtroom_id: int) -> Courtroom:
    """A courtroom of a court `user` administers; NotFound alike for missing and not theirs."""
    return court_work_get(
        user=user,
        action=Action.MANAGE_COURTS,
        queryset=Courtroom.objects.select_related("court"),
        pk=courtroom_id,
        court_of=lambda room: room.court,
        not_found=COURTROOM_NOT_FOUND,
    )


def _name_taken(court, name: str, *, other_than=None) -> None:
    taken = Courtroom.objects.filter(court=court, name__iexact=name)
    if other_than is not None:
        taken = taken.exclude(pk=other_than.pk)
    if taken.exists():
        raise Conflict(f"The {court.name} already has a courtroom named {name}.", field="name")


def courtroom_add(*, actor, court, name: str, request=None) -> Courtroom:
    """Add a courtroom where hearings of `court` may be set; Conflict for a name in use."""
    require(actor, Action.MANAGE_COURTS, court=court)
    with transaction.atomic():
        _name_taken(court, name)
        room = Courtroom.objects.create(court=court, name=name)
        audit_record(
            action="courtroom.added",
            target=room,
            actor=actor,
            request=request,
            details={"court": court.code, "name": name},
        )
    return room


def courtroom_update(*, actor, courtroom: Courtroom, name: str, active: bool, request=None):
    """Rename a courtroom or take it out of use (its hearings stay where they are; no new
    hearing can be set there). Audited with the values before and after."""
    require(actor, Action.MANAGE_COURTS, court=courtroom.court)
    with transaction.atomic():
        locked = Courtroom.objects.select_for_update(no_key=True).get(pk=courtroom.pk)
        _name_taken(courtroom.court, name, other_than=locked)
        before = {"name": locked.name, "active": locked.active}
        after = {"name": name, "active": active}
        if before != after:
            locked.name, locked.active = name, active
            locked.save(update_fields=["name", "active"])
            audit_record(
                action="courtroom.changed",
                target=locked,
                actor=actor,
                request=request,
                details={"court": courtroom.court.code, "before": before, "after": after},
            )
    return locked
