"""Orders and judgments: prepared by a clerk (or the judge), waiting in the judge's queue, signed
and issued by the judge alone (or returned with a note); then docketed, stamped, stored,
noticed, indexed. An attorney's proposed order, once accepted, waits in the same queue."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.core.errors import Conflict, PermissionDenied, ValidationFailed
from efiling.docket import orders, selectors, signing
from efiling.docket.models import DocketEntry
from efiling.docket.orders_models import CourtOrder, ProposedOrder
from efiling.service.models import Notice
from tests import factories
from tests.docket.conftest import CASE_NUMBER, committed, stored_pdf_text
from tests.docket.order_helpers import (
    Status,
    order_issue,
    order_parties,
    order_prepare,
    order_sign,
    stored_files,
)


def test_a_clerk_prepares_the_judge_signs(case, judge, clerk, attorney, pinned_clock):
    pinned_clock(datetime(2026, 12, 1, 5, 30, tzinfo=UTC))  # 11:30 p.m. Monday in Missouri
    proposed = order_prepare(clerk, case, judge)
    assert proposed.status == Status.DRAFT
    assert not DocketEntry.objects.filter(case=case).exists()
    case_page = factories.client_for(clerk).get(reverse("court-case", args=[case.pk]))
    assert "Order: Order on Motion to Compel</a> (draft; prepared by Casey Miller)" in (
        case_page.content.decode()
    )
    with pytest.raises(Conflict):  # a draft is not signed
        signing.proposed_order_sign(judge=judge, proposed=proposed, signature="/s/ Dana Whitfield")

    orders.proposed_order_submit(actor=clerk, proposed=proposed)
    proposed.refresh_from_db()
    assert proposed.status == Status.AWAITING_SIGNATURE and proposed.submitted_at
    assert list(selectors.orders_awaiting_signature(judge)) == [proposed]
    waiting = Notice.objects.get(recipient=judge)
    assert waiting.subject == f"{CASE_NUMBER}: proposed order waiting for your signature"
    assert waiting.link == reverse("proposed-order", args=[proposed.pk])
    assert not DocketEntry.objects.filter(case=case).exists()  # nothing docketed before signing

    order = order_sign(judge, proposed)
    proposed.refresh_from_db()
    assert proposed.status == Status.ISSUED and proposed.order == order
    assert list(selectors.orders_awaiting_signature(judge)) == []
    entry = order.docket_entry
    assert entry.number == 1 and entry.kind == DocketEntry.Kind.ORDER
    assert entry.text == (
        "Order: Order on Motion to Compel. Signed by Judge Dana Whitfield. "
        "Prepared by Casey Miller."
    )
    assert entry.entered_by == judge
    assert order.judge == judge and order.signed_by == judge and order.issued_by == clerk
    assert order.signature == "/s/ Dana Whitfield"
    assert default_storage.exists(order.document.storage_name)
    stamped = stored_pdf_text(order.document.stamped_storage_name)
    for expected in (
        "ORDER ON MOTION TO COMPEL",
        "SO ORDERED",
        "/s/ Dana Whitfield",
        "November 30, 2026",  # the date of signing, in words, the court's date
        CASE_NUMBER,
        "Electronically Filed",
        f"Docket {entry.number}",
        "The motion to compel is granted.",
    ):
        assert expected in stamped, expected

    counsel = Notice.objects.filter(case=case, kind=Notice.Kind.ORDER, body=entry.text)
    assert {n.recipient for n in counsel} == set(
        c.user for c in case.counsel.filter(withdrawn_at__isnull=True)
    )
    assert attorney in {n.recipient for n in counsel}
    assert Notice.objects.filter(recipient=clerk, subject__contains="signed and issued").exists()
    actions = list(
        AuditEvent.objects.filter(object_id=str(proposed.pk), action__startswith="proposed_order")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "proposed_order.prepared",
        "proposed_order.awaiting_signature",
        "proposed_order.issued",
    ]
    assert AuditEvent.objects.filter(action="order.issued", object_id=str(order.pk)).exists()
    with pytest.raises(Conflict):  # signed once only
        signing.proposed_order_sign(judge=judge, proposed=proposed, signature="/s/ Dana Whitfield")


def test_a_judge_prepares_and_signs_their_own(case, judge):
    earlier = order_issue(judge, case, judge, title="Scheduling Order")
    order = order_issue(judge, case, judge)
    assert order.docket_entry.number == earlier.docket_entry.number + 1
    assert order.docket_entry.text == (
        "Order: Order on Motion to Compel. Signed by Judge Dana Whitfield."
    )
    assert not Notice.objects.filter(subject__contains="signed and issued").exists()


def test_only_the_judge_signs(case, judge, clerk, court):
    other_judge = factories.court_staff(Role.JUDGE, court, first_name="Lee", last_name="Park")
    proposed = order_prepare(clerk, case, judge, submit=True)
    with pytest.raises(PermissionDenied):  # a clerk never signs
        signing.proposed_order_sign(judge=clerk, proposed=proposed, signature="/s/ Dana Whitfield")
    with pytest.raises(PermissionDenied, match="waits for the signature of Judge Dana Whitfield"):
        signing.proposed_order_sign(judge=other_judge, proposed=proposed, signature="/s/ Lee Park")
    with pytest.raises(PermissionDenied):
        signing.proposed_order_return(judge=other_judge, proposed=proposed, note="No")
    assert list(selectors.orders_awaiting_signature(other_judge)) == []
    with pytest.raises(ValidationFailed) as error:  # the typed signature is the judge's own
        signing.proposed_order_sign(judge=judge, proposed=proposed, signature="/s/ Casey Miller")
    assert error.value.field == "signature"
    with pytest.raises(ValidationFailed) as error:  # a judge prepares for themselves only
        order_prepare(other_judge, case, judge)
    assert error.value.field == "judge"
    assert not CourtOrder.objects.exists()


def test_returned_with_a_note_revised_and_resubmitted(case, judge, clerk):
    proposed = order_prepare(clerk, case, judge, submit=True)
    with pytest.raises(ValidationFailed):
        signing.proposed_order_return(judge=judge, proposed=proposed, note="  ")
    signing.proposed_order_return(
        judge=judge, proposed=proposed, note="Give the defendant 30 days, not 20."
    )
    proposed.refresh_from_db()
    assert proposed.status == Status.RETURNED
    assert proposed.return_note == "Give the defendant 30 days, not 20."
    told = Notice.objects.get(recipient=clerk)
    assert told.subject == f"{CASE_NUMBER}: proposed order returned by Judge Dana Whitfield"
    assert told.body == "Note: Give the defendant 30 days, not 20."
    assert list(selectors.orders_awaiting_signature(judge)) == []
    with pytest.raises(Conflict):
        signing.proposed_order_sign(judge=judge, proposed=proposed, signature="/s/ Dana Whitfield")

    revised = orders.proposed_order_revise(
        actor=clerk,
        proposed=proposed,
        judge=judge,
        kind="order",
        title="Order on Motion to Compel",
        body_text="The motion to compel is granted. Defendant shall answer within 30 days.",
        submit=True,
    )
    assert revised.status == Status.AWAITING_SIGNATURE and revised.return_note == ""
    order = order_sign(judge, revised)
    assert "within 30 days" in stored_pdf_text(order.document.storage_name)
    with pytest.raises(Conflict):  # issued: no more changes
        orders.proposed_order_revise(
            actor=clerk, proposed=revised, judge=judge, kind="order", title="x", body_text="y"
        )
    assert AuditEvent.objects.filter(action="proposed_order.returned").count() == 1
    assert AuditEvent.objects.filter(action="proposed_order.revised").count() == 1


def test_an_order_for_no_judge_waits_for_every_judge_of_the_court(case, judge, clerk, court):
    other_judge = factories.court_staff(Role.JUDGE, court, first_name="Lee", last_name="Park")
    proposed = order_prepare(clerk, case, None, submit=True)
    assert list(selectors.orders_awaiting_signature(judge)) == [proposed]
    assert list(selectors.orders_awaiting_signature(other_judge)) == [proposed]
    assert {n.recipient for n in Notice.objects.all()} == {judge, other_judge}
    order = order_sign(other_judge, proposed)
    assert order.judge == other_judge


def test_bad_content_is_refused_and_nothing_is_kept(case, judge, clerk):
    for fields, field in (
        ({"body_text": "  "}, "body"),
        ({"title": ""}, "title"),
        ({"kind": "decree"}, "kind"),
        ({"kind": "judgment", "title": "Judgment"}, "judgment_lines"),
    ):
        with pytest.raises(ValidationFailed) as error:
            order_prepare(clerk, case, judge, **fields)
        assert error.value.field == field
    assert not ProposedOrder.objects.exists()
    assert stored_files() == []


def test_judges_and_clerks_of_another_court_are_refused(case, judge, other_court):
    outsider = factories.court_staff(Role.JUDGE, other_court)
    with pytest.raises(PermissionDenied):
        order_prepare(outsider, case, outsider)
    clerk = factories.court_staff(Role.CLERK, other_court)
    with pytest.raises(PermissionDenied):
        order_prepare(clerk, case, judge)
    with pytest.raises(ValidationFailed) as error:  # a clerk here, for a judge of elsewhere
        order_prepare(factories.court_staff(Role.CLERK, case.court), case, outsider)
    assert error.value.field == "judge"
    proposed = order_prepare(judge, case, judge, submit=True)
    with pytest.raises(PermissionDenied):
        signing.proposed_order_sign(judge=outsider, proposed=proposed, signature="/s/ x")
    assert not CourtOrder.objects.exists()


def test_an_attorney_may_not_prepare_or_sign(case, judge, attorney, signed_in):
    with pytest.raises(PermissionDenied):
        order_prepare(attorney, case, judge)
    assert signed_in.get(reverse("order-prepare", args=[case.pk])).status_code == 403
    assert signed_in.post(reverse("order-prepare", args=[case.pk]), {}).status_code == 403
    assert signed_in.get(reverse("judge-orders-queue")).status_code == 403
    proposed = order_prepare(judge, case, judge, submit=True)
    sign = reverse("proposed-order-sign", args=[proposed.pk])
    assert signed_in.post(sign, {"signature": "/s/ Dana Whitfield"}).status_code == 403
    assert not CourtOrder.objects.exists()


def test_the_page_flow(case, judge, clerk, attorney):
    plaintiff, defendant = order_parties(case)
    client = Client()
    client.force_login(clerk)
    url = reverse("order-prepare", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Dana Whitfield" in page and "Submit to the judge" in page
    assert f'<option value="{plaintiff.pk}">Pat Lawson (plaintiff)</option>' in page
    data = {
        "kind": "judgment",
        "title": "Default Judgment",
        "judge": str(judge.pk),
        "body": "Defendant failed to appear.",
        "lines-in_favor_of_1": str(plaintiff.pk),
        "lines-against_1": str(defendant.pk),
        "lines-amount_1": "1000.50",
        "then": "submit",
    }
    refused = client.post(url, {**data, "lines-against_1": str(plaintiff.pk)})
    assert refused.status_code == 422 and b"against another" in refused.content
    free_text = client.post(url, {**data, "lines-against_1": "Example Corp."})
    assert free_text.status_code == 400  # a party is chosen, never typed
    response = client.post(url, data)
    proposed = ProposedOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("proposed-order", args=[proposed.pk])
    assert proposed.status == Status.AWAITING_SIGNATURE
    assert proposed.judgment_lines == [
        {
            "in_favor_of": "Pat Lawson",
            "against": "Example Corp.",
            "amount_cents": 100_050,
            "description": "",
        }
    ]
    review = client.get(response["Location"]).content.decode()
    assert "Waiting for the judge" in review and "Sign and issue" not in review  # a clerk

    judges = Client()
    judges.force_login(judge)
    queue = judges.get(reverse("judge-orders-queue")).content.decode()
    assert "Default Judgment" in queue and "Casey Miller" in queue
    review = judges.get(response["Location"]).content.decode()
    assert "Sign and issue" in review and "Return with note" in review
    sign = reverse("proposed-order-sign", args=[proposed.pk])
    wrong = judges.post(sign, {"signature": "/s/ Casey Miller"})
    assert wrong.status_code == 422 and b"exactly as" in wrong.content
    with committed():
        signed = judges.post(sign, {"signature": "/s/ dana whitfield"})
    order = CourtOrder.objects.get()
    assert signed.status_code == 302
    assert signed["Location"] == reverse("order-detail", args=[case.pk, order.pk])
    assert order.issued_by == clerk and order.judge == judge
    assert order.judgment_lines.get().amount_cents == 100_050

    detail = judges.get(signed["Location"]).content.decode()
    assert "Default Judgment" in detail
    assert f'href="{reverse("court-case", args=[case.pk])}">Back to {CASE_NUMBER}' in detail
    pdf = judges.get(reverse("court-document", args=[order.document_id]) + "?version=stamped")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Security-Policy"] == "sandbox"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert judges.post(sign, {"signature": "/s/ Dana Whitfield"}).status_code == 409


def test_the_return_page_and_the_revision(case, judge, clerk):
    proposed = order_prepare(clerk, case, judge, submit=True)
    judges = Client(enforce_csrf_checks=True)
    judges.force_login(judge)
    review = reverse("proposed-order", args=[proposed.pk])
    judges.get(review)
    token = judges.cookies["csrftoken"].value
    back = reverse("proposed-order-return", args=[proposed.pk])
    assert judges.post(back, {"note": "x"}).status_code == 403  # no CSRF token
    assert judges.post(back, {"note": "", "csrfmiddlewaretoken": token}).status_code == 400
    returned = judges.post(back, {"note": "Thirty days.", "csrfmiddlewaretoken": token})
    assert returned.status_code == 302 and returned["Location"] == reverse("judge-orders-queue")

    clerks = Client()
    clerks.force_login(clerk)
    page = clerks.get(review).content.decode()
    assert "Thirty days." in page and "Revise" in page
    edit = reverse("proposed-order-edit", args=[proposed.pk])
    assert "Thirty days." in clerks.get(edit).content.decode()
    saved = clerks.post(
        edit,
        {
            "kind": "order",
            "title": "Order on Motion to Compel",
            "judge": str(judge.pk),
            "body": "Answer within 30 days.",
            "then": "draft",
        },
    )
    assert saved.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Status.RETURNED and proposed.body_text == "Answer within 30 days."
    submitted = clerks.post(reverse("proposed-order-submit", args=[proposed.pk]))
    assert submitted.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Status.AWAITING_SIGNATURE
    assert clerks.post(reverse("proposed-order-submit", args=[proposed.pk])).status_code == 409


def test_an_attorney_s_proposed_order_waits_for_the_judge_then_is_signed(
    accepted, attorney, clerk, judge, court, pdf
):
    from efiling.docket.services import filing_accept
    from efiling.filings import services
    from efiling.filings.documents import document_add
    from tests.filings.helpers import received_file

    case = accepted.case
    draft = services.draft_create(user=attorney, court=court, case_number=case.number)
    filing = services.filing_add(
        envelope=draft, user=attorney, code="PROPORD", description="Order granting continuance"
    )
    document_add(
        envelope=draft,
        user=attorney,
        filing=filing,
        kind="lead",
        title="Proposed order",
        received=received_file(pdf("proposed.pdf")),
    )
    envelope = services.envelope_submit(
        envelope=draft, user=attorney, idempotency_key="po", signature="/s/ Avery Lawson"
    )
    with committed():
        entry = filing_accept(clerk=clerk, filing=envelope.filings.get())
    assert entry.kind == DocketEntry.Kind.FILING  # docketed as filed, not as an order
    assert not CourtOrder.objects.exists()
    proposed = ProposedOrder.objects.get()
    assert proposed.status == Status.AWAITING_SIGNATURE
    assert proposed.judge == judge  # the court's only judge
    assert proposed.prepared_by == attorney
    assert proposed.title == "Order granting continuance"
    assert proposed.filed_document.docket_entry == entry
    assert list(selectors.orders_awaiting_signature(judge)) == [proposed]
    assert Notice.objects.filter(recipient=judge, subject__contains="waiting for your").exists()

    filed_pages = proposed.filed_document.page_count
    order = order_sign(judge, proposed)
    assert order.document.page_count == filed_pages + 1  # the signature page
    text = stored_pdf_text(order.document.storage_name)
    assert "/s/ Dana Whitfield" in text and "SO ORDERED" in text
    assert "ORDER GRANTING CONTINUANCE" in text
    assert order.docket_entry.text == (
        "Order: Order granting continuance. Signed by Judge Dana Whitfield. "
        f"Proposed by Avery Lawson (docket entry {entry.number})."
    )
    assert order.issued_by == attorney


def test_an_attorney_s_returned_proposed_order_is_not_resubmitted(
    accepted, attorney, clerk, judge, court, pdf
):
    case = accepted.case
    document = accepted.documents.first()
    with committed():
        from django.db import transaction

        with transaction.atomic():
            proposed = ProposedOrder.objects.create(
                case=case,
                kind="order",
                title="Proposed",
                filed_document=document,
                judge=judge,
                prepared_by=attorney,
                created_at=accepted.created_at,
            )
            orders.proposed_order_transition(
                proposed=proposed, to=Status.AWAITING_SIGNATURE, actor=clerk
            )
    signing.proposed_order_return(judge=judge, proposed=proposed, note="Use the form order.")
    told = Notice.objects.get(recipient=attorney, subject__contains="returned")
    assert told.link == reverse("my-case", args=[case.pk])
    with pytest.raises(Conflict, match="new filing"):
        orders.proposed_order_submit(actor=clerk, proposed=proposed)


def test_pages_of_another_court_answer_as_missing(case, judge, other_court):
    outsider = factories.court_staff(Role.JUDGE, other_court)
    client = Client()
    client.force_login(outsider)
    hidden = client.get(reverse("order-prepare", args=[case.pk]))
    missing = client.get(reverse("order-prepare", args=[999999]))
    assert hidden.status_code == missing.status_code == 404
    order = order_issue(judge, case, judge)
    proposed = order.proposed
    assert client.get(reverse("court-document", args=[order.document_id])).status_code == 404
    assert client.get(reverse("order-detail", args=[case.pk, order.pk])).status_code == 404
    for name in ("proposed-order", "proposed-order-edit"):
        assert client.get(reverse(name, args=[proposed.pk])).status_code == 404
        assert client.get(reverse(name, args=[999999])).status_code == 404
    assert list(selectors.orders_awaiting_signature(outsider)) == []


def test_the_storage_sweep_keeps_order_files(case, judge):
    from datetime import timedelta

    from efiling.filings.storage import document_store, documents_sweep

    order = order_issue(judge, case, judge)
    stray = document_store(source=Path(default_storage.path(order.document.storage_name)))
    assert documents_sweep(older_than=timedelta(seconds=-1), delete=False) == [stray]


def _alert(response) -> str:
    """The text of the error page's alert (the message a 409 shows in the page frame)."""
    page = response.content.decode()
    assert '<div class="usa-alert usa-alert--warning" role="alert">' in page
    assert "<header" in page and "</footer>" in page  # the normal page frame
    start = page.index('<p class="usa-alert__text">') + len('<p class="usa-alert__text">')
    return page[start : page.index("</p>", start)]


