"""Filers' second factor: required for new accounts at their first sign-in; existing accounts
sign in without one during their grace period (reminded, with a link to set it up), and after
it are sent to the set-up before anything else; API tokens wait for it too."""

from datetime import datetime, timedelta

import pyotp
import pytest
from django.test import Client

from efiling.accounts.models import ApiToken, Role, User
from efiling.accounts.signin import second_factor_grace_start
from efiling.accounts.tokens import api_token_create
from efiling.core import clock, secrets_at_rest
from tests import factories

PASSWORD = factories.PASSWORD
CODE_PAGE = "/accounts/sign-in/code/"
NOW = datetime(2026, 12, 1, 18, 0, tzinfo=clock.UTC)
FILER_ROLES = [Role.ATTORNEY, Role.PRO_HAC_VICE, Role.STAFF, Role.SELF_REPRESENTED]


def _sign_in(client, user):
    return client.post("/accounts/sign-in/", {"email": user.email, "password": PASSWORD})


def _signed_in(client) -> bool:
    return client.get("/accounts/profile/").status_code == 200


@pytest.mark.parametrize("role", FILER_ROLES)
def test_a_new_filer_account_sets_up_its_second_factor_at_its_first_sign_in(db, role):
    user = factories.user(role, second_factor_due_at=None)  # a new account: no grace
    client = Client()
    response = _sign_in(client, user)
    assert response["Location"] == CODE_PAGE and not _signed_in(client)
    assert b"must use a second factor" in client.get(CODE_PAGE).content
    secret = secrets_at_rest.decrypt(client.session["efiling_pending_secret"])
    response = client.post(CODE_PAGE, {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == "/accounts/two-factor/recovery-codes/"
    assert _signed_in(client)
    user.refresh_from_db()
    assert user.has_two_factor


def test_in_the_grace_period_sign_in_reminds_and_links_to_the_set_up(db, pinned_clock):
    pinned_clock(NOW)
    user = factories.user(Role.ATTORNEY, second_factor_due_at=NOW + timedelta(days=12))
    client = Client()
    response = _sign_in(client, user)
    assert response["Location"] == "/home/"
    page = client.get("/").content.decode()  # the page the sign-in leads to
    assert _signed_in(client)
    assert "Set up a second factor by Sunday, December 13, 2026: after that day" in page
    assert '<a href="/accounts/two-factor/">Set it up now</a>' in page


def test_after_the_grace_period_sign_in_goes_to_the_set_up_first(db):
    user = factories.user(Role.STAFF, second_factor_due_at=clock.now() - timedelta(minutes=1))
    client = Client()
    assert _sign_in(client, user)["Location"] == CODE_PAGE
    assert not _signed_in(client)
    assert client.get("/filings/").status_code == 302  # nothing else before it


def test_a_filer_with_a_second_factor_is_asked_for_it(db):
    user = factories.user(Role.ATTORNEY)  # in grace, but enrolled: the code is asked
    secret = pyotp.random_base32()
    user.totp_secret = secrets_at_rest.encrypt(secret)
    user.totp_confirmed_at = clock.now()
    user.save()
    client = Client()
    assert _sign_in(client, user)["Location"] == CODE_PAGE
    assert client.post(CODE_PAGE, {"code": pyotp.TOTP(secret).now()})["Location"] == "/home/"
    assert "Set up a second factor" not in client.get("/").content.decode()


def test_the_system_may_leave_it_optional_for_filers_not_for_court_staff(db, settings):
    settings.EFILING_FILER_SECOND_FACTOR_REQUIRED = False
    attorney = factories.user(Role.ATTORNEY, second_factor_due_at=None)
    client = Client()
    assert _sign_in(client, attorney)["Location"] == "/home/"
    assert "Set up a second factor" not in client.get("/").content.decode()
    clerk = factories.user(Role.CLERK)
    assert _sign_in(Client(), clerk)["Location"] == CODE_PAGE


def test_api_tokens_wait_for_the_second_factor_once_it_is_due(db):
    user = factories.user(Role.ATTORNEY)
    token = api_token_create(user=user, name="office", scope=ApiToken.Scope.READ)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/me").status_code == 200  # in the grace period
    user.second_factor_due_at = clock.now() - timedelta(seconds=1)
    user.save()
    refused = client.get("/api/v1/me")
    assert refused.status_code == 403
    assert refused.json()["code"] == "second_factor_required"
    assert "set it up" in refused.json()["detail"]
    user.totp_secret = secrets_at_rest.encrypt(pyotp.random_base32())
    user.totp_confirmed_at = clock.now()
    user.save()
    assert client.get("/api/v1/me").status_code == 200


def test_the_grace_period_starts_for_existing_filers_without_one(db, settings, pinned_clock):
    pinned_clock(NOW)
    settings.EFILING_SECOND_FACTOR_GRACE_DAYS = 30
    waiting = factories.user(Role.ATTORNEY, second_factor_due_at=None)
    enrolled = factories.user(Role.STAFF, second_factor_due_at=None, totp_confirmed_at=clock.now())
    dated = factories.user(Role.PRO_HAC_VICE)
    clerk = factories.user(Role.CLERK)
    before = dated.second_factor_due_at
    assert second_factor_grace_start(users=User.objects.all()) == 1
    waiting.refresh_from_db(), enrolled.refresh_from_db(), dated.refresh_from_db()
    clerk.refresh_from_db()
    assert waiting.second_factor_due_at == NOW + timedelta(days=30)
    assert enrolled.second_factor_due_at is None and clerk.second_factor_due_at is None
    assert dated.second_factor_due_at == before
