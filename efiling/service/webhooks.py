"""NotifyFilingReviewComplete webhooks: a signed JSON POST to the filer's system when a filing
is accepted, rejected or returned.

`review_completed` runs inside the review transaction: it writes one WebhookDelivery row per
endpoint and enqueues `deliver_webhook` with the row's id after the commit. The task makes one
attempt (`webhook_attempt`) and, while attempts remain, schedules the next one with exponential
backoff (30 s, 2 min, 8 min, ...; efiling.core.retries, as notice e-mails) when the task backend
supports deferred tasks (the database backend does; the immediate backend used by tests does
not, so tests drive attempts themselves). A delivery whose attempt a stopped process lost is
enqueued again by `webhooks_resume` (`efiling resume_deliveries`, in the housekeeping of
`efiling serve`); receivers tell a repeated POST by its X-Efiling-Delivery.

Receivers verify each POST before trusting it (`signature_valid` does exactly this):
1. Take X-Efiling-Timestamp (Unix seconds) and the raw body bytes, unparsed.
2. Compute the hex HMAC-SHA256, keyed with the secret shown when the endpoint was set, of the
   timestamp, a ".", then the body; compare `sha256=<hex>` with X-Efiling-Signature in
   constant time.
3. Refuse a timestamp more than 5 minutes from your clock: it may be a replayed POST.
Each retry is signed again with a new timestamp; X-Efiling-Delivery is the same on every retry.

Before each POST the URL's host is resolved and refused when any of its addresses is not a
public one (private, loopback, link-local, ...; an IPv6 address that carries an IPv4 one is
judged as that IPv4 address): the court's server must not be made to reach its own network.
Loopback is allowed only with the EFILING_WEBHOOK_ALLOW_LOOPBACK setting. The POST then
connects to the addresses that were checked (the next one only when one cannot be reached),
never resolving the name again: a DNS server that answers a public address to the check and a
private one to the connection (rebinding) gets nowhere. TLS still verifies the certificate
against the URL's host name.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import socket
import ssl
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.db import transaction
from django_tasks import task

from efiling.accounts.models import User
from efiling.accounts.permissions import Action, require
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import ValidationFailed
from efiling.core.retries import RetrySchedule, attempt_later, overdue_resume
from efiling.docket.models import DocketEntry
from efiling.filings.models import Filing
from efiling.service.webhook_models import WebhookDelivery, WebhookEndpoint

EVENT = WebhookDelivery.Event.FILING_REVIEW_COMPLETE
RETRIES = RetrySchedule(max_attempts=6)  # waits of 30 s, 2 min, 8 min, 32 min, 2 h 8 min
MAX_ATTEMPTS = RETRIES.max_attempts
RESUME_AFTER = timedelta(minutes=15)  # an attempt this overdue was lost: enqueue it again
TIMEOUT_SECONDS = 10
URL_MAX_LENGTH = 500
SECRET_PREFIX = "whsec_"  # noqa: S105 (a public marker, not a secret)
SIGNATURE_TOLERANCE = timedelta(minutes=5)
_ERROR_MAX_LENGTH = 500
_RESPONSE_READ_LIMIT = 1024  # the answer's body is not used: read only enough to end cleanly
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _loopback_allowed() -> bool:
    """Tests and development run a receiver on this machine; production never does."""
    return getattr(settings, "EFILING_WEBHOOK_ALLOW_LOOPBACK", False)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address that an IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) or 6to4
    (2002::/16) address carries: packets to it end at that IPv4 host, so 64:ff9b::a00:1 is
    as private as 10.0.0.1."""
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def _address_public(address: _IPAddress) -> bool:
    """Whether the address is on the public internet rather than this machine or the court's
    own network (a private address, or 169.254.169.254 where clouds serve credentials)."""
    if isinstance(address, ipaddress.IPv6Address):
        address = _embedded_ipv4(address) or address
    refused = (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global  # also 100.64.0.0/10, shared by carriers
    )
    return not refused


