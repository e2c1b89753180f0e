"""Hosted checkouts that add money to a payment account (decision 0009).

A `CheckoutProvider` opens a checkout session for a pending `Deposit` (the filer is sent to its
page to pay) and reads the provider's confirmations: the callback it sends to
/payments/callback/<provider>/ and the return of the filer's browser. Both come back as a
`Confirmation`; efiling.payments.deposits records it, once. Two adapters: `demo` (the system's
own stand-in checkout page, embedded mode only) and `stripe` (Stripe Checkout through the
official `stripe` library). EFILING_PAYMENT_PROVIDER chooses.
"""

from django.conf import settings

from efiling.payments.providers.base import CheckoutProvider
from efiling.payments.providers.demo import DemoCheckout
from efiling.payments.providers.stripe_checkout import StripeCheckout

PROVIDERS = {"demo": DemoCheckout, "stripe": StripeCheckout}


def checkout_provider(name: str | None = None) -> CheckoutProvider:
    """The adapter named `name`, or by EFILING_PAYMENT_PROVIDER ("demo" or "stripe")."""
    return PROVIDERS[name or settings.EFILING_PAYMENT_PROVIDER]()
