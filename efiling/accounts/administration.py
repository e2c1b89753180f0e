"""Court administrators give the courts they administer their clerks and judges: they assign
existing accounts, and create accounts for new court staff (who choose their password through
an e-mailed link). A system administrator also gives courts their court administrators
(Action.MANAGE_COURT_ADMINISTRATORS); a court administrator cannot create, assign, promote or
remove one. A user keeps one role (User.role) and works in the courts of their assignments; a
role changes here only when every court the person works in is one the actor administers.
Other roles are changed by a system administrator in the Django admin."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from efiling.accounts.emails import password_link, password_link_lifetime, send_templated
from efiling.accounts.models import CourtAssignment, Role, User
from efiling.accounts.permissions import Action, can, court_work_get, require, require_write
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.columns import column_max_length
from efiling.core.errors import Conflict, ValidationFailed
from efiling.core.text import clean_text

ASSIGNABLE_ROLES = (Role.CLERK, Role.JUDGE)
ASSIGNMENT_NOT_FOUND = "There is no such court assignment, or you do not administer its court."
# Says no more than that the address is taken: not whose it is, nor what kind of account.
EMAIL_IN_USE = "An account already uses this address."


def roles_assignable_by(*, actor, court) -> tuple[Role, ...]:
    """The roles `actor` gives people in `court`: clerk and judge; court administrator too for
    a system administrator (Action.MANAGE_COURT_ADMINISTRATORS)."""
    if can(actor, Action.MANAGE_COURT_ADMINISTRATORS, court=court):
        return (*ASSIGNABLE_ROLES, Role.COURT_ADMINISTRATOR)
    return ASSIGNABLE_ROLES


def _role_words(roles) -> str:
    """The roles in words: clerk or judge; clerk, judge or court administrator."""
    labels = [Role(role).label.lower() for role in roles]
    return " or ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)


def _role_given_check(*, actor, court, role: str) -> None:
    """PermissionDenied when a court administrator would give the court administrator role;
    ValidationFailed (field role) for a role that is not given in courts."""
    if role == Role.COURT_ADMINISTRATOR:
        require(actor, Action.MANAGE_COURT_ADMINISTRATORS, court=court)
    roles = roles_assignable_by(actor=actor, court=court)
    if role not in roles:
        raise ValidationFailed(f"Choose {_role_words(roles)}.", field="role")


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


def court_assignment_add(
    *, actor, court, email: str, role: str, change_role: bool = False, request=None
) -> CourtAssignment:
    """Assign the account with `email` to `court` as a clerk or judge (or, by a system
    administrator, a court administrator: `roles_assignable_by`). The account must have one of
    those roles already; giving it another of them is allowed only when all of its courts are
    administered by `actor`, and never to a system administrator's account. ValidationFailed
    (naming the field) for an unknown address, another kind of account or a role that cannot
    be given; PermissionDenied when a court administrator gives the court administrator role;
    Conflict when it is already assigned there with that role, and when the role would change
    without `change_role` (a judge made a clerk can no longer sign the orders waiting for
    them: the change is asked for in so many words). Audited; a role change also as
    user.role_changed."""
    require_write(actor, Action.MANAGE_USERS, court=court)
    _role_given_check(actor=actor, court=court, role=role)
    roles = roles_assignable_by(actor=actor, court=court)
    with transaction.atomic():
        person = (
            User.objects.select_for_update(no_key=True)
            .filter(email__iexact=email.strip(), is_active=True)
            .first()
        )
        if person is None:
            raise ValidationFailed("No active account has this e-mail address.", field="email")
        if person.role not in roles:
            kinds = _role_words(roles).replace(" or ", " and ")
            raise ValidationFailed(
                f"{person.get_full_name()} has a {person.get_role_display().lower()} account: "
                f"only {kinds} accounts are assigned to courts here.",
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
        if role_before != role and person.is_superuser:
            raise Conflict(
                f"{person.get_full_name()} is a system administrator: their role stays "
                f"{person.get_role_display().lower()}.",
                field="role",
            )
        if role_before != role and not change_role:
            raise Conflict(
                f"{person.get_full_name()} is a {person.get_role_display().lower()}. Assigning "
                f"them as a {Role(role).label.lower()} changes their role in every court they "
                f"work in: a judge who becomes a clerk can no longer sign the orders waiting "
                f"for them or sit in hearings. Tick \u201cChange their role\u201d to do so.",
                field="change_role",
            )
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
            audit_record(
                action="user.role_changed",
                target=person,
                actor=actor,
                request=request,
                details={"court": court.code, "before": role_before, "after": role},
            )
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
    the court's work at once). A court administrator's assignment is ended by a system
    administrator only (PermissionDenied otherwise). Audited."""
    require_write(actor, Action.MANAGE_USERS, court=assignment.court)
    if assignment.user.role == Role.COURT_ADMINISTRATOR:
        require(actor, Action.MANAGE_COURT_ADMINISTRATORS, court=assignment.court)
    with transaction.atomic():
        audit_record(
            action="court_assignment.removed",
            target=assignment.user,
            actor=actor,
            request=request,
            details={"court": assignment.court.code, "role": assignment.user.role},
        )
        CourtAssignment.objects.filter(pk=assignment.pk).delete()