def _checked_addresses(scheme: str, host: str) -> list[_IPAddress]:
    """The addresses to connect to, in the resolver's order: `host` is resolved once and every
    address it resolves to must be public, or loopback when allowed (http:// only to loopback);
    ValidationFailed with the reason otherwise. The POST connects to these rather than
    resolving the name again, which could answer differently (DNS rebinding)."""
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, ValueError):  # ValueError: UnicodeError of a bad name
        raise ValidationFailed(
            f"The host name {host} cannot be found: check the URL for a typing mistake.",
            field="url",
        ) from None
    addresses = [ipaddress.ip_address(sockaddr[0]) for *_, sockaddr in found]
    for address in addresses:
        if address.is_loopback and _loopback_allowed():
            continue
        if scheme == "http":
            raise ValidationFailed(
                "http:// is allowed only to this machine (127.0.0.1, ::1 or localhost).",
                field="url",
            )
        if not _address_public(address):
            of_host = "" if host == str(address) else f" of {host}"
            raise ValidationFailed(
                f"The address {address}{of_host} is private, loopback or reserved: the court's "
                "server does not send to it. Use your receiver's public address.",
                field="url",
            )
    return list(dict.fromkeys(addresses))  # each once, in order


def _destination(url: str) -> tuple[SplitResult, list[_IPAddress]]:
    """The parts of a well-formed webhook URL and the checked address to connect to (see
    webhook_url_check); ValidationFailed otherwise."""
    if not url:
        raise ValidationFailed("Enter the URL of your system's webhook receiver.", field="url")
    if len(url) > URL_MAX_LENGTH:
        raise ValidationFailed(
            f"The URL can be at most {URL_MAX_LENGTH} characters long.", field="url"
        )
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        host = ""
        parts = None
    if parts is None or not host or any(c.isspace() for c in url):
        raise ValidationFailed("This is not a valid URL.", field="url")
    if parts.username or parts.password:
        raise ValidationFailed("The URL cannot contain a user name or password.", field="url")
    if parts.fragment:
        raise ValidationFailed("The URL cannot contain a #fragment.", field="url")
    if parts.scheme != "https" and not (parts.scheme == "http" and _loopback_allowed()):
        raise ValidationFailed("The webhook URL must start with https://.", field="url")
    return parts, _checked_addresses(parts.scheme, host)


def webhook_url_check(url: str) -> str:
    """The URL, stripped, when it is an https:// URL to a public address (or, with the
    EFILING_WEBHOOK_ALLOW_LOOPBACK setting, http:// or https:// to this machine);
    ValidationFailed otherwise."""
    url = (url or "").strip()
    _destination(url)
    return url


def webhook_endpoint_of(*, user) -> WebhookEndpoint | None:
    return WebhookEndpoint.objects.filter(user_id=getattr(user, "pk", None)).first()


def webhook_endpoint_set(
    *,
    user,
    url: str,
    request=None,
    in_transaction: Callable[[WebhookEndpoint, str], None] | None = None,
) -> tuple[WebhookEndpoint, str]:
    """Set (or replace) the user's endpoint and give it a new secret; return the endpoint and
    the secret, which the caller shows once. The URL's host is resolved and checked before
    the transaction; `in_transaction(endpoint, secret)` runs inside it, before its audit event
    (the API records its Idempotency-Key answer there)."""
    require(user, Action.MANAGE_OWN_API_TOKENS)
    url = webhook_url_check(url)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        User.objects.select_for_update(no_key=True).filter(pk=user.pk).first()
        endpoint = WebhookEndpoint.objects.filter(user=user).first()
        created = endpoint is None
        if created:
            endpoint = WebhookEndpoint(user=user, created_at=clock.now())
        endpoint.url = url
        endpoint.secret = secret
        endpoint.active = True
        endpoint.save()
        if in_transaction is not None:
            in_transaction(endpoint, secret)
        audit_record(
            action="webhook.set",
            target=endpoint,
            actor=user,
            request=request,
            details={"url": url, "created": created},
        )
    return endpoint, secret


