"""A court administrator's changes to their courts' courtrooms: names, whether hearings may be
set there, and the hours each weekday when they sit (efiling.scheduling.services refuses a
hearing outside them unless a judge or clerk overrides it with a reason)."""

from __future__ import annotations

from django.db import transaction

from efiling.accounts.permissions import Action, court_work_get, require_write
from efiling.audit.services import audit_record
from efiling.core.errors import Conflict, ValidationFailed
from efiling.scheduling.models import STANDARD_HOURS, Courtroom, CourtroomHours

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
    require_write(actor, Action.MANAGE_COURTS, court=court)
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
    require_write(actor, Action.MANAGE_COURTS, court=courtroom.court)
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


def courtroom_hours_of(courtroom: Courtroom) -> dict[int, tuple]:
    """{weekday (0 Monday): (opens, closes)}: the rows, or STANDARD_HOURS when there are none."""
    rows = {row.weekday: (row.opens, row.closes) for row in courtroom.hours.all()}
    return rows or dict(STANDARD_HOURS)


def _hours_text(hours: dict[int, tuple]) -> dict[str, str]:
    return {
        CourtroomHours.Weekday(day).label: f"{opens:%H:%M}-{closes:%H:%M}"
        for day, (opens, closes) in sorted(hours.items())
    }


def courtroom_hours_set(*, actor, courtroom: Courtroom, hours: dict[int, tuple], request=None):
    """Set when `courtroom` sits: {weekday (0 Monday): (opens, closes)}, court-local times; a
    weekday left out is a day it does not sit. ValidationFailed naming the field
    (`day<N>_opens` / `day<N>_closes`) for a time missing its pair or a closing time not after
    the opening one, and when no day is left (a courtroom that never sits is taken out of use
    instead). Audited as courtroom.hours_changed with the hours before and after."""
    require_write(actor, Action.MANAGE_COURTS, court=courtroom.court)
    for day, (opens, closes) in sorted(hours.items()):
        name = CourtroomHours.Weekday(day).label
        if opens is None or closes is None:
            missing = "opens" if opens is None else "closes"
            raise ValidationFailed(
                f"Give the time it {missing} on {name}, or leave both {name} times empty.",
                field=f"day{day}_{missing}",
            )
        if closes <= opens:
            raise ValidationFailed(
                f"On {name} the closing time must come after the opening time.",
                field=f"day{day}_closes",
            )
    if not hours:
        raise ValidationFailed(
            "Give the hours of at least one day. A courtroom that no longer sits is taken out "
            "of use on its own page.",
            field="day0_opens",
        )
    with transaction.atomic():
        locked = Courtroom.objects.select_for_update(no_key=True).get(pk=courtroom.pk)
        before = courtroom_hours_of(locked)
        if before == hours:
            return locked
        locked.hours.all().delete()
        CourtroomHours.objects.bulk_create(
            CourtroomHours(courtroom=locked, weekday=day, opens=opens, closes=closes)
            for day, (opens, closes) in sorted(hours.items())
        )
        audit_record(
            action="courtroom.hours_changed",
            target=locked,
            actor=actor,
            request=request,
            details={
                "court": courtroom.court.code,
                "before": _hours_text(before),
                "after": _hours_text(hours),
            },
        )
    return locked
