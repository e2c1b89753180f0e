import pytest
from django.core.files.storage import default_storage
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.audit.models import AuditEvent
from efiling.core.errors import NotFound
from efiling.docket import services as docket
from efiling.docket.access import case_get_for_user, document_get_for_user
from tests import factories
from tests.docket.conftest import order_signed


def test_court_and_counsel_see_the_case_others_do_not(accepted, attorney, clerk, other_court):
    case = accepted.case
    assert case_get_for_user(user=clerk, case_id=case.pk) == case
    assert case_get_for_user(user=attorney, case_id=case.pk) == case
    for outsider in (factories.user(Role.ATTORNEY), factories.court_staff(Role.CLERK, other_court)):
        with pytest.raises(NotFound):
            case_get_for_user(user=outsider, case_id=case.pk)


def test_sealed_entry_views_are_audited_and_hidden_from_strangers(accepted, attorney, clerk):
    docket.security_level_set(
        clerk=clerk,
        case=accepted.case,
        entry=accepted,
        level="sealed",
        reason="Order of Dec 1 sealing the petition",
    )
    document = accepted.filing.documents.first()
    assert document_get_for_user(user=attorney, document_id=document.pk) == document
    assert AuditEvent.objects.filter(action="document.viewed", actor_id=attorney.pk).exists()
    with pytest.raises(NotFound):
        document_get_for_user(user=factories.user(Role.ATTORNEY), document_id=document.pk)
    assert AuditEvent.objects.filter(action="docketentry.security_changed").exists()


def test_sealing_needs_a_reason_and_a_clerk_of_the_court(accepted, clerk, attorney):
    from efiling.core.errors import PermissionDenied, ValidationFailed

    with pytest.raises(ValidationFailed, match="reason"):
        docket.security_level_set(clerk=clerk, case=accepted.case, level="sealed", reason="")
    with pytest.raises(PermissionDenied):
        docket.security_level_set(clerk=attorney, case=accepted.case, level="sealed", reason="x")


