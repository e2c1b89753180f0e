"""Encryption of secrets the application must read back (so cannot hash), such as TOTP secrets:
a copy of the database alone then does not reveal them.

Fernet (authenticated encryption) under the keys in settings.EFILING_FIELD_KEY, separated by
commas so that keys can be rotated: the first key encrypts, every key decrypts.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Every Fernet token starts so (version byte 0x80, then the high bytes of its timestamp); a plain
# base32 TOTP secret never does, having no lower-case letters.
ENCRYPTED_PREFIX = "gAAAAA"


class DecryptionFailed(Exception):
    """A token made under none of the configured keys, or altered."""


@lru_cache(maxsize=8)
def cipher(keys: str) -> MultiFernet:
    """The cipher for a comma-separated list of keys; settings call it to refuse a malformed key
    at start rather than at the first sign-in."""
    try:
        return MultiFernet([Fernet(key.strip()) for key in keys.split(",") if key.strip()])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "EFILING_FIELD_KEY must be one or more Fernet keys (44 characters each, made by "
            "Fernet.generate_key()) separated by commas."
        ) from exc


def is_encrypted(value: str) -> bool:
    return value.startswith(ENCRYPTED_PREFIX)


def encrypt(text: str) -> str:
    return cipher(settings.EFILING_FIELD_KEY).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher(settings.EFILING_FIELD_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionFailed(
            "A stored secret cannot be decrypted with the keys in EFILING_FIELD_KEY: the key it "
            "was encrypted with is missing from the list, or the value was altered."
        ) from exc


def reencrypt(token: str) -> str:
    """The same secret encrypted under the first key, so that older keys can be retired."""
    try:
        return cipher(settings.EFILING_FIELD_KEY).rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionFailed(
            "A stored secret cannot be decrypted with the keys in EFILING_FIELD_KEY."
        ) from exc
