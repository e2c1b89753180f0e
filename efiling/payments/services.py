"""Payment accounts, fee holds and the ledger behind them.

A fee is held when an envelope is submitted, charged when the clerk accepts it and released when
it is rejected or cancelled. Every movement is one append-only `LedgerEntry`; balances are sums
of entries, never stored totals. Holding, charging and releasing lock the account row first
(SELECT ... FOR NO KEY UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialize writers),
so two submissions at once can never spend the same money and a hold is settled exactly once.
Only the account row is locked: not its owner's user row, which every insert that refers to the
user (a document, a status change, a notice) must be able to share (docs/architecture.md, lock
order: the payment account comes right after the envelope and the confirmation counter). A
caller that settles a fee after other work locks the account first with `payment_account_lock`.

Fees are paid through one interface, `PaymentProvider`. The built-in `LedgerProvider` keeps the
money in the ledger itself (a deposit account, as courts offer to law firms; the Django setting
EFILING_FEE_PROVIDER may name another class). Money comes into the account as deposits made
through a card processor's hosted checkout: efiling.payments.deposits and
efiling.payments.providers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Sum
from django.utils.module_loading import import_string

from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import Conflict, ValidationFailed
from efiling.payments.models import LedgerEntry, PaymentAccount

DEFAULT_FEE_PROVIDER = "efiling.payments.services.LedgerProvider"
REFERENCE_MAX_LENGTH = LedgerEntry._meta.get_field("reference").max_length
Kind = LedgerEntry.Kind
# Where a filer adds funds (the page; the API's StartDeposit is named in its error answers).
ADD_FUNDS_PATH = "/payments/add/"


def format_money(cents: int) -> str:
    """Whole cents as dollars for people: 123450 -> "$1,234.50", -5 -> "-$0.05"."""
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(int(cents)), 100)
    return f"{sign}${dollars:,}.{rest:02d}"


@dataclass(frozen=True)
class Balance:
    """An account's money, in cents. `held` counts only holds not yet charged or released;
    `available` = deposited - held - charged, and is never negative; `balance` (the money in
    the account, held fees included) = deposited - charged."""

    deposited: int
    held: int
    charged: int
    released: int
    available: int

    @property
    def balance(self) -> int:
        return self.deposited - self.charged


# --- accounts -----------------------------------------------------------------------------


def payment_account_for(user) -> PaymentAccount:
    """The user's payment account, created on first use. Two requests at once create one
    account: the insert ignores the conflict and both read the same row."""
    account = PaymentAccount.objects.filter(owner=user).first()
    if account is None:
        PaymentAccount.objects.bulk_create(
            [PaymentAccount(owner=user, created_at=clock.now())], ignore_conflicts=True
        )
        account = PaymentAccount.objects.get(owner=user)
    return account


def payment_account_lock(account: PaymentAccount) -> PaymentAccount:
    """Lock the account row, and only it, for the rest of the caller's transaction, and return
    it as it is now (with its owner). Locking it again later in the same transaction is free."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("payment_account_lock must run inside the caller's transaction")
    return (
        PaymentAccount.objects.select_for_update(no_key=True, of=("self",))
        .select_related("owner")
        .get(pk=account.pk)
    )


def balance(account: PaymentAccount) -> Balance:
    """The account's sums in cents, in one statement: a hold counts as held until an entry
    settles it (charges or releases it)."""
    settled = LedgerEntry.objects.filter(hold=OuterRef("pk"))
    sums = LedgerEntry.objects.filter(account=account).aggregate(
        deposited=Sum("amount_cents", filter=Q(kind=Kind.DEPOSIT), default=0),
        charged=Sum("amount_cents", filter=Q(kind=Kind.CHARGE), default=0),
        released=Sum("amount_cents", filter=Q(kind=Kind.RELEASE), default=0),
        held=Sum("amount_cents", filter=Q(kind=Kind.HOLD) & ~Exists(settled), default=0),
    )
    held = sums["held"]
    return Balance(
        deposited=sums["deposited"],
        held=held,
        charged=sums["charged"],
        released=sums["released"],
        available=sums["deposited"] - held - sums["charged"],
    )


# --- validation and recording ---------------------------------------------------------------


