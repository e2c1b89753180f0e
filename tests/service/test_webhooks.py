import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.test import Client
from django_tasks import default_task_backend

from efiling.accounts.models import Role
from efiling.accounts.tokens import api_token_create
from efiling.audit.models import AuditEvent
from efiling.core import clock
from efiling.core.errors import PermissionDenied, ValidationFailed
from efiling.docket import services as docket
from efiling.docket.models import RejectionReason
from efiling.filings import services
from efiling.service.webhook_models import WebhookDelivery, WebhookEndpoint
from efiling.service.webhooks import (
    MAX_ATTEMPTS,
    deliver_webhook,
    review_completed,
    signature_valid,
    webhook_attempt,
    webhook_endpoint_set,
)
from tests import factories
from tests.filings.test_filing_flow import _ready, _received

WEBHOOK = "/api/v1/me/webhook"


class Receiver:
    """A real HTTP server on 127.0.0.1 that records each POST and answers with the next status
    of `statuses` (the last one repeats)."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                index = min(len(receiver.requests), len(receiver.statuses)) - 1
                status = receiver.statuses[index]
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    servers = []

    def make(statuses=(200,)):
        server = Receiver(statuses)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def clerk(court):
    return factories.court_staff(Role.CLERK, court)


@pytest.fixture
def submitted(new_case_envelope, attorney, pdf):
    envelope = _ready(new_case_envelope, attorney, pdf)
    filing = envelope.filings.get()
    services.document_add(
        envelope=envelope,
        user=attorney,
        filing=filing,
        kind="attachment",
        title="Exhibit A",
        received=_received(pdf("exhibit.pdf")),
    )
    return services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="s", signature="/s/ Avery Lawson"
    )


def _accept(clerk, filing, capture):
    """Accept (which records the webhook in the same transaction) and run the on-commit
    callbacks, which enqueue the immediate task."""
    with capture(execute=True), transaction.atomic():
        return docket.filing_accept(clerk=clerk, filing=filing)


def _delivery_for(attorney, receiver_url, payload=None):
    endpoint, secret = webhook_endpoint_set(user=attorney, url=receiver_url)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=WebhookDelivery.Event.FILING_REVIEW_COMPLETE,
        payload=payload or {"operation": "NotifyFilingReviewComplete", "status": "accepted"},
        next_attempt_at=clock.now(),
        created_at=clock.now(),
    )
    return delivery, secret


def test_accepted_filing_posts_one_signed_notice_to_the_filer(
    submitted, clerk, attorney, receiver, django_capture_on_commit_callbacks
):
    server = receiver()
    _, secret = webhook_endpoint_set(user=attorney, url=server.url)
    filing = submitted.filings.get()
    entry = _accept(clerk, filing, django_capture_on_commit_callbacks)

    assert len(server.requests) == 1
    request = server.requests[0]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert signature_valid(secret, request["body"], headers["x-efiling-signature"])
    assert not signature_valid("whsec_wrong", request["body"], headers["x-efiling-signature"])
    assert not signature_valid(secret, request["body"] + b" ", headers["x-efiling-signature"])
    assert headers["content-type"] == "application/json"
    assert headers["x-efiling-event"] == "NotifyFilingReviewComplete"
    assert headers["x-efiling-timestamp"].isdigit()
    payload = json.loads(request["body"])
    assert payload["operation"] == "NotifyFilingReviewComplete"
    assert payload["status"] == "accepted"
    assert payload["case_number"] == entry.case.number and entry.case.number
    assert payload["docket_entry_number"] == entry.number
    assert payload["envelope"] == str(submitted.public_id)
    assert payload["confirmation_number"] == submitted.confirmation_number
    assert payload["filing_id"] == filing.pk
    assert payload["filing_code"] == filing.filing_code.code
    delivery = WebhookDelivery.objects.get()
    assert headers["x-efiling-delivery"] == str(delivery.pk)
    assert delivery.attempts == 1 and delivery.delivered_at is not None
    assert delivery.last_status == 200 and delivery.next_attempt_at is None


def test_rejection_payload_has_the_reason_and_no_case(
    submitted, clerk, attorney, receiver, django_capture_on_commit_callbacks
):
    server = receiver()
    webhook_endpoint_set(user=attorney, url=server.url)
    filing = submitted.filings.get()
    reason = RejectionReason.objects.get(text__startswith="Several pleadings")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        docket.filing_reject(clerk=clerk, filing=filing, reason_id=reason.pk)
    payload = json.loads(server.requests[0]["body"])
    assert payload["status"] == "rejected"
    assert payload["reason"].startswith("Several pleadings")
    assert payload["case_number"] is None and "docket_entry_number" not in payload


def test_no_endpoint_or_an_inactive_one_means_no_delivery(
    submitted, clerk, attorney, receiver, django_capture_on_commit_callbacks
):
    filing = submitted.filings.get()
    _accept(clerk, filing, django_capture_on_commit_callbacks)
    assert not WebhookDelivery.objects.exists()
    server = receiver()
    endpoint, _ = webhook_endpoint_set(user=attorney, url=server.url)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    with transaction.atomic():
        review_completed(filing=filing)
    assert not WebhookDelivery.objects.exists() and server.requests == []


def test_nothing_is_sent_when_the_review_rolls_back(
    submitted, clerk, attorney, receiver, django_capture_on_commit_callbacks
):
    server = receiver()
    webhook_endpoint_set(user=attorney, url=server.url)
    filing = submitted.filings.get()
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(RuntimeError), transaction.atomic():
        docket.filing_accept(clerk=clerk, filing=filing)
        raise RuntimeError("rolled back")
    assert server.requests == [] and not WebhookDelivery.objects.exists()


def test_failures_are_retried_with_backoff_until_delivered(attorney, receiver):
    server = receiver(statuses=(500, 500, 200))
    delivery, secret = _delivery_for(attorney, server.url)

    before = clock.now()
    assert webhook_attempt(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status == 500
    assert delivery.last_error == "HTTP 500" and delivery.delivered_at is None
    assert before + timedelta(seconds=30) <= delivery.next_attempt_at
    assert delivery.next_attempt_at <= clock.now() + timedelta(seconds=30)

    before = clock.now()
    assert webhook_attempt(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert before + timedelta(minutes=2) <= delivery.next_attempt_at
    assert delivery.next_attempt_at <= clock.now() + timedelta(minutes=2)

    assert webhook_attempt(delivery.pk) is True
    delivery.refresh_from_db()
    assert delivery.attempts == 3 and delivery.last_status == 200 and delivery.last_error == ""
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    assert len(server.requests) == 3
    assert {r["body"] for r in server.requests} == {server.requests[0]["body"]}
    for request in server.requests:
        assert signature_valid(secret, request["body"], request["headers"]["X-Efiling-Signature"])

    assert webhook_attempt(delivery.pk) is True  # already delivered: nothing is sent again
    assert len(server.requests) == 3


def test_after_six_failures_no_more_attempts(attorney, receiver):
    server = receiver(statuses=(503,))
    delivery, _ = _delivery_for(attorney, server.url)
    for _ in range(MAX_ATTEMPTS + 2):
        assert webhook_attempt(delivery.pk) is False
    delivery.refresh_from_db()
    assert MAX_ATTEMPTS == 6
    assert len(server.requests) == 6 and delivery.attempts == 6
    assert delivery.next_attempt_at is None and delivery.delivered_at is None
    assert delivery.last_status == 503


def test_the_task_schedules_the_next_attempt_when_the_backend_can_defer(
    attorney, receiver, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    server = receiver(statuses=(500,))
    delivery, _ = _delivery_for(attorney, server.url)
    assert deliver_webhook.call(delivery.pk) is False
    delivery.refresh_from_db()
    [queued] = default_task_backend.results
    assert queued.args == [delivery.pk]
    assert queued.task.run_after == delivery.next_attempt_at
    assert len(server.requests) == 1


def test_a_receiver_that_does_not_answer_is_a_failed_attempt(attorney, receiver):
    server = receiver()
    url = server.url
    server.close()
    delivery, _ = _delivery_for(attorney, url)
    assert webhook_attempt(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status is None and delivery.last_error
    assert delivery.next_attempt_at is not None


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.firm.example/efiling",
        "http://10.0.0.5/hook",
        "ftp://hooks.firm.example/",
        "https://user:pass@hooks.firm.example/",
        "not a url",
        "",
        "https://" + "a" * 600 + ".example/",
    ],
)
def test_unsafe_or_invalid_urls_are_refused(attorney, url):
    with pytest.raises(ValidationFailed):
        webhook_endpoint_set(user=attorney, url=url)
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    ["https://hooks.firm.example/efiling", "http://127.0.0.1:8080/hook", "http://localhost/h"],
)
def test_https_and_loopback_urls_are_accepted(attorney, url):
    endpoint, secret = webhook_endpoint_set(user=attorney, url=url)
    assert endpoint.url == url and endpoint.active and secret.startswith("whsec_")
    assert AuditEvent.objects.filter(action="webhook.set").exists()


def test_setting_again_replaces_the_url_and_the_secret(attorney):
    first, first_secret = webhook_endpoint_set(user=attorney, url="https://a.example/h")
    second, second_secret = webhook_endpoint_set(user=attorney, url="https://b.example/h")
    assert first.pk == second.pk and first_secret != second_secret
    assert WebhookEndpoint.objects.get().url == "https://b.example/h"


def test_clerks_cannot_set_a_webhook(court):
    clerk = factories.court_staff(Role.CLERK, court)
    with pytest.raises(PermissionDenied):
        webhook_endpoint_set(user=clerk, url="https://hooks.example/h")


# The API (mounted on a throwaway NinjaAPI until efiling.api.urls adds the router).


def _bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_set_and_get_webhook_with_a_file_token(attorney):
    _, raw = api_token_create(user=attorney, name="Case manager", scope="file")
    client = Client()
    assert client.get(WEBHOOK, **_bearer(raw)).status_code == 404
    response = client.put(
        WEBHOOK,
        data={"url": "https://hooks.firm.example/efiling"},
        content_type="application/json",
        **_bearer(raw),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert response["Cache-Control"] == "no-store"
    assert body["url"] == "https://hooks.firm.example/efiling" and body["active"] is True
    assert body["secret"] == WebhookEndpoint.objects.get(user=attorney).secret
    assert body["event"] == "NotifyFilingReviewComplete"

    response = client.get(WEBHOOK, **_bearer(raw))
    assert response.status_code == 200
    assert response.json()["url"] == "https://hooks.firm.example/efiling"
    assert "secret" not in response.json()


def test_set_webhook_refuses_http_to_another_host_and_read_tokens(attorney):
    _, file_raw = api_token_create(user=attorney, name="Filer", scope="file")
    response = Client().put(
        WEBHOOK,
        data={"url": "http://hooks.firm.example/efiling"},
        content_type="application/json",
        **_bearer(file_raw),
    )
    assert response.status_code == 422 and response.json()["field"] == "url"

    _, read_raw = api_token_create(user=attorney, name="Reader", scope="read")
    response = Client().put(
        WEBHOOK,
        data={"url": "https://hooks.firm.example/efiling"},
        content_type="application/json",
        **_bearer(read_raw),
    )
    assert response.status_code == 403
    assert not WebhookEndpoint.objects.exists()
    assert Client().get(WEBHOOK, **_bearer(read_raw)).status_code == 404  # reading is allowed


def test_webhook_api_with_a_session_and_without_one(attorney, court):
    assert Client().get(WEBHOOK).status_code == 401
    client = Client()
    client.force_login(attorney)
    response = client.put(
        WEBHOOK, data={"url": "http://localhost:9000/h"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["secret"]
    clerk = factories.court_staff(Role.CLERK, court)
    client = Client()
    client.force_login(clerk)
    assert client.get(WEBHOOK).status_code == 403
