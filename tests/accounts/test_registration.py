import pytest
from django.test import Client

from efiling.accounts.models import BarStatus, Role, User
from efiling.accounts.permissions import Action, can
from efiling.audit.models import AuditEvent
from tests import factories
from tests.conftest import link_in

GOOD_PASSWORD = "a long enough passphrase 42"


def _form(**overrides):
    data = {
        "first_name": "Avery",
        "last_name": "Lawson",
        "email": "avery@lawson.example",
        "phone": "573-555-0100",
        "address_line1": "1 Main Street",
        "city": "Jefferson City",
        "state": "mo",
        "postal_code": "65101",
        "password": GOOD_PASSWORD,
        "password_again": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


def test_attorney_registers_confirms_by_real_email_and_can_then_file(db, smtp_server):
    member = factories.bar_member(first_name="Avery", last_name="Lawson")
    client = Client()
    response = client.post("/accounts/register/", _form(bar_number=member.bar_number))
    assert (
        response.status_code == 302
        and response["Location"] == "/accounts/register/check-your-email/"
    )
    user = User.objects.get(email="avery@lawson.example")
    assert (user.role, user.bar_member, user.state) == (Role.ATTORNEY, member, "MO")
    assert user.email_confirmed_at is None
    assert not can(user, Action.FILE_NEW_CASE)  # not before the address is confirmed

    [body] = smtp_server.bodies_to("avery@lawson.example")
    link = link_in(body)
    assert client.get(link).status_code == 302
    user.refresh_from_db()
    assert user.email_confirmed_at is not None
    assert can(user, Action.FILE_NEW_CASE)
    assert client.get(link).status_code == 400  # a link works once
    assert AuditEvent.objects.filter(action="user.email_confirmed", object_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    "status", [BarStatus.SUSPENDED, BarStatus.INACTIVE, BarStatus.DISBARRED, BarStatus.DECEASED]
)
def test_bar_number_not_in_good_standing_is_refused(db, status):
    member = factories.bar_member(status=status)
    response = Client().post("/accounts/register/", _form(bar_number=member.bar_number))
    assert response.status_code == 422
    assert b"is not in good standing" in response.content
    assert not User.objects.filter(email="avery@lawson.example").exists()


@pytest.mark.parametrize(
    ("form", "status", "message"),
    [
        ({"bar_number": "99999999"}, 422, b"is not on the Missouri bar roster"),
        ({"last_name": "Smith"}, 422, b"does not match the bar roster"),
        ({"first_name": "Jordan"}, 422, b"does not match the bar roster"),
        ({"password": "short", "password_again": "short"}, 422, b"too short"),
        ({"password_again": "something else entirely"}, 400, b"are not the same"),
        ({"email": "not-an-address"}, 400, b"valid e-mail address"),
        ({"first_name": "x" * 61}, 400, b"at most 60 characters"),
    ],
)
def test_registration_refusals_are_clear_and_write_nothing(db, form, status, message):
    member = factories.bar_member(first_name="Avery", last_name="Lawson")
    data = _form(bar_number=member.bar_number)
    data.update(form)
    response = Client().post("/accounts/register/", data)
    assert response.status_code == status
    assert message in response.content
    assert b'role="alert"' in response.content
    assert User.objects.filter(role=Role.ATTORNEY).count() == 0


def test_bar_number_already_registered_is_refused(db):
    existing = factories.user(Role.ATTORNEY)
    response = Client().post(
        "/accounts/register/",
        _form(bar_number=existing.bar_member.bar_number, first_name="Avery", last_name="Lawson"),
    )
    assert response.status_code == 409
    assert b"already registered" in response.content


def test_email_already_used_is_refused(db):
    factories.user(Role.STAFF, email="avery@lawson.example")
    member = factories.bar_member()
    response = Client().post("/accounts/register/", _form(bar_number=member.bar_number))
    assert response.status_code == 409 and b"already exists" in response.content


def test_name_match_ignores_case_accents_and_punctuation(db, smtp_server):
    member = factories.bar_member(first_name="José", last_name="O'Brien-Núñez")
    response = Client().post(
        "/accounts/register/",
        _form(bar_number=member.bar_number, first_name="jose", last_name="OBrien Nunez"),
    )
    assert response.status_code == 302
    user = User.objects.get(bar_member=member)  # the roster's name, not as typed
    assert (user.first_name, user.last_name) == ("José", "O'Brien-Núñez")


def test_pro_hac_vice_registers_with_home_state(db, smtp_server):
    response = Client().post(
        "/accounts/register/pro-hac-vice/",
        _form(email="kansas@firm.example", home_state="ks", home_bar_number="12345"),
    )
    assert response.status_code == 302
    user = User.objects.get(email="kansas@firm.example")
    assert (user.role, user.home_state, user.home_bar_number) == (Role.PRO_HAC_VICE, "KS", "12345")
    assert not can(user, Action.FILE_NEW_CASE)  # only into cases where admitted


def test_pro_hac_vice_cannot_claim_missouri(db):
    response = Client().post(
        "/accounts/register/pro-hac-vice/", _form(home_state="MO", home_bar_number="1")
    )
    assert response.status_code == 422 and b"two-letter code" in response.content


def test_staff_registers(db, smtp_server):
    response = Client().post("/accounts/register/staff/", _form(email="para@firm.example"))
    assert response.status_code == 302
    assert User.objects.get(email="para@firm.example").role == Role.STAFF


def test_self_represented_registration_is_off_by_default(db):
    response = Client().post("/accounts/register/self-represented/", _form())
    assert response.status_code == 404
    assert b"not open in this system yet" in response.content
    assert not User.objects.exists() or not User.objects.filter(role=Role.SELF_REPRESENTED).exists()


def test_self_represented_registration_when_switched_on(db, settings, smtp_server):
    settings.EFILING_SELF_REPRESENTED_ENABLED = True
    response = Client().post("/accounts/register/self-represented/", _form(email="me@home.example"))
    assert response.status_code == 302
    user = User.objects.get(email="me@home.example")
    user.email_confirmed_at = user.date_joined
    user.save()
    assert can(user, Action.FILE_IN_CASE)
    settings.EFILING_SELF_REPRESENTED_ENABLED = False
    assert not can(user, Action.FILE_IN_CASE)


def test_expired_or_forged_confirmation_link(db):
    response = Client().get("/accounts/confirm/not-a-real-token/")
    assert response.status_code == 400
    assert b"expired or was already used" in response.content
