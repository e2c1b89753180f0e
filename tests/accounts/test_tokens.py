import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from efiling.accounts.models import ApiToken, Role, User
from efiling.accounts.tokens import (
    MAX_ACTIVE_TOKENS,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    api_tokens_of,
)
from efiling.audit.models import AuditEvent
from efiling.audit.services import audit_chain_verify
from efiling.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests import factories

pytestmark = pytest.mark.django_db


def _user(email="alice@firm.example", role=Role.ATTORNEY, **fields):
    fields.setdefault("second_factor_due_at", factories.in_grace())
    return User.objects.create_user(
        email, "a long password 1", role=role, first_name="Alice", last_name="Attorney", **fields
    )


@pytest.fixture
def attorney():
    return _user()


def test_token_is_stored_hashed_and_shown_once(attorney):
    token, raw = api_token_create(user=attorney, name="Case manager", scope="file")
    assert raw.startswith("efl_") and len(raw) >= 4 + 43
    token.refresh_from_db()
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:12]
    # The secret is stored nowhere: not in any column of the row, not in the audit trail.
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(raw in str(value) for value in row.values())
    event = AuditEvent.objects.get(action="api_token.created")
    assert raw not in json.dumps(event.details) and raw not in event.object_repr
    assert event.details == {"name": "Case manager", "scope": "file", "prefix": raw[:12]}
    assert event.actor_id == attorney.pk and event.object_id == str(token.pk)
    assert audit_chain_verify().intact
    # Two tokens never share a secret.
    _, other = api_token_create(user=attorney, name="Second", scope="read")
    assert other != raw


def test_authenticate_finds_the_token_and_its_scope(attorney):
    read, raw_read = api_token_create(user=attorney, name="Reader", scope="read")
    filer, raw_file = api_token_create(user=attorney, name="Filer", scope="file")
    assert api_token_authenticate(raw_read) == read
    assert api_token_authenticate(raw_read).scope == ApiToken.Scope.READ
    assert api_token_authenticate(raw_file) == filer
    assert api_token_authenticate(raw_file).scope == ApiToken.Scope.FILE
    assert api_token_authenticate(raw_file).user == attorney


@pytest.mark.parametrize(
    "raw", ["", "efl_", "efl_not-a-token", "not-even-ours", "efl_" + "x" * 500]
)
def test_authenticate_refuses_unknown_tokens(attorney, raw):
    api_token_create(user=attorney, name="Filer", scope="file")
    assert api_token_authenticate(raw) is None


def test_authenticate_refuses_a_token_with_one_character_changed(attorney):
    _, raw = api_token_create(user=attorney, name="Filer", scope="file")
    changed = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    assert api_token_authenticate(changed) is None


def test_revoked_token_is_refused(attorney):
    token, raw = api_token_create(user=attorney, name="Filer", scope="file")
    revoked = api_token_revoke(user=attorney, token_id=token.pk)
    assert revoked.revoked_at is not None
    assert api_token_authenticate(raw) is None
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert event.object_id == str(token.pk) and event.actor_id == attorney.pk


def test_revoking_twice_is_refused_with_a_message_and_changes_nothing(attorney):
    token, _ = api_token_create(user=attorney, name="Filer", scope="file")
    first = api_token_revoke(user=attorney, token_id=token.pk).revoked_at
    with pytest.raises(Conflict, match="already revoked") as excinfo:
        api_token_revoke(user=attorney, token_id=token.pk)
    assert excinfo.value.code == "already_revoked"
    token.refresh_from_db()
    assert token.revoked_at == first
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_token_of_a_disabled_account_is_refused(attorney):
    _, raw = api_token_create(user=attorney, name="Filer", scope="file")
    attorney.is_active = False
    attorney.save()
    assert api_token_authenticate(raw) is None


def test_another_users_token_cannot_be_revoked(attorney):
    token, raw = api_token_create(user=attorney, name="Filer", scope="file")
    mallory = _user("mallory@elsewhere.example")
    with pytest.raises(NotFound):
        api_token_revoke(user=mallory, token_id=token.pk)
    with pytest.raises(NotFound):
        api_token_revoke(user=attorney, token_id=token.pk + 1000)
    assert api_token_authenticate(raw) == token
    assert not AuditEvent.objects.filter(action="api_token.revoked").exists()


def test_last_used_is_written_at_most_once_a_minute(attorney):
    start = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        token, raw = api_token_create(user=attorney, name="Filer", scope="file")
        assert token.last_used_at is None
        api_token_authenticate(raw)
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        api_token_authenticate(raw)
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        api_token_authenticate(raw)
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(seconds=61)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a name"),
        ("   ", "Enter a name"),
        ("x" * 81, "at most 80 characters"),
    ],
)
def test_name_must_be_1_to_80_characters(attorney, name, message):
    with pytest.raises(ValidationFailed, match=message) as excinfo:
        api_token_create(user=attorney, name=name, scope="read")
    assert excinfo.value.field == "name"
    assert not ApiToken.objects.exists()