def _check_amount(amount_cents) -> int:
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise ValidationFailed("An amount is a whole number of cents.", field="amount_cents")
    if amount_cents <= 0:
        raise ValidationFailed("An amount must be more than $0.00.", field="amount_cents")
    return amount_cents


def _check_reference(reference) -> str:
    reference = (reference or "").strip()
    if not reference:
        raise ValidationFailed("Say what the money is for (a reference).", field="reference")
    if len(reference) > REFERENCE_MAX_LENGTH:
        raise ValidationFailed(
            f"A reference has at most {REFERENCE_MAX_LENGTH} characters.", field="reference"
        )
    return reference


def ledger_record(
    *,
    account: PaymentAccount,
    kind: str,
    amount_cents: int,
    reference: str,
    hold: LedgerEntry | None = None,
    actor=None,
    request=None,
    channel: str | None = None,
) -> LedgerEntry:
    """Append one entry and its audit event; the caller holds the account lock
    (`payment_account_lock`). Amounts and references are checked by the caller."""
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                account=account,
                kind=kind,
                amount_cents=amount_cents,
                reference=reference,
                hold=hold,
                created_at=clock.now(),
            )
    except IntegrityError as exc:  # the unique constraint: only if the lock was bypassed
        raise Conflict("This fee hold has already been settled.", code="already_settled") from exc
    after = balance(account)
    details = {
        "account": account.pk,
        "owner": account.owner.email,
        "kind": kind,
        "amount_cents": amount_cents,
        "amount": format_money(amount_cents),
        "reference": reference,
        "available_after": after.available,
    }
    if hold is not None:
        details["hold"] = hold.pk
    audit_record(
        action=f"ledgerentry.{kind}",
        target=entry,
        actor=actor,
        request=request,
        channel=channel,
        details=details,
    )
    return entry


def deposit(
    *,
    account: PaymentAccount,
    amount_cents: int,
    reference: str,
    actor=None,
    request=None,
    channel: str | None = None,
) -> LedgerEntry:
    """Put money into an account (the demo's stand-in for a payment to the court)."""
    amount_cents = _check_amount(amount_cents)
    reference = _check_reference(reference)
    with transaction.atomic():
        account = payment_account_lock(account)
        return ledger_record(
            account=account,
            kind=Kind.DEPOSIT,
            amount_cents=amount_cents,
            reference=reference,
            actor=actor,
            request=request,
            channel=channel,
        )


# --- the provider interface ---------------------------------------------------------------


@runtime_checkable
class PaymentProvider(Protocol):
    """How fees are paid. A hold reserves the fee at submission; it is later settled exactly
    once: charged when the clerk accepts the filing, released when it is rejected or cancelled.
    Each call returns the ledger entry it wrote. `actor` (optional) is who caused it, for the
    audit trail. Errors are `ValidationFailed` (e.g. not enough money) and `Conflict` (a hold
    settled twice)."""

    def hold(
        self, *, account: PaymentAccount, amount_cents: int, reference: str, actor=None
    ) -> LedgerEntry: ...

    def charge(self, *, hold: LedgerEntry, actor=None) -> LedgerEntry: ...

    def release(self, *, hold: LedgerEntry, actor=None) -> LedgerEntry: ...


