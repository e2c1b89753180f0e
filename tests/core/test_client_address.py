"""The client's address in one place (efiling.core.client_address): forwarded headers are read
only from trusted proxies, walked from the right; spoofed, malformed and IPv6 values."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from efiling.audit.models import AuditEvent
from efiling.core.client_address import client_address, trusted_networks

PROXY_A, PROXY_B = "10.0.0.5", "10.0.1.7"


def _address(remote, forwarded=None, *, header="HTTP_X_FORWARDED_FOR"):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta[header] = forwarded
    return client_address(RequestFactory().get("/", **meta))


@pytest.fixture
def proxies(settings):
    settings.EFILING_TRUSTED_PROXIES = [PROXY_A, "10.0.1.0/24", "2001:db8:ffff::/48"]
    return settings


def test_without_trusted_proxies_the_header_is_never_read(settings):
    settings.EFILING_TRUSTED_PROXIES = []
    assert _address("203.0.113.9", "198.51.100.1") == "203.0.113.9"
    assert _address(PROXY_A, "198.51.100.1") == PROXY_A


def test_a_spoofed_header_from_an_untrusted_client_is_ignored(proxies):
    assert _address("203.0.113.9", "198.51.100.1, 10.0.0.5") == "203.0.113.9"


def test_a_chain_through_two_trusted_proxies(proxies):
    # the client sent its own (spoofed) entry; proxy B added the client, proxy A added B
    chain = f"1.1.1.1, 198.51.100.23, {PROXY_B}"
    assert _address(PROXY_A, chain) == "198.51.100.23"


def test_every_hop_trusted_gives_the_leftmost(proxies):
    assert _address(PROXY_A, f"{PROXY_B}") == PROXY_B
    assert _address(PROXY_A, "") == PROXY_A
    assert _address(PROXY_A) == PROXY_A


def test_ipv6_bracketed_ports_and_mapped_addresses(proxies):
    assert _address("2001:db8:ffff::1", "2001:db8:1::42") == "2001:db8:1::42"
    assert _address("::ffff:10.0.0.5", "[2001:db8:1::42]:4711") == "2001:db8:1::42"
    assert _address(PROXY_A, "198.51.100.23:51234") == "198.51.100.23"
    assert _address("::ffff:203.0.113.9") == "203.0.113.9"


def test_garbage_ends_the_walk_at_the_nearest_trusted_hop(proxies):
    for garbage in ("not-an-address", "unknown", "999.1.1.1", "_hidden", "1.2.3.4/24", "\x00"):
        assert _address(PROXY_A, garbage) == PROXY_A, garbage
        assert _address(PROXY_A, f"198.51.100.1, {garbage}, {PROXY_B}") == PROXY_B, garbage
    assert _address("", "198.51.100.1") == "198.51.100.1"  # a Unix-socket peer: a local proxy


def test_a_unix_socket_peer_without_proxies_has_no_address(settings):
    settings.EFILING_TRUSTED_PROXIES = []
    assert _address("", "198.51.100.1") is None


def test_rfc_7239_forwarded(proxies):
    proxies.EFILING_FORWARDED_HEADER = "forwarded"
    header = 'for=1.1.1.1, for="[2001:db8:cafe::17]:4711";proto=https, for=10.0.1.9;by=10.0.0.5'
    assert _address(PROXY_A, header, header="HTTP_FORWARDED") == "2001:db8:cafe::17"
    assert _address(PROXY_A, "for=unknown", header="HTTP_FORWARDED") == PROXY_A
    assert _address(PROXY_A, "proto=https", header="HTTP_FORWARDED") == PROXY_A
    # the header not configured is passed through from the client: never read
    assert _address(PROXY_A, "198.51.100.1") == PROXY_A


def test_a_malformed_setting_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match=r"10\.0\.0\.300"):
        trusted_networks(("10.0.0.0/8", "10.0.0.300"))


@pytest.mark.django_db
def test_audit_events_record_the_client_behind_the_proxy(proxies, attorney):
    client = Client(REMOTE_ADDR=PROXY_A, HTTP_X_FORWARDED_FOR="198.51.100.23")
    client.force_login(attorney)
    client.post("/accounts/sign-out/")
    event = AuditEvent.objects.order_by("-id").first()
    assert event.ip_address == "198.51.100.23"
    spoofed = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.23")
    spoofed.force_login(attorney)
    spoofed.post("/accounts/sign-out/")
    assert AuditEvent.objects.order_by("-id").first().ip_address == "203.0.113.9"
