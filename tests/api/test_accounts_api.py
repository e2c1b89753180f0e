import pytest
from django.test import Client

from efiling.accounts.models import ApiToken, BarMember, BarStatus, Role, User
from efiling.accounts.tokens import api_token_create
from efiling.api.auth import READ_ONLY_REFUSAL
from efiling.audit.models import AuditEvent
from efiling.core import clock
from tests import factories

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"
TOKENS = "/api/v1/me/tokens"


def _user(email="alice@firm.example", role=Role.ATTORNEY, **fields):
    fields.setdefault("second_factor_due_at", factories.in_grace())
    return User.objects.create_user(
        email, "a long password 1", role=role, first_name="Alice", last_name="Attorney", **fields
    )


@pytest.fixture
def attorney():
    member = BarMember.objects.create(
        bar_number="12345",
        first_name="Alice",
        last_name="Attorney",
        status=BarStatus.GOOD_STANDING,
        updated_at=clock.now(),
    )
    return _user(bar_member=member, email_confirmed_at=clock.now(), city="Clayton", state="MO")


def _bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _token(user, scope="file", name="Case manager"):
    return api_token_create(user=user, name=name, scope=scope)


def _session(user, *, csrf=True):
    """A signed-in browser that must send the CSRF token, as a real one must."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    if csrf:
        client.get("/accounts/tokens/")  # a page with a form sets the csrftoken cookie
        assert "csrftoken" in client.cookies
    return client


def _csrf(client):
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def test_get_my_account_with_a_bearer_token(attorney):
    _, raw = _token(attorney, scope="read")
    response = Client().get(ME, **_bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "alice@firm.example"
    assert body["full_name"] == "Alice Attorney"
    assert body["role"] == "attorney" and body["role_label"] == "Attorney"
    assert body["city"] == "Clayton" and body["state"] == "MO"
    assert body["bar_number"] == "12345" and body["bar_status"] == "good_standing"
    assert body["email_confirmed"] is True and body["two_factor"] is False
    assert body["can_file"] is True and body["cannot_file_reason"] is None
    assert body["authenticated_by"] == "token" and body["token_scope"] == "read"


def test_get_my_account_with_a_session_says_why_it_cannot_file(attorney):
    attorney.bar_member.status = BarStatus.SUSPENDED
    attorney.bar_member.save()
    client = Client()
    client.force_login(attorney)
    body = client.get(ME).json()
    assert body["authenticated_by"] == "session" and body["token_scope"] is None
    assert body["bar_status"] == "suspended"
    assert body["can_file"] is False
    assert "not in good standing" in body["cannot_file_reason"]


def test_get_my_account_of_a_clerk_by_session(db):
    client = Client()
    client.force_login(_user("clara@court.example", role=Role.CLERK))
    body = client.get(ME).json()
    assert body["role"] == "clerk" and body["bar_number"] is None
    assert (
        body["can_file"] is False and "clerk account cannot do this" in body["cannot_file_reason"]
    )


@pytest.mark.parametrize("path", [ME, TOKENS])
def test_without_credentials_is_401_in_the_error_shape(db, path):
    response = Client().get(path)
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthenticated" and "Sign in" in body["detail"]
    assert set(body) == {"detail", "code"}
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer efl_wrong", "Bearer ", "Bearer nonsense"])
def test_a_wrong_token_is_401(attorney, header):
    response = Client().get(ME, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_list_tokens_never_shows_secrets(attorney):
    token, raw = _token(attorney)
    _token(_user("bob@firm.example"), name="Bob's")
    response = Client().get(TOKENS, **_bearer(raw))
    assert response.status_code == 200
    body = response.json()["items"]
    assert [t["name"] for t in body] == ["Case manager"]
    assert body[0]["id"] == token.pk and body[0]["prefix"] == raw[:12]
    assert body[0]["active"] is True and body[0]["last_used_at"] is not None
    assert raw not in response.content.decode()


def test_session_creates_a_token_with_csrf_and_sees_it_once(attorney):
    client = _session(attorney)
    response = client.post(
        TOKENS, {"name": "Case manager", "scope": "file"}, "application/json", **_csrf(client)
    )
    assert response.status_code == 201, response.content
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    raw = body["token"]
    assert raw.startswith("efl_") and body["prefix"] == raw[:12]
    assert body["scope"] == "file" and "shown only once" in body["warning"]
    # The new token works, and the secret appears in no later answer.
    assert Client().get(ME, **_bearer(raw)).json()["token_scope"] == "file"
    listed = client.get(TOKENS)
    assert raw not in listed.content.decode() and listed.json()["items"][0]["id"] == body["id"]
    event = AuditEvent.objects.get(action="api_token.created")
    assert event.channel == "api" and event.actor_id == attorney.pk


def test_session_without_csrf_cannot_create_or_revoke(attorney):
    token, raw = _token(attorney)
    client = _session(attorney, csrf=False)
    response = client.post(TOKENS, {"name": "Sneaky", "scope": "file"}, "application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    response = client.delete(f"{TOKENS}/{token.pk}")
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"
    # A wrong CSRF value is no better than none.
    client = _session(attorney)
    response = client.post(
        TOKENS,
        {"name": "Sneaky", "scope": "file"},
        "application/json",
        HTTP_X_CSRFTOKEN="x" * 32,
    )
    assert response.status_code == 403
    assert ApiToken.objects.filter(user=attorney).count() == 1
    assert Client().get(ME, **_bearer(raw)).status_code == 200


@pytest.mark.parametrize("scope", ["read", "file"])
def test_a_token_can_never_create_tokens(attorney, scope):
    _, raw = _token(attorney, scope=scope)
    response = Client().post(
        TOKENS, {"name": "Minted", "scope": "file"}, "application/json", **_bearer(raw)
    )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "token_not_allowed"
    assert "cannot create API tokens" in body["detail"]
    assert not ApiToken.objects.filter(name="Minted").exists()


def test_a_token_cannot_create_tokens_even_alongside_a_session(attorney):
    _, raw = _token(attorney, scope="file")
    client = _session(attorney)
    response = client.post(
        TOKENS,
        {"name": "Minted", "scope": "file"},
        "application/json",
        **_csrf(client),
        **_bearer(raw),
    )
    assert response.status_code == 403 and response.json()["code"] == "token_not_allowed"


def test_create_refusals_are_in_the_error_shape(attorney):
    client = _session(attorney)
    _token(attorney, name="Case manager")
    duplicate = client.post(
        TOKENS, {"name": "Case manager", "scope": "read"}, "application/json", **_csrf(client)
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "duplicate_name" and duplicate.json()["field"] == "name"
    bad_scope = client.post(
        TOKENS, {"name": "Other", "scope": "admin"}, "application/json", **_csrf(client)
    )
    assert bad_scope.status_code == 422 and bad_scope.json()["field"] == "scope"
    too_long = client.post(
        TOKENS, {"name": "x" * 81, "scope": "read"}, "application/json", **_csrf(client)
    )
    assert too_long.status_code == 422 and "at most 80" in too_long.json()["detail"]
    missing = client.post(TOKENS, {"name": "Other"}, "application/json", **_csrf(client))
    assert missing.status_code == 422 and missing.json()["code"] == "invalid"


def test_revoke_by_token_then_the_token_gets_401(attorney):
    target, target_raw = _token(attorney, name="Old integration")
    _, raw = _token(attorney, scope="file", name="Admin script")
    response = Client().delete(f"{TOKENS}/{target.pk}", **_bearer(raw))
    assert response.status_code == 204
    assert response.content == b""
    revoked = Client().get(ME, **_bearer(target_raw))
    assert revoked.status_code == 401 and revoked.json()["code"] == "unauthenticated"
    again = Client().delete(f"{TOKENS}/{target.pk}", **_bearer(raw))
    assert again.status_code == 409 and again.json()["code"] == "already_revoked"
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert event.channel == "api" and event.actor_id == attorney.pk


def test_revoke_by_session_with_csrf(attorney):
    token, raw = _token(attorney)
    client = _session(attorney)
    assert client.delete(f"{TOKENS}/{token.pk}", **_csrf(client)).status_code == 204
    assert Client().get(ME, **_bearer(raw)).status_code == 401


def test_a_read_token_may_revoke_only_itself(attorney):
    other, other_raw = _token(attorney, name="Filer")
    reader, raw = _token(attorney, scope="read", name="Reader")
    response = Client().delete(f"{TOKENS}/{other.pk}", **_bearer(raw))
    assert response.status_code == 403
    assert response.json() == {"detail": READ_ONLY_REFUSAL, "code": "read_only_token"}
    assert Client().get(ME, **_bearer(other_raw)).status_code == 200
    assert Client().delete(f"{TOKENS}/{reader.pk}", **_bearer(raw)).status_code == 204
    assert Client().get(ME, **_bearer(raw)).status_code == 401


def test_another_users_token_is_not_found(attorney):
    _, raw = _token(attorney)
    bobs, bobs_raw = _token(_user("bob@firm.example"), name="Bob's")
    response = Client().delete(f"{TOKENS}/{bobs.pk}", **_bearer(raw))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Client().get(ME, **_bearer(bobs_raw)).status_code == 200


def test_token_of_a_disabled_account_gets_401(attorney):
    _, raw = _token(attorney)
    attorney.is_active = False
    attorney.save()
    assert Client().get(ME, **_bearer(raw)).status_code == 401


@pytest.mark.parametrize("method", ["list", "create", "revoke"])
def test_a_clerk_cannot_manage_tokens(db, method):
    clerk = _user("clara@court.example", role=Role.CLERK)
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    # The clerk has no tokens page to take a CSRF cookie from: set a valid pair by hand.
    client.cookies.load({"csrftoken": "a" * 32})
    csrf = {"HTTP_X_CSRFTOKEN": "a" * 32}
    if method == "list":
        response = client.get(TOKENS)
    elif method == "create":
        response = client.post(
            TOKENS, {"name": "Mine", "scope": "read"}, "application/json", **csrf
        )
    else:
        response = client.delete(f"{TOKENS}/1", **csrf)
    assert response.status_code == 403, response.content
    assert response.json() == {"detail": "A clerk account cannot do this.", "code": "forbidden"}
    assert not ApiToken.objects.exists()
