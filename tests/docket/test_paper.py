"""Scanned paper filings: a clerk puts the scan on the docket; it is read like any document."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.audit.models import AuditEvent
from efiling.cases.models import Case, CaseStatus, Disposition
from efiling.core import clock
from efiling.core.errors import PermissionDenied, ValidationFailed
from efiling.courts.models import CourtPolicy
from efiling.docket.models import DocketEntry
from efiling.docket.paper import paper_filing_docket
from efiling.docket.services import minute_entry_add
from efiling.filings.models import Document
from efiling.filings.storage import file_sha256
from efiling.service.models import Notice
from tests import factories
from tests.docket.conftest import CASE_NUMBER, committed, order_signed, stored_pdf_text
from tests.documents import builders
from tests.filings.helpers import stored_files

RECEIVED = datetime(2026, 11, 25, 15, 40, tzinfo=clock.UTC)  # 9:40 a.m. in St. Louis


@pytest.fixture
def case(case):
    """The docket tests' case, filed a week before the paper arrived."""
    Case.objects.filter(pk=case.pk).update(created_at=RECEIVED - timedelta(days=7))
    case.refresh_from_db()
    return case


def _docket(clerk, case, path, **fields):
    values = {
        "pdf_path": path,
        "original_name": "answer-scan.pdf",
        "title": "Answer",
        "filer": "Jordan Smith, self-represented",
        "received_at": RECEIVED,
    }
    values.update(fields)
    with committed():  # the stamped copy is made after the commit
        return paper_filing_docket(clerk=clerk, case=case, **values)


def test_a_scan_becomes_the_next_docket_entry_stamped_filed_on_paper(
    clerk, case, attorney, tmp_path
):
    CourtPolicy.objects.filter(court=case.court).update(text_searchable_required=True)
    minute = minute_entry_add(clerk=clerk, case=case, text="Hearing set by agreement.")
    scan = builders.image_only_pdf(tmp_path / "scan.pdf", pages=2)
    entry = _docket(clerk, case, scan)

    assert entry.number == minute.number + 1
    assert entry.kind == DocketEntry.Kind.SCANNED
    assert entry.filed_at == RECEIVED  # the time the paper was received is its filing time
    assert entry.paper_filer == "Jordan Smith, self-represented"
    assert entry.text == (
        "Answer, filed on paper by Jordan Smith, self-represented. "
        "Scanned and docketed by the clerk."
    )
    document = entry.documents.get()
    assert document.filing is None and document.page_count == 2
    assert document.sha256 == file_sha256(scan)  # the original is kept unchanged
    assert not document.text_searchable  # a scan needs no text layer, even in this court
    stamped = stored_pdf_text(document.stamped_storage_name)
    assert "Filed on Paper" in stamped and "Electronically Filed" not in stamped
    assert CASE_NUMBER in stamped and f"Docket {entry.number}" in stamped
    assert "November 25, 2026 9:40 a.m. CST" in stamped and "Page 2 of 2" in stamped
    assert scan.exists()  # the caller's upload is the caller's to discard

    notices = Notice.objects.filter(case=case, body=entry.text)
    assert attorney in {n.recipient for n in notices} and notices.count() == 2
    event = AuditEvent.objects.get(action="docket_entry.created", object_id=str(entry.pk))
    assert event.details["paper_filer"] == "Jordan Smith, self-represented"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"filer": ""}, "filer"),
        ({"title": "x" * 201}, "title"),
        ({"received_at": clock.now() + timedelta(hours=1)}, "received_at"),
        ({"received_at": RECEIVED - timedelta(days=8)}, "received_at"),  # before the case
    ],
)
def test_refusals_leave_nothing_behind(clerk, case, tmp_path, settings, fields, field):
    scan = builders.image_only_pdf(tmp_path / "scan.pdf")
    with pytest.raises(ValidationFailed) as error:
        _docket(clerk, case, scan, **fields)
    assert error.value.field == field
    assert not DocketEntry.objects.exists() and not Notice.objects.exists()
    assert stored_files(settings) == []


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_stored(clerk, case, tmp_path, settings):
    with pytest.raises(ValidationFailed) as error:
        _docket(clerk, case, builders.renamed_text_file(tmp_path / "scan.pdf"))
    assert "answer-scan.pdf" in error.value.message
    assert not DocketEntry.objects.exists() and not Document.objects.exists()
    assert stored_files(settings) == []


def test_only_a_clerk_of_the_court_dockets_paper(case, judge, attorney, other_court, tmp_path):
    scan = builders.image_only_pdf(tmp_path / "scan.pdf")
    for outsider in (judge, attorney, factories.court_staff(Role.CLERK, other_court)):
        with pytest.raises(PermissionDenied):
            _docket(outsider, case, scan)
    assert not DocketEntry.objects.exists()


