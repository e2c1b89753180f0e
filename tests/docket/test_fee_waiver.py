"""A fee waiver request (in forma pauperis) is decided by the clerk during review: granted,
nothing is charged; denied, the filer is told and the filing waits for the payment (held from
the payment account) or the filer's withdrawal. Services and pages."""

import pytest

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.core.errors import Conflict, PermissionDenied, ValidationFailed
from efiling.docket import services
from efiling.filings import closing
from efiling.filings import services as filing_services
from efiling.filings.models import Envelope, Status
from efiling.payments.models import LedgerEntry
from efiling.payments.services import balance, deposit, payment_account_for
from efiling.service.models import Notice
from tests import factories
from tests.filings.helpers import new_case_draft, with_lead_document


@pytest.fixture
def poor_attorney(court):
    return factories.user(Role.ATTORNEY, first_name="Nora", last_name="Newcomb")


@pytest.fixture
def ifp(court, poor_attorney, pdf):
    """A new case submitted with a fee waiver request, by an attorney with no money."""
    envelope = with_lead_document(new_case_draft(court, poor_attorney), poor_attorney, pdf)
    filing_services.fee_waiver_set(envelope=envelope, user=poor_attorney, requested=True)
    return filing_services.envelope_submit(
        envelope=envelope, user=poor_attorney, idempotency_key="ifp", signature="/s/ Nora Newcomb"
    )


def _fresh(envelope) -> Envelope:
    return Envelope.objects.get(pk=envelope.pk)


def test_no_filing_is_accepted_before_the_waiver_is_decided(ifp, clerk):
    assert ifp.fee_hold is None
    with pytest.raises(ValidationFailed, match="Decide the fee waiver request"):
        services.filing_accept(clerk=clerk, filing=ifp.filings.get())


def test_granted_nothing_is_charged(ifp, clerk, poor_attorney):
    services.fee_waiver_decide(clerk=clerk, envelope=ifp, granted=True)
    services.filing_accept(clerk=clerk, filing=ifp.filings.get())
    envelope = _fresh(ifp)
    assert envelope.status == Status.ACCEPTED and envelope.fee_waiver_decision == "granted"
    assert not LedgerEntry.objects.filter(account__owner=poor_attorney).exists()
    assert AuditEvent.objects.filter(action="envelope.fee_waiver_granted").exists()
    assert Notice.objects.filter(
        recipient=poor_attorney, subject__startswith="Fee waiver granted"
    ).exists()


def test_denied_the_filer_is_told_and_the_filing_waits_for_the_payment(ifp, clerk, poor_attorney):
    services.review_start(clerk=clerk, filing=ifp.filings.get())
    assert _fresh(ifp).status == Status.UNDER_REVIEW
    services.fee_waiver_decide(
        clerk=clerk, envelope=ifp, granted=False, reason="The affidavit shows income."
    )
    envelope = _fresh(ifp)
    assert envelope.awaits_fee_payment and envelope.status == Status.SUBMITTED
    notice = Notice.objects.get(recipient=poor_attorney, subject__startswith="Fee waiver denied")
    assert "The affidavit shows income." in notice.body and "$149.50" in notice.body
    assert notice.link == f"/filings/{ifp.public_id}/receipt/"
    services.review_start(clerk=clerk, filing=ifp.filings.get())  # opened again: still waits
    assert _fresh(ifp).status == Status.SUBMITTED
    with pytest.raises(Conflict, match="waits for the payment") as caught:
        services.filing_accept(clerk=clerk, filing=ifp.filings.get())
    assert caught.value.code == "awaits_fee_payment"

    with pytest.raises(ValidationFailed, match="Add funds") as caught:
        closing.envelope_fee_pay(envelope=envelope, user=poor_attorney)
    assert caught.value.links == {"add_funds_url": "/payments/add/"}
    deposit(account=payment_account_for(poor_attorney), amount_cents=15_000, reference="funds")
    closing.envelope_fee_pay(envelope=envelope, user=poor_attorney)
    assert balance(payment_account_for(poor_attorney)).held == 14_950
    services.filing_accept(clerk=clerk, filing=ifp.filings.get())
    account = payment_account_for(poor_attorney)
    assert balance(account).charged == 14_950 and balance(account).available == 50
    assert AuditEvent.objects.filter(action="envelope.fees_paid").exists()


