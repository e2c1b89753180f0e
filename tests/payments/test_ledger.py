import threading

import pytest
from django.db import connections
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.audit.services import audit_chain_verify
from efiling.core import clock
from efiling.core.errors import Conflict, ValidationFailed
from efiling.payments.models import LedgerEntry, PaymentAccount
from efiling.payments.services import (
    Balance,
    LedgerProvider,
    PaymentProvider,
    balance,
    deposit,
    format_money,
    ledger_check,
    payment_account_for,
    payment_provider,
)
from tests import factories


def funded_account(cents: int = 0) -> PaymentAccount:
    account = payment_account_for(factories.user(Role.ATTORNEY))
    if cents:
        deposit(account=account, amount_cents=cents, reference="test funds", actor=None)
    return account


# --- money and accounts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cents", "text"),
    [(0, "$0.00"), (5, "$0.05"), (14950, "$149.50"), (123450, "$1,234.50"), (-250, "-$2.50")],
)
def test_format_money(cents, text):
    assert format_money(cents) == text


def test_an_account_is_created_on_first_use_and_only_once(db):
    attorney = factories.user(Role.ATTORNEY)
    first = payment_account_for(attorney)
    assert payment_account_for(attorney) == first
    assert PaymentAccount.objects.filter(owner=attorney).count() == 1
    assert balance(first) == Balance(0, 0, 0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_use_creates_one_account():
    attorney = factories.user(Role.ATTORNEY)
    accounts, errors = [], []
    start = threading.Barrier(6)

    def worker():
        try:
            start.wait()
            accounts.append(payment_account_for(attorney).pk)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(accounts)) == 1
    assert PaymentAccount.objects.filter(owner=attorney).count() == 1


# --- hold, charge, release -------------------------------------------------------------------


def test_hold_then_charge(db):
    account = funded_account(50_000)
    provider = LedgerProvider()
    hold = provider.hold(account=account, amount_cents=14_950, reference="envelope E-1")
    assert (hold.kind, hold.amount_cents, hold.hold_id) == ("hold", 14_950, None)
    assert balance(account) == Balance(50_000, 14_950, 0, 0, 35_050)
    charge = provider.charge(hold=hold)
    assert (charge.kind, charge.amount_cents, charge.hold_id) == ("charge", 14_950, hold.pk)
    assert balance(account) == Balance(50_000, 0, 14_950, 0, 35_050)
    assert ledger_check(account) == []


def test_hold_then_release_gives_the_money_back(db):
    account = funded_account(20_000)
    provider = LedgerProvider()
    hold = provider.hold(account=account, amount_cents=20_000, reference="envelope E-2")
    assert balance(account).available == 0
    release = provider.release(hold=hold)
    assert (release.kind, release.amount_cents, release.reference) == (
        "release",
        20_000,
        "envelope E-2",
    )
    assert balance(account) == Balance(20_000, 0, 0, 20_000, 20_000)
    assert ledger_check(account) == []


def test_insufficient_funds_are_refused_with_the_amounts(db):
    account = funded_account(10_000)
    with pytest.raises(ValidationFailed) as caught:
        LedgerProvider().hold(account=account, amount_cents=14_950, reference="envelope E-3")
    assert caught.value.message.startswith(
        "The payment account has $100.00 available; this submission needs $149.50."
    )
    assert caught.value.code == "insufficient_funds"
    assert not LedgerEntry.objects.filter(account=account, kind="hold").exists()


def test_holds_count_against_what_is_available(db):
    account = funded_account(30_000)
    provider = LedgerProvider()
    provider.hold(account=account, amount_cents=20_000, reference="envelope E-4")
    with pytest.raises(ValidationFailed, match=r"has \$100\.00 available"):
        provider.hold(account=account, amount_cents=10_001, reference="envelope E-5")
    provider.hold(account=account, amount_cents=10_000, reference="envelope E-5")
    assert balance(account).available == 0


