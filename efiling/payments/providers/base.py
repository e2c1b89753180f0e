"""The checkout provider interface and what it answers (see efiling.payments.providers)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from efiling.core.errors import DomainError

CURRENCY = "usd"


class CallbackRefused(DomainError):
    """A confirmation that cannot be trusted or does not match its deposit: nothing recorded."""

    status = 400
    code = "callback_refused"


class ProviderUnavailable(DomainError):
    """The payment provider could not be reached or refused to open a checkout."""

    status = 503
    code = "payment_provider_unavailable"


@dataclass(frozen=True)
class CheckoutSession:
    """A checkout opened at the provider: its id and the page the payer is sent to."""

    session_id: str
    url: str


@dataclass(frozen=True)
class Confirmation:
    """What the provider says of a checkout session, verified (signature or the provider's own
    API). `event_id` is unique per confirmation the provider sends; `amount_cents` and
    `currency` are what the payer was charged; `paid` False means declined or abandoned.
    `deposit_reference` is the reference the session was opened with, when the provider
    echoes it ("" when it does not)."""

    session_id: str
    event_id: str
    paid: bool
    amount_cents: int
    currency: str
    deposit_reference: str = ""


class CheckoutProvider(Protocol):
    name: str

    def checkout_open(
        self, *, reference: str, amount_cents: int, success_url: str, cancel_url: str
    ) -> CheckoutSession:
        """Open a hosted checkout for `amount_cents` (USD). Network I/O: never call it inside a
        transaction. Raises ProviderUnavailable."""

    def callback_read(self, *, body: bytes, headers: Mapping[str, str]) -> Confirmation | None:
        """The provider's callback, its signature verified: a Confirmation, or None for an
        event that says nothing about a payment (acknowledged and ignored). Raises
        CallbackRefused (bad signature, malformed body)."""

    def return_read(self, *, session_id: str, params: Mapping[str, str]) -> Confirmation | None:
        """What the payer's return to the system proves about the session `session_id` (the
        query string `params`): a Confirmation, or None when it proves nothing yet. Raises
        CallbackRefused (a confirmation that does not verify) or ProviderUnavailable."""
