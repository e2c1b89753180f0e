import hashlib
import hmac
import json
import socket
import ssl
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
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
from efiling.service import webhooks
from efiling.service.webhook_models import WebhookDelivery, WebhookEndpoint
from efiling.service.webhooks import (
    MAX_ATTEMPTS,
    deliver_webhook,
    review_completed,
    signature_of,
    signature_valid,
    webhook_attempt,
    webhook_endpoint_set,
)
from tests import factories

WEBHOOK = "/api/v1/me/webhook"
PUBLIC_ADDRESS = "93.184.215.14"
# The names the tests use, answered without the network; any other name (an address, localhost,
# a .invalid name) goes to the real resolver.
NAMES = {
    "hooks.firm.example": [PUBLIC_ADDRESS],
    "hooks.example": [PUBLIC_ADDRESS],
    "a.example": [PUBLIC_ADDRESS],
    "b.example": [PUBLIC_ADDRESS],
    "intranet.firm.example": ["10.1.2.3"],
    "split.firm.example": [PUBLIC_ADDRESS, "192.168.1.1"],
    "nat64.firm.example": ["64:ff9b::a00:1"],  # 10.0.0.1 through NAT64
    "hooks.tls.example": ["127.0.0.1"],
    "other.tls.example": ["127.0.0.1"],
}
TLS_HOST = "hooks.tls.example"  # the one name in the TLS receiver's certificate


