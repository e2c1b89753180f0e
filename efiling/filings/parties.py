"""The parties a draft for a new case proposes: their fields checked (`party_values`: kind, role,
names within the court's limit, a real state and ZIP code, a person's optional year of birth),
adding and removing them.
"""

from __future__ import annotations

from django.db import transaction

from efiling.accounts.models import User
from efiling.audit.services import audit_record
from efiling.cases.models import Party
from efiling.core import clock
from efiling.core.addresses import state_code, zip_code
from efiling.core.errors import NotFound, ValidationFailed
from efiling.core.text import parse_int
from efiling.core.words import field_subject
from efiling.courts.services import court_policy
from efiling.filings.models import Envelope
from efiling.filings.services import _require_editable, envelope_lock


def _party_problem(values: dict, max_length: int) -> str | None:
    if values["kind"] == Party.Kind.ORGANIZATION:
        names = [values.get("organization_name", "")]
        if not names[0].strip():
            return "Give the organization's name."
    else:
        names = [values.get(n, "") for n in ("first_name", "middle_name", "last_name")]
        if not values.get("last_name", "").strip():
            return "Give the person's last name."
    for name in names:
        if len(name.strip()) > max_length:
            return f"Names can be at most {max_length} characters ({len(name.strip())} given)."
    return None


PARTY_FIELDS = (
    "kind",
    "role",
    "first_name",
    "middle_name",
    "last_name",
    "organization_name",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
)


# The earliest year of birth taken; the latest is this year in the court's time zone.
BIRTH_YEAR_MIN = 1900


def birth_year_value(value, *, kind: str, time_zone: str) -> int | None:
    """A person's year of birth as given (text or int; empty: None), between BIRTH_YEAR_MIN
    and this year in `time_zone` (the court's); never a full date. ValidationFailed (field
    "birth_year") otherwise, in one message naming the range ("The year of birth must be
    between 1900 and 2026."), and for an organization given one. Every place that takes a
    year of birth checks it here: the party form and API, the public search page and API."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind == Party.Kind.ORGANIZATION:
        raise ValidationFailed("An organization has no year of birth.", field="birth_year")
    return parse_int(
        value,
        field="birth_year",
        label="The year of birth",
        minimum=BIRTH_YEAR_MIN,
        maximum=clock.today(time_zone).year,
    )


def party_values(values: dict, *, court) -> dict:
    """A party's fields, trimmed and checked: kind and role from the lists, the names the kind
    needs within the court's name limit, every field within its column, a state and ZIP code
    given as the USPS writes them (efiling.core.addresses), a person's optional year of birth
    (`birth_year_value`)."""
    clean = {name: str(values.get(name) or "").strip() for name in PARTY_FIELDS}
    if clean["kind"] not in Party.Kind.values or clean["role"] not in Party.PartyRole.values:
        raise ValidationFailed(
            "Choose whether the party is a person or an organization, and its role."
        )
    problem = _party_problem(clean, court_policy(court=court).maximum_party_name_length)
    if problem:
        raise ValidationFailed(
            problem, field="last_name" if clean["kind"] == "person" else "organization_name"
        )
    for name in PARTY_FIELDS:
        field = Party._meta.get_field(name)
        if len(clean[name]) > field.max_length:
            raise ValidationFailed(
                f"{field_subject(field.verbose_name)} is at most {field.max_length} characters.",
                field=name,
            )
    # A party's address may be unknown (served by publication): what is given must be real.
    if clean["state"]:
        clean["state"] = state_code(clean["state"])
    if clean["postal_code"]:
        clean["postal_code"] = zip_code(clean["postal_code"])
    clean["birth_year"] = birth_year_value(
        values.get("birth_year"), kind=clean["kind"], time_zone=court.time_zone
    )
    return clean


def party_add(
    *, envelope: Envelope, user: User, values: dict, represented: bool, request=None
) -> Party:
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        _require_editable(envelope)
        if not envelope.is_new_case:
            raise ValidationFailed(
                "Parties are added to new cases only; this envelope files into a case."
            )
        clean = party_values(values, court=envelope.court)
        party = Party.objects.create(proposed_in=envelope, **clean)
        if represented:
            party.represented_by.add(envelope.signer)
        audit_record(
            action="party.added",
            target=party,
            actor=user,
            request=request,
            details={"envelope": str(envelope.public_id)},
        )
    return party


def party_remove(*, envelope: Envelope, user: User, party_id: int, request=None) -> None:
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        _require_editable(envelope)
        party = envelope.parties.filter(pk=party_id).first()
        if party is None:
            raise NotFound("There is no such party in this envelope.")
        audit_record(action="party.removed", target=party, actor=user, request=request)
        party.delete()
