"""Reading settings from the environment: one place that knows the variable names and formats."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
WEBHOOK_PASSWORD_MIN = 16  # characters of the mail webhook's basic-auth password


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def embedded_key(data_dir: Path, name: str, make) -> str:
    """A random key kept in <data>/<name> (0600), made by `make()` the first time, so the
    embedded mode needs no setup yet never shares a key between installations."""
    path = data_dir / name
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def embedded_secret_key(data_dir: Path) -> str:
    return embedded_key(data_dir, "secret_key", lambda: secrets.token_urlsafe(50))


def storage_from_url(url: str, data_dir: Path) -> dict:
    """`file:///path` (default: <data>/documents) or `s3://bucket?endpoint_url=...&region=...`.

    S3 credentials come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables.
    """
    if not url:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(data_dir / "documents"), "base_url": None},
        }
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": unquote(parsed.path), "base_url": None},
        }
    if parsed.scheme == "s3":
        query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        options = {
            "bucket_name": parsed.netloc,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        }
        if parsed.path.strip("/"):
            options["location"] = parsed.path.strip("/")
        if "endpoint_url" in query:
            options["endpoint_url"] = query["endpoint_url"]
        if "region" in query:
            options["region_name"] = query["region"]
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    raise ImproperlyConfigured(
        f"EFILING_STORAGE_URL must start with file:// or s3://, not {url!r}."
    )


# The mail providers EFILING_EMAIL_URL may name as anymail+<provider>:// (django-anymail, decision
# 0015): how each one's URL reads into anymail's settings. Each reports bounces through its
# tracking webhook (efiling.service.mail_event_urls).
# (anymail has dropped its support of SendGrid; Amazon SES would need its SNS set-up.)
ANYMAIL_PROVIDERS = ("postmark", "mailgun")
MAILGUN_EU_API_URL = "https://api.eu.mailgun.net/v3"


def _anymail_settings(provider: str, parsed, query: dict[str, str]) -> dict:
    """anymail's backend and ANYMAIL settings of an `anymail+<provider>://KEY@...` URL (its
    errors never repeat the URL: it holds the key)."""
    key = unquote(parsed.username or "")
    if provider not in ANYMAIL_PROVIDERS or not key:
        raise ImproperlyConfigured(
            "EFILING_EMAIL_URL for a mail provider reads anymail+postmark://SERVER_TOKEN@ or "
            "anymail+mailgun://API_KEY@DOMAIN (?region=eu&webhook_signing_key=KEY), not "
            f"anymail+{provider}:// without a key."
        )
    options = {"POSTMARK_SERVER_TOKEN" if provider == "postmark" else "MAILGUN_API_KEY": key}
    if provider == "mailgun":
        if not parsed.hostname:
            raise ImproperlyConfigured(
                "EFILING_EMAIL_URL for Mailgun names the sending domain: "
                "anymail+mailgun://API_KEY@DOMAIN."
            )
        options["MAILGUN_SENDER_DOMAIN"] = parsed.hostname
        if query.get("region", "").lower() == "eu":
            options["MAILGUN_API_URL"] = MAILGUN_EU_API_URL
        if query.get("webhook_signing_key"):
            options["MAILGUN_WEBHOOK_SIGNING_KEY"] = query["webhook_signing_key"]
    return {"EMAIL_BACKEND": f"anymail.backends.{provider}.EmailBackend", "ANYMAIL": options}


def email_from_url(url: str, data_dir: Path) -> dict:
    """E-mail settings from `smtp://user:password@host:port?tls=1`, `file:///path`, `console:`
    or a mail provider's API through django-anymail: `anymail+postmark://SERVER_TOKEN@`,
    `anymail+mailgun://API_KEY@DOMAIN` (`?region=eu`, `&webhook_signing_key=KEY`); those give
    the provider's settings under "ANYMAIL".

    The embedded default writes each message to a file under <data>/mail so demo mail can be read.
    """
    if not url:
        return {
            "EMAIL_BACKEND": "efiling.core.mail.EmlFileBackend",
            "EMAIL_FILE_PATH": str(data_dir / "mail"),
        }
    parsed = urlparse(url)
    if parsed.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme == "file":
        return {
            "EMAIL_BACKEND": "efiling.core.mail.EmlFileBackend",
            "EMAIL_FILE_PATH": unquote(parsed.path),
        }
    if parsed.scheme in {"smtp", "smtps"}:
        query = {key: values[-1].lower() for key, values in parse_qs(parsed.query).items()}
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": parsed.scheme == "smtps",
            "EMAIL_USE_TLS": query.get("tls") in TRUE_WORDS,
            "EMAIL_TIMEOUT": 30,
        }
    if parsed.scheme.startswith("anymail+"):
        query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        return _anymail_settings(parsed.scheme.removeprefix("anymail+"), parsed, query)
    raise ImproperlyConfigured(
        "EFILING_EMAIL_URL must start with smtp://, smtps://, file://, console: or "
        f"anymail+<provider>:// ({', '.join(ANYMAIL_PROVIDERS)}), not {url!r}."
    )


def email_webhook_secret(raw: str) -> str:
    """EFILING_EMAIL_WEBHOOK_SECRET: the "user:password" the mail provider's webhook signs in
    with (HTTP basic authentication), or "" (no webhook). ImproperlyConfigured when it is not of
    that form or its password is short."""
    secret = raw.strip()
    if not secret:
        return ""
    user, colon, password = secret.partition(":")
    if not (user and colon and len(password) >= WEBHOOK_PASSWORD_MIN):
        raise ImproperlyConfigured(
            'EFILING_EMAIL_WEBHOOK_SECRET reads "user:password", the password at least '
            f"{WEBHOOK_PASSWORD_MIN} characters (make one with `openssl rand -hex 16`)."
        )
    return secret
