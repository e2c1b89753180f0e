"""Reads of payment accounts for pages that only show them (nothing here writes)."""

from __future__ import annotations

from efiling.payments.models import PaymentAccount
from efiling.payments.services import Balance, balance


def balance_of(*, user) -> Balance:
    """The balance of `user`'s payment account, in cents; all zeros when the user has no
    account yet (reading creates none)."""
    account = PaymentAccount.objects.filter(owner=user).first()
    if account is None:
        return Balance(deposited=0, held=0, charged=0, released=0, available=0)
    return balance(account)
