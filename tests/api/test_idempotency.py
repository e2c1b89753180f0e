"""Idempotency keys (IETF draft, Stripe): replay, refusal of a reused key, 409 while in flight,
and nothing recorded when the operation fails."""

import io
from datetime import timedelta

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.api.idempotency import advisory_lock_id
from efiling.api.models import IdempotencyRecord
from efiling.api.urls import api
from efiling.core import clock
from efiling.filings.models import Envelope, Status
from tests.conftest import database_vendor_expected
from tests.documents import builders

NEW_CASE = {"court": "SL", "case_type": "CC", "caption": "Lawson v. Acme Corp."}


@pytest.fixture
def client(attorney):
    raw = api_token_create(user=attorney, name="firm software", scope=ApiToken.Scope.FILE)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _create(client, body=NEW_CASE, key="create-1"):
    return client.post(
        "/api/v1/envelopes", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )


def test_the_same_key_and_request_replays_the_first_answer(client, attorney):
    first = _create(client)
    again = _create(client, body=dict(reversed(list(NEW_CASE.items()))))  # same JSON, reordered
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Envelope.objects.filter(prepared_by=attorney).count() == 1


def test_the_same_key_with_another_request_is_422_and_changes_nothing(client, attorney):
    _create(client)
    other = _create(client, body={**NEW_CASE, "caption": "Lawson v. Other Corp."})
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert other.json()["field"] == "Idempotency-Key"
    assert Envelope.objects.filter(prepared_by=attorney).count() == 1
    envelope = _create(client).json()
    party = client.post(
        f"/api/v1/envelopes/{envelope['id']}/parties",
        {"kind": "organization", "role": "respondent", "organization_name": "Acme"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="create-1",
    )
    assert party.status_code == 422 and party.json()["code"] == "idempotency_key_reused"


def test_a_refused_request_leaves_no_record_so_the_key_can_be_retried(client):
    refused = _create(client, body={**NEW_CASE, "court": "ZZ"})
    assert refused.status_code == 404
    assert not IdempotencyRecord.objects.exists()
    assert _create(client).status_code == 201


def test_a_key_is_1_to_255_printable_ascii_characters(client):
    for key in ("x" * 256, "caf\u00e9", "tab\there"):
        response = _create(client, key=key)
        assert response.status_code == 422, key
        assert response.json()["field"] == "Idempotency-Key"
    assert _create(client, key="~" * 255).status_code == 201


def _submittable(client, tmp_path) -> str:
    envelope = _create(client, key="draft").json()
    url = f"/api/v1/envelopes/{envelope['id']}"
    for party in (
        {"kind": "person", "role": "petitioner", "last_name": "Lawson", "represented": True},
        {"kind": "organization", "role": "respondent", "organization_name": "Acme Corp."},
    ):
        client.post(f"{url}/parties", party, content_type="application/json")
    filing = client.post(f"{url}/filings", {"code": "PET"}, content_type="application/json")
    pdf = builders.text_pdf(tmp_path / "p.pdf", pages=1, text="IN THE CIRCUIT COURT")
    client.post(
        f"{url}/filings/{filing.json()['filings'][0]['id']}/documents?kind=lead&file_name=p.pdf",
        pdf.read_bytes(),
        content_type="application/pdf",
    )
    return url


def test_review_filing_replays_and_refuses_a_changed_body(client, tmp_path):
    url = _submittable(client, tmp_path)
    sign = {"signature": "/s/ Avery Lawson"}
    first = client.post(
        f"{url}/submit", sign, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k" * 200
    )
    assert first.status_code == 200, first.content
    replay = client.post(
        f"{url}/submit", sign, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k" * 200
    )
    assert replay.json() == first.json()
    changed = client.post(
        f"{url}/submit",
        {**sign, "fee_waiver_requested": True},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k" * 200,
    )
    assert changed.status_code == 422 and changed.json()["code"] == "idempotency_key_reused"
    assert Envelope.objects.get(public_id=first.json()["id"]).status == Status.SUBMITTED


@pytest.mark.skipif(
    database_vendor_expected() != "postgresql",
    reason="SQLite serialises writers: the second request waits, then replays",
)
def test_a_request_while_the_first_with_its_key_is_in_flight_is_409(client, attorney):
    """Another session holds the key's advisory lock, as the first request's transaction
    does while it runs."""
    settings = connection.settings_dict
    with (
        psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            password=settings["PASSWORD"] or None,
        ) as other,
        other.transaction(),
    ):
        other.execute("SELECT pg_advisory_xact_lock(%s)", [advisory_lock_id(attorney.pk, "k1")])
        response = _create(client, key="k1")
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_in_flight"
    assert _create(client, key="k1").status_code == 201


def test_the_openapi_document_declares_the_header():
    paths = api.get_openapi_schema()["paths"]

    def header(path, method):
        parameters = paths[f"/api/v1{path}"][method]["parameters"]
        return next(p for p in parameters if p["in"] == "header")

    assert header("/envelopes/{envelope_id}/submit", "post")["required"] is True
    created = header("/envelopes", "post")
    assert created["required"] is False and created["schema"]["maxLength"] == 255


def test_a_retried_token_creation_shows_the_same_token_kept_encrypted(attorney):
    from efiling.accounts.models import ApiToken as Token

    browser = Client()
    browser.force_login(attorney)
    answers = [
        browser.post(
            "/api/v1/me/tokens",
            {"name": "retried", "scope": "read"},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="token-1",
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert all(a["Cache-Control"] == "no-store" for a in answers)
    assert Token.objects.filter(user=attorney, name="retried").count() == 1
    record = IdempotencyRecord.objects.get(key="token-1")
    assert record.sealed and answers[0].json()["token"] not in str(record.response_body)


def test_a_retried_webhook_shows_the_same_secret_and_never_to_a_read_only_token(
    client, attorney, settings
):
    settings.EFILING_WEBHOOK_ALLOW_LOOPBACK = True
    body = {"url": "http://127.0.0.1:9/hook"}

    def put(sender):
        return sender.put(
            "/api/v1/me/webhook", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="w"
        )

    first, again = put(client), put(client)
    assert first.status_code == again.status_code == 200
    assert again.json()["secret"] == first.json()["secret"]
    assert again["Cache-Control"] == "no-store"
    record = IdempotencyRecord.objects.get(key="w")
    assert record.sealed and first.json()["secret"] not in str(record.response_body)
    read = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    refused = put(Client(HTTP_AUTHORIZATION=f"Bearer {read}"))
    assert refused.status_code == 403 and "secret" not in refused.json()


def test_records_past_their_retention_are_deleted_and_the_key_is_new_again(client, attorney):
    """Hourly housekeeping (`efiling expire_idempotency_keys`) deletes records older than
    EFILING_IDEMPOTENCY_KEY_DAYS; a key within that time still replays."""
    assert _create(client, key="old").status_code == 201
    assert _create(client, key="recent").status_code == 201
    IdempotencyRecord.objects.filter(key="old").update(
        created_at=clock.now() - timedelta(days=7, minutes=1)
    )
    IdempotencyRecord.objects.filter(key="recent").update(
        created_at=clock.now() - timedelta(days=6, hours=23)
    )
    output = io.StringIO()
    call_command("expire_idempotency_keys", stdout=output)
    assert "1 idempotency record(s) older than 7 days deleted." in output.getvalue()
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["recent"]

    assert _create(client, key="recent").status_code == 201  # replayed
    assert _create(client, key="old").status_code == 201  # a new request
    assert Envelope.objects.filter(prepared_by=attorney).count() == 3
