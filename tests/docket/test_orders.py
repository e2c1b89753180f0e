"""Orders and judgments issued by the court: docketed, stamped, stored, noticed, indexed."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.core.errors import PermissionDenied, ValidationFailed
from efiling.docket import orders
from efiling.docket.models import DocketEntry
from efiling.docket.orders_models import CourtOrder, JudgmentLine
from efiling.service.models import Notice
from tests import factories
from tests.docket.conftest import CASE_NUMBER, committed, stored_pdf_text
from tests.documents import builders


def _stored_files() -> list[str]:
    root = Path(default_storage.location)
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _issue(actor, case, judge, **fields):
    values = {
        "kind": "order",
        "title": "Order on Motion to Compel",
        "body_text": "The motion to compel is granted.\n\nDefendant shall answer within 20 days.",
    }
    values.update(fields)
    with committed():  # the stamped copy is made after the commit
        order = orders.order_issue(actor=actor, case=case, judge=judge, **values)
    order.document.refresh_from_db()
    return order


def test_a_judge_issues_a_written_order(case, judge, attorney):
    earlier = _issue(judge, case, judge, title="Scheduling Order")
    order = _issue(judge, case, judge)

    entry = order.docket_entry
    assert entry.number == earlier.docket_entry.number + 1
    assert entry.kind == DocketEntry.Kind.ORDER
    assert entry.text == "Order: Order on Motion to Compel. Signed by Judge Dana Whitfield."
    assert order.judge == judge and order.signed_by == judge and order.issued_by == judge
    assert order.signature == "/s/ Dana Whitfield"
    assert order.document.page_count == 1 and len(order.document.sha256) == 64
    assert order.document.docket_entry == entry
    assert default_storage.exists(order.document.storage_name)
    assert order.document.stamped_storage_name != order.document.storage_name

    original = stored_pdf_text(order.document.storage_name)
    assert "Electronically Filed" not in original
    stamped = stored_pdf_text(order.document.stamped_storage_name)
    for expected in (
        "ORDER ON MOTION TO COMPEL",
        "SO ORDERED",
        "/s/ Dana Whitfield",
        CASE_NUMBER,
        "Electronically Filed",
        f"Docket {entry.number}",
        "The motion to compel is granted.",
    ):
        assert expected in stamped, expected

    notices = Notice.objects.filter(case=case, kind=Notice.Kind.ORDER, body=entry.text)
    assert {n.recipient for n in notices} == set(
        c.user for c in case.counsel.filter(withdrawn_at__isnull=True)
    )
    assert attorney in {n.recipient for n in notices}
    assert AuditEvent.objects.filter(action="order.issued", object_id=str(order.pk)).exists()


def test_a_clerk_issues_for_the_judge(case, judge, clerk):
    order = _issue(clerk, case, judge, signature="/s/ Dana Whitfield")
    assert order.issued_by == clerk
    assert order.judge == judge and order.signed_by == judge
    assert "Signed by Judge Dana Whitfield" in order.docket_entry.text
    assert "Casey Miller for the judge" in order.docket_entry.text
    assert order.docket_entry.entered_by == clerk


def test_a_wrong_typed_signature_is_refused(case, judge, clerk):
    with pytest.raises(ValidationFailed) as error:
        _issue(clerk, case, judge, signature="/s/ Casey Miller")
    assert error.value.field == "signature"
    assert not CourtOrder.objects.exists()


def test_an_uploaded_pdf_order(case, judge, tmp_path):
    path = builders.text_pdf(
        tmp_path / "order.pdf", pages=2, text="ORDER OF DISMISSAL. The case is dismissed."
    )
    order = _issue(judge, case, judge, title="Order of Dismissal", body_text=None, pdf_path=path)
    assert order.document.page_count == 2
    stamped = stored_pdf_text(order.document.stamped_storage_name)
    assert "ORDER OF DISMISSAL" in stamped and "Electronically Filed" in stamped
    assert "Page 2 of 2" in stamped
    assert path.exists()  # the caller's file is left alone


def test_a_renamed_text_file_is_refused_and_nothing_is_stored(case, judge, tmp_path):
    path = tmp_path / "order.pdf"
    path.write_text("This is not a PDF at all.\n")
    with pytest.raises(ValidationFailed) as error:
        _issue(judge, case, judge, body_text=None, pdf_path=path)
    assert error.value.field == "pdf"
    assert not CourtOrder.objects.exists()
    assert not DocketEntry.objects.filter(case=case).exists()
    assert not Notice.objects.filter(case=case).exists()
    assert _stored_files() == []


def test_body_and_pdf_are_one_or_the_other(case, judge, tmp_path):
    path = builders.text_pdf(tmp_path / "order.pdf")
    with pytest.raises(ValidationFailed):
        _issue(judge, case, judge, pdf_path=path)
    with pytest.raises(ValidationFailed):
        _issue(judge, case, judge, body_text="  ")


def test_a_judgment_without_lines_is_refused(case, judge):
    with pytest.raises(ValidationFailed) as error:
        _issue(judge, case, judge, kind="judgment", title="Judgment")
    assert error.value.field == "judgment_lines"
    assert not DocketEntry.objects.filter(case=case).exists()
    assert _stored_files() == []


def test_a_judgment_records_parties_and_amounts_and_is_indexed(case, judge, court, other_court):
    order = _issue(
        judge,
        case,
        judge,
        kind="judgment",
        title="Judgment",
        body_text="This matter came before the Court for trial.",
        judgment_lines=[
            {"in_favor_of": "Pat Lawson", "against": "Example Corp.", "amount_cents": 1_250_075},
            orders.JudgmentLineInput("Pat Lawson", "Sam Example", 50_000, "costs"),
        ],
    )
    assert order.docket_entry.kind == DocketEntry.Kind.JUDGMENT
    assert order.docket_entry.text.startswith("Judgment. Signed by Judge")
    lines = list(order.judgment_lines.order_by("pk"))
    assert [(x.in_favor_of, x.against, x.amount_cents) for x in lines] == [
        ("Pat Lawson", "Example Corp.", 1_250_075),
        ("Pat Lawson", "Sam Example", 50_000),
    ]
    assert Notice.objects.filter(case=case, kind=Notice.Kind.JUDGMENT).count() == 2
    stamped = stored_pdf_text(order.document.stamped_storage_name)
    assert "$12,500.75" in stamped and "Example Corp." in stamped

    assert list(orders.judgments_index()) == list(JudgmentLine.objects.filter(order=order))
    assert orders.judgments_index(court=court).count() == 2
    assert orders.judgments_index(court=other_court).count() == 0
    assert orders.judgments_index(since=order.issued_at).count() == 2

    case.security_level = "sealed"
    case.save()
    assert orders.judgments_index().count() == 0


def test_an_order_with_lines_is_refused(case, judge):
    with pytest.raises(ValidationFailed):
        _issue(
            judge,
            case,
            judge,
            judgment_lines=[{"in_favor_of": "A", "against": "B", "amount_cents": 1}],
        )


def test_a_judgment_line_description_too_long_is_refused_not_cut(case, judge):
    """It was cut to 300 characters quietly."""
    with pytest.raises(ValidationFailed, match="at most 300 characters"):
        _issue(
            judge,
            case,
            judge,
            kind="judgment",
            title="Judgment",
            judgment_lines=[orders.JudgmentLineInput("A", "B", 1, "costs " * 60)],
        )
    assert not JudgmentLine.objects.exists()


def test_judges_and_clerks_of_another_court_are_refused(case, judge, other_court):
    outsider = factories.court_staff(Role.JUDGE, other_court)
    with pytest.raises(PermissionDenied):
        _issue(outsider, case, outsider)
    clerk = factories.court_staff(Role.CLERK, other_court)
    with pytest.raises(PermissionDenied):
        _issue(clerk, case, judge)
    with pytest.raises(ValidationFailed) as error:  # a clerk here, for a judge of elsewhere
        _issue(factories.court_staff(Role.CLERK, case.court), case, outsider)
    assert error.value.field == "judge"
    assert not CourtOrder.objects.exists()


def test_an_attorney_may_not_issue(case, judge, attorney, signed_in):
    with pytest.raises(PermissionDenied):
        _issue(attorney, case, judge)
    assert signed_in.get(reverse("order-issue", args=[case.pk])).status_code == 403
    assert signed_in.post(reverse("order-issue", args=[case.pk]), {}).status_code == 403


def test_the_page_flow(case, judge, clerk, attorney):
    client = Client()
    client.force_login(clerk)
    url = reverse("order-issue", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"Dana Whitfield" in page.content and b'enctype="multipart/form-data"' in page.content

    response = client.post(
        url,
        {
            "kind": "judgment",
            "title": "Default Judgment",
            "judge": str(judge.pk),
            "body": "Defendant failed to appear.",
            "signature": "/s/ Dana Whitfield",
            "lines-in_favor_of_1": "Pat Lawson",
            "lines-against_1": "Example Corp.",
            "lines-amount_1": "1000.50",
        },
    )
    order = CourtOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("order-detail", args=[case.pk, order.pk])
    assert order.issued_by == clerk and order.judge == judge
    assert order.judgment_lines.get().amount_cents == 100_050

    detail = client.get(response["Location"])
    assert detail.status_code == 200 and b"Default Judgment" in detail.content
    pdf = client.get(reverse("court-document", args=[order.document_id]) + "?version=stamped")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Security-Policy"] == "sandbox"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_the_page_takes_an_uploaded_pdf_and_shows_errors(case, judge, tmp_path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(judge)
    url = reverse("order-issue", args=[case.pk])
    client.get(url)
    token = client.cookies["csrftoken"].value

    refused = client.post(
        url,
        {
            "kind": "judgment",
            "title": "Judgment",
            "judge": str(judge.pk),
            "body": "x",
            "signature": "/s/ Dana Whitfield",
            "csrfmiddlewaretoken": token,
        },
    )
    assert refused.status_code == 422
    assert b"at least one line" in refused.content
    assert not CourtOrder.objects.exists()

    no_token = Client(enforce_csrf_checks=True)
    no_token.force_login(judge)
    assert no_token.post(url, {"title": "x"}).status_code == 403

    path = builders.text_pdf(tmp_path / "signed.pdf", text="ORDER. The hearing is continued.")
    with open(path, "rb") as handle, committed():
        response = client.post(
            url,
            {
                "kind": "order",
                "title": "Order of Continuance",
                "judge": str(judge.pk),
                "pdf": handle,
                "signature": "/s/ dana whitfield",
                "csrfmiddlewaretoken": token,
            },
        )
    assert response.status_code == 302
    order = CourtOrder.objects.get()
    assert "The hearing is continued." in stored_pdf_text(order.document.stamped_storage_name)


def test_pages_of_another_court_answer_as_missing_cases(case, judge, other_court):
    outsider = factories.court_staff(Role.JUDGE, other_court)
    client = Client()
    client.force_login(outsider)
    hidden = client.get(reverse("order-issue", args=[case.pk]))
    missing = client.get(reverse("order-issue", args=[999999]))
    assert hidden.status_code == missing.status_code == 404
    order = _issue(judge, case, judge)
    assert client.get(reverse("court-document", args=[order.document_id])).status_code == 404
    assert client.get(reverse("order-detail", args=[case.pk, order.pk])).status_code == 404


def test_the_storage_sweep_keeps_order_files(case, judge):
    from datetime import timedelta

    from efiling.filings.storage import document_store, documents_sweep

    order = _issue(judge, case, judge)
    stray = document_store(source=Path(default_storage.path(order.document.storage_name)))
    assert documents_sweep(older_than=timedelta(seconds=-1), delete=False) == [stray]