@pytest.mark.parametrize(
    ("first", "second"),
    [("charge", "charge"), ("charge", "release"), ("release", "release"), ("release", "charge")],
)
def test_a_hold_is_settled_exactly_once(db, first, second):
    account = funded_account(5_000)
    provider = LedgerProvider()
    hold = provider.hold(account=account, amount_cents=5_000, reference="envelope E-6")
    getattr(provider, first)(hold=hold)
    with pytest.raises(Conflict, match="already") as caught:
        getattr(provider, second)(hold=hold)
    assert caught.value.code == "already_settled"
    assert LedgerEntry.objects.filter(hold=hold).count() == 1
    assert ledger_check(account) == []


def test_only_a_hold_can_be_settled(db):
    account = funded_account(5_000)
    a_deposit = LedgerEntry.objects.get(account=account, kind="deposit")
    with pytest.raises(ValidationFailed, match="Only a hold"):
        LedgerProvider().charge(hold=a_deposit)


@pytest.mark.parametrize("amount", [0, -100, 12.5, True, "100", None])
def test_amounts_are_positive_whole_cents(db, amount):
    account = funded_account(5_000)
    with pytest.raises(ValidationFailed, match=r"cents|more than"):
        LedgerProvider().hold(account=account, amount_cents=amount, reference="envelope E-7")
    with pytest.raises(ValidationFailed, match=r"cents|more than"):
        deposit(account=account, amount_cents=amount, reference="more", actor=None)


def test_a_reference_is_required(db):
    account = funded_account(5_000)
    with pytest.raises(ValidationFailed, match="reference"):
        LedgerProvider().hold(account=account, amount_cents=100, reference="  ")


def test_every_ledger_change_is_audited_with_its_actor(db):
    clerk = factories.user(Role.CLERK)
    attorney = factories.user(Role.ATTORNEY)
    account = payment_account_for(attorney)
    provider = LedgerProvider()
    deposit(account=account, amount_cents=30_000, reference="check 1042", actor=clerk)
    first = provider.hold(
        account=account, amount_cents=10_000, reference="envelope A", actor=attorney
    )
    second = provider.hold(account=account, amount_cents=5_000, reference="envelope B")
    provider.charge(hold=first, actor=clerk)
    provider.release(hold=second, actor=clerk)
    events = list(AuditEvent.objects.filter(action__startswith="ledgerentry.").order_by("id"))
    assert [e.action for e in events] == [
        "ledgerentry.deposit",
        "ledgerentry.hold",
        "ledgerentry.hold",
        "ledgerentry.charge",
        "ledgerentry.release",
    ]
    assert [e.actor_id for e in events] == [clerk.pk, attorney.pk, None, clerk.pk, clerk.pk]
    assert events[3].details["hold"] == first.pk
    assert events[3].details["amount"] == "$100.00"
    assert events[4].details["available_after"] == 20_000
    assert audit_chain_verify().intact


def test_ledger_check_names_what_is_broken(db):
    account = funded_account(1_000)
    other = funded_account(1_000)
    hold = LedgerProvider().hold(account=account, amount_cents=600, reference="envelope X")
    now = clock.now()
    # Written behind the services' back: a release of the wrong amount, a second settlement
    # (the constraint forbids it, so it settles the other account's deposit instead) and a
    # hold that overspends.
    LedgerEntry.objects.create(
        account=account, kind="release", amount_cents=500, reference="x", hold=hold, created_at=now
    )
    LedgerEntry.objects.create(
        account=account, kind="hold", amount_cents=2_000, reference="y", created_at=now
    )
    LedgerEntry.objects.create(
        account=account,
        kind="charge",
        amount_cents=1_000,
        reference="z",
        hold=LedgerEntry.objects.get(account=other, kind="deposit"),
        created_at=now,
    )
    problems = ledger_check(account)
    text = "\n".join(problems)
    assert "does not match hold" in text
    assert "available money is -$" in text
    assert "which is not a hold" in text and "of another account" in text
    assert ledger_check(other) == []


# --- concurrency -------------------------------------------------------------------------------


