"""Settings come from the environment; production refuses unsafe ones. Run in subprocesses so
each starts from a clean environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from config.env import email_from_url, email_webhook_secret, storage_from_url
from efiling.core.signing import generate_private_key_text

ROOT = Path(__file__).resolve().parents[2]


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


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _django(tmp_path, {"EFILING_ENV": "production"}, "check")
    assert result.returncode != 0
    assert "EFILING_SECRET_KEY" in result.stderr


def test_production_refuses_debug(tmp_path):
    result = _django(
        tmp_path,
        {
            "EFILING_ENV": "production",
            "EFILING_SECRET_KEY": secrets.token_urlsafe(50),
            "EFILING_DEBUG": "true",
        },
        "check",
    )
    assert result.returncode != 0
    assert "EFILING_DEBUG" in result.stderr


def test_production_passes_the_deployment_checklist(tmp_path):
    env = {
        "EFILING_ENV": "production",
        "EFILING_SECRET_KEY": secrets.token_urlsafe(50),
        "EFILING_FIELD_KEY": Fernet.generate_key().decode(),
        "EFILING_SIGNING_KEYS": generate_private_key_text(),
        "EFILING_ALLOWED_HOSTS": "efiling.courts.example",
        "EFILING_STRIPE_SECRET_KEY": "sk_test_x",
        "EFILING_STRIPE_WEBHOOK_SECRET": "whsec_x",
    }
    result = _django(tmp_path, env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"EFILING_PAYMENT_PROVIDER": "demo"}, "refuses EFILING_PAYMENT_PROVIDER=demo"),
        ({}, "EFILING_PAYMENT_PROVIDER=stripe needs EFILING_STRIPE_SECRET_KEY"),
        ({"EFILING_PAYMENT_PROVIDER": "paypal"}, "must be 'demo' or 'stripe'"),
    ],
)
def test_production_refuses_the_demo_checkout_and_stripe_without_keys(tmp_path, extra, words):
    env = {
        "EFILING_ENV": "production",
        "EFILING_SECRET_KEY": secrets.token_urlsafe(50),
        "EFILING_FIELD_KEY": Fernet.generate_key().decode(),
        "EFILING_SIGNING_KEYS": generate_private_key_text(),
        **extra,
    }
    result = _django(tmp_path, env, "check")
    assert result.returncode != 0 and words in result.stderr


def test_embedded_mode_makes_and_keeps_its_own_secret_key(tmp_path):
    assert _django(tmp_path, {}, "check").returncode == 0
    key_file = tmp_path / "secret_key"
    first = key_file.read_text()
    assert len(first) >= 50 and oct(key_file.stat().st_mode)[-3:] == "600"
    _django(tmp_path, {}, "check")
    assert key_file.read_text() == first


def test_bad_boolean_is_refused_clearly(tmp_path):
    result = _django(tmp_path, {"EFILING_DEBUG": "maybe"}, "check")
    assert result.returncode != 0 and "EFILING_DEBUG must be true or false" in result.stderr


def test_storage_urls(tmp_path):
    assert storage_from_url("", tmp_path)["OPTIONS"]["location"] == str(tmp_path / "documents")
    assert storage_from_url("file:///srv/docs", tmp_path)["OPTIONS"]["location"] == "/srv/docs"
    s3 = storage_from_url(
        "s3://court-docs/prod?endpoint_url=http://127.0.0.1:9000&region=us-east-2", tmp_path
    )
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3["OPTIONS"]
    assert (options["bucket_name"], options["location"]) == ("court-docs", "prod")
    assert (options["endpoint_url"], options["region_name"]) == (
        "http://127.0.0.1:9000",
        "us-east-2",
    )
    with pytest.raises(ImproperlyConfigured, match="EFILING_STORAGE_URL"):
        storage_from_url("ftp://x", tmp_path)


def test_email_urls(tmp_path):
    smtp = email_from_url("smtp://user:p%40ss@mail.example:2525?tls=1", tmp_path)
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_HOST_PASSWORD"]) == (
        "mail.example",
        2525,
        "p@ss",
    )
    assert smtp["EMAIL_USE_TLS"] is True
    assert email_from_url("", tmp_path)["EMAIL_FILE_PATH"] == str(tmp_path / "mail")
    with pytest.raises(ImproperlyConfigured, match="EFILING_EMAIL_URL"):
        email_from_url("pigeon://coop", tmp_path)


def test_email_urls_of_mail_providers(tmp_path):
    postmark = email_from_url("anymail+postmark://server-token@", tmp_path)
    assert postmark == {
        "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
        "ANYMAIL": {"POSTMARK_SERVER_TOKEN": "server-token"},
    }
    mailgun = email_from_url(
        "anymail+mailgun://key-123@mg.courts.example?region=eu&webhook_signing_key=sig", tmp_path
    )
    assert mailgun["EMAIL_BACKEND"] == "anymail.backends.mailgun.EmailBackend"
    assert mailgun["ANYMAIL"] == {
        "MAILGUN_API_KEY": "key-123",
        "MAILGUN_SENDER_DOMAIN": "mg.courts.example",
        "MAILGUN_API_URL": "https://api.eu.mailgun.net/v3",
        "MAILGUN_WEBHOOK_SIGNING_KEY": "sig",
    }
    for wrong in ("anymail+postmark://", "anymail+mailgun://key@", "anymail+pigeon://key@"):
        with pytest.raises(ImproperlyConfigured, match="EFILING_EMAIL_URL") as refused:
            email_from_url(wrong, tmp_path)
        assert "key@" not in str(refused.value)  # the key is never repeated


def test_the_mail_webhook_secret_is_user_and_a_long_password():
    assert email_webhook_secret("") == ""
    assert email_webhook_secret(" postmark:0123456789abcdef ") == "postmark:0123456789abcdef"
    for wrong in ("0123456789abcdef", ":0123456789abcdef", "postmark:short"):
        with pytest.raises(ImproperlyConfigured, match="EFILING_EMAIL_WEBHOOK_SECRET"):
            email_webhook_secret(wrong)
