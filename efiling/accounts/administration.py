"""Court administrators assign the clerk and judge roles within the courts they administer.
A user keeps one role (User.role) and works in the courts of their assignments; a court
administrator may change a clerk into a judge (or back) only when every court the person works
in is one they administer. Other roles are changed by a system administrator."""

from __future__ import annotations

from django.db import transaction

from efiling.accounts.models import CourtAssignment, Role, User
from efiling.accounts.permissions import Action, can, court_work_get, require
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import Conflict, ValidationFailed

ASSIGNABLE_ROLES = (Role.CLERK, Role.JUDGE)
ASSIGNMENT_NOT_FOUND = "There is no such court assignment, or you do not administer its court."


def court_assignments_of(*, court):
    """The court's assignments with their users, by the users' names."""
    return (
        CourtAssignment.objects.filter(court=court)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def court_assignment_get_for_administration(*, user, assignment_id: int) -> CourtAssignment:
    """An assignment in a court `user` administers; NotFound alike for missing and not theirs."""
    return court_work_get(
        user=user,
        action=Action.MANAGE_USERS,
        queryset=CourtAssignment.objects.select_related("user", "court"),
        pk=assignment_id,
        court_of=lambda assignment: assignment.court,
        not_found=ASSIGNMENT_NOT_FOUND,
    )


def court_assignment_add(*, actor, court, email: str, role: str, request=None) -> CourtAssignment:
    """Assign the account with `email` to `court` as a clerk or judge. The account must be a
    clerk's or judge's already; giving it the other of the two roles is allowed only when all
    of its courts are administered by `actor`. ValidationFailed (naming the field) for an
    unknown address, another kind of account or a role that cannot be assigned; Conflict when
    it is already assigned there with that role."""
    require(actor, Action.MANAGE_USERS, court=court)
    if role not in ASSIGNABLE_ROLES:
        raise ValidationFailed("Choose clerk or judge.", field="role")
    with transaction.atomic():
        person = (
            User.objects.select_for_update(no_key=True)
            .filter(email__iexact=email.strip(), is_active=True)
            .first()
        )
        if person is None:
            raise ValidationFailed("No active account has this e-mail address.", field="email")
        if person.role not in ASSIGNABLE_ROLES:
            raise ValidationFailed(
                f"{person.get_full_name()} has a {person.get_role_display().lower()} account: "
                "only clerk and judge accounts are assigned to courts here.",
                field="email",
            )
        courts = list(person.court_assignments.select_related("court"))
        already = any(a.court_id == court.pk for a in courts)
        if already and person.role == role:
            raise Conflict(
                f"{person.get_full_name()} is already a {Role(role).label.lower()} "
                f"of the {court.name}.",
                field="email",
            )
        role_before = person.role
        if role_before != role:
            elsewhere = [
                a.court.name
                for a in courts
                if a.court_id != court.pk and not can(actor, Action.MANAGE_USERS, court=a.court)
            ]
            if elsewhere:
                raise Conflict(
                    f"{person.get_full_name()} also works in the {elsewhere[0]}, which you do "
                    f"not administer: their role stays {person.get_role_display().lower()}.",
                    field="role",
                )
            person.role = role
            person.save(update_fields=["role"])
        assignment = next((a for a in courts if a.court_id == court.pk), None)
        if assignment is None:
            assignment = CourtAssignment.objects.create(
                user=person, court=court, created_at=clock.now()
            )
        audit_record(
            action="court_assignment.added",
            target=person,
            actor=actor,
            request=request,
            details={"court": court.code, "role": role, "role_before": role_before},
        )
    return assignment


def court_assignment_remove(*, actor, assignment: CourtAssignment, request=None) -> None:
    """End a person's assignment to a court (they keep their account and their role, and lose
    the court's work at once). Audited."""
    require(actor, Action.MANAGE_USERS, court=assignment.court)
    with transaction.atomic():
        audit_record(
            action="court_assignment.removed",
            target=assignment.user,
            actor=actor,
            request=request,
            details={"court": assignment.court.code, "role": assignment.user.role},
        )
        CourtAssignment.objects.filter(pk=assignment.pk).delete()