def _run_threads(count, work):
    start = threading.Barrier(count)
    results, errors = [], []

    def runner(index):
        try:
            start.wait()
            results.append(work(index))
        except (ValidationFailed, Conflict) as exc:
            results.append(exc)
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_holds_never_overspend():
    account = funded_account(10_000)
    provider = LedgerProvider()
    results, errors = _run_threads(
        8,
        lambda i: provider.hold(account=account, amount_cents=3_000, reference=f"envelope T-{i}"),
    )
    assert errors == []
    held = [r for r in results if isinstance(r, LedgerEntry)]
    refused = [r for r in results if isinstance(r, ValidationFailed)]
    assert (len(held), len(refused)) == (3, 5)
    assert all("has $10.00 available" in r.message for r in refused)  # after the third hold
    assert balance(account) == Balance(10_000, 9_000, 0, 0, 1_000)
    assert ledger_check(account) == []
    assert audit_chain_verify().intact


@pytest.mark.django_db(transaction=True)
def test_concurrent_settlements_settle_a_hold_once():
    account = funded_account(10_000)
    provider = LedgerProvider()
    hold = provider.hold(account=account, amount_cents=4_000, reference="envelope T-9")
    results, errors = _run_threads(
        6, lambda i: (provider.charge if i % 2 else provider.release)(hold=hold)
    )
    assert errors == []
    settled = [r for r in results if isinstance(r, LedgerEntry)]
    assert len(settled) == 1
    assert sum(isinstance(r, Conflict) for r in results) == 5
    assert LedgerEntry.objects.filter(hold=hold).count() == 1
    assert ledger_check(account) == []


# --- any sequence keeps the ledger consistent ----------------------------------------------------


class LedgerMachine(RuleBasedStateMachine):
    """Random deposits, holds, charges, releases and repeated settlements on one new account,
    checked after every step against a model kept in Python."""

    def __init__(self):
        super().__init__()
        self.account = payment_account_for(factories.user(Role.ATTORNEY))
        self.provider = LedgerProvider()
        self.open_holds: list[LedgerEntry] = []
        self.settled: list[LedgerEntry] = []
        self.expected = {"deposited": 0, "held": 0, "charged": 0, "released": 0}

    @property
    def available(self):
        e = self.expected
        return e["deposited"] - e["held"] - e["charged"]

    @rule(amount=st.integers(1, 40_000))
    def deposit(self, amount):
        deposit(account=self.account, amount_cents=amount, reference="funds", actor=None)
        self.expected["deposited"] += amount

    @rule(amount=st.integers(1, 40_000))
    def hold(self, amount):
        if amount > self.available:
            with pytest.raises(ValidationFailed, match="available"):
                self.provider.hold(account=self.account, amount_cents=amount, reference="h")
            return
        self.open_holds.append(
            self.provider.hold(account=self.account, amount_cents=amount, reference="h")
        )
        self.expected["held"] += amount

    @precondition(lambda self: self.open_holds)
    @rule(data=st.data(), charge=st.booleans())
    def settle(self, data, charge):
        hold = self.open_holds.pop(data.draw(st.integers(0, len(self.open_holds) - 1)))
        (self.provider.charge if charge else self.provider.release)(hold=hold)
        self.expected["held"] -= hold.amount_cents
        self.expected["charged" if charge else "released"] += hold.amount_cents
        self.settled.append(hold)

    @precondition(lambda self: self.settled)
    @rule(data=st.data(), charge=st.booleans())
    def settle_again(self, data, charge):
        hold = data.draw(st.sampled_from(self.settled))
        with pytest.raises(Conflict):
            (self.provider.charge if charge else self.provider.release)(hold=hold)

    @invariant()
    def ledger_is_consistent(self):
        assert ledger_check(self.account) == []
        money = balance(self.account)
        assert money == Balance(**self.expected, available=self.available)
        assert money.available >= 0


def test_any_sequence_keeps_the_ledger_consistent(db):
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=20,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


# --- the provider interface ----------------------------------------------------------------