@pytest.fixture(autouse=True)
def names(monkeypatch):
    """NAMES, which a test may change to move a name to another address."""
    names = {name: list(addresses) for name, addresses in NAMES.items()}
    resolve = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in names:
            return resolve(host, port, *args, **kwargs)
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                socket.IPPROTO_TCP,
                "",
                (address, port or 0),
            )
            for address in names[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


class Receiver:
    """A real HTTP server on 127.0.0.1 (HTTPS with `tls`) that records each POST and answers
    with the next status of `statuses` (the last one repeats); a redirect points elsewhere."""

    def __init__(self, statuses=(200,), tls: ssl.SSLContext | None = None):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                index = min(len(receiver.requests), len(receiver.statuses)) - 1
                status = receiver.statuses[index]
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    """Make Receivers on 127.0.0.1, which the server posts to only when loopback is allowed."""
    settings.EFILING_WEBHOOK_ALLOW_LOOPBACK = True
    servers = []

    def make(statuses=(200,), tls=None):
        server = Receiver(statuses, tls)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


def _self_signed_certificate(name: str, directory) -> tuple[str, str]:
    """A certificate for `name` only (not for 127.0.0.1, where it is served) and its key, as
    PEM files in `directory`."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = clock.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certificate_path = directory / "certificate.pem"
    key_path = directory / "key.pem"
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(certificate_path), str(key_path)


@pytest.fixture
def tls_receiver(receiver, tmp_path, monkeypatch):
    """Make HTTPS Receivers on 127.0.0.1 with a certificate for TLS_HOST, which the server's
    default TLS context trusts (SSL_CERT_FILE) as if a public CA had issued it."""
    certificate, key = _self_signed_certificate(TLS_HOST, tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", certificate)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)

    def make(statuses=(200,)):
        return receiver(statuses, tls=context)

    return make


@pytest.fixture
def clerk(court):
    return factories.court_staff(Role.CLERK, court)


def _accept(clerk, filing, capture):
    """Accept (which records the webhook in the same transaction) and run the on-commit
    callbacks, which enqueue the immediate task."""
    with capture(execute=True), transaction.atomic():
        return docket.filing_accept(clerk=clerk, filing=filing)


def _headers(request) -> dict:
    return {name.lower(): value for name, value in request["headers"].items()}


def _verified(secret, request) -> bool:
    headers = _headers(request)
    return signature_valid(
        secret, request["body"], headers["x-efiling-signature"], headers["x-efiling-timestamp"]
    )


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
    headers = _headers(request)
    assert _verified(secret, request)
    assert not _verified("whsec_wrong", request)
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
    assert all(_verified(secret, request) for request in server.requests)

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


def test_a_delivery_whose_task_was_lost_is_enqueued_again_by_the_sweep(attorney, receiver):
    """Committed, never enqueued (the process stopped): `resume_deliveries` sends it once it is
    overdue; one delivered or to an inactive endpoint is left alone."""
    import time_machine
    from django.core.management import call_command

    server = receiver()
    delivery, _ = _delivery_for(attorney, server.url)
    call_command("resume_deliveries")
    assert server.requests == []  # not overdue: its task may still be on its way
    with time_machine.travel(clock.now() + webhooks.RESUME_AFTER + timedelta(seconds=1)):
        assert webhooks.webhooks_resume() == [delivery.pk]
        assert webhooks.webhooks_resume() == []  # delivered now
    delivery.refresh_from_db()
    assert delivery.delivered_at is not None and len(server.requests) == 1


def test_a_receiver_that_does_not_answer_is_a_failed_attempt(attorney, receiver):
    server = receiver()
    url = server.url
    server.close()
    delivery, _ = _delivery_for(attorney, url)
    assert webhook_attempt(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status is None and delivery.last_error
    assert delivery.next_attempt_at is not None


def test_the_next_checked_address_is_tried_when_one_cannot_be_reached(attorney, receiver, names):
    """A receiver's name with an IPv6 and an IPv4 address is still reached when the first
    cannot be (the court's server without IPv6, say): here ::1, where nothing listens."""
    server = receiver()
    names["dual.firm.example"] = ["::1", "127.0.0.1"]
    delivery, _ = _delivery_for(attorney, f"http://dual.firm.example:{server.port}/hook")
    assert webhook_attempt(delivery.pk) is True
    assert len(server.requests) == 1
    assert server.requests[0]["headers"]["Host"] == f"dual.firm.example:{server.port}"


def test_every_address_unreachable_is_one_failed_attempt_naming_each(attorney, receiver, names):
    server = receiver()
    port = server.port
    server.close()
    names["dual.firm.example"] = ["::1", "127.0.0.1"]
    delivery, _ = _delivery_for(attorney, f"http://dual.firm.example:{port}/hook")
    assert webhook_attempt(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status is None
    assert delivery.last_error.startswith("::1: ") and "; 127.0.0.1: " in delivery.last_error


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.firm.example/efiling",
        "http://10.0.0.5/hook",
        "http://127.0.0.1:8080/hook",
        "http://localhost/h",
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
    [
        "https://hooks.firm.example/efiling",
        "https://[2606:4700::1111]:8443/hook",
        "https://[64:ff9b::5db8:d70e]/hook",  # NAT64 of PUBLIC_ADDRESS
        "https://[2002:5db8:d70e::1]/hook",  # 6to4 of PUBLIC_ADDRESS
    ],
)
def test_https_urls_to_public_addresses_are_accepted(attorney, url):
    endpoint, secret = webhook_endpoint_set(user=attorney, url=url)
    assert endpoint.url == url and endpoint.active and secret.startswith("whsec_")
    assert AuditEvent.objects.filter(action="webhook.set").exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.1/hook",
        "https://192.168.1.1/hook",
        "https://172.16.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://[::1]/hook",
        "https://0.0.0.0/hook",
        "https://[::]/hook",
        "https://224.0.0.1/hook",
        "https://240.0.0.1/hook",
        "https://100.64.0.1/hook",
        "https://[fe80::1]/hook",
        "https://[fc00::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://[64:ff9b::a00:1]/hook",  # NAT64 of 10.0.0.1
        "https://[64:ff9b::a9fe:a9fe]/latest/meta-data/",  # NAT64 of 169.254.169.254
        "https://[2002:a00:1::1]/hook",  # 6to4 of 10.0.0.1
        "https://[2002:a9fe:a9fe::]/latest/meta-data/",  # 6to4 of 169.254.169.254
        "https://intranet.firm.example/hook",
        "https://split.firm.example/hook",
        "https://nat64.firm.example/hook",
    ],
)
def test_urls_to_addresses_that_are_not_public_are_refused(attorney, url):
    with pytest.raises(ValidationFailed, match="private, loopback or reserved") as refused:
        webhook_endpoint_set(user=attorney, url=url)
    assert refused.value.field == "url"
    assert not WebhookEndpoint.objects.exists()


