from django.test import Client

from efiling.accounts.models import Role, User
from efiling.audit.models import AuditEvent
from efiling.courts.models import CourtPolicy, Holiday


def _admin_client():
    admin = User.objects.create_superuser(
        "admin@example.test", "a-strong-password-1", first_name="Ada"
    )
    client = Client(REMOTE_ADDR="198.51.100.4")
    client.force_login(admin)
    return client, admin


def test_policy_edit_in_admin_is_audited_with_who_what_and_where(court):
    client, admin = _admin_client()
    policy = court.policy
    url = f"/admin/courts/courtpolicy/{policy.pk}/change/"
    form = {
        "court": court.pk,
        "maximum_allowed_attachment_size": 5_000_000,
        "maximum_allowed_message_size": policy.maximum_allowed_message_size,
        "accepted_document_formats": '["application/pdf"]',
        "maximum_documents_per_submission": 50,
        "maximum_page_count": 2_000,
        "maximum_party_name_length": 60,
        "fee_waiver_requests_accepted": "on",
        "redaction_check": "on",
        "deadline_reminder_business_days": 3,
        "summons_return_days": 30,
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CourtPolicy.objects.get(pk=policy.pk).maximum_allowed_attachment_size == 5_000_000
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.actor_id, event.ip_address, event.channel) == (
        "courtpolicy.changed",
        admin.pk,
        "198.51.100.4",
        "admin",
    )
    assert event.details["changes"]["maximum_allowed_attachment_size"] == ["7340032", "5000000"]


def test_policy_with_attachment_limit_above_submission_limit_is_refused(court):
    client, _ = _admin_client()
    policy = court.policy
    response = client.post(
        f"/admin/courts/courtpolicy/{policy.pk}/change/",
        {
            "court": court.pk,
            "maximum_allowed_attachment_size": 30_000_000,
            "maximum_allowed_message_size": 20_000_000,
            "accepted_document_formats": '["application/pdf"]',
            "maximum_documents_per_submission": 50,
            "maximum_page_count": 2_000,
            "maximum_party_name_length": 60,
        },
    )
    assert response.status_code == 200
    assert b"cannot be larger than the submission limit" in response.content
    assert CourtPolicy.objects.get(pk=policy.pk).maximum_allowed_attachment_size == 7 * 1024 * 1024


def test_closure_day_added_in_admin_is_audited(court):
    client, _ = _admin_client()
    response = client.post(
        "/admin/courts/holiday/add/",
        {
            "date": "2026-11-27",
            "name": "Day after Thanksgiving",
            "kind": "closure",
            "court": court.pk,
        },
    )
    assert response.status_code == 302
    holiday = Holiday.objects.get(court=court, date="2026-11-27")
    assert AuditEvent.objects.filter(action="holiday.created", object_id=str(holiday.pk)).exists()


def test_non_administrators_cannot_open_the_admin(court):
    clerk = User.objects.create_user("clerk@example.test", "a-strong-password-1", role=Role.CLERK)
    client = Client()
    client.force_login(clerk)
    assert client.get("/admin/courts/courtpolicy/").status_code == 403
