"""United States postal addresses and telephone numbers as people write them: the state as its
two-letter USPS code, the ZIP code as 5 digits or ZIP+4, a phone number of 10 digits (a leading
1 allowed) in any usual punctuation, with an extension. Each check returns the value in its one
stored form or raises ValidationFailed naming the field."""

from __future__ import annotations

import re

from efiling.core.errors import ValidationFailed

# The USPS codes of the states, the District of Columbia, the territories and the armed forces.
US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "DC",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
        "AA",
        "AE",
        "AP",
    ]
)
_ZIP = re.compile(r"[0-9]{5}(-[0-9]{4})?")
_PHONE_CHARACTERS = re.compile(r"[0-9 ()+.\-]+")
_EXTENSION = re.compile(r"\s*(?:x|ext\.?|extension)\s*([0-9]{1,6})\s*$", re.IGNORECASE)


def state_code(value: str, *, field: str = "state") -> str:
    """ "mo" -> "MO"; ValidationFailed for anything that is not a USPS state code."""
    code = value.strip().upper()
    if code not in US_STATES:
        raise ValidationFailed(
            "Give the state's two-letter postal code, for example MO or KS.", field=field
        )
    return code


def zip_code(value: str, *, field: str = "postal_code") -> str:
    """ "65101" or "65101-1234", as given; ValidationFailed otherwise."""
    code = value.strip()
    if not _ZIP.fullmatch(code):
        raise ValidationFailed(
            "Give the ZIP code as 5 digits, or 5 digits, a dash and 4 more (65101-1234).",
            field=field,
        )
    return code


def phone_number(value: str, *, field: str = "phone") -> str:
    """A US number of 10 digits (a leading 1 allowed) written with spaces, dashes, dots or
    parentheses, and an optional extension ("x 12", "ext. 12"): returned as typed, trimmed.
    ValidationFailed otherwise."""
    text = value.strip()
    number = _EXTENSION.sub("", text)
    digits = re.sub(r"[^0-9]", "", number)
    if digits.startswith("1") and len(digits) == 11:
        digits = digits[1:]
    if not _PHONE_CHARACTERS.fullmatch(number) or len(digits) != 10 or digits[0] in "01":
        raise ValidationFailed(
            "Give a phone number of 10 digits, for example 573-555-0100 (an extension may "
            "follow: x 12).",
            field=field,
        )
    return text
