"""The payment account through the API: GetPaymentAccount (paged ledger), StartDeposit (with
an Idempotency-Key), GetDeposit, the add-funds link of a submission refused for want of money,
and PayFees after a denied fee waiver."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.docket.services import fee_waiver_decide, filing_accept, review_start
from efiling.filings import services as filing_services
from efiling.payments import deposits
from efiling.payments.models import Deposit, LedgerEntry
from efiling.payments.providers import demo
from efiling.payments.services import deposit, payment_account_for
from tests import factories
from tests.filings.helpers import new_case_draft, with_lead_document


def _api(user, scope=ApiToken.Scope.FILE) -> Client:
    token = api_token_create(user=user, name="firm software", scope=scope)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def newcomer(court):
    return factories.user(Role.ATTORNEY, first_name="Nora", last_name="Newcomb")


def _start(client, cents=20_000, key="k-1", **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        "/api/v1/deposits",
        {"amount_cents": cents, **extra},
        content_type="application/json",
        **headers,
    )


def _pay_on_demo_checkout(checkout_url: str) -> None:
    query = {k: v[0] for k, v in parse_qs(urlsplit(checkout_url).query).items()}
    session_id = urlsplit(checkout_url).path.rstrip("/").rsplit("/", 1)[-1]
    session = demo.demo_session_read(session_id, query["s"])
    body, headers, _ = demo.demo_payment(session, paid=True)
    answer = Client().post(
        "/payments/callback/demo/",
        body,
        content_type="application/json",
        **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()},
    )
    assert answer.status_code == 200, answer.content


def test_start_deposit_answers_the_checkout_and_a_retry_replays_it(newcomer):
    client = _api(newcomer)
    first = _start(client)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["status"] == "pending" and body["amount_cents"] == 20_000
    assert body["owner_id"] == newcomer.pk and body["provider"] == "demo"
    assert body["checkout_url"].startswith("http://testserver/payments/demo-checkout/demo_cs_")
    assert body["status_url"] == f"http://testserver/payments/deposits/{body['reference']}/"
    again = _start(client)
    assert again.status_code == 201 and again.json() == body
    assert Deposit.objects.count() == 1
    other = _start(client, cents=30_000)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


def test_a_deposit_shows_in_the_account_once_the_provider_confirms_it(newcomer):
    client = _api(newcomer)
    started = _start(client, key=None).json()
    assert client.get(f"/api/v1/deposits/{started['reference']}").json()["status"] == "pending"
    _pay_on_demo_checkout(started["checkout_url"])
    done = client.get(f"/api/v1/deposits/{started['reference']}").json()
    assert done["status"] == "completed" and done["decided_at"]
    account = client.get("/api/v1/payment-account").json()
    assert (account["balance_cents"], account["held_cents"], account["available_cents"]) == (
        20_000,
        0,
        20_000,
    )
    assert account["add_funds_url"] == "http://testserver/payments/add/"
    assert account["ledger_url"] == "http://testserver/api/v1/payment-account/ledger"
    ledger = client.get(account["ledger_url"]).json()
    [entry] = ledger["items"]
    assert entry["kind"] == "deposit" and entry["deposit_reference"] == started["reference"]
    assert ledger["next_cursor"] is None


def test_the_ledger_is_paged_by_the_one_contract(newcomer):
    account = payment_account_for(newcomer)
    for n in range(5):
        deposit(account=account, amount_cents=100 + n, reference=f"funds {n}")
    client = _api(newcomer, scope=ApiToken.Scope.READ)
    seen, url = [], "/api/v1/payment-account/ledger?limit=2"
    while url:
        page = client.get(url)
        assert page.status_code == 200, page.content
        seen += [item["amount_cents"] for item in page.json()["items"]]
        url = page.json()["next"]
        if url:
            assert page["Link"] == f'<{url}>; rel="next"'
    assert seen == [104, 103, 102, 101, 100]
    forged = client.get("/api/v1/payment-account/ledger?cursor=forged")
    assert forged.status_code == 422 and forged.json()["field"] == "cursor"


@pytest.mark.parametrize(
    ("cents", "code"),
    [(1, "amount_out_of_bounds"), (10**9, "amount_out_of_bounds"), ("2500", "invalid")],
)
def test_amounts_out_of_bounds_or_not_whole_cents_are_refused(newcomer, cents, code):
    answer = _start(_api(newcomer), cents=cents)
    assert answer.status_code == 422 and answer.json()["code"] == code
    assert not Deposit.objects.exists()


def test_a_read_only_token_cannot_start_a_deposit(newcomer):
    answer = _start(_api(newcomer, scope=ApiToken.Scope.READ))
    assert answer.status_code == 403


def test_staff_reach_their_attorneys_account_only(newcomer):
    staff = factories.staff_for(newcomer)
    client = _api(staff)
    answer = _start(client, owner_id=newcomer.pk)
    assert answer.status_code == 201 and answer.json()["owner_id"] == newcomer.pk
    stranger = factories.user(Role.ATTORNEY)
    refused = _start(client, key="k-2", owner_id=stranger.pk)
    missing = _start(client, key="k-3", owner_id=987_654_321)
    assert refused.status_code == missing.status_code == 404
    assert refused.json() == missing.json()
    account = client.get(f"/api/v1/payment-account?owner_id={newcomer.pk}")
    assert account.status_code == 200 and account.json()["owner_name"] == "Nora Newcomb"
    assert account.json()["ledger_url"].endswith(f"/ledger?owner_id={newcomer.pk}")


def test_court_staff_have_no_payment_account(court):
    clerk = factories.court_staff(Role.CLERK, court)
    client = Client()
    client.force_login(clerk)
    assert client.get("/api/v1/payment-account").status_code == 403


def test_a_submission_short_of_money_names_where_to_add_funds(newcomer, pdf, court):
    envelope = with_lead_document(new_case_draft(court, newcomer), newcomer, pdf)
    answer = _api(newcomer).post(
        f"/api/v1/envelopes/{envelope.public_id}/submit",
        {"signature": "/s/ Nora Newcomb"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="submit-1",
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "insufficient_funds"
    assert body["add_funds_url"] == "/payments/add/"
    assert "$0.00 available" in body["detail"] and "$149.50" in body["detail"]


# --- fee waiver ---------------------------------------------------------------------------


def _waiver_submitted(court, attorney, pdf):
    envelope = with_lead_document(new_case_draft(court, attorney), attorney, pdf)
    filing_services.fee_waiver_set(envelope=envelope, user=attorney, requested=True)
    return filing_services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="ifp", signature="/s/ Nora Newcomb"
    )


def test_a_denied_waiver_is_paid_with_pay_fees_then_accepted_and_charged(newcomer, court, pdf):
    envelope = _waiver_submitted(court, newcomer, pdf)
    clerk = factories.court_staff(Role.CLERK, court)
    review_start(clerk=clerk, filing=envelope.filings.get())
    fee_waiver_decide(clerk=clerk, envelope=envelope, granted=False, reason="Income too high.")
    client = _api(newcomer)
    status = client.get(f"/api/v1/envelopes/{envelope.public_id}").json()
    assert status["fee_waiver_decision"] == "denied" and status["awaits_fee_payment"] is True
    assert status["status"] == "submitted"
    url = f"/api/v1/envelopes/{envelope.public_id}/pay-fees"
    short = client.post(url, HTTP_IDEMPOTENCY_KEY="pay-1")
    assert short.status_code == 422 and short.json()["add_funds_url"] == "/payments/add/"
    deposit(account=payment_account_for(newcomer), amount_cents=20_000, reference="funds")
    paid = client.post(url, HTTP_IDEMPOTENCY_KEY="pay-2")
    assert paid.status_code == 200, paid.content
    assert paid.json()["awaits_fee_payment"] is False
    assert client.post(url, HTTP_IDEMPOTENCY_KEY="pay-2").json() == paid.json()  # replayed
    again = client.post(url, HTTP_IDEMPOTENCY_KEY="pay-3")
    assert again.status_code == 409 and again.json()["code"] == "nothing_to_pay"
    filing_accept(clerk=clerk, filing=envelope.filings.get())
    kinds = list(
        LedgerEntry.objects.filter(account__owner=newcomer)
        .order_by("pk")
        .values_list("kind", "amount_cents")
    )
    assert kinds == [("deposit", 20_000), ("hold", 14_950), ("charge", 14_950)]


def test_a_denied_waiver_can_be_withdrawn_with_cancel_filing(newcomer, court, pdf):
    envelope = _waiver_submitted(court, newcomer, pdf)
    clerk = factories.court_staff(Role.CLERK, court)
    review_start(clerk=clerk, filing=envelope.filings.get())
    fee_waiver_decide(clerk=clerk, envelope=envelope, granted=False, reason="Not shown.")
    answer = _api(newcomer).post(
        f"/api/v1/envelopes/{envelope.public_id}/cancel", HTTP_IDEMPOTENCY_KEY="w"
    )
    assert answer.status_code == 200 and answer.json()["status"] == "cancelled"
    assert not LedgerEntry.objects.filter(account__owner=newcomer).exists()


def test_a_granted_waiver_shows_in_the_api_and_nothing_is_charged(newcomer, court, pdf):
    envelope = _waiver_submitted(court, newcomer, pdf)
    clerk = factories.court_staff(Role.CLERK, court)
    fee_waiver_decide(clerk=clerk, envelope=envelope, granted=True)
    filing_accept(clerk=clerk, filing=envelope.filings.get())
    status = _api(newcomer).get(f"/api/v1/envelopes/{envelope.public_id}").json()
    assert status["fee_waiver_decision"] == "granted" and status["status"] == "accepted"
    assert not LedgerEntry.objects.filter(account__owner=newcomer).exists()
    assert deposits.payment_account_owners(newcomer) == [newcomer]
