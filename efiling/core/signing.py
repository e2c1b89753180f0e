"""Signatures that anyone can check from outside: Ed25519 over a canonical serialisation.

The keys live outside the database, like the field key (efiling.core.secrets_at_rest):
settings.EFILING_SIGNING_KEYS is a comma-separated list. Each entry is either a private key (the
base64 of its 32-byte seed) or `public:` followed by the base64 of its 32-byte public key (a
retired key whose private half was destroyed, or any key in a process that must not sign). The
first entry signs; every entry verifies, so signatures made before a rotation still check. A
key is named by its key id: the first 16 hex digits of the SHA-256 of its raw public key.

What is signed is `efiling/<purpose>` and a newline, then the payload as canonical JSON (keys
sorted, no spaces, UTF-8). The purpose (`audit-checkpoint`, ...) keeps a signature made for one
use from ever being taken for another. Nothing here touches the database.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PUBLIC_PREFIX = "public:"
PURPOSE_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,40}$")


class SignatureInvalid(Exception):
    """The signature was not made by the named key over this content (altered, or not ours)."""


class UnknownKey(Exception):
    """The key id names none of the configured keys."""


class CannotSign(Exception):
    """This process was given only public keys (the first entry is public:...)."""


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    public_key: Ed25519PublicKey
    private_key: Ed25519PrivateKey | None

    @property
    def public_base64(self) -> str:
        """The raw 32-byte public key, base64 (what EFILING_SIGNING_KEYS takes after public:)."""
        raw = self.public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return base64.b64encode(raw).decode()

    @property
    def public_pem(self) -> str:
        """The public key as PEM (SubjectPublicKeyInfo), what `openssl pkeyutl` reads."""
        return self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    @property
    def can_sign(self) -> bool:
        return self.private_key is not None


def key_id_of(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def _decode_32(text: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64") from exc
    if len(raw) != 32:
        raise ValueError("not 32 bytes")
    return raw


def _key_from_entry(entry: str) -> SigningKey:
    if entry.startswith(PUBLIC_PREFIX):
        public = Ed25519PublicKey.from_public_bytes(_decode_32(entry[len(PUBLIC_PREFIX) :]))
        return SigningKey(key_id_of(public), public, None)
    private = Ed25519PrivateKey.from_private_bytes(_decode_32(entry))
    public = private.public_key()
    return SigningKey(key_id_of(public), public, private)


@lru_cache(maxsize=8)
def keyring(keys: str) -> tuple[SigningKey, ...]:
    """The keys of a comma-separated EFILING_SIGNING_KEYS value, the signing key first.

    Raises ImproperlyConfigured (naming the variable, never the key) for an empty list or an
    entry that is not a key. Settings call it so that a bad value stops the start rather than
    the first signature. A list of public keys only is valid: such a process verifies but
    cannot sign (give the private key only to the processes that sign)."""
    entries = [entry.strip() for entry in keys.split(",") if entry.strip()]
    if not entries:
        raise ImproperlyConfigured("EFILING_SIGNING_KEYS holds no key.")
    ring = []
    for position, entry in enumerate(entries, start=1):
        try:
            ring.append(_key_from_entry(entry))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"EFILING_SIGNING_KEYS entry {position} is not an Ed25519 key ({exc}): each entry "
                "is the base64 of a 32-byte private key (made by `efiling signing_keys "
                "--generate`) or public: followed by the base64 of a 32-byte public key."
            ) from None
    return tuple(ring)


def signing_keys() -> tuple[SigningKey, ...]:
    """The configured keys, the one that signs first."""
    return keyring(settings.EFILING_SIGNING_KEYS)


def generate_private_key_text() -> str:
    """A new private key as an EFILING_SIGNING_KEYS entry (base64 of its 32-byte seed)."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return base64.b64encode(raw).decode()


def canonical_json(payload: dict[str, Any]) -> bytes:
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def signed_message(purpose: str, payload: dict[str, Any]) -> bytes:
    """The exact bytes a signature covers: b"efiling/<purpose>\\n" + canonical JSON."""
    if not PURPOSE_PATTERN.match(purpose):
        raise ValueError(f"Not a signing purpose: {purpose!r}.")
    return f"efiling/{purpose}\n".encode() + canonical_json(payload)


@dataclass(frozen=True)
class Signature:
    key_id: str
    signature: str  # base64 of the 64-byte Ed25519 signature


def sign(*, purpose: str, payload: dict[str, Any]) -> Signature:
    """Sign `payload` (JSON types only) for `purpose` with the first configured key. Raises
    CannotSign when that key is only a public key here."""
    key = signing_keys()[0]
    if not key.can_sign:
        raise CannotSign(
            f"This process holds only the public half of signing key {key.key_id} "
            "(EFILING_SIGNING_KEYS starts with public:): sign where the private key is."
        )
    raw = key.private_key.sign(signed_message(purpose, payload))
    return Signature(key.key_id, base64.b64encode(raw).decode())


def verify(*, purpose: str, payload: dict[str, Any], key_id: str, signature: str) -> SigningKey:
    """The configured key named `key_id` if it signed `payload` for `purpose`.

    Raises UnknownKey when no configured key (private or public) has that id, SignatureInvalid
    when the signature is malformed or does not match (a changed byte anywhere fails)."""
    key = next((k for k in signing_keys() if k.key_id == key_id), None)
    if key is None:
        raise UnknownKey(key_id)
    try:
        raw = base64.b64decode(signature, validate=True)
        key.public_key.verify(raw, signed_message(purpose, payload))
    except (binascii.Error, ValueError, InvalidSignature) as exc:
        raise SignatureInvalid(key_id) from exc
    return key