def test_a_name_that_does_not_resolve_is_refused(attorney):
    with pytest.raises(ValidationFailed, match=r"no-such-host\.invalid cannot be found"):
        webhook_endpoint_set(user=attorney, url="https://no-such-host.invalid/hook")
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://127.8.9.10/hook",
        "http://localhost/h",
        "http://[::1]:8080/h",
        "https://127.0.0.1/hook",
    ],
)
def test_loopback_urls_are_accepted_only_when_the_setting_allows_them(attorney, settings, url):
    with pytest.raises(ValidationFailed):
        webhook_endpoint_set(user=attorney, url=url)
    settings.EFILING_WEBHOOK_ALLOW_LOOPBACK = True
    endpoint, _ = webhook_endpoint_set(user=attorney, url=url)
    assert endpoint.url == url


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.1/hook",
        "https://169.254.169.254/",
        "https://intranet.firm.example/hook",
        "http://10.0.0.1/hook",
        "http://hooks.firm.example/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[64:ff9b::7f00:1]/hook",
        "https://[2002:7f00:1::1]/hook",
    ],
)
def test_allowing_loopback_still_refuses_other_addresses_and_http_elsewhere(
    attorney, settings, url
):
    settings.EFILING_WEBHOOK_ALLOW_LOOPBACK = True
    with pytest.raises(ValidationFailed):
        webhook_endpoint_set(user=attorney, url=url)
    assert not WebhookEndpoint.objects.exists()


def _no_post(*args):
    raise AssertionError("the refused address was connected to")


