"""Courthouse public terminals (issue 13): a court administrator registers, edits and revokes
the terminals of the courts they administer (Action.MANAGE_PUBLIC_TERMINALS), each change
audited in its transaction. A terminal is recognised by its address ranges or by a device
token (efiling.public.terminals.terminal_for asks `terminal_matching`).

Device enrolment: the court administrator signs in on the terminal's own browser and presses
"Enroll this browser" on the terminal's page. `terminal_enrol` makes a new random token, keeps
only its SHA-256 and returns the token once; the page sets it at once as the cookie
TERMINAL_COOKIE (HttpOnly, Secure in production, SameSite=Lax, TERMINAL_COOKIE_SECONDS). The
token is never shown, mailed or put in a link; enrolling again replaces it (the browser
enrolled before is no longer a terminal). The administrator then signs out: the cookie stays,
the session does not.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets

from django.db import transaction

from efiling.accounts.permissions import Action, can, require, require_write
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import NotFound, ValidationFailed
from efiling.courts.models import Court, PublicTerminal

TERMINAL_COOKIE = "efiling_terminal"
# Browsers keep a cookie at most 400 days (Chrome's cap); the terminal is enrolled again then.
TERMINAL_COOKIE_SECONDS = 400 * 24 * 60 * 60
TERMINAL_NOT_FOUND = "There is no such public terminal, or you do not administer its court."
MAX_NETWORKS = 20


def token_digest(token: str) -> str:
    """The SHA-256 (hex) under which a device token is kept."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def networks_parse(text: str) -> list[str]:
    """CIDR networks or single addresses, separated by commas, spaces or lines, as normalised
    texts (192.0.2.7 -> 192.0.2.7/32; 2001:DB8::/32 -> 2001:db8::/32), each once, in order.
    ValidationFailed (field "networks") names an entry that is neither, or a network with host
    bits set (192.0.2.1/24: write 192.0.2.0/24), or more than MAX_NETWORKS entries."""
    entries = [part for part in text.replace(",", " ").split() if part]
    if len(entries) > MAX_NETWORKS:
        raise ValidationFailed(
            f"At most {MAX_NETWORKS} address ranges per terminal.", field="networks"
        )
    networks: list[str] = []
    for entry in entries:
        try:
            network = str(ipaddress.ip_network(entry, strict=True))
        except ValueError:
            raise ValidationFailed(
                f"“{entry}” is not an IP address or a CIDR range (e.g. 192.0.2.0/28, "
                "2001:db8:5::/64); a range starts at its first address.",
                field="networks",
            ) from None
        if network not in networks:
            networks.append(network)
    return networks


def terminal_matching(*, address: str | None, token: str | None) -> PublicTerminal | None:
    """The active terminal whose device token is `token`, else the first active terminal (by
    pk) with a range that holds `address`; None when neither. Never raises on bad input."""
    active = PublicTerminal.objects.filter(active=True).select_related("court")
    if token:
        found = active.filter(device_token_sha256=token_digest(token)).first()
        if found is not None:
            return found
    if not address:
        return None
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return None
    for terminal in active.exclude(networks=[]).order_by("pk"):
        for text in terminal.networks:
            network = ipaddress.ip_network(text)
            if network.version == client.version and client in network:
                return terminal
    return None


def terminal_usable(terminal: PublicTerminal) -> bool:
    """Whether `terminal` can be recognised: active, with an address range or an enrolled
    browser (one registered with neither opens nothing yet)."""
    return terminal.active and bool(terminal.networks or terminal.device_token_sha256)


def terminal_saved_words(terminal: PublicTerminal, *, registered: bool) -> str:
    """What the administrator is told once `terminal` is registered (or saved): for one that
    cannot be recognised yet (no address range, none enrolled), what to enter so that it can."""
    done = "The terminal is registered" if registered else "The terminal is saved"
    if terminal_usable(terminal):
        return f"{done}: requests from its ranges or its enrolled browser open public documents."
    return (
        f"{done}, but it opens no document yet: it has no address range and no enrolled "
        "browser. Enter its IP addresses or CIDR ranges (e.g. 192.0.2.0/28) under Address "
        "ranges on its page, or open its page in the terminal's own browser and press "
        "Enroll this browser."
    )


def terminals_of(*, court: Court):
    """A court's terminals, active first, by name."""
    return PublicTerminal.objects.filter(court=court).order_by("-active", "name", "pk")


