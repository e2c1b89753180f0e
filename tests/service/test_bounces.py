"""Bounces the mail provider reports later (issue 12, "Notices and delivery"): notices sent
through a provider's API (anymail's test backend) keep its id of the message; the provider's
tracking webhook (real Postmark and Mailgun payloads, through the site's URLs) turns
the sent e-mail bounced, on the recipient's notices page and on the service record."""

import base64
import hashlib
import hmac
import json
import uuid

import pytest
from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError
from anymail.message import AnymailRecipientStatus
from anymail.signals import AnymailTrackingEvent
from django.db import transaction
from django.test import Client
from django.urls import reverse

from config import urls as site_urls  # imported here, without the secret: no webhook in it
from efiling.service.bounces import mail_event_record
from efiling.service.mail_event_urls import mail_event_urls
from efiling.service.models import Notice, NoticeDelivery, ServiceRecord
from efiling.service.services import notices_record
from tests.factories import client_for
from tests.service.helpers import motion, submit

State = NoticeDelivery.State
SECRET = "postmark:0123456789abcdef0123"
SIGNING_KEY = "mailgun-signing-key"
POSTMARK = "/mail-events/postmark/tracking/"
MAILGUN = "/mail-events/mailgun/tracking/"
NO_MAILBOX = "The server was unable to deliver your message (ex: unknown user, mailbox not found)."
SMTP_550 = "smtp;550 5.1.1 The email account that you tried to reach does not exist."


@pytest.fixture
def webhooks(settings):
    """The webhooks mounted, as EFILING_EMAIL_WEBHOOK_SECRET mounts them."""
    settings.EFILING_EMAIL_WEBHOOK_SECRET = SECRET
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    settings.ROOT_URLCONF = "tests.service.mail_events_urlconf"


@pytest.fixture
def provider(settings, webhooks, monkeypatch):
    """Mail sent through a provider's API: anymail's test backend, giving each message a
    provider id as Postmark does (a UUID)."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    monkeypatch.setattr(AnymailTestBackend, "get_esp_message_id", lambda self, m: uuid.uuid4())


def _notice_mailed(capture, recipient) -> NoticeDelivery:
    with capture(execute=True), transaction.atomic():
        notices_record(recipients=[recipient], kind=Notice.Kind.ORDER, subject="Order", body="B.")
    return NoticeDelivery.objects.get(recipient=recipient)


def _auth(secret: str = SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def _postmark_bounce(message_id: str, email: str, record_type: str = "Bounce") -> dict:
    """A bounce as Postmark's webhook posts it."""
    return {
        "RecordType": record_type,
        "ID": 4323372036854775807,
        "Type": "HardBounce" if record_type == "Bounce" else "SpamComplaint",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "",
        "MessageID": message_id,
        "ServerID": 23,
        "MessageStream": "outbound",
        "Description": NO_MAILBOX,
        "Details": SMTP_550,
        "Email": email,
        "From": "notices@courts.example",
        "BouncedAt": "2026-11-30T13:28:10.2735393-05:00",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Order",
        "Content": "",
        "Metadata": {},
    }


def _post(path: str, payload, auth: dict | None = None):
    return Client().post(
        path, json.dumps(payload), content_type="application/json", **(auth or _auth())
    )


def test_a_notice_sent_through_a_provider_keeps_its_id_of_the_message(
    provider, attorney, django_capture_on_commit_callbacks
):
    sent = _notice_mailed(django_capture_on_commit_callbacks, attorney)
    assert sent.state == State.SENT
    assert str(uuid.UUID(sent.provider_message_id)) == sent.provider_message_id
    assert sent.provider_message_id != sent.message_id


def test_a_refusal_by_the_provider_at_sending_fails_at_once_other_errors_retry(
    provider, attorney, django_capture_on_commit_callbacks, monkeypatch
):
    rejected = AnymailRecipientStatus(message_id=None, status="rejected")
    monkeypatch.setattr(
        AnymailTestBackend,
        "post_to_esp",
        lambda self, payload, message: {"recipient_status": {attorney.email: rejected}},
    )
    refused = _notice_mailed(django_capture_on_commit_callbacks, attorney)
    assert refused.state == State.FAILED and refused.attempts == 1
    assert refused.last_error.startswith("Refused by the mail provider: ")
    assert refused.provider_message_id == ""

    def unavailable(self, payload, message):
        raise AnymailAPIError("503 Service Unavailable")

    monkeypatch.setattr(AnymailTestBackend, "post_to_esp", unavailable)
    NoticeDelivery.objects.all().delete()
    retried = _notice_mailed(django_capture_on_commit_callbacks, attorney)
    assert retried.state == State.QUEUED and retried.next_attempt_at is not None
    assert "503 Service Unavailable" in retried.last_error