def _payload(filing) -> dict:
    envelope = filing.envelope
    entry = DocketEntry.objects.filter(filing=filing).only("number").first()
    payload = {
        "operation": EVENT.value,
        "envelope": str(envelope.public_id),
        "confirmation_number": envelope.confirmation_number,
        "filing_id": filing.pk,
        "filing_code": filing.filing_code.code,
        "status": filing.status,
        "reason": filing.review_reason,
        "case_number": envelope.case_number or None,
        "reviewed_at": filing.status_changed_at.isoformat(),
    }
    if entry is not None:
        payload["docket_entry_number"] = entry.number
    return payload


def review_completed(*, filing) -> list[WebhookDelivery]:
    """Called inside the review transaction, after the filing's new status is saved: one
    delivery for each active endpoint of the envelope's signer and preparer, sent after the
    commit."""
    envelope = filing.envelope
    endpoints = list(
        WebhookEndpoint.objects.filter(
            user_id__in={envelope.signer_id, envelope.prepared_by_id}, active=True
        ).order_by("pk")
    )
    if not endpoints:  # most filers have none: the filing is not loaded again for nothing
        return []
    filing = Filing.objects.select_related("envelope", "envelope__case", "filing_code").get(
        pk=filing.pk
    )
    deliveries = []
    now = clock.now()
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=EVENT,
            payload=_payload(filing),
            next_attempt_at=now,
            created_at=now,
        )
        deliveries.append(delivery)
        transaction.on_commit(lambda pk=delivery.pk: deliver_webhook.enqueue(pk))
    return deliveries


def signature_of(secret: str, timestamp: int, body: bytes) -> str:
    """The X-Efiling-Signature of a POST: the timestamp is signed with the body so that a
    captured POST cannot be replayed later under a fresh X-Efiling-Timestamp."""
    signed = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def signature_valid(
    secret: str,
    body: bytes,
    signature_header: str | None,
    timestamp_header: str | None,
    *,
    tolerance: timedelta = SIGNATURE_TOLERANCE,
) -> bool:
    """Whether a POST's X-Efiling-Signature signs its body and X-Efiling-Timestamp with
    `secret`, and the timestamp is within `tolerance` of now (older is a replay)."""
    if not secret or not signature_header or not timestamp_header:
        return False
    timestamp_header = timestamp_header.strip()
    if not (timestamp_header.isascii() and timestamp_header.isdigit()):
        return False
    timestamp = int(timestamp_header)
    if abs(clock.now().timestamp() - timestamp) > tolerance.total_seconds():
        return False
    expected = signature_of(secret, timestamp, body)
    return hmac.compare_digest(expected, signature_header.strip())