def test_a_sealed_scan_is_read_by_counsel_and_hidden_from_strangers(
    clerk, case, attorney, tmp_path
):
    entry = _docket(clerk, case, builders.image_only_pdf(tmp_path / "scan.pdf"), sealed=True)
    assert entry.security_level == "sealed"
    document = entry.documents.get()
    notice = Notice.objects.filter(case=case, recipient=attorney).get()
    assert "Jordan Smith" not in notice.body  # a sealed filing's notice says only what it is

    token = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    counsel = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    docket = counsel.get(f"/api/v1/cases/{case.pk}").json()["docket"]
    assert docket[-1]["documents"][0]["id"] == document.pk
    pdf = counsel.get(f"/api/v1/documents/{document.pk}")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="document.viewed", actor_id=attorney.pk).exists()

    stranger = factories.user(Role.ATTORNEY)
    token = api_token_create(user=stranger, name="reader", scope=ApiToken.Scope.READ)[1]
    outsider = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert outsider.get(f"/api/v1/documents/{document.pk}").status_code == 404


def test_counsel_reads_an_order_through_get_document(case, judge, attorney):
    """Orders are docketed documents like any other: counsel of record can read them."""
    with committed():
        order = order_signed(judge, case, title="Order Setting Trial", body_text="Trial is set.")
    order.document.refresh_from_db()
    token = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    counsel = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    docket = counsel.get(f"/api/v1/cases/{case.pk}").json()["docket"]
    assert docket[-1]["documents"][0]["id"] == order.document_id
    pdf = counsel.get(f"/api/v1/documents/{order.document_id}")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert "Electronically Filed" in stored_pdf_text(order.document.stamped_storage_name)


def _page_client(clerk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    return client


def _post(client, url, path=None, **fields):
    token = client.cookies["csrftoken"].value
    data = {
        "title": "Answer",
        "filer": "Jordan Smith, self-represented",
        "received_date": "2026-11-25",
        "received_time": "09:40",
        "csrfmiddlewaretoken": token,
        **fields,
    }
    if path is None:
        return client.post(url, data)
    with open(path, "rb") as handle:
        return client.post(url, {**data, "file": handle})


def test_the_page_dockets_a_scan(clerk, case, tmp_path):
    client = _page_client(clerk)
    url = reverse("paper-filing", args=[case.pk])
    form = client.get(url)
    assert form.status_code == 200 and b"Time received" in form.content
    response = _post(client, url, builders.image_only_pdf(tmp_path / "scan.pdf"))
    assert response.status_code == 302
    assert response["Location"] == reverse("court-case", args=[case.pk])
    entry = DocketEntry.objects.get(case=case)
    assert entry.filed_at == RECEIVED  # 9:40 a.m. court time
    page = client.get(response["Location"])
    assert b"filed on paper by Jordan Smith" in page.content
    assert b"Filed on Paper" in page.content  # the success message


def test_a_paper_dismissal_by_the_parties_disposes_of_the_case(clerk, case, tmp_path):
    client = _page_client(clerk)
    url = reverse("paper-filing", args=[case.pk])
    assert b"dismissal of the whole case" in client.get(url).content
    plain = _post(client, url, builders.image_only_pdf(tmp_path / "answer.pdf"))
    assert plain.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN  # an ordinary paper filing leaves the case open
    response = _post(
        client, url, builders.image_only_pdf(tmp_path / "dismissal.pdf"), dismissal="on"
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.DISPOSED
    assert case.disposition == Disposition.DISMISSED_BY_PARTIES
    assert case.disposed_at == RECEIVED  # as of the time the paper was received
    event = AuditEvent.objects.get(action="case.disposed")
    assert event.details["docket_number"] == DocketEntry.objects.filter(case=case).count()
    assert (
        b"The case is disposed: dismissed by the parties"
        in client.get(response["Location"]).content
    )


def test_the_page_explains_what_is_missing_or_too_large(clerk, case, tmp_path, settings):
    client = _page_client(clerk)
    url = reverse("paper-filing", args=[case.pk])
    client.get(url)
    missing = _post(client, url)
    assert missing.status_code == 400 and b"Choose the scan to upload" in missing.content
    future = _post(
        client, url, builders.image_only_pdf(tmp_path / "a.pdf"), received_date="2099-01-01"
    )
    assert future.status_code == 422 and b"cannot be in the future" in future.content
    CourtPolicy.objects.filter(court=case.court).update(maximum_allowed_message_size=50_000)
    big = _post(client, url, builders.pdf_of_size(tmp_path / "big.pdf", 80_000))
    assert big.status_code == 413 and b"Nothing was stored" in big.content
    assert not DocketEntry.objects.exists() and stored_files(settings) == []
    no_token = Client(enforce_csrf_checks=True)
    no_token.force_login(clerk)
    assert no_token.post(url, {"title": "x"}).status_code == 403


def test_the_page_is_for_the_court_clerks_only(case, judge, attorney):
    url = reverse("paper-filing", args=[case.pk])
    for user in (judge, attorney):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 403
    client = Client()
    client.force_login(factories.court_staff(Role.CLERK, case.court))
    assert client.get(reverse("paper-filing", args=[999999])).status_code == 404
