"""The court side's cast: a judge and a clerk of the demo court, a numbered case with two
attorneys of record, and a new case accepted by the clerk (its petition is docket entry 1)."""

import pypdfium2 as pdfium
import pytest
from django.core.files.storage import default_storage
from django.test import TestCase

from efiling.accounts.models import Role
from tests import factories

CASE_NUMBER = "26SL-CC00001"


@pytest.fixture
def judge(court):
    return factories.court_staff(Role.JUDGE, court, first_name="Dana", last_name="Whitfield")


@pytest.fixture
def clerk(court):
    return factories.court_staff(Role.CLERK, court, first_name="Casey", last_name="Miller")


@pytest.fixture
def case(court, attorney):
    other = factories.user(Role.ATTORNEY, first_name="Jordan", last_name="Reyes")
    return factories.case(court, counsel=[attorney, other], number=CASE_NUMBER)


def stored_pdf_text(name: str) -> str:
    """The text of a stored PDF, as a reader would extract it."""
    with default_storage.open(name, "rb") as handle:
        document = pdfium.PdfDocument(handle.read())
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def committed():
    """`with committed():` runs what the code inside leaves for after its commit (stamping,
    webhooks) when the block ends, as production does once the transaction commits: a test
    runs inside a transaction that never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def accepted(new_case_envelope, attorney, pdf, clerk):
    """The petition's docket entry, once the clerk accepted the attorney's new case and its
    stamped copy was made."""
    from efiling.docket.services import filing_accept
    from efiling.filings.services import envelope_submit
    from tests.filings.helpers import with_lead_document

    envelope = envelope_submit(
        envelope=with_lead_document(new_case_envelope, attorney, pdf),
        user=attorney,
        idempotency_key="a",
        signature="/s/ Avery Lawson",
    )
    with committed():
        entry = filing_accept(clerk=clerk, filing=envelope.filings.get())
    entry.refresh_from_db()
    return entry


def order_signed(judge, case, *, actor=None, **fields):
    """A written order prepared by `actor` (the judge by default), submitted and signed by
    `judge`: how every order reaches the docket."""
    from efiling.docket import orders, signing

    values = {"kind": "order", "title": "Order", "body_text": "So ordered."}
    values.update(fields)
    proposed = orders.proposed_order_prepare(
        actor=actor or judge, case=case, judge=judge, submit=True, **values
    )
    return signing.proposed_order_sign(
        judge=judge, proposed=proposed, signature=orders.judge_signature(judge)
    )


def proposed_order_filed(*, document, attorney, judge, clerk):
    """A proposed order an attorney filed, its document (`document`) on the docket, waiting for
    `judge` (as proposed_order_from_filing leaves it)."""
    from django.db import transaction

    from efiling.core import clock
    from efiling.docket import orders
    from efiling.docket.orders_models import ProposedOrder

    with transaction.atomic():
        proposed = ProposedOrder.objects.create(
            case=document.docket_entry.case,
            kind="order",
            title="Proposed order",
            filed_document=document,
            judge=judge,
            prepared_by=attorney,
            created_at=clock.now(),
        )
        return orders.proposed_order_transition(
            proposed=proposed, to=ProposedOrder.Status.AWAITING_SIGNATURE, actor=clerk
        )
