"""Service of process asked for with a new case (issue 14): for each party to be served, how
(ServiceManner: the sheriff of a county, a named special process server with the request to
appoint them, certified mail, publication). One request per party, changed until submission;
the court's terms for it (fee, answer period) are its petition code's service_of_process
(courts.service_terms.service_terms), checked when the request is made (after the petition). Once
the clerk accepts the case, the service app issues a summons for each request
(efiling.service.summons)."""

from __future__ import annotations

from django.db import transaction

from efiling.accounts.models import User
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import NotFound, ValidationFailed
from efiling.core.pdf_fonts import missing_characters
from efiling.core.text import clean_text
from efiling.courts.models import ServiceManner
from efiling.courts.selectors import counties
from efiling.courts.service_terms import service_terms
from efiling.filings.models import Envelope, ServiceRequest
from efiling.filings.services import _require_editable, envelope_lock


def _petition_code(envelope: Envelope):
    """The filing code of the envelope's initiating filing, or None while it has none."""
    filing = envelope.filings.filter(filing_code__initiating=True).select_related(
        "filing_code__court"
    )
    filing = filing.order_by("position").first()
    return filing.filing_code if filing else None


def _printable_check(party) -> None:
    """The summons names the party and their address exactly, in the document font
    (efiling.core.pdf_fonts): ValidationFailed naming the characters it cannot print."""
    address = (party.address_line1, party.address_line2, party.city)
    missing = missing_characters(" ".join((party.display_name, *address)))
    if missing:
        raise ValidationFailed(
            f"A summons cannot print {', '.join(missing)} of {party.display_name}'s name or "
            "address: give them in Latin letters (edit the party) before asking for service.",
            field="party",
        )


def service_request_values(values: dict) -> dict:
    """A request's fields cleaned and checked: `manner` one of ServiceManner; by sheriff, a
    `county` of Missouri (courts.selectors.counties); by special process server, their name
    (`process_server`) and the `appointment_request`; nothing the manner does not use.
    ValidationFailed naming the field otherwise."""
    manner = str(values.get("manner") or "").strip()
    if manner not in ServiceManner.values:
        raise ValidationFailed("Choose how the party is to be served.", field="manner")
    clean = {"manner": manner, "county": "", "process_server": "", "appointment_request": ""}
    if manner == ServiceManner.SHERIFF:
        county = str(values.get("county") or "").strip()
        if county not in counties():
            raise ValidationFailed(
                "Choose the county whose sheriff is to serve the summons.", field="county"
            )
        clean["county"] = county
    if manner == ServiceManner.SPECIAL_PROCESS_SERVER:
        for name, label, field in (
            ("process_server", "the special process server's name", "process_server"),
            ("appointment_request", "why they should be appointed", "appointment_request"),
        ):
            text = clean_text(
                values.get(name) or "",
                field=field,
                max_length=ServiceRequest._meta.get_field(name).max_length,
            )
            if not text:
                raise ValidationFailed(f"Give {label}.", field=field)
            clean[name] = text
    return clean


def service_request_set(
    *, envelope: Envelope, user: User, party_id: int, values: dict, request=None
) -> ServiceRequest:
    """Ask for service of process on one party of a new case's draft (replacing the party's
    earlier request): `values` as `service_request_values` takes them. NotFound for a party
    not in the envelope; ValidationFailed before the petition is added, for a party the signer
    represents, a name or address with characters a summons cannot print (`_printable_check`),
    a party without an address (street and city) for any manner but publication, or a manner
    the court does not offer with the petition. Audited ("service_request.set")."""
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        _require_editable(envelope)
        if not envelope.is_new_case:
            raise ValidationFailed("Service of process is asked for with a new case only.")
        party = envelope.parties.filter(pk=party_id).first()
        if party is None:
            raise NotFound("There is no such party in this envelope.", field="party")
        if party.represented_by.filter(pk=envelope.signer_id).exists():
            raise ValidationFailed(
                f"{party.display_name} is represented by the signer: a summons is served on "
                "the other side.",
                field="party",
            )
        clean = service_request_values(values)
        _printable_check(party)
        if clean["manner"] != ServiceManner.PUBLICATION and not (
            party.address_line1 and party.city
        ):
            manner = ServiceManner(clean["manner"]).label.lower()
            raise ValidationFailed(
                f"Add {party.display_name}'s address (edit the party) first: a summons served "
                f"by {manner} is delivered there. Service by publication needs none.",
                field="party",
            )
        code = _petition_code(envelope)
        if code is None:
            raise ValidationFailed("Add the petition first: summonses are issued on it.")
        service_terms(filing_code=code, manner=clean["manner"])  # raises when not offered
        ServiceRequest.objects.filter(party=party).delete()
        service_request = ServiceRequest.objects.create(
            envelope=envelope, party=party, created_at=clock.now(), **clean
        )
        audit_record(
            action="service_request.set",
            target=service_request,
            actor=user,
            request=request,
            details={"envelope": str(envelope.public_id), "party": party.pk, **clean},
        )
    return service_request


def service_request_remove(*, envelope: Envelope, user: User, party_id: int, request=None):
    """Withdraw the request for service on a party of the draft (NotFound when there is none).
    Audited ("service_request.removed")."""
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        _require_editable(envelope)
        found = ServiceRequest.objects.filter(envelope=envelope, party_id=party_id).first()
        if found is None:
            raise NotFound("No service is asked for on this party.", field="party")
        audit_record(action="service_request.removed", target=found, actor=user, request=request)
        found.delete()