class _CheckedAddressConnection(http.client.HTTPConnection):
    """An HTTP connection to the address that was checked, not to whatever the host name
    resolves to when connecting (a DNS answer changed since the check must not move the POST
    to the court's own network); the Host header is still the URL's host."""

    def __init__(self, host: str, port: int, *, address: _IPAddress, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((str(self.address), self.port), self.timeout)


class _CheckedAddressTLSConnection(_CheckedAddressConnection):
    """The same over TLS: the certificate is verified against the URL's host name."""

    default_port = http.client.HTTPS_PORT

    def connect(self):
        super().connect()
        # Made at each connection so that an update of the system's CA certificates counts.
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def _connected(parts: SplitResult, addresses: list[_IPAddress]):
    """A connection to the first of the checked `addresses` that answers, so that a host with
    IPv6 and IPv4 addresses is reached from a server without IPv6; (None, every error) when
    none does. Only connecting moves on to the next address: once the request is sent, a
    failure is the attempt's."""
    https = parts.scheme == "https"
    connection_class = _CheckedAddressTLSConnection if https else _CheckedAddressConnection
    errors = []
    for address in addresses:
        connection = connection_class(
            parts.hostname,
            parts.port or connection_class.default_port,
            address=address,
            timeout=TIMEOUT_SECONDS,
        )
        try:
            connection.connect()
        except (OSError, ValueError) as exc:
            connection.close()
            errors.append(f"{address}: {type(exc).__name__}: {exc}")
            continue
        return connection, ""
    return None, "; ".join(errors)


def _post(
    parts: SplitResult, addresses: list[_IPAddress], body: bytes, headers: dict
) -> tuple[int | None, str]:
    """POST once, to the first checked address that answers, without following a redirect
    (the signed body goes only where the filer said); the HTTP status (None when there was no
    answer) and an error text ('' on success)."""
    connection, error = _connected(parts, addresses)
    if connection is None:
        return None, error[:_ERROR_MAX_LENGTH]
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        status = response.status
        response.read(_RESPONSE_READ_LIMIT)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:_ERROR_MAX_LENGTH]
    finally:
        connection.close()
    if 200 <= status < 300:
        return status, ""
    if 300 <= status < 400:
        return status, f"HTTP {status}: a redirect is not followed; set the URL it points to."
    return status, f"HTTP {status}"


def webhook_attempt(delivery_id: int) -> bool:
    """One attempt to deliver; True when the delivery is (now or already) delivered. An attempt
    that fails is recorded, with the time of the next one while attempts remain."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        return False
    if delivery.delivered_at is not None:
        return True
    if delivery.attempts >= MAX_ATTEMPTS or not delivery.endpoint.active:
        return False
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode("utf-8")
    timestamp = int(clock.now().timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "efiling-webhooks/1",
        "X-Efiling-Event": delivery.event,
        "X-Efiling-Delivery": str(delivery.pk),
        "X-Efiling-Signature": signature_of(delivery.endpoint.secret, timestamp, body),
        "X-Efiling-Timestamp": str(timestamp),
    }
    try:
        # Again at each attempt: the name may resolve elsewhere than when the URL was set.
        parts, addresses = _destination(delivery.endpoint.url)
    except ValidationFailed as exc:
        status, error = None, f"Refused before connecting: {exc.message}"[:_ERROR_MAX_LENGTH]
    else:
        status, error = _post(parts, addresses, body, headers)
    delivery.attempts += 1
    delivery.last_status = status
    delivery.last_error = error
    if not error:
        delivery.delivered_at = clock.now()
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = RETRIES.next_at(delivery.attempts)
    # Only the attempt's own fields: a concurrent change of anything else is kept.
    WebhookDelivery.objects.filter(pk=delivery.pk, delivered_at__isnull=True).update(
        attempts=delivery.attempts,
        last_status=delivery.last_status,
        last_error=delivery.last_error,
        delivered_at=delivery.delivered_at,
        next_attempt_at=delivery.next_attempt_at,
    )
    return not error


@task()
def deliver_webhook(delivery_id: int) -> bool:
    """Make one attempt; schedule the next one when it failed and attempts remain."""
    delivered = webhook_attempt(delivery_id)
    if delivered:
        return True
    next_at = (
        WebhookDelivery.objects.filter(pk=delivery_id, delivered_at__isnull=True)
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    attempt_later(deliver_webhook, delivery_id, next_at)
    return False


def webhooks_resume(*, overdue: timedelta = RESUME_AFTER) -> list[int]:
    """Enqueue again the deliveries to active endpoints whose attempt is more than `overdue`
    late (a process stopped between the commit and the enqueue, or mid-attempt); their ids."""
    waiting = WebhookDelivery.objects.filter(
        delivered_at__isnull=True, next_attempt_at__isnull=False, endpoint__active=True
    )
    return overdue_resume(waiting, task=deliver_webhook, overdue=overdue)
