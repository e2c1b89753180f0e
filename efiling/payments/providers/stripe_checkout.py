"""Stripe Checkout through Stripe's official library (decision 0009).

- `checkout_open`: `stripe.checkout.Session.create` in payment mode, one line of the deposit's
  amount in USD, `client_reference_id` = our deposit reference, our deposit's idempotency key
  (so a retried create opens one session), the return address with Stripe's
  `{CHECKOUT_SESSION_ID}` placeholder.
- `callback_read`: `stripe.Webhook.construct_event` verifies the `Stripe-Signature` header
  (HMAC-SHA256 of "timestamp.body" under the endpoint's signing secret, five minutes'
  tolerance); `checkout.session.completed` and `checkout.session.async_payment_succeeded`
  with `payment_status` "paid" confirm a payment, `checkout.session.expired` and
  `checkout.session.async_payment_failed` end it unpaid; other events are acknowledged and
  ignored.
- `return_read`: the payer's return proves nothing by itself; the session is fetched from
  Stripe (`stripe.checkout.Session.retrieve`) and a paid session confirms the deposit, so that
  the ledger does not wait for the webhook (Stripe's advice: fulfil from both).
Keys: EFILING_STRIPE_SECRET_KEY and EFILING_STRIPE_WEBHOOK_SECRET.
"""

from __future__ import annotations

from collections.abc import Mapping

import stripe
from django.conf import settings

from efiling.payments.providers.base import (
    CURRENCY,
    CallbackRefused,
    CheckoutSession,
    Confirmation,
    ProviderUnavailable,
)

PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
UNPAID_EVENTS = {"checkout.session.expired", "checkout.session.async_payment_failed"}
PRODUCT_NAME = "Deposit to the e-filing payment account"
# Seconds to wait for Stripe's API before the filer is told to try again.
TIMEOUT_SECONDS = 20


def _secret_key() -> str:
    key = settings.EFILING_STRIPE_SECRET_KEY
    if not key:
        raise ProviderUnavailable(
            "Card payments are not configured (EFILING_STRIPE_SECRET_KEY); tell the help desk."
        )
    return key


def _confirmation(session: dict, *, event_id: str, paid: bool) -> Confirmation:
    return Confirmation(
        session_id=session["id"],
        event_id=event_id,
        paid=paid,
        amount_cents=int(session.get("amount_total") or 0),
        currency=str(session.get("currency") or ""),
        deposit_reference=str(session.get("client_reference_id") or ""),
    )


class StripeCheckout:
    name = "stripe"

    def checkout_open(
        self, *, reference: str, amount_cents: int, success_url: str, cancel_url: str
    ) -> CheckoutSession:
        separator = "&" if "?" in success_url else "?"
        try:
            session = stripe.checkout.Session.create(
                api_key=_secret_key(),
                idempotency_key=f"efiling-deposit-{reference}",
                mode="payment",
                client_reference_id=reference,
                metadata={"deposit_reference": reference},
                line_items=[
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": CURRENCY,
                            "unit_amount": amount_cents,
                            "product_data": {"name": PRODUCT_NAME},
                        },
                    }
                ],
                success_url=f"{success_url}{separator}session_id={{CHECKOUT_SESSION_ID}}",
                cancel_url=cancel_url,
            )
        except stripe.StripeError as exc:
            raise ProviderUnavailable(
                "The card processor did not open a checkout just now; nothing was charged. "
                f"Try again in a moment. ({type(exc).__name__})"
            ) from exc
        return CheckoutSession(session_id=session["id"], url=session["url"])

    def callback_read(self, *, body: bytes, headers: Mapping[str, str]) -> Confirmation | None:
        try:
            event = stripe.Webhook.construct_event(
                body,
                headers.get("Stripe-Signature"),
                settings.EFILING_STRIPE_WEBHOOK_SECRET,
            )
        except stripe.SignatureVerificationError as exc:
            raise CallbackRefused(
                "The Stripe-Signature header does not verify.", code="bad_signature"
            ) from exc
        except ValueError as exc:
            raise CallbackRefused("The webhook's body is not a Stripe event.") from exc
        kind = event["type"]
        if kind not in PAID_EVENTS | UNPAID_EVENTS:
            return None
        session = event["data"]["object"].to_dict()
        paid = kind in PAID_EVENTS and session.get("payment_status") == "paid"
        if kind in PAID_EVENTS and not paid:
            return None  # a delayed payment method: async_payment_succeeded follows
        return _confirmation(session, event_id=event["id"], paid=paid)

    def return_read(self, *, session_id: str, params: Mapping[str, str]) -> Confirmation | None:
        returned = params.get("session_id")
        if not returned:
            return None
        if returned != session_id:
            raise CallbackRefused("The payment confirmation is for another checkout.")
        try:
            session = stripe.checkout.Session.retrieve(session_id, api_key=_secret_key()).to_dict()
        except stripe.StripeError as exc:
            raise ProviderUnavailable(
                "The card processor could not be asked about this payment just now; its "
                "confirmation will still reach the system. Refresh this page in a moment."
            ) from exc
        if session.get("payment_status") == "paid":
            return _confirmation(session, event_id=f"return:{session_id}", paid=True)
        if session.get("status") == "expired":
            return _confirmation(session, event_id=f"return:{session_id}", paid=False)
        return None
