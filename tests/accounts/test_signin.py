import re
from datetime import timedelta
from urllib.parse import unquote

import pyotp
import pytest
import time_machine
from django.test import Client

from efiling.accounts import signin
from efiling.accounts.models import Role, SignInFailure, User
from efiling.audit.models import AuditEvent
from efiling.core import clock, secrets_at_rest
from tests import factories
from tests.conftest import link_in

PASSWORD = factories.PASSWORD


def _sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/accounts/sign-in/", {"email": email, "password": password}, **extra)


def _signed_in(client) -> bool:
    return client.get("/accounts/profile/").status_code == 200


def _enable_totp(user) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    user.totp_secret = secrets_at_rest.encrypt(secret)
    user.totp_confirmed_at = clock.now()
    user.save()
    return pyotp.TOTP(secret)


def test_attorney_without_second_factor_signs_in_with_password(db):
    user = factories.user(Role.ATTORNEY)
    client = Client()
    response = _sign_in(client, user.email.upper())
    assert response.status_code == 302 and response["Location"] == "/home/"
    assert _signed_in(client)
    assert AuditEvent.objects.filter(action="user.signed_in", object_id=str(user.pk)).exists()


def test_wrong_password_is_refused_with_a_clear_message(db):
    user = factories.user(Role.ATTORNEY)
    client = Client()
    response = _sign_in(client, user.email, "wrong password")
    assert response.status_code == 422
    assert b"The e-mail address or password is not right." in response.content
    assert not _signed_in(client)


