"""Signed checkpoints: published, listed on a public page and in the API with the public keys,
checked by anyone who kept one (the page, VerifyAuditCheckpoint, or their own code)."""

import base64
import io
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import call_command
from django.test import Client

from efiling.audit.checkpoints import (
    audit_checkpoint_check,
    audit_checkpoint_publish,
    checkpoint_document,
    checkpoint_parse,
)
from efiling.audit.models import AuditCheckpoint
from efiling.core import signing
from efiling.core.errors import ValidationFailed
from tests.audit.helpers import chain_now, raw, record

PAGE = "/audit/checkpoints/"


@pytest.fixture
def published(db):
    record(3)
    return audit_checkpoint_publish()


def test_a_checkpoint_signs_the_head_after_chaining_what_waits(db):
    record(2)
    checkpoint = audit_checkpoint_publish()
    assert (checkpoint.seq, checkpoint.hash) == chain_now()
    assert checkpoint.key_id == signing.signing_keys()[0].key_id
    assert checkpoint.signed_at.microsecond == 0
    assert audit_checkpoint_check(document=checkpoint_document(checkpoint)).valid


def test_the_follower_publishes_only_when_the_chain_has_grown(published):
    assert audit_checkpoint_publish(only_if_grown=True) is None
    record(1)
    grown = audit_checkpoint_publish(only_if_grown=True)
    assert grown.seq == published.seq + 1


def test_the_documented_procedure_checks_a_checkpoint_with_only_the_public_key(published, client):
    """What the page tells a stranger to do, done with the cryptography package alone."""
    document = json.loads(json.dumps(checkpoint_document(published)))
    keys = client.get("/api/v1/audit/signing-keys").json()["items"]
    public = next(k for k in keys if k["signs"])
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public["public_key"]))
    signed = {name: document[name] for name in ("hash", "seq", "time")}
    message = (
        b"efiling/audit-checkpoint\n"
        + json.dumps(signed, sort_keys=True, separators=(",", ":")).encode()
    )
    key.verify(base64.b64decode(document["signature"]), message)  # raises if not


@pytest.mark.parametrize(
    ("field", "value"),
    [("seq", -1), ("hash", "0" * 64), ("time", "2000-01-01T00:00:00Z")],
)
def test_a_changed_checkpoint_fails_its_signature(published, field, value):
    document = checkpoint_document(published)
    document[field] = value if field != "seq" else published.seq - 1
    check = audit_checkpoint_check(document=document)
    assert not check.valid and "signature is not valid" in check.message


def test_a_checkpoint_signed_by_a_key_we_do_not_list_is_refused(published, settings):
    settings.EFILING_SIGNING_KEYS = signing.generate_private_key_text()
    check = audit_checkpoint_check(document=checkpoint_document(published))
    assert not check.valid and f"Key {published.key_id} is not one of" in check.message


def test_after_rotation_old_checkpoints_still_check_with_the_old_public_key(published, settings):
    old_public = signing.PUBLIC_PREFIX + signing.signing_keys()[0].public_base64
    settings.EFILING_SIGNING_KEYS = f"{signing.generate_private_key_text()},{old_public}"
    record(1)
    newer = audit_checkpoint_publish()
    assert newer.key_id != published.key_id
    for checkpoint in (published, newer):
        assert audit_checkpoint_check(document=checkpoint_document(checkpoint)).valid
    keys = Client().get("/api/v1/audit/signing-keys").json()["items"]
    assert {k["key_id"]: k["signs"] for k in keys} == {
        newer.key_id: True,
        published.key_id: False,
    }


