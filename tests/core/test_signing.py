"""Ed25519 signatures under keys kept outside the database (efiling.core.signing)."""

import base64
import hashlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured

from efiling.core import signing

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = {"seq": 7, "hash": "ab" * 32, "time": "2026-11-30T14:05:00Z"}


def _public_entry(private_text: str) -> str:
    return signing.PUBLIC_PREFIX + signing.keyring(private_text)[0].public_base64


def test_a_signature_verifies_and_names_its_key(settings):
    key = signing.signing_keys()[0]
    signature = signing.sign(purpose="audit-checkpoint", payload=PAYLOAD)
    assert signature.key_id == key.key_id
    assert len(base64.b64decode(signature.signature)) == 64
    verified = signing.verify(
        purpose="audit-checkpoint",
        payload=PAYLOAD,
        key_id=signature.key_id,
        signature=signature.signature,
    )
    assert verified.key_id == key.key_id


def test_the_key_id_is_the_start_of_the_sha256_of_the_raw_public_key():
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    raw_public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    key = signing.keyring(base64.b64encode(raw_private).decode())[0]
    assert key.key_id == hashlib.sha256(raw_public).hexdigest()[:16]
    assert key.public_base64 == base64.b64encode(raw_public).decode()
    assert "BEGIN PUBLIC KEY" in key.public_pem


@pytest.mark.parametrize(
    "change",
    [
        lambda p: {**p, "seq": 8},
        lambda p: {**p, "hash": "ac" + p["hash"][2:]},
        lambda p: {**p, "time": "2026-11-30T14:05:01Z"},
    ],
)
def test_a_changed_payload_fails(change):
    signature = signing.sign(purpose="audit-checkpoint", payload=PAYLOAD)
    with pytest.raises(signing.SignatureInvalid):
        signing.verify(
            purpose="audit-checkpoint",
            payload=change(PAYLOAD),
            key_id=signature.key_id,
            signature=signature.signature,
        )


def test_one_changed_byte_of_the_signature_fails():
    signature = signing.sign(purpose="audit-checkpoint", payload=PAYLOAD)
    raw = bytearray(base64.b64decode(signature.signature))
    raw[10] ^= 1
    for forged in (base64.b64encode(bytes(raw)).decode(), "not base64!", ""):
        with pytest.raises(signing.SignatureInvalid):
            signing.verify(
                purpose="audit-checkpoint",
                payload=PAYLOAD,
                key_id=signature.key_id,
                signature=forged,
            )


def test_a_signature_made_for_one_purpose_fails_for_another():
    signature = signing.sign(purpose="audit-checkpoint", payload=PAYLOAD)
    with pytest.raises(signing.SignatureInvalid):
        signing.verify(
            purpose="filing-attempts",
            payload=PAYLOAD,
            key_id=signature.key_id,
            signature=signature.signature,
        )


def test_rotation_the_first_key_signs_and_older_keys_still_verify(settings):
    old = settings.EFILING_SIGNING_KEYS
    old_signature = signing.sign(purpose="audit-checkpoint", payload=PAYLOAD)
    new = signing.generate_private_key_text()
    for listed_old in (old, _public_entry(old)):  # kept whole, or only its public half
        settings.EFILING_SIGNING_KEYS = f"{new},{listed_old}"
        new_signature = signing.sign(purpose="audit-checkpoint", payload=PAYLOAD)
        assert new_signature.key_id == signing.keyring(new)[0].key_id != old_signature.key_id
        for made in (old_signature, new_signature):
            signing.verify(
                purpose="audit-checkpoint",
                payload=PAYLOAD,
                key_id=made.key_id,
                signature=made.signature,
            )
    settings.EFILING_SIGNING_KEYS = new
    with pytest.raises(signing.UnknownKey):
        signing.verify(
            purpose="audit-checkpoint",
            payload=PAYLOAD,
            key_id=old_signature.key_id,
            signature=old_signature.signature,
        )


def test_malformed_keys_are_refused_without_showing_them():
    secret_looking = base64.b64encode(b"x" * 31).decode()
    for value in ("", " , ", "not-a-key", secret_looking, "public:" + secret_looking):
        with pytest.raises(ImproperlyConfigured, match="EFILING_SIGNING_KEYS") as refused:
            signing.keyring(value)
        assert secret_looking not in str(refused.value)


def test_a_process_given_only_public_keys_verifies_but_cannot_sign(settings):
    made = signing.sign(purpose="audit-checkpoint", payload=PAYLOAD)
    settings.EFILING_SIGNING_KEYS = _public_entry(settings.EFILING_SIGNING_KEYS)
    signing.verify(
        purpose="audit-checkpoint", payload=PAYLOAD, key_id=made.key_id, signature=made.signature
    )
    with pytest.raises(signing.CannotSign, match="only the public half"):
        signing.sign(purpose="audit-checkpoint", payload=PAYLOAD)


def _django(tmp_path, env_extra, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EFILING_"))}
    env.update({"EFILING_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"})
    env.update(env_extra)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "efiling.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_signing_keys(tmp_path):
    env = {
        "EFILING_ENV": "production",
        "EFILING_SECRET_KEY": secrets.token_urlsafe(50),
        "EFILING_FIELD_KEY": Fernet.generate_key().decode(),
    }
    result = _django(tmp_path, env, "check")
    assert result.returncode != 0 and "EFILING_SIGNING_KEYS" in result.stderr
    assert not (tmp_path / "signing_keys").exists()


def test_embedded_mode_makes_and_keeps_its_signing_key_and_lists_it(tmp_path):
    first = _django(tmp_path, {}, "signing_keys")
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "signing_keys"
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    key = signing.keyring(key_file.read_text())[0]
    assert first.stdout.split("\t")[:2] == [key.key_id, key.public_base64]
    assert key_file.read_text() not in first.stdout  # the private key is never printed
    again = _django(tmp_path, {}, "signing_keys")
    assert again.stdout == first.stdout


def test_signing_keys_generate_prints_a_new_key_for_the_list(tmp_path):
    result = _django(tmp_path, {}, "signing_keys", "--generate")
    private = result.stdout.split()[result.stdout.split().index("list)") + 1]
    key = signing.keyring(private)[0]
    assert f"key id {key.key_id}, public key {key.public_base64}" in result.stdout