@pytest.mark.parametrize("role", [Role.CLERK, Role.JUDGE, Role.COURT_ADMINISTRATOR, Role.HELP_DESK])
def test_court_staff_cannot_sign_in_without_a_second_factor(db, role):
    user = factories.user(role)
    client = Client()
    response = _sign_in(client, user.email)
    assert response["Location"] == "/accounts/sign-in/code/"
    assert not _signed_in(client)
    page = client.get("/accounts/sign-in/code/")
    assert b"must use a second factor" in page.content
    secret = secrets_at_rest.decrypt(client.session["efiling_pending_secret"])
    assert not _signed_in(client)
    response = client.post("/accounts/sign-in/code/", {"code": "000000"})
    assert response.status_code in (400, 422) and not _signed_in(client)
    response = client.post("/accounts/sign-in/code/", {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == "/accounts/two-factor/recovery-codes/"
    codes_page = client.get(response["Location"])
    assert b"shown only once" in codes_page.content
    page = codes_page.content.decode()  # downloadable as a text file, and printable
    assert 'download="efiling-recovery-codes.txt"' in page and "Print the codes" in page
    link = re.search(r'href="data:text/plain;charset=utf-8,([^"]+)"', page)[1]
    shown = re.findall(r"<li><code>([^<]+)</code></li>", page)
    assert len(shown) == 10 and all(code in unquote(link) for code in shown)
    assert client.get(response["Location"]).content.count(b"<code>") == 0  # once only
    assert _signed_in(client)
    user.refresh_from_db()
    assert user.has_two_factor and user.recovery_codes.count() == 10


def test_second_factor_code_cannot_be_replayed(db):
    user = factories.user(Role.CLERK)
    totp = _enable_totp(user)
    with time_machine.travel(clock.now(), tick=False):
        code = totp.now()
        first = Client()
        _sign_in(first, user.email)
        assert first.post("/accounts/sign-in/code/", {"code": code})["Location"] == "/home/"
        second = Client()
        _sign_in(second, user.email)
        response = second.post("/accounts/sign-in/code/", {"code": code})
        assert response.status_code == 400 and b"already used" in response.content


def test_recovery_code_signs_in_once(db):
    from efiling.accounts.two_factor import recovery_codes_generate

    user = factories.user(Role.JUDGE)
    _enable_totp(user)
    code = recovery_codes_generate(user=user)[0]
    client = Client()
    _sign_in(client, user.email)
    assert client.post("/accounts/sign-in/code/", {"code": code.upper()})["Location"] == "/home/"
    again = Client()
    _sign_in(again, user.email)
    assert again.post("/accounts/sign-in/code/", {"code": code}).status_code == 400


def test_pending_second_step_expires(db):
    user = factories.user(Role.CLERK)
    totp = _enable_totp(user)
    client = Client()
    _sign_in(client, user.email)
    with time_machine.travel(clock.now() + timedelta(minutes=6)):
        response = client.post("/accounts/sign-in/code/", {"code": totp.now()})
    assert response["Location"] == "/accounts/sign-in/"
    assert not _signed_in(client)


def test_failures_slow_down_then_lock_the_account(db, settings):
    user = factories.user(Role.ATTORNEY)
    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = Client()
        for _ in range(settings.EFILING_SIGNIN_SLOW_AFTER):
            assert _sign_in(client, user.email, "wrong").status_code == 422
        slowed = _sign_in(client, user.email)  # even the right password must wait
        assert slowed.status_code == 429 and b"wait 2 seconds" in slowed.content
        traveller.shift(3)
        assert _sign_in(client, user.email, "wrong").status_code == 422
        for _ in range(settings.EFILING_SIGNIN_LOCK_AFTER):
            traveller.shift(61)
            _sign_in(client, user.email, "wrong")
        traveller.shift(61)
        locked = _sign_in(client, user.email)
        assert locked.status_code == 429 and b"this account is locked until" in locked.content
        traveller.shift(settings.EFILING_SIGNIN_WINDOW_SECONDS + 1)
        assert _sign_in(client, user.email)["Location"] == "/home/"


def test_failures_from_one_address_lock_that_address(db, settings):
    users = [factories.user(Role.ATTORNEY) for _ in range(settings.EFILING_SIGNIN_LOCK_AFTER)]
    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        for user in users:
            traveller.shift(61)
            _sign_in(Client(REMOTE_ADDR="192.0.2.7"), user.email, "wrong")
        fresh = factories.user(Role.ATTORNEY)
        traveller.shift(61)
        blocked = _sign_in(Client(REMOTE_ADDR="192.0.2.7"), fresh.email)
        assert blocked.status_code == 429 and b"this address is locked" in blocked.content
        assert _sign_in(Client(REMOTE_ADDR="192.0.2.8"), fresh.email)["Location"] == "/home/"


def test_unlocking_an_account_lets_it_in_from_the_address_it_was_locked_out_at(db, settings):
    """The failures that locked an account also counted against its computer's address; the
    help desk's unlock (failures_clear) forgets both, but not another account's failures from
    that address (found by issue 15's trial: unlocked, the attorney was still refused, "this
    address is locked")."""
    user, other = factories.user(Role.ATTORNEY), factories.user(Role.ATTORNEY)
    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        _sign_in(Client(REMOTE_ADDR="192.0.2.9"), other.email, "wrong")
        for _ in range(settings.EFILING_SIGNIN_LOCK_AFTER):
            traveller.shift(61)
            _sign_in(Client(REMOTE_ADDR="192.0.2.9"), user.email, "wrong")
        traveller.shift(61)
        locked = _sign_in(Client(REMOTE_ADDR="192.0.2.9"), user.email)
        assert locked.status_code == 429
        signin.failures_clear(email=user.email.upper())
        assert _sign_in(Client(REMOTE_ADDR="192.0.2.9"), user.email)["Location"] == "/home/"
        assert SignInFailure.objects.filter(key="address:192.0.2.9", account=other.email).exists()


def test_the_wait_named_is_the_longest_of_account_and_address(db, settings):
    """A slowed-down address with more failures than the account: the message names the
    address and its wait, so that waiting as told is enough (issue 15's trial: told 7 seconds,
    refused again after 8)."""
    user = factories.user(Role.ATTORNEY)
    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(settings.EFILING_SIGNIN_SLOW_AFTER + 2):
            _sign_in(Client(REMOTE_ADDR="192.0.2.10"), factories.user(Role.ATTORNEY).email, "x")
            traveller.shift(1)
        slowed = _sign_in(Client(REMOTE_ADDR="192.0.2.10"), user.email)
        assert slowed.status_code == 429
        text = slowed.content.decode()
        assert "from this address: wait" in text
        wait = int(re.search(r"wait (\d+) seconds", text).group(1))
        traveller.shift(wait)
        assert _sign_in(Client(REMOTE_ADDR="192.0.2.10"), user.email)["Location"] == "/home/"


def test_unsafe_next_is_ignored(db):
    user = factories.user(Role.ATTORNEY)
    client = Client()
    response = client.post(
        "/accounts/sign-in/?next=https://evil.example/", {"email": user.email, "password": PASSWORD}
    )
    assert response["Location"] == "/home/"
    client = Client()
    response = client.post(
        "/accounts/sign-in/?next=/accounts/staff/", {"email": user.email, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/staff/"


def test_admin_sign_in_goes_through_the_second_factor(db):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_sign_out_everywhere_ends_every_session(db):
    user = factories.user(Role.ATTORNEY)
    laptop, phone = Client(), Client()
    _sign_in(laptop, user.email)
    _sign_in(phone, user.email)
    assert phone.post("/accounts/sign-out-everywhere/")["Location"] == "/accounts/sign-in/"
    assert not _signed_in(laptop) and not _signed_in(phone)


def test_changing_the_password_ends_other_sessions_only(db):
    user = factories.user(Role.ATTORNEY)
    here, elsewhere = Client(), Client()
    _sign_in(here, user.email)
    _sign_in(elsewhere, user.email)
    new = "another long passphrase 77"
    response = here.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == "/accounts/profile/"
    assert _signed_in(here) and not _signed_in(elsewhere)


def test_session_ends_after_inactivity(db, settings):
    user = factories.user(Role.ATTORNEY)
    client = Client()
    _sign_in(client, user.email)
    assert _signed_in(client)
    with time_machine.travel(
        clock.now() + timedelta(seconds=settings.EFILING_SESSION_IDLE_SECONDS + 5)
    ):
        response = client.get("/accounts/profile/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_password_reset_by_real_email(db, smtp_server):
    user = factories.user(Role.ATTORNEY)
    client = Client()
    response = client.post("/accounts/password-reset/", {"email": user.email})
    assert response["Location"] == "/accounts/password-reset/sent/"
    [body] = smtp_server.bodies_to(user.email)
    link = link_in(body)
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    new = "a brand new passphrase 19"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done["Location"] == "/accounts/sign-in/"
    assert _sign_in(Client(), user.email, PASSWORD).status_code == 422
    assert _sign_in(Client(), user.email, new)["Location"] == "/home/"
    assert b"Link not valid" in Client().get(link, follow=True).content


def test_password_reset_for_unknown_address_reveals_nothing(db, smtp_server):
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.test"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert smtp_server.messages == []


def test_password_is_hashed_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User.objects.create_user("argon@example.test", PASSWORD, role=Role.STAFF)
    assert user.password.startswith("argon2$")
