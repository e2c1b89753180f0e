"""A new attorney with no money pays a filing fee: Add funds from the review step, the demo
checkout, the deposit's receipt, then submission (hold) and acceptance (charge) in the ledger.
And the checkout's failure cases: an amount out of bounds, a declined card."""

import re

import pytest
from playwright.sync_api import expect

from efiling.accounts.models import Role
from efiling.accounts.services import staff_authorize
from efiling.docket import services as docket_services
from efiling.filings import services as filing_services
from efiling.filings.models import Envelope
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot, sign_in_by_cookie
from tests.filings.helpers import new_case_draft, with_lead_document

pytestmark = pytest.mark.browser


def pay_by_demo_card(page, number: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo checkout")
    assert_accessible(page)
    page.get_by_label("Name on card").fill("Nora Newcomb")
    page.get_by_label("Card number").fill(number)
    page.get_by_label("Expiry (MM/YY)").fill("12/34")
    page.get_by_label("Security code").fill("123")
    page.get_by_role("button", name=re.compile(r"^Pay \$")).click()


def test_a_new_attorney_adds_funds_files_and_sees_hold_and_charge(page, live_server, court, pdf):
    attorney = factories.user(Role.ATTORNEY, first_name="Nora", last_name="Newcomb")
    envelope = with_lead_document(new_case_draft(court, attorney), attorney, pdf)
    sign_in_by_cookie(page, live_server, attorney)

    page.goto(f"/filings/{envelope.public_id}/review/")
    short = page.locator("#funds-short")
    expect(short).to_contain_text("has $0.00 available; this submission holds $149.50")
    assert_accessible(page)
    short.get_by_role("link", name="Add funds").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Add funds")
    assert_accessible(page)
    page.get_by_label("Amount (US dollars)").fill("200")
    page.get_by_role("button", name="Continue to payment").click()
    expect(page.locator("#checkout-amount")).to_have_text("$200.00")
    screenshot(page, "demo-checkout")
    pay_by_demo_card(page, "4242 4242 4242 4242")

    expect(page.get_by_role("heading", level=2, name="Paid")).to_be_visible()
    expect(page.locator("#receipt")).to_contain_text("$200.00 (USD)")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the receipt (PDF)").click()
    assert re.fullmatch(r"receipt-D-[0-9A-Z]{10}\.pdf", download.value.suggested_filename)

    page.goto(f"/filings/{envelope.public_id}/review/")
    expect(page.locator("#funds-short")).to_have_count(0)
    page.get_by_label("Electronic signature").fill("/s/ Nora Newcomb")
    page.get_by_role("button", name="Sign and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Filing receipt")

    page.get_by_role("link", name="Payment account").click()
    expect(page.locator("#balance")).to_have_text("$200.00")
    expect(page.locator("#held")).to_have_text("$149.50")
    expect(page.locator("#available")).to_have_text("$50.50")
    ledger = page.get_by_role("table")
    expect(ledger.get_by_role("row").nth(1)).to_contain_text("Hold")
    expect(ledger.get_by_role("row").nth(2)).to_contain_text("Deposit")
    assert_accessible(page)
    screenshot(page, "payment-account")

    clerk = factories.court_staff(Role.CLERK, court)
    envelope = Envelope.objects.get(pk=envelope.pk)
    docket_services.filing_accept(clerk=clerk, filing=envelope.filings.get())
    page.reload()
    expect(page.locator("#balance")).to_have_text("$50.50")
    expect(page.locator("#held")).to_have_text("$0.00")
    expect(ledger.get_by_role("row").nth(1)).to_contain_text("Charge")
    ledger.get_by_role("link", name=re.compile("^Receipt")).click()
    expect(page.get_by_role("heading", level=2, name="Paid")).to_be_visible()


def test_amounts_out_of_bounds_and_a_declined_card(page, live_server):
    attorney = factories.user(Role.ATTORNEY, first_name="Nora", last_name="Newcomb")
    sign_in_by_cookie(page, live_server, attorney)
    page.goto("/payments/add/")
    for typed, words in [
        ("2", r"between \$5\.00 and \$10,000\.00"),
        ("20000", r"between \$5\.00 and \$10,000\.00"),
        ("12.345", "dollars and cents"),
    ]:
        page.get_by_label("Amount (US dollars)").fill(typed)
        page.get_by_role("button", name="Continue to payment").click()
        expect(page.get_by_role("alert")).to_contain_text(re.compile(words))
    assert_accessible(page)

    page.get_by_label("Amount (US dollars)").fill("25.00")
    page.get_by_role("button", name="Continue to payment").click()
    page.get_by_label("Card number").fill("5555 5555 5555 4444")
    page.get_by_label("Name on card").fill("Nora Newcomb")
    page.get_by_label("Expiry (MM/YY)").fill("12/34")
    page.get_by_label("Security code").fill("123")
    page.get_by_role("button", name=re.compile(r"^Pay \$")).click()
    expect(page.get_by_role("alert")).to_contain_text("only its test card numbers")
    assert_accessible(page)
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry (MM/YY)").fill("01/20")
    page.get_by_role("button", name=re.compile(r"^Pay \$")).click()
    expect(page.get_by_role("alert")).to_contain_text("This card expired at the end of 01/20")
    assert_accessible(page)
    pay_by_demo_card(page, "4000 0000 0000 0002")
    expect(page.get_by_role("heading", level=2, name="Not paid")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the payment account").click()
    expect(page.locator("#balance")).to_have_text("$0.00")
    expect(page.get_by_role("cell", name=re.compile("Nothing yet"))).to_be_visible()


def test_a_denied_fee_waiver_is_paid_by_the_filer(page, live_server, court, pdf):
    attorney = factories.user(Role.ATTORNEY, first_name="Nora", last_name="Newcomb")
    envelope = with_lead_document(new_case_draft(court, attorney), attorney, pdf)
    filing_services.fee_waiver_set(envelope=envelope, user=attorney, requested=True)
    filing_services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="ifp", signature="/s/ Nora Newcomb"
    )
    clerk = factories.court_staff(Role.CLERK, court)
    sign_in_by_cookie(page, live_server, clerk)
    page.goto(f"/court/review/{envelope.filings.get().pk}/")
    expect(page.locator("#fee-state")).to_contain_text("not decided yet")
    assert_accessible(page)
    page.get_by_label("Why it is denied (the filer reads this)").fill("No affidavit of income.")
    page.get_by_role("button", name="Deny the fee waiver").click()
    expect(page.locator("#fee-state")).to_contain_text("denied; waiting for the filer")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_by_cookie(page, live_server, attorney)
    page.goto(f"/filings/{envelope.public_id}/receipt/")
    expect(page.get_by_role("heading", name="The fees must be paid")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add funds").click()
    page.get_by_label("Amount (US dollars)").fill("149.50")
    page.get_by_role("button", name="Continue to payment").click()
    pay_by_demo_card(page, "4242 4242 4242 4242")
    expect(page.get_by_role("heading", level=2, name="Paid")).to_be_visible()
    page.goto(f"/filings/{envelope.public_id}/receipt/")
    page.get_by_role("button", name="Pay $149.50").click()
    expect(page.locator("#fee-waiver")).to_contain_text("the fees are held")
    page.goto("/payments/")
    expect(page.locator("#available")).to_have_text("$0.00")
    expect(page.locator("#held")).to_have_text("$149.50")
    assert_accessible(page)


def test_staff_see_the_accounts_of_their_attorneys(page, live_server):
    first = factories.user(Role.ATTORNEY, first_name="Nora", last_name="Newcomb")
    second = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    staff = factories.staff_for(first)
    staff_authorize(attorney=second, staff_email=staff.email)
    sign_in_by_cookie(page, live_server, staff)
    page.goto("/payments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Payment accounts")
    assert_accessible(page)
    page.get_by_role("link", name="Add funds to Avery Lawson's account").click()
    expect(page.get_by_label("Account")).to_have_value(str(second.pk))
    assert_accessible(page)
    page.get_by_label("Amount (US dollars)").fill("50")
    page.get_by_role("button", name="Continue to payment").click()
    pay_by_demo_card(page, "4242 4242 4242 4242")
    page.get_by_role("link", name="Back to the payment account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Payment account of Avery Lawson")
    expect(page.locator("#balance")).to_have_text("$50.00")
    assert_accessible(page)
