"""Adding funds through the hosted checkout: the services, both adapters (the demo checkout,
and Stripe against fixtures built from its documented API) and every refusal."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.core.errors import NotFound, PermissionDenied, ValidationFailed
from efiling.payments import deposits
from efiling.payments.models import Deposit, LedgerEntry
from efiling.payments.providers import demo
from efiling.payments.providers.base import CallbackRefused, ProviderUnavailable
from efiling.payments.services import balance, ledger_check, payment_account_for
from tests import factories
from tests.payments import stripe_fixtures as fx

SITE = "http://testserver/"


def start(user, cents=25_000, account=None):
    account = account or payment_account_for(user)
    return deposits.deposit_start(user=user, account=account, amount_cents=cents, site_url=SITE)


def demo_session(deposit) -> demo.DemoSession:
    return demo.demo_session_read(deposit.session_id, return_params(deposit.checkout_url)["s"])


def return_params(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def refusals():
    return AuditEvent.objects.filter(action="deposit.confirmation_refused").count()


@pytest.fixture
def newcomer(db):
    return factories.user(Role.ATTORNEY, first_name="Nora", last_name="Newcomb")


# --- amounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cents"),
    [("250", 25_000), ("250.5", 25_050), ("250.05", 25_005), ("$1,250.00", 125_000), (" 7 ", 700)],
)
def test_dollars_are_read_as_people_type_them(text, cents):
    assert deposits.dollars_parse(text) == cents


@pytest.mark.parametrize(
    "text", ["", "-5", "2.505", "abc", "1,25", "\u0661\u0660", "5e3", "12.", "$"]
)
def test_other_amounts_are_refused_in_words(text):
    with pytest.raises(ValidationFailed, match="dollars and cents"):
        deposits.dollars_parse(text)


@pytest.mark.parametrize("cents", [0, 499, 1_000_001, -100])
def test_amounts_out_of_bounds_are_refused_and_nothing_is_started(newcomer, cents):
    with pytest.raises(ValidationFailed, match=r"between \$5\.00 and \$10,000\.00") as caught:
        start(newcomer, cents)
    assert caught.value.code == "amount_out_of_bounds"
    assert not Deposit.objects.exists()


@pytest.mark.parametrize("value", [25.0, "2500", True, None])
def test_an_amount_must_be_whole_cents(newcomer, value):
    with pytest.raises(ValidationFailed, match="whole number of cents"):
        start(newcomer, value)


# --- the demo checkout --------------------------------------------------------------------


def test_starting_records_a_pending_deposit_and_opens_the_checkout(newcomer):
    deposit = start(newcomer)
    assert deposit.status == Deposit.Status.PENDING
    assert deposit.reference.startswith("D-") and len(deposit.reference) == 12
    assert deposit.checkout_url.startswith(f"/payments/demo-checkout/{deposit.session_id}/?s=")
    session = demo_session(deposit)
    assert (session.amount_cents, session.reference) == (25_000, deposit.reference)
    assert session.success_url == f"http://testserver/payments/deposits/{deposit.reference}/"
    assert balance(deposit.account).deposited == 0
    actions = list(
        AuditEvent.objects.filter(object_type="payments.deposit", object_id=str(deposit.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["deposit.started", "deposit.checkout_opened"]


def test_an_approved_card_is_recorded_once_whatever_arrives_twice(newcomer):
    deposit = start(newcomer)
    body, headers, back = demo.demo_payment(demo_session(deposit), paid=True)
    first = deposits.deposit_callback(provider_name="demo", body=body, headers=headers)
    again = deposits.deposit_callback(provider_name="demo", body=body, headers=headers)
    returned = deposits.deposit_return(
        deposit=Deposit.objects.get(pk=deposit.pk), params=return_params(back)
    )
    assert first.status == again.status == returned.status == Deposit.Status.COMPLETED
    assert LedgerEntry.objects.filter(account=deposit.account, kind="deposit").count() == 1
    assert balance(deposit.account).available == 25_000
    assert ledger_check(deposit.account) == []
    assert AuditEvent.objects.filter(action="deposit.completed").count() == 1
    assert AuditEvent.objects.filter(action="deposit.confirmation_repeated").count() == 1
    entry = LedgerEntry.objects.get(account=deposit.account)
    assert entry.reference == f"deposit {deposit.reference}" and entry.deposit == first


def test_the_return_before_the_callback_records_it_and_the_callback_changes_nothing(newcomer):
    deposit = start(newcomer)
    body, headers, back = demo.demo_payment(demo_session(deposit), paid=True)
    params = return_params(back)
    returned = deposits.deposit_return(deposit=deposit, params=params)
    assert returned.status == Deposit.Status.COMPLETED
    deposits.deposit_callback(provider_name="demo", body=body, headers=headers)
    assert LedgerEntry.objects.filter(kind="deposit").count() == 1
    assert balance(deposit.account).available == 25_000


def test_a_declined_card_records_nothing_and_says_declined(newcomer):
    deposit = start(newcomer)
    body, headers, back = demo.demo_payment(demo_session(deposit), paid=False)
    assert "left=1" in back
    declined = deposits.deposit_callback(provider_name="demo", body=body, headers=headers)
    assert declined.status == Deposit.Status.DECLINED
    assert not LedgerEntry.objects.exists()
    assert AuditEvent.objects.filter(action="deposit.declined").exists()


def test_a_bad_signature_is_refused_audited_and_records_nothing(newcomer):
    deposit = start(newcomer)
    body, _, _ = demo.demo_payment(demo_session(deposit), paid=True)
    forged = {demo.SIGNATURE_HEADER: "0" * 64}
    with pytest.raises(CallbackRefused) as caught:
        deposits.deposit_callback(provider_name="demo", body=body, headers=forged)
    assert (caught.value.status, caught.value.code) == (400, "bad_signature")
    with pytest.raises(CallbackRefused):
        deposits.deposit_callback(provider_name="demo", body=body, headers={})
    assert not LedgerEntry.objects.exists()
    assert Deposit.objects.get(pk=deposit.pk).status == Deposit.Status.PENDING
    assert refusals() == 2


def test_a_tampered_amount_does_not_verify(newcomer):
    deposit = start(newcomer)
    body, headers, _ = demo.demo_payment(demo_session(deposit), paid=True)
    event = json.loads(body)
    event["amount_cents"] = 999_999
    with pytest.raises(CallbackRefused, match="signature"):
        deposits.deposit_callback(
            provider_name="demo", body=json.dumps(event).encode(), headers=headers
        )
    assert not LedgerEntry.objects.exists()


def test_a_signed_confirmation_of_another_amount_or_session_is_refused(newcomer):
    deposit = start(newcomer)
    event = {
        "id": "demo_evt_x",
        "type": demo.PAID,
        "session_id": deposit.session_id,
        "reference": deposit.reference,
        "amount_cents": 100,
        "currency": "usd",
    }
    body = json.dumps(event).encode()
    headers = {demo.SIGNATURE_HEADER: demo.callback_signature(body)}
    with pytest.raises(CallbackRefused, match=r"\$1\.00") as caught:
        deposits.deposit_callback(provider_name="demo", body=body, headers=headers)
    assert caught.value.code == "amount_mismatch"
    unknown = json.dumps({**event, "session_id": "demo_cs_nothing"}).encode()
    with pytest.raises(CallbackRefused) as caught:
        deposits.deposit_callback(
            provider_name="demo",
            body=unknown,
            headers={demo.SIGNATURE_HEADER: demo.callback_signature(unknown)},
        )
    assert caught.value.code == "unknown_session"
    assert not LedgerEntry.objects.exists() and refusals() == 2


def test_a_forged_return_confirmation_is_refused(newcomer):
    deposit = start(newcomer)
    with pytest.raises(CallbackRefused):
        deposits.deposit_return(deposit=deposit, params={"confirmation": "forged:token"})
    other = start(newcomer)
    _, _, back = demo.demo_payment(demo_session(other), paid=True)
    params = return_params(back)
    with pytest.raises(CallbackRefused, match="another checkout"):
        deposits.deposit_return(deposit=deposit, params=params)
    assert not LedgerEntry.objects.exists()


def test_a_forged_checkout_link_is_refused(newcomer):
    deposit = start(newcomer)
    with pytest.raises(CallbackRefused):
        demo.demo_session_read(deposit.session_id, "tampered")


# --- whose accounts ---------------------------------------------------------------------------


def test_staff_see_the_accounts_of_the_attorneys_who_authorized_them(newcomer):
    staff = factories.staff_for(newcomer)
    assert deposits.payment_account_owners(staff) == [newcomer]
    account = deposits.payment_account_get_for_user(user=staff, owner_id=newcomer.pk)
    deposit = start(staff, account=account)
    assert deposit.started_by == staff and deposit.account.owner == newcomer
    assert deposits.deposit_get_for_user(user=newcomer, reference=deposit.reference) == deposit
    stranger = factories.user(Role.ATTORNEY)
    for user, owner in [(stranger, newcomer.pk), (staff, stranger.pk), (newcomer, staff.pk)]:
        with pytest.raises(NotFound):
            deposits.payment_account_get_for_user(user=user, owner_id=owner)
    with pytest.raises(NotFound):
        deposits.deposit_get_for_user(user=stranger, reference=deposit.reference)


def test_court_staff_have_no_payment_account(court):
    clerk = factories.court_staff(Role.CLERK, court)
    with pytest.raises(PermissionDenied):
        deposits.payment_account_owners(clerk)


# --- Stripe -----------------------------------------------------------------------------------


@pytest.fixture
def stripe_settings(settings):
    settings.EFILING_PAYMENT_PROVIDER = "stripe"
    settings.EFILING_STRIPE_SECRET_KEY = fx.SECRET_KEY
    settings.EFILING_STRIPE_WEBHOOK_SECRET = fx.WEBHOOK_SECRET
    return settings


@pytest.fixture
def stripe_api(stripe_settings):
    with fx.fake_stripe_api() as state:
        yield state


def stripe_paid(deposit, *, event_id="evt_test_1", **changes):
    session = fx.checkout_session(
        deposit.session_id, reference=deposit.reference, amount_cents=deposit.amount_cents
    )
    session.update(changes)
    return fx.event("checkout.session.completed", session, event_id=event_id)


def test_stripe_opens_a_checkout_session_as_its_api_documents(newcomer, stripe_api):
    deposit = start(newcomer, 12_345)
    request = stripe_api.requests[0]
    assert (request["method"], request["path"]) == ("POST", "/v1/checkout/sessions")
    form = request["form"]
    assert form["mode"] == "payment"
    assert form["client_reference_id"] == deposit.reference
    assert form["metadata[deposit_reference]"] == deposit.reference
    assert form["line_items[0][price_data][unit_amount]"] == "12345"
    assert form["line_items[0][price_data][currency]"] == "usd"
    assert form["line_items[0][quantity]"] == "1"
    assert form["success_url"] == (
        f"http://testserver/payments/deposits/{deposit.reference}/"
        "?session_id={CHECKOUT_SESSION_ID}"
    )
    assert form["cancel_url"] == f"http://testserver/payments/deposits/{deposit.reference}/?left=1"
    assert request["idempotency_key"] == f"efiling-deposit-{deposit.reference}"
    assert deposit.session_id == "cs_test_0001"
    assert deposit.checkout_url == "https://checkout.stripe.com/c/pay/cs_test_0001"
    assert deposit.provider == "stripe"


def test_stripe_down_marks_the_deposit_failed_and_says_so(newcomer, stripe_api):
    stripe_api.fail_with = 500
    with pytest.raises(ProviderUnavailable, match="nothing was charged"):
        start(newcomer)
    deposit = Deposit.objects.get()
    assert deposit.status == Deposit.Status.FAILED and deposit.session_id is None
    assert AuditEvent.objects.filter(action="deposit.checkout_failed").exists()


def test_stripe_without_keys_is_unavailable_not_a_crash(newcomer, stripe_settings):
    stripe_settings.EFILING_STRIPE_SECRET_KEY = ""
    with pytest.raises(ProviderUnavailable, match="not configured"):
        start(newcomer)


def test_a_signed_checkout_completed_event_records_the_deposit_once(newcomer, stripe_api):
    deposit = start(newcomer)
    body = stripe_paid(deposit)
    headers = {"Stripe-Signature": fx.signature_header(body)}
    for _ in range(2):
        recorded = deposits.deposit_callback(provider_name="stripe", body=body, headers=headers)
        assert recorded.status == Deposit.Status.COMPLETED
    assert recorded.event_id == "evt_test_1"
    assert LedgerEntry.objects.filter(kind="deposit").count() == 1
    # Stripe may also send the same payment as another event: still once.
    other = stripe_paid(deposit, event_id="evt_test_2")
    deposits.deposit_callback(
        provider_name="stripe", body=other, headers={"Stripe-Signature": fx.signature_header(other)}
    )
    assert LedgerEntry.objects.filter(kind="deposit").count() == 1


@pytest.mark.parametrize(
    "header",
    [
        lambda body: fx.signature_header(body, secret="whsec_someone_else"),
        lambda body: fx.signature_header(body, at=1_000_000_000),  # far outside the tolerance
        lambda body: "t=1,v1=",
        lambda body: "",
    ],
    ids=["other-secret", "too-old", "malformed", "missing"],
)
def test_stripe_events_that_do_not_verify_are_refused(newcomer, stripe_api, header):
    deposit = start(newcomer)
    body = stripe_paid(deposit)
    with pytest.raises(CallbackRefused) as caught:
        deposits.deposit_callback(
            provider_name="stripe", body=body, headers={"Stripe-Signature": header(body)}
        )
    assert caught.value.code == "bad_signature"
    assert not LedgerEntry.objects.exists() and refusals() == 1


def test_a_stripe_event_of_another_amount_or_currency_is_refused(newcomer, stripe_api):
    deposit = start(newcomer)
    for changes in ({"amount_total": 1}, {"currency": "eur"}, {"client_reference_id": "D-OTHER"}):
        body = stripe_paid(deposit, **changes)
        with pytest.raises(CallbackRefused):
            deposits.deposit_callback(
                provider_name="stripe",
                body=body,
                headers={"Stripe-Signature": fx.signature_header(body)},
            )
    assert not LedgerEntry.objects.exists() and refusals() == 3


def test_stripe_events_about_other_things_are_acknowledged_and_ignored(newcomer, stripe_api):
    deposit = start(newcomer)
    session = fx.checkout_session(
        deposit.session_id, reference=deposit.reference, amount_cents=deposit.amount_cents
    )
    for kind, payment_status in [
        ("payment_intent.created", "paid"),
        (
            "checkout.session.completed",
            "unpaid",  # a delayed payment method: async_payment_succeeded follows
        ),
    ]:
        body = fx.event(kind, {**session, "payment_status": payment_status})
        assert (
            deposits.deposit_callback(
                provider_name="stripe",
                body=body,
                headers={"Stripe-Signature": fx.signature_header(body)},
            )
            is None
        )
    assert Deposit.objects.get(pk=deposit.pk).status == Deposit.Status.PENDING


def test_an_expired_stripe_session_ends_the_deposit_unpaid(newcomer, stripe_api):
    deposit = start(newcomer)
    session = fx.checkout_session(
        deposit.session_id,
        reference=deposit.reference,
        amount_cents=deposit.amount_cents,
        payment_status="unpaid",
        status="expired",
    )
    body = fx.event("checkout.session.expired", session, event_id="evt_expired")
    ended = deposits.deposit_callback(
        provider_name="stripe", body=body, headers={"Stripe-Signature": fx.signature_header(body)}
    )
    assert ended.status == Deposit.Status.DECLINED and not LedgerEntry.objects.exists()


def test_the_stripe_return_asks_stripe_and_records_a_paid_session(newcomer, stripe_api):
    deposit = start(newcomer)
    unchanged = deposits.deposit_return(deposit=deposit, params={"session_id": deposit.session_id})
    assert unchanged.status == Deposit.Status.PENDING  # still open at Stripe
    stripe_api.sessions[deposit.session_id].update(payment_status="paid", status="complete")
    paid = deposits.deposit_return(deposit=deposit, params={"session_id": deposit.session_id})
    assert paid.status == Deposit.Status.COMPLETED
    assert stripe_api.requests[-1] == {
        "method": "GET",
        "path": f"/v1/checkout/sessions/{deposit.session_id}",
    }
    body = stripe_paid(deposit)  # the webhook, after the return
    deposits.deposit_callback(
        provider_name="stripe", body=body, headers={"Stripe-Signature": fx.signature_header(body)}
    )
    assert LedgerEntry.objects.filter(kind="deposit").count() == 1
    with pytest.raises(CallbackRefused, match="another checkout"):
        deposits.deposit_return(deposit=start(newcomer), params={"session_id": deposit.session_id})


@pytest.mark.django_db(transaction=True)
def test_two_callbacks_at_once_record_the_deposit_once(courts):
    """The same confirmation delivered twice at the same moment (two web processes): the
    account lock, then the deposit row lock, let one record it; the other finds it done."""
    import threading

    from django.db import connection

    user = factories.user(Role.ATTORNEY)
    deposit = start(user)
    body, headers, _ = demo.demo_payment(demo_session(deposit), paid=True)
    barrier, answers = threading.Barrier(2), []

    def deliver():
        try:
            barrier.wait()
            answers.append(
                deposits.deposit_callback(provider_name="demo", body=body, headers=headers).status
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [Deposit.Status.COMPLETED] * 2
    assert LedgerEntry.objects.filter(kind="deposit").count() == 1
    assert ledger_check(deposit.account) == []