def test_an_address_refused_at_delivery_is_a_failed_attempt(attorney, monkeypatch):
    delivery, _ = _delivery_for(attorney, "https://hooks.firm.example/efiling")
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(url="https://10.0.0.1/hook")
    monkeypatch.setattr(webhooks, "_post", _no_post)
    assert deliver_webhook.call(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status is None
    assert delivery.last_error == (
        "Refused before connecting: The address 10.0.0.1 is private, loopback or reserved: the "
        "court's server does not send to it. Use your receiver's public address."
    )
    assert delivery.next_attempt_at is not None and delivery.delivered_at is None


def test_a_name_that_moved_to_a_private_address_is_refused_at_delivery(
    attorney, names, monkeypatch
):
    delivery, _ = _delivery_for(attorney, "https://hooks.firm.example/efiling")
    names["hooks.firm.example"] = ["169.254.169.254"]
    monkeypatch.setattr(webhooks, "_post", _no_post)
    assert webhook_attempt(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert "169.254.169.254 of hooks.firm.example is private" in delivery.last_error


def test_loopback_is_refused_at_delivery_once_the_setting_is_off(attorney, receiver, settings):
    server = receiver()
    delivery, _ = _delivery_for(attorney, server.url)
    settings.EFILING_WEBHOOK_ALLOW_LOOPBACK = False
    assert webhook_attempt(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_error.startswith("Refused before connecting")
    assert server.requests == []


def test_a_redirect_is_a_failed_attempt_and_is_not_followed(attorney, receiver):
    server = receiver(statuses=(302, 200))
    delivery, _ = _delivery_for(attorney, server.url)
    assert webhook_attempt(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.last_status == 302 and delivery.delivered_at is None
    assert delivery.last_error == "HTTP 302: a redirect is not followed; set the URL it points to."
    assert [request["path"] for request in server.requests] == ["/hook"]


def test_https_verifies_the_certificate_against_the_url_host(attorney, tls_receiver):
    """The connection goes to 127.0.0.1, for which the certificate is not valid: it is accepted
    only because TLS checks it against the URL's host name, also sent as the Host header."""
    server = tls_receiver()
    url = f"https://{TLS_HOST}:{server.port}/hook?firm=7"
    delivery, secret = _delivery_for(attorney, url)
    assert webhook_attempt(delivery.pk) is True, WebhookDelivery.objects.get().last_error
    [request] = server.requests
    assert request["path"] == "/hook?firm=7"
    assert _headers(request)["host"] == f"{TLS_HOST}:{server.port}"
    assert _verified(secret, request)


def test_a_certificate_for_another_host_is_a_failed_attempt(attorney, tls_receiver):
    server = tls_receiver()
    delivery, _ = _delivery_for(attorney, f"https://other.tls.example:{server.port}/hook")
    assert webhook_attempt(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.last_status is None and delivery.delivered_at is None
    assert delivery.last_error.startswith("127.0.0.1: SSLCertVerificationError")
    assert "not valid for 'other.tls.example'" in delivery.last_error
    assert server.requests == []


def test_a_certificate_no_trusted_authority_issued_is_a_failed_attempt(
    attorney, tls_receiver, monkeypatch
):
    server = tls_receiver()
    monkeypatch.delenv("SSL_CERT_FILE")  # back to the system's authorities
    delivery, _ = _delivery_for(attorney, f"https://{TLS_HOST}:{server.port}/hook")
    assert webhook_attempt(delivery.pk) is False
    delivery.refresh_from_db()
    assert "CERTIFICATE_VERIFY_FAILED" in delivery.last_error
    assert server.requests == []


@pytest.fixture
def internet_unreachable(monkeypatch):
    """Connections to PUBLIC_ADDRESS are refused, as on a machine without internet access;
    returns the list of every (address, port) the code connected to."""
    connect = socket.create_connection
    connected = []

    def create_connection(address, *args, **kwargs):
        connected.append(address)
        if address[0] == PUBLIC_ADDRESS:
            raise ConnectionRefusedError(f"{PUBLIC_ADDRESS} is not reached from the tests")
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return connected


def test_a_name_rebound_to_loopback_after_the_check_is_not_connected_to(
    attorney, tls_receiver, names, monkeypatch, internet_unreachable
):
    """DNS rebinding: the name answers a public address to the check and 127.0.0.1 to any
    later lookup; the POST must go to the checked address or nowhere, never to loopback."""
    server = tls_receiver()
    names[TLS_HOST] = [PUBLIC_ADDRESS]
    delivery, _ = _delivery_for(attorney, f"https://{TLS_HOST}:{server.port}/hook")
    lookup = socket.getaddrinfo
    lookups = []

    def rebinding(host, *args, **kwargs):
        answer = lookup(host, *args, **kwargs)
        if host == TLS_HOST:
            lookups.append(answer[0][4][0])
            names[TLS_HOST] = ["127.0.0.1"]
        return answer

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    assert webhook_attempt(delivery.pk) is False
    delivery.refresh_from_db()
    assert server.requests == []
    assert lookups == [PUBLIC_ADDRESS]  # resolved once, for the check
    assert internet_unreachable == [(PUBLIC_ADDRESS, server.port)]
    assert delivery.last_error.startswith(f"{PUBLIC_ADDRESS}: ConnectionRefusedError")


# Signatures.

SECRET = "whsec_test"
BODY = b'{"operation":"NotifyFilingReviewComplete","status":"accepted"}'


@pytest.fixture
def frozen_now(monkeypatch):
    """A fixed "now" (clock.now is where the check reads it), as integer Unix seconds."""
    now = clock.now().replace(microsecond=0)
    monkeypatch.setattr(clock, "now", lambda: now)
    return int(now.timestamp())


def test_the_signature_is_the_hmac_of_the_timestamp_and_the_body(frozen_now):
    signed = f"{frozen_now}.".encode() + BODY
    digest = hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
    assert signature_of(SECRET, frozen_now, BODY) == f"sha256={digest}"
    assert signature_valid(SECRET, BODY, f"sha256={digest}", str(frozen_now))


def test_a_changed_timestamp_body_or_secret_fails(frozen_now):
    signature = signature_of(SECRET, frozen_now, BODY)
    assert signature_valid(SECRET, BODY, signature, str(frozen_now))
    assert not signature_valid(SECRET, BODY, signature, str(frozen_now - 1))
    assert not signature_valid(SECRET, BODY + b" ", signature, str(frozen_now))
    assert not signature_valid("whsec_other", BODY, signature, str(frozen_now))
    assert not signature_valid(SECRET, BODY, signature_of(SECRET, 0, BODY), str(frozen_now))
    for timestamp in (None, "", "-1", f"{frozen_now}.5", "\u00b2"):  # superscript two
        assert not signature_valid(SECRET, BODY, signature, timestamp)
    assert not signature_valid(SECRET, BODY, None, str(frozen_now))


@pytest.mark.parametrize("seconds", [-301, 301, -86400, 86400])
def test_a_stale_or_future_timestamp_is_refused(frozen_now, seconds):
    timestamp = frozen_now + seconds
    signature = signature_of(SECRET, timestamp, BODY)
    assert not signature_valid(SECRET, BODY, signature, str(timestamp))


@pytest.mark.parametrize("seconds", [-300, -60, 60, 300])
def test_a_timestamp_within_five_minutes_is_accepted(frozen_now, seconds):
    timestamp = frozen_now + seconds
    signature = signature_of(SECRET, timestamp, BODY)
    assert signature_valid(SECRET, BODY, signature, str(timestamp))
    assert not signature_valid(
        SECRET, BODY, signature, str(timestamp), tolerance=timedelta(seconds=30)
    )


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


def test_webhook_api_with_a_session_and_without_one(attorney, court, settings):
    settings.EFILING_WEBHOOK_ALLOW_LOOPBACK = True
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
