"""The embedded mode's own checkout: a page of the system that plays the card processor.

It behaves as a hosted checkout does, so that the demo walks the same path as production: the
session's details travel signed in the checkout page's address (the page reads no database, as
a processor's page knows nothing of ours); the payer enters a test card; the page sends the
callback (a JSON event signed with HMAC-SHA256 in the `Demo-Signature` header, verified by
`callback_read` exactly as a processor's webhook is) and sends the payer back with a signed
confirmation in the return address (`return_read`). Test cards: 4242 4242 4242 4242 is
approved, 4000 0000 0000 0002 is declined; any expiry from the current month on (the form
refuses an expired card, as a processor does), any three-digit code.
Production refuses this provider (config/settings.py).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from efiling.payments.providers.base import (
    CURRENCY,
    CallbackRefused,
    CheckoutSession,
    Confirmation,
)

SESSION_SALT = "efiling.payments.demo.session"
CONFIRMATION_SALT = "efiling.payments.demo.confirmation"
CALLBACK_SALT = "efiling.payments.demo.callback"
SIGNATURE_HEADER = "Demo-Signature"
# A checkout page or a return confirmation older than this is refused (seconds).
MAX_AGE_SECONDS = 24 * 60 * 60
APPROVED_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
PAID, DECLINED = "checkout.completed", "checkout.declined"


@dataclass(frozen=True)
class DemoSession:
    """What the demo checkout page shows and where it sends the payer: read from its address."""

    session_id: str
    reference: str
    amount_cents: int
    success_url: str
    cancel_url: str


def callback_signature(body: bytes) -> str:
    """The `Demo-Signature` of a callback body: HMAC-SHA256 under a key derived from the
    system's secret key, in hex."""
    return salted_hmac(CALLBACK_SALT, body, algorithm="sha256").hexdigest()


def demo_session_read(session_id: str, token: str) -> DemoSession:
    """The checkout page's session, from its signed token. Raises CallbackRefused when the
    token does not verify, is older than a day, or names another session."""
    try:
        data = signing.loads(token, salt=SESSION_SALT, max_age=MAX_AGE_SECONDS)
        session = DemoSession(**data)
    except (signing.BadSignature, TypeError) as exc:
        raise CallbackRefused(
            "This checkout link is not valid or has expired. Start again from Add funds."
        ) from exc
    if session.session_id != session_id:
        raise CallbackRefused("This checkout link is not valid. Start again from Add funds.")
    return session


def demo_payment(session: DemoSession, *, paid: bool) -> tuple[bytes, dict, str]:
    """What the demo processor sends once the payer has approved or declined: the callback
    (body and headers) and the return address with its signed confirmation."""
    event = {
        "id": f"demo_evt_{secrets.token_urlsafe(12)}",
        "type": PAID if paid else DECLINED,
        "session_id": session.session_id,
        "reference": session.reference,
        "amount_cents": session.amount_cents,
        "currency": CURRENCY,
    }
    body = json.dumps(event, sort_keys=True).encode()
    headers = {SIGNATURE_HEADER: callback_signature(body)}
    token = signing.dumps(event, salt=CONFIRMATION_SALT)
    target = session.success_url if paid else session.cancel_url
    separator = "&" if "?" in target else "?"
    return body, headers, f"{target}{separator}{urlencode({'confirmation': token})}"


def _confirmation(event: Mapping) -> Confirmation:
    try:
        return Confirmation(
            session_id=str(event["session_id"]),
            event_id=str(event["id"]),
            paid=event["type"] == PAID,
            amount_cents=int(event["amount_cents"]),
            currency=str(event["currency"]),
            deposit_reference=str(event.get("reference", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CallbackRefused("The payment confirmation is incomplete.") from exc


class DemoCheckout:
    name = "demo"

    def checkout_open(
        self, *, reference: str, amount_cents: int, success_url: str, cancel_url: str
    ) -> CheckoutSession:
        session_id = f"demo_cs_{secrets.token_urlsafe(18)}"
        token = signing.dumps(
            {
                "session_id": session_id,
                "reference": reference,
                "amount_cents": amount_cents,
                "success_url": success_url,
                "cancel_url": cancel_url,
            },
            salt=SESSION_SALT,
        )
        url = reverse("payment-demo-checkout", args=[session_id])
        return CheckoutSession(session_id=session_id, url=f"{url}?{urlencode({'s': token})}")

    def callback_read(self, *, body: bytes, headers: Mapping[str, str]) -> Confirmation | None:
        signature = headers.get(SIGNATURE_HEADER) or ""
        if not constant_time_compare(signature, callback_signature(body)):
            raise CallbackRefused("The callback's signature does not verify.", code="bad_signature")
        try:
            event = json.loads(body)
        except ValueError as exc:
            raise CallbackRefused("The callback's body is not JSON.") from exc
        if not isinstance(event, dict) or event.get("type") not in (PAID, DECLINED):
            return None
        return _confirmation(event)

    def return_read(self, *, session_id: str, params: Mapping[str, str]) -> Confirmation | None:
        token = params.get("confirmation")
        if not token:
            return None
        try:
            event = signing.loads(token, salt=CONFIRMATION_SALT, max_age=MAX_AGE_SECONDS)
        except signing.BadSignature as exc:
            raise CallbackRefused(
                "The payment confirmation does not verify.", code="bad_signature"
            ) from exc
        confirmation = _confirmation(event)
        if confirmation.session_id != session_id:
            raise CallbackRefused("The payment confirmation is for another checkout.")
        return confirmation