def test_signing_or_returning_twice_says_what_became_of_it(case, judge, clerk, pinned_clock):
    pinned_clock(datetime(2026, 12, 1, 3, 0, tzinfo=UTC))  # 9 p.m. Monday in Missouri
    signed, returned = (order_prepare(clerk, case, judge, submit=True) for _ in range(2))
    judges = factories.client_for(judge)
    with committed():
        first = judges.post(
            reverse("proposed-order-sign", args=[signed.pk]), {"signature": "/s/ Dana Whitfield"}
        )
    assert first.status_code == 302
    order = CourtOrder.objects.get()
    day = "Monday, November 30, 2026"  # the court's date, not UTC's
    for action, data in (("sign", {"signature": "/s/ Dana Whitfield"}), ("return", {"note": "x"})):
        again = judges.post(reverse(f"proposed-order-{action}", args=[signed.pk]), data)
        assert again.status_code == 409
        assert _alert(again) == (
            f"This proposed order was already signed by Judge Dana Whitfield on {day} and "
            f"issued as docket entry {order.docket_entry.number} in {CASE_NUMBER}."
        )
        page = again.content.decode()
        assert f'href="{reverse("order-detail", args=[case.pk, order.pk])}">Read the signed' in page
        assert f'href="{reverse("judge-orders-queue")}">Go to the orders waiting' in page

    back = reverse("proposed-order-return", args=[returned.pk])
    assert judges.post(back, {"note": "Thirty days."}).status_code == 302
    for url, data in (
        (back, {"note": "Thirty days."}),
        (reverse("proposed-order-sign", args=[returned.pk]), {"signature": "/s/ Dana Whitfield"}),
    ):
        again = judges.post(url, data)
        assert again.status_code == 409
        assert _alert(again) == (
            f"This proposed order was already returned by Judge Dana Whitfield on {day} to "
            "Casey Miller: it no longer waits for a signature."
        )
        assert f'href="{reverse("proposed-order", args=[returned.pk])}">Go back' in (
            again.content.decode()
        )
    assert CourtOrder.objects.count() == 1