class LedgerProvider:
    """The built-in provider: fees are paid from the money deposited in the account."""

    def hold(
        self, *, account: PaymentAccount, amount_cents: int, reference: str, actor=None
    ) -> LedgerEntry:
        amount_cents = _check_amount(amount_cents)
        reference = _check_reference(reference)
        with transaction.atomic():
            account = payment_account_lock(account)
            available = balance(account).available
            if amount_cents > available:
                raise ValidationFailed(
                    f"The payment account has {format_money(available)} available; this "
                    f"submission needs {format_money(amount_cents)}. Add funds to the account "
                    f"({ADD_FUNDS_PATH}) or ask the court to waive the fees.",
                    code="insufficient_funds",
                    links={"add_funds_url": ADD_FUNDS_PATH},
                )
            return ledger_record(
                account=account,
                kind=Kind.HOLD,
                amount_cents=amount_cents,
                reference=reference,
                actor=actor,
            )

    def charge(self, *, hold: LedgerEntry, actor=None) -> LedgerEntry:
        return self._settle(hold=hold, kind=Kind.CHARGE, actor=actor)

    def release(self, *, hold: LedgerEntry, actor=None) -> LedgerEntry:
        return self._settle(hold=hold, kind=Kind.RELEASE, actor=actor)

    def _settle(self, *, hold: LedgerEntry, kind: str, actor) -> LedgerEntry:
        with transaction.atomic():
            account = payment_account_lock(PaymentAccount(pk=hold.account_id))
            # as it is now, under the lock, with how it was settled if it was (in one statement)
            hold = LedgerEntry.objects.annotate(
                settled_as=Subquery(
                    LedgerEntry.objects.filter(hold=OuterRef("pk"))
                    .order_by("pk")
                    .values("kind")[:1]
                )
            ).get(pk=hold.pk)
            if hold.kind != Kind.HOLD:
                raise ValidationFailed(
                    f"Only a hold can be charged or released; this entry is a {hold.kind}."
                )
            if hold.settled_as is not None:
                done = "charged" if hold.settled_as == Kind.CHARGE else "released"
                raise Conflict(
                    f"The fee held for {hold.reference} ({format_money(hold.amount_cents)}) "
                    f"was already {done}; a hold is settled only once.",
                    code="already_settled",
                )
            return ledger_record(
                account=account,
                kind=kind,
                amount_cents=hold.amount_cents,
                reference=hold.reference,
                hold=hold,
                actor=actor,
            )


def payment_provider() -> PaymentProvider:
    """The provider named by the setting EFILING_FEE_PROVIDER (a dotted path to a class
    or a factory), the ledger provider by default."""
    path = getattr(settings, "EFILING_FEE_PROVIDER", None) or DEFAULT_FEE_PROVIDER
    try:
        factory = import_string(path)
    except ImportError as exc:
        raise ImportError(f"EFILING_FEE_PROVIDER {path!r} cannot be imported: {exc}") from exc
    return factory()


# --- consistency ----------------------------------------------------------------------------


def ledger_check(account: PaymentAccount) -> list[str]:
    """Every way the account's ledger breaks its rules, in words; empty when it is consistent.
    Rules: a charge or release settles a hold of the same account and amount; no hold is settled
    twice; deposits and holds settle nothing; the available money is never negative at any point
    (entries are walked in the order they were written)."""
    problems: list[str] = []
    entries = list(
        LedgerEntry.objects.filter(account=account).select_related("hold").order_by("pk")
    )
    settled = Counter()
    available = 0
    for entry in entries:
        label = f"entry #{entry.pk} ({entry.kind} {format_money(entry.amount_cents)})"
        if entry.amount_cents <= 0:
            problems.append(f"{label} has no positive amount.")
        if entry.kind in (Kind.DEPOSIT, Kind.HOLD):
            if entry.hold_id is not None:
                problems.append(f"{label} settles a hold, which only a charge or release may.")
        elif entry.kind in (Kind.CHARGE, Kind.RELEASE):
            hold = entry.hold
            if hold is None:
                problems.append(f"{label} settles no hold.")
            else:
                settled[hold.pk] += 1
                if hold.kind != Kind.HOLD:
                    problems.append(f"{label} settles entry #{hold.pk}, which is not a hold.")
                if hold.account_id != entry.account_id:
                    problems.append(f"{label} settles hold #{hold.pk} of another account.")
                if hold.amount_cents != entry.amount_cents:
                    problems.append(
                        f"{label} does not match hold #{hold.pk} "
                        f"({format_money(hold.amount_cents)})."
                    )
                if hold.pk > entry.pk:
                    problems.append(f"{label} settles hold #{hold.pk}, written after it.")
        else:
            problems.append(f"{label} is of an unknown kind.")
        if entry.kind == Kind.DEPOSIT:
            available += entry.amount_cents
        elif entry.kind == Kind.HOLD:
            available -= entry.amount_cents
        elif entry.kind == Kind.RELEASE:
            available += entry.amount_cents
        if available < 0:
            problems.append(f"After {label} the available money is {format_money(available)}.")
    problems.extend(
        f"Hold #{pk} is settled {count} times." for pk, count in settled.items() if count > 1
    )
    summed = balance(account)
    if summed.available != available:
        problems.append(
            f"The balance says {format_money(summed.available)} available, the entries "
            f"{format_money(available)}."
        )
    if summed.available < 0:
        problems.append(f"The available money is {format_money(summed.available)}.")
    return problems