def _text(value: str, *, field: str, label: str) -> str:
    return clean_text(
        value, field=field, label=label, required=True, max_length=column_max_length(User, field)
    )


def court_staff_account_create(
    *, actor, court, first_name: str, last_name: str, email: str, role: str, request=None
) -> User:
    """Create the account of a new clerk or judge of `court` (or, by a system administrator, a
    court administrator: `roles_assignable_by`), assigned to it, and e-mail them an invitation
    with the one-time link to choose their password (`password_link`: the password-reset link,
    working for `password_link_lifetime`; "Forgot your password?" sends a new one).

    The account has no usable password until then, and its address counts as confirmed once
    the link is used (efiling.accounts.services.email_confirmed_by_password_link). Court staff
    set up their second factor at their first sign-in (TWO_FACTOR_REQUIRED_ROLES).
    PermissionDenied without Action.MANAGE_USERS in the court, or for the court administrator
    role without Action.MANAGE_COURT_ADMINISTRATORS; ValidationFailed (naming the field) for a
    missing name, a malformed address, an address an account already uses (EMAIL_IN_USE, which
    reveals nothing of that account) or a role not given here. Audited as
    court_staff_account.created; the e-mail is sent after the transaction."""
    require_write(actor, Action.MANAGE_USERS, court=court)
    _role_given_check(actor=actor, court=court, role=role)
    first = _text(first_name, field="first_name", label="first name")
    last = _text(last_name, field="last_name", label="last name")
    address = _text(email, field="email", label="e-mail address").lower()
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValidationFailed("Enter a valid e-mail address.", field="email") from exc
    with transaction.atomic():
        if User.objects.filter(email__iexact=address).exists():
            raise ValidationFailed(EMAIL_IN_USE, field="email")
        person = User(email=address, first_name=first, last_name=last, role=role)
        person.set_unusable_password()
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError as exc:  # a concurrent request took the address first
            raise ValidationFailed(EMAIL_IN_USE, field="email") from exc
        CourtAssignment.objects.create(user=person, court=court, created_at=clock.now())
        audit_record(
            action="court_staff_account.created",
            target=person,
            actor=actor,
            request=request,
            details={"court": court.code, "role": role, "email": address},
        )
    send_templated(  # no network inside the transaction
        to=person.email,
        subject=f"Your {court.name} account for Missouri courts e-filing",
        template="accounts/email/court_staff_invitation.txt",
        context={
            "person": person,
            "court": court,
            "role": person.get_role_display().lower(),
            "actor": actor,
            "link": password_link(user=person, request=request),
            "lifetime": password_link_lifetime(),
        },
        saved=(
            f"The account of {person.get_full_name()} is created. In a few minutes, they can "
            "ask for a link with \u201cForgot your password?\u201d on the sign-in page."
        ),
    )
    return person
