"""The address a summons is issued for (issue 14). Each summons keeps its own (Summons.address,
copied from the party when first issued): a not-found return may say where the party may be
found (ReturnOfService.new_address), and the clerk's alias summons is issued to the address
the clerk gives, while the party's address stays as filed. An address is a dict of
ADDRESS_FIELDS (the party's column names), empty parts left out; {} for none (publication)."""

from __future__ import annotations

from efiling.cases.models import Party
from efiling.core.addresses import state_code, zip_code
from efiling.core.errors import ValidationFailed
from efiling.core.pdf_fonts import missing_characters
from efiling.core.text import clean_text

ADDRESS_FIELDS = ("address_line1", "address_line2", "city", "state", "postal_code")

# The parts in words, for messages and form labels.
LABELS = {
    "address_line1": "street",
    "address_line2": "second line",
    "city": "city",
    "state": "state",
    "postal_code": "ZIP code",
}


def address_of(party: Party) -> dict:
    """The party's address as a summons keeps it ({} for a party without one)."""
    return {name: getattr(party, name) for name in ADDRESS_FIELDS if getattr(party, name)}


def address_lines(address: dict) -> list[str]:
    """An address as the lines a summons prints: the street, its second line, then "City, ST
    12345"; empty parts left out ([] for {})."""
    place = f"{address.get('state', '')} {address.get('postal_code', '')}".strip()
    city = ", ".join(x for x in (address.get("city", ""), place) if x)
    return [x for x in (address.get("address_line1"), address.get("address_line2"), city) if x]


def address_values(values: dict | None) -> dict:
    """An address as given (a dict of ADDRESS_FIELDS, text; None or every part empty: {}),
    trimmed and checked as a party's address is: each part within the party's column, the
    street and the city when anything is given, a USPS state code and ZIP code when given, and
    only characters a summons can print (efiling.core.pdf_fonts). ValidationFailed naming the
    part (its ADDRESS_FIELDS name) otherwise."""
    clean = {}
    for name in ADDRESS_FIELDS:
        clean[name] = clean_text(
            str((values or {}).get(name) or ""),
            field=name,
            max_length=Party._meta.get_field(name).max_length,
            label=f"address's {LABELS[name]}",
        )
    if not any(clean.values()):
        return {}
    for name in ("address_line1", "city"):
        if not clean[name]:
            raise ValidationFailed(f"Give the address's {LABELS[name]}.", field=name)
    if clean["state"]:
        clean["state"] = state_code(clean["state"])
    if clean["postal_code"]:
        clean["postal_code"] = zip_code(clean["postal_code"])
    missing = missing_characters(" ".join(clean.values()))
    if missing:
        raise ValidationFailed(
            f"A summons cannot print {', '.join(missing)} of the address: give it in Latin "
            "letters.",
            field="address_line1",
        )
    return {name: value for name, value in clean.items() if value}
