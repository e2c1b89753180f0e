"""Court administrators create accounts for their court's new clerks and judges; a system
administrator also for court administrators (issue 11). The invited person chooses a password
through the password-reset link and sets up a second factor at the first sign-in."""

import re

import pytest
from django.test import Client

from efiling.accounts import administration as admin_services
from efiling.accounts.models import CourtAssignment, Role, User
from efiling.audit.models import AuditEvent
from efiling.core.errors import Conflict, PermissionDenied, ValidationFailed
from tests import factories

PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def admin(court):
    return factories.court_staff(Role.COURT_ADMINISTRATOR, court, first_name="Ada")


@pytest.fixture
def system_admin(db):
    return factories.user(
        Role.COURT_ADMINISTRATOR, is_superuser=True, is_staff=True, first_name="Sid"
    )


def _create(actor, court, **changes):
    values = {
        "first_name": " Clara ",
        "last_name": "Clerk",
        "email": "Clara.Clerk@Court.example",
        "role": Role.CLERK,
    }
    values.update(changes)
    return admin_services.court_staff_account_create(actor=actor, court=court, **values)


def test_a_court_administrator_creates_a_clerk_account_invited_by_e_mail(admin, court, mailoutbox):
    person = _create(admin, court)
    assert (person.email, person.get_full_name(), person.role) == (
        "clara.clerk@court.example",
        "Clara Clerk",
        Role.CLERK,
    )
    assert not person.has_usable_password() and person.email_confirmed_at is None
    assert not (person.is_staff or person.is_superuser)
    assert [a.court for a in CourtAssignment.objects.filter(user=person)] == [court]
    [event] = AuditEvent.objects.filter(action="court_staff_account.created")
    assert event.actor_id == admin.pk and event.object_id == str(person.pk)
    assert event.details == {"court": "SL", "role": "clerk", "email": person.email}
    [message] = mailoutbox
    assert message.to == ["clara.clerk@court.example"]
    assert "clerk of the St. Louis County Circuit Court" in message.body
    assert "works once and for 1 hour" in message.body
    assert "/accounts/password-reset/" in message.body


def test_the_invitation_link_sets_the_password_once_and_confirms_the_address(
    admin, court, mailoutbox
):
    person = _create(admin, court)
    link = re.search(r"/accounts/password-reset/\S+", mailoutbox[0].body).group(0)
    client = Client()
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(PASSWORD) and person.email_confirmed_at is not None
    assert AuditEvent.objects.filter(action="user.email_confirmed", actor_id=person.pk).exists()
    again = Client().get(link, follow=True)
    assert "This link has expired or was already used" in again.content.decode()
    # A court staff account signs in only through the second factor's set-up.
    sign_in = Client().post(
        "/accounts/sign-in/", {"email": person.email, "password": PASSWORD}, follow=True
    )
    assert "Set up your second factor" in sign_in.content.decode()
    assert "_auth_user_id" not in sign_in.client.session


def test_an_expired_invitation_is_replaced_by_forgot_your_password(admin, court, mailoutbox):
    person = _create(admin, court)
    response = Client().post("/accounts/password-reset/", {"email": person.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 2 and mailoutbox[1].to == [person.email]
    assert "/accounts/password-reset/" in mailoutbox[1].body


def test_an_address_in_use_is_refused_without_saying_whose(admin, court, mailoutbox):
    factories.user(Role.ATTORNEY, email="taken@firm.example")
    for email in ("taken@firm.example", " TAKEN@firm.example "):
        with pytest.raises(ValidationFailed) as refused:
            _create(admin, court, email=email)
        assert refused.value.field == "email" and refused.value.status == 422
        assert refused.value.message == "An account already uses this address."
    assert User.objects.filter(email__iexact="taken@firm.example").count() == 1
    assert not mailoutbox and not AuditEvent.objects.filter(action="court_staff_account.created")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"role": Role.ATTORNEY}, "role"),
        ({"role": "emperor"}, "role"),
        ({"first_name": "  "}, "first_name"),
        ({"last_name": "x" * 200}, "last_name"),
        ({"email": "not an address"}, "email"),
    ],
)
def test_bad_details_are_refused_naming_the_field(admin, court, mailoutbox, changes, field):
    with pytest.raises(ValidationFailed) as refused:
        _create(admin, court, **changes)
    assert refused.value.field == field
    assert not User.objects.filter(email="clara.clerk@court.example").exists() and not mailoutbox


def test_a_court_administrator_cannot_create_or_promote_court_administrators(
    admin, court, mailoutbox
):
    assert admin_services.roles_assignable_by(actor=admin, court=court) == (
        Role.CLERK,
        Role.JUDGE,
    )
    with pytest.raises(PermissionDenied, match="Only a system administrator"):
        _create(admin, court, role=Role.COURT_ADMINISTRATOR)
    clerk = factories.court_staff(Role.CLERK, court, email="clerk@court.example")
    with pytest.raises(PermissionDenied):
        admin_services.court_assignment_add(
            actor=admin, court=court, email=clerk.email, role=Role.COURT_ADMINISTRATOR
        )
    other = factories.user(Role.COURT_ADMINISTRATOR, email="otis@court.example")
    with pytest.raises(ValidationFailed, match="only clerk and judge accounts"):
        admin_services.court_assignment_add(
            actor=admin, court=court, email=other.email, role=Role.CLERK
        )
    colleague = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    with pytest.raises(PermissionDenied):
        admin_services.court_assignment_remove(
            actor=admin, assignment=colleague.court_assignments.get()
        )
    clerk.refresh_from_db()
    assert clerk.role == Role.CLERK and not mailoutbox


def test_another_courts_administrator_cannot_create_accounts_here(court, other_court):
    stranger = factories.court_staff(Role.COURT_ADMINISTRATOR, other_court)
    with pytest.raises(PermissionDenied, match="not assigned to the St"):
        _create(stranger, court)


def test_a_system_administrator_creates_assigns_and_promotes_court_administrators(
    system_admin, court, other_court, mailoutbox
):
    assert Role.COURT_ADMINISTRATOR in admin_services.roles_assignable_by(
        actor=system_admin, court=court
    )
    new_admin = _create(
        system_admin, court, email="cora@court.example", role=Role.COURT_ADMINISTRATOR
    )
    assert new_admin.role == Role.COURT_ADMINISTRATOR and not new_admin.is_superuser
    assert "court administrator of the St. Louis County" in mailoutbox[0].body
    admin_services.court_assignment_add(
        actor=system_admin, court=other_court, email=new_admin.email, role=new_admin.role
    )
    assert new_admin.court_assignments.count() == 2
    clerk = factories.court_staff(Role.CLERK, court, email="clerk@court.example")
    admin_services.court_assignment_add(
        actor=system_admin,
        court=court,
        email=clerk.email,
        role=Role.COURT_ADMINISTRATOR,
        change_role=True,
    )
    clerk.refresh_from_db()
    assert clerk.role == Role.COURT_ADMINISTRATOR
    admin_services.court_assignment_remove(
        actor=system_admin, assignment=clerk.court_assignments.get()
    )
    assert not clerk.court_assignments.exists()
    another_system_admin = factories.user(Role.COURT_ADMINISTRATOR, is_superuser=True)
    with pytest.raises(Conflict, match="is a system administrator"):
        admin_services.court_assignment_add(
            actor=system_admin,
            court=court,
            email=another_system_admin.email,
            role=Role.CLERK,
            change_role=True,
        )