def test_a_postmark_bounce_marks_the_e_mail_bounced_on_the_notices_page(
    provider, attorney, django_capture_on_commit_callbacks
):
    sent = _notice_mailed(django_capture_on_commit_callbacks, attorney)
    answer = _post(POSTMARK, _postmark_bounce(sent.provider_message_id, attorney.email.upper()))
    assert answer.status_code == 200
    sent.refresh_from_db()
    assert sent.state == State.BOUNCED and sent.sent_at is not None
    assert sent.last_error == f"{NO_MAILBOX} {SMTP_550}"
    page = client_for(attorney).get(reverse("notices")).content.decode()
    assert f"{attorney.email}: <strong>bounced</strong>" in page
    assert "unknown user, mailbox not found" in page

    again = _postmark_bounce(sent.provider_message_id, attorney.email)
    again["Description"] = "A second report"
    assert _post(POSTMARK, again).status_code == 200
    sent.refresh_from_db()
    assert sent.state == State.BOUNCED and sent.last_error.startswith(NO_MAILBOX)


def test_a_bounce_of_the_service_e_mail_shows_on_the_service_record(
    provider, case, attorney, opposing, pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        envelope = submit(motion(case, attorney, pdf), attorney)
    record = ServiceRecord.objects.get(envelope=envelope, person=opposing)
    assert record.delivery_states() == [State.SENT]
    served = record.notice.deliveries.get()
    bounce = _postmark_bounce(served.provider_message_id, opposing.email)
    assert _post(POSTMARK, bounce).status_code == 200

    assert ServiceRecord.objects.get(pk=record.pk).delivery_states() == [State.BOUNCED]
    status = client_for(attorney).get(f"/api/v1/envelopes/{envelope.public_id}").json()
    assert status["service"]["records"][0]["delivery"] == [State.BOUNCED]
    page = client_for(opposing).get(reverse("notices")).content.decode()
    assert f"{opposing.email}: <strong>bounced</strong>" in page


@pytest.mark.parametrize(
    "auth",
    [{}, _auth("postmark:wrong-password-0000"), {"HTTP_AUTHORIZATION": "Bearer x"}],
    ids=["none", "wrong", "not-basic"],
)
def test_a_webhook_without_the_secret_is_refused_and_changes_nothing(
    provider, attorney, django_capture_on_commit_callbacks, auth
):
    sent = _notice_mailed(django_capture_on_commit_callbacks, attorney)
    payload = json.dumps(_postmark_bounce(sent.provider_message_id, attorney.email))
    answer = Client().post(POSTMARK, payload, content_type="application/json", **auth)
    assert answer.status_code == 400
    sent.refresh_from_db()
    assert sent.state == State.SENT and sent.last_error == ""


def test_events_for_other_messages_or_recipients_change_nothing(
    provider, attorney, django_capture_on_commit_callbacks
):
    sent = _notice_mailed(django_capture_on_commit_callbacks, attorney)
    for payload in (
        _postmark_bounce(str(uuid.uuid4()), attorney.email),  # not a message we sent
        _postmark_bounce(sent.provider_message_id, "someone.else@example.com"),
        _postmark_bounce(sent.provider_message_id, ""),
    ):
        assert _post(POSTMARK, payload).status_code == 200
    sent.refresh_from_db()
    assert sent.state == State.SENT and sent.last_error == ""


def test_an_unreadable_event_is_refused_not_a_server_error(
    provider, attorney, django_capture_on_commit_callbacks
):
    sent = _notice_mailed(django_capture_on_commit_callbacks, attorney)
    not_json = Client().post(POSTMARK, "{not json", content_type="application/json", **_auth())
    assert not_json.status_code == 400
    assert _post(POSTMARK, [sent.provider_message_id]).status_code == 400  # not an object
    no_event = _mailgun_signed({"recipient": attorney.email})
    assert _post(MAILGUN, no_event).status_code == 400
    sent.refresh_from_db()
    assert sent.state == State.SENT


def test_a_complaint_keeps_the_e_mail_sent_and_says_so(
    provider, attorney, django_capture_on_commit_callbacks
):
    sent = _notice_mailed(django_capture_on_commit_callbacks, attorney)
    complaint = _postmark_bounce(sent.provider_message_id, attorney.email, "SpamComplaint")
    assert _post(POSTMARK, complaint).status_code == 200
    sent.refresh_from_db()
    assert sent.state == State.SENT
    assert sent.last_error.startswith("Marked as spam by the recipient: ")


def test_a_delivered_event_changes_nothing(provider, attorney, django_capture_on_commit_callbacks):
    sent = _notice_mailed(django_capture_on_commit_callbacks, attorney)
    delivered = {
        "RecordType": "Delivery",
        "ServerID": 23,
        "MessageStream": "outbound",
        "MessageID": sent.provider_message_id,
        "Recipient": attorney.email,
        "Tag": "",
        "DeliveredAt": "2026-11-30T13:28:10.2735393-05:00",
        "Details": "Test delivery webhook details",
        "Metadata": {},
    }
    assert _post(POSTMARK, delivered).status_code == 200
    after = NoticeDelivery.objects.get(pk=sent.pk)
    assert (after.state, after.sent_at, after.last_error) == (State.SENT, sent.sent_at, "")


def _mailgun_signed(event_data: dict) -> dict:
    """An event as Mailgun's webhook posts it, signed with the webhook signing key."""
    timestamp, token = "1764530890", "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0"
    signature = hmac.new(
        SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": event_data,
    }


def test_over_plain_smtp_a_bounce_naming_our_message_id_marks_it_bounced(
    smtp_server, webhooks, attorney, django_capture_on_commit_callbacks
):
    """Mail sent by SMTP (no provider id kept): a provider's event naming our Message-ID
    (Mailgun's, as for mail relayed through its SMTP service; without angle brackets here,
    signed with the webhook signing key) is matched by it."""
    sent = _notice_mailed(django_capture_on_commit_callbacks, attorney)
    assert smtp_server.messages[0]["Message-ID"] == sent.message_id
    assert sent.state == State.SENT and sent.provider_message_id == ""
    failed = _mailgun_signed(
        {
            "event": "failed",
            "severity": "permanent",
            "reason": "bounce",
            "timestamp": 1764530890.0,
            "recipient": attorney.email,
            "message": {"headers": {"message-id": sent.message_id.strip("<>")}},
            "delivery-status": {
                "code": 550,
                "message": "5.1.1 The email account that you tried to reach does not exist.",
                "description": "",
            },
        }
    )
    forged = json.loads(json.dumps(failed))
    forged["signature"]["signature"] = "0" * 64
    assert _post(MAILGUN, forged).status_code == 400
    assert NoticeDelivery.objects.get(pk=sent.pk).state == State.SENT
    assert _post(MAILGUN, failed).status_code == 200
    sent.refresh_from_db()
    assert sent.state == State.BOUNCED
    assert sent.last_error == "5.1.1 The email account that you tried to reach does not exist."


def test_without_the_secret_there_is_no_webhook(settings, db):
    settings.EFILING_EMAIL_WEBHOOK_SECRET = ""
    assert mail_event_urls() == []
    assert not [p for p in site_urls.urlpatterns if "mail-events" in str(p.pattern)]
    assert Client().post(POSTMARK, "{}", content_type="application/json").status_code == 404
    settings.EFILING_EMAIL_WEBHOOK_SECRET = SECRET
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}  # no Mailgun key: no Mailgun webhook
    mounted = mail_event_urls()
    assert [str(p.pattern) for p in mounted] == [POSTMARK[1:]]
    assert all(p.callback.public_page for p in mounted)


def test_an_event_missing_its_fields_is_ignored(attorney, db):
    for event in (
        AnymailTrackingEvent(event_type="bounced"),
        AnymailTrackingEvent(event_type="bounced", message_id=12, recipient=attorney.email),
        AnymailTrackingEvent(event_type="bounced", message_id="<>", recipient="<>"),
        AnymailTrackingEvent(event_type=None),
    ):
        assert mail_event_record(event) is None