class RecordingProvider(LedgerProvider):
    """A stand-in for a card processor: the same ledger, plus a note of each call."""

    calls: list[str] = []

    def hold(self, *, account, amount_cents, reference, actor=None):
        self.calls.append(f"hold {amount_cents}")
        return super().hold(
            account=account, amount_cents=amount_cents, reference=reference, actor=actor
        )


def test_the_ledger_provider_is_the_default_and_fits_the_interface(db, settings):
    if hasattr(settings, "EFILING_FEE_PROVIDER"):
        del settings.EFILING_FEE_PROVIDER
    provider = payment_provider()
    assert type(provider) is LedgerProvider
    assert isinstance(provider, PaymentProvider)


def test_the_provider_is_chosen_by_setting(db, settings):
    settings.EFILING_FEE_PROVIDER = "tests.payments.test_ledger.RecordingProvider"
    RecordingProvider.calls = []
    provider = payment_provider()
    assert isinstance(provider, RecordingProvider) and isinstance(provider, PaymentProvider)
    account = funded_account(1_000)
    provider.hold(account=account, amount_cents=700, reference="envelope P-1")
    assert RecordingProvider.calls == ["hold 700"]


def test_an_unknown_provider_setting_says_which(settings):
    settings.EFILING_FEE_PROVIDER = "efiling.payments.services.NoSuchProvider"
    with pytest.raises(ImportError, match="EFILING_FEE_PROVIDER"):
        payment_provider()


# --- the admin: deposits for the demo --------------------------------------------------------


def _admin_client(role=Role.COURT_ADMINISTRATOR, **fields):
    person = factories.user(role, is_staff=True, **fields)
    client = Client(REMOTE_ADDR="198.51.100.7")
    client.force_login(person)
    return client, person


def test_administrator_records_a_deposit_in_the_admin_and_it_is_audited(db):
    client, admin_user = _admin_client(is_superuser=True)
    attorney = factories.user(Role.ATTORNEY)
    page = client.get(f"/admin/payments/ledgerentry/add/?owner_email={attorney.email}")
    assert page.status_code == 200
    response = client.post(
        "/admin/payments/ledgerentry/add/",
        {"owner_email": attorney.email.upper(), "amount": "250.50", "reference": "demo funds"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    account = PaymentAccount.objects.get(owner=attorney)
    assert balance(account).available == 25_050
    event = AuditEvent.objects.get(action="ledgerentry.deposit")
    assert (event.actor_id, event.channel, event.ip_address) == (
        admin_user.pk,
        "admin",
        "198.51.100.7",
    )
    page = client.get(f"/admin/payments/paymentaccount/{account.pk}/change/")
    assert page.status_code == 200
    assert b"$250.50 available" in page.content and b"demo funds" in page.content


def test_a_deposit_needs_a_known_user_and_a_positive_amount(db):
    client, _ = _admin_client(is_superuser=True)
    response = client.post(
        "/admin/payments/ledgerentry/add/",
        {"owner_email": "nobody@example.test", "amount": "0", "reference": "x"},
    )
    assert response.status_code == 200
    assert b"There is no user with this e-mail address." in response.content
    assert not LedgerEntry.objects.exists()


def test_only_court_administrators_record_deposits_and_nobody_edits_the_ledger(db):
    client, _ = _admin_client(Role.CLERK, is_superuser=True)
    assert client.get("/admin/payments/ledgerentry/add/").status_code == 403
    admin_client, _ = _admin_client(is_superuser=True)
    account = funded_account(1_000)
    entry = LedgerEntry.objects.get(account=account)
    response = admin_client.post(
        f"/admin/payments/ledgerentry/{entry.pk}/change/",
        {"owner_email": "x@example.test", "amount": "9999", "reference": "edited"},
    )
    assert response.status_code == 403
    assert admin_client.post(f"/admin/payments/ledgerentry/{entry.pk}/delete/").status_code == 403
    assert LedgerEntry.objects.get(pk=entry.pk).reference == "test funds"