def test_case_api_for_counsel(accepted, attorney):
    token = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    cases = client.get("/api/v1/cases").json()["items"]
    assert [c["number"] for c in cases] == [accepted.case.number]
    body = client.get(f"/api/v1/cases/{accepted.case.pk}").json()
    assert body["docket"][0]["number"] == 1 and body["docket"][0]["documents"]
    document_id = body["docket"][0]["documents"][0]["id"]
    pdf = client.get(f"/api/v1/documents/{document_id}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_case_api_names_every_stamp_state_of_every_kind_of_entry(accepted, attorney, clerk, judge):
    """A minute entry (no documents), an order and filings whose stamps are pending, stamped
    and failed: GetCase answers each as its schema says (a minute entry was a 500)."""
    from efiling.docket.models import StampState

    docket.minute_entry_add(clerk=clerk, case=accepted.case, text="Hearing held.")
    order_signed(judge, accepted.case, title="Order", body_text="So ordered.")
    accepted.stamp_state = StampState.FAILED
    accepted.save(update_fields=["stamp_state"])
    token = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    answer = client.get(f"/api/v1/cases/{accepted.case.pk}")
    assert answer.status_code == 200, answer.content
    stamping = {e["kind"]: e["stamping"] for e in answer.json()["docket"]}
    assert stamping["minute"] == "none" and stamping["filing"] == "failed"
    assert stamping["order"] in ("pending", "stamped")
    declared = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert declared["DocketEntryOut"]["properties"]["stamping"]["enum"] == [
        "none",
        "pending",
        "stamped",
        "failed",
    ]


def test_case_api_hides_other_cases(accepted):
    stranger = factories.user(Role.ATTORNEY)
    token = api_token_create(user=stranger, name="reader", scope=ApiToken.Scope.READ)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/cases").json()["items"] == []
    assert client.get(f"/api/v1/cases/{accepted.case.pk}").status_code == 404


def test_court_case_page(accepted, clerk):
    client = Client()
    client.force_login(clerk)
    page = client.get(f"/court/cases/{accepted.case.pk}/")
    assert page.status_code == 200 and accepted.text.encode() in page.content
    client.post(
        f"/court/cases/{accepted.case.pk}/",
        {"action": "minute", "text": "Hearing set by agreement."},
    )
    assert accepted.case.docket_entries.count() == 2


def test_court_schedule_lists_hearings_of_visible_cases(accepted, attorney, court):
    from datetime import datetime, time, timedelta

    from efiling.core import clock
    from efiling.courts.calendar import business_days_after
    from efiling.scheduling.models import Courtroom
    from efiling.scheduling.services import hearing_schedule

    judge = factories.court_staff(Role.JUDGE, court)
    room = Courtroom.objects.create(court=court, name="Division 9")
    # A hearing day to come whatever day the suite runs: five court days after today.
    day = business_days_after(court, clock.today(court.time_zone), 5)
    chicago = clock.zone(court.time_zone)
    hearing_schedule(
        actor=judge,
        case=accepted.case,
        courtroom=room,
        judge=judge,
        kind="motion_hearing",
        starts_at=datetime.combine(day, time(9, 0), tzinfo=chicago),
        ends_at=datetime.combine(day, time(10, 0), tzinfo=chicago),
    )
    token = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    week_before = (day - timedelta(days=1)).isoformat()
    schedule = client.get(f"/api/v1/courts/{court.code}/schedule?from={week_before}&days=7")
    assert [(h["case_number"], h["courtroom"]) for h in schedule.json()["items"]] == [
        (accepted.case.number, "Division 9")
    ]
    day_after = (day + timedelta(days=1)).isoformat()
    assert (
        client.get(f"/api/v1/courts/{court.code}/schedule?from={day_after}&days=7").json()["items"]
        == []
    )
    stranger = api_token_create(
        user=factories.user(Role.ATTORNEY), name="r", scope=ApiToken.Scope.READ
    )[1]
    other = Client(HTTP_AUTHORIZATION=f"Bearer {stranger}")
    assert (
        other.get(f"/api/v1/courts/{court.code}/schedule?from=2026-11-30&days=7").json()["items"]
        == []
    )
    assert client.get(f"/api/v1/courts/{court.code}/schedule?from=bad").status_code == 422


def test_notices_recorded_while_public_withhold_the_text_once_sealed(accepted, clerk, attorney):
    """Found by trying the system: a minute entry noticed while public kept its text in the
    inbox and GetNotices after the clerk sealed it."""
    from efiling.service.models import Notice

    entry = docket.minute_entry_add(clerk=clerk, case=accepted.case, text="SECRET minute text")
    other = docket.minute_entry_add(clerk=clerk, case=accepted.case, text="Ordinary minute")
    mine = Notice.objects.filter(recipient=attorney, case=accepted.case)
    assert mine.filter(body="SECRET minute text", entry_number=entry.number).exists()
    docket.security_level_set(
        clerk=clerk, case=accepted.case, entry=entry, level="sealed", reason="Order of 11/30"
    )
    assert not Notice.objects.filter(body__contains="SECRET").exists()
    withheld = mine.get(entry_number=entry.number)
    assert "sealed material" in withheld.body and f"docket entry {entry.number}" in withheld.body
    assert mine.filter(body="Ordinary minute").exists()  # other entries keep theirs
    token = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    listed = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/notices").content
    assert b"SECRET" not in listed

    docket.security_level_set(
        clerk=clerk, case=accepted.case, level="confidential", reason="Order of 12/1"
    )
    assert not mine.filter(body="Ordinary minute").exists()
    assert all("confidential material" in n.body for n in mine.filter(entry_number=other.number))


def test_a_document_whose_file_is_gone_answers_410_to_counsel_and_to_the_api(
    accepted, attorney, caplog
):
    """One helper serves every stored document (filings.storage.document_pdf_response): a
    file the store cannot give is a 410 in words and an ERROR in the log, never a 500."""
    document = accepted.filing.documents.first()
    for name in {document.storage_name, document.stamped_storage_name} - {""}:
        default_storage.delete(name)
    page = factories.client_for(attorney).get(f"/cases/documents/{document.pk}/")
    assert page.status_code == 410
    assert "This document&#x27;s file cannot be read now" in page.content.decode()
    token = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(f"/api/v1/documents/{document.pk}")
    assert api.status_code == 410
    assert api.json()["code"] == "document_file_unreadable"
    assert f"Document {document.pk}: its stored file" in caplog.text
