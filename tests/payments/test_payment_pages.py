"""The payment pages through the test client: the account page (own, staff's attorneys'),
Add funds, the deposit's return page and receipt, the provider's callback and the demo
checkout, with their failure cases."""

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pypdfium2
import pytest
from django.test import Client

from efiling.accounts.models import Role
from efiling.accounts.services import staff_authorize
from efiling.audit.models import AuditEvent
from efiling.payments.forms import DemoCardForm
from efiling.payments.models import Deposit, LedgerEntry
from efiling.payments.providers import demo
from efiling.payments.services import deposit, payment_account_for
from tests import factories


@pytest.fixture
def newcomer(db):
    return factories.user(Role.ATTORNEY, first_name="Nora", last_name="Newcomb")


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def _add(client, amount="200.00", **more):
    return client.post("/payments/add/", {"amount": amount, **more})


def _card(client, checkout_url, number="4242 4242 4242 4242", expiry="12/34"):
    return client.post(
        checkout_url,
        {"name": "Nora Newcomb", "number": number, "expiry": expiry, "cvc": "123"},
    )


def test_the_account_page_shows_balance_available_and_ledger(newcomer):
    account = payment_account_for(newcomer)
    for n in range(30):
        deposit(account=account, amount_cents=100, reference=f"funds {n}")
    client = factories.client_for(newcomer)
    assert client.get("/payments/").url == f"/payments/accounts/{newcomer.pk}/"
    page = client.get(f"/payments/accounts/{newcomer.pk}/")
    assert page.status_code == 200
    assert '<dd id="balance">$30.00</dd>' in page.text
    assert "Page 1 of 2" in page.text
    assert client.get(f"/payments/accounts/{newcomer.pk}/?page=2").status_code == 200
    assert client.get(f"/payments/accounts/{newcomer.pk}/?page=3").status_code == 404


def test_staff_choose_among_their_attorneys_accounts(newcomer):
    staff = factories.staff_for(newcomer)
    second = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    staff_authorize(attorney=second, staff_email=staff.email)
    client = factories.client_for(staff)
    page = client.get("/payments/")
    assert page.status_code == 200
    assert "Avery Lawson" in page.text and "Nora Newcomb" in page.text
    chooser = client.get("/payments/add/")
    assert '<select name="account"' in chooser.text
    started = _add(client, account=second.pk)
    assert started.status_code == 302
    assert Deposit.objects.get().account.owner == second


def test_add_funds_says_the_allowed_amounts_before_anything_is_typed(newcomer):
    page = factories.client_for(newcomer).get("/payments/add/").text
    assert "Between $5.00 and $10,000.00, for example 250.00." in page
    assert 'id="id_amount-hint"' in page and 'aria-describedby="id_amount-hint"' in page


def test_add_funds_refuses_bad_amounts_with_the_field_named(newcomer):
    client = factories.client_for(newcomer)
    for amount, words, status in [
        ("", "This field is required", 400),
        ("abc", "dollars and cents", 400),
        ("1", "between $5.00 and $10,000.00", 422),
        ("10000.01", "between $5.00 and $10,000.00", 422),
    ]:
        page = _add(client, amount)
        assert page.status_code == status, amount
        assert words in page.text and 'aria-invalid="true"' in page.text
    assert not Deposit.objects.exists()