def test_denied_the_filer_may_withdraw(ifp, clerk, poor_attorney):
    services.review_start(clerk=clerk, filing=ifp.filings.get())
    services.fee_waiver_decide(clerk=clerk, envelope=ifp, granted=False, reason="No affidavit.")
    withdrawn = closing.envelope_cancel(envelope=_fresh(ifp), user=poor_attorney)
    assert withdrawn.status == Status.CANCELLED
    with pytest.raises(Conflict, match="no fees to pay"):
        closing.envelope_fee_pay(envelope=withdrawn, user=poor_attorney)


def test_the_decision_is_made_once_with_a_reason_by_the_courts_clerk(
    ifp, clerk, other_court, court
):
    with pytest.raises(ValidationFailed, match="Say why"):
        services.fee_waiver_decide(clerk=clerk, envelope=ifp, granted=False, reason="  ")
    with pytest.raises(ValidationFailed, match="at most 300"):
        services.fee_waiver_decide(clerk=clerk, envelope=ifp, granted=False, reason="x" * 301)
    stranger = factories.court_staff(Role.CLERK, other_court)
    with pytest.raises(PermissionDenied):
        services.fee_waiver_decide(clerk=stranger, envelope=ifp, granted=True)
    services.fee_waiver_decide(clerk=clerk, envelope=ifp, granted=True)
    with pytest.raises(Conflict, match="already granted"):
        services.fee_waiver_decide(clerk=clerk, envelope=ifp, granted=False, reason="Changed.")


def test_an_envelope_without_a_request_has_nothing_to_decide(submitted, clerk):
    with pytest.raises(ValidationFailed, match="no fee waiver request"):
        services.fee_waiver_decide(clerk=clerk, envelope=submitted, granted=True)


# --- pages ----------------------------------------------------------------------------------


def test_the_clerk_decides_on_the_review_page(ifp, clerk):
    client = factories.client_for(clerk)
    url = f"/court/review/{ifp.filings.get().pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Grant the fee waiver" in page.text and "not decided yet" in page.text
    refused = client.post(url, {"decision": "deny_waiver", "details": ""}, follow=True)
    assert "Say why the fee waiver is denied." in refused.text
    client.post(url, {"decision": "deny_waiver", "details": "No affidavit."})
    page = client.get(url)
    assert "denied; waiting for the filer" in page.text
    assert "Grant the fee waiver" not in page.text
    accept = client.post(url, {"decision": "accept"}, follow=True)
    assert "waits for the payment or the filer" in accept.text


def test_the_filer_pays_or_withdraws_on_the_receipt_page(ifp, clerk, poor_attorney):
    services.fee_waiver_decide(clerk=clerk, envelope=ifp, granted=False, reason="No affidavit.")
    client = factories.client_for(poor_attorney)
    receipt = client.get(f"/filings/{ifp.public_id}/receipt/")
    assert "The fees must be paid" in receipt.text
    assert "Pay $149.50" in receipt.text and "Withdraw this filing" in receipt.text
    assert f'/payments/add/?account={poor_attorney.pk}"' in receipt.text
    short = client.post(f"/filings/{ifp.public_id}/pay-fees/", follow=True)
    assert "$0.00 available" in short.text
    deposit(account=payment_account_for(poor_attorney), amount_cents=20_000, reference="funds")
    paid = client.post(f"/filings/{ifp.public_id}/pay-fees/", follow=True)
    assert "The fees are held from the payment account" in paid.text
    assert "The fees must be paid" not in paid.text
    assert _fresh(ifp).fee_hold.amount_cents == 14_950