def test_checkpoints_of_a_cut_back_or_rewritten_trail_fail(published):
    document = checkpoint_document(published)
    raw("DELETE FROM audit_auditlink WHERE seq = %s", [published.seq])
    raw("DELETE FROM audit_auditevent WHERE id NOT IN (SELECT event_id FROM audit_auditlink)")
    check = audit_checkpoint_check(document=document)
    assert not check.valid and "ends at link" in check.message
    record(1)
    chain_now()  # the same number again, another hash
    check = audit_checkpoint_check(document=document)
    assert not check.valid and "rewritten" in check.message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("not json", "not a checkpoint"),
        ("[1, 2]", "JSON object"),
        ('{"seq": 1}', "lacks hash, time, key_id, signature"),
        (
            json.dumps(
                {"seq": "1", "hash": "x", "time": "yesterday", "key_id": "k", "signature": 5}
            ),
            "seq must be a whole number",
        ),
        ("x" * 3000, "far longer"),
    ],
)
def test_a_malformed_checkpoint_is_refused_saying_what_is_wrong(text, says):
    with pytest.raises(ValidationFailed, match=says):
        checkpoint_parse(text)


def test_the_page_lists_checkpoints_and_public_keys_never_a_private_key(published, settings):
    response = Client().get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    document = checkpoint_document(published)
    assert json.dumps(document).replace('"', "&quot;") in page
    utc_shown = document["time"].replace("T", " ").removesuffix("Z")
    assert f'<time datetime="{document["time"]}">{utc_shown}</time>' in page  # UTC, as headed
    key = signing.signing_keys()[0]
    assert key.key_id in page and key.public_base64 in page
    for private in settings.EFILING_SIGNING_KEYS.split(","):
        assert private.strip() not in page
    assert "efiling/audit-checkpoint" in page  # how to check one yourself


def test_the_page_checks_a_pasted_checkpoint(published):
    text = json.dumps(checkpoint_document(published))
    record(2)
    chain_now()
    response = Client().get(PAGE, {"checkpoint": text})
    assert response.status_code == 200
    assert b"Valid signature by key" in response.content
    assert b"grown by 2 events since" in response.content

    forged = json.dumps(checkpoint_document(published) | {"seq": published.seq + 1})
    response = Client().get(PAGE, {"checkpoint": forged})
    assert response.status_code == 200 and b"does not check" in response.content

    response = Client().get(PAGE, {"checkpoint": "{oops"})
    assert response.status_code == 400
    assert b'role="alert"' in response.content and b"not a checkpoint" in response.content
    response = Client().get(PAGE, {"checkpoint": ""})
    assert response.status_code == 400 and b"Paste a checkpoint" in response.content


def test_the_api_gives_the_latest_or_a_numbered_checkpoint_to_anyone(published):
    client = Client()
    latest = client.get("/api/v1/audit/checkpoint")
    assert latest.status_code == 200 and latest.json() == checkpoint_document(published)
    by_seq = client.get("/api/v1/audit/checkpoint", {"seq": published.seq})
    assert by_seq.json() == checkpoint_document(published)
    missing = client.get("/api/v1/audit/checkpoint", {"seq": published.seq + 100})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_the_api_has_no_checkpoint_before_the_first_is_published(db):
    assert not AuditCheckpoint.objects.exists()
    response = Client().get("/api/v1/audit/checkpoint")
    assert response.status_code == 404
    assert response.json()["detail"] == "No checkpoint has been published yet."


def test_verify_audit_checkpoint_operation(published):
    client = Client()
    url = "/api/v1/audit/checkpoint/verify"
    document = checkpoint_document(published)
    answer = client.post(url, document, content_type="application/json").json()
    assert answer["valid"] is True and answer["grown_by"] == 0
    assert answer["head_seq"] == published.seq
    changed = client.post(
        url, document | {"hash": "f" * 64}, content_type="application/json"
    ).json()
    assert changed["valid"] is False and "not valid" in changed["message"]
    malformed = client.post(url, document | {"hash": "short"}, content_type="application/json")
    assert malformed.status_code == 422 and "hash must be 64" in malformed.json()["detail"]
    assert malformed.json()["field"] == "hash"


def test_audit_checkpoint_command_prints_what_to_keep(db):
    record(1)
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    document = json.loads(out.getvalue())
    assert list(document) == ["seq", "hash", "time", "key_id", "signature"]
    assert audit_checkpoint_check(document=document).valid