def test_paying_on_the_demo_checkout_records_once_and_gives_a_receipt(newcomer):
    client = factories.client_for(newcomer)
    checkout = _add(client).url
    assert checkout.startswith("/payments/demo-checkout/")
    form = Client().get(checkout)  # the provider's page needs no session of ours
    assert form.status_code == 200 and "$200.00" in form.text
    back = _card(Client(), checkout).url
    deposit_row = Deposit.objects.get()
    assert deposit_row.status == Deposit.Status.COMPLETED  # the callback came first
    assert back.startswith(f"http://testserver/payments/deposits/{deposit_row.reference}/?")
    page = client.get(back)
    assert page.status_code == 200 and "Paid" in page.text
    assert LedgerEntry.objects.filter(kind="deposit").count() == 1
    client.get(back)  # the return again: still once
    assert LedgerEntry.objects.filter(kind="deposit").count() == 1
    pdf = client.get(f"/payments/deposits/{deposit_row.reference}/receipt.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(pdf.content)
    text = document[0].get_textpage().get_text_range()
    assert "Payment receipt" in text and deposit_row.reference in text and "$200.00" in text


def test_a_pending_deposit_has_no_receipt_yet_and_others_see_none(newcomer):
    client = factories.client_for(newcomer)
    _add(client)
    reference = Deposit.objects.get().reference
    assert client.get(f"/payments/deposits/{reference}/receipt.pdf").status_code == 302
    page = client.get(f"/payments/deposits/{reference}/")
    assert "Waiting for the payment processor" in page.text
    left = client.get(f"/payments/deposits/{reference}/?left=1")
    assert "You left the checkout" in left.text
    stranger = factories.client_for(factories.user(Role.ATTORNEY))
    assert stranger.get(f"/payments/deposits/{reference}/").status_code == 404


def test_a_forged_return_confirmation_is_shown_and_records_nothing(newcomer):
    client = factories.client_for(newcomer)
    _add(client)
    reference = Deposit.objects.get().reference
    page = client.get(f"/payments/deposits/{reference}/?confirmation=forged")
    assert page.status_code == 400 and "does not verify" in page.text
    assert not LedgerEntry.objects.exists()
    assert AuditEvent.objects.filter(action="deposit.confirmation_refused").count() == 1


def test_the_demo_checkout_takes_only_its_test_cards_and_refuses_forged_links(newcomer):
    client = factories.client_for(newcomer)
    checkout = _add(client).url
    other = _card(Client(), checkout, number="5555 5555 5555 4444")
    assert other.status_code == 422 and "only its test card numbers" in other.text
    short = _card(Client(), checkout, number="4242")
    assert short.status_code == 400 and "16 digits" in short.text
    session_path = urlsplit(checkout).path
    forged = Client().get(f"{session_path}?s=forged")
    assert forged.status_code == 400 and "not valid" in forged.text
    assert Deposit.objects.get().status == Deposit.Status.PENDING


def test_the_demo_checkout_refuses_an_expired_card_and_charges_nothing(newcomer, pinned_clock):
    pinned_clock(datetime(2026, 11, 15, 18, 0, tzinfo=UTC))
    client = factories.client_for(newcomer)
    checkout = _add(client).url
    for expiry in ("01/20", "10/26"):
        expired = _card(Client(), checkout, expiry=expiry)
        assert expired.status_code == 400 and f"This card expired at the end of {expiry}" in (
            expired.text
        )
    assert Deposit.objects.get().status == Deposit.Status.PENDING
    assert _card(Client(), checkout, expiry="11/26").status_code == 302  # through November
    assert Deposit.objects.get().status == Deposit.Status.COMPLETED


def _expiry_error(expiry: str) -> str | None:
    form = DemoCardForm({"name": "N", "number": "4242424242424242", "expiry": expiry, "cvc": "1"})
    form.is_valid()
    return (form.errors.get("expiry") or [None])[0]


@pytest.mark.parametrize(
    ("expiry", "error"),
    [
        ("12/3", "Write the expiry as MM/YY"),
        ("ab/cd", "Write the expiry as MM/YY"),
        ("1230", "Write the expiry as MM/YY"),
        ("123/4", "Write the expiry as MM/YY"),
        ("13/30", "The month is 01 to 12."),
        ("00/30", "The month is 01 to 12."),
        ("10/26", "This card expired at the end of 10/26."),
        ("11/26", None),  # valid through the last day of its month
        ("1/27", None),
    ],
)
def test_the_card_expiry_is_read_by_month_in_the_court_zone(pinned_clock, expiry, error):
    # 05:30 UTC on December 1 is still 11:30 p.m. on November 30 in Missouri.
    pinned_clock(datetime(2026, 12, 1, 5, 30, tzinfo=UTC))
    found = _expiry_error(expiry)
    assert (found is None) if error is None else (error in found)


def test_a_card_expires_at_midnight_in_the_court_zone(pinned_clock):
    pinned_clock(datetime(2026, 12, 1, 6, 0, tzinfo=UTC) - timedelta(seconds=1))
    assert _expiry_error("11/26") is None
    pinned_clock(datetime(2026, 12, 1, 6, 0, tzinfo=UTC))  # December 1, 00:00 in Missouri
    assert "expired" in _expiry_error("11/26")


def test_a_declined_card_comes_back_declined(newcomer):
    client = factories.client_for(newcomer)
    checkout = _add(client).url
    back = _card(Client(), checkout, number="4000 0000 0000 0002").url
    assert "left=1" in back
    page = client.get(back)
    assert "Not paid" in page.text
    assert Deposit.objects.get().status == Deposit.Status.DECLINED
    assert not LedgerEntry.objects.exists()


def test_the_callback_answers_refusals_in_json_and_records_nothing(newcomer, settings):
    client = factories.client_for(newcomer)
    checkout = _add(client).url
    session = demo.demo_session_read(urlsplit(checkout).path.split("/")[-2], _query(checkout)["s"])
    body, _, _ = demo.demo_payment(session, paid=True)
    bad = Client().post(
        "/payments/callback/demo/", body, content_type="application/json", HTTP_DEMO_SIGNATURE="x"
    )
    assert bad.status_code == 400 and bad.json()["code"] == "bad_signature"
    tampered = json.loads(body) | {"amount_cents": 1}
    tampered_body = json.dumps(tampered).encode()
    mismatch = Client().post(
        "/payments/callback/demo/",
        tampered_body,
        content_type="application/json",
        HTTP_DEMO_SIGNATURE=demo.callback_signature(tampered_body),
    )
    assert mismatch.status_code == 400 and mismatch.json()["code"] == "amount_mismatch"
    stripe = Client().post("/payments/callback/stripe/", b"{}", content_type="application/json")
    assert stripe.status_code == 404
    assert Client().get("/payments/callback/demo/").status_code == 405
    assert not LedgerEntry.objects.exists()
    settings.EFILING_PAYMENT_PROVIDER = "stripe"
    assert Client().get(checkout).status_code == 404  # the demo checkout is off


def test_court_staff_have_no_payment_pages(court):
    clerk = factories.court_staff(Role.CLERK, court)
    client = factories.client_for(clerk)
    assert client.get("/payments/").status_code == 403
    assert client.get("/payments/add/").status_code == 403
