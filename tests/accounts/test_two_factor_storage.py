"""TOTP secrets are stored encrypted under EFILING_FIELD_KEY: a database copy alone cannot make
second-factor codes, keys can be rotated, and a wrong key refuses codes without an error page."""

import importlib
import io
import logging
import secrets
from datetime import timedelta

import pyotp
import pytest
import time_machine
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from efiling.accounts import two_factor
from efiling.accounts.models import Role, User
from efiling.core import clock, secrets_at_rest
from tests import factories
from tests.core.test_settings import _django

migration = importlib.import_module("efiling.accounts.migrations.0003_encrypt_totp_secrets")

STEP = timedelta(seconds=two_factor.STEP_SECONDS)


def _new_key() -> str:
    return Fernet.generate_key().decode()


def _stored_secret(user) -> str:
    return User.objects.filter(pk=user.pk).values_list("totp_secret", flat=True).get()


def _enrolled(role=Role.CLERK) -> tuple[User, pyotp.TOTP]:
    user = factories.user(role)
    secret = two_factor.new_secret()
    two_factor.totp_enroll(user=user, secret=secret, code=pyotp.TOTP(secret).now())
    return user, pyotp.TOTP(secret)


def _sign_in(client, user):
    return client.post("/accounts/sign-in/", {"email": user.email, "password": factories.PASSWORD})


def _signed_in(client) -> bool:
    return client.get("/accounts/profile/").status_code == 200


def test_enrolment_stores_only_the_encrypted_secret_and_codes_still_sign_in(db):
    user = factories.user(Role.JUDGE)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        enrolling = Client()
        _sign_in(enrolling, user)
        enrolling.get("/accounts/sign-in/code/")
        pending = enrolling.session["efiling_pending_secret"]
        secret = secrets_at_rest.decrypt(pending)
        assert secret not in pending  # the session (in the database) holds it encrypted too
        totp = pyotp.TOTP(secret)
        enrolling.post("/accounts/sign-in/code/", {"code": totp.now()})
        assert _signed_in(enrolling)

        stored = _stored_secret(user)
        assert secrets_at_rest.is_encrypted(stored) and secret not in stored
        assert secrets_at_rest.decrypt(stored) == secret

        traveller.shift(STEP)
        client = Client()
        _sign_in(client, user)
        assert client.post("/accounts/sign-in/code/", {"code": totp.now()})["Location"] == "/home/"


def test_a_code_in_other_digits_is_a_wrong_code_not_a_500(db):
    """Arabic-Indic and fullwidth digits pass isdigit(); compare_digest then raised."""
    user = factories.user(Role.JUDGE)
    enrolling = Client()
    _sign_in(enrolling, user)
    enrolling.get("/accounts/sign-in/code/")
    for code in ("\u0661\u0662\u0663\u0664\u0665\u0666", "\uff11\uff12\uff13\uff14\uff15\uff16"):
        response = enrolling.post("/accounts/sign-in/code/", {"code": code})
        assert 400 <= response.status_code < 500, code
        assert not _signed_in(enrolling)


def test_rotation_old_key_still_decrypts_and_new_writes_use_the_first_key(db, settings):
    old_key, new_key = _new_key(), _new_key()
    settings.EFILING_FIELD_KEY = old_key
    with time_machine.travel(clock.now(), tick=False) as traveller:
        enrolled_before, totp = _enrolled()
        settings.EFILING_FIELD_KEY = f"{new_key},{old_key}"
        traveller.shift(STEP)
        assert two_factor.second_factor_verify(user=enrolled_before, code=totp.now())

        enrolled_after, totp_after = _enrolled()
    settings.EFILING_FIELD_KEY = new_key
    assert secrets_at_rest.decrypt(_stored_secret(enrolled_after)) == totp_after.secret
    with pytest.raises(secrets_at_rest.DecryptionFailed):
        secrets_at_rest.decrypt(_stored_secret(enrolled_before))


def test_migration_encrypts_plain_secrets_and_leaves_encrypted_ones_alone(db):
    plain = pyotp.random_base32()
    plain_user = factories.user(Role.CLERK, totp_secret=plain)
    token = secrets_at_rest.encrypt(pyotp.random_base32())
    encrypted_user = factories.user(Role.CLERK, totp_secret=token)
    without_factor = factories.user(Role.ATTORNEY)

    migration.encrypt_plain_secrets(apps, None)

    assert secrets_at_rest.decrypt(_stored_secret(plain_user)) == plain
    assert _stored_secret(encrypted_user) == token
    assert _stored_secret(without_factor) == ""

    migration.decrypt_secrets(apps, None)
    assert _stored_secret(plain_user) == plain


def test_wrong_key_refuses_the_code_cleanly_and_tells_operators(db, settings, caplog):
    user, totp = _enrolled()
    recovery_code = two_factor.recovery_codes_generate(user=user)[0]
    settings.EFILING_FIELD_KEY = _new_key()
    client = Client()
    _sign_in(client, user)
    with time_machine.travel(clock.now() + STEP, tick=False), caplog.at_level(logging.ERROR):
        response = client.post("/accounts/sign-in/code/", {"code": totp.now()})
    assert response.status_code == 400 and b"That code is not right" in response.content
    assert not _signed_in(client)
    assert any(
        "EFILING_FIELD_KEY" in record.getMessage() and record.name == two_factor.__name__
        for record in caplog.records
    )
    # Recovery codes are hashed, not encrypted: they still let the user in.
    assert client.post("/accounts/sign-in/code/", {"code": recovery_code})["Location"] == "/home/"


def test_malformed_key_is_refused_with_a_clear_message():
    with pytest.raises(ImproperlyConfigured, match="EFILING_FIELD_KEY"):
        secrets_at_rest.cipher("not-a-fernet-key")


def test_production_refuses_to_start_without_a_field_key(tmp_path):
    env = {"EFILING_ENV": "production", "EFILING_SECRET_KEY": secrets.token_urlsafe(50)}
    result = _django(tmp_path, env, "check")
    assert result.returncode != 0 and "EFILING_FIELD_KEY" in result.stderr


def test_embedded_mode_makes_and_keeps_its_own_field_key(tmp_path):
    assert _django(tmp_path, {}, "check").returncode == 0
    key_file = tmp_path / "field_key"
    first = key_file.read_text()
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    secrets_at_rest.cipher(first)
    _django(tmp_path, {}, "check")
    assert key_file.read_text() == first


def test_rotate_field_key_reencrypts_so_the_old_key_can_go(db, settings):
    from django.core.management import CommandError, call_command

    old_key, new_key = _new_key(), _new_key()
    settings.EFILING_FIELD_KEY = old_key
    user, totp = _enrolled()
    settings.EFILING_FIELD_KEY = f"{new_key},{old_key}"
    call_command("rotate_field_key", stdout=io.StringIO())
    settings.EFILING_FIELD_KEY = new_key
    assert secrets_at_rest.decrypt(_stored_secret(user)) == totp.secret

    settings.EFILING_FIELD_KEY = _new_key()  # a key that opens nothing stored
    with pytest.raises(CommandError, match=f"users {user.pk}"):
        call_command("rotate_field_key", stdout=io.StringIO())
    settings.EFILING_FIELD_KEY = new_key
    assert secrets_at_rest.decrypt(_stored_secret(user)) == totp.secret  # left as it was
