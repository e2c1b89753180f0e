"""Fixes found by trying the court's pages as new users would (issue 11): receipt history
without repeated statuses, a length limit on what a clerk tells a filer, the issued order page
leading back to its case and not repeating its kind, review filters as lists."""

from django.test import Client

from efiling.docket import services as docket
from efiling.docket.services import REVIEW_DETAILS_MAX
from efiling.filings.models import Filing, Status
from tests.docket.conftest import committed
from tests.docket.order_helpers import order_issue, order_parties
from tests.factories import client_for


def test_the_receipt_lists_each_status_once(submitted, attorney, clerk):
    filing = submitted.filings.get()
    docket.review_start(clerk=clerk, filing=filing)
    with committed():
        docket.filing_accept(clerk=clerk, filing=filing)
    page = client_for(attorney).get(f"/filings/{submitted.public_id}/receipt/").content.decode()
    history = page.split("<h2>History</h2>", 1)[1]
    for status in ("Submitted", "Under review", "Accepted"):
        assert history.count(f": {status}</li>") == 1, (status, history)


def test_rejection_details_longer_than_the_limit_are_refused(submitted, clerk):
    filing = submitted.filings.get()
    reason = docket.rejection_reasons(submitted.court).first()
    client = client_for(clerk)
    page = client.get(f"/court/review/{filing.pk}/").content.decode()
    assert f'maxlength="{REVIEW_DETAILS_MAX}"' in page and "At most 2,000 characters." in page
    too_long = "x" * (REVIEW_DETAILS_MAX + 1)
    for decision in ("reject", "return"):
        answer = client.post(
            f"/court/review/{filing.pk}/",
            {"decision": decision, "reason": reason.pk, "details": too_long},
            follow=True,
        ).content.decode()
        assert "at most 2,000 characters (2,001 given)" in answer
        assert Filing.objects.get(pk=filing.pk).status == Status.UNDER_REVIEW
    docket.filing_reject(clerk=clerk, filing=filing, reason_id=reason.pk, details="y" * 2000)
    assert Filing.objects.get(pk=filing.pk).review_reason.endswith("y" * 2000)


def test_the_order_page_leads_back_to_its_case_and_names_a_judgment_once(case, judge):
    plaintiff, defendant = order_parties(case)
    order = order_issue(
        judge,
        case,
        judge,
        kind="judgment",
        title="Judgment",
        judgment_lines=[
            {"in_favor_of": plaintiff.pk, "against": defendant.pk, "amount_cents": 100}
        ],
    )
    page = client_for(judge).get(f"/court/cases/{case.pk}/orders/{order.pk}/").content.decode()
    assert f'<a href="/court/cases/{case.pk}/">Back to {case.number}' in page
    assert "<h1>Judgment</h1>" in page and "Judgment: Judgment" not in page
    assert order.docket_entry.text.startswith("Judgment. Signed by Judge")


def test_review_filters_are_lists_of_the_courts_values(submitted, clerk, court):
    client = client_for(clerk)
    page = client.get(f"/court/{court.code}/review/").content.decode()
    assert '<select name="case_type"' in page and '<option value="CC">' in page
    assert '<select name="filing_code"' in page and '<select name="status"' in page
    kept = client.get(f"/court/{court.code}/review/?case_type=CC&status=submitted")
    assert kept.status_code == 200 and "Petition" in kept.content.decode()
    none = client.get(f"/court/{court.code}/review/?status=under_review").content.decode()
    assert "Nothing is waiting." in none
    wrong = client.get(f"/court/{court.code}/review/?case_type=NOPE")
    assert wrong.status_code == 400 and "Choose one from the list." in wrong.content.decode()
    assert Client().get(f"/court/{court.code}/review/?case_type=CC").status_code == 302
