"""The client's address, in one place: audit events, sign-in throttling, the log of interrupted
uploads and courthouse terminals (which courts register by address range) all ask
`client_address(request)`, never REMOTE_ADDR or a forwarded header themselves.

Behind a reverse proxy every request comes from the proxy: REMOTE_ADDR is the proxy's address,
and the client's is in a header the proxy adds. Any client can send that header too, so it is
read only when the request came from a trusted proxy (settings.EFILING_TRUSTED_PROXIES:
addresses and CIDR networks, empty by default, so that the header is ignored unless a proxy is
named). Then the chain is walked from the right, the end the proxies wrote, skipping trusted
proxies, and the first address that is not a trusted proxy is the client's. Whatever a client
puts to the left of that (a spoofed chain) is never reached.

The header read is settings.EFILING_FORWARDED_HEADER: `x-forwarded-for` (default; nginx's
`$proxy_add_x_forwarded_for`) or `forwarded` (RFC 7239, its `for=` parameters). Only the
header the proxy writes may be read: a proxy that writes one passes the other through from
the client untouched.

Addresses are compared and returned normalised (IPv4-mapped IPv6 as IPv4, a port or brackets
removed). An entry that is not an address (`unknown`, an obfuscated `_name`, garbage) ends
the walk, and the answer is the nearest address before it, a trusted proxy's: the chain
beyond it cannot be trusted. A REMOTE_ADDR that is not an address (a Unix socket) counts as
a trusted proxy when any proxy is configured (only this machine can connect to the socket),
and as no address otherwise.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

HEADERS = {"x-forwarded-for": "HTTP_X_FORWARDED_FOR", "forwarded": "HTTP_FORWARDED"}


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The networks of EFILING_TRUSTED_PROXIES (an address is a network of one);
    ImproperlyConfigured names an entry that is neither (settings call this at start)."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"EFILING_TRUSTED_PROXIES: {entry!r} is not an IP address or a CIDR network "
                "(e.g. 10.0.0.5, 10.0.0.0/24, 2001:db8::/32)."
            ) from exc
    return tuple(networks)


def forwarded_header_key(name: str) -> str:
    """The WSGI key of EFILING_FORWARDED_HEADER; ImproperlyConfigured for another header."""
    try:
        return HEADERS[name.strip().lower()]
    except KeyError:
        raise ImproperlyConfigured(
            "EFILING_FORWARDED_HEADER must be x-forwarded-for or forwarded."
        ) from None


def parse_address(text: str) -> Address | None:
    """An address as a header or the server gives it: bare, with a port (192.0.2.1:443), in
    brackets ([2001:db8::1] or [2001:db8::1]:443), quoted; None when it is not one."""
    value = text.strip().strip('"').strip()
    if value.startswith("["):
        value = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:  # IPv4 with a port; a bare IPv6 address has several colons
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _forwarded_for(value: str) -> list[str]:
    """The `for=` values of an RFC 7239 Forwarded header, left to right; an element without
    one counts as an entry that is not an address."""
    entries = []
    for element in value.split(","):
        found = ""
        for pair in element.split(";"):
            name, _, parameter = pair.partition("=")
            if name.strip().lower() == "for":
                found = parameter
        entries.append(found)
    return entries


def _chain(request) -> list[str]:
    raw = request.META.get(forwarded_header_key(settings.EFILING_FORWARDED_HEADER), "")
    if not raw.strip():
        return []
    if settings.EFILING_FORWARDED_HEADER.strip().lower() == "forwarded":
        return _forwarded_for(raw)
    return raw.split(",")


def client_address(request) -> str | None:
    """The client's IP address as text (see the module's text), or None when there is none
    (no request, or a Unix-socket peer with no trusted proxy configured)."""
    if request is None:
        return None
    trusted = trusted_networks(tuple(settings.EFILING_TRUSTED_PROXIES))
    peer = parse_address(request.META.get("REMOTE_ADDR", ""))
    if not trusted:
        return str(peer) if peer is not None else None
    if peer is not None and not _is_trusted(peer, trusted):
        return str(peer)
    nearest = peer  # the last trusted hop stood on
    for entry in reversed(_chain(request)):
        hop = parse_address(entry)
        if hop is None:
            break
        if not _is_trusted(hop, trusted):
            return str(hop)
        nearest = hop
    return str(nearest) if nearest is not None else None


def _is_trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in trusted)
