"""Adding funds: deposits through the payment provider's hosted checkout.

The flow (decision 0009): `deposit_start` records a pending `Deposit` with a unique reference,
opens the provider's checkout (outside any transaction: it is network I/O) and gives the page
to send the payer to. The provider then confirms the payment twice over: its callback
(`deposit_callback`, a signed webhook) and the payer's return (`deposit_return`, a signed
confirmation or the provider's own API). Whichever comes first records the money through
`deposit_confirm`; the later one finds the deposit completed and changes nothing. Recording
locks the payment account, then the deposit row (lock order, docs/architecture.md), writes one
deposit entry of the ledger and marks the deposit completed with the provider's event id
(unique): a confirmation is never recorded twice, even from two processes at once. A
confirmation that does not verify, names no deposit of ours, or does not match the deposit's
amount, currency or reference is refused (CallbackRefused, 400) and audited, and nothing is
recorded. Every step is audited.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from efiling.accounts.models import Role
from efiling.accounts.permissions import Action, attorney_filing_problem, require
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import NotFound, ValidationFailed
from efiling.payments.models import Deposit, LedgerEntry, PaymentAccount
from efiling.payments.providers import checkout_provider
from efiling.payments.providers.base import CURRENCY, CallbackRefused, Confirmation
from efiling.payments.services import (
    Kind,
    format_money,
    ledger_record,
    payment_account_for,
    payment_account_lock,
)

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
_DOLLARS = re.compile(r"\$?\s*([0-9]{1,3}(,[0-9]{3})+|[0-9]{1,9})(\.([0-9]{1,2}))?")
ACCOUNT_NOT_FOUND = "There is no such payment account, or it is not yours to see."
DEPOSIT_NOT_FOUND = "There is no such deposit, or it is not yours to see."


# --- amounts ------------------------------------------------------------------------------


def deposit_bounds() -> tuple[int, int]:
    """The smallest and largest deposit, in cents (EFILING_DEPOSIT_MIN_CENTS/MAX_CENTS)."""
    return settings.EFILING_DEPOSIT_MIN_CENTS, settings.EFILING_DEPOSIT_MAX_CENTS


def deposit_amount_check(amount_cents) -> int:
    """A deposit's amount in whole cents within the bounds, or ValidationFailed (field
    amount_cents) saying what is allowed."""
    low, high = deposit_bounds()
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise ValidationFailed("An amount is a whole number of cents.", field="amount_cents")
    if not low <= amount_cents <= high:
        raise ValidationFailed(
            f"Add between {format_money(low)} and {format_money(high)} at a time "
            f"({format_money(amount_cents)} was asked).",
            field="amount_cents",
            code="amount_out_of_bounds",
        )
    return amount_cents


def dollars_parse(text: str) -> int:
    """What a person types as dollars, in cents: "250", "250.5", "$1,250.00" -> 25000, 25050,
    125000. ValidationFailed (field amount) for anything else: more than two decimals, a
    negative or empty amount, letters."""
    match = _DOLLARS.fullmatch((text or "").strip())
    if match is None:
        raise ValidationFailed(
            "Enter an amount in dollars and cents, such as 250.00.", field="amount"
        )
    dollars = int(match.group(1).replace(",", ""))
    cents = int((match.group(4) or "0").ljust(2, "0"))
    return dollars * 100 + cents


# --- whose accounts -------------------------------------------------------------------------


def payment_account_owners(user) -> list:
    """Whose payment accounts `user` may see and add funds to: their own (an attorney, a pro
    hac vice attorney, a self-represented party), or, for staff, those of each attorney who
    authorized them and for whom they can file. Raises PermissionDenied for other roles."""
    require(user, Action.MANAGE_PAYMENT_ACCOUNT)
    if user.role != Role.STAFF:
        return [user]
    delegations = user.delegations_received.filter(revoked_at__isnull=True).select_related(
        "attorney__bar_member"
    )
    attorneys = [d.attorney for d in delegations if attorney_filing_problem(d.attorney) is None]
    return sorted(attorneys, key=lambda a: (a.last_name, a.first_name, a.pk))


def payment_account_get_for_user(*, user, owner_id: int | None = None) -> PaymentAccount:
    """The payment account of `owner_id` (the user's own when None) if `user` may see it;
    NotFound alike for an account that does not exist and for one that is not theirs."""
    owners = payment_account_owners(user)
    if owner_id is None and len(owners) == 1:
        owner_id = owners[0].pk
    owner = next((o for o in owners if o.pk == owner_id), None)
    if owner is None:
        raise NotFound(ACCOUNT_NOT_FOUND)
    return payment_account_for(owner)


def deposit_get_for_user(*, user, reference: str) -> Deposit:
    """The deposit `reference` if it is of an account `user` may see; NotFound alike
    otherwise."""
    owners = [o.pk for o in payment_account_owners(user)]
    deposit = (
        Deposit.objects.select_related("account__owner", "entry", "started_by")
        .filter(reference=reference, account__owner__in=owners)
        .first()
    )
    if deposit is None:
        raise NotFound(DEPOSIT_NOT_FOUND)
    return deposit


# --- starting -------------------------------------------------------------------------------


def _new_reference() -> str:
    return "D-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


def _details(deposit: Deposit, **more) -> dict:
    return {
        "reference": deposit.reference,
        "account": deposit.account_id,
        "amount_cents": deposit.amount_cents,
        "amount": format_money(deposit.amount_cents),
        "provider": deposit.provider,
        **more,
    }


def deposit_start(
    *,
    user,
    account: PaymentAccount,
    amount_cents: int,
    site_url: str,
    request=None,
    channel: str | None = None,
    in_transaction: Callable[[Deposit], None] | None = None,
) -> Deposit:
    """Start adding `amount_cents` to `account` (the caller fetched it with
    `payment_account_get_for_user`): a pending Deposit, and the provider's checkout opened
    for it (`deposit.checkout_url`, where the payer goes next). `site_url` is the system's
    address as the payer reaches it ("https://efiling.example/"), for the return address.
    `in_transaction(deposit)` runs inside the transaction that records the opened checkout.
    Raises ValidationFailed (amount out of bounds) or ProviderUnavailable (the deposit is then
    marked failed; nothing was charged)."""
    amount_cents = deposit_amount_check(amount_cents)
    provider = checkout_provider()
    with transaction.atomic():
        deposit = Deposit.objects.create(
            reference=_new_reference(),
            account=account,
            started_by=user,
            amount_cents=amount_cents,
            provider=provider.name,
            created_at=clock.now(),
        )
        audit_record(
            action="deposit.started",
            target=deposit,
            actor=user,
            request=request,
            channel=channel,
            details=_details(deposit, owner=account.owner.email),
        )
    return_url = site_url.rstrip("/") + reverse("payment-deposit", args=[deposit.reference])
    try:
        session = provider.checkout_open(
            reference=deposit.reference,
            amount_cents=amount_cents,
            success_url=return_url,
            cancel_url=f"{return_url}?left=1",
        )
    except Exception as exc:
        with transaction.atomic():
            Deposit.objects.filter(pk=deposit.pk).update(
                status=Deposit.Status.FAILED, decided_at=clock.now()
            )
            audit_record(
                action="deposit.checkout_failed",
                target=deposit,
                actor=user,
                request=request,
                channel=channel,
                details=_details(deposit, error=str(exc)[:300]),
            )
        raise
    with transaction.atomic():
        Deposit.objects.filter(pk=deposit.pk).update(
            session_id=session.session_id, checkout_url=session.url
        )
        deposit.session_id, deposit.checkout_url = session.session_id, session.url
        audit_record(
            action="deposit.checkout_opened",
            target=deposit,
            actor=user,
            request=request,
            channel=channel,
            details=_details(deposit, session_id=session.session_id),
        )
        if in_transaction is not None:
            in_transaction(deposit)
    return deposit


# --- confirming -----------------------------------------------------------------------------


def _confirm(*, provider_name: str, confirmation: Confirmation, source: str, request) -> Deposit:
    found = (
        Deposit.objects.filter(provider=provider_name, session_id=confirmation.session_id)
        .values_list("pk", "account_id")
        .first()
    )
    if found is None:
        raise CallbackRefused(
            "No deposit of this system has that checkout session.", code="unknown_session"
        )
    account = payment_account_lock(PaymentAccount(pk=found[1]))
    deposit = Deposit.objects.select_for_update(no_key=True).get(pk=found[0])
    if confirmation.deposit_reference and confirmation.deposit_reference != deposit.reference:
        raise CallbackRefused("The confirmation names another deposit.", code="reference_mismatch")
    if (
        confirmation.amount_cents != deposit.amount_cents
        or confirmation.currency.lower() != CURRENCY
    ):
        raise CallbackRefused(
            f"The confirmation is for {format_money(confirmation.amount_cents)} "
            f"{confirmation.currency.upper()}; the deposit is "
            f"{format_money(deposit.amount_cents)} USD. Nothing was recorded.",
            code="amount_mismatch",
        )
    details = _details(deposit, source=source, event_id=confirmation.event_id)
    if deposit.status == Deposit.Status.COMPLETED:
        audit_record(action="deposit.confirmation_repeated", target=deposit, details=details)
        return deposit
    if not confirmation.paid:
        if deposit.status == Deposit.Status.PENDING:
            Deposit.objects.filter(pk=deposit.pk).update(
                status=Deposit.Status.DECLINED, decided_at=clock.now()
            )
            deposit.status = Deposit.Status.DECLINED
        audit_record(action="deposit.declined", target=deposit, request=request, details=details)
        return deposit
    entry = ledger_record(
        account=account,
        kind=Kind.DEPOSIT,
        amount_cents=deposit.amount_cents,
        reference=f"deposit {deposit.reference}",
        channel=source,
    )
    try:
        with transaction.atomic():
            Deposit.objects.filter(pk=deposit.pk).update(
                status=Deposit.Status.COMPLETED,
                event_id=confirmation.event_id,
                entry=entry,
                decided_at=clock.now(),
            )
    except IntegrityError as exc:  # the event id confirmed another deposit already
        raise CallbackRefused("This confirmation was already used.", code="event_reused") from exc
    deposit.refresh_from_db()
    audit_record(action="deposit.completed", target=deposit, details=details)
    return deposit


def deposit_confirm(
    *, provider_name: str, confirmation: Confirmation, source: str, request=None
) -> Deposit:
    """Record what the provider confirmed (see the module's text) and return the deposit as
    it is now. `source` is "callback" or "return". Raises CallbackRefused (audited, nothing
    recorded)."""
    try:
        with transaction.atomic():
            return _confirm(
                provider_name=provider_name,
                confirmation=confirmation,
                source=source,
                request=request,
            )
    except CallbackRefused as exc:
        _audit_refusal(provider_name, source, exc, request, confirmation)
        raise


def _audit_refusal(provider_name, source, exc, request, confirmation=None) -> None:
    details = {"provider": provider_name, "source": source, "code": exc.code, "why": exc.message}
    if confirmation is not None:
        details |= {
            "session_id": confirmation.session_id[:255],
            "event_id": confirmation.event_id[:255],
            "amount_cents": confirmation.amount_cents,
        }
    audit_record(
        action="deposit.confirmation_refused",
        object_type="payments.deposit",
        request=request,
        channel=source,
        details=details,
    )


def deposit_callback(
    *, provider_name: str, body: bytes, headers: Mapping[str, str], request=None
) -> Deposit | None:
    """The provider's callback (webhook): verified by its adapter, then recorded once. None
    for an event that says nothing about a payment. Raises CallbackRefused (audited)."""
    try:
        confirmation = checkout_provider(provider_name).callback_read(body=body, headers=headers)
    except CallbackRefused as exc:
        _audit_refusal(provider_name, "callback", exc, request)
        raise
    if confirmation is None:
        return None
    return deposit_confirm(
        provider_name=provider_name, confirmation=confirmation, source="callback", request=request
    )


def deposit_return(*, deposit: Deposit, params: Mapping[str, str], request=None) -> Deposit:
    """The payer came back from the checkout to the deposit's page: what the return proves
    (a signed confirmation, or the provider's word about the session) is recorded like a
    callback. Returns the deposit as it is now. Raises CallbackRefused (audited) or
    ProviderUnavailable."""
    if deposit.session_id is None or deposit.status != Deposit.Status.PENDING:
        return deposit
    provider = checkout_provider(deposit.provider)
    try:
        confirmation = provider.return_read(session_id=deposit.session_id, params=params)
    except CallbackRefused as exc:
        _audit_refusal(deposit.provider, "return", exc, request)
        raise
    if confirmation is None:
        return deposit
    return deposit_confirm(
        provider_name=deposit.provider, confirmation=confirmation, source="return", request=request
    )


def ledger_of(account: PaymentAccount):
    """The account's ledger, newest first, each entry with the deposit it records (if any)."""
    return (
        LedgerEntry.objects.filter(account=account)
        .select_related("deposit")
        .order_by("-created_at", "-pk")
    )