def terminal_places() -> dict[Court, list[str]]:
    """Where the usable terminals of every court stand (active, with address ranges or an
    enrolled browser: one registered with neither opens nothing yet): {court: ["name,
    location", ...]}, courts by name, a court's terminals by name; a court without one is not
    a key. One query (a few hundred rows at most: a court has a handful)."""
    places: dict[Court, list[str]] = {}
    active = PublicTerminal.objects.filter(active=True).select_related("court")
    for t in active.order_by("court__name", "name", "pk"):
        if terminal_usable(t):
            place = f"{t.name}, {t.location}" if t.location else t.name
            places.setdefault(t.court, []).append(place)
    return places


def terminal_get_for_administration(*, user, terminal_id: int) -> PublicTerminal:
    """A terminal of a court `user` administers; NotFound in one set of words otherwise."""
    require(user, Action.MANAGE_PUBLIC_TERMINALS)
    terminal = PublicTerminal.objects.select_related("court").filter(pk=terminal_id).first()
    if terminal is None or not can(user, Action.MANAGE_PUBLIC_TERMINALS, court=terminal.court):
        raise NotFound(TERMINAL_NOT_FOUND)
    return terminal


def _details(terminal: PublicTerminal) -> dict:
    return {
        "court": terminal.court.code,
        "name": terminal.name,
        "location": terminal.location,
        "networks": terminal.networks,
        "active": terminal.active,
    }


def terminal_register(
    *, actor, court: Court, name: str, location: str, networks: list[str], request=None
) -> PublicTerminal:
    """Register a terminal of `court` with its (parsed, networks_parse) ranges; without a
    range it is recognised only once a browser is enrolled (terminal_enrol)."""
    require_write(actor, Action.MANAGE_PUBLIC_TERMINALS, court=court)
    with transaction.atomic():
        terminal = PublicTerminal.objects.create(
            court=court,
            name=name.strip(),
            location=location.strip(),
            networks=networks,
            created_at=clock.now(),
        )
        audit_record(
            action="public_terminal.registered",
            target=terminal,
            actor=actor,
            request=request,
            details=_details(terminal),
        )
    return terminal


def terminal_update(
    *, actor, terminal: PublicTerminal, name: str, location: str, networks: list[str], request=None
) -> PublicTerminal:
    """Change a terminal's name, location and ranges; audited with the values before."""
    require_write(actor, Action.MANAGE_PUBLIC_TERMINALS, court=terminal.court)
    with transaction.atomic():
        before = _details(terminal)
        terminal.name, terminal.location = name.strip(), location.strip()
        terminal.networks = networks
        terminal.save(update_fields=["name", "location", "networks"])
        audit_record(
            action="public_terminal.changed",
            target=terminal,
            actor=actor,
            request=request,
            details={"before": before, "after": _details(terminal)},
        )
    return terminal


def terminal_revoke(*, actor, terminal: PublicTerminal, request=None) -> None:
    """Revoke a terminal: inactive, and its device token forgotten (an enrolled browser is a
    terminal no more). Revoking a revoked terminal changes nothing and records nothing."""
    require_write(actor, Action.MANAGE_PUBLIC_TERMINALS, court=terminal.court)
    if not terminal.active:
        return
    with transaction.atomic():
        terminal.active = False
        terminal.device_token_sha256 = ""
        terminal.save(update_fields=["active", "device_token_sha256"])
        audit_record(
            action="public_terminal.revoked",
            target=terminal,
            actor=actor,
            request=request,
            details=_details(terminal),
        )


def terminal_enrol(*, actor, terminal: PublicTerminal, request=None) -> str:
    """A new device token for `terminal` (the one before stops counting), returned once to be
    set as the TERMINAL_COOKIE of the browser that asked; only its SHA-256 is kept. Refused
    (ValidationFailed) for a revoked terminal."""
    require_write(actor, Action.MANAGE_PUBLIC_TERMINALS, court=terminal.court)
    if not terminal.active:
        raise ValidationFailed("This terminal is revoked: register a new one.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        terminal.device_token_sha256 = token_digest(token)
        terminal.device_enrolled_at = clock.now()
        terminal.save(update_fields=["device_token_sha256", "device_enrolled_at"])
        audit_record(
            action="public_terminal.device_enrolled",
            target=terminal,
            actor=actor,
            request=request,
            details=_details(terminal),
        )
    return token
