"""States, ZIP codes and phone numbers as the USPS and people write them (the trial: a phone of
20 digits, a state "ZZ" or an emoji, a ZIP "-1" were accepted and printed on filings)."""

import pytest
from django.test import Client

from efiling.core.addresses import phone_number, state_code, zip_code
from efiling.core.errors import ValidationFailed
from tests import factories
from tests.accounts.test_registration import _form


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("573-555-0100", "573-555-0100"),
        ("(573) 555-0100", "(573) 555-0100"),
        ("1 573 555 0100", "1 573 555 0100"),
        ("573.555.0100 x 12", "573.555.0100 x 12"),
        ("+1 (816) 555-0199 ext. 7", "+1 (816) 555-0199 ext. 7"),
    ],
)
def test_a_phone_number_as_people_write_it(value, kept):
    assert phone_number(value) == kept


@pytest.mark.parametrize(
    "value", ["11111111111111111111", "abc", "555-0100", "073-555-0100", "573-555-0100 call me"]
)
def test_a_phone_number_that_is_not_one_is_refused(value):
    with pytest.raises(ValidationFailed) as refused:
        phone_number(value)
    assert refused.value.field == "phone" and "10 digits" in refused.value.message


def test_states_and_zip_codes():
    assert state_code(" mo ") == "MO" and state_code("dc") == "DC"
    assert zip_code("65101") == "65101" and zip_code("65101-1234") == "65101-1234"
    for bad in ("ZZ", "\U0001f600", "Missouri", ""):
        with pytest.raises(ValidationFailed):
            state_code(bad)
    for bad in ("-1", "6510", "651011234", "65101-12"):
        with pytest.raises(ValidationFailed):
            zip_code(bad)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("phone", "11111111111111111111", "10 digits"),
        ("state", "ZZ", "two-letter postal code"),
        ("postal_code", "-1", "ZIP code as 5 digits"),
    ],
)
def test_registration_refuses_them_naming_the_field(db, field, value, words):
    member = factories.bar_member(first_name="Avery", last_name="Lawson")
    response = Client().post(
        "/accounts/register/", _form(bar_number=member.bar_number, **{field: value})
    )
    assert response.status_code in (400, 422)
    assert words in response.content.decode()


def test_a_party_address_is_checked_when_given(new_case_envelope, attorney):
    from efiling.filings.parties import party_values

    base = {"kind": "person", "role": "respondent", "first_name": "Jo", "last_name": "Doe"}
    assert party_values(base, court=new_case_envelope.court)["state"] == ""
    with pytest.raises(ValidationFailed) as refused:
        party_values({**base, "state": "\U0001f600"}, court=new_case_envelope.court)
    assert refused.value.field == "state"
    with pytest.raises(ValidationFailed) as refused:
        party_values({**base, "postal_code": "-1"}, court=new_case_envelope.court)
    assert refused.value.field == "postal_code"