def test_name_of_80_characters_is_accepted_and_trimmed(attorney):
    token, _ = api_token_create(user=attorney, name=" " + "x" * 80 + " ", scope="read")
    assert token.name == "x" * 80


def test_name_is_unique_among_active_tokens_only(attorney):
    first, _ = api_token_create(user=attorney, name="Case manager", scope="read")
    with pytest.raises(Conflict, match="already have an active API token named") as excinfo:
        api_token_create(user=attorney, name="case MANAGER", scope="file")
    assert excinfo.value.field == "name"
    # Another user may use the same name; after revoking, the owner may reuse it.
    api_token_create(user=_user("bob@firm.example"), name="Case manager", scope="read")
    api_token_revoke(user=attorney, token_id=first.pk)
    again, _ = api_token_create(user=attorney, name="Case manager", scope="file")
    assert again.pk != first.pk


def test_scope_must_be_read_or_file(attorney):
    with pytest.raises(ValidationFailed, match="'read'") as excinfo:
        api_token_create(user=attorney, name="Admin", scope="admin")
    assert excinfo.value.field == "scope"


def test_at_most_20_active_tokens(attorney):
    tokens = [
        api_token_create(user=attorney, name=f"Token {i}", scope="read")[0]
        for i in range(MAX_ACTIVE_TOKENS)
    ]
    assert MAX_ACTIVE_TOKENS == 20
    with pytest.raises(Conflict, match="20 active API tokens") as excinfo:
        api_token_create(user=attorney, name="One too many", scope="read")
    assert excinfo.value.code == "too_many_tokens"
    api_token_revoke(user=attorney, token_id=tokens[0].pk)
    api_token_create(user=attorney, name="One too many", scope="read")
    assert ApiToken.objects.filter(user=attorney, revoked_at__isnull=True).count() == 20


@pytest.mark.parametrize("role", [Role.CLERK, Role.JUDGE, Role.COURT_ADMINISTRATOR, Role.HELP_DESK])
def test_court_staff_cannot_create_tokens(role):
    with pytest.raises(PermissionDenied, match="account cannot do this"):
        api_token_create(user=_user(role=role), name="Mine", scope="read")


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.PRO_HAC_VICE, Role.STAFF])
def test_filers_can_create_tokens(role):
    token, _ = api_token_create(user=_user(role=role), name="Mine", scope="file")
    assert token.pk


def test_tokens_of_lists_own_tokens_active_first(attorney):
    old, _ = api_token_create(user=attorney, name="Old", scope="read")
    new, _ = api_token_create(user=attorney, name="New", scope="read")
    api_token_create(user=_user("bob@firm.example"), name="Bob's", scope="read")
    api_token_revoke(user=attorney, token_id=new.pk)
    assert list(api_tokens_of(user=attorney)) == [old, new]


# The page (/accounts/tokens/)


@pytest.fixture
def browser_client(attorney):
    client = Client()
    client.force_login(attorney)
    return client


def test_page_creates_a_token_and_shows_it_only_once(browser_client, attorney):
    response = browser_client.post("/accounts/tokens/", {"name": "Case manager", "scope": "file"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["raw_token"]
    page = response.content.decode()
    assert raw in page and "Copy your new token now" in page and "only time" in page
    token = ApiToken.objects.get(user=attorney)
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    again = browser_client.get("/accounts/tokens/").content.decode()
    assert raw not in again and "Case manager" in again and raw[:12] in again


def test_page_errors_are_400_with_the_summary(browser_client, attorney):
    response = browser_client.post("/accounts/tokens/", {"name": "", "scope": "root"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert 'href="#id_name"' in page and 'href="#id_scope_0"' in page
    assert 'aria-describedby="id_name-hint id_name-error"' in page
    assert 'aria-describedby="id_scope-hint id_scope-error"' in page
    api_token_create(user=attorney, name="Case manager", scope="read")
    duplicate = browser_client.post("/accounts/tokens/", {"name": "Case manager", "scope": "read"})
    assert duplicate.status_code == 400
    assert "already have an active API token named" in duplicate.content.decode()
    assert ApiToken.objects.count() == 1


def test_page_revokes_with_a_message(browser_client, attorney):
    token, raw = api_token_create(user=attorney, name="Case manager", scope="file")
    assert browser_client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    response = browser_client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert response.redirect_chain == [("/accounts/tokens/", 302)]
    assert "is revoked" in response.content.decode()
    assert api_token_authenticate(raw) is None
    again = browser_client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert "already revoked" in again.content.decode()


def test_page_cannot_revoke_another_users_token(browser_client):
    token, raw = api_token_create(user=_user("bob@firm.example"), name="Bob's", scope="file")
    response = browser_client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert "You have no API token with that number" in response.content.decode()
    assert api_token_authenticate(raw) == token


def test_page_is_for_filers_only(db):
    assert Client().get("/accounts/tokens/").status_code == 302
    client = Client()
    client.force_login(_user("clara@court.example", role=Role.CLERK))
    response = client.get("/accounts/tokens/")
    assert response.status_code == 403
    assert "clerk account cannot do this" in response.content.decode()
